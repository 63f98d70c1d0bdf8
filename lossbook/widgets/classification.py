"""Explorers of the classification chapters.

Each function returns an :class:`~lossbook.widgets.Explorer` with defaults
taken from :mod:`lossbook.examples.classification`, so calling it with no
arguments gives the book's explorer.  The browser evaluates every sigmoid,
softmax, cross-entropy and hinge as JavaScript printed from SymPy: the
catalogued losses from their floating-point forms, the rest from the stable
forms in :mod:`lossbook.symbolic.classification` (largest logit subtracted,
no exponential above 1), so nothing overflows or cancels at any control
value.  :meth:`~lossbook.widgets.Explorer.compute` gives the same numbers from
lossbook's NumPy losses and activations.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from .. import activations, losses
from ..examples import classification as examples
from ._core import Explorer, choice, explorer, log_slider, slider, toggle

__all__ = ["bce_explorer", "logit_explorer", "softmax_explorer", "margin_explorer", "multilabel_explorer"]

_LABELS = [("dog (y = 1)", 1), ("cat (y = 0)", 0)]


def _js(name: str) -> dict:
    """The catalogued loss ``name`` (per element) as a JavaScript function of ``(y_true, y_pred, *params)``."""
    from ..catalog import get

    return get(name).definition().javascript()


def _nice_step(span: float, presses: int = 80) -> float:
    """The step among 1, 2, 2.5, 5 × 10ⁿ that crosses ``span`` in about ``presses`` key presses."""
    candidates = [m * 10.0**e for e in range(-4, 4) for m in (1, 2, 2.5, 5)]
    return min(candidates, key=lambda step: abs(math.log(span / step / presses)))


# ---------------------------------------------------------------------- generated formulas
@cache
def _binary_functions() -> dict:
    """BCE of a probability (in nats, log₁₀ and bits), the sigmoid, and the loss from a logit with its slope."""
    import sympy as sp

    from ..catalog import get
    from ..symbolic import Y_PRED, Y_TRUE
    from ..symbolic.classification import LOGIT, sigmoid_float_form, sigmoid_of
    from ..symbolic.javascript import javascript_function

    bce = get("binary_cross_entropy").definition()
    bce_float = bce.floating_point_form()
    with_logits = get("binary_cross_entropy_with_logits").definition()
    # ∂ℓ/∂z of the definition is σ(z) − y; it is printed with the stable sigmoid
    if sp.simplify(with_logits.gradient - (sigmoid_of(LOGIT) - Y_TRUE)) != 0:
        raise AssertionError(f"the gradient of the logit cross-entropy is {with_logits.gradient}, not σ(z) − y")
    probability = {"y_true": Y_TRUE, "y_pred": Y_PRED}
    logit = {"y_true": Y_TRUE, "z": LOGIT}
    return {
        "bce": bce.javascript(),
        "bce_log10": javascript_function(bce_float / sp.log(10), probability),
        "bce_bits": javascript_function(bce_float / sp.log(2), probability),
        "sigmoid": javascript_function(sigmoid_float_form(LOGIT), {"z": LOGIT}),
        "bce_logits": with_logits.javascript(),
        "bce_logits_gradient": javascript_function(sigmoid_float_form(LOGIT) - Y_TRUE, logit),
    }


@cache
def _margin_functions() -> dict:
    """Hinge, squared hinge and logistic loss (bits) as functions of the margin m = y·ŷ (label y = 1)."""
    import sympy as sp

    from ..catalog import get
    from ..symbolic import Y_TRUE
    from ..symbolic.javascript import javascript_function

    m = sp.Symbol("m", real=True)
    functions = {}
    for key, name, scale in (("hinge", "hinge", 1), ("squared_hinge", "squared_hinge", 1),
                             ("logistic", "binary_cross_entropy_with_logits", 1 / sp.log(2))):
        definition = get(name).definition()
        expr = definition.floating_point_form().xreplace({Y_TRUE: sp.Integer(1), definition.y_pred: m}) * scale
        functions[key] = javascript_function(expr, {"m": m})
    return functions


@cache
def _softmax_functions(n_classes: int) -> dict:
    """For ``n_classes``: softmax(z/T)_k, −log softmax(z/T)_c and ∂loss/∂z_k, one function per class."""
    from ..symbolic.classification import (
        TEMPERATURE,
        cross_entropy_with_logits_float_form,
        cross_entropy_with_logits_gradient_float_form,
        softmax_float_form,
    )
    from ..symbolic.javascript import javascript_function

    functions = {}
    for k in range(n_classes):
        expr, logits = softmax_float_form(n_classes, k + 1)
        arguments = {f"z{j}": z for j, z in enumerate(logits)} | {"T": TEMPERATURE}
        functions[f"softmax_{k}"] = javascript_function(expr, arguments)
        expr, logits = cross_entropy_with_logits_float_form(n_classes, k)
        functions[f"cross_entropy_{k}"] = javascript_function(expr, arguments)
        expr, logits, target = cross_entropy_with_logits_gradient_float_form(n_classes, k + 1)
        functions[f"gradient_{k}"] = javascript_function(expr, arguments | {"y": target})
    return functions


@cache
def _multilabel_functions(n_labels: int) -> dict:
    """The sigmoid, each label's cross-entropy from its logit, and their sum for ``n_labels`` labels."""
    from ..symbolic.classification import multilabel_binary_cross_entropy_with_logits_float_form
    from ..symbolic.javascript import javascript_function

    total, targets, logits = multilabel_binary_cross_entropy_with_logits_float_form(n_labels)
    arguments = {f"y{k}": y for k, y in enumerate(targets)} | {f"z{k}": z for k, z in enumerate(logits)}
    return {
        "sigmoid": _binary_functions()["sigmoid"],
        "bce_logits": _js("binary_cross_entropy_with_logits"),
        "total": javascript_function(total, arguments),
    }


# ---------------------------------------------------------------------- binary
def bce_explorer(probability: float = examples.DOG_PROBABILITY, label: int = int(examples.DOG_LABEL)) -> Explorer:
    """Move the predicted probability of 'dog' and flip the label; watch binary cross-entropy.

    Returns
    -------
    Explorer
        Controls ``probability`` (0.01 to 0.99) and ``label`` (1 for dog, 0 for cat).
    """

    def compute(*, probability, label):
        loss = float(losses.binary_cross_entropy([float(label)], [probability]))
        return {"loss": loss, "loss_log10": float(examples.in_base(loss, 10)),
                "loss_bits": float(examples.in_base(loss, 2))}

    return explorer(
        "bce",
        title="Binary cross-entropy of one prediction",
        alt="The two branches of binary cross-entropy against the predicted probability p of 'dog': "
            "−ln p for a dog (label 1) and −ln(1 − p) for a cat (label 0). The branch of the chosen label is drawn "
            "bold, and a dot marks the current prediction's loss, which grows without bound as the probability "
            "of the true class goes to 0.",
        controls=[slider("probability", "predicted p(dog)", probability, 0.01, 0.99, 0.01),
                  choice("label", "true label", _LABELS, int(label))],
        compute=compute,
        functions={key: _binary_functions()[key] for key in ("bce", "bce_log10", "bce_bits")},
        constants={"loss_max": 5.0},
    )


def logit_explorer(z: float = 1.0, label: int = 1, *, z_max: float = 8.0) -> Explorer:
    """Move the logit z: see σ(z), the cross-entropy computed from z, and its slope σ(z) − y.

    Returns
    -------
    Explorer
        Controls ``z`` (−z_max to z_max) and ``label``.
    """

    def compute(*, z, label):
        probability = float(activations.sigmoid(z))
        loss = float(losses.binary_cross_entropy([float(label)], [z], from_logits=True))
        return {"probability": probability, "loss": loss, "gradient": probability - label}

    return explorer(
        "logit",
        title="Cross-entropy from the logit",
        alt="Left: the sigmoid p = σ(z) against the logit z, with the current logit marked and the 0.5 threshold. "
            "Right: the cross-entropy computed from the logit for label 1 and for label 0, the chosen label's curve "
            "bold, with the current loss marked and its tangent, whose slope is σ(z) − y.",
        controls=[slider("z", "logit z", z, -z_max, z_max, _nice_step(2 * z_max)),
                  choice("label", "true label", _LABELS, int(label))],
        compute=compute,
        functions={key: _binary_functions()[key] for key in ("sigmoid", "bce_logits", "bce_logits_gradient")},
        constants={"z_max": z_max},
    )


def margin_explorer(margin: float = examples.HINGE_LABEL * examples.HINGE_SCORE, *, m_max: float = 3.0) -> Explorer:
    """Move the margin m = y·ŷ; compare hinge, squared hinge and logistic loss at that point.

    Returns
    -------
    Explorer
        One control, ``margin`` (−m_max to m_max).
    """

    def compute(*, margin):
        one = [1.0]
        return {"hinge": float(losses.hinge(one, [margin])),
                "squared_hinge": float(losses.squared_hinge(one, [margin])),
                "logistic": float(examples.in_base(losses.binary_cross_entropy(one, [margin], from_logits=True), 2))}

    return explorer(
        "margin",
        title="Margin losses",
        alt="Hinge, squared hinge and logistic loss (in bits) against the margin m = y·ŷ, with the zero-one loss "
            "as a step at m = 0; a dot on each curve marks the current margin. Hinge is exactly 0 beyond m = 1, "
            "the logistic loss only approaches 0.",
        controls=[slider("margin", "margin m = y·ŷ", margin, -m_max, m_max, 0.05)],
        compute=compute,
        functions=_margin_functions(),
        constants={"m_max": m_max, "loss_max": 4.0},
    )


# ---------------------------------------------------------------------- multi-class
def softmax_explorer(logits=examples.ANIMAL_LOGITS, classes=examples.ANIMALS,
                     true_class: int = examples.CAT_LABEL) -> Explorer:
    """One slider per logit, the true class and the temperature; watch softmax, cross-entropy and its gradient.

    The default logits are the worked example's, rounded to the sliders' 0.1
    steps, so the explorer starts where the chapter's text leaves off.

    Returns
    -------
    Explorer
        Controls ``z0`` … ``z{K-1}`` (−5 to 5), ``true_class`` and ``temperature`` (0.1 to 10).
    """
    classes = tuple(classes)
    n_classes = len(classes)

    def compute(*, true_class, temperature, **values):
        z = np.array([values[f"z{k}"] for k in range(n_classes)], dtype=float)
        probabilities = activations.softmax(z, temperature=temperature)
        target = np.eye(n_classes)[true_class]
        loss = float(losses.sparse_categorical_cross_entropy([true_class], [z / temperature], from_logits=True))
        return {"probabilities": [float(p) for p in probabilities],
                "cross_entropy": loss,
                "gradient": [float(g) for g in (probabilities - target) / temperature],
                "probability_sum": float(probabilities.sum()),
                "predicted": classes[int(np.argmax(probabilities))]}

    controls = [slider(f"z{k}", f"logit {name}", float(value), -5.0, 5.0, 0.1)
                for k, (value, name) in enumerate(zip(logits, classes))]
    controls.append(choice("true_class", "true class", [(name, k) for k, name in enumerate(classes)], int(true_class)))
    controls.append(log_slider("temperature", "temperature T", 1.0, 0.1, 10.0, steps=80))
    return explorer(
        "softmax",
        title="Softmax, cross-entropy and its gradient",
        alt="Left: bars of the softmax probabilities of the classes " + ", ".join(classes) + ", the true class in red, "
            "each labelled with its value. Right: bars of the gradient of the cross-entropy with respect to each "
            "logit, (softmax − target) / T: negative for the true class, positive for the others.",
        controls=controls,
        compute=compute,
        functions=_softmax_functions(n_classes),
        constants={"classes": list(classes)},
    )


# ---------------------------------------------------------------------- multi-label
def multilabel_explorer(names=examples.INGREDIENTS, labels=examples.MARGHERITA,
                        logits=examples.INGREDIENT_LOGITS) -> Explorer:
    """Toggle which labels are true and move each label's logit; watch the per-label losses and their sum.

    Returns
    -------
    Explorer
        Controls ``y0`` … ``y{K-1}`` (check boxes: label present) and ``z0`` … ``z{K-1}`` (logits, −5 to 5).
    """
    names = tuple(names)
    n_labels = len(names)

    def compute(**values):
        y = np.array([float(values[f"y{k}"]) for k in range(n_labels)])
        z = np.array([values[f"z{k}"] for k in range(n_labels)], dtype=float)
        probabilities = activations.sigmoid(z)
        per_label = losses.binary_cross_entropy(y, z, reduction="none", from_logits=True)
        return {"probabilities": [float(p) for p in probabilities],
                "losses": [float(v) for v in per_label],
                "total": float(losses.multilabel_binary_cross_entropy([y], [z], from_logits=True)),
                "predicted": [name for name, p in zip(names, probabilities) if p > 0.5]}

    controls = []
    for k, name in enumerate(names):
        controls.append(toggle(f"y{k}", f"{name} present", bool(labels[k])))
        controls.append(slider(f"z{k}", f"logit {name}", float(logits[k]), -5.0, 5.0, 0.1))
    return explorer(
        "multilabel",
        title="Multi-label cross-entropy",
        alt="Left: one bar per label (" + ", ".join(names) + ") with its sigmoid probability, red where the label is "
            "present and blue where it is absent, against the 0.5 threshold. Right: each label's binary "
            "cross-entropy, labelled with its value; the multi-label loss is their sum.",
        controls=controls,
        compute=compute,
        functions=_multilabel_functions(n_labels),
        constants={"names": list(names), "loss_max": 6.2},
    )
