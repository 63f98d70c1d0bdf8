r"""Regression losses: compare real-valued predictions with real-valued targets.

Every function takes ``(y_true, y_pred)`` — the scikit-learn and Keras order —
arrays of the same shape, and works element by element: each element is one
sample (or one output of a sample).  ``reduction="none"`` returns the
per-element losses with the input's shape; ``"mean"`` (the default, the
*cost*) and ``"sum"`` reduce them over all elements.  The one exception is
:func:`root_mean_squared_error`, whose square root is taken *after* the
reduction (see its docstring).

The residual is :math:`r = \hat y - y` throughout (prediction minus target);
only :func:`quantile_loss` is not symmetric in it, and says which side is which.

Numerics: the formulas are written so that no intermediate overflows or
cancels where the loss itself is an ordinary number — e.g. ``log(cosh(r))``
is never formed for large ``r`` and ``log1p`` replaces ``log(1 + x)``.  A
residual beyond the float range (``1e308 - (-1e308)``) is handled through
half-residuals, so a loss that grows linearly with a small slope (Huber with
``delta=1e-3``) stays finite; a loss whose true value exceeds the float range
returns ``inf``.
"""

from __future__ import annotations

import functools
import math
import numbers

import numpy as np

from ._regression_kernels import (PLAIN_SQUARES_RANGE as _PLAIN_SQUARES_RANGE,
                                  SAFE_SQUARED_RATIO as _SAFE_SQUARED_RATIO, absolute as _absolute,
                                  elementwise_loss as _elementwise,
                                  huber as _huber, log_cosh as _log_cosh, pinball as _pinball,
                                  pseudo_huber as _pseudo_huber, square as _square,
                                  squared_log_ratio as _squared_log_ratio, work_param as _work_param)
from . import _python_floats
from ._weighting import weighted_call
from .._numerics.calls import checked_call
from .._numerics.docstrings import shared_doc
from .._numerics.reduction import ZERO_SAMPLE_WEIGHT, check_sample_weight, reduce_losses, weighted_losses
from .._numerics.validation import _first_index, as_float_array, check_positive_param, check_reduction, check_same_shape

__all__ = [
    "mean_squared_error",
    "mean_absolute_error",
    "root_mean_squared_error",
    "mean_squared_log_error",
    "huber_loss",
    "pseudo_huber_loss",
    "log_cosh_loss",
    "quantile_loss",
    "mse",
    "mae",
    "rmse",
    "msle",
]

_LN2 = float(np.log(2.0))
_FLOAT64 = np.dtype(np.float64)
_SMALL_PSEUDO_HUBER = functools.partial(_python_floats.pseudo_hubers, safe=_SAFE_SQUARED_RATIO[_FLOAT64])

def _residuals(y_true, y_pred, reduction, *, func: str) -> np.ndarray:
    """Validate the inputs of a regression loss and return ``y_pred - y_true``."""
    check_reduction(reduction, func=func)
    true = as_float_array(y_true, "y_true", func=func)
    pred = as_float_array(y_pred, "y_pred", func=func)
    check_same_shape(true, pred, func=func)
    dtype = np.result_type(true, pred)
    with np.errstate(over="ignore"):  # a difference beyond 1.8e308 is inf, exactly rounded
        # asarray: for 0-d input the difference is a NumPy scalar, which the in-place ops below reject
        return np.asarray(pred.astype(dtype, copy=False) - true.astype(dtype, copy=False))


@checked_call
@shared_doc
def mean_squared_error(y_true, y_pred, *, sample_weight=None, reduction: str = "mean"):
    r"""Squared error (L2 loss); its mean over the samples is the MSE.

    Parameters
    ----------
    y_true : array_like
        Targets :math:`y`, any shape.
    y_pred : array_like
        Predictions :math:`\hat y`, the same shape as ``y_true``.
    {sample_weight}
    {reduction: elements}

    {returns}

    Raises
    ------
    ValueError
        If the shapes differ, an input is empty or holds NaN or infinity,
        or ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.regression.mean_squared_error()``:

    .. math:: \ell\left(y, \hat{y}\right) = \left(\hat{y} - y\right)^{2}

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
    if sample_weight is not None:
        return weighted_call(mean_squared_error, (y_true, y_pred), sample_weight, reduction, independent_rows=True)
    return _elementwise(_square, y_true, y_pred, reduction, "mean_squared_error", _careful_squared_error,
                        n_scratch=0, small=_python_floats.squares)


def _careful_squared_error(y_true, y_pred, reduction):
    residual = _residuals(y_true, y_pred, reduction, func="mean_squared_error")
    with np.errstate(over="ignore", under="ignore"):
        losses = np.multiply(residual, residual, out=residual)  # in place: no second big allocation
    return reduce_losses(losses, reduction)


@checked_call
@shared_doc
def mean_absolute_error(y_true, y_pred, *, sample_weight=None, reduction: str = "mean"):
    r"""Absolute error (L1 loss); its mean over the samples is the MAE.

    Parameters
    ----------
    y_true : array_like
        Targets :math:`y`, any shape.
    y_pred : array_like
        Predictions :math:`\hat y`, the same shape as ``y_true``.
    {sample_weight}
    {reduction: elements}

    {returns}

    Raises
    ------
    ValueError
        If the shapes differ, an input is empty or holds NaN or infinity,
        or ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.regression.mean_absolute_error()``:

    .. math:: \ell\left(y, \hat{y}\right) = \left|{\hat{y} - y}\right|

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
    if sample_weight is not None:
        return weighted_call(mean_absolute_error, (y_true, y_pred), sample_weight, reduction, independent_rows=True)
    return _elementwise(_absolute, y_true, y_pred, reduction, "mean_absolute_error", _careful_absolute_error,
                        n_scratch=0, small=_python_floats.absolutes)


def _careful_absolute_error(y_true, y_pred, reduction):
    residual = _residuals(y_true, y_pred, reduction, func="mean_absolute_error")
    return reduce_losses(np.abs(residual, out=residual), reduction)


# ----------------------------------------------------------------------------- helpers
def _inputs(y_true, y_pred, reduction, *, func: str):
    """Validate the inputs; return ``(y_true, y_pred, shape)``.

    The arrays are flat (1-D, so element assignment works even for scalar
    input) and of one float dtype; ``shape`` is the inputs' shape, which
    :func:`_finish` restores for ``reduction="none"``.
    """
    check_reduction(reduction, func=func)
    true = as_float_array(y_true, "y_true", func=func)
    pred = as_float_array(y_pred, "y_pred", func=func)
    check_same_shape(true, pred, func=func)
    dtype = np.result_type(true, pred)
    shape = true.shape
    return true.astype(dtype, copy=False).reshape(-1), pred.astype(dtype, copy=False).reshape(-1), shape


def _abs_residual(true: np.ndarray, pred: np.ndarray):
    """``|y_pred - y_true|`` as ``(magnitude, factor)`` with ``|r| = factor * magnitude``.

    ``factor`` is 1 except where the difference overflows (``1e308 - (-1e308)``);
    there ``magnitude`` is ``|y_pred/2 - y_true/2|`` (exact for such large
    numbers) and ``factor`` is 2.  Losses that grow like ``c·|r|`` with
    ``c < 1`` are then computed as ``2·(c·magnitude)``, finite when their true
    value is.
    """
    with np.errstate(over="ignore"):
        magnitude = np.abs(pred - true)
    overflow = np.isinf(magnitude)
    if overflow.any():
        halves = np.abs(pred[overflow] / 2 - true[overflow] / 2)
        magnitude[overflow] = halves
        factor = np.where(overflow, magnitude.dtype.type(2), magnitude.dtype.type(1))
        return magnitude, factor
    return magnitude, None


def _scale(values: np.ndarray, factor) -> np.ndarray:
    """``factor * values`` (``factor`` from :func:`_abs_residual`; ``None`` means 1)."""
    if factor is None:
        return values
    with np.errstate(over="ignore"):
        return values * factor


def _finish(losses: np.ndarray, reduction: str, dtype, shape):
    """Reduce flat per-element ``losses``; return them in the inputs' ``dtype`` (and ``shape`` if unreduced)."""
    with np.errstate(over="ignore"):
        losses = losses.astype(dtype, copy=False)
    if reduction == "none":
        return losses.reshape(shape)
    return reduce_losses(losses, reduction)


def _check_above_minus_one(values: np.ndarray, name: str, *, func: str) -> None:
    bad = ~(values > -1)
    if bad.any():
        raise ValueError(
            f"{name} must be greater than -1 for {func}, which compares log(1 + {name}) with "
            f"log(1 + the other argument); found {values[bad][0]} at index {_first_index(bad)}"
            " — this loss is meant for non-negative targets such as counts, prices or ages;"
            " give the model a non-negative output (e.g. softplus or exp) or use"
            " mean_squared_error for signed targets"
        )


def _check_quantile(value, *, func: str) -> float:
    if type(value) is float and 0.0 < value < 1.0:  # the usual case, answered at once
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"quantile must be a real number in (0, 1) for {func}; found {value!r}")
    value = float(value)
    if not 0.0 < value < 1.0:
        raise ValueError(
            f"quantile must lie strictly between 0 and 1 for {func}; found {value!r}"
            " — e.g. 0.5 for the median, 0.9 for the 90th percentile"
        )
    return value


@checked_call
@shared_doc
def root_mean_squared_error(y_true, y_pred, *, sample_weight=None, reduction: str = "mean"):
    r"""Root mean squared error: the square root of the MSE, in the target's units.

    Parameters
    ----------
    y_true : array_like
        Targets :math:`y`, any shape.
    y_pred : array_like
        Predictions :math:`\hat y`, the same shape as ``y_true``.
    reduction : {"mean", "sum", "none"}, optional
        The reduction applied to the squared errors *before* the root:
        ``"mean"`` (default) returns the RMSE, ``"sum"`` the root of the sum of
        squares (the Euclidean norm of the residuals) and ``"none"`` the root of
        each element's squared error, i.e. :math:`|\hat y - y|` with the input's
        shape (the RMSE of each element on its own).
    sample_weight : array_like, optional
        Weights :math:`w_n \ge 0`: the inputs' shape or a leading part of it
        (one weight per sample, a scalar).  They weigh the squares:
        ``"mean"`` returns :math:`\sqrt{\sum_n w_n r_n^2 / \sum_n w_n}`
        (scikit-learn's ``root_mean_squared_error`` with ``sample_weight``),
        ``"sum"`` :math:`\sqrt{\sum_n w_n r_n^2}`, and ``"none"``
        :math:`w_n |r_n|` (each loss times its weight, as for every loss).

    {returns}

    Raises
    ------
    ValueError
        If the shapes differ, an input is empty or holds NaN or infinity,
        or ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.regression.root_mean_squared_error()``:

    .. math:: \ell\left(y, \hat{y}\right) = \left|{\hat{y} - y}\right|

    Per element the root of the squared error is

    .. math:: \ell(y, \hat y) = \sqrt{(\hat y - y)^2} = |\hat y - y| ,

    but the RMSE is **not** the mean of these: the root comes after the mean,

    .. math:: \mathrm{RMSE} = \sqrt{\frac{1}{N}\sum_{i=1}^N (\hat y_i - y_i)^2}
              = \sqrt{\mathrm{MSE}} ,

    so ``reduction="mean"`` is *not* ``mean(reduction="none")`` (that would be
    the MAE; always :math:`\mathrm{MAE} \le \mathrm{RMSE}`).  RMSE has the
    units of the target, which makes it the easiest regression cost to read.
    Minimising it is the same as minimising the MSE, but its gradient is the
    MSE's divided by :math:`2\,\mathrm{RMSE}`, so it is rarely trained on
    directly.  The residuals are rescaled by the largest one before squaring,
    so the result is finite whenever the RMSE is, even if some squared residual
    exceeds the float range.

    References
    ----------
    R. J. Hyndman and A. B. Koehler, "Another look at measures of forecast
    accuracy", *International Journal of Forecasting* 22(4), 679–688, 2006.

    Examples
    --------
    >>> from lossbook import root_mean_squared_error
    >>> float(root_mean_squared_error([100.0], [92.0]))
    8.0
    >>> float(root_mean_squared_error([0.0, 0.0], [3.0, 4.0], reduction="sum"))
    5.0
    >>> float(root_mean_squared_error([1e200, 0.0], [0.0, 0.0]))  # no overflow
    7.0710678118654755e+199
    """
    if sample_weight is not None:
        if reduction == "none":
            return weighted_call(root_mean_squared_error, (y_true, y_pred), sample_weight, reduction)
        return _weighted_root_mean_squared_error(y_true, y_pred, sample_weight, reduction)
    if reduction == "none":
        return _elementwise(_absolute, y_true, y_pred, reduction, "root_mean_squared_error",
                            _careful_root_mean_squared_error, n_scratch=0, small=_python_floats.absolutes)
    squares = _elementwise(_square, y_true, y_pred, reduction, "root_mean_squared_error", None, n_scratch=0,
                           small=_python_floats.squares)
    # The sum is finite, so no square overflowed; a mean square above the smallest plain square means the largest
    # is above it too, so the squares that underflow are far below the sum's rounding error.
    if squares is not None:
        mean = squares if reduction == "mean" else squares / np.size(y_pred)
        if mean > _PLAIN_SQUARES[squares.dtype]:
            return squares.dtype.type(math.sqrt(squares))  # correctly rounded, as np.sqrt (float32: 53 >= 2·24 + 2)
    return _careful_root_mean_squared_error(y_true, y_pred, reduction)


#: The square of the smallest residual whose square can be summed plainly, per dtype.
_PLAIN_SQUARES = {dtype: np.square(dtype.type(low)) for dtype, (low, high) in _PLAIN_SQUARES_RANGE.items()}


def _careful_root_mean_squared_error(y_true, y_pred, reduction):
    true, pred, shape = _inputs(y_true, y_pred, reduction, func="root_mean_squared_error")
    magnitude, factor = _abs_residual(true, pred)
    if reduction == "none":
        return _scale(magnitude, factor).reshape(shape)
    return _root_sum_of_squares(magnitude, factor, reduction)


def _weighted_root_mean_squared_error(y_true, y_pred, sample_weight, reduction):
    r""":math:`\sqrt{\sum w r^2 / \sum w}` (``"mean"``) or :math:`\sqrt{\sum w r^2}` (``"sum"``), without overflow.

    The weights are scaled by the largest, :math:`v = w / \max w`, and folded
    into the residuals as :math:`\sqrt{v}\,|r|`, whose root sum of squares
    :func:`_root_sum_of_squares` takes with its usual care; the mean divides
    by :math:`\sqrt{\sum v}` (the scale cancels), the sum multiplies by
    :math:`\sqrt{\max w}`.
    """
    func = "root_mean_squared_error"
    true, pred, shape = _inputs(y_true, y_pred, reduction, func=func)
    weights = check_sample_weight(sample_weight, shape, func=func, dtype=true.dtype)
    weights = np.broadcast_to(weights, shape).reshape(-1)
    largest = weights.max()
    if not largest > 0:
        if reduction == "mean":
            raise ValueError(ZERO_SAMPLE_WEIGHT.format(func=func))
        return true.dtype.type(0)
    magnitude, factor = _abs_residual(true, pred)  # a new array: weighted in place below
    relative = weights / largest
    total = np.sum(relative, dtype=true.dtype)
    scaled = np.sqrt(relative, out=relative)
    kept = weighted_losses(scaled, magnitude, out=magnitude)  # a weight of 0 drops its residual whatever its size
    root = _root_sum_of_squares(kept, factor, "sum")
    dtype = true.dtype.type
    with np.errstate(over="ignore"):
        if reduction == "mean":
            return dtype(root / np.sqrt(total))
        return dtype(root * np.sqrt(largest))


def _root_sum_of_squares(magnitude: np.ndarray, factor, reduction: str):
    """``sqrt(reduce((factor * magnitude)**2))`` without overflow or needless underflow."""
    dtype = magnitude.dtype.type
    if factor is not None:  # some residual overflowed: work with half-residuals throughout
        magnitude = np.where(factor == 2, magnitude, magnitude / 2)
    largest = np.max(magnitude)
    if largest == 0:
        return dtype(0)
    low, high = _PLAIN_SQUARES_RANGE[magnitude.dtype]
    if factor is None and low < largest < high:
        # Common case: no square can overflow, and squares that underflow are
        # below the rounding error of the sum, so square in place and add.
        total = np.sum(np.multiply(magnitude, magnitude, out=magnitude))
        if reduction == "mean":
            total = total / dtype(magnitude.size)
        return dtype(np.sqrt(total))
    scaled = magnitude / largest
    with np.errstate(under="ignore"):
        total = np.sum(scaled * scaled, dtype=magnitude.dtype)
    if reduction == "mean":
        total = total / dtype(magnitude.size)
    with np.errstate(over="ignore"):
        result = largest * np.sqrt(total)
        return dtype(result * 2) if factor is not None else dtype(result)


def _root_of_reduced_squares(losses: np.ndarray, reduction: str):
    """The RMSE-style cost from per-element ``|r|``: the root of the mean (or sum) of their squares.

    The catalog gives this to the generic tests as the relation between
    ``reduction="none"`` and the reduced costs of :func:`root_mean_squared_error`.
    """
    return _root_sum_of_squares(np.array(losses, copy=True), None, reduction)


@checked_call
@shared_doc
def mean_squared_log_error(y_true, y_pred, *, sample_weight=None, reduction: str = "mean"):
    r"""Squared logarithmic error; its mean is the MSLE.

    Compares :math:`\log(1 + \hat y)` with :math:`\log(1 + y)`, so it measures
    the *ratio* of :math:`1 + \hat y` to :math:`1 + y` rather than their
    difference.

    Parameters
    ----------
    y_true : array_like
        Targets :math:`y > -1`, any shape (usually counts, prices, ages: :math:`y \ge 0`).
    y_pred : array_like
        Predictions :math:`\hat y > -1`, the same shape as ``y_true``.
    {sample_weight}
    {reduction: elements}

    {returns}

    Raises
    ------
    ValueError
        If a value of ``y_true`` or ``y_pred`` is :math:`\le -1` (the logarithm
        is undefined there; the message names the argument and the index), if
        the shapes differ, an input is empty or holds NaN or infinity, or
        ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.regression.mean_squared_log_error()``:

    .. math:: \ell\left(y, \hat{y}\right) = \left(\log{\left(1 + \hat{y} \right)} - \log{\left(1 + y \right)}\right)^{2}

    Per element,

    .. math:: \ell(y, \hat y) = \bigl(\log(1 + \hat y) - \log(1 + y)\bigr)^2
              = \log^2\frac{1 + \hat y}{1 + y} ,

    and with ``reduction="mean"``
    :math:`\mathrm{MSLE} = \frac{1}{N}\sum_{i=1}^N \ell(y_i, \hat y_i)`.
    Predicting 110 for 100 costs about as much as 11 000 for 10 000: the loss
    depends on relative, not absolute, error.  It is asymmetric: for the same
    absolute error, predicting too little costs more than predicting too much.

    Computed as :math:`\operatorname{log1p}\bigl((h - l)/(1 + l)\bigr)^2` with
    :math:`l, h` the smaller and larger of :math:`y, \hat y`: the two
    logarithms are never subtracted, so close values lose no digits.  Keras
    clips both arguments at ``1e-7`` instead of rejecting values below 0, so it
    agrees with this function only for non-negative inputs.

    References
    ----------
    C. Tofallis, "A better measure of relative prediction accuracy for model
    selection and model estimation", *Journal of the Operational Research
    Society* 66(8), 1352–1362, 2015.

    Examples
    --------
    >>> from lossbook import mean_squared_log_error
    >>> round(float(mean_squared_log_error([100.0], [110.0])), 6)
    0.008913
    >>> round(float(mean_squared_log_error([10000.0], [11000.0])), 6)
    0.009082
    """
    if sample_weight is not None:
        return weighted_call(mean_squared_log_error, (y_true, y_pred), sample_weight, reduction, independent_rows=True)
    return _elementwise(_squared_log_ratio, y_true, y_pred, reduction, "mean_squared_log_error",
                        _careful_squared_log_error, n_scratch=0, small=_python_floats.squared_log_ratios)


def _careful_squared_log_error(y_true, y_pred, reduction):
    func = "mean_squared_log_error"
    true, pred, shape = _inputs(y_true, y_pred, reduction, func=func)
    _check_above_minus_one(true.reshape(shape), "y_true", func=func)  # the index in the caller's shape
    _check_above_minus_one(pred.reshape(shape), "y_pred", func=func)
    low, high = np.minimum(true, pred), np.maximum(true, pred)
    with np.errstate(over="ignore", under="ignore"):
        ratio_minus_one = (high - low) / (1 + low)  # (1 + high)/(1 + low) - 1 >= 0
        log_ratio = np.log1p(ratio_minus_one)
        overflow = np.isinf(ratio_minus_one)
        if overflow.any():  # low near -1, high huge: the logs are far apart, subtract them
            log_ratio[overflow] = np.log1p(high[overflow]) - np.log1p(low[overflow])
        losses = log_ratio * log_ratio
    return _finish(losses, reduction, losses.dtype, shape)


@checked_call
@shared_doc
def huber_loss(y_true, y_pred, *, delta: float = 1.0, sample_weight=None, reduction: str = "mean"):
    r"""Huber loss: squared error for small residuals, absolute error beyond ``delta``.

    Parameters
    ----------
    y_true : array_like
        Targets :math:`y`, any shape.
    y_pred : array_like
        Predictions :math:`\hat y`, the same shape as ``y_true``.
    delta : float, optional
        The residual size :math:`\delta > 0` where the loss turns from quadratic
        to linear (default 1.0, as in PyTorch, Keras and optax).
    {sample_weight}
    {reduction: elements}

    {returns}

    Raises
    ------
    ValueError
        If ``delta`` is not a finite number > 0, the shapes differ, an input is
        empty or holds NaN or infinity, or ``reduction`` is unknown.
    TypeError
        If ``delta`` is not a real number or an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.regression.huber_loss()``:

    .. math:: \ell\left(y, \hat{y}; \delta\right) = \begin{cases} \frac{\left(\hat{y} - y\right)^{2}}{2} & \text{for}\: \delta \geq \left|{\hat{y} - y}\right| \\\delta \left(\left|{\hat{y} - y}\right| - \frac{\delta}{2}\right) & \text{otherwise} \end{cases}

    Per element, with residual :math:`r = \hat y - y`,

    .. math::

        \ell_\delta(y, \hat y) = \begin{cases}
            \tfrac12 r^2 & |r| \le \delta \\
            \delta\,\bigl(|r| - \tfrac12\delta\bigr) & |r| > \delta ,
        \end{cases}

    and ``reduction="mean"`` averages over all elements.  Both pieces and
    their slopes meet at :math:`|r| = \delta`, so the gradient
    :math:`\operatorname{clip}(r, -\delta, \delta)` is continuous and bounded
    by :math:`\delta`: an outlier pulls no harder than a residual of size
    :math:`\delta`.  This is the convention of PyTorch's ``HuberLoss``,
    Keras's ``Huber`` and optax's ``huber_loss``.  PyTorch's ``SmoothL1Loss``
    with ``beta`` is this loss divided by ``delta = beta``:
    :math:`\ell_\delta / \delta`.  Some texts drop the :math:`\tfrac12`
    (twice this loss).

    References
    ----------
    P. J. Huber, "Robust estimation of a location parameter", *The Annals of
    Mathematical Statistics* 35(1), 73–101, 1964.

    Examples
    --------
    >>> from lossbook import huber_loss
    >>> float(huber_loss([100.0], [92.0]))
    7.5
    >>> huber_loss([0.0, 0.0], [0.5, 3.0], delta=1.0, reduction="none")
    array([0.125, 2.5  ])
    """
    delta = check_positive_param(delta, "delta", func="huber_loss")
    if sample_weight is not None:
        return weighted_call(huber_loss, (y_true, y_pred), sample_weight, reduction, independent_rows=True, delta=delta)
    return _elementwise(_huber, y_true, y_pred, reduction, "huber_loss", _careful_huber, n_scratch=0, delta=delta,
                        small=_python_floats.hubers)


def _careful_huber(y_true, y_pred, reduction, delta):
    func = "huber_loss"
    true, pred, shape = _inputs(y_true, y_pred, reduction, func=func)
    dtype = true.dtype
    delta, work = _work_param(delta, dtype)
    magnitude, factor = _abs_residual(true.astype(work, copy=False), pred.astype(work, copy=False))
    with np.errstate(over="ignore", under="ignore"):
        quadratic = (magnitude * 0.5) * magnitude
        if factor is None:
            linear = delta * (magnitude - delta * 0.5)
        else:  # |r| = factor·m, so δ(|r| - δ/2) = factor·δ·(m - δ/(2·factor))
            linear = factor * (delta * (magnitude - delta * 0.5 / factor))
        inside = magnitude <= delta if factor is None else (factor == 1) & (magnitude <= delta)
        losses = np.where(inside, quadratic, linear)
    return _finish(losses, reduction, dtype, shape)


@checked_call
@shared_doc
def pseudo_huber_loss(y_true, y_pred, *, delta: float = 1.0, sample_weight=None, reduction: str = "mean"):
    r"""Pseudo-Huber loss: a smooth loss, quadratic near zero and linear far out.

    Parameters
    ----------
    y_true : array_like
        Targets :math:`y`, any shape.
    y_pred : array_like
        Predictions :math:`\hat y`, the same shape as ``y_true``.
    delta : float, optional
        The scale :math:`\delta > 0` of the residuals where the loss bends from
        quadratic to linear (default 1.0).
    {sample_weight}
    {reduction: elements}

    {returns}

    Raises
    ------
    ValueError
        If ``delta`` is not a finite number > 0, the shapes differ, an input is
        empty or holds NaN or infinity, or ``reduction`` is unknown.
    TypeError
        If ``delta`` is not a real number or an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.regression.pseudo_huber_loss()``:

    .. math:: \ell\left(y, \hat{y}; \delta\right) = \delta^{2} \left(\sqrt{1 + \frac{\left(\hat{y} - y\right)^{2}}{\delta^{2}}} - 1\right)

    Per element, with residual :math:`r = \hat y - y`,

    .. math:: \ell_\delta(y, \hat y) = \delta^2\Bigl(\sqrt{1 + (r/\delta)^2} - 1\Bigr) ,

    and ``reduction="mean"`` averages over all elements.  It behaves like
    :math:`\tfrac12 r^2` for :math:`|r| \ll \delta` and like
    :math:`\delta(|r| - \delta)` for :math:`|r| \gg \delta`; unlike the Huber
    loss it has derivatives of every order.  Its gradient
    :math:`r/\sqrt{1 + (r/\delta)^2}` is bounded by :math:`\delta`.

    The formula as written cancels (the root is nearly 1 for small
    :math:`r/\delta`) and overflows (:math:`(r/\delta)^2` for large); it is
    computed as :math:`r \cdot (r / (\sqrt{1 + s^2} + 1))` with :math:`s = r/\delta`
    (for :math:`\delta = 1` as :math:`r^2 / (\sqrt{1 + r^2} + 1)`), an exact
    rearrangement; in an input where :math:`s^2` could overflow
    (some :math:`|s| > 10^{150}`) the elements with :math:`|s| > 1` are computed
    as :math:`\delta |r| / (\sqrt{1 + s^{-2}} + |s|^{-1})`.
    None of PyTorch, Keras, optax or scikit-learn provides it.

    References
    ----------
    P. Charbonnier, L. Blanc-Féraud, G. Aubert and M. Barlaud, "Two
    deterministic half-quadratic regularization algorithms for computed
    imaging", *Proceedings of the IEEE International Conference on Image
    Processing*, vol. 2, 168–172, 1994.  R. Hartley and A. Zisserman,
    *Multiple View Geometry in Computer Vision*, 2nd ed., Cambridge University
    Press, 2004, appendix A6.8.

    Examples
    --------
    >>> from lossbook import pseudo_huber_loss
    >>> round(float(pseudo_huber_loss([100.0], [92.0])), 6)
    7.062258
    >>> float(pseudo_huber_loss([0.0], [1e-20]))  # r²/2, no cancellation
    5e-41
    """
    delta = check_positive_param(delta, "delta", func="pseudo_huber_loss")
    if sample_weight is not None:
        return weighted_call(pseudo_huber_loss, (y_true, y_pred), sample_weight, reduction,
                             independent_rows=True, delta=delta)
    return _elementwise(_pseudo_huber, y_true, y_pred, reduction, "pseudo_huber_loss", _careful_pseudo_huber,
                        n_scratch=0, small=_SMALL_PSEUDO_HUBER, delta=delta)


def _careful_pseudo_huber(y_true, y_pred, reduction, delta):
    func = "pseudo_huber_loss"
    true, pred, shape = _inputs(y_true, y_pred, reduction, func=func)
    dtype = true.dtype
    delta, work = _work_param(delta, dtype)
    magnitude, factor = _abs_residual(true.astype(work, copy=False), pred.astype(work, copy=False))
    one = work.type(1)
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        s = magnitude / delta if factor is None else (magnitude / delta) * factor
        small = s <= 1
        # s <= 1:  r² / (√(1 + s²) + 1)
        near = magnitude * (magnitude / (np.hypot(one, s) + one))
        # s > 1:   δ|r| / (√(1 + 1/s²) + 1/s), with 1/s = δ/|r| computed without forming s
        inverse = delta / magnitude if factor is None else (delta / magnitude) / factor
        far = (delta * magnitude) / (np.hypot(one, inverse) + inverse)
        far = _scale(far, factor)
        losses = np.where(small, _scale(near, factor), far)
    return _finish(losses, reduction, dtype, shape)


@checked_call
@shared_doc
def log_cosh_loss(y_true, y_pred, *, sample_weight=None, reduction: str = "mean"):
    r"""Log-cosh loss: :math:`\log\cosh` of the residual, smooth and robust.

    Parameters
    ----------
    y_true : array_like
        Targets :math:`y`, any shape.
    y_pred : array_like
        Predictions :math:`\hat y`, the same shape as ``y_true``.
    {sample_weight}
    {reduction: elements}

    {returns}

    Raises
    ------
    ValueError
        If the shapes differ, an input is empty or holds NaN or infinity,
        or ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.regression.log_cosh_loss()``:

    .. math:: \ell\left(y, \hat{y}\right) = \log{\left(\cosh{\left(\hat{y} - y \right)} \right)}

    Per element, with residual :math:`r = \hat y - y`,

    .. math:: \ell(y, \hat y) = \log\cosh(\hat y - y) ,

    and ``reduction="mean"`` averages over all elements.  It is about
    :math:`\tfrac12 r^2` for small residuals and :math:`|r| - \log 2` for large
    ones — a pseudo-Huber-like loss with a fixed bend at :math:`|r| \approx 1`;
    its gradient :math:`\tanh r` is bounded by 1.

    ``log(cosh r)`` cancels for small :math:`r` and ``cosh`` overflows for
    :math:`|r| > 710`, so the loss is computed as
    :math:`\tfrac12\operatorname{log1p}(\sinh^2 r)` (:math:`\cosh^2 = 1 + \sinh^2`,
    with no cancellation) up to :math:`|r| = 20`, and beyond as
    :math:`|r| - 20 + \log\cosh 20`, equal to
    :math:`|r| - \log 2 + \operatorname{log1p}(e^{-2|r|})` well below
    rounding.  Keras's ``LogCosh`` and optax's ``log_cosh`` compute the same
    loss.

    References
    ----------
    P. J. Green, "Bayesian reconstructions from emission tomography data using
    a modified EM algorithm", *IEEE Transactions on Medical Imaging* 9(1),
    84–93, 1990.

    Examples
    --------
    >>> from lossbook import log_cosh_loss
    >>> round(float(log_cosh_loss([100.0], [92.0])), 6)
    7.306853
    >>> float(log_cosh_loss([0.0], [1000.0]))  # cosh(1000) overflows; the loss does not
    999.3068528194401
    """
    if sample_weight is not None:
        return weighted_call(log_cosh_loss, (y_true, y_pred), sample_weight, reduction, independent_rows=True)
    return _elementwise(_log_cosh, y_true, y_pred, reduction, "log_cosh_loss", _careful_log_cosh)


def _careful_log_cosh(y_true, y_pred, reduction):
    true, pred, shape = _inputs(y_true, y_pred, reduction, func="log_cosh_loss")
    magnitude, factor = _abs_residual(true, pred)
    with np.errstate(over="ignore", under="ignore"):
        if factor is not None:
            magnitude = _scale(magnitude, factor)  # inf exactly where log cosh r > 1.8e308
        far = magnitude > 1
        half_sinh = np.sinh(np.where(far, 0, magnitude * 0.5))
        losses = np.log1p(2 * (half_sinh * half_sinh))
        big = magnitude[far]
        losses[far] = (big - magnitude.dtype.type(_LN2)) + np.log1p(np.exp(-2 * big))
    return _finish(losses, reduction, losses.dtype, shape)


@checked_call
@shared_doc
def quantile_loss(y_true, y_pred, *, quantile: float = 0.5, sample_weight=None, reduction: str = "mean"):
    r"""Quantile (pinball) loss: an absolute error weighted differently on each side.

    Parameters
    ----------
    y_true : array_like
        Targets :math:`y`, any shape.
    y_pred : array_like
        Predictions :math:`\hat y`, the same shape as ``y_true``.
    quantile : float, optional
        The quantile level :math:`\tau \in (0, 1)` the prediction should
        estimate (default 0.5, the median, as scikit-learn's ``alpha``).
    {sample_weight}
    {reduction: elements}

    {returns}

    Raises
    ------
    ValueError
        If ``quantile`` is not strictly between 0 and 1, the shapes differ,
        an input is empty or holds NaN or infinity, or ``reduction`` is unknown.
    TypeError
        If ``quantile`` is not a real number or an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.regression.quantile_loss()``:

    .. math:: \ell\left(y, \hat{y}; \tau\right) = \begin{cases} \tau \left(y - \hat{y}\right) & \text{for}\: \hat{y} \leq y \\\left(1 - \tau\right) \left(\hat{y} - y\right) & \text{otherwise} \end{cases}

    Per element,

    .. math::

        \ell_\tau(y, \hat y) = \begin{cases}
            \tau\,(y - \hat y) & \hat y \le y \ \text{(under-prediction)} \\
            (1 - \tau)\,(\hat y - y) & \hat y > y \ \text{(over-prediction)} ,
        \end{cases}

    and ``reduction="mean"`` averages over all elements.  The constant that
    minimises the mean loss over a sample is its :math:`\tau`-quantile, so a
    model trained with it predicts a quantile instead of a mean; with
    :math:`\tau = \tfrac12` it is half the absolute error.  Here the residual
    is written :math:`y - \hat y` as in the statistics literature: a large
    :math:`\tau` makes under-prediction expensive.  scikit-learn's
    ``mean_pinball_loss(y_true, y_pred, alpha=tau)`` is the same cost.

    References
    ----------
    R. Koenker and G. Bassett, "Regression quantiles", *Econometrica* 46(1),
    33–50, 1978.

    Examples
    --------
    >>> from lossbook import quantile_loss
    >>> float(quantile_loss([100.0], [92.0], quantile=0.9))  # 8 too low
    7.2
    >>> float(quantile_loss([100.0], [108.0], quantile=0.9))  # 8 too high
    0.8
    """
    quantile = _check_quantile(quantile, func="quantile_loss")
    if sample_weight is not None:
        return weighted_call(quantile_loss, (y_true, y_pred), sample_weight, reduction,
                             independent_rows=True, quantile=quantile)
    return _elementwise(_pinball, y_true, y_pred, reduction, "quantile_loss", _careful_quantile, n_scratch=0,
                        small=_python_floats.pinballs, quantile=quantile, other=1.0 - quantile)


def _careful_quantile(y_true, y_pred, reduction, quantile, other):
    true, pred, shape = _inputs(y_true, y_pred, reduction, func="quantile_loss")
    dtype = true.dtype
    tau, work = _work_param(quantile, dtype)
    other, _ = _work_param(other, work)  # 1 - τ rounded once, from the float64 τ (by quantile_loss)
    true, pred = true.astype(work, copy=False), pred.astype(work, copy=False)
    magnitude, factor = _abs_residual(true, pred)
    weight = np.where(pred <= true, tau, other)
    with np.errstate(over="ignore", under="ignore"):
        losses = _scale(weight * magnitude, factor)
    return _finish(losses, reduction, dtype, shape)


mse = mean_squared_error
mae = mean_absolute_error
rmse = root_mean_squared_error
msle = mean_squared_log_error
