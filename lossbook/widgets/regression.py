"""Explorers of the regression chapters.

Each function returns an :class:`~lossbook.widgets.Explorer` with the book's
defaults, so ``age_error_explorer()`` alone gives a working explorer.  The
browser evaluates the losses as JavaScript printed from their SymPy
definitions; :meth:`~lossbook.widgets.Explorer.compute` gives the same numbers
from lossbook's NumPy losses.
"""

from __future__ import annotations

import sympy as sp

from ..losses import regression
from ..examples import regression as examples
from ._core import Explorer, choice, explorer, multi_choice, parameter_slider, slider

__all__ = ["age_error_explorer", "loss_shape_explorer", "outlier_fit_explorer", "stock_price_explorer"]


def _js(name: str) -> dict:
    """The catalogued loss ``name`` (per element) as a JavaScript function of ``(y_true, y_pred, *params)``."""
    from ..catalog import get

    return get(name).definition().javascript()


def age_error_explorer(true_age: float = examples.AGE_TRUE, predicted_age: float = examples.AGE_PREDICTED) -> Explorer:
    """Move the predicted age; see the signed error, its absolute value and its square.

    Returns
    -------
    Explorer
        One control, ``predicted_age``.
    """
    ages = (0.0, 80.0)

    def compute(*, predicted_age):
        y, p = [true_age], [predicted_age]
        return {"error": true_age - predicted_age,
                "absolute_error": float(regression.mean_absolute_error(y, p)),
                "squared_error": float(regression.mean_squared_error(y, p))}

    return explorer(
        "age_error",
        title="Error, absolute error and squared error of one age",
        alt=f"Left: the true age {true_age:g} and the predicted age on a number line, joined by the error. "
            "Right: the error, the absolute error and the squared error as functions of the predicted age, "
            "with the current prediction marked on each.",
        controls=[slider("predicted_age", "predicted age ŷ", predicted_age, *ages, 1)],
        compute=compute,
        functions={"absolute_error": _js("mean_absolute_error"), "squared_error": _js("mean_squared_error")},
        constants={"true_age": true_age, "ages": list(ages),
                   "curve_names": ["error y − ŷ", "absolute error", "squared error ÷ 10 (years²)"]},
    )


# ------------------------------------------------------------------ loss shapes
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

def _short(name: str) -> str:
    """A loss's short name in pictures and readouts, from its catalog record."""
    from ..catalog import get

    return "relative error" if name == "relative_error" else get(name).short


def _params(name: str) -> tuple[str, ...]:
    """The names of a loss's hyper-parameters, from its catalog record."""
    from ..catalog import get

    return tuple(get(name).params)


def loss_shape_explorer(chosen=("mean_squared_error", "mean_absolute_error", "huber_loss", "quantile_loss"), *,
                        delta: float = 1.0, quantile: float = 0.9, r_max: float = 3.0, y_true: float = 3.0,
                        residual: float | None = None) -> Explorer:
    """Choose losses and their hyper-parameters; see each loss and its gradient against the residual.

    The browser draws the SymPy definitions and their SymPy derivatives,
    printed as JavaScript.  The squared log error depends on the target as
    well as on the residual; it is drawn for the target ``y_true`` (and only
    where :math:`\\hat y > -1`).  The residual axis runs over ``±r_max``; the
    readout gives each chosen loss and its gradient at the residual set by the
    ``residual`` slider (default :math:`-\\tfrac23 r_\\max`, an
    under-prediction, where the quantile loss with a large τ is steep).

    Returns
    -------
    Explorer
        Controls ``chosen`` (check boxes), ``delta`` (Huber and pseudo-Huber),
        ``quantile`` (τ of the quantile loss) and ``residual``.
    """
    import numpy as np

    from ..catalog import get

    residual = -2 * r_max / 3 if residual is None else residual
    definitions = {name: get(name).definition() for name in SHAPE_LOSSES}
    gradients = {name: d.numpy_function(d.gradient) for name, d in definitions.items()}

    def target(name):
        return y_true if name == "mean_squared_log_error" else 0.0

    def compute(*, chosen, delta, quantile, residual):
        outputs = {}
        for name in SHAPE_LOSSES:
            if name not in chosen:
                continue
            params = {key: value for key, value in (("delta", delta), ("quantile", quantile))
                      if key in _params(name)}
            y = target(name)
            p = y + residual
            if name == "mean_squared_log_error" and p <= -1:
                loss = gradient = float("nan")  # outside the logarithm's domain
            else:
                loss = float(getattr(regression, name)([y], [p], **params))
                with np.errstate(all="ignore"):
                    gradient = float(gradients[name](y, p, *params.values()))
            outputs[name] = loss
            outputs[name + "_gradient"] = gradient
        return outputs

    top = max(r_max**2 / 2, 1.0)
    return explorer(
        "loss_shape",
        title="Regression losses and their gradients against the residual",
        alt="Left: each chosen loss as a function of the residual r = ŷ − y; right: its derivative with "
            "respect to the prediction, the pull of one sample on the model.  A vertical line marks the "
            "residual the readout reports, with a dot on each curve.  The squared error and its gradient 2r "
            "leave the frame: they grow without bound, while the absolute error's and Huber's gradients are "
            "capped, and the quantile loss is steeper on one side than on the other.",
        controls=[
            multi_choice("chosen", "losses", [(_short(name), name) for name in SHAPE_LOSSES], chosen),
            parameter_slider(("huber_loss", "pseudo_huber_loss"), "delta", delta),
            parameter_slider("quantile_loss", "quantile", quantile),
            slider("residual", "residual r = ŷ − y", residual, -r_max, r_max, r_max / 30),
        ],
        compute=compute,
        functions={**{name: _js(name) for name in SHAPE_LOSSES},
                   **{name + "_gradient": d.javascript(d.gradient) for name, d in definitions.items()}},
        constants={"losses": list(SHAPE_LOSSES), "names": [_short(name) for name in SHAPE_LOSSES],
                   "params": {name: list(_params(name)) for name in SHAPE_LOSSES},
                   "y_true": y_true, "r_max": r_max,
                   "loss_limits": [-0.04 * top, 1.1 * top],
                   "gradient_limits": [-1.1 * max(r_max, 1.0), 1.1 * max(r_max, 1.0)]},
    )


# ------------------------------------------------------------------ a line fit with an outlier
_FIT_LOSSES = ("mean_squared_error", "mean_absolute_error", "huber_loss")


def outlier_fit_explorer(outlier_shift: float = 30.0, delta: float = 1.0) -> Explorer:
    """Move one point away from the others; see the MSE, MAE and Huber lines react.

    The browser fits the three lines exactly as
    :func:`!lossbook.examples.regression.fit_line` does: least squares in closed
    form, the least-absolute-deviations line through the best pair of points,
    and Huber by iteratively reweighted least squares with the weight
    :math:`\\psi(r)/r` printed from SymPy.  A band of :math:`\\pm\\delta` around
    the Huber line shows which points pull with the capped gradient
    :math:`\\pm\\delta`.

    Returns
    -------
    Explorer
        Controls ``outlier_shift`` and ``delta``.
    """
    import numpy as np

    from ..catalog import get
    from ..symbolic.javascript import javascript_function
    from ..symbolic.regression import DELTA, RESIDUAL, irls_weight

    x, y0, index = examples.line_with_outlier(0.0)

    def compute(*, outlier_shift, delta):
        x, y, _ = examples.line_with_outlier(outlier_shift)
        outputs = {}
        for name in _FIT_LOSSES:
            slope, intercept = examples.fit_line(x, y, name, delta=delta)
            outputs[name + "_slope"] = slope
            outputs[name + "_intercept"] = intercept
        huber_residual = outputs["huber_loss_slope"] * x + outputs["huber_loss_intercept"] - y
        outputs["huber_capped"] = int(np.sum(np.abs(huber_residual) > delta))
        return outputs

    return explorer(
        "outlier_fit",
        title="Lines fitted under MSE, MAE and Huber to data with one outlier",
        alt=f"{len(x)} points near the dotted line y = 1.5x + 2, one of them (circled) moved up or down by the "
            "shift, and the lines that minimise the mean squared error, the mean absolute error and the Huber "
            "loss.  A shaded band of ±δ around the Huber line marks the points whose pull on it is capped.  "
            "The squared-error line tilts towards the outlier; the other two hardly move.",
        controls=[
            slider("outlier_shift", "outlier moved by", outlier_shift, -30.0, 80.0, 2.0),
            parameter_slider("huber_loss", "delta", delta, high=10**1.5, steps=100),
        ],
        compute=compute,
        functions={"huber_weight": javascript_function(irls_weight(get("huber_loss").definition()),
                                                       {"r": RESIDUAL, "delta": DELTA})},
        constants={"x": x.tolist(), "y": y0.tolist(), "outlier_index": index, "true_line": [1.5, 2.0],
                   "losses": list(_FIT_LOSSES), "names": [_short(name) for name in _FIT_LOSSES],
                   "y_limits": [-25.0, 100.0], "x_limits": [float(x.min()) - 0.5, float(x.max()) + 0.5],
                   "max_iterations": 200},
    )


# ------------------------------------------------------------------ one forecast, many costs
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
                         delta: float = 1.0) -> Explorer:
    """Set a price, its forecast, Huber's δ and the scale; read every cost of that one forecast.

    The *scale* multiplies both prices (dollars, thousands, …): MSE grows with
    its square, MAE, RMSE and Huber (far from δ) with it, MSLE and the relative
    error not at all.  The right panel draws Huber in units of δ —
    :math:`\\ell_\\delta(r)/\\delta^2` against :math:`r/\\delta` is the same curve
    for every δ — with the forecast marked on it.

    Returns
    -------
    Explorer
        Controls ``true_value``, ``predicted``, ``delta`` and ``scale``.
    """
    from ..catalog import get
    from ..symbolic.javascript import javascript_function
    from ..symbolic.regression import RESIDUAL, delta_limit, relative_error

    huber = get("huber_loss").definition()
    names = [name for name in _STOCK_LOSSES if name != "relative error"]
    u_max = 10.0

    def compute(*, true_value, predicted, delta, scale):
        y, p = true_value * scale, predicted * scale
        costs = stock_costs(y, p, delta)
        outputs = {name.replace(" ", "_"): value for name, value in costs.items()}
        outputs.update(true_price=y, forecast=p, difference=p - y, residual_over_delta=(p - y) / delta)
        return outputs

    return explorer(
        "stock_price",
        title="One forecast under every regression cost",
        alt="Left: the value of each regression cost and of the relative error for one price forecast, as "
            "bars on a logarithmic scale from 10⁻⁶ to 10²². Right: the Huber loss in units of δ (loss/δ² "
            "against r/δ, the same curve for every δ), quadratic inside the shaded band |r| ≤ δ and straight "
            "beyond it, with half the squared error dashed and the forecast marked.",
        controls=[
            slider("true_value", "true price", true_value, 2.0, 200.0, 2.0),
            slider("predicted", "forecast", predicted, 0.0, 200.0, 2.0),
            parameter_slider("huber_loss", "delta", delta, high=100.0, steps=60),
            choice("scale", "prices in dollars", [("× 1", 1.0), ("× 1 000", 1e3), ("× 1 000 000", 1e6),
                                                  ("× 10 000 000", 1e7)], 1.0),
        ],
        compute=compute,
        functions={**{name: _js(name) for name in names},
                   "relative_error": javascript_function(relative_error(),
                                                         {"y_true": huber.y_true, "y_pred": huber.y_pred}),
                   "half_square": javascript_function(delta_limit(huber, sp.oo), {"u": RESIDUAL})},
        constants={"losses": [*names, "relative_error"], "names": [_short(name) for name in
                                                                   [*names, "relative_error"]],
                   "u_max": u_max, "floor": 1e-6, "value_limits": [1e-6, 1e22]},
    )
