"""One block of an element-wise loss, for inputs that need no conversion: the small-input path.

Float arrays of one dtype and shape that fit in one block
(:data:`lossbook._numerics.blocks.BLOCK` elements) skip the general
conversion and the block loop: :func:`one_block` runs the same kernel and
the same sum as :func:`lossbook._numerics.blocks.block_losses` does on one
block (so the same bits), with the floating-point error state set once by
a decorator rather than by a ``with`` block, and without the buffers and
checks a large input needs.
"""

from __future__ import annotations

import math

import numpy as np

from .._numerics.blocks import BLOCK
from .._numerics.validation import REDUCTIONS

__all__ = ["plain_dtype", "one_block"]

_FLOAT64, _FLOAT32 = np.dtype(np.float64), np.dtype(np.float32)


def plain_dtype(arrays, reduction):
    """The dtype of ``arrays`` if one block takes them as they are, else ``None``.

    That is: exact ``np.ndarray`` objects (no subclass, no mask) of one native
    float64 or float32 dtype and one shape, with 1 to ``BLOCK`` elements, and
    a known ``reduction``.
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


_NO_SCRATCH: list = []


@np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore")
def one_block(kernel, arrays, reduction: str, n_scratch: int, params: dict):
    """``kernel(out, scratch, *arrays, **params)`` on one block, reduced; ``None`` if refused or not finite.

    Returns the per-element losses in the inputs' shape for ``"none"``, else
    the sum or the mean, a NumPy scalar of the dtype (what
    :func:`lossbook._numerics.blocks.block_losses` returns for one block).
    """
    shape = arrays[0].shape
    if len(shape) != 1:
        arrays = [array.reshape(-1) for array in arrays]
    size, dtype = arrays[0].size, arrays[0].dtype
    out = np.empty(size, dtype)
    scratch = [np.empty(size, dtype) for _ in range(n_scratch)] if n_scratch else _NO_SCRATCH
    if kernel(out, scratch, *arrays, **params) is False:
        return None
    total = np.add.reduce(out)
    if not math.isfinite(total):
        return None
    if reduction == "none":
        return out.reshape(shape)
    return total / size if reduction == "mean" else total
