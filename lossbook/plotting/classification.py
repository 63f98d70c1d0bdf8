"""Figures of the classification chapters.

Each ``*_figure`` function draws one static picture for the page (the
interactive ones are the explorers of :mod:`lossbook.widgets.classification`).
Every loss value drawn is computed by lossbook's own functions.
"""

from __future__ import annotations


import numpy as np

from .. import activations, losses
from .. import catalog as _catalog
from ..style import PALETTE
from . import FIGURE_WIDTH, book_figure, log_tick_labels, new_figure, style_axes

__all__ = [
    "CLASSIFICATION_COLORS",
    "sigmoid_figure",
    "bce_branches_figure",
    "naive_sigmoid_log_figure",
    "margin_losses_figure",
    "softmax_figure",
    "temperature_figure",
    "cross_entropy_kl_figure",
    "multilabel_figure",
]

#: One colour per role, the same in every figure.
#: Colours by role (from the book's palette) and of the margin losses (from their records).
CLASSIFICATION_COLORS = {
    **{role: PALETTE[role] for role in ("positive", "negative", "neutral", "accent")},
    "hinge": _catalog.get("hinge").color,
    "squared_hinge": _catalog.get("squared_hinge").color,
    "logistic": _catalog.get("binary_cross_entropy").color,
    "zero_one": PALETTE["neutral"],
}
_C = CLASSIFICATION_COLORS
_P = np.linspace(1e-3, 1 - 1e-3, 500)


def _bce_branches(p):
    """(-log p, -log(1 - p)): the loss when the label is 1 and when it is 0."""
    ones, zeros = np.ones_like(p), np.zeros_like(p)
    return (
        losses.binary_cross_entropy(ones, p, reduction="none"),
        losses.binary_cross_entropy(zeros, p, reduction="none"),
    )


# ------------------------------------------------------------------ binary: static
@book_figure
def sigmoid_figure(*, z_max: float = 8.0, figsize=None):
    """The sigmoid, its 0.5 threshold, and the negative class's probability 1 - σ(z) = σ(-z)."""
    figure = new_figure(figsize or (FIGURE_WIDTH, 3.8))
    axes = figure.add_subplot()
    z = np.linspace(-z_max, z_max, 400)
    p = activations.sigmoid(z)
    axes.axvspan(-z_max, 0, color=_C["negative"], alpha=0.07)
    axes.axvspan(0, z_max, color=_C["positive"], alpha=0.07)
    axes.plot(z, p, color=_C["positive"], label="p = σ(z), positive class")
    axes.plot(z, 1 - p, color=_C["negative"], ls="--", label="1 − p = σ(−z), negative")
    axes.axhline(0.5, color=_C["neutral"], lw=1, ls=":")
    axes.text(-z_max * 0.95, 0.53, "threshold 0.5", color=_C["neutral"])
    axes.text(-z_max * 0.5, 0.2, "z < 0:\npredict negative", ha="center", color=_C["negative"])
    axes.text(z_max * 0.5, 0.2, "z > 0:\npredict positive", ha="center", color=_C["positive"])
    axes.set_xlim(-z_max, z_max)
    axes.set_ylim(-0.02, 1.32)
    axes.set_yticks([0, 0.25, 0.5, 0.75, 1])
    axes.legend(loc="upper left", ncols=1)
    style_axes(axes, xlabel="logit z (output of the last layer)", ylabel="probability")
    return figure


@book_figure
def bce_branches_figure(*, probability: float = 0.85, label: float = 1.0, figsize=None):
    """The two branches of binary cross-entropy, with one prediction marked."""
    figure = new_figure(figsize or (FIGURE_WIDTH, 4.0))
    axes = figure.add_subplot()
    positive, negative = _bce_branches(_P)
    axes.plot(_P, positive, color=_C["positive"], label="label y = 1:  −log p")
    axes.plot(_P, negative, color=_C["negative"], label="label y = 0:  −log(1 − p)")
    loss = float(losses.binary_cross_entropy([label], [probability]))
    axes.plot([probability], [loss], "o", color="black", zorder=3)
    axes.annotate(
        f"y = {label:g}, p = {probability:g}\nloss = {loss:.4f}", (probability, loss),
        textcoords="data", xytext=(0.5, 1.9), ha="center", arrowprops={"arrowstyle": "->"},
        bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "none", "alpha": 0.9},
    )
    axes.annotate("→ ∞ as p → 0: certain\nof the wrong class", (0.05, 3.7), color=_C["positive"])
    axes.set_ylim(0, 5.2)
    axes.set_xlim(0, 1)
    axes.legend(loc="upper right", bbox_to_anchor=(1.0, 1.0))
    style_axes(axes, xlabel="predicted probability p of the positive class", ylabel="loss (nats)")
    return figure


def _first_true(predicate, low: float, high: float) -> float:
    """The boundary in [low, high] where ``predicate`` switches from False to True (bisection)."""
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (low, middle) if predicate(middle) else (middle, high)
    return high


@book_figure
def naive_sigmoid_log_figure(*, z_max: float = 800.0, figsize=None):
    """Loss of a positive example vs its logit: sigmoid-then-log in float64 against the stable form."""
    figure = new_figure(figsize or (FIGURE_WIDTH, 4.2))
    axes = figure.add_subplot()
    z = np.linspace(-z_max, z_max, 4001)
    stable = losses.binary_cross_entropy(np.ones_like(z), z, reduction="none", from_logits=True)

    def naive(t):
        with np.errstate(over="ignore", divide="ignore"):
            return -np.log(1 / (1 + np.exp(-t)))

    values = naive(z)
    axes.semilogy(z, stable, color=_C["positive"], lw=4, alpha=0.5, label="stable: softplus(−z)")
    shown = np.isfinite(values) & (values > 0)
    axes.semilogy(z[shown], values[shown], color="black", lw=1.2, label="naive: −log(σ(z))")
    zero_from = _first_true(lambda t: naive(t) == 0, 0.0, z_max)
    inf_below = -_first_true(lambda t: np.isinf(naive(-t)), 0.0, z_max)
    axes.axvspan(zero_from, z_max, color=_C["neutral"], alpha=0.15)
    axes.axvspan(-z_max, inf_below, color=_C["accent"], alpha=0.25)
    axes.text(zero_from + 20, 1e-150, f"naive gives 0:\nσ(z) rounds\nto 1 for\nz > {zero_from:.2f}")
    axes.text(-z_max + 20, 1e-150, f"naive gives ∞:\ne^(−z)\noverflows for\nz < {inf_below:.2f}".replace("-", "−"))
    axes.set_xlim(-z_max, z_max)
    axes.set_ylim(1e-320, 1e30)
    axes.set_yticks([1e-300, 1e-200, 1e-100, 1.0])
    log_tick_labels(axes.yaxis)
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 0.0))
    style_axes(axes, xlabel="logit z of a positive example (y = 1)", ylabel="loss (log scale)")
    return figure


@book_figure
def margin_losses_figure(*, margin: float = 0.85, m_max: float = 3.0, figsize=None):
    """Zero-one, hinge, squared hinge and logistic (BCE of a logit) losses against the margin y·ŷ."""
    figure = new_figure(figsize or (FIGURE_WIDTH, 4.2))
    axes = figure.add_subplot()
    m = np.linspace(-m_max, m_max, 601)
    ones = np.ones_like(m)
    curves = {
        "zero_one": (np.where(m > 0, 0.0, 1.0), "zero-one: 1 if wrong"),
        "hinge": (losses.hinge(ones, m, reduction="none"), "hinge: max(0, 1 − m)"),
        "squared_hinge": (losses.squared_hinge(ones, m, reduction="none"), "squared hinge"),
        "logistic": (
            losses.binary_cross_entropy(ones, m, reduction="none", from_logits=True) / np.log(2),
            "logistic, in bits",
        ),
    }
    for key, (values, label) in curves.items():
        style = {"drawstyle": "steps-mid", "lw": 1.5} if key == "zero_one" else {}
        axes.plot(m, values, color=_C[key], label=label, **style)
    hinge_value = float(losses.hinge([1.0], [margin]))
    axes.plot([margin], [hinge_value], "o", color=_C["hinge"], zorder=3)
    axes.annotate(f"m = {margin:g}:\nhinge {hinge_value:.2f}", (margin, hinge_value),
                  textcoords="offset points", xytext=(25, 35), arrowprops={"arrowstyle": "->"})
    axes.axvline(1.0, color=_C["neutral"], lw=0.8, ls=":")
    axes.set_ylim(0, 4.2)
    axes.set_xlim(-m_max, m_max)
    axes.legend(loc="upper right")
    style_axes(axes, xlabel="margin m = y · ŷ   (m > 0: correct)", ylabel="loss")
    return figure


# ------------------------------------------------------------------ multi-class: static
def _bars(axes, names, values, colors, *, fmt="{:.3f}", ylim=None):
    bars = axes.bar(names, values, color=colors)
    for bar, value in zip(bars, values):
        axes.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), fmt.format(value),
                  ha="center", va="bottom")
    if ylim:
        axes.set_ylim(*ylim)
    return bars


@book_figure
def softmax_figure(logits, classes, *, true_class: int | None = None, figsize=None):
    """Logits → exponentials → probabilities, as three bar charts (values on the bars, no y axis)."""
    z = np.asarray(logits, dtype=float)
    exponentials = np.exp(z)
    probabilities = activations.softmax(z)
    colors = [_C["positive"] if k == true_class else _C["negative"] for k in range(len(z))]
    figure = new_figure(figsize or (FIGURE_WIDTH, 3.4))
    panels = figure.subplots(1, 3)
    titles = ("logits z", f"e^z\n(sum {exponentials.sum():.3f})", "softmax:\ne^z / sum")
    for axes, values, title, fmt in zip(panels, (z, exponentials, probabilities), titles,
                                        ("{:.2f}", "{:.2f}", "{:.3f}")):
        _bars(axes, classes, values, colors, fmt=fmt)
        top = max(values.max(), 0)
        axes.set_ylim(min(values.min(), 0) * 1.2, top * 1.2 if top else 1)
        style_axes(axes, title=title)
        axes.set_yticks([])
        axes.grid(False)
        axes.spines["left"].set_visible(False)
        axes.axhline(0, color="black", lw=0.8)
    return figure


@book_figure
def temperature_figure(logits, classes, temperatures, *, figsize=None):
    """Softmax probabilities of the same logits at several temperatures, as grouped bars."""
    z = np.asarray(logits, dtype=float)
    figure = new_figure(figsize or (FIGURE_WIDTH, 3.8))
    axes = figure.add_subplot()
    width = 0.8 / len(temperatures)
    shades = np.linspace(0.35, 1.0, len(temperatures))
    for i, (temperature, shade) in enumerate(zip(temperatures, shades)):
        p = activations.softmax(z, temperature=temperature)
        x = np.arange(len(z)) + (i - (len(temperatures) - 1) / 2) * width
        axes.bar(x, p, width, color=_C["negative"], alpha=shade, label=f"T = {temperature:g}")
    axes.set_xticks(np.arange(len(z)), classes)
    axes.set_ylim(0, 1.18)
    axes.set_yticks([0, 0.25, 0.5, 0.75, 1])
    axes.legend(ncols=len(temperatures), loc="upper left", columnspacing=1.2, handlelength=1.2)
    style_axes(axes, ylabel="probability", title="softmax(z / T): low T sharpens, high T flattens")
    return figure


@book_figure
def cross_entropy_kl_figure(targets, *, names=("one-hot target", "soft target"), first_class: str = "cat",
                            figsize=None):
    r"""Cross-entropy and KL divergence as the prediction moves, one panel per target row.

    The prediction gives the first class probability ``q`` and shares ``1 - q``
    among the others in proportion to the target; the curves differ by the
    target's entropy :math:`H(\mathbf y)`, a constant.
    """
    figure = new_figure(figsize or (FIGURE_WIDTH, 2.9 * len(targets) + 0.4))
    panels = np.atleast_1d(figure.subplots(len(targets), 1, sharex=True))
    q = np.linspace(0.02, 0.98, 300)
    for axes, target, name in zip(panels, targets, names):
        y = np.asarray(target, dtype=float)
        rest = y[1:] / y[1:].sum() if y[1:].sum() > 0 else np.full(len(y) - 1, 1 / (len(y) - 1))
        predictions = np.column_stack([q, np.outer(1 - q, rest)])
        rows = np.broadcast_to(y, predictions.shape)
        ce = losses.categorical_cross_entropy(rows, predictions, reduction="none")
        kl = losses.kl_divergence(rows, predictions, reduction="none")
        entropy = float(losses.categorical_cross_entropy(y, y))
        axes.plot(q, ce, color=_C["positive"], label="cross-entropy")
        axes.plot(q, kl, color=_C["negative"], ls="--", label="KL divergence")
        axes.axvline(y[0], color=_C["neutral"], lw=0.8, ls=":")
        label = ", ".join(f"{v:g}" for v in y)
        style_axes(axes, ylabel="loss (nats)", title=f"{name} ({label}): H(y) = {entropy:.3f}")
        axes.set_ylim(0, 4)
        axes.set_yticks([0, 1, 2, 3, 4])
    panels[-1].set_xlabel(f"predicted probability of {first_class}")
    panels[0].legend(loc="upper right")
    return figure


@book_figure
def multilabel_figure(classes, logits, target, *, figsize=None):
    """The same logits through one sigmoid per class (top) and through a softmax (bottom)."""
    z = np.asarray(logits, dtype=float)
    y = np.asarray(target, dtype=float)
    colors = [_C["positive"] if label else _C["negative"] for label in y]
    figure = new_figure(figsize or (FIGURE_WIDTH, 5.6))
    top, bottom = figure.subplots(2, 1, sharex=True)
    _bars(top, classes, activations.sigmoid(z), colors, fmt="{:.2f}", ylim=(0, 1.2))
    top.axhline(0.5, color=_C["neutral"], ls=":", lw=1)
    style_axes(top, ylabel="probability", title="sigmoid per class: each a yes/no")
    _bars(bottom, classes, activations.softmax(z), colors, fmt="{:.2f}", ylim=(0, 1.2))
    style_axes(bottom, ylabel="probability", title="softmax: classes compete, sum = 1")
    for axes in (top, bottom):
        axes.set_yticks([0, 0.5, 1])
    top.text(1.0, 1.02, "red: true labels", color=_C["positive"], ha="right", va="bottom",
             transform=top.transAxes)
    return figure


