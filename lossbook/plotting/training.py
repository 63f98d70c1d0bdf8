"""Figures of the training and calibration chapters.

Pure functions from data (points, training runs, reliability bins) to a
figure in the book's style; every loss value drawn comes from lossbook.
"""

from __future__ import annotations

import numpy as np

from matplotlib.colors import LinearSegmentedColormap

from ..activations import sigmoid
from ..style import PALETTE
from ..training import logit_loss, logit_loss_derivative
from . import FIGURE_WIDTH, book_figure, log_tick_labels, new_figure, style_axes

__all__ = ["TRAINING_COLORS", "boundaries_figure", "curves_figure", "logit_losses_figure", "reliability_figure"]

#: Colours of the two training losses and of the classes (red positive, blue negative).
TRAINING_COLORS = {
    "bce": PALETTE["ink"],
    "mse": PALETTE["step"],
    "positive": PALETTE["positive"],
    "negative": PALETTE["negative"],
    "neutral": PALETTE["neutral"],
    "accent": PALETTE["accent"],
    "ink": PALETTE["ink"],
}
_C = TRAINING_COLORS
_STYLES = ("-", "--", ":", "-.")


@book_figure
def boundaries_figure(points, labels, models: dict, *, figsize=None):
    r"""Two classes in the plane under the predicted probability of each model, one panel each.

    ``models`` maps a panel title to ``(weights, bias)``; the shading is
    :math:`p = \sigma(w_1x_1 + w_2x_2 + b)` (red: positive, blue: negative) and
    the line the decision boundary :math:`p = 1/2`.
    """
    x, y = np.asarray(points, dtype=float), np.asarray(labels)
    figure = new_figure(figsize or (FIGURE_WIDTH, 3.2 * len(models) + 0.3))
    panels = np.atleast_1d(figure.subplots(len(models), 1, sharex=True))
    low, high = np.floor(x.min()), np.ceil(x.max())
    grid = np.linspace(low, high, 200)
    g1, g2 = np.meshgrid(grid, grid)
    shading = LinearSegmentedColormap.from_list("classes", [_C["negative"], "white", _C["positive"]])
    for axes, (title, (weights, bias)) in zip(panels, models.items()):
        w1, w2 = weights
        p = sigmoid(w1 * g1 + w2 * g2 + bias)
        axes.contourf(g1, g2, p, levels=np.linspace(0, 1, 11), cmap=shading, alpha=0.45)
        axes.contour(g1, g2, p, levels=[0.5], colors=[_C["ink"]], linewidths=1.5)
        for value, name in ((1, "positive"), (0, "negative")):
            mine = y == value
            axes.scatter(x[mine, 0], x[mine, 1], s=20, color=_C[name], edgecolor="white", linewidth=0.4,
                         marker="o" if value else "s")
        axes.set_xlim(low, high)
        axes.set_ylim(low, high)
        axes.grid(False)
        style_axes(axes, ylabel="x₂", title=title)
    panels[-1].set_xlabel("x₁")
    return figure


@book_figure
def curves_figure(x, curves: dict, *, xlabel: str, ylabel: str, log_y: bool = False,
                  mark_x: float | None = None, mark_label: str = "", figsize=None):
    """Lines against a common x (epochs, a temperature, a threshold).

    ``curves`` maps a legend label to ``(values, colour)`` or
    ``(values, colour, linestyle)``; ``mark_x`` draws a dotted vertical line.
    """
    figure = new_figure(figsize or (FIGURE_WIDTH, 3.9))
    axes = figure.add_subplot()
    x = np.asarray(x, dtype=float)
    for label, spec in curves.items():
        values, colour, *style = spec
        axes.plot(x, values, color=colour, ls=style[0] if style else "-", label=label)
    if log_y:
        axes.set_yscale("log")
        log_tick_labels(axes.yaxis)
    if mark_x is not None:
        axes.axvline(mark_x, color=_C["neutral"], ls=":", lw=1.2)
        if mark_label:
            axes.annotate(mark_label, (mark_x, 0.96), xycoords=("data", "axes fraction"),
                          xytext=(5, 0), textcoords="offset points", va="top", color=_C["neutral"])
    axes.legend(loc="best")
    style_axes(axes, xlabel=xlabel, ylabel=ylabel)
    return figure


@book_figure
def logit_losses_figure(*, z_max: float = 10.0, figsize=None):
    """BCE and MSE-on-a-sigmoid of a positive example against its logit, and their slopes.

    Top: the losses; the stretch where MSE curves downwards (not convex) is
    shaded.  Bottom: :math:`|\\partial\\ell/\\partial z|` on a log scale, where
    MSE's slope dies away for confidently wrong logits and BCE's tends to 1.
    """
    z = np.linspace(-z_max, z_max, 801)
    ones = np.ones_like(z)
    figure = new_figure(figsize or (FIGURE_WIDTH, 6.4))
    top, bottom = figure.subplots(2, 1, sharex=True)
    bce, mse = logit_loss("bce", ones, z), logit_loss("mse", ones, z)
    top.plot(z, bce, color=_C["bce"], label="BCE: softplus(−z)")
    top.plot(z, mse, color=_C["mse"], ls="--", label="MSE: (σ(z) − 1)²")
    slope = logit_loss_derivative("mse", ones, z)
    concave = np.diff(slope) < 0
    edges = z[1:][np.flatnonzero(np.diff(concave.astype(int)))]
    top.axvspan(-z_max, edges[0] if len(edges) else 0, color=_C["accent"], alpha=0.2)
    top.text(-z_max * 0.95, 2.9, "MSE not convex here", color=_C["ink"])
    top.set_ylim(0, 4)
    top.legend(loc="upper right")
    style_axes(top, ylabel="loss (y = 1)")
    bottom.semilogy(z, np.abs(logit_loss_derivative("bce", ones, z)), color=_C["bce"], label="BCE: 1 − σ(z)")
    bottom.semilogy(z, np.abs(slope), color=_C["mse"], ls="--", label="MSE: 2(1 − σ)²σ")
    log_tick_labels(bottom.yaxis)
    bottom.set_ylim(1e-9, 10)
    bottom.legend(loc="lower left")
    style_axes(bottom, xlabel="logit z of a positive example", ylabel="|slope| ∂ℓ/∂z")
    return figure


@book_figure
def reliability_figure(bins: dict, *, figsize=None):
    """Reliability diagram: observed frequency against confidence per bin, and the bin counts.

    ``bins`` maps a legend label to ``(ReliabilityBins, colour)``; the
    diagonal is perfect calibration, points below it are overconfident.
    """
    figure = new_figure(figsize or (FIGURE_WIDTH, 6.6))
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 1.3))
    top.plot([0, 1], [0, 1], color=_C["neutral"], ls=":", lw=1.2, label="calibrated")
    for offset, (label, (b, colour)) in enumerate(bins.items()):
        filled = b.filled
        top.plot(b.mean_predicted[filled], b.fraction_positive[filled], "o-", color=colour, label=label)
        width = np.diff(b.edges)[0] / (len(bins) + 1)
        centres = b.edges[:-1] + width * (offset + 1)
        bottom.bar(centres, b.count, width, color=colour, alpha=0.7)
    top.set_xlim(0, 1)
    top.set_ylim(0, 1)
    top.legend(loc="upper left")
    style_axes(top, ylabel="fraction positive")
    style_axes(bottom, xlabel="predicted probability (bin)", ylabel="samples")
    return figure
