r"""Checks of float64 tables of probabilities, and the sparse cross-entropy's true-class gather, compiled by Numba.

:func:`probability_rows` checks a block of rows of up to :data:`MOST_FEW_CLASSES` classes for the
blocked paths (entries in :math:`[0, 1]`, rows summing to 1), in one pass
that takes several rows at a time.

The blocked path of ``sparse_categorical_cross_entropy`` (probabilities) needs,
for each block of rows, whether every entry lies in :math:`[0, 1]`, whether
every row sums to 1 within the careful path's tolerance, the entry
:math:`p_c` of each row's label, and which of those exceed 1/2 (their loss is
:math:`-\operatorname{log1p}(p_c - 1)`, the others' :math:`-\log p_c`).
NumPy takes a pass over the block for each, a gather and a search;
:func:`checked_true_class` does them in one call while the block is in cache,
and :func:`negated_logs` turns NumPy's logarithms of the entries into the losses.
Up to that many classes one unrolled loop checks and gathers several rows at a time;
beyond, the range is checked on the bits in a pass of its own.
"""

from __future__ import annotations

import numpy as np
from numba import literal_unroll, njit

from .._numerics import compiled_cache  # noqa: F401 - first: drops cached loops older than the sources
from ._multiclass_blocks import MOST_FEW_CLASSES

__all__ = ["probability_rows", "checked_true_class", "negated_logs"]

#: The bits of 1.0: read as unsigned integers, the floats from +0 to 1 are exactly those at most these.
_ONE_BITS = np.uint64(0x3FF0000000000000)
#: Row lengths given a loop of their own, unrolled, so that the rows are checked several at a time.
_FEW_CLASSES = tuple(range(2, MOST_FEW_CLASSES + 1))


#: Stand-ins for the labels and the gathered entries when only the check is wanted.
_NO_LABELS, _NO_ENTRIES = np.zeros(0, np.intp), np.zeros(0)


# Reassociation is allowed for the row sums of the check (any order of addition errs by at most
# (K - 1)u, far below the tolerance), so they vectorise; nothing else in the loops is a sum.
@njit(inline="always", fastmath={"reassoc"}, error_model="numpy")
def _rows_pass(table, n_classes, limit, labels, out, gather):
    r"""``True`` when every entry :math:`x` has :math:`0 \le x \le 1` and every row sum :math:`S` has
    :math:`|S - 1| \le` ``limit``; with ``gather`` (a constant), also ``out[i] = table[i, labels[i]]``.

    NaN fails both comparisons; ``-0.0`` passes, as in the careful path.
    The label's entry is selected among the row's, not loaded again, so
    that a constant ``n_classes`` lets the rows go several at a time.
    """
    passed = True
    for i in range(table.shape[0]):
        label = labels[i] if gather else 0
        total = 0.0
        chosen = 0.0
        for k in range(n_classes):
            entry = table[i, k]
            total += entry
            passed &= (entry >= 0.0) & (entry <= 1.0)
            chosen = entry if k == label else chosen
        passed &= abs(total - 1.0) <= limit
        if gather:
            out[i] = chosen
    return passed


@njit(cache=True, nogil=True, error_model="numpy", fastmath={"reassoc"})
def probability_rows(table, limit):
    """:func:`_rows_pass`'s check of a C-contiguous float64 block of 2 to :data:`MOST_FEW_CLASSES` classes (``False`` for other widths)."""
    n_classes = table.shape[1]
    passed = False
    for few in literal_unroll(_FEW_CLASSES):
        if n_classes == few:
            passed = _rows_pass(table, few, limit, _NO_LABELS, _NO_ENTRIES, False)
    return passed


@njit(inline="always", fastmath={"reassoc"}, error_model="numpy")
def _checked_gather(table, bits, labels, limit, out):
    """:func:`_rows_pass` for any number of classes: the range checked on the bits, in a pass of its own."""
    worst = np.uint64(0)
    for e in range(bits.shape[0]):
        worst = max(worst, bits[e])
    passed = worst <= _ONE_BITS
    rows, n_classes = table.shape
    for i in range(rows):
        total = 0.0
        for k in range(n_classes):
            total += table[i, k]
        passed &= abs(total - 1.0) <= limit
        out[i] = table[i, labels[i]]
    return passed


@njit(cache=True, nogil=True, error_model="numpy", fastmath={"reassoc"})
def checked_true_class(table, bits, labels, limit, out, near_one, rows_near_one):
    r"""``out[i] = table[i, labels[i]]``, and the entries above 1/2 listed; ``-1`` when a row fails the checks.

    ``table`` is a C-contiguous float64 block ``(N, K)`` of probabilities,
    ``bits`` the same memory read as ``uint64`` (flat), and ``labels`` lie
    in ``0 .. K-1``.  Every entry must be in :math:`[0, 1]` and every row
    sum :math:`S` have :math:`|S - 1| \le` ``limit`` (NaN fails).
    Returns the number ``m`` of rows whose :math:`p = ` ``out[i]`` exceeds
    1/2, with ``near_one[:m]`` their :math:`p - 1` (exact: Sterbenz) and
    ``rows_near_one[:m]`` their ``i``, in order.
    """
    n_classes = table.shape[1]
    passed = False
    general = True
    for few in literal_unroll(_FEW_CLASSES):
        if n_classes == few:
            passed = _rows_pass(table, few, limit, labels, out, True)
            general = False
    if general:
        passed = _checked_gather(table, bits, labels, limit, out)
    if not passed:
        return -1
    count = 0
    for i in range(out.shape[0]):
        p = out[i]
        if p > 0.5:
            near_one[count] = p - 1.0
            rows_near_one[count] = i
            count += 1
    return count


@njit(cache=True, nogil=True, error_model="numpy")
def negated_logs(log_p, log_near_one, rows_near_one):
    r"""``log_p[i] = 0 - log_p[i]``, then ``log_p[rows_near_one[j]] = 0 - log_near_one[j]``: the losses, in place.

    ``0 - x`` is NumPy's ``np.subtract(0.0, x)``: ``+0.0``, never ``-0.0``, for a zero ``x``.
    """
    for i in range(log_p.shape[0]):
        log_p[i] = 0.0 - log_p[i]
    for j in range(log_near_one.shape[0]):
        log_p[rows_near_one[j]] = 0.0 - log_near_one[j]
