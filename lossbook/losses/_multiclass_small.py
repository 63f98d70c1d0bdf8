r"""Small inputs of the multi-class losses: Python floats around a few NumPy calls.

On a few dozen numbers a NumPy call costs far more than the arithmetic, so
float64 arrays of at most :data:`SMALL` elements are read into Python lists
and computed there.  The results are the fast paths' bits: Python's ``+``,
``-``, ``*`` and ``/`` on floats are IEEE float64 operations, exactly
NumPy's; the logarithms and exponentials still go through NumPy (one call
each, on the elements that need them); and every sum is taken in NumPy's
own pairwise order (:func:`pairwise_sum`, as ``row_sums`` in
:mod:`._multiclass_blocks` relies on).  The checks are those of the fast
paths, in Python: ``min``/``max`` of the entries and each row's sum.
Anything they refuse, or any loss that is not finite, returns ``None``:
the general path decides, with its messages.
"""

from __future__ import annotations

import math

import numpy as np

from ._multiclass_blocks import _half_tolerance
from .._numerics.validation import REDUCTIONS

__all__ = ["SMALL", "pairwise_sum", "small_categorical", "small_sparse", "small_kl"]

#: Largest number of elements (of ``y_pred``) computed in Python floats.
SMALL = 64

_FLOAT64 = np.dtype(np.float64)
#: ``exp(x)`` of any ``x`` at or above this is a normal float64: no underflow flag to silence.
_NO_UNDERFLOW = -708.0


def pairwise_sum(values) -> float:
    """NumPy's ``add.reduce`` of a contiguous float64 array, bit for bit, on a list.

    Fewer than 8 numbers: left to right from ``-0.0``; up to 128: eight
    running sums combined as ((0+1)+(2+3))+((4+5)+(6+7)), then the rest;
    more: the two halves (the first a multiple of 8 long) summed alike.
    """
    n = len(values)
    if n < 8:
        total = -0.0
        for value in values:
            total += value
        return total
    if n <= 128:
        r0, r1, r2, r3, r4, r5, r6, r7 = values[:8]
        stop = n - n % 8
        for i in range(8, stop, 8):
            r0 += values[i]
            r1 += values[i + 1]
            r2 += values[i + 2]
            r3 += values[i + 3]
            r4 += values[i + 4]
            r5 += values[i + 5]
            r6 += values[i + 6]
            r7 += values[i + 7]
        total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        for value in values[stop:]:
            total += value
        return total
    half = n // 2
    half -= half % 8
    return pairwise_sum(values[:half]) + pairwise_sum(values[half:])


def _small_table(y_pred, reduction):
    """``y_pred`` if it is a small float64 array of rows the Python path takes, else ``None``."""
    if (type(y_pred) is not np.ndarray or y_pred.dtype is not _FLOAT64 or not 0 < y_pred.size <= SMALL
            or y_pred.ndim == 0 or reduction not in REDUCTIONS):
        return None
    return y_pred


def _probability_rows(values: list, n_classes: int) -> bool:
    """Entries in [0, 1], each row's sum within half the tolerance of 1; a NaN fails its row's sum."""
    if not (min(values) >= 0 and max(values) <= 1):
        return False
    limit = _half_tolerance(_FLOAT64, n_classes)
    for start in range(0, len(values), n_classes):
        if not abs(sum(values[start:start + n_classes]) - 1) <= limit:
            return False
    return True


def _finish(losses: list, reduction: str, shape: tuple):
    """The losses reduced as ``reduce_losses`` reduces them; ``None`` if their sum is not finite."""
    total = pairwise_sum(losses)
    if not math.isfinite(total):
        return None
    if reduction == "none":
        return np.array(losses, _FLOAT64).reshape(shape)
    return _FLOAT64.type(total / len(losses) if reduction == "mean" else total)


def _neg_logs(values: list, array: np.ndarray) -> list:
    """``neg_log`` of ``values`` (in [0, 1]; ``array`` holds them): ``-log1p(p - 1)`` where ``p > 0.5``, else ``-log p``.

    The error state is set only when a 0 can divide (``log 0``): nothing else here raises a flag.
    """
    if min(values) > 0:
        logs = np.log(array.reshape(-1)).tolist()
    else:
        with np.errstate(divide="ignore"):
            logs = np.log(array.reshape(-1)).tolist()
    high = [p - 1.0 for p in values if p > 0.5]
    if not high:
        return [-low + 0.0 for low in logs]
    near_one = iter(np.log1p(np.array(high, _FLOAT64)).tolist())
    return [-(next(near_one) if p > 0.5 else low) + 0.0 for p, low in zip(values, logs)]


def _shifts_and_tails(z: list, n_classes: int):
    """Each row's largest logit (the first, as ``argmax``), its index and ``log1p`` of the other ``exp(z - m)``."""
    shifts, winners, differences = [], [], []
    for start in range(0, len(z), n_classes):
        row = z[start:start + n_classes]
        shift = max(row)
        shifts.append(shift)
        winners.append(start + row.index(shift))
        differences.extend([value - shift for value in row])
    if min(differences) >= _NO_UNDERFLOW:
        e = np.exp(np.array(differences, _FLOAT64)).tolist()
    else:
        with np.errstate(under="ignore"):
            e = np.exp(np.array(differences, _FLOAT64)).tolist()
    tails = []
    for winner in winners:
        e[winner] = 0.0
    for start in range(0, len(z), n_classes):
        tails.append(pairwise_sum(e[start:start + n_classes]))
    return shifts, np.log1p(np.array(tails, _FLOAT64)).tolist()


def small_categorical(y_true, y_pred, reduction, from_logits: bool):
    """The unweighted categorical cross-entropy of small float64 rows; ``None`` to fall back."""
    pred = _small_table(y_pred, reduction)
    if pred is None or type(y_true) is not np.ndarray or y_true.dtype is not _FLOAT64 or y_true.shape != pred.shape:
        return None
    n_classes = pred.shape[-1]
    t, z = y_true.ravel().tolist(), pred.ravel().tolist()
    if not _probability_rows(t, n_classes):
        return None
    if from_logits:
        if not math.isfinite(sum(z)):  # NaN or infinity (or an overflowing sum: the general path)
            return None
        shifts, log_tails = _shifts_and_tails(z, n_classes)
        nll = []
        for row, (shift, log_tail) in enumerate(zip(shifts, log_tails)):
            nll.extend([(shift - value) + log_tail for value in z[row * n_classes:(row + 1) * n_classes]])
    else:
        if not _probability_rows(z, n_classes):
            return None
        nll = _neg_logs(z, pred)
    terms = [loss * target for loss, target in zip(nll, t)]
    losses = [pairwise_sum(terms[start:start + n_classes]) + 0.0 for start in range(0, len(terms), n_classes)]
    return _finish(losses, reduction, pred.shape[:-1])


def small_sparse(y_true, y_pred, reduction, from_logits: bool):
    """The unweighted sparse cross-entropy of small float64 rows and integer labels; ``None`` to fall back."""
    pred = _small_table(y_pred, reduction)
    if (pred is None or type(y_true) is not np.ndarray or y_true.dtype.kind not in "iu"
            or y_true.shape != pred.shape[:-1]):
        return None
    n_classes = pred.shape[-1]
    labels, z = y_true.ravel().tolist(), pred.ravel().tolist()
    if not (min(labels) >= 0 and max(labels) < n_classes):
        return None
    picked = [z[row * n_classes + label] for row, label in enumerate(labels)]
    if from_logits:
        if not math.isfinite(sum(z)):
            return None
        shifts, log_tails = _shifts_and_tails(z, n_classes)
        losses = [(shift - value) + log_tail for shift, value, log_tail in zip(shifts, picked, log_tails)]
    else:
        if not _probability_rows(z, n_classes):
            return None
        losses = _neg_logs(picked, np.array(picked, _FLOAT64))
    return _finish(losses, reduction, y_true.shape)


# ------------------------------------------------------------------ KL divergence
_FACTOR = 2.0 ** 27 + 1  # Veltkamp's split of a float64
_TINY, _HIGH = float(np.finfo(np.float64).tiny), 1e290


def small_kl(y_true, y_pred, reduction, near_factor):
    """The KL divergence of small float64 rows, term by term as ``_kl_terms``; ``None`` to fall back.

    ``near_factor(s)`` is the near terms' factor ``s S(s)`` on a Python float.  A ratio
    ``y/p`` that is not an ordinary number with ``y > 0`` (``p = 0`` or an
    extreme ratio) falls back.
    """
    pred = _small_table(y_pred, reduction)
    if pred is None or type(y_true) is not np.ndarray or y_true.dtype is not _FLOAT64 or y_true.shape != pred.shape:
        return None
    n_classes = pred.shape[-1]
    y, p = y_true.ravel().tolist(), pred.ravel().tolist()
    if not (_probability_rows(y, n_classes) and _probability_rows(p, n_classes)):
        return None
    terms = [0.0] * len(p)
    far, ratios = [], []
    for i, (yi, pi) in enumerate(zip(y, p)):
        if yi == 0:
            terms[i] = pi + 0.0
            continue
        if pi == 0:
            return None  # an infinite term
        d = yi - pi
        s = d / (yi + pi)
        if abs(s) <= 1 / 3:
            terms[i] = d * near_factor(s) + 0.0
        else:
            q = yi / pi
            if not _TINY <= q <= _HIGH:
                return None
            far.append(i)
            ratios.append(q)
    if far:
        log_ratios = np.log(np.array(ratios, _FLOAT64)).tolist()
        for i, q, log_ratio in zip(far, ratios, log_ratios):
            yi, pi = y[i], p[i]
            # exact.two_product(q, pi) and (yi, log_ratio), operation for operation, written out (calls cost more)
            x = q * pi
            c = _FACTOR * q
            a_hi = c - (c - q)
            a_lo = q - a_hi
            c = _FACTOR * pi
            b_hi = c - (c - pi)
            b_lo = pi - b_hi
            q_err = (yi - x) - (a_lo * b_lo - (((x - a_hi * b_hi) - a_lo * b_hi) - a_hi * b_lo))
            product = yi * log_ratio
            c = _FACTOR * yi
            a_hi = c - (c - yi)
            a_lo = yi - a_hi
            c = _FACTOR * log_ratio
            b_hi = c - (c - log_ratio)
            b_lo = log_ratio - b_hi
            product_err = a_lo * b_lo - (((product - a_hi * b_hi) - a_lo * b_hi) - a_hi * b_lo)
            gap = pi + -yi
            virtual = gap - pi
            gap_err = (pi - (gap - virtual)) + (-yi - virtual)
            terms[i] = (product + gap) + ((product_err + q_err) + gap_err) + 0.0
    losses = [pairwise_sum(terms[start:start + n_classes]) for start in range(0, len(terms), n_classes)]
    return _finish(losses, reduction, pred.shape[:-1])
