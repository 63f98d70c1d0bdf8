r"""Fast paths of the multi-class losses: rows processed in cache-sized blocks, checks folded into the work.

Each function takes the raw inputs and returns the loss, or ``None`` when the
careful path must decide (a bad input, whose error it names, or a value the
fast path does not handle).  The per-row losses are those of the careful path
bit for bit: the same operations on the same numbers, row sums taken the
same way, then the same reduction.  The checks are a min/max per block and
a row sum within half the tolerance (the careful path's exact row-sum check
decides the rows near the limit); NaN fails every comparison, so it falls
back too.
"""

from __future__ import annotations

import functools

import numpy as np

from ._class_inputs import _row_tolerance
from .._numerics.blocks import BLOCK, fast_arrays

__all__ = ["block_rows", "pairwise_rows", "fast_pair_rows", "fast_label_rows", "cross_entropy_rows", "sparse_rows",
           "prediction_check", "prediction_checks", "kl_rows"]


def fast_pair_rows(y_true, y_pred, reduction, func: str):
    """``(true, pred)`` as 2-D tables of rows in one float dtype, and the rows' shape; ``None`` to fall back."""
    arrays = fast_arrays(reduction, func, (y_true, "y_true", False), (y_pred, "y_pred", False))
    if arrays is None:
        return None
    true, pred = arrays
    if pred.ndim == 0 or true.shape != pred.shape or pred.shape[-1] == 0:
        return None
    if true.dtype != pred.dtype:
        dtype = np.result_type(true, pred)
        true, pred = true.astype(dtype), pred.astype(dtype)
    n_classes = pred.shape[-1]
    return true.reshape(-1, n_classes), pred.reshape(-1, n_classes), pred.shape[:-1]


#: The smallest and largest entry of an array (the ufuncs' reductions, without the methods' Python wrappers).
_min, _max = functools.partial(np.minimum.reduce, axis=None), functools.partial(np.maximum.reduce, axis=None)
_HALF_TOLERANCES: dict = {}


def _half_tolerance(dtype, n_classes: int) -> float:
    """Half the careful path's row-sum tolerance (``_row_tolerance``), kept per dtype and number of classes."""
    key = (dtype, n_classes)
    limit = _HALF_TOLERANCES.get(key)
    if limit is None:
        limit = _HALF_TOLERANCES[key] = 0.5 * _row_tolerance(dtype, n_classes)
    return limit


#: The bits of 1.0 as an unsigned integer of the float's width: every float in [+0, 1] is at most them.
_ONE_BITS = {np.dtype(np.float64): (np.uint64, 0x3FF0000000000000), np.dtype(np.float32): (np.uint32, 0x3F800000)}


def _in_unit_interval(table: np.ndarray) -> bool:
    """Every entry in ``[+0, 1]``, in one pass: read as unsigned integers, the floats from +0 to 1 are exactly
    those at most the bits of 1.0 (a sign bit, NaN or infinity is above).  ``-0.0`` is refused (the careful
    path takes it)."""
    bits = _ONE_BITS.get(table.dtype)  # native float32 and float64: what as_float_array gives
    if bits is None:
        return bool(_min(table) >= 0 and _max(table) <= 1)
    return bool(_max(table.view(bits[0])) <= bits[1])


#: Rows of at most this many classes are checked by one unrolled compiled loop (:mod:`._probability_kernel`).
MOST_FEW_CLASSES = 8


def _probability_rows(table: np.ndarray, limit: float) -> bool:
    """Every entry in [0, 1] and every row sum within ``limit`` of 1 (``False`` for NaN).

    A C-contiguous float64 table of 2 to :data:`MOST_FEW_CLASSES` classes is checked in one compiled pass
    (:func:`._probability_kernel.probability_rows`).
    """
    if table.dtype == np.float64 and 2 <= table.shape[-1] <= MOST_FEW_CLASSES and table.flags.c_contiguous:
        from ._probability_kernel import probability_rows  # here: Numba loads when a loss first needs it

        return probability_rows(table, limit)
    if not _in_unit_interval(table):
        return False
    if table.dtype != np.float64:
        sums = np.sum(table, axis=-1, dtype=np.float64)
    else:  # any rounding of the sum will do within half the tolerance: the fastest for the number of columns
        sums = row_sums(table) if table.size <= _SMALL_TABLE and table.shape[-1] < 8 else loose_row_sums(table)
    return bool(_min(sums) >= 1 - limit and _max(sums) <= 1 + limit)


#: Up to this many entries (and fewer than 8 columns) the row sums of a check are taken column by column.
_SMALL_TABLE = 4096
#: Row sums by matrix product take about this many columns at a time (BLAS is slow on very thin tables).
_PRODUCT_WIDTH = 32
_SUMMING_MATRICES: dict = {}


def loose_row_sums(table: np.ndarray) -> np.ndarray:
    """The row sums of a 2-D float64 table, each within ``(K - 1) eps`` of the sum of its (non-negative) entries.

    A matrix product: ``g`` rows side by side (``K g`` columns) times a
    0/1 matrix that adds each row's ``K`` entries, so that BLAS works on
    rows of about :data:`_PRODUCT_WIDTH` numbers; the rows left over are
    summed with ``g = 1``.  A NaN or infinity may spoil its neighbours'
    sums too: never a finite sum for a row that is not finite.
    """
    rows, n_classes = table.shape
    group = 1 << max(0, (_PRODUCT_WIDTH // max(n_classes, 1)).bit_length() - 1)  # a power of 2
    matrix = _SUMMING_MATRICES.get((n_classes, group))
    if matrix is None:
        matrix = _SUMMING_MATRICES[(n_classes, group)] = np.kron(np.eye(group), np.ones((n_classes, 1)))
    whole = rows - rows % group
    sums = np.empty(rows)
    np.matmul(table[:whole].reshape(whole // group, group * n_classes), matrix, out=sums[:whole].reshape(-1, group))
    if whole < rows:
        np.matmul(table[whole:], matrix[:n_classes, :1], out=sums[whole:, None])
    return sums


def _finite(table: np.ndarray, limit: float) -> bool:
    """No NaN or infinity, in one pass: the sum is finite (a sum that overflows, of logits near the largest
    float, is refused too: the careful path takes them)."""
    return bool(np.isfinite(np.add.reduce(table, axis=None)))


#: What ``block_rows`` can check of a table, block by block.
CHECKS = {"probabilities": _probability_rows, "finite": _finite}


def block_rows(make_kernel, tables, reduction: str, shape: tuple, *, checks: tuple = (), block: int = BLOCK):
    """Per-row losses of ``kernel(*row_blocks)`` over blocks of rows, reduced; ``None`` to fall back.

    ``tables`` are arrays of the same number of rows, the last one the
    prediction ``(rows, K)`` (its dtype is the losses').
    ``make_kernel(length, dtype)`` returns the kernel for blocks of at most
    ``length`` elements (it may allocate its buffers once, there); the
    kernel returns each block's per-row losses (or ``None``: fall back).
    ``checks`` pairs the index of a table with what its rows must be
    (a key of :data:`CHECKS`).  ``"none"`` keeps the losses of every row;
    ``"mean"`` and ``"sum"`` keep one leaf of rows at a time and add the
    leaves' sums as ``np.sum`` adds the halves of the whole array
    (:func:`pairwise_rows`): the careful path's bits, in a few blocks of memory.
    """
    table = tables[-1]
    rows, n_classes = table.shape
    if rows == 0:
        return None
    step = max(1, block // n_classes)
    limit = _half_tolerance(table.dtype, n_classes)
    kernel = make_kernel(min(step, rows) * n_classes, table.dtype)
    checks = [(index, CHECKS[kind]) for index, kind in checks]
    if rows <= step:  # one block: its losses are the rows' losses
        return _one_block(kernel, tables, checks, limit, reduction, shape)

    def fill(losses, start, stop):
        """The losses of rows ``start:stop`` into ``losses``, a block at a time; ``False`` to fall back."""
        for first in range(start, stop, step):
            last = min(first + step, stop)
            blocks = [t[first:last] for t in tables]
            if not all(check(blocks[index], limit) for index, check in checks):
                return False
            block_losses = kernel(*blocks)
            if block_losses is None:
                return False
            losses[first - start:last - start] = block_losses
        return True

    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        if reduction == "none":
            losses = np.empty(rows, table.dtype)
            if not fill(losses, 0, rows) or not np.isfinite(np.sum(losses)):
                return None  # an infinite loss, or an overflow: the careful path says which
            return losses.reshape(shape)
        total = pairwise_rows(fill, rows, max(step, _PAIRWISE_LEAF), table.dtype)
        if total is None or not np.isfinite(total):
            return None
    return total if reduction == "sum" else (total / rows).astype(table.dtype)


def _one_block(kernel, tables, checks, limit: float, reduction: str, shape: tuple):
    """:func:`block_rows` of tables that make one block (fewer calls; the same bits)."""
    if not all(check(tables[index], limit) for index, check in checks):
        return None
    dtype = tables[-1].dtype
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        losses = kernel(*tables)
        if losses is None:
            return None
        losses = losses.astype(dtype, copy=False)
        total = np.add.reduce(losses)  # np.sum of a 1-D array
        if not np.isfinite(total):
            return None  # an infinite loss, or an overflow: the careful path says which
    if reduction == "none":
        return losses.reshape(shape)
    return total if reduction == "sum" else (total / losses.size).astype(dtype)


#: NumPy sums at most this many numbers with its eight running sums, and splits longer arrays in two.
_PAIRWISE_LEAF = 128


def pairwise_rows(fill, rows: int, leaf: int, dtype):
    """``np.sum`` of the ``rows`` losses that ``fill(out, start, stop)`` writes, bit for bit, leaf by leaf.

    NumPy sums a contiguous array of more than 128 numbers as the sum of
    its two halves (the first a multiple of 8 long), recursively; a range
    of at most ``leaf`` (>= 128) rows is one such sub-sum, so its losses are
    written into one buffer and summed there.  ``None`` when ``fill`` refuses
    (or a leaf's sum is not finite: so is the total).
    """
    buffer = np.empty(min(leaf, rows), dtype)

    def total(start, stop):
        size = stop - start
        if size <= leaf:
            out = buffer[:size]
            if not fill(out, start, stop):
                return None
            part = np.add.reduce(out)
            return part if np.isfinite(part) else None
        half = size // 2
        half -= half % 8
        first = total(start, start + half)
        if first is None:
            return None
        second = total(start + half, stop)
        return None if second is None else first + second

    return total(0, rows)


# ------------------------------------------------------------------ cross-entropies
#: Up to this many classes, rows are summed column by column (NumPy's own order, see :func:`row_sums`).
_COLUMN_SUMS = 16
#: The dtypes whose softmax rows take the compiled loops of :mod:`._softmax_kernel`.
_COMPILED_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))


def row_sums(table: np.ndarray) -> np.ndarray:
    """``np.sum(table, axis=-1)`` of a 2-D table, bit for bit, faster for few columns.

    NumPy sums each row pairwise: fewer than 8 numbers left to right, up to
    128 in 8 running sums combined as ((0+1)+(2+3))+((4+5)+(6+7)), the rest
    added after.  The same order column by column runs over all rows at once.
    """
    n_classes = table.shape[-1]
    if n_classes > _COLUMN_SUMS or n_classes == 0:
        return np.sum(table, axis=-1)
    if n_classes < 8:
        out = table[:, 0].copy()
        for j in range(1, n_classes):
            out += table[:, j]
        return out
    partial = [table[:, j].copy() for j in range(8)]
    stop = n_classes - n_classes % 8
    for i in range(8, stop, 8):
        for j in range(8):
            partial[j] += table[:, i + j]
    out = partial[0] + partial[1]
    out += partial[2] + partial[3]
    upper = partial[4] + partial[5]
    upper += partial[6] + partial[7]
    out += upper
    for i in range(stop, n_classes):
        out += table[:, i]
    return out


def shift_and_tail(z: np.ndarray):
    """``activations._shift_and_tail`` of a block of finite rows, bit for bit (its row sums by :func:`row_sums`).

    Up to 16 classes float64 and float32 rows take compiled loops (:func:`compiled_shift_and_tail`, which check
    that the logits are finite: ``None`` if not), any other dtype is copied class by class (:func:`class_columns`):
    NumPy's ``argmax`` along a short last axis loops row by row.
    """
    rows, n_classes = z.shape
    if n_classes > _COLUMN_SUMS:
        flat = np.arange(0, rows * n_classes, n_classes)
        flat += np.argmax(z, axis=-1)
        shift = z.reshape(-1).take(flat)
        e = np.subtract(z, shift[:, None], order="C")  # C order: reshape(-1) below must be a view, not a copy
        np.exp(e, out=e)
        np.put(e.reshape(-1), flat, 0.0)
        return shift, row_sums(e)
    if z.dtype in _COMPILED_DTYPES:
        return compiled_shift_and_tail(z)
    columns, flat, shift = class_columns(z)
    return shift, _tail(columns, flat, shift, out=columns)


def compiled_shift_and_tail(z: np.ndarray):
    """:func:`shift_and_tail` of float64 or float32 rows of at most :data:`_COLUMN_SUMS` classes, by the compiled
    loops of :mod:`._softmax_kernel` around NumPy's ``exp``; ``None`` if a logit is not finite (they check it)."""
    z = np.ascontiguousarray(z)
    done = _SoftmaxRows(z.size, z.dtype)(z)
    return None if done is None else done[:2]


class _SoftmaxRows:
    """:func:`compiled_shift_and_tail` with its buffers made once, for blocks of at most ``length`` entries; called
    with ``labels``, it also gathers each row's label logit (the sparse cross-entropy's), in the same loop."""

    def __init__(self, length: int, dtype):
        self.length, self.dtype, self.buffers = length, dtype, None

    def __call__(self, z: np.ndarray, labels=None):
        """``(shift, tail, picked)`` of the C-contiguous rows ``z`` (views of the buffers), or ``None``."""
        from ._softmax_kernel import for_classes  # here: Numba loads when the loss first runs

        rows, n_classes = z.shape
        shifted_rows, tails, _ = for_classes(n_classes)
        if self.buffers is None:
            most = self.length // n_classes  # the blocks' rows all have the first block's classes
            self.buffers = (np.empty(most * n_classes, self.dtype), np.empty(most, np.intp),
                            *(np.empty(most, self.dtype) for _ in range(3)))
        exps, winner, shift, tail, picked = (buffer[:rows * n_classes if i == 0 else rows]
                                             for i, buffer in enumerate(self.buffers))
        exps = exps.reshape(rows, n_classes)
        if labels is None:
            picked = None
            finite = shifted_rows(z, exps, winner, shift)
        else:
            finite = shifted_rows(z, exps, winner, shift, labels, picked)
        if not finite:
            return None
        np.exp(exps, out=exps)
        tails(exps, winner, tail)
        return shift, tail, picked


def class_columns(z: np.ndarray):
    """``(columns, flat, shift)`` of a block of finite rows: a copy with one contiguous row per class, the flat
    index in it of each row's arg-max (the first class at the maximum, as ``argmax``) and the row maxima."""
    rows = z.shape[0]
    columns = z.T.copy()  # C-contiguous, and never the input itself
    flat = np.arange(rows)
    flat += _first_argmax(columns) * rows
    return columns, flat, columns.reshape(-1).take(flat)  # the arg-max entries themselves (+0 and -0 may tie)


def _tail(columns, flat, shift, out=None):
    """The sum of ``exp(z - shift)`` over each row's classes but its arg-max, from :func:`class_columns`."""
    e = np.subtract(columns, shift, out=out)
    np.exp(e, out=e)
    np.put(e.reshape(-1), flat, 0.0)
    return row_sums(e.T)


def _first_argmax(columns: np.ndarray) -> np.ndarray:
    """``argmax`` over the classes of finite ``columns`` (one row per class): the first class at the maximum.

    The index counts the classes before it, each strictly below the maximum.
    """
    top = np.maximum.reduce(columns, axis=0)
    below = np.less(columns[0], top)
    winner = below.astype(np.intp)
    for column in columns[1:-1]:
        below &= np.less(column, top)
        winner += below
    return winner


def _neg_log_into(p: np.ndarray) -> np.ndarray:
    """``_class_inputs.neg_log(p)`` bit for bit: ``-log p``, with ``-log1p(p - 1)`` only where ``p > 0.5``.

    ``0 - x`` is ``-x + 0.0`` bit for bit (``+0.0``, never ``-0.0``, for a zero ``x``): one pass for both.
    """
    flat = p.reshape(-1)
    out = np.log(flat)
    high = (flat > 0.5).nonzero()[0]
    if high.size:
        near_one = flat.take(high)
        near_one -= 1
        out[high] = np.log1p(near_one, out=near_one)
    return np.subtract(0.0, out, out=out).reshape(p.shape)


def _nll_rows(pred_rows: np.ndarray, from_logits: bool) -> np.ndarray:
    """``-log p_k`` of a block of rows, as ``neg_log`` or ``nll_from_logits`` compute it."""
    if not from_logits:
        return _neg_log_into(pred_rows)
    if pred_rows.shape[-1] > _COLUMN_SUMS:
        shift, tail = shift_and_tail(pred_rows)
        nll = np.subtract(shift[:, None], pred_rows)
        nll += np.log1p(tail)[:, None]
        return nll
    columns, flat, shift = class_columns(pred_rows)
    log_tail = np.log1p(_tail(columns, flat, shift))
    nll = np.subtract(shift, columns, out=columns)  # (m - z_k) + log1p(s), class by class
    nll += log_tail
    return nll.T


def cross_entropy_rows(from_logits: bool):
    """The categorical cross-entropy kernel maker: rows ``sum_k y_k (-log p_k)``.

    The product ``y_k (-log p_k)`` is the careful path's ``weighted`` term
    wherever it is finite; where it is not (``0 * inf`` gives NaN), the
    total is not finite and the careful path decides.
    """
    def make(length: int, dtype):
        def kernel(true_rows, pred_rows):
            if from_logits and dtype in _COMPILED_DTYPES and pred_rows.shape[-1] <= _COLUMN_SUMS:
                return _compiled_logit_rows(true_rows, pred_rows)
            nll = _nll_rows(pred_rows, from_logits)
            nll *= true_rows
            losses = row_sums(nll)
            losses += 0.0  # a row of -0.0 targets: the careful path's sum is +0.0
            return losses

        return kernel

    return make


def _compiled_logit_rows(true_rows, pred_rows):
    """The cross-entropy from float64 or float32 logits of rows of at most :data:`_COLUMN_SUMS` classes, compiled
    (:mod:`._softmax_kernel`): the kernel's operations, row by row."""
    from ._softmax_kernel import for_classes

    z = np.ascontiguousarray(pred_rows)
    compiled_rows = for_classes(z.shape[1])[2]
    shifted = compiled_shift_and_tail(z)
    if shifted is None:
        return None
    shift, tail = shifted
    losses = np.empty(z.shape[0], z.dtype)
    compiled_rows(z, np.ascontiguousarray(true_rows, dtype=z.dtype), shift, np.log1p(tail, out=tail),
                  np.empty(z.shape[1], z.dtype), losses)
    return losses


def fast_label_rows(y_true, y_pred, reduction, func: str):
    """``(labels, table, shape)``: labels as ``intp`` in ``0 .. K-1``, the prediction's rows; ``None`` to fall back.

    An integer NumPy array of labels is used as it is (its range checked by
    min/max); anything else is converted, and must hold whole numbers.
    """
    if type(y_true) is np.ndarray and y_true.dtype.kind in "iu" and reduction in ("mean", "sum", "none"):
        arrays = fast_arrays(reduction, func, (y_pred, "y_pred", False))
        if arrays is None:
            return None
        pred, labels = arrays[0], y_true
        index = labels.reshape(-1).astype(np.intp, copy=False)
    else:
        arrays = fast_arrays(reduction, func, (y_pred, "y_pred", False), (y_true, "y_true", False))
        if arrays is None:
            return None
        pred, labels = arrays
        with np.errstate(invalid="ignore"):
            index = labels.reshape(-1).astype(np.intp)
        if not (index == labels.reshape(-1)).all():
            return None
    if pred.ndim == 0 or labels.shape != pred.shape[:-1] or pred.shape[-1] == 0 or index.size == 0:
        return None
    n_classes = pred.shape[-1]
    if not (_min(index) >= 0 and _max(index) < n_classes):
        return None
    return index, pred.reshape(-1, n_classes), labels.shape


def sparse_rows(from_logits: bool):
    """The sparse cross-entropy kernel maker: ``-log p_c`` of each row's label ``c``, the true class gathered first.

    From probabilities only the ``N`` true-class entries go through a
    logarithm (``neg_log``); from logits each row's shift and tail, then
    ``(shift - z_c) + log1p(tail)``, as the careful path computes them.
    A float64 table of probabilities is checked and gathered in one compiled
    call (:mod:`._probability_kernel`), so :func:`block_rows` takes no check for it.
    """
    def make(length: int, dtype):
        if not from_logits and dtype == np.float64:
            return _compiled_sparse(length)

        def kernel(labels, pred_rows):
            rows, n_classes = pred_rows.shape
            flat = np.arange(0, rows * n_classes, n_classes)
            flat += labels
            true_class = pred_rows.reshape(-1).take(flat)
            if not from_logits:
                return _neg_log_into(true_class)
            shifted = shift_and_tail(pred_rows)
            if shifted is None:
                return None
            shift, tail = shifted
            losses = np.subtract(shift, true_class, out=shift)
            losses += np.log1p(tail)
            return losses

        if from_logits and dtype in _COMPILED_DTYPES:
            return _compiled_sparse_logits(length, dtype, wide=kernel)
        return kernel

    return make


def _compiled_sparse_logits(length: int, dtype, *, wide):
    """The kernel from float64 or float32 logits: rows of at most :data:`_COLUMN_SUMS` classes take the compiled
    loops, which gather the label logits too (:class:`_SoftmaxRows`); wider ones the kernel ``wide``."""
    softmax_rows = _SoftmaxRows(length, dtype)

    def kernel(labels, pred_rows):
        if pred_rows.shape[-1] > _COLUMN_SUMS:
            return wide(labels, pred_rows)
        done = softmax_rows(np.ascontiguousarray(pred_rows), labels)
        if done is None:
            return None
        shift, tail, true_class = done
        losses = np.subtract(shift, true_class, out=shift)
        losses += np.log1p(tail, out=tail)
        return losses

    return kernel


def _compiled_sparse(length: int):
    """The float64 kernel from probabilities: :func:`._probability_kernel.checked_true_class`, then the logarithms.

    ``-log p`` of every gathered entry, then ``-log1p(p - 1)`` in place of
    the entries above 1/2 that the check listed: :func:`_neg_log_into`'s
    bits, without its search for them.
    """
    from ._probability_kernel import checked_true_class, negated_logs  # here: Numba loads when the loss first runs

    buffers = []  # one entry per row of a block: ``length // n_classes``, known at the first call

    def kernel(labels, pred_rows):
        rows, n_classes = pred_rows.shape
        if not buffers:
            most = length // n_classes
            buffers.extend((np.empty(most), np.empty(most), np.empty(most, np.intp)))
        true_class, near_one, rows_near_one = buffers
        table = np.ascontiguousarray(pred_rows)
        losses = true_class[:rows]
        limit = _half_tolerance(table.dtype, n_classes)
        count = checked_true_class(table, table.reshape(-1).view(np.uint64), labels, limit, losses, near_one,
                                   rows_near_one)
        if count < 0:
            return None
        high = near_one[:count]
        negated_logs(np.log(losses, out=losses), np.log1p(high, out=high), rows_near_one[:count])
        return losses

    return kernel


def prediction_check(from_logits: bool) -> str:
    """The :data:`CHECKS` kind a prediction table must pass: finite logits, or rows of probabilities."""
    return "finite" if from_logits else "probabilities"


def prediction_checks(from_logits: bool, table, *, sparse: bool) -> tuple:
    """What :func:`block_rows` checks of the prediction table (the second table) before a cross-entropy kernel.

    Nothing where the kernel's compiled loops check it themselves: float64 and float32 logits of at most
    :data:`_COLUMN_SUMS` classes (:func:`compiled_shift_and_tail`), and the sparse kernel's float64 probabilities.
    """
    if from_logits and table.dtype in _COMPILED_DTYPES and table.shape[-1] <= _COLUMN_SUMS:
        return ()
    if sparse and not from_logits and table.dtype == np.float64:
        return ()
    return ((1, prediction_check(from_logits)),)


# ------------------------------------------------------------------ KL divergence
def kl_rows(near_factor, slow_terms):
    """The KL kernel maker; ``near_factor`` and ``slow_terms`` are the careful path's.

    The kernel does the same arithmetic as the careful ``_kl_terms``: float64
    blocks in the compiled loops of :mod:`._kl_kernel` (buffers allocated once
    per call), float32 blocks with NumPy on index arrays (``near_factor``
    sums in float64).  The rare elements whose ratio ``y/p`` is not an
    ordinary number (a zero, or beyond the range of the corrected logarithm)
    go through ``slow_terms``.
    """
    def make(length: int, dtype):
        if dtype == np.float64:
            return _compiled_kl(length, slow_terms)
        return _float32_kl(near_factor, slow_terms)

    return make


def _compiled_kl(length: int, slow_terms):
    """The float64 kernel: :func:`._kl_kernel.ratios`, NumPy's ``log`` of them, :func:`._kl_kernel.terms`."""
    from ._kl_kernel import ratios, terms  # here: Numba loads when KL first runs, not with lossbook

    out, ratio, log_ratio = np.empty(length), np.empty(length), np.empty(length)
    tiny, high = np.finfo(np.float64).tiny, 1e290

    def kernel(y_rows: np.ndarray, p_rows: np.ndarray) -> np.ndarray:
        y, p = y_rows.reshape(-1), p_rows.reshape(-1)
        size = y.size
        block_terms, q = out[:size], ratio[:size]
        rare = ratios(y, p, q, tiny, high)
        terms(y, p, q, np.log(q, out=log_ratio[:size]), block_terms)
        if rare:
            slow = np.flatnonzero(~((q >= tiny) & (q <= high)))
            block_terms[slow] = slow_terms(y[slow], p[slow])
        losses = row_sums(block_terms.reshape(y_rows.shape))
        losses += 0.0  # a row of -0.0 terms (inputs of -0.0): the careful path sums them as +0.0
        return losses

    return kernel


def _float32_kl(near_factor, slow_terms):
    """The float32 kernel: NumPy on index arrays; the near terms summed in float64 and rounded, as the careful path."""
    def kernel(y_rows: np.ndarray, p_rows: np.ndarray) -> np.ndarray:
        y, p = y_rows.reshape(-1), p_rows.reshape(-1)
        d = y - p
        s = d / (y + p)
        near_mask = np.abs(s) <= 1 / 3  # NaN (0/0) is not near; |s| <= 1/3 means y > 0 and p > 0
        near = near_mask.nonzero()[0]
        if near.size == y.size:  # float32 terms (summed in float64) rounded to float32 each, as the careful path
            out = (d * near_factor(s)).astype(p.dtype, copy=False)
        else:
            out = np.empty_like(p)
            out[near] = d[near] * near_factor(s[near])
            far = (~near_mask).nonzero()[0]
            out[far] = slow_terms(y[far], p[far])
        losses = row_sums(out.reshape(y_rows.shape))
        losses += 0.0  # a row of -0.0 terms (inputs of -0.0): the careful path sums them as +0.0
        return losses

    return kernel

