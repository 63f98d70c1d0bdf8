"""Figures of chapter 1: per-sample losses, the cost curve, gradient-descent steps."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib import ticker

from . import FIGURE_WIDTH, book_figure, new_figure, style_axes

__all__ = ["losses_and_cost_figure", "cost_curve_figure", "DescentPlot"]

_DATA = "#3a6ea5"
_MODEL = "#d1495b"
_STEP = "#edae49"


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


@dataclass
class DescentPlot:
    """Artists of the gradient-descent picture; :meth:`show` moves them.

    Left panel: the cost curve, the tangent at the start (its slope is the
    gradient) and the descent path.  Right panel: the cost at each step.
    """

    tangent: object
    path: object
    start: object
    history: object
    history_axes: object
    cost: object
    gradient: object
    w_limits: tuple[float, float]

    @classmethod
    def create(cls, figure, cost, gradient, w_limits, *, parameter_label: str = "w"):
        curve_axes, history_axes = figure.subplots(1, 2, width_ratios=(1.3, 1))
        w_grid = np.linspace(*w_limits, 400)
        values = cost(w_grid)
        curve_axes.plot(w_grid, values, color=_DATA, label=f"cost J({parameter_label})")
        curve_axes.set_xlim(*w_limits)
        curve_axes.set_ylim(-0.05 * values.max(), values.max() * 1.05)
        (tangent,) = curve_axes.plot([], [], "--", color=_MODEL, lw=1, label="slope = gradient at start")
        (path,) = curve_axes.plot([], [], "-o", color=_STEP, ms=4, lw=1, label="descent steps")
        (start,) = curve_axes.plot([], [], "o", color=_MODEL, ms=7)
        curve_axes.legend(frameon=False, loc="upper center", fontsize="small")
        style_axes(curve_axes, xlabel=f"parameter {parameter_label}", ylabel="cost")
        (history,) = history_axes.semilogy([], [], "-o", color=_STEP, ms=3)
        # Plain-text tick labels: the default mathtext ones (10^k) cost more to
        # typeset than everything else in a redraw.
        history_axes.yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:.0e}"))
        history_axes.yaxis.set_minor_locator(ticker.NullLocator())
        style_axes(history_axes, xlabel="step k", ylabel=f"J({parameter_label}_k)", title="cost during descent")
        return cls(tangent, path, start, history, history_axes, cost, gradient, w_limits)

    def show(self, iterates: np.ndarray) -> None:
        """Draw the descent whose iterates are ``iterates`` (non-finite ones are cut off)."""
        finite = iterates[np.isfinite(iterates)]
        with np.errstate(over="ignore", invalid="ignore"):
            costs = self.cost(finite)
        start = finite[0]
        half_width = 0.18 * (self.w_limits[1] - self.w_limits[0])
        tangent_w = np.array([start - half_width, start + half_width])
        self.tangent.set_data(tangent_w, self.cost(start) + self.gradient(start) * (tangent_w - start))
        self.path.set_data(finite, costs)
        self.start.set_data([start], [self.cost(start)])
        shown = np.isfinite(costs)
        self.history.set_data(np.arange(len(costs))[shown], np.maximum(costs[shown], 1e-300))
        self.history_axes.relim()
        self.history_axes.autoscale_view()
