"""Error-free transformations: a sum or a product as a rounded value plus its exact rounding error.

Knuth's TwoSum and Dekker's TwoProduct (with Veltkamp splitting) use only
ordinary floating-point operations, so they vectorise in NumPy and work for
float32 as well as float64.  They let a few losses subtract nearly equal
quantities without losing the digits that the subtraction exposes.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["two_sum", "two_product", "dot_products", "squared_norms"]


def two_sum(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(s, e)`` with ``s = fl(a + b)`` and ``s + e = a + b`` exactly (no overflow assumed)."""
    s = a + b
    b_virtual = s - a
    return s, (a - (s - b_virtual)) + (b - b_virtual)


def _splitter(dtype) -> np.floating:
    """Veltkamp's factor ``2**ceil(p/2) + 1`` for a type of ``p`` mantissa bits."""
    bits = np.finfo(dtype).nmant + 1
    return dtype.type(2.0 ** ((bits + 1) // 2) + 1)


#: The factors of the usual types, looked up rather than recomputed on every call (small inputs feel ``finfo``).
_SPLITTERS = {np.dtype(t): _splitter(np.dtype(t)) for t in (np.float64, np.float32)}


def _split(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Veltkamp split: ``a = hi + lo`` with each half holding at most half the mantissa bits."""
    factor = _SPLITTERS.get(a.dtype)
    if factor is None:
        factor = _splitter(a.dtype)
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


def extraction_sigma(bits: int, level: int) -> float:
    """``σ = 1.5·2**(52 - bits*level)``: ``(x + σ) - σ`` is ``x`` rounded to a multiple of ``2**(-bits*level)``
    (Rump's extraction; ``|x| <= 1``)."""
    return 1.5 * 2.0 ** (52 - bits * level)


def _extract(x: np.ndarray, bits: int, level: int) -> np.ndarray:
    """``x`` rounded to a multiple of ``2**(-bits*level)`` exactly (:func:`extraction_sigma`; ``|x| <= 1``)."""
    sigma = extraction_sigma(bits, level)
    return (x + sigma) - sigma


def _slice_bits(dimension: int) -> int:
    """The largest ``b`` with ``2D·2**(2b) <= 2**53``: sums of ``D`` products of ``b``-bit slices (twice over) are exact."""
    return int((53 - math.log2(2 * dimension)) // 2)


def dot_products(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""All dot products :math:`x_i \cdot y_j` of rows with entries in ``[-1, 1]``, as a double-double ``(hi, lo)``.

    After Ozaki: each row is split exactly, :math:`x = x_1 + x_2 + x_r`, into
    slices of :math:`b` bits (:func:`_extract`) with :math:`b` chosen so that
    :math:`2D \cdot 2^{2b} \le 2^{53}`: then every partial sum of
    :math:`x_1 \cdot y_1` and of :math:`x_1 \cdot y_2 + x_2 \cdot y_1` is a
    float64 number, and a matrix product (BLAS, any order of summation, fused
    or not) computes both *exactly*.  The rest,
    :math:`x_1 \cdot y_r + x_2 \cdot (y_2 + y_r) + x_r \cdot y`, is of order
    :math:`D\,2^{-2b}` and one plain matrix product carries it with an error
    below about :math:`(3D)^2\,2^{-53-2b}` (``1e-24`` for ``D = 128``,
    ``4e-22`` for ``D = 1024``) — far below a float64 rounding of a dot
    product of order 1.  Three matrix products of inner sizes ``D``, ``2D``
    and ``3D`` replace ``O(D)`` double-double passes over the ``N × M`` table.
    """
    bits = _slice_bits(x.shape[-1])
    x1, y1 = _extract(x, bits, 1), _extract(y, bits, 1)
    x_rest, y_rest = x - x1, y - y1  # exact
    x2, y2 = _extract(x_rest, bits, 2), _extract(y_rest, bits, 2)
    first = x1 @ y1.T
    second = np.concatenate([x1, x2], axis=-1) @ np.concatenate([y2, y1], axis=-1).T
    rest = np.concatenate([x1, x2, x_rest - x2], axis=-1) @ np.concatenate([y_rest - y2, y_rest, y], axis=-1).T
    hi, lo = two_sum(first, second)
    lo += rest
    s = hi + lo
    return s, lo - (s - hi)


def squared_norms(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Each row's :math:`\lVert x\rVert^2 = \sum_k x_k^2` (entries in ``[-1, 1]``) as a double-double ``(hi, lo)``.

    The row-wise form of :func:`dot_products`: with the same slices
    :math:`x = x_1 + x_2 + x_r`, :math:`\sum x_1^2` and :math:`\sum 2x_1x_2`
    are exact whatever the order of summation, and the rest
    :math:`\sum x_2^2 + x_r(x + x_1 + x_2)`, below :math:`2D\,2^{-2b}`, is
    one rounded sum with an error below :math:`(2D)^2\,2^{-53-2b}`.  About
    thirty NumPy calls whatever ``D``, instead of a double-double pass per
    coordinate.
    """
    bits = _slice_bits(x.shape[-1])
    x1 = _extract(x, bits, 1)
    rest = x - x1  # exact
    x2 = _extract(rest, bits, 2)
    rest -= x2  # exact
    first = np.add.reduce(x1 * x1, axis=-1)
    second = np.add.reduce(x1 * x2, axis=-1)
    second *= 2
    third = x + x1
    third += x2
    third *= rest
    x2 *= x2
    third += x2
    hi, lo = two_sum(first, second)
    lo += np.add.reduce(third, axis=-1)
    s = hi + lo
    return s, lo - (s - hi)
