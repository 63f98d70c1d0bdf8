"""Regression losses: compare real-valued predictions with real-valued targets.

Every function takes ``(y_true, y_pred)`` — the scikit-learn and Keras order —
arrays of the same shape, and works element by element: each element is one
sample (or one output of a sample).  ``reduction="none"`` returns the
per-element losses with the input's shape; ``"mean"`` (the default, the
*cost*) and ``"sum"`` reduce them over all elements.
"""

from __future__ import annotations

import numpy as np

from ._reduction import reduce_losses
from ._validation import as_float_array, check_reduction, check_same_shape

__all__ = ["mean_squared_error", "mean_absolute_error", "mse", "mae"]


def _residuals(y_true, y_pred, reduction, *, func: str) -> np.ndarray:
    """Validate the inputs of a regression loss and return ``y_pred - y_true``."""
    check_reduction(reduction, func=func)
    true = as_float_array(y_true, "y_true", func=func)
    pred = as_float_array(y_pred, "y_pred", func=func)
    check_same_shape(true, pred, func=func)
    dtype = np.result_type(true, pred)
    with np.errstate(over="ignore"):  # a difference beyond 1.8e308 is inf, exactly rounded
        return pred.astype(dtype, copy=False) - true.astype(dtype, copy=False)


def mean_squared_error(y_true, y_pred, *, reduction: str = "mean"):
    r"""Squared error (L2 loss); its mean over the samples is the MSE.

    Parameters
    ----------
    y_true : array_like
        Targets :math:`y`, any shape.
    y_pred : array_like
        Predictions :math:`\hat y`, the same shape as ``y_true``.
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns the cost, ``"sum"`` the total and
        ``"none"`` the per-element losses with the input's shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if both inputs are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If the shapes differ, an input is empty or holds NaN or infinity,
        or ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Per element, with residual :math:`r = \hat y - y`,

    .. math:: \ell(y, \hat y) = (\hat y - y)^2 ,

    and with ``reduction="mean"`` over :math:`N` elements
    :math:`\mathrm{MSE} = \frac{1}{N}\sum_{i=1}^N (\hat y_i - y_i)^2`.
    Its gradient :math:`2(\hat y - y)` grows with the error, so large errors
    dominate the cost and outliers pull the fit.  A squared residual above
    about 1.3e154 exceeds float64 and returns ``inf``.

    References
    ----------
    Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*,
    2nd ed., Springer, 2009, section 2.4.

    Examples
    --------
    >>> from lossbook import mean_squared_error
    >>> float(mean_squared_error([100.0], [92.0]))
    64.0
    >>> mean_squared_error([1.0, 2.0], [2.0, 4.0], reduction="none")
    array([1., 4.])
    """
    func = "mean_squared_error"
    residual = _residuals(y_true, y_pred, reduction, func=func)
    with np.errstate(over="ignore", under="ignore"):
        losses = np.multiply(residual, residual, out=residual)  # in place: no second big allocation
    return reduce_losses(losses, reduction)


def mean_absolute_error(y_true, y_pred, *, reduction: str = "mean"):
    r"""Absolute error (L1 loss); its mean over the samples is the MAE.

    Parameters
    ----------
    y_true : array_like
        Targets :math:`y`, any shape.
    y_pred : array_like
        Predictions :math:`\hat y`, the same shape as ``y_true``.
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns the cost, ``"sum"`` the total and
        ``"none"`` the per-element losses with the input's shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if both inputs are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If the shapes differ, an input is empty or holds NaN or infinity,
        or ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Per element,

    .. math:: \ell(y, \hat y) = |\hat y - y| ,

    and with ``reduction="mean"``
    :math:`\mathrm{MAE} = \frac{1}{N}\sum_{i=1}^N |\hat y_i - y_i|`.
    Its gradient :math:`\operatorname{sign}(\hat y - y)` has the same size for
    every error, so outliers pull less than under the squared error; it is
    undefined at a perfect prediction.

    References
    ----------
    Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*,
    2nd ed., Springer, 2009, section 10.6.

    Examples
    --------
    >>> from lossbook import mean_absolute_error
    >>> float(mean_absolute_error([100.0], [92.0]))
    8.0
    >>> mean_absolute_error([5.0, 5.0], [3.0, 7.0], reduction="none")
    array([2., 2.])
    """
    func = "mean_absolute_error"
    residual = _residuals(y_true, y_pred, reduction, func=func)
    return reduce_losses(np.abs(residual, out=residual), reduction)


mse = mean_squared_error
mae = mean_absolute_error
