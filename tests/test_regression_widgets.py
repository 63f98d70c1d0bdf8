"""The regression explorers: they build with defaults, redraw on every control,
stay within the time budget, and their pre-rendered background is faithful."""

import io
import statistics

import matplotlib
import numpy as np
import pytest

pytest.importorskip("ipywidgets")
from PIL import Image  # noqa: E402  (matplotlib depends on pillow)

from lossbook.plotting import new_figure  # noqa: E402
from lossbook.examples import regression as examples  # noqa: E402
from lossbook.plotting.regression import AgePlot, LossShapePlot, OutlierFitPlot, StockPlot  # noqa: E402
from lossbook.widgets import regression as explorers  # noqa: E402
from lossbook.widgets.regression import stock_costs  # noqa: E402

NAMES = explorers.__all__


def _moves(control):
    if hasattr(control, "options"):
        values = [option[1] if isinstance(option, tuple) else option for option in control.options]
        if isinstance(control.value, tuple):  # a multiple choice: grow the selection
            return [tuple(values[: k + 1]) for k in range(len(values))]
        return values
    if control.__class__.__name__ == "FloatLogSlider":
        return [control.base ** e for e in np.linspace(control.min, control.max, 5)]
    return list(np.linspace(control.min, control.max, 5))


@pytest.mark.parametrize("name", NAMES)
def test_explorer_redraws_on_every_control(name):
    explorer = getattr(explorers, name)()
    explorer.timings.clear()
    images = {bytes(explorer.image.value)}
    for control in explorer.controls.values():
        start = control.value
        for value in _moves(control):
            control.value = value
            images.add(bytes(explorer.image.value))
        control.value = start
    assert len(explorer.timings) >= 5
    assert len(images) > 3, "the image did not change when the controls moved"
    # Kernel time per move: the budget is 50 ms; allow slower CI machines a margin.
    assert statistics.median(explorer.timings) < 0.1


def _png_pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=int)


def _full_render(figure) -> np.ndarray:
    buffer = io.BytesIO()
    with matplotlib.rc_context({"savefig.dpi": 80}):
        figure.savefig(buffer, format="png")
    return _png_pixels(buffer.getvalue())


def test_frozen_age_explorer_matches_a_full_redraw():
    explorer = explorers.age_error_explorer()
    explorer.controls["predicted_age"].value = 55
    figure = new_figure((9.0, 3.3))
    AgePlot.create(figure, 37.0).show(55)
    difference = np.abs(_png_pixels(explorer.image.value) - _full_render(figure))
    assert difference.shape[2] == 3 and (difference > 40).mean() < 5e-4


def test_frozen_stock_explorer_matches_a_full_redraw():
    explorer = explorers.stock_price_explorer()
    explorer.controls["predicted"].value = 130.0
    explorer.controls["delta"].value = 10.0
    figure = new_figure((9.0, 3.4))
    names = explorers._STOCK_LOSSES
    StockPlot.create(figure, names).show(stock_costs(100.0, 130.0, 10.0), 30.0, 10.0)
    difference = np.abs(_png_pixels(explorer.image.value) - _full_render(figure))
    assert (difference > 40).mean() < 5e-4


def test_frozen_loss_shape_explorer_matches_a_full_redraw():
    chosen = ("mean_squared_error", "huber_loss", "log_cosh_loss", "quantile_loss")
    explorer = explorers.loss_shape_explorer()
    explorer.controls["chosen"].value = chosen
    explorer.controls["delta"].value = 0.5
    figure = new_figure((9.0, 3.4))
    LossShapePlot.create(figure, explorers.SHAPE_LOSSES, r_max=3.0).show(chosen, delta=0.5, quantile=0.9)
    difference = np.abs(_png_pixels(explorer.image.value) - _full_render(figure))
    assert (difference > 40).mean() < 5e-4


def test_frozen_outlier_explorer_matches_a_full_redraw():
    explorer = explorers.outlier_fit_explorer()
    explorer.controls["outlier_shift"].value = 60.0
    x, y, index = examples.line_with_outlier(60.0)
    figure = new_figure((7.0, 3.6))
    plot = OutlierFitPlot.create(figure, x, explorers._FIT_LOSSES, y_limits=(-25.0, 100.0))
    plot.show(x, y, index, {name: examples.fit_line(x, y, name) for name in explorers._FIT_LOSSES})
    difference = np.abs(_png_pixels(explorer.image.value) - _full_render(figure))
    assert (difference > 40).mean() < 5e-4
