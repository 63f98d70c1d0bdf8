r"""Fast path of the row-wise embedding losses: unscaled double-double row sums, batch by batch.

Each kernel (:class:`Kernel`) has two steps, each a loop compiled by Numba
over a batch of rows: ``sums`` writes the rows' double-double sums
(:mod:`lossbook._numerics.rowsums`), ``finish`` turns them into the rows'
losses and whether each is kept.  The dot products, squared norms and
squared distances are double-double row sums of exact products, accurate
to :math:`K u^2` of the sum of the magnitudes of their terms
(:math:`K = 2D + 16`, plus 16 for the squares of a distance,
:math:`u = 2^{-53}`); the few operations after them are double-double too
(:mod:`lossbook._numerics.doubledouble`).  A row is kept
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

import functools
import math
from typing import Callable, NamedTuple

import numpy as np

from .._numerics import compiled_cache  # noqa: F401 - first: drops cached loops older than the sources
from .._numerics.blocks import fast_arrays
from .._numerics.doubledouble import compiled, div, inlined, mul, sqrt, sub, two_difference, two_sum
from .._numerics.rowsums import (HUGE, SQUARED_DIFFERENCE_ERROR, TINY, cosine_sums, error_factor, squared_distances,
                                 triplet_distances)
from .._numerics.validation import REDUCTIONS

__all__ = ["Kernel", "BATCH_ROWS", "inputs", "labels", "rows", "cosine", "cosine_distance", "cosine_embedding", "contrastive",
           "triplet", "soft_triplet"]


#: Rows per batch: the row sums, losses and keep flags of a batch (at most 232 KiB) stay in the L2 cache.
BATCH_ROWS = 1 << 12


# ============================================================ inputs
def inputs(names, values, reduction, *, func: str):
    """``(arrays, dtype, shape)``: float64 ``(N, D)`` arrays, the result dtype and the losses' shape; or ``None``.

    ``None`` whenever the careful path has to look (a bad ``reduction``, a
    type, a scalar, differing shapes): it raises the error that names the
    problem.  NaN and infinity are not looked for here; they fail the row
    range check of every kernel.
    """
    if reduction in REDUCTIONS and all(type(value) is np.ndarray and value.dtype == np.float64 for value in values):
        shape = values[0].shape  # plain float64 arrays: the conversion would return them as they are
        if shape and values[0].size and all(value.shape == shape for value in values[1:]):
            return [value.reshape(-1, shape[-1]) for value in values], values[0].dtype, shape[:-1]
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
    if type(value) is np.ndarray and value.dtype in _NATIVE_LABELS and value.shape == shape:
        flat = value.reshape(-1)  # float64 or int64 as they are: the conversion would only make them float64
    else:
        got = fast_arrays("mean", func, (value, "label", False))
        if got is None or got[0].shape != shape:
            return None
        flat = got[0].reshape(-1)
    return flat if _holds_only(flat, *allowed) else None


#: Label dtypes taken without conversion (the compiled check is built for these two; others become float64 first).
_NATIVE_LABELS = (np.dtype(np.float64), np.dtype(np.int64))


@compiled
def _holds_only(labels, first, second):
    """Whether every label is ``first`` or ``second`` (one pass, no temporary)."""
    for label in labels:
        if label != first and label != second:
            return False
    return True


class Kernel(NamedTuple):
    """A loss's steps on a batch of rows.

    ``sums(arrays, hi, lo, *params)`` writes the rows' ``width`` double-double
    sums into the first columns of ``hi`` and ``lo`` (shape ``(width, size)``); ``limit(D)`` is the
    keep test's threshold; ``finish(hi, lo, limit, values, keep, *per_row,
    *params)``, compiled loops, writes each row's loss and whether it is kept
    (one entry per row of ``values``) and returns the number of rows not kept.
    """

    sums: Callable
    finish: Callable
    width: int
    limit: Callable


def rows(kernel: Kernel, prepared, careful, reduction: str, *, per_row=(), params=(), nonzero: bool = False):
    """``(losses, dtype)``, or ``(cost, None)`` already reduced; or ``None`` when the careful path must look.

    The rows are walked in batches of :data:`BATCH_ROWS`; two compiled loops
    per batch write the row sums and then the losses (a batch of an input
    that is not C-contiguous is copied first, so each loop is compiled for
    one array type).  The rows the kernel
    did not keep are recomputed by ``careful(*arrays, *per_row, *params)`` on
    the gathered rows.  A float64 ``"mean"`` or ``"sum"`` is accumulated
    batch by batch (:func:`_total`), so no per-row array of the whole input
    is made; ``"none"`` and float32 results return all the losses for the
    caller to round and reduce.  ``None`` if a rejected row is not finite
    or, with ``nonzero``, holds a zero vector: the caller's careful path then
    validates the whole input and raises the error naming the row.
    """
    arrays, dtype, shape = prepared
    count, dimension = arrays[0].shape
    whole = reduction == "none" or dtype != np.float64
    if count <= _FEW_ROWS and not per_row and all(array.flags.c_contiguous for array in arrays):
        return _few_rows(kernel, arrays, dtype, shape, careful, reduction, params, nonzero, whole)
    size = min(BATCH_ROWS, count)
    losses = np.empty(count if whole else size)
    partials = []
    hi, lo = np.empty((kernel.width, size)), np.empty((kernel.width, size))  # not views of one array: unpacking costs 1 µs
    keep = np.empty(size, dtype=bool)
    limit = kernel.limit(dimension)
    with np.errstate(all="ignore"):
        for first in range(0, count, BATCH_ROWS):
            last = min(first + BATCH_ROWS, count)
            n = last - first
            values = losses[first:last] if whole else losses[:n]
            batch = [np.ascontiguousarray(array[first:last]) for array in arrays]  # one array type per kernel
            kernel.sums(batch, hi, lo, *params)  # whole buffers: C-contiguous
            if kernel.finish(hi, lo, limit, values, keep, *(_float_rows(value[first:last]) for value in per_row), *params):
                redo = np.flatnonzero(~keep[:n])
                redone = _redo(careful, arrays, per_row, params, redo + first, nonzero)
                if redone is None:
                    return None
                values[redo] = redone
            if not whole:
                partials.append(np.add.reduce(values))
    if whole:
        return losses.reshape(shape), dtype
    total = _total(partials)
    if not math.isfinite(total):  # the caller's reduction rescales an overflowing mean
        return rows(kernel, prepared, careful, "none", per_row=per_row, params=params, nonzero=nonzero)
    return np.float64(total / count if reduction == "mean" else total), None


#: Up to this many rows (and no per-row labels) :func:`rows` takes one batch with fewer NumPy calls.
_FEW_ROWS = 64


def _few_rows(kernel: Kernel, arrays, dtype, shape, careful, reduction: str, params, nonzero: bool, whole: bool):
    """:func:`rows` of C-contiguous inputs of a few rows: one batch, its buffers made for it, no copies."""
    count, dimension = arrays[0].shape
    losses, keep = np.empty(count), np.empty(count, dtype=bool)
    hi, lo = np.empty((kernel.width, count)), np.empty((kernel.width, count))
    kernel.sums(arrays, hi, lo, *params)  # compiled loops, and NumPy's exp and log1p of numbers at most 0 and 1:
    if kernel.finish(hi, lo, _limits(kernel.limit, dimension), losses, keep, *params):  # no error state to set
        redo = np.flatnonzero(~keep)
        with np.errstate(all="ignore"):
            redone = _redo(careful, arrays, (), params, redo, nonzero)
        if redone is None:
            return None
        losses[redo] = redone
    if whole:
        return losses.reshape(shape), dtype
    total = np.add.reduce(losses)
    if not math.isfinite(total):  # the caller's reduction rescales an overflowing mean
        return losses.reshape(shape), dtype
    return np.float64(total / count if reduction == "mean" else total), None


@functools.lru_cache(maxsize=64)
def _limits(limit, dimension: int) -> float:
    """``limit(dimension)``, kept."""
    return limit(dimension)


def _float_rows(values: np.ndarray) -> np.ndarray:
    """Per-row values (labels) of a batch as contiguous float64: the compiled loops then see one array type."""
    return np.ascontiguousarray(values, dtype=np.float64)


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
    are squared differences, :data:`.rowsums.SQUARED_DIFFERENCE_ERROR`; 20
    covers the operations after them).
    """
    return (norms * (error_factor(dimension) + squares) + 20) * 2.0**-47


def _cosine_limit(dimension: int) -> float:
    """:func:`_limit` of a quotient of the dot product by the norms."""
    return _limit(dimension, norms=2)


def _distance_limit(dimension: int) -> float:
    """:func:`_limit` of two :func:`.rowsums.squared_distances`."""
    return _limit(dimension, norms=2, squares=SQUARED_DIFFERENCE_ERROR)


def _one_distance_limit(dimension: int) -> float:
    """:func:`_limit` of one :func:`.rowsums.squared_distances`."""
    return _limit(dimension, norms=1, squares=SQUARED_DIFFERENCE_ERROR)


def _cosine_sums(arrays, hi, lo, *_):
    """``|x|², |y|², x·y`` of the rows of ``[x, y]`` (:func:`.rowsums.cosine_sums`)."""
    cosine_sums(*arrays, hi, lo)


def _pair_distance(arrays, hi, lo, *_):
    """``|x - y|²`` of the rows of ``[x, y]``."""
    squared_distances(*arrays, hi[0], lo[0])


def _triplet_distances(arrays, hi, lo, *params):
    """Squared distances ``a-p, a-n`` (and ``p-n`` with the swap, the last parameter) of the rows of ``[a, p, n]``."""
    triplet_distances(*arrays, hi, lo, params[-1])


@inlined
def _in_range(total):
    """A sum of squares that allows the unscaled path (NaN fails)."""
    return (total >= TINY) & (total <= HUGE)


@inlined
def _positive_part(x):
    """``np.maximum(x, 0.0)``, NaN and ``-0.0`` included."""
    return x if x >= 0.0 or np.isnan(x) else 0.0


@inlined
def _cosine_parts(hi, lo, row):
    """Dot product ``c`` and norm product ``r = √(|x|²|y|²)`` of ``row`` as double-doubles, and whether it is in range."""
    nh, nl = mul(hi[0, row], lo[0, row], hi[1, row], lo[1, row])
    rh, rl = sqrt(nh, nl)
    return hi[2, row], lo[2, row], rh, rl, _in_range(hi[0, row]) & _in_range(hi[1, row])


@compiled
def _cosine(hi, lo, limit, values, keep):
    rejected = 0
    for row in range(values.shape[0]):
        ch, cl, rh, rl, ok = _cosine_parts(hi, lo, row)
        qh, ql = div(ch, cl, rh, rl)
        kept = ok & (abs(qh) >= limit)
        keep[row] = kept
        rejected += not kept
        values[row] = qh + ql
    return rejected


@compiled
def _cosine_distance(hi, lo, limit, values, keep):
    r""":math:`1 - \cos = (r - c) / r` (its error is about :math:`K u^2` absolute)."""
    rejected = 0
    for row in range(values.shape[0]):
        ch, cl, rh, rl, ok = _cosine_parts(hi, lo, row)
        gh, gl = sub(rh, rl, ch, cl)
        dh, dl = div(gh, gl, rh, rl)
        kept = ok & (dh >= limit)
        keep[row] = kept
        rejected += not kept
        values[row] = dh + dl
    return rejected


@compiled
def _cosine_embedding(hi, lo, limit, values, keep, label, margin):
    rejected = 0
    for row in range(values.shape[0]):
        ch, cl, rh, rl, ok = _cosine_parts(hi, lo, row)
        qh, ql = div(ch, cl, rh, rl)  # cos, absolute error about (2K + 20) u²: so are 1 - cos and cos - m formed from it
        if label[row] == 1:
            dh, dl = two_difference(1.0, qh)
            clear, values[row] = dh >= limit, dh + (dl - ql)
        else:
            gh, gl = two_sum(qh, -margin)
            clear, values[row] = abs(gh) >= limit, _positive_part(gh + (gl + ql))
        kept = ok & clear
        keep[row] = kept
        rejected += not kept
    return rejected


@compiled
def _contrastive(hi, lo, limit, values, keep, label, margin):
    rejected = 0
    for row in range(values.shape[0]):
        sh, sl = hi[0, row], lo[0, row]
        if label[row] == 1:
            clear, values[row] = True, sh + sl
        else:
            dh, dl = sqrt(sh, sl)
            gh, gl = two_difference(margin, dh)
            gap = _positive_part(gh + (gl - dl))
            clear, values[row] = abs(gh) >= limit * dh, gap * gap
        kept = _in_range(sh) & clear
        keep[row] = kept
        rejected += not kept
    return rejected


@inlined
def _gap(hi, lo, row, swap):
    """``d(a, p) - d(a, n)`` of ``row`` (with the swap if asked) as a double-double, the distances' sum and whether it is in range."""
    ok = _in_range(hi[0, row]) & _in_range(hi[1, row])
    ph, pl = sqrt(hi[0, row], lo[0, row])
    nh, nl = sqrt(hi[1, row], lo[1, row])
    if swap:
        ok = ok & _in_range(hi[2, row])
        sh, sl = sqrt(hi[2, row], lo[2, row])
        closer = (sh < nh) | ((sh == nh) & (sl < nl))
        nh, nl = (sh if closer else nh), (sl if closer else nl)
    gh, gl = sub(ph, pl, nh, nl)
    return gh, gl, ph + nh, ok


@inlined
def _triplet_rows(hi, lo, limit, values, keep, margin, swap):
    rejected = 0
    for row in range(values.shape[0]):
        gh, gl, scale, ok = _gap(hi, lo, row, swap)
        lh, ll = two_sum(gh, margin)
        kept = ok & (abs(lh) >= limit * scale)
        keep[row] = kept
        rejected += not kept
        values[row] = _positive_part(lh + (ll + gl))
    return rejected


@compiled
def _triplet(hi, lo, limit, values, keep, margin, swap):
    if swap:  # one loop for each case, without a branch inside: they vectorise
        return _triplet_rows(hi, lo, limit, values, keep, margin, True)
    return _triplet_rows(hi, lo, limit, values, keep, margin, False)


@inlined
def _soft_gap_rows(hi, lo, limit, values, keep, swap):
    rejected = 0
    for row in range(values.shape[0]):
        gh, gl, scale, ok = _gap(hi, lo, row, swap)
        kept = ok & (1.5 * limit * scale <= 1.0)
        keep[row] = kept
        rejected += not kept
        values[row] = gh
        # a row not kept may have any gap: its tail is made 0, so NumPy's exp and log1p meet no bad value
        hi[0, row] = -abs(gh) if kept else -np.inf
        lo[0, row] = gl
        lo[1, row] = ((1 - gl) if gh > 0 else (1 + gl)) if kept else 0.0
    return rejected


@compiled
def _soft_gaps(hi, lo, limit, values, keep, swap):
    """The gap ``g = gh + gl`` of each row: ``gh`` into ``values``, ``-|gh|`` into ``hi[0]``, ``gl`` into ``lo[0]``
    and the first-order factor ``1 ∓ gl`` of :math:`e^{-|g|}` into ``lo[1]`` (for a row not kept, -inf and 0);
    returns the rows not kept."""
    if swap:  # one loop for each case, without a branch inside: they vectorise
        return _soft_gap_rows(hi, lo, limit, values, keep, True)
    return _soft_gap_rows(hi, lo, limit, values, keep, False)


@compiled
def _softplus_of_gaps(values, soft, low):
    """``softplus(g) = g + log1p(e^{-g})`` for ``g > 0``, else ``log1p(e^{g})``; ``soft`` holds the log1p terms."""
    for row in range(values.shape[0]):
        gh = values[row]
        values[row] = gh + (low[row] + soft[row]) if gh > 0 else soft[row]


def _soft_triplet(hi, lo, limit, values, keep, swap):
    r"""Softplus of the gap; its relative error is at most 1.5 times the gap's absolute error, kept below :math:`u/64`.

    The gaps come from a compiled loop, their :math:`\operatorname{log1p}(e^{-|g|})` from NumPy's
    vectorised ``exp`` and ``log1p`` (a compiled loop would call the C library's one row at a time,
    and stop vectorising the double-double steps around them).
    """
    rejected = _soft_gaps(hi, lo, limit, values, keep, swap)
    n = values.shape[0]
    tail = np.exp(hi[0, :n], out=hi[0, :n])
    np.multiply(tail, lo[1, :n], out=tail)  # e^{-|t|}, its low part to first order
    _softplus_of_gaps(values, np.log1p(tail, out=tail), lo[0, :n])
    return rejected


cosine = Kernel(_cosine_sums, _cosine, 3, _cosine_limit)
cosine_distance = Kernel(_cosine_sums, _cosine_distance, 3, _cosine_limit)
cosine_embedding = Kernel(_cosine_sums, _cosine_embedding, 3, _cosine_limit)
contrastive = Kernel(_pair_distance, _contrastive, 1, _one_distance_limit)
triplet = Kernel(_triplet_distances, _triplet, 3, _distance_limit)
soft_triplet = Kernel(_triplet_distances, _soft_triplet, 3, _distance_limit)
