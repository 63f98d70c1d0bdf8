r"""The fast path of the element-wise regression losses: one branch-free kernel per loss, and its dispatch.

A *kernel* ``kernel(out, scratch, true, pred, **params)`` writes the
per-element losses of flat ``true``, ``pred`` into ``out`` (using the
buffers of ``scratch``) and returns ``False`` for inputs it cannot vouch
for.  :func:`elementwise_loss` runs it block by block
(:mod:`lossbook._numerics.blocks`), with no separate finiteness pass, and
hands whatever it refuses — a NaN or infinity in an input, a loss that
overflows, a residual beyond the float range, a hyper-parameter that does
not fit the inputs' dtype — to the loss's careful path, which validates
argument by argument and handles every range.

Inputs that are already float arrays of one dtype and shape and fit in one
block skip the general conversion (:func:`lossbook._numerics.blocks.one_block`: the same kernel and
the same sum, so the same bits); a few float64 numbers are computed by the
kernel's formula in Python floats (:mod:`._python_floats`, the same bits).
"""

from __future__ import annotations

import functools

import numpy as np

from ._python_floats import SMALL, python_losses
from ._fused import HALF, ONE, ZERO, loops
from .._numerics.blocks import elementwise, fast_pair, one_block, plain_dtype

__all__ = [
    "PLAIN_SQUARES_RANGE", "SAFE_SQUARED_RATIO", "LOG_COSH_LINEAR", "work_param",
    "elementwise_loss", "square", "absolute", "squared_log_ratio", "huber",
    "pseudo_huber", "log_cosh", "pinball",
]

_FLOAT64, _FLOAT32 = np.dtype(np.float64), np.dtype(np.float32)

#: Largest residual range (per dtype) whose squares can be summed directly.
PLAIN_SQUARES_RANGE = {_FLOAT64: (1e-100, 1e100), _FLOAT32: (1e-15, 1e15)}


@functools.lru_cache(maxsize=64)
def work_param(value: float, dtype) -> tuple:
    """A hyper-parameter in the inputs' dtype, or float64 work if it does not fit there."""
    with np.errstate(over="ignore", under="ignore"):
        cast = np.dtype(dtype).type(value)
    if np.isfinite(cast) and cast >= np.finfo(dtype).tiny:
        return cast, np.dtype(dtype)
    return np.float64(value), np.dtype(np.float64)


def _typed(params: dict, dtype):
    """``params`` in ``dtype`` (see :func:`work_param`), or ``None`` if one does not fit there.

    The checked hyper-parameters are finite Python floats > 0, which float64
    work takes as they are (the same numbers :func:`work_param` would give).
    """
    if dtype is _FLOAT64:
        return params
    typed = {}
    for name, value in params.items():
        typed[name], work = work_param(value, dtype)
        if work != dtype:
            return None
    return typed


def elementwise_loss(kernel, y_true, y_pred, reduction, func: str, careful, *, n_scratch: int = 2, small=None,
                     **params):
    """The loss by ``kernel`` on the fast path, else ``careful(y_true, y_pred, reduction, **params)``.

    ``params`` (hyper-parameters, already checked) reach the kernel in the
    inputs' dtype; with ``careful=None`` a refused fast path returns ``None``.
    ``small``, the kernel's formula in Python floats (:mod:`._python_floats`),
    computes float64 inputs of a few numbers.
    """
    dtype = plain_dtype((y_true, y_pred), reduction)
    if dtype is not None:
        if small is not None and dtype is _FLOAT64 and y_true.size <= SMALL:
            result = python_losses(small, (y_true, y_pred), reduction, params.values())
            if result is not None:
                return result
        typed = _typed(params, dtype) if params else params
        if typed is not None:
            result = one_block(kernel, (y_true, y_pred), reduction, n_scratch, typed)
            if result is not None:
                return result
            return None if careful is None else careful(y_true, y_pred, reduction, **params)
    prepared = fast_pair(y_true, y_pred, reduction, func)
    if prepared is not None:
        typed = _typed(params, prepared[0].dtype)
        if typed is not None:
            bound = functools.partial(kernel, **typed) if typed else kernel
            sums = BLOCK_SUMS.get(kernel)
            if sums is not None and typed:
                sums = functools.partial(sums, **typed)
            result = elementwise(bound, prepared, reduction, n_scratch, sums)
            if result is not None:
                return result
    return None if careful is None else careful(y_true, y_pred, reduction, **params)


def square(out, scratch, true, pred):
    loops().square(out, true, pred)


def absolute(out, scratch, true, pred):
    loops().absolute(out, true, pred)


def squared_log_ratio(out, scratch, true, pred):
    """``log1p((h - l)/(1 + l))²`` with ``l, h`` the smaller and larger value; refuses ``l <= -1`` (and NaN).

    The argument comes from one compiled loop, the logarithm from NumPy's vectorised ``log1p``.
    """
    if not loops().log_ratio_argument(out, true, pred, ONE[out.dtype]):
        return False
    np.log1p(out, out=out)
    np.multiply(out, out, out=out)


def huber(out, scratch, true, pred, *, delta):
    """``c·(a - c/2)`` with ``a = |r|`` and ``c = min(a, δ)``: both pieces in one formula, bit for bit."""
    loops().huber(out, true, pred, delta, HALF[out.dtype])


#: ``(r/δ)²`` below which ``1 + (r/δ)²`` and its root are ordinary numbers (``|r|/δ`` below 1e150, 1e18).
SAFE_SQUARED_RATIO = {_FLOAT64: 1e150 * 1e150, _FLOAT32: np.float32(1e18) * np.float32(1e18)}


def pseudo_huber(out, scratch, true, pred, *, delta):
    """``δ²(√(1 + s²) - 1)`` with ``s = r/δ``, rearranged exactly so that nothing cancels.

    For ``δ = 1`` (the default) as ``r²/(√(1 + r²) + 1)``, one array holding
    ``r²`` for both; otherwise as ``r·(r/(√(1 + s²) + 1))``.  The two factors
    ``r`` have the same sign, so no ``|r|`` is taken.
    """
    if not loops().pseudo_huber(out, true, pred, delta, ONE[out.dtype], SAFE_SQUARED_RATIO[out.dtype]):
        return False


#: Beyond this |r|, log cosh r = |r| - log 2 + e^{-2|r|}... is |r| - 20 + log cosh 20 to well below rounding.
LOG_COSH_LINEAR = 20.0
#: ``sinh(20)²`` per dtype: a block whose ``sinh(r)²`` stay below it has no ``|r| > 20``.
_SINH_SQUARED_LINEAR = {dtype: np.square(np.sinh(dtype.type(LOG_COSH_LINEAR))) for dtype in (_FLOAT64, _FLOAT32)}


def log_cosh(out, scratch, true, pred):
    """``(a - c) + log1p(sinh²c)/2`` with ``a = |r|`` and ``c = min(a, 20)``.

    ``cosh² = 1 + sinh²``, so ``log cosh c = log1p(sinh² c)/2`` with no
    cancellation for small ``c``; ``sinh² r`` needs no ``|r|``.  When no
    ``|r|`` of the block exceeds 20 (the usual case) ``c = a`` and the
    clipping and linear part are skipped, with the same result.
    """
    np.subtract(pred, true, out=out)
    np.square(np.sinh(out, out=out), out=out)
    if out.max() <= _SINH_SQUARED_LINEAR[out.dtype]:
        return _half_log1p(out)
    absolute(out, scratch, true, pred)  # some |r| > 20 (or not a number): start again, clipped
    clipped = np.minimum(out, LOG_COSH_LINEAR, out=scratch[0])
    np.subtract(out, clipped, out=out)
    np.add(out, _half_log1p(np.square(np.sinh(clipped, out=clipped), out=clipped)), out=out)
    return None


def _half_log1p(values):
    """``log1p(values)/2`` in place."""
    return np.multiply(np.log1p(values, out=values), 0.5, out=values)


def pinball(out, scratch, true, pred, *, quantile, other):
    """``max(τ(y - ŷ), (1 - τ)(ŷ - y))``: the side's weight times ``|r|``, bit for bit, no mask.

    At ``r = 0`` the maximum of ``-0.0`` and ``+0.0`` is the second, so a perfect prediction costs ``+0.0``.
    """
    loops().pinball(out, true, pred, quantile, -other)


def _block_sums(kind: str, sums, length: int, true, pred, first, second) -> bool:
    """:func:`._fused_kernels.block_sums` of the loss ``kind`` (a name in :mod:`._fused_kernels`), for
    :func:`lossbook._numerics.blocks.block_losses`; ``False`` unless ``length`` is a power of two times its
    ``LEAF``."""
    kernels = loops()
    if length % kernels.LEAF or length & (length - 1):
        return False
    kernels.block_sums(getattr(kernels, kind), true, pred, first, second, length, sums)
    return True


def _square_sums(sums, length, true, pred):
    return _block_sums("SQUARE", sums, length, true, pred, ZERO[true.dtype], ZERO[true.dtype])


def _absolute_sums(sums, length, true, pred):
    return _block_sums("ABSOLUTE", sums, length, true, pred, ZERO[true.dtype], ZERO[true.dtype])


def _huber_sums(sums, length, true, pred, *, delta):
    return _block_sums("HUBER", sums, length, true, pred, delta, HALF[true.dtype])


def _pinball_sums(sums, length, true, pred, *, quantile, other):
    return _block_sums("PINBALL", sums, length, true, pred, quantile, -other)


#: The kernels whose "mean" and "sum" of full blocks a compiled loop computes without writing the losses:
#: one pass over the inputs (``block_sums`` of :func:`lossbook._numerics.blocks.block_losses`).
BLOCK_SUMS = {square: _square_sums, absolute: _absolute_sums, huber: _huber_sums, pinball: _pinball_sums}
