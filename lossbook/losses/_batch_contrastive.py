r"""Row blocks of the batch contrastive losses (InfoNCE, NT-Xent): a softmax over cosines without an N × M table.

Input: the rows, which :func:`operands` normalises in double-double, ``x = xh + xl`` (left, each row
of norm :math:`\log_2 e/(4m)` where :math:`\tau = m\,2^e`, :math:`m \in [1/2, 1)`,
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
(cache-sized) and ``O((N + M) D)`` for the factors (the right ones made in
column tiles, never copied again), whatever ``N`` and ``M``.
"""

from __future__ import annotations

import math

import numpy as np

from . import _fused as fused
from .._numerics.exact import _extract

__all__ = ["LN2", "applies", "operands", "needs_shift", "column_width", "cross_entropy_rows", "error_bound"]

#: :math:`\ln 2` as a double-double (hi, lo).
LN2 = (0.6931471805599453, 2.3190468138462996e-17)

#: Slice width: :math:`x_1\cdot y_1` partial sums are multiples of :math:`2^{-52}` below 2, so float64 numbers.
BITS = 26

#: Entries of one block buffer (256 KB): both buffers and the right-hand factors stay in a 1 MB L2 cache.
BLOCK_ENTRIES = 1 << 15

#: Columns of one tile (the right factors' tile, 11 × 4096 × 8 bytes for ``D = 3``, stays in cache).
COLUMN_TILE = 4096

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


def _slices(h: np.ndarray, l: np.ndarray):
    """``(h1, r)``: ``h`` rounded to a multiple of ``2**-BITS`` and the rest ``(h - h1) + l`` (one rounding)."""
    h1 = _extract(h, BITS, 1)
    rest = h - h1  # exact
    rest += l
    return h1, rest


def operands(left, right, left_scale, offset: int, scale: float, width: int):
    """The left factors ``(N, D+1)``, ``(N, 2D+1)`` of ``F'`` and ``R'``, and the right ones in tiles of ``width`` columns.

    ``left`` and ``right`` are the scaled rows (entries within ±1); both
    sides have ``N`` rows, and row ``i``'s positive is right row
    ``(i + offset) mod N``.  The rows are normalised here in double-double
    (:func:`._batch_small.unit_rows`; the left ones to norm
    ``1 / (left_scale[0] + left_scale[1])``), and each piece is dropped as
    soon as the factors that need it are made, so the peak holds little
    more than the factors.  The right factors come as a list of contiguous
    pairs ``(D+1, w)``, ``(2D+1, w)`` (:func:`column_width`), so a tile stays
    in cache while the row blocks pass and none is copied again.
    """
    x1, xr = _slices(*_unit_rows(left, *left_scale))
    yh, yl = _unit_rows(right, 1.0, 0.0)
    y1, yr = _slices(yh, yl)
    del yl
    first = _rolled_dot(x1, y1, offset)  # exact, as every partial sum is
    rest = _rolled_dot(x1, yr, offset)
    rest += _rolled_dot(xr, yh, offset)
    left1 = np.concatenate([x1, first[:, None]], axis=1)
    left2 = np.concatenate([x1, xr, rest[:, None]], axis=1)
    del x1, xr, first, rest
    left1 *= scale  # exact (a power of two, far from overflow and underflow)
    left2 *= scale
    return left1, left2, [_right_tile(y1, yr, yh, start, start + width) for start in range(0, yh.shape[0], width)]


def _unit_rows(rows, scale_hi: float, scale_lo: float):
    """``(hi, lo)``: the rows divided by their norm times the scale, in double-double (one compiled pass)."""
    from ._batch_small import unit_rows  # here: Numba loads when the loss first runs, not with lossbook

    rows = np.ascontiguousarray(rows)
    hi, lo = np.empty_like(rows), np.empty_like(rows)
    unit_rows(rows, scale_hi, scale_lo, hi, lo)
    return hi, lo


def _right_tile(y1, yr, yh, start: int, stop: int):
    """Columns ``start:stop`` of the right factors ``[y1ᵀ; -1]`` and ``[yrᵀ; yhᵀ; -1]``, C-contiguous (BLAS reads
    a transposed layout about 20% slower here)."""
    rows, dimension = y1[start:stop].shape
    tile1, tile2 = np.empty((dimension + 1, rows)), np.empty((2 * dimension + 1, rows))
    tile1[:dimension] = y1[start:stop].T
    tile2[:dimension] = yr[start:stop].T
    tile2[dimension:-1] = yh[start:stop].T
    tile1[-1] = tile2[-1] = -1.0
    return tile1, tile2


def _rolled_dot(x, y, offset: int) -> np.ndarray:
    """``x[i]·y[(i + offset) mod N]`` for the ``N`` rows of both, from two slices: no gathered copy of ``y``."""
    cut = x.shape[0] - offset
    out = np.empty(x.shape[0])
    np.vecdot(x[:cut], y[offset:], out=out[:cut])
    np.vecdot(x[cut:], y[:offset], out=out[cut:])
    return out


def _tile(left1, left2, right1, right2, start: int, stop: int, offset: int, buffers, shift: bool, excluded: tuple):
    r"""``(sums, tops)`` of rows ``start:stop`` over the columns of the right factors (which begin at ``offset``).

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
    loops.exclude_columns(h, start, offset, *excluded)
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


def column_width(columns: int, temperature: float) -> int:
    """The columns of one tile of the right factors: all of them with a shift (a row's tiles span its columns),
    else at most :data:`COLUMN_TILE`."""
    return columns if needs_shift(columns, temperature) else min(columns, COLUMN_TILE)


def cross_entropy_rows(factors, positive_offset: int, temperature: float, *, exclude_diagonal: bool = False) -> np.ndarray:
    r"""Each row's :math:`\ln(1 + \sum_{j} 2^{t_{ij}})` over the columns but its positive (and itself if asked).

    ``factors`` are :func:`operands`' with the width :func:`column_width`,
    and row :math:`i`'s positive is column :math:`(i + \text{positive\_offset}) \bmod M`.
    The module docstring gives the method and the
    error.  With a shift (:func:`needs_shift`) the exponents lose their row
    maximum :math:`T > 0` (its rounding error goes into the low parts), and
    the loss is :math:`\ln 2\,(T + \log_2(2^{-T} + S))` (one rounding more,
    of the product by :math:`\ln 2`).  Without one, a row's sum is the sum of
    its tiles' sums.
    """
    left1, left2, right = factors
    rows = left1.shape[0]
    columns = sum(tile1.shape[1] for tile1, _ in right)
    excluded = (positive_offset, columns, exclude_diagonal)
    shift = needs_shift(columns, temperature)
    width = right[0][0].shape[1]
    block = max(1, min(rows, BLOCK_ENTRIES // width))
    buffers = [np.empty(block * width) for _ in range(2)]
    sums = np.zeros(rows)
    tops = np.zeros(rows) if shift else None
    for offset, (tile1, tile2) in zip(range(0, columns, width), right):
        for start in range(0, rows, block):
            stop = min(rows, start + block)
            part, top = _tile(left1, left2, tile1, tile2, start, stop, offset, buffers, shift, excluded)
            sums[start:stop] += part
            if shift:
                tops[start:stop] = top
    del buffers  # their memory is free for the last steps
    if not shift:
        return np.log1p(sums, out=sums)
    shifted = tops > 0
    with np.errstate(over="ignore"):
        top_losses = LN2[0] * (tops[shifted] + np.log2(np.exp2(-tops[shifted]) + sums[shifted]))
    np.log1p(sums, out=sums)
    sums[shifted] = top_losses
    return sums
