"""Catalog records of the regression losses.

Framework call strings compute the same *mean* cost as lossbook's default and
carry every convention difference in the string itself: PyTorch and optax take
``(prediction, target)``, Keras and scikit-learn ``(target, prediction)``;
where a framework has no built-in the string composes one from its primitives
(e.g. MSLE in PyTorch), and where it has none at all the key is absent.
"""

from __future__ import annotations

from ..losses import regression
from ._record import LossRecord, Parameter

#: The Huber-type ``delta`` values every generic test tries: 1e-3 … 1e3.
DELTAS = (1e-3, 0.1, 1.0, 10.0, 1e3)
#: The quantile levels the generic tests try; the middle one is the median.
QUANTILES = (0.01, 0.1, 0.5, 0.9, 0.99)
#: The threshold of Huber and pseudo-Huber, as the explorers move it (log scale).
DELTA = Parameter("delta", "δ", 0.1, 10.0, log=True)

_IDENTITY = "none (identity)"

RECORDS = (
    LossRecord(
        name="mean_squared_error",
        short_name="MSE",
        color="#d1495b",
        title="Mean squared error",
        aliases=("mse", "squared_error", "l2_loss"),
        task="regression",
        numeric=regression.mean_squared_error,
        symbolic="lossbook.symbolic.regression:mean_squared_error",
        activation=_IDENTITY,
        domain="real",
        reference="hastie2009elements",
        frameworks={
            "PyTorch": "torch.nn.functional.mse_loss(y_pred, y_true)",
            "Keras": "keras.losses.MeanSquaredError()(y_true, y_pred)",
            "optax": "optax.losses.squared_error(y_pred, y_true).mean()",
            "scikit-learn": "sklearn.metrics.mean_squared_error(y_true, y_pred)",
        },
    ),
    LossRecord(
        name="mean_absolute_error",
        short_name="MAE",
        color="#3a6ea5",
        title="Mean absolute error",
        aliases=("mae", "absolute_error", "l1_loss"),
        task="regression",
        numeric=regression.mean_absolute_error,
        symbolic="lossbook.symbolic.regression:mean_absolute_error",
        activation=_IDENTITY,
        domain="real",
        reference="hastie2009elements",
        frameworks={
            "PyTorch": "torch.nn.functional.l1_loss(y_pred, y_true)",
            "Keras": "keras.losses.MeanAbsoluteError()(y_true, y_pred)",
            "scikit-learn": "sklearn.metrics.mean_absolute_error(y_true, y_pred)",
        },
    ),
    LossRecord(
        name="root_mean_squared_error",
        short_name="RMSE",
        color="#8e5572",
        title="Root mean squared error",
        aliases=("rmse",),
        task="regression",
        numeric=regression.root_mean_squared_error,
        symbolic="lossbook.symbolic.regression:root_mean_squared_error",
        activation=_IDENTITY,
        domain="real",
        reference="hyndman2006another",
        frameworks={
            "PyTorch": "torch.sqrt(torch.nn.functional.mse_loss(y_pred, y_true))",
            "Keras": "keras.metrics.RootMeanSquaredError()(y_true, y_pred)",
            "optax": "jnp.sqrt(optax.losses.squared_error(y_pred, y_true).mean())",
            "scikit-learn": "sklearn.metrics.root_mean_squared_error(y_true, y_pred)",
        },
        # The root is taken after the reduction: cost = sqrt(mean(|r|²)), not mean(|r|).
        cost_of_losses=regression._root_of_reduced_squares,
    ),
    LossRecord(
        name="mean_squared_log_error",
        short_name="MSLE",
        color="#7a7a7a",
        title="Mean squared logarithmic error",
        aliases=("msle", "squared_log_error"),
        task="regression",
        numeric=regression.mean_squared_log_error,
        symbolic="lossbook.symbolic.regression:mean_squared_log_error",
        activation="identity, or softplus to keep ŷ ≥ 0",
        domain="above_minus_one",
        reference="tofallis2015better",
        frameworks={
            "PyTorch": "torch.nn.functional.mse_loss(torch.log1p(y_pred), torch.log1p(y_true))",
            # Keras clips both arguments at 1e-7: equal only for inputs >= 0.
            "Keras": "keras.losses.MeanSquaredLogarithmicError()(y_true, y_pred)",
            "optax": "optax.losses.squared_error(jnp.log1p(y_pred), jnp.log1p(y_true)).mean()",
            "scikit-learn": "sklearn.metrics.mean_squared_log_error(y_true, y_pred)",
        },
    ),
    LossRecord(
        name="huber_loss",
        short_name="Huber",
        color="#2a9d8f",
        title="Huber loss",
        aliases=("huber",),
        task="regression",
        numeric=regression.huber_loss,
        symbolic="lossbook.symbolic.regression:huber_loss",
        activation=_IDENTITY,
        domain="real",
        reference="huber1964robust",
        params={"delta": DELTAS},
        parameters=(DELTA,),
        frameworks={
            # SmoothL1Loss(beta) is this loss divided by delta = beta.
            "PyTorch": "torch.nn.functional.huber_loss(y_pred, y_true, delta=delta)",
            "Keras": "keras.losses.Huber(delta=delta)(y_true, y_pred)",
            "optax": "optax.losses.huber_loss(y_pred, y_true, delta=delta).mean()",
        },
    ),
    LossRecord(
        name="pseudo_huber_loss",
        short_name="pseudo-Huber",
        color="#e9a03b",
        title="Pseudo-Huber loss",
        aliases=("pseudo_huber", "smooth_huber"),
        task="regression",
        numeric=regression.pseudo_huber_loss,
        symbolic="lossbook.symbolic.regression:pseudo_huber_loss",
        activation=_IDENTITY,
        domain="real",
        reference="charbonnier1994two",
        params={"delta": DELTAS},
        parameters=(DELTA,),
        frameworks={},
    ),
    LossRecord(
        name="log_cosh_loss",
        short_name="log-cosh",
        color="#6a4c93",
        title="Log-cosh loss",
        aliases=("log_cosh", "logcosh"),
        task="regression",
        numeric=regression.log_cosh_loss,
        symbolic="lossbook.symbolic.regression:log_cosh_loss",
        activation=_IDENTITY,
        domain="real",
        reference="green1990bayesian",
        frameworks={
            "Keras": "keras.losses.LogCosh()(y_true, y_pred)",
            "optax": "optax.losses.log_cosh(y_pred, y_true).mean()",
        },
    ),
    LossRecord(
        name="quantile_loss",
        short_name="quantile",
        color="#9c6644",
        title="Quantile (pinball) loss",
        aliases=("pinball_loss", "pinball"),
        task="regression",
        numeric=regression.quantile_loss,
        symbolic="lossbook.symbolic.regression:quantile_loss",
        activation=_IDENTITY,
        domain="real",
        reference="koenker1978regression",
        params={"quantile": QUANTILES},
        parameters=(Parameter("quantile", "τ", 0.01, 0.99, step=0.01, digits=2),),
        frameworks={
            "scikit-learn": "sklearn.metrics.mean_pinball_loss(y_true, y_pred, alpha=quantile)",
        },
    ),
)
