"""Catalog records of the regression losses."""

from __future__ import annotations

from .. import regression
from ._record import LossRecord

RECORDS = (
    LossRecord(
        name="mean_squared_error",
        title="Mean squared error",
        aliases=("mse", "squared_error", "l2_loss"),
        task="regression",
        numeric=regression.mean_squared_error,
        symbolic="lossbook.symbolic.regression:mean_squared_error",
        activation="none (identity)",
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
        title="Mean absolute error",
        aliases=("mae", "absolute_error", "l1_loss"),
        task="regression",
        numeric=regression.mean_absolute_error,
        symbolic="lossbook.symbolic.regression:mean_absolute_error",
        activation="none (identity)",
        domain="real",
        reference="hastie2009elements",
        frameworks={
            "PyTorch": "torch.nn.functional.l1_loss(y_pred, y_true)",
            "Keras": "keras.losses.MeanAbsoluteError()(y_true, y_pred)",
            "scikit-learn": "sklearn.metrics.mean_absolute_error(y_true, y_pred)",
        },
    ),
)
