"""The kernel modules' way to the compiled element-wise loops (:mod:`._fused_kernels`), and the constants they take.

Importing :mod:`._fused_kernels` loads Numba, so the kernels reach it through
:func:`loops` when a loss first runs, and ``import lossbook`` stays without it.
The loops take their constants as scalars of the inputs' dtype: a Python
literal would make Numba compute a float32 expression in float64.
"""

from __future__ import annotations

import numpy as np

__all__ = ["loops", "ZERO", "ONE", "HALF"]

_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))
ZERO = {dtype: dtype.type(0) for dtype in _DTYPES}
ONE = {dtype: dtype.type(1) for dtype in _DTYPES}
HALF = {dtype: dtype.type(0.5) for dtype in _DTYPES}


def loops():
    """:mod:`._fused_kernels`, imported on first use."""
    from . import _fused_kernels
    return _fused_kernels
