"""Fast kernels of the binary losses, for lossbook._numerics.blocks: one block of per-element losses at a time.

Each kernel writes the losses of one block into ``out`` with a few block-sized
``scratch`` buffers, in place, so a loss of ``10**7`` elements costs at most
about a megabyte of extra memory.  The labels are range-checked with the
min/max of the block (NaN fails them); a bad probability or score needs no
check of its own where it makes the loss NaN.  What a kernel refuses — and
any total that is not finite: a label of 0 against a probability of 0, an
infinite logit — goes to the careful path of lossbook.losses.binary, which
checks argument by argument and handles the edges exactly.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from . import _fused as fused

__all__ = ["CROSS_ENTROPY_KERNELS", "hinge_kernel", "squared_hinge_kernel", "focal_kernel", "focus", "in_unit_interval"]

#: Below this many elements a range check is one Python min/max over a list: a NumPy reduction's call costs more.
_SMALL = 32

_FLOAT64, _FLOAT32 = np.dtype(np.float64), np.dtype(np.float32)


def _constant(value: float, dtype) -> np.ndarray:
    """``value`` as a read-only 0-d array of ``dtype``: a ufunc takes it faster than a Python number, same result.

    Only for the dtype of the array it meets (a Python number would be cast
    to that dtype too), so the ufunc's loop is the same.
    """
    array = np.array(value, dtype)
    array.flags.writeable = False
    return array


def _constant_of(value: float) -> np.ndarray:
    """A focal parameter as a float64 :func:`_constant`, made once per value (0 and -0 apart)."""
    return _float64_constant(value, math.copysign(1.0, value))


@functools.lru_cache(maxsize=32)
def _float64_constant(value: float, sign: float) -> np.ndarray:
    return _constant(value, _FLOAT64)


#: 0 and 1 in each dtype the kernels compute in.
_ZERO = {dtype: _constant(0, dtype) for dtype in (_FLOAT64, _FLOAT32)}
_ONE = {dtype: _constant(1, dtype) for dtype in (_FLOAT64, _FLOAT32)}


def in_unit_interval(values: np.ndarray) -> bool:
    """Whether every value lies in [0, 1] (NaN fails, except in a small block, whose loss is then NaN)."""
    if values.size <= _SMALL:
        listed = values.tolist()
        return min(listed) >= 0 and max(listed) <= 1
    return bool(np.minimum.reduce(values) >= 0) and bool(np.maximum.reduce(values) <= 1)


def _log_target(out, true, pred) -> bool:
    r""":math:`\log p_t` of labels 0 and 1 into ``out``: the label's probability from a compiled loop
    (:func:`._fused_kernels.hard_target`), then NumPy's logarithm.  ``False`` (``out`` written over) unless every
    label is 0 or 1 and every probability lies in [0, 1]."""
    dtype = out.dtype
    if not fused.loops().hard_target(out, true, pred, fused.ZERO[dtype], fused.ONE[dtype]):
        return False
    np.log(out, out)
    return True


def _hard_cross_entropy(out, true, pred) -> bool:
    r""":math:`-\log p_t` of labels 0 and 1 into ``out`` (:func:`_log_target`, then
    :func:`._fused_kernels.hard_cross_entropy`); ``False`` as :func:`_log_target`."""
    if not _log_target(out, true, pred):
        return False
    fused.loops().hard_cross_entropy(out, true, pred, fused.ZERO[out.dtype], fused.ONE[out.dtype])
    return True


def _cross_entropy_kernel(out, scratch, true, pred):
    r"""Binary cross-entropy of labels in [0, 1].

    Float64 labels 0 and 1 with probabilities in [0, 1]: :math:`-\log p_t`, one
    NumPy logarithm per element between two compiled loops
    (:func:`._fused_kernels.hard_target`, :func:`._fused_kernels.hard_cross_entropy`),
    within :data:`._fused_kernels.ONE_LOG_ERROR` units of rounding of the exact loss (two logarithms: one).  Not in float32,
    where NumPy's ``log`` is up to 5·2⁻²⁴ off and ``log1p`` 1.6·2⁻²⁴.
    Otherwise ``(y - 1) log1p(-p) - y log p`` (two terms >= 0): NumPy's two
    logarithms, then one compiled loop (:func:`._fused_kernels.cross_entropy`)
    that also checks the labels.  The probabilities need no check there: one
    outside [0, 1], or NaN, makes a log NaN (``log p`` for p < 0, ``log1p(-p)``
    for p > 1; a weight 0 keeps it, 0 · NaN = NaN), and a total that is not
    finite goes to the careful path.
    """
    dtype = out.dtype
    if dtype is _FLOAT64 and _hard_cross_entropy(out, true, pred):
        return None
    log_miss = np.log1p(np.negative(pred, scratch[0]), scratch[0])
    if not fused.loops().cross_entropy(np.log(pred, out), true, log_miss, fused.ZERO[dtype], fused.ONE[dtype]):
        return False


def _cross_entropy(out, scratch, true, pred):
    """The arithmetic of :func:`_cross_entropy_kernel`; leaves ``y - 1`` in ``scratch[1]``."""
    negative = np.log1p(np.negative(pred, scratch[0]), scratch[0])  # out= by position: a faster call
    np.multiply(np.subtract(true, _ONE[true.dtype], scratch[1]), negative, negative)
    np.multiply(np.log(pred, out), true, out)
    np.subtract(negative, out, out)


def _cross_entropy_logits_kernel(out, scratch, true, pred):
    """``log1p(e^{-|z|}) + ([z >= 0] - y)·z``: softplus of the right sign for each label, two terms >= 0; NumPy's
    ``exp`` and ``log1p``, then one compiled loop (:func:`._fused_kernels.cross_entropy_from_logits`) that also
    checks the labels."""
    dtype, tail = out.dtype, scratch[0]
    np.log1p(np.exp(np.negative(np.abs(pred, tail), tail), tail), tail)
    if not fused.loops().cross_entropy_from_logits(out, true, pred, tail, fused.ZERO[dtype], fused.ONE[dtype]):
        return False


def _cross_entropy_logits(out, scratch, true, pred, tail):
    """The arithmetic of :func:`_cross_entropy_logits_kernel`; leaves :math:`e^{-|z|}` in ``scratch[0]``,
    :math:`[z \\ge 0]` in ``scratch[1]`` and :math:`[z \\ge 0] - y` in ``scratch[2]`` (which may be
    ``scratch[1]``; the tail goes to ``tail``, which may be ``scratch[0]``)."""
    exp = np.exp(np.negative(np.abs(pred, scratch[0]), scratch[0]), scratch[0])
    np.log1p(exp, tail)
    side = np.greater_equal(pred, _ZERO[pred.dtype], scratch[1])
    np.multiply(np.subtract(side, true, scratch[2]), pred, out)
    np.add(tail, out, out)


#: The fast kernel of binary_cross_entropy, by ``from_logits``.
CROSS_ENTROPY_KERNELS = {False: _cross_entropy_kernel, True: _cross_entropy_logits_kernel}


def hinge_kernel(out, scratch, true, pred):
    """``max(0, 1 - y·s)`` for labels exactly ±1, in one compiled loop (:func:`._fused_kernels.hinge`).

    A margin :math:`y s = +\\infty` would vanish from the total, so every
    margin must be below +inf (NaN fails too); :math:`-\\infty` makes the total
    infinite, which sends the call to the careful path anyway.
    """
    return None if fused.loops().hinge(out, true, pred, fused.ONE[out.dtype], fused.ZERO[out.dtype]) else False


def squared_hinge_kernel(out, scratch, true, pred):
    """:func:`hinge_kernel` squared, in the same loop."""
    return None if fused.loops().squared_hinge(out, true, pred, fused.ONE[out.dtype], fused.ZERO[out.dtype]) else False


def focus(true, positive, negative, negative_error, gamma: float) -> np.ndarray:
    r"""``(1 - p_t)**gamma`` with ``1 - p_t = y * negative + (1 - y) * positive`` formed in double-double.

    ``negative + negative_error`` is :math:`1 - \hat y` (exact for probabilities).
    The power multiplies the relative error of its base by gamma, so the base is
    summed with its rounding errors (TwoSum, TwoProduct) and the power corrected
    to first order: :math:`(q + e)^\gamma = q^\gamma (1 + \gamma e / q)`.  The base and the
    correction come from one compiled loop (:func:`._focus_kernel.focus_base`) over
    float64 arrays of ``true``'s shape (``positive``, ``negative`` and
    ``negative_error`` may be numbers), the power from NumPy.
    """
    from ._focus_kernel import focus_base  # here: Numba loads when a focal loss first runs, not with lossbook

    flat = [np.ascontiguousarray(np.broadcast_to(value, true.shape), dtype=np.float64).reshape(-1)
            for value in (true, positive, negative, negative_error)]
    miss, relative = np.empty(flat[0].shape), np.empty(flat[0].shape)
    focus_base(*flat, float(gamma), miss, relative)
    with np.errstate(invalid="ignore"):  # a base below 0 (a bad probability): NaN, for the careful path
        power = miss**gamma
    power += np.multiply(power, relative, out=relative)
    return power.reshape(true.shape)


def _hard_labels(true, other, product) -> bool:
    """Whether every label of a large block is 0 or 1: ``y (1 - y) = 0``, with ``other = ±(1 - y)`` if given."""
    if other is None:
        other = np.subtract(_ONE[true.dtype], true, product)
    return not np.multiply(true, other, product).any()


_HARD = frozenset((0.0, 1.0))


def _small_labels(true):
    """For a small block: ``None`` if a label is outside [0, 1], else whether all are hard (0 or 1); one list."""
    listed = true.tolist()
    if _HARD.issuperset(listed):
        return True
    return False if min(listed) >= 0 and max(listed) <= 1 else None


def _power(base, gamma: float, out):
    """``base ** gamma`` into ``out``; gamma = 2 (the default) as one product, as ``**`` computes it."""
    if gamma == 2:
        return np.multiply(base, base, out)
    return np.power(base, gamma, out)


def focal_kernel(out, scratch, true, pred, *, gamma: float, alpha, from_logits: bool):
    r"""The focal loss :math:`\alpha_t (1 - p_t)^\gamma \ell_{CE}` of one block in float64 (four scratch buffers).

    The arithmetic is that of lossbook.losses.binary's careful path: for hard
    labels :math:`1 - p_t` is :math:`1 - \hat y` or :math:`\hat y` (from
    logits :math:`\sigma(\mp z)`), chosen exactly, with the rounding error of
    :math:`1 - \hat y` (TwoSum) carried into the power to first order; a block
    with soft labels goes through :func:`focus` (double-double).
    """
    if true.dtype is not _FLOAT64:  # float32: computed in float64, rounded once by the caller
        true, pred = true.astype(np.float64), pred.astype(np.float64)
    small = true.size <= _SMALL
    a, b, c, d = scratch
    if not small and (gamma == 2 or gamma == 0):  # labels 0 and 1: NumPy's logarithm(s), then one loop
        weighted = alpha is not None
        constants = (gamma == 2, alpha if weighted else 0.0, 1 - alpha if weighted else 0.0, weighted)
        if from_logits:
            exp_minus = np.exp(np.negative(np.abs(pred, a), a), a)
            done = fused.loops().hard_focal_from_logits(np.log1p(exp_minus, out), true, pred, exp_minus, *constants)
        else:
            done = _log_target(out, true, pred)
            if done:
                fused.loops().hard_focal(out, true, pred, *constants)
        if done:
            return None  # (a probability outside [0, 1] made a logarithm NaN: the caller sees the total)
    if small:
        hard = _small_labels(true)
        if hard is None:
            return False
    elif not in_unit_interval(true):
        return False
    else:
        hard = None  # hard or soft: decided below, with a buffer at hand
    one = _ONE[_FLOAT64]
    if from_logits:
        if hard is None:  # a large block: hard or soft, with out for the product (written over below)
            hard = _hard_labels(true, None, out)
        _cross_entropy_logits(out, (c, b, d), true, pred, a)  # c = e^{-|z|}, b = [z >= 0], d = [z >= 0] - y
        np.add(c, one, a)  # 1 + e: sigma(z) = max([z >= 0], e) / (1 + e), sigma(-z) = max([z < 0], e) / (1 + e)
        if hard:
            miss = np.abs(d, d)  # [z >= 0] for y = 0, [z < 0] for y = 1
            np.divide(np.maximum(miss, c, out=miss), a, miss)
            if gamma:
                np.multiply(out, _power(miss, gamma, miss), out)
        else:
            positive = np.maximum(b, c) / a
            negative = np.maximum(np.subtract(one, b, b), c) / a
            out *= focus(true, positive, negative, 0.0, gamma)
    else:
        if hard is None:
            hard = _hard_labels(true, None, d)
        if not (hard and _hard_cross_entropy(out, true, pred)):  # labels 0 and 1: one logarithm
            _cross_entropy(out, (a, b), true, pred)  # a probability outside [0, 1] makes it NaN
        if hard:
            if gamma:  # 1 - p_t = |y - p|: p exactly for y = 0, 1 - p rounded (error by Fast2Sum) for y = 1
                difference = np.subtract(true, pred, c)
                error = np.subtract(np.subtract(true, difference, d), pred, d)  # 0 for y = 0
                # gamma = 2 squares y - p as it is; the quotient below is then -0 for y = 0 (error 0), which
                # adds nothing to the power: the same bits as with |y - p|, one call less
                miss = difference if gamma == 2 else np.abs(difference, c)
                np.multiply(error, _constant_of(gamma), error)
                np.divide(error, miss, error)  # miss = 0 (p = y) has a NaN cross-entropy: careful path
                power = _power(miss, gamma, out=a)
                np.multiply(out, np.add(power, np.multiply(power, error, error), error), out)
        else:
            negative = np.subtract(one, pred, c)
            negative_error = np.subtract(np.subtract(one, negative, d), pred, d)
            out *= focus(true, pred, negative, negative_error, gamma)
    if alpha is not None and hard and small:  # alpha_t = alpha y + (1 - alpha)(1 - y) is alpha or 1 - alpha exactly
        out *= np.array([alpha + 0.0 if label else 1 - alpha for label in true.tolist()])  # + 0.0: -0 as +0
    elif alpha is not None:
        balance = np.multiply(true, _constant_of(alpha), a)
        out *= np.add(balance, np.multiply(np.subtract(one, true, b), _constant_of(1 - alpha), b), balance)
