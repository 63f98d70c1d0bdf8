"""The classification figures build, and every explorer answers a control change in under 50 ms."""


import numpy as np
import pytest

from lossbook.examples import classification as ex
from lossbook.plotting import classification as plots
from lossbook.widgets import classification as explorers

BUDGET_SECONDS = 0.050

MOVES = {
    "bce_explorer": [("probability", v) for v in np.linspace(0.001, 0.999, 12)] + [("label", 0), ("probability", 0.3)],
    "logit_explorer": [("z", v) for v in np.linspace(-8, 8, 12)] + [("label", 0), ("z", 2.0)],
    "softmax_explorer": [("z0", v) for v in np.linspace(-5, 5, 8)]
    + [("temperature", t) for t in (0.1, 0.5, 2.0, 10.0)] + [("true_class", 2)],
    "margin_explorer": [("margin", v) for v in np.linspace(-3, 3, 12)],
    "multilabel_explorer": [("z1", v) for v in np.linspace(-6, 6, 8)] + [("y3", True), ("y0", False)],
}


@pytest.mark.parametrize("name", sorted(MOVES))
def test_explorer_redraws_within_budget(name):
    """Each move, timed three times (the best counts: other processes on the machine add noise)."""
    rounds = []
    for _ in range(3):
        explorer = getattr(explorers, name)()
        first_image = explorer.image.value
        explorer.timings.clear()
        for control, value in MOVES[name]:
            explorer.controls[control].value = value
        assert len(explorer.timings) == len(MOVES[name])
        assert explorer.image.value != first_image
        assert "nan" not in explorer.readout.value.lower()
        rounds.append(explorer.timings.copy())
    best = np.min(rounds, axis=0)
    assert best.max() < BUDGET_SECONDS, f"{name}: median {np.median(best) * 1e3:.1f} ms, max {best.max() * 1e3:.1f} ms"


def test_bce_explorer_readout_shows_the_dog_example():
    readout = explorers.bce_explorer().readout.value
    assert "0.1625" in readout and "0.0706" in readout


def test_static_figures_build():
    figures = [
        plots.sigmoid_figure(),
        plots.bce_branches_figure(),
        plots.naive_sigmoid_log_figure(),
        plots.margin_losses_figure(),
        plots.softmax_figure(ex.ANIMAL_LOGITS, ex.ANIMALS, true_class=ex.CAT_LABEL),
        plots.temperature_figure(ex.ANIMAL_LOGITS, ex.ANIMALS, ex.TEMPERATURES),
        plots.cross_entropy_kl_figure([ex.CAT_TARGET, ex.SOFT_CAT_TARGET]),
        plots.multilabel_figure(ex.HUSKY_CLASSES, ex.HUSKY_LOGITS, ex.HUSKY_TARGET),
    ]
    for figure in figures:
        assert figure.axes
