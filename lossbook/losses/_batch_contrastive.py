r"""Row blocks of the batch contrastive losses (InfoNCE, NT-Xent): a softmax over cosines without an N × M table.

Input: the rows normalised in double-double, ``x = xh + xl`` (left, each row
of norm :math:`1/(2m)` where :math:`\tau = m\,2^e`, :math:`m \in [1/2, 1)`) and
``y = yh + yl`` (right, unit rows), and :math:`s = 2^{1-e}`, so that
:math:`s\,x_i\cdot y_j = \cos_{ij}/\tau`.  Row :math:`i`'s loss is
:math:`\log(1 + \sum_{j \notin \{p(i)\} \cup X_i} e^{t_{ij}})` with
:math:`t_{ij} = s\,x_i\cdot(y_j - y_{p(i)})`, its positive :math:`p(i)` and
the excluded columns :math:`X_i` (NT-Xent's self-similarity).

The exponents come from two matrix products per block of rows (after
Ozaki): with :math:`x_1` = ``xh`` rounded to a multiple of :math:`2^{-b}`,
``b = 25``, and :math:`x_r = (xh - x_1) + xl` (likewise :math:`y_1, y_r`),

.. math:: x\cdot y = \underbrace{x_1\cdot y_1}_{F} + \underbrace{x_1\cdot y_r + x_r\cdot y_h}_{R}
          + (xh - x_1)\cdot yl + xl\cdot yl .

:math:`F - F_{i,p(i)}` is computed *exactly* by one matrix product (one extra
column carries :math:`-F_{i,p(i)}`): every partial sum is a multiple of
:math:`2^{-2b}` of modulus below :math:`4` (Cauchy–Schwarz, rows of norm at
most 1), hence a float64 number whatever the order of summation.  :math:`R -
R_{i,p(i)}` (of order :math:`\sqrt D\,2^{-b}`) is a plain matrix product.  The
exponent is then the double-double ``h + l`` with ``h = F' + R'`` and ``l =
R' - (h - F')`` (exact: ``h`` and ``F'`` are multiples of ``ulp(h)``), and
:math:`e^{t} = e^{h}(1 + l)`.  Error of :math:`t` (:func:`error_bound`):
:math:`s\,[2\gamma_{2D+1} A + 8\sqrt D\,2^{-79}]` with :math:`A = 4.2\sqrt D\,2^{-26}`,
below :math:`2^{-57}` for the uses allowed (:func:`applies`) — a relative
error of at most that in the loss, which is :math:`\log(1 + S)` with
:math:`S` summed pairwise per row as before.

Memory: a block of rows holds about :data:`BLOCK_ENTRIES` entries of each of
three buffers (cache-sized), whatever ``N``.
"""

from __future__ import annotations

import math

import numpy as np

from .._numerics.exact import _extract

__all__ = ["applies", "cross_entropy_rows", "error_bound"]

#: Slice width: :math:`x_1\cdot y_1` partial sums are multiples of :math:`2^{-50}` below 4, so float64 numbers.
BITS = 25

#: Entries of one block buffer (256 KB): three buffers and the right-hand matrices stay in a 2 MB L2 cache.
BLOCK_ENTRIES = 1 << 15

#: Largest error of an exponent :math:`t` allowed (a sixteenth of float64's unit roundoff).
TOLERANCE = 2.0**-57

#: Exponents up to this need no shift by the row maximum: :math:`N e^{t}` stays finite.
NO_SHIFT = 690.0


def error_bound(dimension: int, temperature: float) -> float:
    r"""A bound on the absolute error of each exponent :math:`t_{ij}`, for rows of ``dimension`` coordinates.

    :math:`R'` has terms summing to at most :math:`A = 4.2\sqrt D\,2^{-26}`
    (rows of norm at most 1.01, :math:`|x_r|, |y_r| \le 2^{-26}(1 + 2^{-26})`
    per coordinate, the positive's column as much again), so the matrix
    product and the positive's own value each err by at most
    :math:`\gamma_{2D+1} A`, :math:`\gamma_k = ku/(1 - ku)`; the dropped
    terms and the roundings of :math:`x_r, y_r` add below
    :math:`8\sqrt D\,2^{-79}`; :math:`s \le 2/\tau`.
    """
    root = math.sqrt(dimension)
    k = (2 * dimension + 1) * 2.0**-53
    gamma = k / (1 - k)
    return (2 / temperature) * (2 * gamma * 4.2 * root * 2.0**-26 + 8 * root * 2.0**-79)


def applies(dimension: int, temperature: float) -> bool:
    """Whether the blocked kernel's error bound holds: :math:`t` errs below :data:`TOLERANCE`.

    Also keeps :math:`|t| \\le 2/\\tau \\le 2^{19}` (so :math:`|l| \\le 2^{-34}`
    and :math:`e^{l} = 1 + l` to :math:`2^{-69}`) and the scale :math:`s`
    far from overflow and underflow.
    """
    return 2.0**-18 <= temperature <= 2.0**900 and error_bound(dimension, temperature) <= TOLERANCE


def _slices(h: np.ndarray, l: np.ndarray):
    """``(h1, r)``: ``h`` rounded to a multiple of ``2**-BITS`` and the rest ``(h - h1) + l`` (one rounding)."""
    h1 = _extract(h, BITS, 1)
    rest = h - h1  # exact
    rest += l
    return h1, rest


def _operands(xh, xl, yh, yl, positive_column, scale: float):
    """The left ``(rows, D+1)``, ``(rows, 2D+1)`` and right ``(D+1, M)``, ``(2D+1, M)`` factors of ``F'`` and ``R'``."""
    x1, xr = _slices(xh, xl)
    y1, yr = _slices(yh, yl)
    y1p, yrp, yhp = y1[positive_column], yr[positive_column], yh[positive_column]
    first = np.einsum("ij,ij->i", x1, y1p)  # exact, as every partial sum is
    rest = np.einsum("ij,ij->i", x1, yrp) + np.einsum("ij,ij->i", xr, yhp)
    minus = -np.ones((1, yh.shape[0]))
    left1 = np.concatenate([x1, first[:, None]], axis=1)
    left2 = np.concatenate([x1, xr, rest[:, None]], axis=1)
    left1 *= scale  # exact (a power of two, far from overflow and underflow)
    left2 *= scale
    right1 = np.ascontiguousarray(np.concatenate([y1.T, minus]))
    right2 = np.ascontiguousarray(np.concatenate([yr.T, yh.T, minus]))
    return left1, left2, right1, right2


def cross_entropy_rows(xh, xl, yh, yl, positive_column, scale: float, temperature: float,
                       *, exclude_diagonal: bool = False) -> np.ndarray:
    r"""Each row's :math:`\log(1 + \sum_{j} e^{t_{ij}})` over the columns but its positive (and itself if asked).

    The module docstring gives the method and the error; ``temperature`` only
    decides whether the exponents need a shift by their row maximum
    (:math:`2/\tau + \log M` near float64's exponent range).
    """
    rows, columns = xh.shape[0], yh.shape[0]
    left1, left2, right1, right2 = _operands(xh, xl, yh, yl, positive_column, scale)
    excluded = [np.asarray(positive_column)]
    if exclude_diagonal:
        excluded.append(np.arange(rows))
    shift = 2.02 / temperature + math.log(columns) > NO_SHIFT
    block = max(1, min(rows, BLOCK_ENTRIES // columns))
    buffers = [np.empty((block, columns)) for _ in range(3)]
    offsets = np.arange(block) * columns
    sums = np.empty(rows)
    tops = np.zeros(rows) if shift else None
    for start in range(0, rows, block):
        stop = min(rows, start + block)
        f, r, h = (buffer[: stop - start] for buffer in buffers)
        np.matmul(left1[start:stop], right1, out=f)  # F' exactly
        np.matmul(left2[start:stop], right2, out=r)  # R'
        np.add(f, r, out=h)
        np.subtract(h, f, out=f)  # exact
        np.subtract(r, f, out=r)  # l = F' + R' - h exactly
        flat = h.reshape(-1)
        for column in excluded:
            flat[offsets[: stop - start] + column[start:stop]] = -np.inf
        if shift:
            top = np.maximum(np.max(h, axis=1), 0.0, out=tops[start:stop])
            h -= top[:, None]
        np.exp(h, out=h)
        np.add(np.add.reduce(h, axis=1), np.vecdot(h, r), out=sums[start:stop])
    if not shift:
        return np.log1p(sums)
    with np.errstate(over="ignore"):
        return np.where(tops > 0, tops + np.log(np.exp(-tops) + sums), np.log1p(sums))
