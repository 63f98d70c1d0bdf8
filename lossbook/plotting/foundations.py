"""Figures of chapter 1: per-sample losses, the cost curve, gradient-descent steps."""

from __future__ import annotations

import numpy as np

from ..style import PALETTE
from . import FIGURE_WIDTH, book_figure, new_figure, style_axes

__all__ = ["losses_and_cost_figure", "cost_curve_figure"]

_DATA, _MODEL, _STEP = (PALETTE[role] for role in ("data", "model", "step"))


@book_figure
def losses_and_cost_figure(x, y, w: float, losses, *, xlabel: str, ylabel: str, loss_name: str):
    """Top: data, the model ``w·x`` and each residual.  Bottom: per-sample losses and their mean."""
    figure = new_figure((FIGURE_WIDTH, 6.2))
    data_axes, loss_axes = figure.subplots(2, 1, height_ratios=(1.15, 1))
    line_x = np.linspace(0, np.max(x) * 1.05, 50)
    data_axes.plot(line_x, w * line_x, color=_MODEL, label=f"model  ŷ = {w:g}·x")
    data_axes.vlines(x, y, w * x, color=_MODEL, alpha=0.6, linestyles=":", lw=1.5, label="error")
    data_axes.scatter(x, y, color=_DATA, zorder=3, label="data")
    data_axes.legend(loc="upper left")
    style_axes(data_axes, xlabel=xlabel, ylabel=ylabel, title="predictions and errors")
    samples = np.arange(1, len(losses) + 1)
    loss_axes.bar(samples, losses, color=_DATA, alpha=0.8, label="loss of each sample")
    loss_axes.axhline(np.mean(losses), color=_MODEL, label=f"cost (mean) = {np.mean(losses):.3g}")
    loss_axes.set_xticks(samples)
    loss_axes.set_ylim(0, np.max(losses) * 1.45)
    loss_axes.legend(loc="upper left", ncols=2)
    style_axes(loss_axes, xlabel="sample", ylabel=loss_name, title="loss per sample and the cost")
    return figure


@book_figure
def cost_curve_figure(cost, w_grid, minimiser: float, *, parameter_label: str = "w"):
    """The cost as a function of one parameter, with its minimum marked."""
    figure = new_figure((FIGURE_WIDTH, 3.4))
    axes = figure.add_subplot()
    axes.plot(w_grid, cost(w_grid), color=_DATA)
    axes.plot([minimiser], [cost(minimiser)], "o", color=_MODEL)
    axes.annotate(
        f"minimum at {parameter_label} = {minimiser:.4g}",
        (minimiser, cost(minimiser)),
        textcoords="offset points",
        xytext=(0, 70),
        ha="center",
        arrowprops={"arrowstyle": "->", "color": _MODEL},
    )
    style_axes(axes, xlabel=f"parameter {parameter_label}", ylabel=f"cost J({parameter_label})")
    return figure


