r"""The log-softmax of float64 and float32 rows with few classes, around NumPy's ``exp``, in compiled loops.

For a row :math:`z` the cross-entropies from logits need the shift
:math:`m = \max_k z_k` (at the first class that reaches it), the tail
:math:`s = \sum_{k \ne \arg\max} e^{z_k - m}` and :math:`-\log p_k = (m - z_k) + \operatorname{log1p}(s)`.
With a handful of classes NumPy spends its time on short rows and on
copies; these loops work row by row instead:

- :func:`shifted_rows` finds each row's arg-max and writes :math:`z - m`,
  which NumPy's vectorised ``exp`` then turns into :math:`e^{z - m}` in place
  (it also checks that every logit is finite, so the caller need not);
- :func:`tails` sums each row but its arg-max;
- :func:`cross_entropy_rows` forms :math:`\sum_k y_k\,(-\log p_k)`.

Every sum over a row is NumPy's ``np.sum(axis=-1)`` order for up to 16 numbers
(:func:`row_sum`), and every other operation is the NumPy path's in the
same order, compiled without fast-math, so the results are its bits.  Rows
of 2 to :data:`._multiclass_blocks.MOST_FEW_CLASSES` classes get a version of
each loop with the length a constant (unrolled, several rows at a time):
:func:`for_classes` picks the loops for a width.  (One function holding both
versions makes the general one slower.)
"""

from __future__ import annotations

import numpy as np
from numba import literal_unroll

from .._numerics import compiled_cache  # noqa: F401 - first: drops cached loops older than the sources
from .._numerics.doubledouble import compiled, inlined
from .._numerics.pairwise import leaf_sum
from ._multiclass_blocks import MOST_FEW_CLASSES

__all__ = ["MAX_CLASSES", "row_sum", "shifted_rows", "tails", "cross_entropy_rows", "few_shifted_rows", "few_tails",
           "few_cross_entropy_rows", "for_classes"]

#: The loops take rows of at most this many classes (NumPy's 8 running sums, then at most 8 more).
MAX_CLASSES = 16

#: Row lengths whose loops are compiled with the length a constant.
_FEW_CLASSES = tuple(range(2, MOST_FEW_CLASSES + 1))


@inlined
def row_sum(row):
    """``np.sum(row)`` of at most 16 numbers, bit for bit (:func:`lossbook._numerics.pairwise.leaf_sum`)."""
    return leaf_sum(row, row.shape[0])


@compiled
def shifted_rows(z, out, winner, shift, labels=None, picked=None):
    """``winner[i]``: the first class at row ``i``'s maximum; ``shift[i]`` that entry; ``out[i] = z[i] - shift[i]``;
    with ``labels``, ``picked[i] = z[i, labels[i]]`` (the sparse cross-entropy's label logit).

    Returns whether every logit is finite (``v - v`` is 0 exactly for finite ``v``, NaN otherwise).
    """
    return _shifted(z, out, winner, shift, labels, picked, z.shape[1])


@compiled
def few_shifted_rows(z, out, winner, shift, labels=None, picked=None):
    """:func:`shifted_rows` of rows of 2 to :data:`._multiclass_blocks.MOST_FEW_CLASSES` classes."""
    finite = False
    for few in literal_unroll(_FEW_CLASSES):
        if z.shape[1] == few:
            finite = _shifted(z, out, winner, shift, labels, picked, few)
    return finite


@inlined
def _shifted(z, out, winner, shift, labels, picked, n_classes):
    """:func:`shifted_rows` of rows of ``n_classes`` classes (``z`` C-contiguous).

    Each part has a loop of its own: the finiteness check over the flat
    logits (an integer OR, which vectorises), the label gather, then the
    rows; inside the row loop either of the first two costs half its speed.
    """
    flat = z.reshape(-1)
    bad = 0
    for j in range(flat.shape[0]):
        value = flat[j]
        bad |= np.int64(value - value != 0.0)
    if labels is not None:  # decided when the loop compiles; the labels are checked, so no wrap-around test
        for i in range(z.shape[0]):
            picked[i] = flat[np.uint64(i * n_classes + labels[i])]
    for i in range(z.shape[0]):
        best = 0
        top = z[i, 0]
        for k in range(1, n_classes):
            value = z[i, k]
            greater = value > top  # strictly: a tie keeps the first class (and +0 and -0 tie)
            best = k if greater else best  # selects, not branches: a random arg-max mispredicts half the time
            top = value if greater else top
        winner[i] = best
        shift[i] = top
        for k in range(n_classes):
            out[i, k] = z[i, k] - top
    return bad == 0


@compiled
def tails(exps, winner, out):
    """``out[i]``: the sum of row ``i`` of ``exps`` with its arg-max entry set to 0 (in place)."""
    _tails(exps, winner, out, exps.shape[1])


@compiled
def few_tails(exps, winner, out):
    """:func:`tails` of rows of 2 to :data:`._multiclass_blocks.MOST_FEW_CLASSES` classes."""
    for few in literal_unroll(_FEW_CLASSES):
        if exps.shape[1] == few:
            _tails(exps, winner, out, few)


@inlined
def _tails(exps, winner, out, n_classes):
    """:func:`tails` of rows of ``n_classes`` classes."""
    for i in range(exps.shape[0]):  # a loop of its own: the stores at a varying column keep the sums from vectorising
        exps[i, winner[i]] = 0.0
    for i in range(exps.shape[0]):
        out[i] = leaf_sum(exps[i], n_classes)


@compiled
def cross_entropy_rows(z, targets, shift, log_tail, terms, out):
    """``out[i] = Σ_k y_ik ((m_i - z_ik) + log1p(s_i)) + 0.0``, the terms summed as ``np.sum`` sums a row
    (``terms`` is a scratch row of the classes' length)."""
    _cross_entropy_rows(z, targets, shift, log_tail, terms, out, z.shape[1])


@compiled
def few_cross_entropy_rows(z, targets, shift, log_tail, terms, out):
    """:func:`cross_entropy_rows` of rows of 2 to :data:`._multiclass_blocks.MOST_FEW_CLASSES` classes."""
    for few in literal_unroll(_FEW_CLASSES):
        if z.shape[1] == few:
            _cross_entropy_rows(z, targets, shift, log_tail, terms, out, few)


@inlined
def _cross_entropy_rows(z, targets, shift, log_tail, terms, out, n_classes):
    """:func:`cross_entropy_rows` of rows of ``n_classes`` classes."""
    for i in range(z.shape[0]):
        for k in range(n_classes):
            terms[k] = ((shift[i] - z[i, k]) + log_tail[i]) * targets[i, k]
        out[i] = leaf_sum(terms, n_classes) + 0.0  # a row of -0.0 targets: the careful path's sum is +0.0


def for_classes(n_classes: int) -> tuple:
    """``(shifted_rows, tails, cross_entropy_rows)`` for rows of ``n_classes`` classes: the unrolled versions for
    2 to :data:`._multiclass_blocks.MOST_FEW_CLASSES`."""
    if _FEW_CLASSES[0] <= n_classes <= _FEW_CLASSES[-1]:
        return few_shifted_rows, few_tails, few_cross_entropy_rows
    return shifted_rows, tails, cross_entropy_rows
