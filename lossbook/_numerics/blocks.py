r"""Element-wise losses computed block by block, with the validation folded into the sum.

A fast path for the element-wise losses.  The inputs are walked in blocks of
:data:`BLOCK` elements; a *kernel* writes each block's per-element losses
into a buffer (reused from block to block, so a large input costs a few
block-sized buffers of extra memory, not several copies of itself), and the
block's sum is added to a running total.  Block sums are accumulated with
Neumaier's compensated summation, so the total is at least as accurate as
one pairwise sum over the whole array; an input of one block is summed
exactly as ``np.sum`` would.

No separate pass checks that the inputs are finite: a NaN or infinity in an
input makes its loss, and so the total, NaN or infinite.  When the total is
not finite (or a kernel reports an input it cannot take, e.g. below its
domain), the caller falls back to its careful path, which validates the
inputs one by one — raising the usual error that names the argument and
the index — and handles the ordinary numbers whose loss overflows.
"""

from __future__ import annotations

import math
import threading

import numpy as np

from .validation import REDUCTIONS, as_float_array, pair_dtype

__all__ = ["BLOCK", "block_length", "block_losses", "plain_dtype", "one_block", "fast_arrays", "fast_pair", "elementwise"]

#: Elements per block for a kernel with two or more scratch buffers: a few float64 buffers of this size stay
#: in the L2 cache.  A kernel with fewer buffers takes longer blocks (:func:`block_length`).
BLOCK = 1 << 15


def block_length(n_scratch: int) -> int:
    """Elements per block for a kernel with ``n_scratch`` scratch buffers: :data:`BLOCK` times 4, 2 or 1 for 0, 1
    or more, so the buffers (``out`` and the scratch) take at most four :data:`BLOCK`-long ones in all, 1 MiB in
    float64.  Fewer, longer blocks cost fewer Python steps: MSE and Huber at 10⁷ take a fifth less time with
    4 × :data:`BLOCK` than with :data:`BLOCK`."""
    return BLOCK * max(1, 4 >> n_scratch)

_FLOAT64, _FLOAT32 = np.dtype(np.float64), np.dtype(np.float32)


def block_losses(kernel, arrays, dtype, reduction: str, n_scratch: int = 2, block_sums=None):
    r"""Per-element losses of flat, same-size ``arrays`` reduced as ``reduction``; ``None`` when not finite.

    ``kernel(out, scratch, *blocks)`` writes the losses of one block of each
    array into ``out`` (using the ``n_scratch`` buffers of ``scratch`` of the
    same length) and returns ``False`` if the fast path must not be used.
    Returns ``(cost, losses)``: ``losses`` is the full per-element array for
    ``reduction="none"`` (else ``None``), ``cost`` the sum or the mean
    :math:`\frac1N\sum_i \ell_i` in ``dtype`` (for ``"none"``, the sum, used
    only as the finiteness check).  Returns ``None`` if the kernel refused a
    block or the sum is not finite.

    ``block_sums(sums, length, *arrays)``, if given, is the kernel's compiled
    shortcut for ``"mean"`` and ``"sum"``: it writes into ``sums`` the sum
    ``np.add.reduce`` would give of each full block's losses (``length`` each),
    without the losses, and returns ``False`` if it cannot take that length.
    The last, partial block goes through the kernel.
    """
    size = arrays[0].size
    if size <= BLOCK:
        return _one_block(kernel, arrays, dtype, size, reduction, n_scratch)
    length = min(block_length(n_scratch), size)
    scratch = [np.empty(length, dtype) for _ in range(n_scratch)]
    losses = np.empty(size, dtype) if reduction == "none" else None
    buffer = None if losses is not None else np.empty(length, dtype)
    summed = np.empty(size // length, dtype) if block_sums is not None and losses is None else None
    if summed is not None and not block_sums(summed, length, *arrays):
        summed = None
    total, compensation = 0.0, 0.0
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        for index, start in enumerate(range(0, size, length)):
            stop = min(start + length, size)
            if summed is not None and index < summed.size:
                block_sum = float(summed[index])
            else:
                out = losses[start:stop] if losses is not None else buffer[: stop - start]
                part = [buffer[: stop - start] for buffer in scratch] if stop - start < length else scratch
                if kernel(out, part, *(array[start:stop] for array in arrays)) is False:
                    return None
                block_sum = float(np.add.reduce(out))
            added = total + block_sum  # Neumaier: keep what the addition rounds away
            if abs(total) >= abs(block_sum):
                compensation += (total - added) + block_sum
            else:
                compensation += (block_sum - added) + total
            total = added
    total = total + compensation
    if not math.isfinite(total):
        return None
    return dtype.type(total / size if reduction == "mean" else total), losses  # a Python float: back to the dtype


def plain_dtype(arrays, reduction):
    """The dtype of ``arrays`` if :func:`one_block` takes them as they are, else ``None``.

    That is: exact ``np.ndarray`` objects (no subclass, no mask) of one native
    float64 or float32 dtype and one shape, with 1 to :data:`BLOCK` elements,
    and a known ``reduction``.
    """
    first = arrays[0]
    if type(first) is not np.ndarray:
        return None
    dtype, shape = first.dtype, first.shape
    if not (dtype is _FLOAT64 or dtype is _FLOAT32) or not 0 < first.size <= BLOCK or reduction not in REDUCTIONS:
        return None
    for other in arrays:
        if type(other) is not np.ndarray or other.dtype is not dtype or other.shape != shape:
            return None
    return dtype


def one_block(kernel, arrays, reduction: str, n_scratch: int, params: dict):
    """``kernel(out, scratch, *arrays, **params)`` on arrays :func:`plain_dtype` accepts; ``None`` if refused or not finite.

    Skips the conversion and the block loop, with the same kernel and sum as
    :func:`block_losses` (the same bits).  Returns the losses in the inputs'
    shape for ``"none"``, else the sum or the mean, a NumPy scalar of the dtype.
    """
    shape = arrays[0].shape
    flat = arrays if len(shape) == 1 else [array.reshape(-1) for array in arrays]
    done = _one_block(kernel, flat, arrays[0].dtype, flat[0].size, reduction, n_scratch, params)
    if done is None:
        return None
    cost, losses = done
    return cost if losses is None else losses.reshape(shape)


@np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore")  # set once per call, not per block
def _one_block(kernel, arrays, dtype, size: int, reduction: str, n_scratch: int, params=None):
    """:func:`block_losses` of arrays that fit in one block: one set of buffers, one ``np.add.reduce``.

    ``params`` reach the kernel as keywords.
    """
    pooled = size <= POOLED
    if pooled:  # taken out of the pool while in use: a nested call allocates its own
        key = (size, n_scratch, dtype)
        buffers = _pool.__dict__.pop(key, None) or [np.empty(size, dtype) for _ in range(n_scratch + 1)]
        out, scratch = buffers[0] if reduction != "none" else np.empty(size, dtype), buffers[1:]
    else:
        out, scratch = np.empty(size, dtype), [np.empty(size, dtype) for _ in range(n_scratch)]
    if (kernel(out, scratch, *arrays, **params) if params else kernel(out, scratch, *arrays)) is False:
        return None
    total = np.add.reduce(out)
    if pooled:
        _give_back(key, buffers)
    if not math.isfinite(total):
        return None
    if reduction == "none":
        return total, out
    return (total / size if reduction == "mean" else total), None


#: Inputs of at most this many elements take their buffers from a pool of the thread: for them, allocating
#: the buffers costs more than the arithmetic.  A kernel keeps no reference to its buffers (the block loop
#: reuses them from block to block too), and the losses returned with ``"none"`` are a new array.
POOLED = 64
_pool = threading.local()


def _give_back(key, buffers) -> None:
    """Return ``buffers`` to this thread's pool (a few sizes at most: the pool is emptied beyond 8)."""
    pool = _pool.__dict__
    if len(pool) >= 8:
        pool.clear()
    pool[key] = buffers


def fast_arrays(reduction, func: str, *inputs):
    """Each ``(value, name, check_finite)`` of ``inputs`` as a float array, or ``None`` if any is refused.

    ``None`` also for an unknown ``reduction``: the careful path raises the
    error that names the first problem, in its own order of checks.
    """
    if reduction not in REDUCTIONS:
        return None
    try:
        return [as_float_array(value, name, func=func, check_finite=check) for value, name, check in inputs]
    except (TypeError, ValueError):
        return None


def fast_pair(y_true, y_pred, reduction, func: str):
    """Flat ``(y_true, y_pred)`` of one float dtype and their shape, or ``None`` (let the careful path decide).

    Converts without the finiteness pass; any input it cannot take (a bad
    ``reduction``, a type, a shape mismatch) is left to the careful path,
    which raises the error that names it.  Two plain float64 (or two
    float32) arrays of one shape are taken as they are: the conversion would
    return them unchanged.
    """
    if type(y_true) is np.ndarray and type(y_pred) is np.ndarray:  # no subclass (a masked array), no conversion
        dtype = y_true.dtype
        if ((dtype is _FLOAT64 or dtype is _FLOAT32) and y_pred.dtype is dtype and y_true.shape == y_pred.shape
                and y_true.size and reduction in REDUCTIONS):
            if y_true.ndim == 1:  # already flat: no new views
                return y_true, y_pred, y_true.shape
            return y_true.reshape(-1), y_pred.reshape(-1), y_true.shape
    arrays = fast_arrays(reduction, func, (y_true, "y_true", False), (y_pred, "y_pred", False))
    if arrays is None or arrays[0].shape != arrays[1].shape:
        return None
    true, pred = arrays
    if true.dtype != pred.dtype:  # float64, or float32 for integer labels with float32 predictions
        dtype = pair_dtype(y_true, y_pred, func)
        true, pred = true.astype(dtype), pred.astype(dtype)
    return true.reshape(-1), pred.reshape(-1), true.shape


def elementwise(kernel, prepared, reduction: str, n_scratch: int = 2, block_sums=None):
    """:func:`block_losses` of the ``(true, pred, shape)`` from :func:`fast_pair`, the losses in that shape; or ``None``."""
    if prepared is None:
        return None
    true, pred, shape = prepared
    done = block_losses(kernel, (true, pred), true.dtype, reduction, n_scratch, block_sums)
    if done is None:
        return None
    cost, losses = done
    return cost if losses is None else losses.reshape(shape)
