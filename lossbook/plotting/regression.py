"""Figures of the regression chapters.

The ``*Plot`` classes create their axes and artists once (``create``) and move
them for new values (``show``); the explorers in :mod:`lossbook.widgets.regression`
drive them, and the ``*_figure`` functions draw one static state for the page.
Loss curves and their derivatives are the SymPy definitions, lambdified.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import FIGURE_WIDTH, book_figure, log_tick_labels, new_figure, style_axes

__all__ = [
    "residual_functions",
    "AgePlot",
    "LossShapePlot",
    "loss_shapes_figure",
    "OutlierFitPlot",
    "outlier_fit_figure",
    "StockPlot",
    "relative_error_figure",
    "quantile_figure",
    "descent_race_figure",
    "REGRESSION_COLORS",
]

_DATA = "#3a6ea5"
_MODEL = "#d1495b"
_STEP = "#edae49"
_GREY = "#7a7a7a"

#: One colour per regression loss, the same in every figure.
REGRESSION_COLORS = {
    "mean_squared_error": "#d1495b",
    "mean_absolute_error": "#3a6ea5",
    "root_mean_squared_error": "#8e5572",
    "huber_loss": "#2a9d8f",
    "pseudo_huber_loss": "#e9a03b",
    "log_cosh_loss": "#6a4c93",
    "mean_squared_log_error": "#7a7a7a",
    "quantile_loss": "#577590",
}

_SHORT = {
    "mean_squared_error": "MSE",
    "mean_absolute_error": "MAE",
    "root_mean_squared_error": "RMSE",
    "huber_loss": "Huber",
    "pseudo_huber_loss": "pseudo-Huber",
    "log_cosh_loss": "log-cosh",
    "mean_squared_log_error": "MSLE",
    "quantile_loss": "quantile",
}


def residual_functions(name: str, *, y_true: float = 3.0):
    """NumPy functions ``loss(r, **params)`` and ``gradient(r, **params)`` of a loss's SymPy definition.

    ``r`` is the residual :math:`\\hat y - y`; a loss that is not a function of
    the residual alone (the squared log error) is evaluated at the target
    ``y_true``, and is ``nan`` where :math:`\\hat y \\le -1`.
    """
    from ..catalog import get

    definition = get(name).definition()
    loss = definition.numpy_function()
    gradient = definition.numpy_function(definition.gradient)
    names = [p.name for p in definition.params]

    def _call(function, r, params):
        r = np.asarray(r, dtype=float)
        with np.errstate(all="ignore"):
            values = function(y_true, y_true + r, *(params[n] for n in names))
            values = np.broadcast_to(np.asarray(values, dtype=float), r.shape).copy()
        if name == "mean_squared_log_error":
            values[y_true + r <= -1] = np.nan
        return values

    return (lambda r, **params: _call(loss, r, params)), (lambda r, **params: _call(gradient, r, params))


# ------------------------------------------------------------------ one sample's error
@dataclass
class AgePlot:
    """Left: the true and the predicted age on a number line.  Right: the error,
    its absolute value and its square as functions of the prediction."""

    true_age: float
    predicted_marker: object
    gap: object
    gap_label: object
    error_marker: object
    absolute_marker: object
    square_marker: object

    @classmethod
    def create(cls, figure, true_age: float, ages=(0.0, 80.0)):
        line_axes, curve_axes = figure.subplots(1, 2, width_ratios=(1, 1.2))
        line_axes.axhline(0, color=_GREY, lw=1)
        line_axes.plot([true_age], [0], "o", color=_DATA, ms=10, label=f"true age y = {true_age:g}")
        (predicted,) = line_axes.plot([], [], "s", color=_MODEL, ms=9, label="predicted age ŷ")
        (gap,) = line_axes.plot([], [], "-", color=_STEP, lw=4, alpha=0.8)
        gap_label = line_axes.text(true_age, 0.35, "", ha="center", fontsize="small")
        line_axes.set_xlim(*ages)
        line_axes.set_ylim(-1, 1)
        line_axes.set_yticks([])
        line_axes.legend(frameon=False, loc="lower center", fontsize="small", ncols=2)
        style_axes(line_axes, xlabel="age (years)", title="one sample")
        grid = np.linspace(*ages, 321)
        curve_axes.plot(grid, true_age - grid, color=_GREY, lw=1.2, label="error y − ŷ (years)")
        curve_axes.plot(grid, np.abs(true_age - grid), color=_DATA, label="absolute error (years)")
        square_axes = curve_axes.twinx()
        square_axes.plot(grid, (true_age - grid) ** 2, color=_MODEL, ls="--", label="squared error (years², right)")
        (error_marker,) = curve_axes.plot([], [], "o", color=_GREY)
        (absolute_marker,) = curve_axes.plot([], [], "o", color=_DATA)
        (square_marker,) = square_axes.plot([], [], "o", color=_MODEL)
        square_axes.set_ylabel("squared error (years²)")
        square_axes.spines[["top"]].set_visible(False)
        handles = curve_axes.get_legend_handles_labels()[0] + square_axes.get_legend_handles_labels()[0]
        curve_axes.legend(handles=handles, frameon=False, fontsize="small", loc="upper center")
        style_axes(curve_axes, xlabel="predicted age ŷ (years)", ylabel="error, absolute error (years)")
        return cls(true_age, predicted, gap, gap_label, error_marker, absolute_marker, square_marker)

    @property
    def moving(self) -> list:
        """The artists that ``show`` changes."""
        return [self.predicted_marker, self.gap, self.gap_label, self.error_marker, self.absolute_marker,
                self.square_marker]

    def show(self, predicted_age: float) -> None:
        error = self.true_age - predicted_age
        self.predicted_marker.set_data([predicted_age], [0])
        self.gap.set_data([self.true_age, predicted_age], [0, 0])
        self.gap_label.set_position(((self.true_age + predicted_age) / 2, 0.3))
        self.gap_label.set_text(f"y − ŷ = {error:+g}")
        self.error_marker.set_data([predicted_age], [error])
        self.absolute_marker.set_data([predicted_age], [abs(error)])
        self.square_marker.set_data([predicted_age], [error**2])


# ------------------------------------------------------------------ loss shapes
@dataclass
class LossShapePlot:
    r"""Each chosen loss (left) and its derivative with respect to the prediction (right).

    The axes limits are fixed by ``r_max`` when the plot is created: the loss
    axis shows up to about :math:`r_\max^2/2`, so the squared error (and its
    gradient :math:`2r`) leave the frame — the unbounded growth is the point.
    """

    loss_axes: object
    gradient_axes: object
    functions: dict
    loss_lines: dict
    gradient_lines: dict
    r: np.ndarray
    legend: object = None

    @classmethod
    def create(cls, figure, names, *, y_true: float = 3.0, r_max: float = 3.0):
        loss_axes, gradient_axes = figure.subplots(1, 2)
        functions, loss_lines, gradient_lines = {}, {}, {}
        for name in names:
            functions[name] = residual_functions(name, y_true=y_true)
            label = _SHORT[name] + (f" (y = {y_true:g})" if name == "mean_squared_log_error" else "")
            color = REGRESSION_COLORS[name]
            (loss_lines[name],) = loss_axes.plot([], [], color=color, lw=1.8, label=label)
            (gradient_lines[name],) = gradient_axes.plot([], [], color=color, lw=1.8, label=label)
        style_axes(loss_axes, xlabel="residual r = ŷ − y", ylabel="loss ℓ", title="loss")
        style_axes(gradient_axes, xlabel="residual r = ŷ − y", ylabel="∂ℓ/∂ŷ", title="gradient (from SymPy)")
        for axes in (loss_axes, gradient_axes):
            axes.axhline(0, color=_GREY, lw=0.8)
            axes.axvline(0, color=_GREY, lw=0.8)
            axes.set_xlim(-r_max, r_max)
        top = max(r_max**2 / 2, 1.0)
        loss_axes.set_ylim(-0.04 * top, 1.1 * top)
        gradient_axes.set_ylim(-1.1 * max(r_max, 1.0), 1.1 * max(r_max, 1.0))
        return cls(loss_axes, gradient_axes, functions, loss_lines, gradient_lines, np.linspace(-r_max, r_max, 401))

    @property
    def moving(self) -> list:
        """The artists that ``show`` changes (every curve and the legend)."""
        return [*self.loss_lines.values(), *self.gradient_lines.values(), *([self.legend] if self.legend else [])]

    def show(self, chosen, *, delta: float = 1.0, quantile: float = 0.5) -> None:
        params = {"delta": delta, "quantile": quantile}
        for name, (loss, gradient) in self.functions.items():
            visible = name in chosen
            self.loss_lines[name].set_visible(visible)
            self.gradient_lines[name].set_visible(visible)
            if visible:
                used = {k: v for k, v in params.items() if k in _PARAMS.get(name, ())}
                self.loss_lines[name].set_data(self.r, loss(self.r, **used))
                self.gradient_lines[name].set_data(self.r, gradient(self.r, **used))
        if self.legend is not None:
            self.legend.remove()
        shown = [line for name, line in self.loss_lines.items() if name in chosen]
        self.legend = self.loss_axes.legend(handles=shown, frameon=False, fontsize="small", loc="upper center")


_PARAMS = {"huber_loss": ("delta",), "pseudo_huber_loss": ("delta",), "quantile_loss": ("quantile",)}


@book_figure
def loss_shapes_figure(names, *, r_max: float = 3.0, delta: float = 1.0, quantile: float = 0.5,
                       y_true: float = 3.0, figsize=None):
    """Each loss of ``names`` (top) and its derivative with respect to the prediction (bottom).

    The curves are the SymPy definitions (:func:`residual_functions`).  The loss
    axis shows up to about :math:`r_\\max^2/2`, so the squared error (and its
    gradient :math:`2r`) leave the frame: the unbounded growth is the point.
    """
    figure = new_figure(figsize or (FIGURE_WIDTH, 6.0))
    loss_axes, gradient_axes = figure.subplots(2, 1, sharex=True)
    r = np.linspace(-r_max, r_max, 401)
    params = {"delta": delta, "quantile": quantile}
    for name in names:
        loss, gradient = residual_functions(name, y_true=y_true)
        used = {k: v for k, v in params.items() if k in _PARAMS.get(name, ())}
        label = _SHORT[name] + (f" (y = {y_true:g})" if name == "mean_squared_log_error" else "")
        loss_axes.plot(r, loss(r, **used), color=REGRESSION_COLORS[name], label=label)
        gradient_axes.plot(r, gradient(r, **used), color=REGRESSION_COLORS[name], label=label)
    for axes in (loss_axes, gradient_axes):
        axes.axhline(0, color=_GREY, lw=0.8)
        axes.axvline(0, color=_GREY, lw=0.8)
        axes.set_xlim(-r_max, r_max)
    top = max(r_max**2 / 2, 1.0)
    loss_axes.set_ylim(-0.04 * top, 1.1 * top)
    gradient_axes.set_ylim(-1.15 * max(r_max, 1.0), 1.15 * max(r_max, 1.0))
    loss_axes.legend(loc="upper center", ncols=2 if len(names) > 2 else 1)
    style_axes(loss_axes, ylabel="loss ℓ", title="loss")
    style_axes(gradient_axes, xlabel="residual r = ŷ − y", ylabel="∂ℓ/∂ŷ", title="gradient (from SymPy)")
    return figure


# ------------------------------------------------------------------ line fits and outliers
@dataclass
class OutlierFitPlot:
    """Data with one outlier and the lines fitted to it under several losses."""

    points: object
    outlier: object
    lines: dict
    x_grid: np.ndarray
    axes: object

    @classmethod
    def create(cls, figure, x, losses, *, true_line=(1.5, 2.0), y_limits=(-5.0, 60.0)):
        axes = figure.add_subplot()
        x_grid = np.array([x.min() - 0.5, x.max() + 0.5])
        axes.plot(x_grid, true_line[0] * x_grid + true_line[1], ls=":", color=_GREY, label="line the data came from")
        (points,) = axes.plot([], [], "o", color=_DATA, ms=5, label="data")
        (outlier,) = axes.plot([], [], "o", mfc="none", mec=_MODEL, mew=2, ms=10, label="outlier")
        lines = {}
        for name in losses:
            style = "--" if name == "mean_absolute_error" else "-"
            (lines[name],) = axes.plot([], [], style, color=REGRESSION_COLORS[name], lw=2, label=f"{_SHORT[name]} fit")
        axes.set_xlim(*x_grid)
        axes.set_ylim(*y_limits)
        axes.legend(frameon=False, fontsize="small", loc="upper left")
        style_axes(axes, xlabel="x", ylabel="y")
        return cls(points, outlier, lines, x_grid, axes)

    @property
    def moving(self) -> list:
        """The artists that ``show`` changes."""
        return [self.points, self.outlier, *self.lines.values()]

    def show(self, x, y, outlier_index: int, fits: dict) -> None:
        self.points.set_data(x, y)
        self.outlier.set_data([x[outlier_index]], [y[outlier_index]])
        for name, (slope, intercept) in fits.items():
            self.lines[name].set_data(self.x_grid, slope * self.x_grid + intercept)


@book_figure
def outlier_fit_figure(outlier_shift: float = 30.0, *, delta: float = 1.0,
                       losses=("mean_squared_error", "mean_absolute_error", "huber_loss"), true_line=(1.5, 2.0)):
    """The lines fitted under ``losses`` to :func:`~lossbook.examples.regression.line_with_outlier` data."""
    from ..examples.regression import fit_line, line_with_outlier

    x, y, index = line_with_outlier(outlier_shift)
    figure = new_figure((FIGURE_WIDTH, 4.0))
    axes = figure.add_subplot()
    x_grid = np.array([x.min() - 0.5, x.max() + 0.5])
    axes.plot(x_grid, true_line[0] * x_grid + true_line[1], ls=":", color=_GREY, lw=1.5, label="true line")
    axes.plot(x, y, "o", color=_DATA, ms=6, label="data")
    axes.plot([x[index]], [y[index]], "o", mfc="none", mec=_MODEL, mew=2, ms=13, label="outlier")
    for name in losses:
        slope, intercept = fit_line(x, y, name, delta=delta)
        axes.plot(x_grid, slope * x_grid + intercept, "--" if name == "mean_absolute_error" else "-",
                  color=REGRESSION_COLORS[name], label=f"{_SHORT[name]} fit")
    axes.set_xlim(*x_grid)
    axes.set_ylim(-5.0, max(60.0, y.max() + 5))
    axes.legend(loc="upper left", ncols=2)
    style_axes(axes, xlabel="x", ylabel="y")
    return figure


# ------------------------------------------------------------------ context: one forecast, many losses
@dataclass
class StockPlot:
    r"""Left: the value of every regression cost for one forecast (log scale).
    Right: the Huber loss in units of δ — :math:`\ell_\delta(r)/\delta^2` against
    :math:`r/\delta` is the same curve for every δ — with the forecast marked on it."""

    names: tuple
    bars: list
    labels: list
    marker: object
    marker_label: object
    spine: object
    u_max: float = 10.0
    floor: float = 1e-6

    @classmethod
    def create(cls, figure, names, *, u_max: float = 10.0):
        bar_axes, huber_axes = figure.subplots(1, 2, width_ratios=(1.35, 1))
        positions = np.arange(len(names))
        bars = list(bar_axes.barh(positions, np.ones(len(names)),
                                  color=[REGRESSION_COLORS.get(n, _GREY) for n in names]))
        bar_axes.set_yticks(positions, [_SHORT.get(n, n) for n in names])
        bar_axes.invert_yaxis()
        bar_axes.set_xscale("log")
        bar_axes.set_xlim(1e-6, 1e22)
        labels = [bar_axes.text(1, p, "", va="center", fontsize="small") for p in positions]
        style_axes(bar_axes, xlabel="value (log scale)", title="one forecast under each cost")
        bar_axes.grid(False, axis="y")
        u = np.linspace(-u_max, u_max, 241)
        huber_axes.axvspan(-1, 1, color=REGRESSION_COLORS["huber_loss"], alpha=0.12, label="|r| ≤ δ: quadratic")
        huber_axes.plot(u, 0.5 * u * u, ls="--", color=REGRESSION_COLORS["mean_squared_error"], lw=1.2,
                        label="½ (r/δ)²")
        huber_axes.plot(u, np.where(np.abs(u) <= 1, 0.5 * u * u, np.abs(u) - 0.5),
                        color=REGRESSION_COLORS["huber_loss"], lw=2, label="Huber ℓ_δ(r)/δ²")
        (marker,) = huber_axes.plot([], [], "o", color=_MODEL, ms=8)
        marker_label = huber_axes.text(0, 0, "", fontsize="small", ha="center")
        huber_axes.set_xlim(-u_max, u_max)
        huber_axes.set_ylim(-0.05 * u_max, 1.05 * u_max)
        huber_axes.legend(frameon=False, fontsize="small", loc="upper center", bbox_to_anchor=(0.5, 0.93))
        style_axes(huber_axes, xlabel="r / δ", ylabel="loss / δ²", title="Huber, in units of δ")
        return cls(tuple(names), bars, labels, marker, marker_label, bar_axes.spines["left"], u_max)

    @property
    def moving(self) -> list:
        """The artists that ``show`` changes (and the spine drawn over the bars)."""
        return [*self.bars, *self.labels, self.marker, self.marker_label, self.spine]

    def show(self, values: dict, residual: float, delta: float) -> None:
        for bar, label, name in zip(self.bars, self.labels, self.names):
            value = float(values[name])
            shown = max(value, self.floor)
            bar.set_width(shown)
            label.set_x(shown * 1.6)
            label.set_text(f"{value:.4g}" if value else "0")
        u = residual / delta
        inside = abs(u) <= self.u_max
        shown_u = u if inside else np.sign(u) * self.u_max
        height = 0.5 * shown_u**2 if abs(shown_u) <= 1 else abs(shown_u) - 0.5
        self.marker.set_data([shown_u], [height])
        below = height > 0.6 * self.u_max
        self.marker_label.set_position((float(np.clip(shown_u, -0.65 * self.u_max, 0.65 * self.u_max)),
                                        height + (-0.1 if below else 0.05) * self.u_max))
        self.marker_label.set_text(f"r/δ = {u:.3g}" + ("" if inside else " (off the chart)"))


# ------------------------------------------------------------------ relative errors
@book_figure
def relative_error_figure(targets=(10.0, 100.0, 1000.0), ratios=None):
    """MSE (top) and MSLE (bottom) of predictions ``ratio × target`` for several targets.

    The MSE curves are far apart (it grows with the square of the scale); the
    MSLE curves almost coincide (it sees the ratio of ``1 + ŷ`` to ``1 + y``).
    """
    from .. import regression

    ratios = np.linspace(0.25, 2.5, 181) if ratios is None else np.asarray(ratios)
    figure = new_figure((FIGURE_WIDTH, 6.0))
    mse_axes, msle_axes = figure.subplots(2, 1, sharex=True)
    shades = ("#9fb9d6", "#3a6ea5", "#1b355a")
    for target, color in zip(targets, shades):
        y_true = np.full_like(ratios, target)
        y_pred = ratios * target
        mse_axes.semilogy(ratios, np.maximum(regression.mean_squared_error(y_true, y_pred, reduction="none"), 1e-3),
                          color=color, label=f"y = {target:g}")
        msle_axes.plot(ratios, regression.mean_squared_log_error(y_true, y_pred, reduction="none"),
                       color=color, label=f"y = {target:g}")
    log_tick_labels(mse_axes.yaxis, numticks=4)
    for axes in (mse_axes, msle_axes):
        axes.axvline(1, color=_GREY, lw=0.8)
    msle_axes.legend(loc="upper center", ncols=3)
    style_axes(mse_axes, ylabel="loss (log scale)", title="squared error: depends on the scale")
    style_axes(msle_axes, xlabel="prediction / target  (ŷ / y)", ylabel="loss",
               title="squared log error: depends on the ratio")
    return figure


# ------------------------------------------------------------------ quantiles
@book_figure
def quantile_figure(sample, quantiles=(0.1, 0.5, 0.9)):
    """Top: the pinball loss of each quantile level.  Bottom: the mean loss of a
    constant prediction over ``sample``; each is smallest at the sample's quantile."""
    from .. import regression

    sample = np.asarray(sample, dtype=float)
    figure = new_figure((FIGURE_WIDTH, 6.2))
    shape_axes, cost_axes = figure.subplots(2, 1)
    r = np.linspace(-3, 3, 241)
    constants = np.linspace(sample.min(), sample.max(), 301)
    shades = ("#9fb9d6", "#3a6ea5", "#1b355a")
    for tau, color in zip(quantiles, shades):
        shape_axes.plot(r, regression.quantile_loss(np.zeros_like(r), r, quantile=tau, reduction="none"),
                        color=color, label=f"τ = {tau:g}")
        costs = [regression.quantile_loss(sample, np.full_like(sample, c), quantile=tau) for c in constants]
        cost_axes.plot(constants, costs, color=color, label=f"τ = {tau:g}")
        q = np.quantile(sample, tau, method="inverted_cdf")
        cost_axes.axvline(q, color=color, ls=":", lw=1.5)
    shape_axes.legend(loc="upper center", ncols=3)
    shape_axes.set_ylim(0, 3.4)
    style_axes(shape_axes, xlabel="residual r = ŷ − y", ylabel="loss", title="pinball loss")
    style_axes(cost_axes, xlabel="constant prediction c", ylabel="mean loss",
               title="best constant = sample quantile (dotted)")
    return figure


# ------------------------------------------------------------------ training speed
@book_figure
def descent_race_figure(races, *, tolerance: float = 1e-3):
    """Excess cost per gradient-descent step for the best learning rate of each race."""
    figure = new_figure((FIGURE_WIDTH, 3.8))
    axes = figure.add_subplot()
    styles = {("mean_squared_error", "constant"): ("-", REGRESSION_COLORS["mean_squared_error"]),
              ("mean_absolute_error", "constant"): ("-", REGRESSION_COLORS["mean_absolute_error"]),
              ("mean_absolute_error", "1/sqrt(k)"): ("--", REGRESSION_COLORS["mean_absolute_error"])}
    for race in races:
        rate, _ = race.best(tolerance)
        column = int(np.argmin(np.abs(race.learning_rates - rate)))
        excess = (race.costs[:, column] - race.optimum) / race.optimum
        style, color = styles.get((race.loss, race.schedule), ("-", _GREY))
        label = f"{_SHORT[race.loss]}, rate {rate:.3g}" + ("" if race.schedule == "constant" else "/√k")
        axes.semilogy(np.arange(len(excess)), np.maximum(excess, 1e-16), ls=style, color=color, label=label)
    axes.axhline(tolerance, color=_GREY, lw=0.8, ls=":")
    axes.set_xlim(0, 300)
    log_tick_labels(axes.yaxis, numticks=6)
    axes.legend(loc="upper right")
    style_axes(axes, xlabel="gradient-descent step", ylabel="(cost − optimum) / optimum")
    return figure
