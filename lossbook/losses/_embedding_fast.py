r"""Fast path of the row-wise embedding losses: unscaled double-double row sums, block by block.

Each kernel (:class:`Kernel`) has two steps.  ``sums`` takes one block of
rows of all its inputs, stacked and transposed (shape ``(inputs, D, rows)``,
so one call works on every input and columns are contiguous; every
temporary below 96 KiB), and returns its row sums; ``finish`` turns the
row sums of a batch of several blocks into per-row losses and a ``keep``
mask, so its calls are spread over many rows.  The dot products, squared
norms and squared distances are double-double row sums of exact products
(:mod:`lossbook._numerics.rowsums`), accurate to :math:`K u^2` of the sum of
the magnitudes of their terms (:math:`K = 2D + 16`, plus 16 for the squares
of a distance, :math:`u = 2^{-53}`); the few operations after them are
double-double too (:mod:`lossbook._numerics.doubledouble`).  A row is kept
only when that error bound, carried through to the loss, is below
:math:`u/64` of the loss itself, so every kept loss is as accurate as the
careful path's.  The rows not kept — sums of squares outside
:math:`[2^{-400}, 2^{400}]` (coordinates near :math:`10^{\pm 300}`, zero
vectors, identical points, NaN, infinity), and losses that cancel to below
about :math:`K\cdot 10^{-14}` of their parts (nearly parallel vectors, a
margin nearly met) — go to the caller's careful path, which scales every
row and forms the cancelling differences without cancellation.  In ordinary
data no row or a handful do.  A float64 mean or sum is added up batch by
batch, so a large input costs about 1 MB of extra memory whatever its size.
"""

from __future__ import annotations

import math
from typing import Callable, NamedTuple

import numpy as np

from .._numerics import doubledouble as dd
from .._numerics.blocks import fast_arrays
from .._numerics.exact import two_sum
from .._numerics.rowsums import (TRUNCATED_SQUARES_ERROR, block_rows, error_factor, in_range, products, row_sums, split,
                                 squares, stacked_block, truncated_squares, two_difference)

__all__ = ["Kernel", "BATCH_ROWS", "inputs", "labels", "rows", "cosine", "cosine_distance", "cosine_embedding", "contrastive",
           "triplet", "soft_triplet"]


#: Rows whose row-wise steps run together: their few dozen float64 temporaries (32 KiB each) stay in the L2 cache.
BATCH_ROWS = 1 << 12

#: Labels checked per chunk of this many.
_LABEL_CHUNK = 1 << 16


# ============================================================ inputs
def inputs(names, values, reduction, *, func: str):
    """``(arrays, dtype, shape)``: float64 ``(N, D)`` arrays, the result dtype and the losses' shape; or ``None``.

    ``None`` whenever the careful path has to look (a bad ``reduction``, a
    type, a scalar, differing shapes): it raises the error that names the
    problem.  NaN and infinity are not looked for here; they fail the row
    range check of every kernel.
    """
    arrays = fast_arrays(reduction, func, *((value, name, False) for name, value in zip(names, values)))
    if arrays is None:
        return None
    shape = arrays[0].shape
    if not shape or any(array.shape != shape for array in arrays[1:]):
        return None
    dtype = np.result_type(*arrays)
    return [array.astype(np.float64, copy=False).reshape(-1, shape[-1]) for array in arrays], dtype, shape[:-1]


def labels(value, shape: tuple, allowed: tuple, *, func: str):
    """The labels as a flat array if they have ``shape`` and hold only the two ``allowed`` values; else ``None``."""
    got = fast_arrays("mean", func, (value, "label", False))
    if got is None or got[0].shape != shape:
        return None
    flat = got[0].reshape(-1)
    first, second = allowed
    for start in range(0, flat.size, _LABEL_CHUNK):  # in chunks: no boolean array of the whole batch
        chunk = flat[start:start + _LABEL_CHUNK]
        if not ((chunk == first) | (chunk == second)).all():
            return None
    return flat


class Kernel(NamedTuple):
    """A loss's two steps: ``sums(z, *params)``, the row sums of a stacked block, and
    ``finish(D, *sums, *per_row, *params)``, the ``(values, keep)`` of a batch of rows from them."""

    sums: Callable
    finish: Callable


def rows(kernel: Kernel, prepared, careful, reduction: str, *, per_row=(), params=(), nonzero: bool = False):
    """``(losses, dtype)``, or ``(cost, None)`` already reduced; or ``None`` when the careful path must look.

    The rows are walked in blocks small enough that every element-wise
    temporary stays in the cache (:func:`.rowsums.block_rows`); the row sums
    of several blocks are gathered into a batch of :data:`BATCH_ROWS` rows,
    and the row-wise steps (square roots, quotients, the keep test) run once
    per batch, so their per-call cost is spread over many rows.  The rows
    the kernel did not keep are recomputed by ``careful(*arrays, *per_row,
    *params)`` on the gathered rows.  A float64 ``"mean"`` or ``"sum"`` is
    accumulated batch by batch (:func:`_total`), so no per-row array of the
    whole input is made; ``"none"`` and float32 results return all the
    losses for the caller to round and reduce.  ``None`` if a rejected row
    is not finite or, with ``nonzero``, holds a zero vector: the caller's
    careful path then validates the whole input and raises the error naming
    the row.
    """
    arrays, dtype, shape = prepared
    count, dimension = arrays[0].shape
    whole = reduction == "none" or dtype != np.float64
    losses = np.empty(count) if whole else None
    partials = []
    step = block_rows(dimension)
    batch = max(step, BATCH_ROWS // step * step)
    buffer = np.empty((len(arrays), dimension, min(step, count)))
    gathered = None
    with np.errstate(all="ignore"):
        for first in range(0, count, batch):
            last = min(first + batch, count)
            for start in range(first, last, step):
                stop = min(start + step, last)
                sums = kernel.sums(stacked_block(arrays, slice(start, stop), buffer), *params)
                if last - first <= step:
                    break  # one block: its sums are the batch's
                if gathered is None:
                    gathered = [np.empty(part.shape[:-1] + (batch,)) for part in sums]
                for into, part in zip(gathered, sums):
                    into[..., start - first:stop - first] = part
            else:
                sums = [part[..., :last - first] for part in gathered]
            values, keep = kernel.finish(dimension, *sums, *(value[first:last] for value in per_row), *params)
            if not keep.all():
                redo = np.flatnonzero(~keep)
                redone = _redo(careful, arrays, per_row, params, redo + first, nonzero)
                if redone is None:
                    return None
                values[redo] = redone
            if whole:
                losses[first:last] = values
            else:
                partials.append(np.add.reduce(values))
    if whole:
        return losses.reshape(shape), dtype
    total = _total(partials)
    if not math.isfinite(total):  # the caller's reduction rescales an overflowing mean
        return rows(kernel, prepared, careful, "none", per_row=per_row, params=params, nonzero=nonzero)
    return np.float64(total / count if reduction == "mean" else total), None


def _redo(careful, arrays, per_row, params, redo, nonzero: bool):
    """The careful path's values of rows ``redo``; ``None`` if one is not finite or (``nonzero``) a zero vector."""
    subset = [array[redo] for array in arrays]
    if not all(np.isfinite(array).all() for array in subset):
        return None
    if nonzero and not all((np.abs(array).max(axis=-1) > 0).all() for array in subset):
        return None
    return careful(*subset, *(value[redo] for value in per_row), *params)


def _total(partials) -> float:
    """The sum of the batches' sums: one batch's pairwise sum as it is (``np.sum``'s bits), several added exactly.

    :func:`math.fsum` rounds the exact sum of the batch sums once, so the total
    is at least as accurate as one pairwise sum over all the losses.
    """
    if len(partials) == 1:
        return partials[0]
    return math.fsum(partials)


# ============================================================ kernels
def _limit(dimension: int, *, norms: int, squares: int = 0) -> float:
    r"""``t`` with :math:`E u^2 / t = u / 64` for the error bound :math:`E = \text{norms}\cdot (K + S) + 20`, in units of :math:`u^2`.

    A loss above ``t`` times its scale has a relative error below :math:`u/64`
    from the double-double steps; ``norms`` counts the row sums whose error
    reaches it (:math:`K` each, plus :math:`S` = ``squares`` when their terms
    are :func:`.rowsums.truncated_squares`; 20 covers the operations after them).
    """
    return (norms * (error_factor(dimension) + squares) + 20) * 2.0**-47


def _distance_limit(dimension: int, *, norms: int) -> float:
    """:func:`_limit` of row sums of :func:`_squared_distances`."""
    return _limit(dimension, norms=norms, squares=TRUNCATED_SQUARES_ERROR)


def _cosine_sums(z, *_):
    """Squared norms (stacked ``(2, rows)``) and dot product of the rows of ``z = [x, y]``, as double-doubles.

    The three sums of each row are added by one :func:`row_sums` call over the
    stacked products ``[x², y², xy]``.
    """
    zh, zl = split(z)
    p = np.empty((3,) + z.shape[1:])
    e = np.empty_like(p)
    squares(z, (zh, zl), out=(p[:2], e[:2]))
    products(z[0], (zh[0], zl[0]), z[1], (zh[1], zl[1]), out=(p[2], e[2]))
    hi, lo = row_sums(p, e)
    return hi[:2], lo[:2], hi[2], lo[2]


def _cosine_parts(norms_hi, norms_lo, dot_hi, dot_lo):
    """Dot product ``c`` and norm product ``r`` as double-doubles, and the rows in range."""
    r = dd.sqrt(*dd.mul(norms_hi[0], norms_lo[0], norms_hi[1], norms_lo[1]))
    return (dot_hi, dot_lo), r, in_range(norms_hi)


def _one_minus_cosine(c, r):
    r""":math:`1 - \cos = (r - c) / r` in double-double (its error is about :math:`K u^2` absolute)."""
    return dd.div(*dd.sub(*r, *c), *r)


def _cosine(dimension, *sums):
    c, r, keep = _cosine_parts(*sums)
    ch, cl = dd.div(*c, *r)
    keep &= np.abs(ch) >= _limit(dimension, norms=2)
    return ch + cl, keep


def _cosine_distance(dimension, *sums):
    c, r, keep = _cosine_parts(*sums)
    dh, dl = _one_minus_cosine(c, r)
    keep &= dh >= _limit(dimension, norms=2)
    return dh + dl, keep


def _cosine_embedding(dimension, norms_hi, norms_lo, dot_hi, dot_lo, label, margin: float):
    c, r, keep = _cosine_parts(norms_hi, norms_lo, dot_hi, dot_lo)
    ch, cl = dd.div(*c, *r)  # cos, absolute error about (2K + 20) u²: so are 1 - cos and cos - m formed from it
    dh, dl = two_difference(1.0, ch)
    dl -= cl
    gh, gl = two_sum(ch, -margin)
    gl += cl
    similar = label == 1
    limit = _limit(dimension, norms=2)
    keep &= np.where(similar, dh >= limit, np.abs(gh) >= limit)
    return np.where(similar, dh + dl, np.maximum(gh + gl, 0.0)), keep


def _squared_distances(first, second):
    r"""``|x - y|²`` of stacked rows as a double-double (each difference exact as ``hi + lo``).

    Per coordinate :math:`(h + l)^2 = h^2 + 2hl + l^2` with :math:`h^2` from
    :func:`.rowsums.truncated_squares` (error :math:`\le 16u^2h^2`),
    :math:`2hl` rounded (error :math:`\le 2u^2h^2`) and :math:`l^2 \le u^2h^2`
    left out: all within the ``squares`` allowance of :func:`_distance_limit`.
    """
    dh, dl = two_difference(first, second)
    p, e = truncated_squares(dh)
    cross = dh * dl
    cross += cross
    e += cross
    return row_sums(p, e)


def _pair_distance(z, *_):
    """``|x - y|²`` of the rows of ``z = [x, y]`` (shape ``(1, rows)``)."""
    return _squared_distances(z[:1], z[1:])


def _contrastive(dimension, sh, sl, label, margin: float):
    sh, sl = sh[0], sl[0]
    keep = in_range(sh)
    dh, dl = dd.sqrt(sh, sl)
    gh, gl = two_difference(margin, dh)
    gl -= dl
    gap = np.maximum(gh + gl, 0.0)
    similar = label == 1
    keep &= similar | (np.abs(gh) >= _distance_limit(dimension, norms=1) * dh)
    return np.where(similar, sh + sl, gap * gap), keep


def _triplet_distances(z, *params):
    """Squared distances ``a-p, a-n`` (and ``p-n`` with the swap, the last parameter) of ``z = [a, p, n]``."""
    pairs = (z[[0, 0, 1]], z[[1, 2, 2]]) if params[-1] else (z[:1], z[1:])
    return _squared_distances(*pairs)


def _gap(sh, sl, swap: bool):
    """``d(a, p) - d(a, n)`` (with the swap if asked) from the squared distances, the distances' sum and the rows in range."""
    keep = in_range(sh)
    dh, dl = dd.sqrt(sh, sl)
    nh, nl = dh[1], dl[1]
    if swap:
        closer = (dh[2] < nh) | ((dh[2] == nh) & (dl[2] < nl))
        nh, nl = np.where(closer, dh[2], nh), np.where(closer, dl[2], nl)
    gh, gl = dd.sub(dh[0], dl[0], nh, nl)
    return gh, gl, dh[0] + nh, keep


def _triplet(dimension, sh, sl, margin: float, swap: bool):
    gh, gl, scale, keep = _gap(sh, sl, swap)
    lh, ll = two_sum(gh, margin)
    ll += gl
    keep &= np.abs(lh) >= _distance_limit(dimension, norms=2) * scale
    return np.maximum(lh + ll, 0.0), keep


def _soft_triplet(dimension, sh, sl, swap: bool):
    r"""Softplus of the gap; its relative error is at most 1.5 times the gap's absolute error, kept below :math:`u/64`."""
    gh, gl, scale, keep = _gap(sh, sl, swap)
    keep &= 1.5 * _distance_limit(dimension, norms=2) * scale <= 1.0
    positive_gap = gh > 0
    tail = np.exp(-np.abs(gh)) * np.where(positive_gap, 1 - gl, 1 + gl)  # e^{-|t|}, lo part to first order
    soft = np.log1p(tail)
    return np.where(positive_gap, gh + (gl + soft), soft), keep


cosine = Kernel(_cosine_sums, _cosine)
cosine_distance = Kernel(_cosine_sums, _cosine_distance)
cosine_embedding = Kernel(_cosine_sums, _cosine_embedding)
contrastive = Kernel(_pair_distance, _contrastive)
triplet = Kernel(_triplet_distances, _triplet)
soft_triplet = Kernel(_triplet_distances, _soft_triplet)
