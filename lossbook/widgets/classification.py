"""Explorers of the classification chapters.

Each function returns an ``lossbook.widgets.Explorer`` with defaults
taken from :mod:`lossbook.examples.classification`, so calling it with no
arguments gives the book's explorer.  Axes limits never change, so after the
first draw the still parts are frozen into a picture
(``lossbook.plotting.FrozenBackground``) and a slider move
redraws only the artists that move.  Every number shown is computed by
lossbook's losses and activations.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from .. import activations, classification
from ..examples import classification as examples
from ..plotting.classification import BCEPlot, LogitPlot, MarginPlot, MultilabelPlot, SoftmaxPlot
from ..plotting import FrozenBackground
from ._core import Explorer

__all__ = ["bce_explorer", "logit_explorer", "softmax_explorer", "margin_explorer", "multilabel_explorer"]

_WIDE = {"description_width": "initial"}
_LABELS = [("dog (y = 1)", 1), ("cat (y = 0)", 0)]


def _frozen(plot, figure):
    return plot, FrozenBackground(figure, plot.moving)


def bce_explorer(probability: float = examples.DOG_PROBABILITY, label: int = int(examples.DOG_LABEL)):
    """Move the predicted probability of 'dog' and flip the label; watch binary cross-entropy.

    Returns
    -------
    ipywidgets.VBox
        An ``Explorer``: the controls, a one-line readout and the figure.
    """
    controls = {
        "probability": widgets.FloatSlider(value=probability, min=0.001, max=0.999, step=0.001,
                                           readout_format=".3f", description="predicted p(dog)", style=_WIDE),
        "label": widgets.ToggleButtons(options=_LABELS, value=label, description="true label", style=_WIDE),
    }

    def setup(figure):
        return _frozen(BCEPlot.create(figure), figure)

    def update(state, *, probability, label):
        plot, background = state
        loss = float(classification.binary_cross_entropy([float(label)], [probability]))
        plot.show(probability, label, loss)
        background.freeze()
        branch = f"−ln({probability:.3f})" if label == 1 else f"−ln(1 − {probability:.3f})"
        verdict = "right side of 0.5" if (probability > 0.5) == (label == 1) else "<b>wrong side of 0.5</b>"
        return (
            f"loss = {branch} = <b>{loss:.4f}</b> nats "
            f"({loss / math.log(10):.4f} with log₁₀, {loss / math.log(2):.4f} bits) — prediction on the {verdict}"
        )

    return Explorer(controls, setup, update, figsize=(7.5, 3.4))


def logit_explorer(z: float = 1.0, label: int = 1, *, z_max: float = 8.0):
    """Move the logit z: see σ(z), the cross-entropy computed from z, and its slope σ(z) − y.

    Returns
    -------
    ipywidgets.VBox
        An ``Explorer``: the controls, a one-line readout and the figure.
    """
    controls = {
        "z": widgets.FloatSlider(value=z, min=-z_max, max=z_max, step=0.1, description="logit z", style=_WIDE),
        "label": widgets.ToggleButtons(options=_LABELS, value=label, description="true label", style=_WIDE),
    }

    def setup(figure):
        return _frozen(LogitPlot.create(figure, z_max), figure)

    def update(state, *, z, label):
        plot, background = state
        probability = float(activations.sigmoid(z))
        loss = float(classification.binary_cross_entropy_with_logits([float(label)], [z]))
        gradient = probability - label
        plot.show(z, label, probability, loss, gradient, z_max)
        background.freeze()
        return (
            f"σ({z:.1f}) = <b>{probability:.4f}</b>; loss from the logit = <b>{loss:.4f}</b> nats; "
            f"gradient ∂loss/∂z = σ(z) − y = <b>{gradient:+.4f}</b>"
        )

    return Explorer(controls, setup, update, figsize=(9.0, 3.3))


def softmax_explorer(logits=examples.ANIMAL_LOGITS, classes=examples.ANIMALS, true_class: int = examples.CAT_LABEL):
    """One slider per logit, the true class and the temperature; watch softmax and cross-entropy.

    Returns
    -------
    ipywidgets.VBox
        An ``Explorer``: the controls, a one-line readout and the figure.
    """
    controls = {
        f"z{k}": widgets.FloatSlider(value=value, min=-5, max=5, step=0.1, description=f"logit {name}", style=_WIDE)
        for k, (value, name) in enumerate(zip(logits, classes))
    }
    controls["true_class"] = widgets.ToggleButtons(
        options=[(name, k) for k, name in enumerate(classes)], value=true_class, description="true class", style=_WIDE
    )
    controls["temperature"] = widgets.FloatLogSlider(value=1.0, base=10, min=-1, max=1, step=0.05,
                                                     description="temperature T", style=_WIDE)

    def setup(figure):
        return _frozen(SoftmaxPlot.create(figure, classes), figure)

    def update(state, *, true_class, temperature, **logit_values):
        plot, background = state
        z = np.array([logit_values[f"z{k}"] for k in range(len(classes))])
        probabilities = activations.softmax(z, temperature=temperature)
        loss = float(classification.sparse_categorical_cross_entropy_with_logits([true_class], [z / temperature]))
        plot.show(probabilities, true_class)
        background.freeze()
        winner = classes[int(np.argmax(probabilities))]
        return (
            f"cross-entropy = −ln p({classes[true_class]}) = <b>{loss:.4f}</b> nats; "
            f"predicted class: <b>{winner}</b>; probabilities sum to {probabilities.sum():.6f}"
        )

    return Explorer(controls, setup, update, figsize=(6.5, 3.2))


def margin_explorer(margin: float = examples.HINGE_LABEL * examples.HINGE_SCORE, *, m_max: float = 3.0):
    """Move the margin m = y·ŷ; compare hinge, squared hinge and logistic loss at that point.

    Returns
    -------
    ipywidgets.VBox
        An ``Explorer``: the controls, a one-line readout and the figure.
    """
    controls = {
        "margin": widgets.FloatSlider(value=margin, min=-m_max, max=m_max, step=0.05, description="margin m = y·ŷ", style=_WIDE),
    }

    def setup(figure):
        return _frozen(MarginPlot.create(figure, m_max), figure)

    def update(state, *, margin):
        plot, background = state
        one = [1.0]
        values = {
            "hinge": float(classification.hinge(one, [margin])),
            "squared_hinge": float(classification.squared_hinge(one, [margin])),
            "logistic": float(classification.binary_cross_entropy_with_logits(one, [margin])) / math.log(2),
        }
        plot.show(margin, values)
        background.freeze()
        side = "correct side" if margin > 0 else "wrong side"
        beyond = " — beyond the margin: hinge is exactly 0" if margin >= 1 else ""
        return (
            f"m = {margin:+.2f} ({side}){beyond}: hinge <b>{values['hinge']:.3f}</b>, "
            f"squared hinge <b>{values['squared_hinge']:.3f}</b>, logistic <b>{values['logistic']:.3f}</b> bits"
        )

    return Explorer(controls, setup, update, figsize=(7.5, 3.4))


def multilabel_explorer(names=examples.INGREDIENTS, labels=examples.MARGHERITA, logits=examples.INGREDIENT_LOGITS):
    """Toggle which labels are true and move each label's logit; watch the per-label losses and their sum.

    Returns
    -------
    ipywidgets.VBox
        An ``Explorer``: the controls, a one-line readout and the figure.
    """
    controls = {}
    for k, name in enumerate(names):
        controls[f"y{k}"] = widgets.ToggleButton(value=bool(labels[k]), description=f"{name} present",
                                                 layout=widgets.Layout(width="150px"))
    for k, name in enumerate(names):
        controls[f"z{k}"] = widgets.FloatSlider(value=logits[k], min=-6, max=6, step=0.1, description=f"logit {name}",
                                                style=_WIDE, layout=widgets.Layout(width="300px"))

    def setup(figure):
        return _frozen(MultilabelPlot.create(figure, names), figure)

    def update(state, **values):
        plot, background = state
        y = np.array([float(values[f"y{k}"]) for k in range(len(names))])
        z = np.array([values[f"z{k}"] for k in range(len(names))])
        probabilities = activations.sigmoid(z)
        losses = classification.binary_cross_entropy_with_logits(y, z, reduction="none")
        total = float(classification.multilabel_binary_cross_entropy_with_logits(y, z))
        plot.show(probabilities, y, losses)
        background.freeze()
        predicted = [name for name, p in zip(names, probabilities) if p > 0.5]
        return (
            f"multi-label loss = sum of the {len(names)} cross-entropies = <b>{total:.4f}</b> nats; "
            f"predicted (p > 0.5): {', '.join(predicted) or 'nothing'}"
        )

    return Explorer(controls, setup, update, figsize=(9.0, 3.4))
