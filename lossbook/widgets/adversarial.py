"""Explorers of the adversarial (GAN) chapter.

The browser evaluates the generator losses and their derivatives printed as
JavaScript from :mod:`!lossbook.symbolic.adversarial`;
:meth:`~lossbook.widgets.Explorer.compute` gives the losses from lossbook's
NumPy functions and the derivatives from the same SymPy definitions.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .. import activations
from ..examples import adversarial as examples
from ._core import Explorer, choice, explorer, multi_choice, slider

__all__ = ["generator_losses_explorer", "gan_training_explorer"]

#: The generator losses the explorer compares, in legend order.
GENERATOR_LOSSES = ("minimax_generator_loss", "non_saturating_generator_loss", "least_squares_generator_loss",
                    "wasserstein_generator_loss")


def _record(name):
    from ..catalog import get

    return get(name)


@cache
def _generator_functions() -> dict:
    functions = {}
    for name in GENERATOR_LOSSES:
        definition = _record(name).definition()
        functions[name] = definition.javascript()
        functions[name + "_gradient"] = definition.javascript(definition.gradient)
    return functions


@cache
def _gradient(name):
    definition = _record(name).definition()
    return definition.numpy_function(definition.gradient)


def generator_losses_explorer(fake_score: float = examples.REJECTED_SCORE, chosen=GENERATOR_LOSSES, *,
                              score_max: float = 8.0) -> Explorer:
    """Move the discriminator's logit on a generated sample; compare the generator losses and their slopes.

    Parameters
    ----------
    fake_score : float
        The starting logit :math:`f = D(G(z))`; negative means the discriminator rejects the sample.
    chosen : sequence of str
        The generator losses shown (names in ``GENERATOR_LOSSES``).
    score_max : float
        The logit axis runs from ``-score_max`` to ``score_max``.

    Returns
    -------
    Explorer
        Controls ``fake_score`` and ``chosen``; outputs the probability
        :math:`\\sigma(f)` and, per chosen loss, its value and derivative.
    """
    def compute(*, fake_score, chosen):
        f = np.array([float(fake_score)])
        outputs = {"probability": float(activations.sigmoid(f)[0])}
        for name in chosen:
            outputs["loss_" + name] = float(_record(name).numeric(f, reduction="none")[0])
            outputs["gradient_" + name] = float(np.asarray(_gradient(name)(f), dtype=float).reshape(-1)[0])
        return outputs

    options = [(_record(name).short, name) for name in GENERATOR_LOSSES]
    return explorer(
        "generator_losses",
        title="Generator losses and their slopes against the discriminator's logit",
        alt="Left: each chosen generator loss against the discriminator's logit D(G(z)) on a generated sample; "
            "right: its derivative, the signal the generator receives. The minimax loss's slope vanishes "
            "where the discriminator rejects the sample.",
        controls=[
            slider("fake_score", "logit D(G(z))", float(fake_score), -score_max, score_max, score_max / 40, digits=2),
            multi_choice("chosen", "losses", options, list(chosen)),
        ],
        compute=compute,
        functions={**_generator_functions(), "sigmoid": _sigmoid_function()},
        constants={"losses": list(GENERATOR_LOSSES), "names": [label for label, _ in options],
                   "score_max": score_max},
    )


def _sigmoid_function() -> dict:
    import sympy as sp

    from ..symbolic.classification import sigmoid_float_form
    from ..symbolic.javascript import javascript_function

    z = sp.Symbol("z", real=True)
    return javascript_function(sigmoid_float_form(z), {"z": z})


@cache
def _paths() -> dict:
    from ..gan1d import GAN_LOSSES, train_1d_gan

    return {name: train_1d_gan(name).tolist() for name in GAN_LOSSES}


def gan_training_explorer(step: int = 60, loss: str = "minimax") -> Explorer:
    """Scrub through the training of a one-dimensional GAN with each GAN loss.

    The paths are computed by :func:`!lossbook.gan1d.train_1d_gan` (a
    deterministic run); the browser draws the real and generated densities
    and the discriminator :math:`D(x) = \\sigma(bx + c)` at the chosen step.

    Returns
    -------
    Explorer
        Controls ``step`` and ``loss``; outputs the generator's mean ``mu``,
        the discriminator's ``b`` and ``c`` and :math:`D` at the generated mean.
    """
    from ..gan1d import GAN_LOSSES

    paths = _paths()

    def compute(*, step, loss):
        mu, b, c = paths[loss][int(step)]
        return {"mu": mu, "b": b, "c": c, "d_at_fake_mean": float(activations.sigmoid(np.array([b * mu + c]))[0])}

    return explorer(
        "gan_training",
        title="A one-dimensional GAN, step by step",
        alt="The density of the real data (a normal distribution centred at 2) and of the generated data, "
            "with the discriminator's probability D(x) that x is real, at the chosen training step; "
            "below, the generator's mean over all steps.",
        controls=[
            slider("step", "training step", int(step), 0, examples.STEPS, examples.STEPS // 100),
            choice("loss", "GAN loss", [(label, name) for name, (label, _, _) in GAN_LOSSES.items()], loss),
        ],
        compute=compute,
        functions={"sigmoid": _sigmoid_function()},
        constants={"paths": paths, "real_mean": examples.REAL_MEAN, "spread": examples.SPREAD,
                   "x_limits": [-5.0, 5.0], "steps": examples.STEPS},
    )
