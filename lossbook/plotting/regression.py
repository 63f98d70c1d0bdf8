"""Figures of the regression chapters.

Each ``*_figure`` function draws one static picture for the page (the
interactive ones are the explorers of :mod:`lossbook.widgets.regression`).
Loss curves and their derivatives are the SymPy definitions, lambdified.
"""

from __future__ import annotations


import numpy as np

from ..style import PALETTE
from . import FIGURE_WIDTH, book_figure, log_tick_labels, new_figure, style_axes

__all__ = [
    "residual_functions",
    "loss_shapes_figure",
    "outlier_fit_figure",
    "relative_error_figure",
    "quantile_figure",
    "descent_race_figure",
]

_DATA, _MODEL, _STEP, _GREY = (PALETTE[role] for role in ("data", "model", "step", "grey"))


def _record(name: str):
    from ..catalog import get

    return get(name)


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




@book_figure
def loss_shapes_figure(names, *, r_max: float = 3.0, delta: float = 1.0, quantile: float = 0.5,
                       y_true: float = 3.0, figsize=None):
    """Each loss of ``names`` (top) and its derivative with respect to the prediction (bottom).

    The curves are the SymPy definitions (:func:`residual_functions`).  The loss
    axis shows up to the highest curve but at most :math:`r_\\max^2/2`, the
    gradient axis up to the steepest but at most :math:`r_\\max`, so the squared
    error (and its gradient :math:`2r`) leave the frame: the unbounded growth is
    the point.
    """
    figure = new_figure(figsize or (FIGURE_WIDTH, 6.0))
    loss_axes, gradient_axes = figure.subplots(2, 1, sharex=True)
    r = np.linspace(-r_max, r_max, 401)
    params = {"delta": delta, "quantile": quantile}
    highest = steepest = 0.0
    for name in names:
        loss, gradient = residual_functions(name, y_true=y_true)
        used = {k: v for k, v in params.items() if k in _record(name).params}
        label = _record(name).short + (f" (y = {y_true:g})" if name == "mean_squared_log_error" else "")
        values = loss(r, **used)
        highest = max(highest, float(np.nanmax(values)))
        loss_axes.plot(r, values, color=_record(name).color, label=label)
        slopes = gradient(r, **used)
        steepest = max(steepest, float(np.nanmax(np.abs(slopes))))
        gradient_axes.plot(r, slopes, color=_record(name).color, label=label)
    for axes in (loss_axes, gradient_axes):
        axes.axhline(0, color=_GREY, lw=0.8)
        axes.axvline(0, color=_GREY, lw=0.8)
        axes.set_xlim(-r_max, r_max)
    top = max(min(r_max**2 / 2, highest), 1.0)
    loss_axes.set_ylim(-0.04 * top, 1.1 * top)
    slope_top = max(min(r_max, steepest), 1.0)
    gradient_axes.set_ylim(-1.15 * slope_top, 1.15 * slope_top)
    loss_axes.legend(loc="upper center", ncols=2 if len(names) > 2 else 1)
    style_axes(loss_axes, ylabel="loss ℓ", title="loss")
    style_axes(gradient_axes, xlabel="residual r = ŷ − y", ylabel="∂ℓ/∂ŷ", title="gradient (from SymPy)")
    return figure


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
                  color=_record(name).color, label=f"{_record(name).short} fit")
    axes.set_xlim(*x_grid)
    axes.set_ylim(-5.0, max(60.0, y.max() + 5))
    axes.legend(loc="upper left", ncols=2)
    style_axes(axes, xlabel="x", ylabel="y")
    return figure


# ------------------------------------------------------------------ relative errors
@book_figure
def relative_error_figure(targets=(10.0, 100.0, 1000.0), ratios=None):
    """MSE (top) and MSLE (bottom) of predictions ``ratio × target`` for several targets.

    The MSE curves are far apart (it grows with the square of the scale); the
    MSLE curves almost coincide (it sees the ratio of ``1 + ŷ`` to ``1 + y``).
    """
    from ..losses import regression

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
    from ..losses import regression

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
    styles = {("mean_squared_error", "constant"): ("-", _record("mean_squared_error").color),
              ("mean_absolute_error", "constant"): ("-", _record("mean_absolute_error").color),
              ("mean_absolute_error", "1/sqrt(k)"): ("--", _record("mean_absolute_error").color),
              ("mean_absolute_error", "geometric"): ("-.", _record("mean_absolute_error").color)}
    suffixes = {"constant": "", "1/sqrt(k)": "/√k", "geometric": "·γᵏ"}
    for race in races:
        rate, _ = race.best(tolerance)
        column = int(np.argmin(np.abs(race.learning_rates - rate)))
        excess = (race.costs[:, column] - race.optimum) / race.optimum
        style, color = styles.get((race.loss, race.schedule), ("-", _GREY))
        label = f"{_record(race.loss).short}, rate {rate:.3g}" + suffixes[race.schedule]
        axes.semilogy(np.arange(len(excess)), np.maximum(excess, 1e-16), ls=style, color=color, label=label)
    axes.axhline(tolerance, color=_GREY, lw=0.8, ls=":")
    axes.set_xlim(0, 700)
    log_tick_labels(axes.yaxis, numticks=6)
    axes.legend(loc="upper right")
    style_axes(axes, xlabel="gradient-descent step", ylabel="(cost − optimum) / optimum")
    return figure
