"""Explorers of the regression chapters.

Each function builds an ``lossbook.widgets.Explorer`` (an ipywidgets box) with sensible
defaults, so ``age_error_explorer()`` alone gives a working explorer.  Their
axes never change limits, so after the first draw the still parts are frozen
into a picture (:class:`~lossbook.plotting.FrozenBackground`) and a
slider move redraws only the artists that move.
"""

from __future__ import annotations

import ipywidgets as widgets

from .. import regression
from ..examples import regression as examples
from ..plotting import FrozenBackground
from ..plotting.regression import AgePlot, LossShapePlot, OutlierFitPlot, StockPlot
from ._core import Explorer

__all__ = ["age_error_explorer", "loss_shape_explorer", "outlier_fit_explorer", "stock_price_explorer"]

_WIDE = {"description_width": "initial"}


def age_error_explorer(true_age: float = examples.AGE_TRUE, predicted_age: float = examples.AGE_PREDICTED):
    """Move the predicted age; see the signed error, its absolute value and its square.

    Returns
    -------
    ipywidgets.VBox
        An ``Explorer``: the controls, a one-line readout and the figure.
    """
    controls = {
        "predicted_age": widgets.FloatSlider(value=predicted_age, min=0, max=80, step=1,
                                             description="predicted age ŷ", style=_WIDE),
    }

    def setup(figure):
        plot = AgePlot.create(figure, true_age)
        return plot, FrozenBackground(figure, plot.moving)

    def update(state, *, predicted_age):
        plot, background = state
        plot.show(predicted_age)
        background.freeze()
        error = true_age - predicted_age
        return (
            f"true age y = {true_age:g}, predicted ŷ = {predicted_age:g}: "
            f"error y − ŷ = <b>{error:+g}</b> years (the residual ŷ − y = {-error:+g}), "
            f"absolute error <b>{abs(error):g}</b> years, squared error <b>{error**2:g}</b> years²"
        )

    return Explorer(controls, setup, update, figsize=(9.0, 3.3))


#: The losses the shape explorer offers, in menu order.
SHAPE_LOSSES = (
    "mean_squared_error",
    "mean_absolute_error",
    "huber_loss",
    "pseudo_huber_loss",
    "log_cosh_loss",
    "quantile_loss",
    "mean_squared_log_error",
)


def loss_shape_explorer(chosen=("mean_squared_error", "mean_absolute_error", "huber_loss"), *,
                        delta: float = 1.0, quantile: float = 0.9, r_max: float = 3.0, y_true: float = 3.0):
    """Choose losses and their hyper-parameters; see each loss and its gradient against the residual.

    The curves are the SymPy definitions (and their SymPy derivatives),
    lambdified.  The squared log error depends on the target as well as on
    the residual; it is drawn for the target ``y_true``.  The residual axis
    runs over ``±r_max``.

    Returns
    -------
    ipywidgets.VBox
        An ``Explorer``: the controls, a one-line readout and the figure.
    """
    from ..catalog import get

    options = [(get(name).title, name) for name in SHAPE_LOSSES]
    controls = {
        "chosen": widgets.SelectMultiple(options=options, value=tuple(chosen), rows=len(options),
                                         description="losses", style=_WIDE),
        "delta": widgets.FloatLogSlider(value=delta, base=10, min=-1, max=1, step=0.05, description="δ (Huber types)",
                                        style=_WIDE),
        "quantile": widgets.FloatSlider(value=quantile, min=0.05, max=0.95, step=0.05, description="τ (quantile)",
                                        style=_WIDE),
    }

    def setup(figure):
        plot = LossShapePlot.create(figure, SHAPE_LOSSES, y_true=y_true, r_max=r_max)
        # the legend is replaced on every update: ask for the current artists when freezing
        return plot, FrozenBackground(figure, lambda: plot.moving)

    def update(state, *, chosen, delta, quantile):
        plot, background = state
        plot.show(chosen, delta=delta, quantile=quantile)
        background.freeze()
        if not chosen:
            return "Choose one or more losses (Ctrl/Cmd-click for several)."
        parts = []
        for name in chosen:
            params = {"delta": delta} if name in ("huber_loss", "pseudo_huber_loss") else {}
            params = {"quantile": quantile} if name == "quantile_loss" else params
            if name == "mean_squared_log_error":
                value = regression.mean_squared_log_error([y_true], [y_true + r_max])
            else:
                value = get(name).numeric([0.0], [r_max], **params)
            parts.append(f"{get(name).title} {float(value):.4g}")
        return f"Loss at r = +{r_max:g}: " + "; ".join(parts)

    return Explorer(controls, setup, update, figsize=(9.0, 3.4))


_FIT_LOSSES = ("mean_squared_error", "mean_absolute_error", "huber_loss")


def outlier_fit_explorer(outlier_shift: float = 30.0, delta: float = 1.0):
    """Move one point away from the others; see the MSE, MAE and Huber lines react.

    Returns
    -------
    ipywidgets.VBox
        An ``Explorer``: the controls, a one-line readout and the figure.
    """
    controls = {
        "outlier_shift": widgets.FloatSlider(value=outlier_shift, min=-30, max=80, step=1,
                                             description="outlier moved by", style=_WIDE),
        "delta": widgets.FloatLogSlider(value=delta, base=10, min=-1, max=1.5, step=0.05,
                                        description="Huber δ", style=_WIDE),
    }
    x, _, _ = examples.line_with_outlier(0.0)

    def setup(figure):
        plot = OutlierFitPlot.create(figure, x, _FIT_LOSSES, y_limits=(-25.0, 100.0))
        return plot, FrozenBackground(figure, plot.moving)

    def update(state, *, outlier_shift, delta):
        plot, background = state
        x, y, index = examples.line_with_outlier(outlier_shift)
        fits = {name: examples.fit_line(x, y, name, delta=delta) for name in _FIT_LOSSES}
        plot.show(x, y, index, fits)
        background.freeze()
        slopes = ", ".join(f"{label} {fits[name][0]:.3f}" for name, label in
                           zip(_FIT_LOSSES, ("MSE", "MAE", f"Huber (δ = {delta:.3g})")))
        return f"Fitted slopes (the data came from slope 1.5): {slopes}"

    return Explorer(controls, setup, update, figsize=(7.0, 3.6))


_STOCK_LOSSES = (
    "mean_squared_error",
    "root_mean_squared_error",
    "mean_absolute_error",
    "huber_loss",
    "pseudo_huber_loss",
    "log_cosh_loss",
    "mean_squared_log_error",
    "relative error",
)


def stock_costs(true_value: float, predicted: float, delta: float = 1.0) -> dict:
    """Every regression cost of one forecast, plus its relative error ``|ŷ − y| / |y|``."""
    y, p = [true_value], [predicted]
    values = {
        "mean_squared_error": regression.mean_squared_error(y, p),
        "root_mean_squared_error": regression.root_mean_squared_error(y, p),
        "mean_absolute_error": regression.mean_absolute_error(y, p),
        "huber_loss": regression.huber_loss(y, p, delta=delta),
        "pseudo_huber_loss": regression.pseudo_huber_loss(y, p, delta=delta),
        "log_cosh_loss": regression.log_cosh_loss(y, p),
        "mean_squared_log_error": regression.mean_squared_log_error(y, p),
        "relative error": abs(predicted - true_value) / abs(true_value),
    }
    return {name: float(value) for name, value in values.items()}


def stock_price_explorer(true_value: float = examples.STOCK_TRUE, predicted: float = examples.STOCK_PREDICTED,
                         delta: float = 1.0):
    """Set a price, its forecast, Huber's δ and the scale; read every cost of that one forecast.

    The *scale* multiplies both prices (dollars, thousands, …): MSE grows with
    its square, MAE, RMSE and Huber (far from δ) with it, MSLE and the relative
    error not at all.

    Returns
    -------
    ipywidgets.VBox
        An ``Explorer``: the controls, a one-line readout and the figure.
    """
    controls = {
        "true_value": widgets.FloatSlider(value=true_value, min=1, max=200, step=0.5, description="true price",
                                          style=_WIDE),
        "predicted": widgets.FloatSlider(value=predicted, min=0, max=200, step=0.5, description="forecast",
                                         style=_WIDE),
        "delta": widgets.FloatLogSlider(value=delta, base=10, min=-1, max=2, step=0.05, description="Huber δ",
                                        style=_WIDE),
        "scale": widgets.Dropdown(options=[("× 1", 1.0), ("× 1 000", 1e3), ("× 1 000 000", 1e6),
                                           ("× 10 000 000", 1e7)], value=1.0, description="prices in dollars",
                                  style=_WIDE),
    }

    def setup(figure):
        plot = StockPlot.create(figure, _STOCK_LOSSES)
        return plot, FrozenBackground(figure, plot.moving)

    def update(state, *, true_value, predicted, delta, scale):
        plot, background = state
        y, p = true_value * scale, predicted * scale
        values = stock_costs(y, p, delta)
        plot.show(values, p - y, delta)
        background.freeze()
        return (
            f"true {y:,.6g}, forecast {p:,.6g}: off by {abs(p - y):,.6g} dollars "
            f"= <b>{100 * values['relative error']:.3g} %</b>; MSE {values['mean_squared_error']:.4g} dollars², "
            f"RMSE and MAE {values['mean_absolute_error']:.4g} dollars, Huber(δ = {delta:.3g}) "
            f"{values['huber_loss']:.4g}, MSLE {values['mean_squared_log_error']:.3g}"
        )

    return Explorer(controls, setup, update, figsize=(9.0, 3.4))
