r"""Row blocks of the batch contrastive losses (InfoNCE, NT-Xent): a softmax over cosines without an N × M table.

Input: the rows, which :func:`left_factors` and :func:`right_factors`
normalise in double-double, ``x = xh + xl`` (left, each row of norm
:math:`\log_2 e/(4m)` where :math:`\tau = m\,2^e`, :math:`m \in [1/2, 1)`,
so at most :math:`0.73`) and ``y = yh + yl`` (right, unit rows), and
:math:`s = 2^{2-e}`, so that :math:`s\,x_i\cdot y_j = \log_2 e \cos_{ij}/\tau`.
Row :math:`i`'s loss is :math:`\ln(1 + \sum_{j} 2^{t_{ij}})` over the
columns :math:`j` other than its positive :math:`p(i)` (and, for NT-Xent,
itself), with :math:`t_{ij} = s\,x_i\cdot(y_j - y_{p(i)})`: base 2, because
NumPy's ``exp2`` is about twice as fast as its ``exp`` and as accurate.

The exponents come from two matrix products per block of rows (after
Ozaki): with :math:`x_1` = ``xh`` rounded to a multiple of :math:`2^{-b}`,
``b = 26``, and :math:`x_r = (xh - x_1) + xl` (likewise :math:`y_1, y_r`),

.. math:: x\cdot y = \underbrace{x_1\cdot y_1}_{F} + \underbrace{x_1\cdot y_r + x_r\cdot y_h}_{R}
          + (xh - x_1)\cdot yl + xl\cdot yl .

:math:`F - F_{i,p(i)}` is computed *exactly* by one matrix product (one extra
column carries :math:`-F_{i,p(i)}`): every partial sum is a multiple of
:math:`2^{-2b}` of modulus below :math:`2` (Cauchy–Schwarz: the rows' norms
are at most 0.73 and 1), hence a float64 number whatever the order of
summation.  :math:`R - R_{i,p(i)}` (of order :math:`\sqrt D\,2^{-b}`) is a
plain matrix product.  The exponent is then the double-double ``h + l`` with
``h = F' + R'`` and ``l = R' - (h - F')`` (exact: ``h`` and ``F'`` are
multiples of ``ulp(h)``), and :math:`2^{t} = 2^{h}(1 + l\ln 2)`.  The error
of :math:`t` is below :func:`error_bound`, at most :math:`2^{-57}` where the
kernel is used (:func:`applies`): a relative error of at most that in the
loss :math:`\ln(1 + S)`, beyond the roundings of ``exp2``, of :math:`S`
(summed pairwise per row, as the whole-table path sums) and of ``log1p``.

Memory: two tile buffers of about :data:`BLOCK_ENTRIES` entries each
(cache-sized), a tile of right factors, a chunk of left ones and the steps
that make them, whatever ``N``, ``M`` and ``D``, and a few numbers a row
(see :func:`cross_entropy_rows`).  The inputs are not copied:
:class:`ScaledRows` scales the rows a step needs.
"""

from __future__ import annotations

import math

import numpy as np

from . import _fused as fused
from .._numerics.exact import _extract, extraction_sigma

__all__ = ["LN2", "applies", "ScaledRows", "normalised_slices", "positive_products", "left_factors", "right_factors",
           "needs_shift", "column_width", "cross_entropy_rows", "error_bound"]

#: :math:`\ln 2` as a double-double (hi, lo).
LN2 = (0.6931471805599453, 2.3190468138462996e-17)

#: Slice width: :math:`x_1\cdot y_1` partial sums are multiples of :math:`2^{-52}` below 2, so float64 numbers.
BITS = 26

#: Entries of one block buffer (256 KB): both buffers and the right-hand factors stay in a 1 MB L2 cache.
BLOCK_ENTRIES = 1 << 15

#: Columns of one tile (the right factors' tile, 11 × 4096 × 8 bytes for ``D = 3``, stays in cache).
COLUMN_TILE = 4096

#: Numbers of a tile of right factors (``3D + 2`` a column), at most: 512 KB.
FACTOR_NUMBERS = 1 << 16

#: Numbers of a chunk of left factors, at most (a chunk is at least one tile's rows): 64 KB.
CHUNK_NUMBERS = 1 << 13

#: Numbers of the steps that normalise and slice some rows at a time, at most: 512 KB.
STEP_NUMBERS = 1 << 16

#: Right factors of at most this many numbers (512 KB) come from rows normalised once, shared with the positives.
SHARED_NUMBERS = 1 << 16

#: Largest error of an exponent :math:`t` allowed (a sixteenth of float64's unit roundoff).
TOLERANCE = 2.0**-57

#: Exponents (base 2) up to this need no shift by the row maximum: :math:`M\,2^{t}` stays finite.
NO_SHIFT = 1000.0


def error_bound(dimension: int, temperature: float) -> float:
    r"""A bound on the absolute error of each exponent :math:`t_{ij}` (base 2), for rows of ``dimension`` coordinates.

    With :math:`\lVert x_1\rVert \le 0.74`, :math:`\lVert y_h\rVert \le 1.01`
    and every coordinate of :math:`x_r, y_r` at most :math:`2^{-27}(1 + 2^{-26})`,
    the terms of :math:`R` sum to at most :math:`A = 1.77\sqrt D\,2^{-27}`,
    as does the positive's :math:`R_{i,p(i)}`; the matrix product (with that
    extra column) and the positive's own value err by at most
    :math:`\gamma_{2D+1}\,2A` and :math:`\gamma_{2D+1} A`,
    :math:`\gamma_k = ku/(1 - ku)`; the dropped terms and the roundings of
    :math:`x_r, y_r` add below :math:`8\sqrt D\,2^{-80}` (twice
    :math:`4\sqrt D\,2^{-80}`); all is multiplied by :math:`s \le 4/\tau`.
    """
    root = math.sqrt(dimension)
    k = (2 * dimension + 1) * 2.0**-53
    gamma = k / (1 - k)
    return (4 / temperature) * (3 * gamma * 1.77 * root * 2.0**-27 + 8 * root * 2.0**-80)


def applies(dimension: int, temperature: float) -> bool:
    r"""Whether the blocked kernel's error bound holds: :math:`t` errs below :data:`TOLERANCE`.

    Also keeps :math:`|t| \le 2\log_2 e/\tau < 2^{20}` (so :math:`|l| \le 2^{-33}`
    and :math:`2^{l} = 1 + l\ln 2` to :math:`2^{-64}`, :math:`|l| \le 2^{-32}` with a shift) and the scale :math:`s`
    far from overflow and underflow.
    """
    return 2.0**-18 <= temperature <= 2.0**900 and error_bound(dimension, temperature) <= TOLERANCE


class ScaledRows:
    """The rows of one or more ``(n, D)`` arrays stacked, row :math:`k` multiplied by :math:`2^{-e_k}` when taken.

    The exponents put each row's largest entry in :math:`[1/2, 1)`, so
    norms and products neither overflow nor underflow.  The row blocks take
    a chunk of rows at a time, and only those rows are scaled (into a new
    array): the inputs are never copied whole.  NT-Xent's views are its two
    inputs stacked, without a copy of them either.
    """

    def __init__(self, parts, exponents: np.ndarray):
        self.parts = parts
        self.exponents = exponents
        self.starts = np.cumsum([0] + [part.shape[0] for part in parts])
        self.shape = (int(self.starts[-1]), parts[0].shape[1])

    def rows(self, start: int, stop: int) -> np.ndarray:
        """Rows ``start:stop``, scaled."""
        pieces = [part[max(0, start - first):max(0, stop - first)] for part, first in zip(self.parts, self.starts)]
        pieces = [piece for piece in pieces if piece.shape[0]] or pieces[:1]
        rows = pieces[0] if len(pieces) == 1 else np.concatenate(pieces)
        return np.ldexp(rows, -self.exponents[start:stop, None])

    def take(self, indices: np.ndarray) -> np.ndarray:
        """Rows ``indices``, scaled."""
        if len(self.parts) == 1:
            rows = self.parts[0].take(indices, axis=0)
        else:
            rows = np.empty((indices.size, self.shape[1]))
            for part, first in zip(self.parts, self.starts):
                inside = (indices >= first) & (indices < first + part.shape[0])
                rows[inside] = part[indices[inside] - first]
        return np.ldexp(rows, -self.exponents[indices, None], out=rows)


#: Adding and subtracting this rounds a number of modulus at most 1 to a multiple of ``2**-BITS``.
_SIGMA = extraction_sigma(BITS, 1)


def _slices(h: np.ndarray, l: np.ndarray):
    """``(h1, r)``: ``h`` rounded to a multiple of ``2**-BITS`` and the rest ``(h - h1) + l`` (one rounding)."""
    h1 = _extract(h, BITS, 1)
    rest = h - h1  # exact
    rest += l
    return h1, rest


def normalised_slices(rows):
    """``(y1, yr, yh)`` of the rows normalised in double-double (:func:`_unit_rows`, :func:`_slices`)."""
    yh, yl = _unit_rows(rows, 1.0, 0.0)
    y1, yr = _slices(yh, yl)
    return y1, yr, yh


def positive_products(left, right, left_scale, positive_offset: int, shared=None):
    r"""Each row's ``F`` and ``R`` with its positive, :math:`x_1\cdot y_1` (exact) and
    :math:`x_1\cdot y_r + x_r\cdot y_h`: the last entries of its :func:`left_factors` before the scale.

    ``left`` and ``right`` are :class:`ScaledRows`; row ``i``'s positive is
    right row ``(i + positive_offset) mod M``.  The rows are normalised here
    in double-double (:func:`._batch_small.unit_rows`; the left ones to norm
    ``1 / (left_scale[0] + left_scale[1])``), and so are the positives'
    rows, gathered :func:`_step_rows` at a time — or taken from ``shared``,
    :func:`normalised_slices` of all the right rows.  Made once: the left
    factors of every tile take them.
    """
    rows, dimension = left.shape
    first, rest = np.empty(rows), np.empty(rows)
    step = _step_rows(dimension)
    for start in range(0, rows, step):
        stop = min(rows, start + step)
        x1, xr = _slices(*_unit_rows(left.rows(start, stop), *left_scale))
        positives = (np.arange(start, stop) + positive_offset) % right.shape[0]
        if shared is None:
            y1, yr, yh = normalised_slices(right.take(positives))
        else:
            y1, yr, yh = (part.take(positives, axis=0) for part in shared)
        first[start:stop] = np.vecdot(x1, y1)  # exact, as every partial sum is
        products = np.vecdot(x1, yr)
        products += np.vecdot(xr, yh)
        rest[start:stop] = products
    return first, rest


def left_factors(left, left_scale, scale: float, products, start: int, stop: int):
    """The left factors ``[x1, F]`` ``(rows, D+1)`` and ``[x1, xr, R]`` ``(rows, 2D+1)`` of ``F'`` and ``R'``
    for rows ``start:stop``, times ``scale``, with ``products`` from :func:`positive_products`.

    The rows are normalised and sliced as there, by one compiled pass
    (:func:`._batch_small.unit_slices`, the same operations) into contiguous
    buffers, :func:`_step_rows` at a time; every step is row by row, so a
    row's factors are the same numbers whichever rows are made with it.
    """
    from ._batch_small import unit_slices  # here: Numba loads when the loss first runs, not with lossbook

    dimension = left.shape[1]
    left1, left2 = np.empty((stop - start, dimension + 1)), np.empty((stop - start, 2 * dimension + 1))
    for first in range(start, stop, _step_rows(dimension)):
        last = min(stop, first + _step_rows(dimension))
        rows = left.rows(first, last)
        cut, rest = np.empty_like(rows), np.empty_like(rows)  # contiguous: the compiled loop vectorises
        unit_slices(rows, *left_scale, _SIGMA, cut, rest)
        left1[first - start:last - start, :dimension] = cut
        left2[first - start:last - start, :dimension] = cut
        left2[first - start:last - start, dimension:-1] = rest
    left1[:, dimension] = products[0][start:stop]
    left2[:, -1] = products[1][start:stop]
    left1 *= scale  # exact (a power of two, far from overflow and underflow)
    left2 *= scale
    return left1, left2


def right_factors(right, start: int, stop: int, shared=None):
    """Columns ``start:stop`` of the right factors ``[y1ᵀ; -1]`` and ``[yrᵀ; yhᵀ; -1]``, from right rows
    ``start:stop`` normalised in double-double :func:`_step_rows` rows at a time (or taken from ``shared``, as
    for :func:`left_factors`); C-contiguous (BLAS reads a transposed layout about 20% slower here)."""
    dimension = right.shape[1]
    columns = min(stop, right.shape[0]) - start
    tile1, tile2 = np.empty((dimension + 1, columns)), np.empty((2 * dimension + 1, columns))
    step = _step_rows(dimension)
    for first in range(0, columns, step):
        last = min(columns, first + step)
        if shared is None:
            y1, yr, yh = normalised_slices(right.rows(start + first, start + last))
        else:
            y1, yr, yh = (part[start + first:start + last] for part in shared)
        tile1[:dimension, first:last] = y1.T
        tile2[:dimension, first:last] = yr.T
        tile2[dimension:-1, first:last] = yh.T
    tile1[-1] = tile2[-1] = -1.0
    return tile1, tile2


def _step_rows(dimension: int) -> int:
    """Rows normalised and sliced at a time: their steps take some :data:`STEP_NUMBERS` numbers (about
    ``8D + 4`` a row)."""
    return max(1, STEP_NUMBERS // (8 * dimension + 4))


def _unit_rows(rows, scale_hi: float, scale_lo: float):
    """``(hi, lo)``: the rows divided by their norm times the scale, in double-double (one compiled pass)."""
    from ._batch_small import unit_rows  # here: Numba loads when the loss first runs, not with lossbook

    rows = np.ascontiguousarray(rows)
    hi, lo = np.empty_like(rows), np.empty_like(rows)
    unit_rows(rows, scale_hi, scale_lo, hi, lo)
    return hi, lo


def _tile(left1, left2, right1, right2, start: int, stop: int, first_row: int, offset: int, buffers, shift: bool,
          excluded: tuple):
    r"""``(sums, tops)`` of rows ``start:stop`` of the left factors (the table's rows from ``first_row + start``)
    over the columns of the right factors (which begin at ``offset``).

    ``sums`` is :math:`\sum_j 2^{t_{ij} - T_i}(1 + l_{ij}\ln 2)` over the
    columns not excluded, summed pairwise; ``tops`` the shifts :math:`T_i`
    (``None`` without a shift).
    """
    rows, width = stop - start, right1.shape[1]
    flat = [buffer[: rows * width] for buffer in buffers]
    h, r = (part.reshape(rows, width) for part in flat)
    np.matmul(left1[start:stop], right1, out=h)  # F' exactly
    np.matmul(left2[start:stop], right2, out=r)  # R'
    loops = fused.loops()
    loops.sum_and_error(*flat)  # h = F' + R' in place of F', and l = R' - (h - F') exactly into r
    loops.exclude_columns(h, first_row + start, offset, *excluded)
    tops = None
    if shift:  # h - T with its rounding error moved into l (two_sum); the excluded entries keep -inf, error 0
        tops = np.empty(rows)
        loops.shift_by_row_maximum(h, r, tops)
    np.exp2(h, out=h)
    correction = np.vecdot(h, r)
    correction *= LN2[0]
    correction += np.add.reduce(h, axis=1)
    return correction, tops


def needs_shift(columns: int, temperature: float) -> bool:
    r"""Whether the exponents must be shifted by their row maximum: else :math:`M\,2^{t}` could overflow."""
    return 3 * math.log2(math.e) / temperature + math.log2(columns) > NO_SHIFT


def column_width(columns: int, dimension: int, temperature: float) -> int:
    """The columns of one tile of the right factors: all of them with a shift (a row's tiles span its columns),
    else at most :data:`COLUMN_TILE`, and fewer for long rows (at most :data:`FACTOR_NUMBERS` numbers a tile)."""
    if needs_shift(columns, temperature):
        return columns
    return max(1, min(columns, COLUMN_TILE, FACTOR_NUMBERS // _factor_numbers(dimension)))


def _factor_numbers(dimension: int) -> int:
    """Numbers of one row's (or column's) factors: ``D + 1`` for ``F'`` and ``2D + 1`` for ``R'``."""
    return 3 * dimension + 2


def _row_chunk(rows: int, dimension: int, block: int) -> int:
    """Rows whose left factors are made at a time: whole blocks, and some :data:`CHUNK_NUMBERS` numbers of
    factors (``3D + 2`` a row)."""
    return min(rows, max(block, CHUNK_NUMBERS // _factor_numbers(dimension) // block * block))


def cross_entropy_rows(left, right, left_scale, positive_offset: int, scale: float, temperature: float, *,
                       exclude_diagonal: bool = False) -> np.ndarray:
    r"""Each row's :math:`\ln(1 + \sum_{j} 2^{t_{ij}})` over the columns but its positive (and itself if asked).

    ``left`` and ``right`` are :class:`ScaledRows`, ``left_scale`` and
    ``scale`` as for :func:`positive_products` and :func:`left_factors`,
    and row :math:`i`'s positive is column :math:`(i + \text{positive\_offset})
    \bmod M`.  The right factors are made tile by tile (:func:`column_width`
    columns) and the left ones chunk by chunk of rows (:func:`_row_chunk`;
    at most a tile's numbers for long rows), each in steps of
    :func:`_step_rows` rows, so the memory beyond the inputs is about 2.5 MB
    whatever ``N``, ``M`` and ``D`` (two tile buffers, a tile, a chunk, a
    step and the shared rows below) and five numbers a row (the sums, the
    positives' products, the exponents) — but with a shift a tile spans all
    ``M`` columns.  Up to :data:`SHARED_NUMBERS`
    numbers of right factors, the right rows are normalised once for the
    tiles and the positives; above, the positives' rows once for
    :func:`positive_products` and each tile's rows for it.  The module docstring gives
    the method and the error.  With a shift (:func:`needs_shift`) the
    exponents lose their row maximum :math:`T > 0` (its rounding error goes
    into the low parts), and the loss is :math:`\ln 2\,(T + \log_2(2^{-T} + S))`
    (one rounding more, of the product by :math:`\ln 2`).  Without one, a
    row's sum is the sum of its tiles' sums.
    """
    (rows, dimension), columns = left.shape, right.shape[0]
    excluded = (positive_offset, columns, exclude_diagonal)
    shift = needs_shift(columns, temperature)
    width = column_width(columns, dimension, temperature)
    block = max(1, min(rows, BLOCK_ENTRIES // width, FACTOR_NUMBERS // _factor_numbers(dimension)))
    chunk = _row_chunk(rows, dimension, block)
    small = columns * _factor_numbers(dimension) <= SHARED_NUMBERS
    shared = normalised_slices(right.rows(0, columns)) if small else None
    products = positive_products(left, right, left_scale, positive_offset, shared)
    buffers = [np.empty(block * width) for _ in range(2)]
    sums = np.zeros(rows)
    tops = np.zeros(rows) if shift else None
    for offset in range(0, columns, width):
        tile1, tile2 = right_factors(right, offset, offset + width, shared)
        for first_row in range(0, rows, chunk):
            last_row = min(rows, first_row + chunk)
            left1, left2 = left_factors(left, left_scale, scale, products, first_row, last_row)
            for start in range(0, last_row - first_row, block):
                stop = min(last_row - first_row, start + block)
                part, top = _tile(left1, left2, tile1, tile2, start, stop, first_row, offset, buffers, shift, excluded)
                sums[first_row + start:first_row + stop] += part
                if shift:
                    tops[first_row + start:first_row + stop] = top
    del shared, left1, left2, tile1, tile2, buffers  # their memory is free for the last steps
    if not shift:
        return np.log1p(sums, out=sums)
    shifted = tops > 0
    with np.errstate(over="ignore"):
        top_losses = LN2[0] * (tops[shifted] + np.log2(np.exp2(-tops[shifted]) + sums[shifted]))
    np.log1p(sums, out=sums)
    sums[shifted] = top_losses
    return sums
