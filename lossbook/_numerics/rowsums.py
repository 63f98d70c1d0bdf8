r"""Row sums of exact products in double-double, vectorised over rows and walked in cache-sized blocks.

The embedding losses need, per row of ``D`` coordinates, sums such as
:math:`\sum_k x_k y_k` and :math:`\sum_k x_k^2` to about 32 digits.  Instead
of a Python loop over the coordinates, every product of a block of rows is
made exact at once (Dekker's TwoProduct: :math:`x y = p + e` with both parts
float64, after one Veltkamp split of each input shared by all the sums), and
the ``D`` columns are added pairwise (:math:`\lceil\log_2 D\rceil` levels of
Knuth's TwoSum over half the columns each), the rounding errors of every
product and every addition carried in a second float64.  The result
:math:`h + l` differs from the exact sum by at most
:data:`error_factor` :math:`(D)\,u^2 \sum_k |x_k y_k|`, :math:`u = 2^{-53}`
(Ogita, Rump and Oishi's Dot2 bound, with room to spare).  Squares that
share no split with another sum (those of a difference, formed exactly by
:func:`two_difference`) take a cheaper truncating split instead
(:func:`truncated_squares`, within :math:`16u^2` of each square).

Nothing is scaled: the splits and products are exact only while every
coordinate is below about :math:`2^{996}` and no error term underflows.
:func:`in_range` tells which rows meet that: a sum of squares inside
:math:`[2^{-400}, 2^{400}]` (NaN and infinity fail it).  A caller sends the
other rows — zero vectors, coordinates near :math:`10^{\pm 300}`, inputs
that are not finite — to its careful, scaled path.
"""

from __future__ import annotations

import numpy as np

from .exact import two_sum

__all__ = ["STACK_BLOCK", "stacked_block", "split", "two_difference", "products", "squares", "row_sums", "truncated_squares", "TRUNCATED_SQUARES_ERROR", "in_range", "error_factor", "block_rows"]

#: Elements of the largest stacked temporary of a block (3 × D × rows): 96 KiB, so a dozen temporaries stay in
#: the L2 cache and each is below the C library's threshold for mapping fresh pages (128 KiB): larger ones
#: cost a page fault per 4 KiB every time.
STACK_BLOCK = 12 * 1024

#: Sums of squares inside [TINY, HUGE] have exact products and no underflowing error term.
TINY, HUGE = 2.0**-400, 2.0**400

_SPLITTER = 2.0**27 + 1  # Veltkamp's constant for float64
_HIGH_26 = np.int64(-(1 << 27))  # sign, exponent and the top 25 stored significand bits of a float64


def split(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``x = hi + lo`` exactly, each half with at most 26 significant bits (``|x| < 2**996``).

    :func:`.exact._split` for float64, without its dtype look-up.
    """
    c = _SPLITTER * x
    hi = c - (c - x)
    return hi, x - hi


def two_difference(a, b) -> tuple[np.ndarray, np.ndarray]:
    """``(s, e)`` with ``s = fl(a - b)`` and ``s + e = a - b`` exactly: the bits of ``two_sum(a, -b)``, without negating ``b``.

    Knuth's TwoSum with ``v = a - s`` in place of ``-(s - a)`` (negation is exact
    and rounding is symmetric, so every step is the negated step of TwoSum).
    """
    s = a - b
    v = a - s
    return s, (a - (s + v)) + (v - b)


def products(x, x_split, y, y_split, out=None) -> tuple[np.ndarray, np.ndarray]:
    """``x * y = p + e`` exactly, element-wise (Dekker), from the inputs and their :func:`split`.

    The bits of :func:`.exact.two_product` (its error term is exact, so the
    order of the terms does not matter); the splits are passed in so that the
    several sums of one block share them, and the terms are added in place
    (into ``out = (p, e)`` if given).
    """
    (xh, xl), (yh, yl) = x_split, y_split
    p, e = out if out is not None else (None, None)
    p = np.multiply(x, y, out=p)
    e = np.multiply(xh, yh, out=e)
    e -= p
    e += xh * yl
    e += xl * yh
    e += xl * yl
    return p, e


def squares(x, x_split, out=None) -> tuple[np.ndarray, np.ndarray]:
    """``x * x = p + e`` exactly, element-wise, from ``x`` and its :func:`split` (into ``out = (p, e)`` if given)."""
    xh, xl = x_split
    p, e = out if out is not None else (None, None)
    p = np.multiply(x, x, out=p)
    e = np.multiply(xh, xh, out=e)
    e -= p
    cross = xh * xl
    cross += cross  # 2·xh·xl, exact
    e += cross
    e += xl * xl
    return p, e


def truncated_squares(x) -> tuple[np.ndarray, np.ndarray]:
    r"""``x * x ≈ p + e`` element-wise with :math:`|p + e - x^2| \le 16 u^2 x^2`, without a Veltkamp split.

    ``hi`` is ``x`` with the low 27 bits of its significand cleared (one
    bitwise AND): 26 significant bits, :math:`|lo| = |x - hi| < 2^{-25}|x|`,
    ``lo`` exact with at most 27 bits.  Then :math:`hi^2` (52 bits) and
    :math:`2\,hi\,lo` (53 bits) are exact, :math:`hi^2 - p` is exact (a
    multiple of :math:`\operatorname{ulp}(p)` below :math:`2^{-23}x^2`) and so is
    adding :math:`2\,hi\,lo` (a multiple of :math:`2^{-76}` times
    :math:`x^2`'s binade, below :math:`2^{-47}x^2`); only :math:`lo^2` (54
    bits, error :math:`\le 8u^2x^2`) and the last addition (error
    :math:`\le u\,|e| \le 2u^2x^2`) round.  Two array passes fewer than
    :func:`split`, for squares no other sum shares a split with.
    """
    hi = np.bitwise_and(x.view(np.int64), _HIGH_26).view(np.float64)
    return squares(x, (hi, x - hi))  # the steps of squares, with this split


#: Bound of :func:`truncated_squares` in units of :math:`u^2 x^2`.
TRUNCATED_SQUARES_ERROR = 16


def row_sums(p: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:math:`\\sum_k (p_k + e_k)` over the coordinate axis (the second last) as an unnormalised double-double.

    Blocks hold rows in their last axis and coordinates in the one before
    (:func:`stacked_block`), so every column ``[..., k, :]`` is a contiguous
    run and several inputs stacked in front are summed by the same calls.
    Columns are added pairwise with TwoSum — many columns in slabs (column
    ``i`` absorbing column ``w - h + i``; an odd width leaves its middle
    column to the next level), the last few one by one — and every rounding
    error joins the plainly summed ``e``.  ``p`` and ``e`` are overwritten.
    ``|lo|`` is at most about ``(D + 1) u`` times the sum of the magnitudes
    of the terms.
    """
    width = p.shape[-2]
    while width > 4:
        half = width // 2
        left = p[..., :half, :]
        s, f = two_sum(left, p[..., width - half:width, :])
        left[...] = s
        errors = e[..., :half, :]
        errors += e[..., width - half:width, :]
        errors += f
        width -= half
    columns = [p[..., k, :] for k in range(width)]
    errors = np.add.reduce(e[..., :width, :], axis=-2)
    while len(columns) > 1:
        half = (len(columns) + 1) // 2
        paired = []
        for left, right in zip(columns[:half], columns[half:]):
            s, f = two_sum(left, right)
            errors += f
            paired.append(s)
        columns = paired + columns[len(paired):half]
    return columns[0], errors


def in_range(total_hi: np.ndarray) -> np.ndarray:
    """Rows whose sums of squares (high parts, stacked in front) all allow the unscaled path: inside ``[TINY, HUGE]``, so not NaN."""
    inside = (total_hi >= TINY) & (total_hi <= HUGE)
    return np.logical_and.reduce(inside, axis=0) if inside.ndim > 1 else inside


def error_factor(dimension: int) -> int:
    """``K`` with ``|hi + lo - sum| <= K u² Σ|x_k y_k|`` for :func:`row_sums` of :func:`products` over ``dimension`` columns."""
    return 2 * dimension + 16


def block_rows(dimension: int) -> int:
    """Rows per block: :data:`STACK_BLOCK` elements in three stacked ``(D, rows)`` arrays, the most a kernel stacks."""
    return max(1, STACK_BLOCK // (3 * max(dimension, 1)))


def stacked_block(arrays, block: slice, buffer: np.ndarray) -> np.ndarray:
    """Rows ``block`` of ``k`` arrays of shape ``(N, D)`` as one contiguous ``(k, D, rows)`` array, written into ``buffer``.

    ``buffer`` has shape ``(k, D, R)`` with ``R >= rows``; a shorter last block
    uses a contiguous part of it.
    """
    rows = block.stop - block.start
    stacked = buffer if rows == buffer.shape[2] else buffer.reshape(-1)[: buffer[:, :, :rows].size].reshape(
        buffer.shape[0], buffer.shape[1], rows)
    for out, array in zip(stacked, arrays):
        out[...] = array[block].T
    return stacked
