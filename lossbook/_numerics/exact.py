"""Error-free transformations: a sum or a product as a rounded value plus its exact rounding error.

Knuth's TwoSum and Dekker's TwoProduct (with Veltkamp splitting) use only
ordinary floating-point operations, so they vectorise in NumPy and work for
float32 as well as float64.  They let a few losses subtract nearly equal
quantities without losing the digits that the subtraction exposes.
"""

from __future__ import annotations

import numpy as np

__all__ = ["two_sum", "two_product"]


def two_sum(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(s, e)`` with ``s = fl(a + b)`` and ``s + e = a + b`` exactly (no overflow assumed)."""
    s = a + b
    b_virtual = s - a
    return s, (a - (s - b_virtual)) + (b - b_virtual)


def _split(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Veltkamp split: ``a = hi + lo`` with each half holding at most half the mantissa bits."""
    bits = np.finfo(a.dtype).nmant + 1
    factor = a.dtype.type(2.0 ** ((bits + 1) // 2) + 1)
    c = factor * a
    hi = c - (c - a)
    return hi, a - hi


def two_product(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(x, e)`` with ``x = fl(a * b)`` and ``x + e = a * b`` exactly.

    Exact while ``|a|`` and ``|b|`` are below about ``2**996`` (float64) and
    the product's error term does not underflow; callers keep inputs in range.
    """
    x = a * b
    a_hi, a_lo = _split(a)
    b_hi, b_lo = _split(b)
    return x, a_lo * b_lo - (((x - a_hi * b_hi) - a_lo * b_hi) - a_hi * b_lo)
