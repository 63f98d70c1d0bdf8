"""A few numbers: the element-wise losses in Python floats, with the bits of the one-block path.

On a dozen numbers each NumPy call costs far more than the arithmetic, so
float64 arrays of at most :data:`SMALL` elements are read into lists and a
*formula* ``formula(*columns, *params)`` returns the list of per-element
losses.  Python's ``+``, ``-``, ``*``, ``/``, ``abs``, and comparisons on
floats are the IEEE float64 operations NumPy's kernels use, so a formula
that repeats its kernel's operations in the same order gives the same
losses (or ``None`` to refuse); the sum is NumPy's pairwise order
(:func:`pairwise_sum`).  A NaN or infinite input makes its loss, and so
the total, NaN or infinite, except where a formula says otherwise.  Only
``math.sqrt`` (correctly rounded, as ``np.sqrt``) is used; a logarithm is
taken by one NumPy call on the list (NumPy's ``log1p`` need not round as
:mod:`math`'s does).  An input that is
not finite, or a total that is not, returns ``None``: the general path
decides, with its messages.
"""

from __future__ import annotations

import math

import numpy as np

from ._multiclass_small import SMALL, pairwise_sum

__all__ = ["SMALL", "python_losses", "squares", "absolutes", "squared_log_ratios", "pseudo_hubers", "hubers",
           "pinballs", "hinges", "squared_hinges", "half_squares_from_one", "least_squares_pairs", "differences",
           "negatives", "hinge_pairs", "hard_focals"]

_FLOAT64 = np.dtype(np.float64)


def python_losses(formula, arrays, reduction: str, params=()):
    """``formula``'s losses of the float64 ``arrays`` (one shape, at most ``SMALL`` elements), reduced; or ``None``."""
    losses = formula(*[array.tolist() if array.ndim == 1 else array.ravel().tolist() for array in arrays], *params)
    if losses is None:
        return None
    total = pairwise_sum(losses)
    if not math.isfinite(total):
        return None
    if reduction == "none":
        return np.array(losses, _FLOAT64).reshape(arrays[0].shape)
    return _FLOAT64.type(total / len(losses) if reduction == "mean" else total)


# ----------------------------------------------------------------------------- regression (y_true, y_pred)
def squares(true, pred):
    """:func:`lossbook.losses._regression_kernels.square`: ``r·r``, ``r = ŷ - y``."""
    return [(p - t) * (p - t) for t, p in zip(true, pred)]


def absolutes(true, pred):
    """:func:`lossbook.losses._regression_kernels.absolute`: ``|ŷ - y|``."""
    return [abs(p - t) for t, p in zip(true, pred)]


def squared_log_ratios(true, pred):
    """``squared_log_ratio`` (lossbook.losses._regression_kernels): ``log1p((h - l)/(l + 1))²``, NumPy's ``log1p``."""
    ratios = []
    for t, p in zip(true, pred):
        low, high = (t, p) if t <= p else (p, t)
        if not low > -1:
            return None
        ratios.append((high - low) / (low + 1))
    return [x * x for x in np.log1p(np.array(ratios, _FLOAT64)).tolist()]


def pseudo_hubers(true, pred, delta, *, safe: float):
    """:func:`lossbook.losses._regression_kernels.pseudo_huber`; refused unless every ``(r/δ)²`` is below ``safe``."""
    if delta == 1:  # one list: a loss below √safe/10 has r² < safe/100 (a NaN may hide from max(), not the total)
        sqrt = math.sqrt
        losses = [(q := (p - t) * (p - t)) / (sqrt(q + 1) + 1) for t, p in zip(true, pred)]
        return losses if max(losses) < 0.1 * sqrt(safe) else None
    residuals = [p - t for t, p in zip(true, pred)]
    squared = [(r / delta) * (r / delta) for r in residuals]
    if not max(squared) < safe:
        return None
    return [r * (r / (math.sqrt(q + 1) + 1)) for r, q in zip(residuals, squared)]


def hubers(true, pred, delta):
    """:func:`lossbook.losses._regression_kernels.huber`: ``c·(a - c·0.5)``, ``a = |r|``, ``c = min(a, δ)``."""
    losses = []
    for t, p in zip(true, pred):
        a = abs(p - t)
        c = a if a <= delta else delta
        losses.append(c * (a - c * 0.5))
    return losses


def pinballs(true, pred, quantile, other):
    """``pinball`` (lossbook.losses._regression_kernels): ``max(-(1 - τ)(y - ŷ), τ(y - ŷ))``, ties to the second."""
    losses = []
    for t, p in zip(true, pred):
        r = t - p
        over, under = r * -other, r * quantile
        losses.append(over if over > under else under)
    return losses


# ----------------------------------------------------------------------------- binary labels ±1 and scores
def hinges(true, pred):
    """``hinge_kernel`` (lossbook.losses._binary_kernels): ``max(1 - y·s, 0)``; refused unless every label is ±1 and
    every margin ``y·s`` is below +inf (whose loss, 0, would hide a NaN or an infinite score)."""
    losses = []
    for y, s in zip(true, pred):
        margin = y * s
        if not ((y == 1 or y == -1) and margin < math.inf):
            return None
        gap = 1 - margin
        losses.append(gap if gap > 0 else 0.0)
    return losses


def squared_hinges(true, pred):
    """``squared_hinge_kernel`` (lossbook.losses._binary_kernels): :func:`hinges` squared."""
    losses = hinges(true, pred)
    return None if losses is None else [loss * loss for loss in losses]


def hard_focals(true, pred, gamma, alpha):
    r"""``focal_kernel`` (lossbook.losses._binary_kernels) from probabilities, for labels 0 and 1: the cross-entropy
    :math:`-\log p_t` (``hard_cross_entropy`` of lossbook.losses._fused_kernels: for a label 0,
    :math:`-\log h - ((1 - h) - p)/h` with :math:`h = 1 - p` rounded) times ``(1 - p_t)^γ`` with the rounding error
    of ``y - p`` carried to first order, times ``α_t``; NumPy's ``log`` (and ``power`` for γ other than 0 and 2).
    Refused unless every label is 0 or 1 and every probability lies strictly between 0 and 1 (the edges are the
    general path's)."""
    for y, p in zip(true, pred):
        if not ((y == 0 or y == 1) and 0 < p < 1):
            return None
    log_targets = np.log(np.array([p if y == 1 else 1 - p for y, p in zip(true, pred)], _FLOAT64)).tolist()
    if gamma == 2:  # y - p squared as it is: for y = 0, (-p)² = p², and the error below is 0
        powers = None
    elif gamma:
        powers = np.power(np.abs(np.subtract(true, pred)), gamma).tolist()  # |y - p|: p, or 1 - p rounded
    losses = []
    for i, (y, p, log_target) in enumerate(zip(true, pred, log_targets)):
        h = 1 - p  # rounded: 1 - p = h + ((1 - h) - p) exactly
        loss = 0.0 - log_target if y == 1 else (0.0 - log_target) - ((1 - h) - p) / h
        if gamma:
            miss = y - p
            power = miss * miss if powers is None else powers[i]
            error = (((y - miss) - p) * gamma) / (miss if powers is None else abs(miss))  # y - p's rounding, × γ
            loss *= power + power * error
        if alpha is not None:
            loss *= alpha + 0.0 if y else 1 - alpha
        losses.append(loss)
    return losses


# ----------------------------------------------------------------------------- GAN scores
def half_squares_from_one(fake):
    """:func:`lossbook.losses._adversarial_kernels.least_squares_generator`: ``(0.5 d)·d``, ``d = f - 1``."""
    return [((d := f - 1) * 0.5) * d for f in fake]


def least_squares_pairs(real, fake):
    """:func:`lossbook.losses._adversarial_kernels.least_squares_discriminator`: ``(0.5 d)·d + (0.5 f)·f``."""
    return [((d := r - 1) * 0.5) * d + (f * 0.5) * f for r, f in zip(real, fake)]


def differences(real, fake):
    """:func:`lossbook.losses._adversarial_kernels.wasserstein_critic`: ``f - r``."""
    return [f - r for r, f in zip(real, fake)]


def negatives(fake):
    """The WGAN generator's ``-f`` (its sum: minus the pairwise sum of the scores, bit for bit)."""
    return [-f for f in fake]


def hinge_pairs(real, fake):
    """:func:`lossbook.losses._adversarial_kernels.hinge_discriminator`: ``max(1 - r, 0) + max(f + 1, 0)``."""
    if not math.isfinite(sum(real) + sum(fake)):  # +inf real or -inf fake scores would cost 0: not here
        return None
    losses = []
    for r, f in zip(real, fake):
        below, above = 1 - r, f + 1
        losses.append((below if below > 0 else 0.0) + (above if above > 0 else 0.0))
    return losses
