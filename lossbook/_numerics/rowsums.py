r"""Row sums of exact products in double-double, one compiled loop per batch of rows.

The embedding losses need, per row of ``D`` coordinates, sums such as
:math:`\sum_k x_k y_k`, :math:`\sum_k x_k^2` and :math:`\sum_k (x_k - y_k)^2`
to about 32 digits.  In NumPy that is some forty array passes per
coordinate; here one loop compiled by Numba does it, chunk of rows by chunk
of rows, with plain IEEE operations in a fixed order (no fast-math, no
reassociation):

* every product is made exact (Dekker's TwoProduct: :math:`x y = p + e`,
  both parts float64, after one Veltkamp split of each coordinate shared by
  all the sums of the row), every difference too (TwoSum: :math:`x - y = h + l`);
* the ``D`` terms are added pairwise with Knuth's TwoSum — while more than
  four are left, term ``i`` absorbs term ``w - h + i`` (an odd width leaves
  its middle term to the next level), then the last few one by one — and
  every rounding error joins the plainly summed error terms.

The result :math:`h + l` differs from the exact sum by at most
:func:`error_factor` :math:`(D)\,u^2 \sum_k |x_k y_k|`, :math:`u = 2^{-53}`
(Ogita, Rump and Oishi's Dot2 bound, with room to spare); a squared
difference adds :data:`SQUARED_DIFFERENCE_ERROR` :math:`u^2 (x_k - y_k)^2`.

Nothing is scaled: the splits and products are exact only while every
coordinate is below about :math:`2^{996}` and no error term underflows.
The rows that meet that have sums of squares inside :data:`TINY` to
:data:`HUGE`, :math:`[2^{-400}, 2^{400}]` (NaN and infinity fail the test).  A caller sends the
other rows — zero vectors, coordinates near :math:`10^{\pm 300}`, inputs
that are not finite — to its careful, scaled path.

The loops compile on their first call (about a second per array layout) and
are cached on disk next to this module.
"""

from __future__ import annotations

import numpy as np
from numba import literal_unroll

from . import compiled_cache  # noqa: F401 - first: drops cached loops older than the sources
from .doubledouble import compiled, inlined, square, two_difference, two_product, two_sum

__all__ = ["cosine_sums", "squared_distances", "triplet_distances", "error_factor", "SQUARED_DIFFERENCE_ERROR", "TINY", "HUGE"]

#: Sums of squares inside [TINY, HUGE] have exact products and no underflowing error term.
TINY, HUGE = 2.0**-400, 2.0**400

#: Terms (rows × D) a compiled loop transposes and sums at a time: its eight scratch arrays (256 KiB) stay in the L2
#: cache.  Long rows take at least 16 at a time (up to 4 × this many terms), so the loops along the rows still vectorise.
CHUNK_TERMS = 4096

#: Allowance of one squared difference, in units of :math:`u^2 (x_k - y_k)^2`, on top of :func:`error_factor`.
#: With :math:`x_k - y_k = h + l` exactly, :math:`h^2` is exact, :math:`2hl` rounds (error :math:`\le 2u^2h^2`) and
#: :math:`l^2 \le u^2h^2` is left out; the error terms, up to :math:`3u\,h^2` instead of :math:`u\,|xy|`, also weigh
#: more in the plainly summed low parts.  16 covers both with room.
SQUARED_DIFFERENCE_ERROR = 16


@inlined
def _column_sums(p, e, rows, hi, lo):
    """``Σ_k (p[k] + e[k])`` of the first ``rows`` columns of ``(width, chunk)`` terms into ``hi`` and ``lo`` (``(rows,)``),
    pairwise with TwoSum.

    Every inner loop runs along the rows (contiguous, so it vectorises);
    ``p`` and ``e`` are overwritten.
    """
    width = p.shape[0]
    while width > 4:
        half = width // 2
        offset = width - half
        for i in range(half):
            left, right, left_error, right_error = p[i], p[offset + i], e[i], e[offset + i]
            for row in range(rows):
                s, f = two_sum(left[row], right[row])
                left[row] = s
                left_error[row] = (left_error[row] + right_error[row]) + f
        width -= half
    errors = e[0]
    for k in range(1, width):
        column = e[k]
        for row in range(rows):
            errors[row] += column[row]
    while width > 1:
        half = (width + 1) // 2
        for i in range(width - half):
            left, right = p[i], p[half + i]
            for row in range(rows):
                s, f = two_sum(left[row], right[row])
                errors[row] += f
                left[row] = s
        width = half
    hi[:] = p[0, :rows]
    lo[:] = errors[:rows]


#: Row lengths whose transposition gets a loop of its own, with the length a constant: unrolled, several rows go
#: at a time (D = 3: 1.8x faster than the general loop).
_FEW_DIMENSIONS = tuple(range(1, 9))


@inlined
def _transposed_rows(x, start, stop, out, dimension):
    for row in range(stop - start):
        for k in range(dimension):
            out[k, row] = x[start + row, k]


@inlined
def _transposed(x, start, stop, out):
    """Rows ``start:stop`` of ``x`` (``(N, D)``) into the contiguous ``(D, rows)`` array ``out``."""
    dimension = x.shape[1]
    if dimension <= _FEW_DIMENSIONS[-1]:
        for few in literal_unroll(_FEW_DIMENSIONS):
            if dimension == few:
                _transposed_rows(x, start, stop, out, few)
    else:
        _transposed_rows(x, start, stop, out, dimension)


@inlined
def _pair_buffers(x):
    """``(chunk, xt, yt)``: the rows per chunk of ``(N, D)`` inputs and two ``(D, chunk)`` buffers for them transposed."""
    rows, dimension = x.shape
    chunk = min(rows, _chunk_rows(dimension))
    return chunk, np.empty((dimension, chunk)), np.empty((dimension, chunk))


@inlined
def _load_pair(x, y, start, chunk, xt, yt):
    """Rows ``start`` to ``start + chunk`` (or the end) of ``x`` and ``y`` transposed into ``xt`` and ``yt``; their number."""
    stop = min(start + chunk, x.shape[0])
    _transposed(x, start, stop, xt)
    _transposed(y, start, stop, yt)
    return stop - start


@inlined
def _chunk_rows(dimension):
    """Rows per chunk: ``D × rows`` near :data:`CHUNK_TERMS`, at least 16 rows while that stays below four times as many terms."""
    return max(CHUNK_TERMS // dimension, min(16, 4 * CHUNK_TERMS // dimension), 1)


@compiled
def cosine_sums(x, y, hi, lo):
    """``|x|²``, ``|y|²`` and ``x·y`` of the rows of ``(N, D)`` arrays into ``hi[0:3]`` and ``lo[0:3]`` (shape ``(3, N)``)."""
    chunk, xt, yt = _pair_buffers(x)
    p, e = np.empty((3,) + xt.shape), np.empty((3,) + xt.shape)
    for start in range(0, x.shape[0], chunk):
        n = _load_pair(x, y, start, chunk, xt, yt)
        for k in range(xt.shape[0]):
            xk, yk = xt[k], yt[k]
            xx, xx_error, yy, yy_error, xy, xy_error = p[0, k], e[0, k], p[1, k], e[1, k], p[2, k], e[2, k]
            for row in range(n):
                a, b = xk[row], yk[row]
                xx[row], xx_error[row] = square(a)
                yy[row], yy_error[row] = square(b)
                xy[row], xy_error[row] = two_product(a, b)  # the compiler shares the splits of a and b
        for which in range(3):
            _column_sums(p[which], e[which], n, hi[which, start:start + n], lo[which, start:start + n])


@inlined
def _squared_difference(x, y):
    """``(x - y)² = s + e``: ``x - y = h + l`` exactly, ``s + e = h² + 2hl`` (see :data:`SQUARED_DIFFERENCE_ERROR`)."""
    h, low = two_difference(x, y)
    s, e = square(h)
    cross = h * low
    return s, e + (cross + cross)


@compiled
def squared_distances(x, y, hi, lo):
    """``|x - y|²`` of the rows of ``(N, D)`` arrays into ``hi`` and ``lo`` (shape ``(N,)``).

    Per coordinate :math:`x - y = h + l` exactly, then :math:`h^2 + 2hl`
    (see :data:`SQUARED_DIFFERENCE_ERROR`).
    """
    chunk, xt, yt = _pair_buffers(x)
    p, e = np.empty_like(xt), np.empty_like(xt)
    for start in range(0, x.shape[0], chunk):
        n = _load_pair(x, y, start, chunk, xt, yt)
        for k in range(xt.shape[0]):
            xk, yk, squares, error = xt[k], yt[k], p[k], e[k]
            for row in range(n):
                squares[row], error[row] = _squared_difference(xk[row], yk[row])
        _column_sums(p, e, n, hi[start:start + n], lo[start:start + n])


@compiled
def triplet_distances(anchor, positive, negative, hi, lo, swap):
    """``|a - p|²``, ``|a - n|²`` and, with ``swap``, ``|p - n|²`` of the rows into ``hi[0:3]`` and ``lo[0:3]``.

    :func:`squared_distances` of the three pairs, each chunk of the three
    inputs transposed once for all of them.
    """
    chunk, at, pt = _pair_buffers(anchor)
    nt = np.empty_like(at)
    pairs = 3 if swap else 2
    p, e = np.empty((pairs,) + at.shape), np.empty((pairs,) + at.shape)
    for start in range(0, anchor.shape[0], chunk):
        n = _load_pair(anchor, positive, start, chunk, at, pt)
        _transposed(negative, start, start + n, nt)
        for k in range(at.shape[0]):
            ak, pk, nk = at[k], pt[k], nt[k]
            near, near_error, far, far_error = p[0, k], e[0, k], p[1, k], e[1, k]
            for row in range(n):
                near[row], near_error[row] = _squared_difference(ak[row], pk[row])
                far[row], far_error[row] = _squared_difference(ak[row], nk[row])
            if swap:
                across, across_error = p[2, k], e[2, k]
                for row in range(n):
                    across[row], across_error[row] = _squared_difference(pk[row], nk[row])
        for which in range(pairs):
            _column_sums(p[which], e[which], n, hi[which, start:start + n], lo[which, start:start + n])


def error_factor(dimension: int) -> int:
    """``K`` with ``|hi + lo - sum| <= K u² Σ|x_k y_k|`` for the pairwise row sums of exact products over ``dimension`` terms."""
    return 2 * dimension + 16
