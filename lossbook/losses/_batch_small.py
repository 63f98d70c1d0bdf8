r"""InfoNCE and NT-Xent of small batches in one compiled call: every scaled cosine in double-double.

A batch of a few dozen rows is all overhead for the row blocks of
:mod:`._batch_contrastive` (dozens of NumPy calls); :func:`cross_entropy_rows`
does the whole computation in one loop compiled by Numba:

1. each dot product :math:`x_i\cdot y_j` and squared norm as a double-double,
   its products exact (TwoProduct) and added with their errors (TwoSum, as
   Ogita, Rump and Oishi's Dot2): the error is at most :math:`\gamma_D^2`
   times the sum of the terms' magnitudes, hence at most :math:`D^2u^2` of
   :math:`\lVert x_i\rVert\,\lVert y_j\rVert`;
2. :math:`c_{ij} = (x_i\cdot y_j)\,\lVert x_i\rVert^{-1} \lVert y_j\rVert^{-1}`
   and :math:`t_{ij} = (c_{ij} - c_{i,p(i)})\,\tau^{-1}` in double-double, the
   inverses formed once per row (a few :math:`u^2` more);
3. each row's loss as the careful path forms it: with
   :math:`T = \max(0, \max_j t^{hi}_{ij})`,
   :math:`S = \sum_j e^{t^{hi}_{ij} - T}(1 + t^{lo}_{ij})` over the columns
   but the positive (and, for NT-Xent, the row itself), added with TwoSum,
   and :math:`\operatorname{log1p}(S)` when :math:`T = 0`, else
   :math:`T + \log(e^{-T} + S)`.

Where :func:`._batch_contrastive.applies` holds (:math:`\tau \ge 2^{-18}`),
and for :math:`D \le 2^{15}` (the caller takes at most :math:`2^{15}`
products), the exponents err by about :math:`2^{18} D^2 u^2 \le 2^{-58}`, within
the blocked path's :data:`._batch_contrastive.TOLERANCE`: the loss's relative
error is that of the exponential, the sum and the logarithm, as there.  Rows whose
squared norm lies outside :math:`[2^{-400}, 2^{400}]` (where an exact product
could underflow or overflow) make the call return ``False``, and the caller
takes the scaled path.

:func:`unit_rows` normalises the rows for :mod:`._batch_contrastive`'s row
blocks with the same double-double steps, in one compiled pass.
"""

from __future__ import annotations

import numpy as np

from .._numerics import compiled_cache  # noqa: F401 - first: drops cached loops older than the sources
from .._numerics.doubledouble import compiled, div, inlined, mul, sqrt, sub, two_product, two_sum
from .._numerics.rowsums import HUGE, TINY

__all__ = ["cross_entropy_rows", "unit_rows", "unit_slices"]


@inlined
def _dot(x, i, y, j):
    r""":math:`x_i\cdot y_j` as a double-double: exact products, added with their errors (Dot2)."""
    sh, sl = 0.0, 0.0
    for k in range(x.shape[1]):
        ph, pl = two_product(x[i, k], y[j, k])
        sh, e = two_sum(sh, ph)
        sl += e + pl
    return two_sum(sh, sl)


@inlined
def _inverse_norms(x, hi, lo):
    r"""Each row's :math:`1/\lVert x_i\rVert` into ``hi, lo``; whether every squared norm lies in ``[TINY, HUGE]``
    (NaN fails)."""
    inside = True
    for i in range(x.shape[0]):
        sh, sl = _dot(x, i, x, i)
        inside &= (sh >= TINY) & (sh <= HUGE)
        nh, nl = sqrt(sh, sl)
        hi[i], lo[i] = div(1.0, 0.0, nh, nl)
    return inside


@inlined
def _cosine(x, i, y, j, xh, xl, yh, yl):
    r""":math:`\cos(x_i, y_j)` as a double-double, from the rows' inverse norms."""
    dh, dl = _dot(x, i, y, j)
    ch, cl = mul(dh, dl, xh[i], xl[i])
    return mul(ch, cl, yh[j], yl[j])


@compiled
def cross_entropy_rows(x, y, offset, exclude_diagonal, temperature, out):
    r"""Row :math:`i`'s :math:`-\log` softmax probability of its positive column over :math:`\cos(x_i, y_j)/\tau`.

    ``x`` is ``(N, D)``, ``y`` ``(M, D)``, both C-contiguous float64; row
    :math:`i`'s positive is column :math:`(i + \text{offset}) \bmod M`;
    ``exclude_diagonal`` leaves column :math:`j = i` out (NT-Xent, where
    ``x`` and ``y`` are the same views).  Writes the losses into ``out``;
    returns ``False`` (and writes nothing useful) when a squared norm is out
    of range.
    """
    rows, columns = x.shape[0], y.shape[0]
    xh, xl, yh, yl = np.empty(rows), np.empty(rows), np.empty(columns), np.empty(columns)
    if not (_inverse_norms(x, xh, xl) & _inverse_norms(y, yh, yl)):
        return False
    scale_hi, scale_lo = div(1.0, 0.0, temperature, 0.0)
    th, tl = np.empty(columns), np.empty(columns)
    for i in range(rows):
        p = (i + offset) % columns
        ph, pl = _cosine(x, i, y, p, xh, xl, yh, yl)
        top = 0.0
        for j in range(columns):
            ch, cl = _cosine(x, i, y, j, xh, xl, yh, yl)
            dh, dl = sub(ch, cl, ph, pl)
            th[j], tl[j] = mul(dh, dl, scale_hi, scale_lo)
            if j != p and not (exclude_diagonal and j == i):
                top = max(top, th[j])
        sh, sl = 0.0, 0.0
        for j in range(columns):
            if j != p and not (exclude_diagonal and j == i):
                sh, e = two_sum(sh, np.exp(th[j] - top) * (1.0 + tl[j]))
                sl += e
        total = sh + sl
        out[i] = np.log1p(total) if top == 0.0 else top + np.log(np.exp(-top) + total)
    return True


@inlined
def _row_inverse(x, i, scale_hi, scale_lo):
    """The inverse of row ``i``'s norm times ``scale_hi + scale_lo``, in double-double (:func:`unit_rows`)."""
    sh, sl = _dot(x, i, x, i)
    nh, nl = sqrt(sh, sl)
    nh, nl = mul(nh, nl, scale_hi, scale_lo)
    return div(1.0, 0.0, nh, nl)


@compiled
def unit_rows(x, scale_hi, scale_lo, hi, lo):
    r"""Each row of ``x`` divided by its norm times ``scale_hi + scale_lo``, as a double-double into ``hi, lo``.

    Per row: the squared norm as :func:`_dot` forms it, its square root, the
    product by the scale and the inverse in double-double (a few :math:`u^2`
    relative), then each coordinate times that inverse (one exact product
    and a few :math:`u^2` more), normalised so that ``lo`` is at most half an
    ulp of ``hi`` (:mod:`._batch_contrastive`'s error bound counts on it).  The rows must be scaled so that their
    squared norms lie well inside the range of float64 (the row blocks'
    inputs have entries within ±1, the largest at least 1/2).
    """
    for i in range(x.shape[0]):
        fh, fl = _row_inverse(x, i, scale_hi, scale_lo)
        for k in range(x.shape[1]):
            uh, ul = mul(x[i, k], 0.0, fh, fl)
            hi[i, k], lo[i, k] = two_sum(uh, ul)  # normalised: |lo| <= ulp(hi) / 2


@compiled
def unit_slices(x, scale_hi, scale_lo, sigma, first, rest):
    r""":func:`unit_rows`, then each ``hi`` cut in two: ``first`` = ``(hi + sigma) - sigma`` (``hi`` rounded to a
    multiple of :math:`2^{-b}` when ``sigma`` is :math:`1.5\cdot 2^{52-b}`) and ``rest`` = ``(hi - first) + lo``:
    the operations, and so the bits, of ``unit_rows`` then :func:`lossbook._numerics.exact._extract` and
    :func:`._batch_contrastive._slices`, in one pass with no ``hi, lo`` arrays."""
    for i in range(x.shape[0]):
        fh, fl = _row_inverse(x, i, scale_hi, scale_lo)
        for k in range(x.shape[1]):
            uh, ul = mul(x[i, k], 0.0, fh, fl)
            h, l = two_sum(uh, ul)
            cut = (h + sigma) - sigma
            first[i, k] = cut
            rest[i, k] = (h - cut) + l
