"""The blocked fast paths of the multi-class losses: reductions leaf by leaf, bit for bit, in little memory.

``"mean"`` and ``"sum"`` never hold one loss per row: the rows' losses are
summed a leaf at a time in NumPy's own pairwise order, so the result is the
careful path's (which sums the whole per-row array with ``np.sum``) bit for
bit.  The careful path is reached with options that change nothing (a label
smoothing of ``np.float64(0)``) or, for KL, called term by term.
"""

from __future__ import annotations


import numpy as np
import pytest

import lossbook as lb
from lossbook._numerics.blocks import BLOCK
from lossbook._numerics.reduction import reduce_losses
from lossbook.testing import peak_extra_bytes
from lossbook.losses._multiclass_blocks import pairwise_rows
from lossbook.losses.multiclass import _kl_terms

CCE, SPARSE, KL = lb.categorical_cross_entropy, lb.sparse_categorical_cross_entropy, lb.kl_divergence
CAREFUL = {"label_smoothing": np.float64(0.0)}


def _same(ours, careful):
    assert type(ours) is type(careful)
    assert np.asarray(ours).tobytes() == np.asarray(careful).tobytes(), (ours, careful)


@pytest.mark.parametrize("rows", [1, 7, 129, 1000, 4097, 100_003])
@pytest.mark.parametrize("leaf", [128, 200, 8192])
def test_pairwise_rows_is_numpy_sum(rows, leaf):
    rng = np.random.default_rng(rows + leaf)
    values = rng.standard_normal(rows) * np.exp(rng.standard_normal(rows) * 8)
    calls = []

    def fill(out, start, stop):
        calls.append(stop - start)
        out[:] = values[start:stop]
        return True

    assert pairwise_rows(fill, rows, leaf, values.dtype).tobytes() == np.sum(values).tobytes()
    assert max(calls) <= leaf and sum(calls) == rows


def _inputs(rng, rows: int, n_classes: int):
    logits = rng.normal(scale=3.0, size=(rows, n_classes))
    logits[::7] *= 40
    probs = np.exp(logits - logits.max(-1, keepdims=True))
    probs /= probs.sum(-1, keepdims=True)
    soft = rng.dirichlet(np.ones(n_classes), size=rows)
    near = probs * (1 + rng.normal(scale=1e-9, size=probs.shape))
    near /= near.sum(-1, keepdims=True)
    return logits, probs, soft, near, rng.integers(0, n_classes, rows)


def _careful_kl(target, pred, reduction):
    """KL's careful path: every term, the rows' sums, then ``np.sum`` (or the mean) of those."""
    return reduce_losses(np.sum(_kl_terms(target, pred), axis=-1), reduction)


@pytest.mark.parametrize("n_classes", [1, 2, 4, 7, 10, 300])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_reductions_over_many_blocks_are_the_careful_paths_bit_for_bit(n_classes, dtype, reduction):
    rng = np.random.default_rng(n_classes)
    rows = 3 * BLOCK // n_classes + 1001  # several blocks, several leaves, the last ones short
    logits, probs, soft, near, labels = _inputs(rng, rows, n_classes)
    shape = (rows,) if rows % 2 else (2, rows // 2)
    labels = labels.reshape(shape)
    for from_logits, pred in ((False, probs), (True, logits)):
        pred = pred.astype(dtype).reshape(*shape, n_classes)
        target = soft.astype(dtype).reshape(pred.shape)
        _same(CCE(target, pred, from_logits=from_logits, reduction=reduction),
              CCE(target, pred, from_logits=from_logits, reduction=reduction, **CAREFUL))
        _same(SPARSE(labels, pred, from_logits=from_logits, reduction=reduction),
              SPARSE(labels, pred, from_logits=from_logits, reduction=reduction, **CAREFUL))
    for target, pred in ((soft, probs), (probs, near)):
        target, pred = target.astype(dtype).reshape(*shape, n_classes), pred.astype(dtype).reshape(*shape, n_classes)
        _same(KL(target, pred, reduction=reduction), _careful_kl(target, pred, reduction))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("reduction", ["none", "sum"])
def test_kl_blocks_of_near_terms_only_are_the_careful_paths(dtype, reduction):
    """Every term of a block near y = p (the series alone): float32 terms are rounded to float32 before the sums."""
    rng = np.random.default_rng(2)
    for n_classes in (3, 10):
        pred = rng.dirichlet(np.ones(n_classes), 5000)
        true = pred * (1 + rng.normal(scale=1e-3, size=pred.shape))
        true /= true.sum(-1, keepdims=True)
        true, pred = true.astype(dtype), pred.astype(dtype)
        _same(KL(true, pred, reduction=reduction), _careful_kl(true, pred, reduction))


@pytest.mark.parametrize("reduction", ["none", "mean"])
def test_kl_blocks_listing_rare_ratios_anywhere_are_the_careful_paths(reduction):
    """Zeros (a ratio of 0 or infinity, for the careful path's terms) and ratios beyond the corrected logarithm at
    the first and last place of blocks, among near and far terms: the compiled loops list each where it belongs."""
    from lossbook.losses.multiclass import _KL_BLOCK

    rng = np.random.default_rng(3)
    n_classes = 4
    rows = 3 * (_KL_BLOCK // n_classes) + 5
    pred = rng.dirichlet(np.ones(n_classes), rows)
    true = np.where(rng.random((rows, 1)) < 0.5, pred * (1 + rng.normal(scale=1e-2, size=pred.shape)),
                    rng.dirichlet(np.ones(n_classes), rows))
    block = _KL_BLOCK // n_classes
    for row in (0, block - 1, block, 2 * block + 7, rows - 1):  # a block's first and last rows, others
        true[row] = [0.0, 0.5, 0.5, 0.0]  # y = 0: ratio 0
        pred[row] = [0.25, 0.25, 1e-300, 0.5 - 1e-300]  # y/p = 5e299: beyond the corrected logarithm
    true /= true.sum(-1, keepdims=True)
    pred /= pred.sum(-1, keepdims=True)
    _same(KL(true, pred, reduction=reduction), _careful_kl(true, pred, reduction))


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_reductions_keep_no_loss_per_row(reduction):
    """1.5 M rows: one loss per row would be 12 MB; the blocks stay within 2 MB."""
    rng = np.random.default_rng(0)
    rows, n_classes = 1_500_000, 2
    probs = rng.dirichlet(np.ones(n_classes), size=rows)
    soft = rng.dirichlet(np.ones(n_classes), size=rows)
    labels = rng.integers(0, n_classes, rows)
    calls = {
        "categorical": lambda: CCE(soft, probs, reduction=reduction),
        "categorical from logits": lambda: CCE(soft, probs, from_logits=True, reduction=reduction),
        "sparse": lambda: SPARSE(labels, probs, reduction=reduction),
        "sparse from logits": lambda: SPARSE(labels, probs, from_logits=True, reduction=reduction),
        "kl": lambda: KL(soft, probs, reduction=reduction),
    }
    for name, call in calls.items():
        assert peak_extra_bytes(call) < 2_000_000, name


def test_a_bad_row_in_a_late_block_gets_the_careful_paths_answer():
    rng = np.random.default_rng(1)
    rows, n_classes = 3 * BLOCK // 4 + 5, 4
    logits, probs, soft, near, labels = _inputs(rng, rows, n_classes)
    late = rows - 3
    zero = probs.copy()
    zero[late, labels[late]] = 0.0
    zero[late] /= zero[late].sum()
    for reduction in ("mean", "sum"):
        assert SPARSE(labels, zero, reduction=reduction) == np.inf
        assert KL(np.eye(n_classes)[labels], zero, reduction=reduction) == np.inf
    bad = probs.copy()
    bad[late, 1] = np.nan
    with pytest.raises(ValueError, match=rf"y_pred must not contain NaN.*\({late}, 1\)"):
        CCE(soft, bad)
    bad[late, 1] = 1.5
    with pytest.raises(ValueError, match=rf"y_pred must hold probabilities in \[0, 1\].*1\.5 at index \({late}, 1\)"):
        SPARSE(labels, bad, reduction="sum")


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_one_pass_interval_check_takes_exactly_plus_zero_to_one(dtype):
    from lossbook.losses._multiclass_blocks import _in_unit_interval

    finfo = np.finfo(dtype)
    inside = np.array([0.0, 1.0, 0.5, finfo.tiny, finfo.smallest_subnormal, np.nextafter(dtype(1), dtype(0))], dtype)
    assert _in_unit_interval(inside)
    assert _in_unit_interval(np.tile(inside, (3, 1))[:, ::-2])  # strided
    for outside in (-0.0, -finfo.smallest_subnormal, -0.5, np.nextafter(dtype(1), dtype(2)), 2.0, np.nan, -np.nan,
                    np.inf, -np.inf):
        assert not _in_unit_interval(np.append(inside, dtype(outside))), outside


def test_negative_zero_entries_get_the_careful_paths_answer():
    rng = np.random.default_rng(4)
    rows = BLOCK // 2 + 3
    probs = rng.dirichlet(np.ones(4), size=rows)
    probs[rows - 1] = [-0.0, 0.5, 0.5, 0.0]
    labels = rng.integers(1, 4, rows)
    for reduction in ("mean", "none"):
        _same(SPARSE(labels, probs, reduction=reduction),
              SPARSE(labels, probs, reduction=reduction, **CAREFUL))
        _same(KL(probs, probs, reduction=reduction), _careful_kl(probs, probs, reduction))


def test_logits_whose_sum_overflows_fall_back_to_the_careful_path():
    rng = np.random.default_rng(5)
    rows = BLOCK // 2 + 3
    logits = rng.normal(size=(rows, 4))
    logits[rows - 2] = [1.5e308, 1.5e308, -1.0, 0.0]
    labels = rng.integers(0, 4, rows)
    soft = rng.dirichlet(np.ones(4), size=rows)
    for reduction in ("sum", "none"):
        _same(SPARSE(labels, logits, from_logits=True, reduction=reduction),
              SPARSE(labels, logits, from_logits=True, reduction=reduction, **CAREFUL))
        _same(CCE(soft, logits, from_logits=True, reduction=reduction),
              CCE(soft, logits, from_logits=True, reduction=reduction, **CAREFUL))
    logits[rows - 2, 3] = np.inf
    with pytest.raises(ValueError, match=rf"y_pred must be finite.*found inf at index \({rows - 2}, 3\)"):
        SPARSE(labels, logits, from_logits=True)


@pytest.mark.parametrize("n_classes", [1, 2, 4, 8, 10, 16, 17])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_blocked_shift_and_tail_is_the_careful_one_and_leaves_its_input(n_classes, dtype):
    """Ties (the first of equal maxima wins), +0 and -0, and logits whose differences overflow."""
    from lossbook.activations import _shift_and_tail
    from lossbook.losses._multiclass_blocks import shift_and_tail

    rng = np.random.default_rng(n_classes)
    ties = rng.integers(-2, 3, size=(300, n_classes)).astype(dtype)
    ties[ties == 0] = rng.choice(np.array([-0.0, 0.0], dtype), int((ties == 0).sum()))
    spread = rng.normal(size=(300, n_classes)).astype(dtype) * dtype(30)
    extreme = rng.choice(np.array([-1e4, 0.0, -0.0, 40.0, 1e4, 700.0, 3e38, -3e38], dtype), (300, n_classes))
    for z in (ties, spread, extreme):
        given = z.copy()
        with np.errstate(over="ignore", under="ignore"):
            ours, careful = shift_and_tail(z), _shift_and_tail(z)
        assert z.tobytes() == given.tobytes()
        for mine, theirs in zip(ours, careful):
            assert mine.dtype == theirs.dtype and mine.tobytes() == theirs.tobytes()


@pytest.mark.parametrize("n_classes", [2, 3, 8, 10])
def test_the_compiled_sparse_check_refuses_exactly_what_the_careful_path_checks(n_classes):
    """One call checks a float64 block (entries in [0, 1], rows summing to 1 within the limit), gathers the
    labels' entries and lists those above 1/2; a refused block goes to the careful path, whose message names
    the row.  Up to 8 classes the rows are checked by an unrolled loop, beyond by a pass over the bits."""
    from lossbook.losses._multiclass_blocks import _half_tolerance
    from lossbook.losses._probability_kernel import checked_true_class

    rng = np.random.default_rng(6 + n_classes)
    rows = 1000
    probs = rng.dirichlet(np.ones(n_classes), size=rows)
    labels = rng.integers(0, n_classes, rows)
    limit = _half_tolerance(probs.dtype, n_classes)

    def passes(table):
        out, near_one, rows_near_one = np.empty(rows), np.full(rows, np.nan), np.full(rows, -1)
        count = checked_true_class(table, table.reshape(-1).view(np.uint64), labels, limit, out, near_one,
                                   rows_near_one)
        if count < 0:
            return False
        true_class = table[np.arange(rows), labels]
        assert out.tobytes() == true_class.tobytes()
        high = np.flatnonzero(true_class > 0.5)
        assert count == high.size and rows_near_one[:count].tolist() == high.tolist()
        assert near_one[:count].tobytes() == (true_class[high] - 1).tobytes()
        return True

    assert passes(probs)
    pad = [0.0] * (n_classes - 2)
    edge = [1.0 + 2**-52, -(2**-52)] + pad  # rows that sum to 1 with an entry outside [0, 1]
    # -0.0 may pass or not: the careful path takes it as 0 (see the negative-zero test above).
    for row, entries in ((0, edge), (rows - 1, edge[::-1]), (999, [1.0 - 1e-300, -1e-300] + pad),
                         (1, [np.nan, 1.0] + pad), (2, [np.inf, 1.0] + pad), (3, [2.0, -1.0] + pad)):
        bad = probs.copy()
        bad[row] = entries
        assert not passes(bad), (row, entries)
    for row in (0, rows - 1):
        for factor, expected in ((1 + 0.9 * limit, True), (1 + 4 * limit, False), (1 - 4 * limit, False)):
            scaled = probs.copy()
            scaled[row] *= factor / scaled[row].sum()
            assert passes(scaled) is expected, (row, factor)
    late = 3 * BLOCK // n_classes + 7
    many = rng.dirichlet(np.ones(n_classes), size=late + 10)
    many[late] *= 1.001
    with pytest.raises(ValueError, match=rf"row {late} sums to 1\.001"):
        SPARSE(rng.integers(0, n_classes, late + 10), many, reduction="sum")


@pytest.mark.parametrize("n_classes", [2, 5, 8])
def test_the_compiled_probability_check_of_few_classes_takes_what_the_careful_path_takes(n_classes):
    """Blocks of 2 to 8 classes (CCE and KL from probabilities) are checked in one compiled pass: an entry outside
    [0, 1], NaN, infinity or a row sum beyond the limit anywhere refuses the block; -0.0 passes, as it does in the
    careful path."""
    from lossbook.losses._multiclass_blocks import _half_tolerance
    from lossbook.losses._probability_kernel import probability_rows

    rng = np.random.default_rng(9 + n_classes)
    probs = rng.dirichlet(np.ones(n_classes), size=999)
    limit = _half_tolerance(probs.dtype, n_classes)
    assert probability_rows(probs, limit)
    pad = [0.0] * (n_classes - 2)
    for row in (0, 500, 998):
        for entries, expected in (([1.0 + 2**-52, -(2**-52)] + pad, False), ([np.nan, 1.0] + pad, False),
                                  ([np.inf, 1.0] + pad, False), ([1.0, -np.inf] + pad, False),
                                  ([2.0, -1.0] + pad, False), ([1.0, -0.0] + pad, True),
                                  ([0.5 + 0.45 * limit] * 2 + pad, True), ([0.5 + 2 * limit] * 2 + pad, False),
                                  ([0.5 - 2 * limit] * 2 + pad, False)):
            changed = probs.copy()
            changed[row] = entries
            assert probability_rows(changed, limit) is expected, (row, entries)
    assert probability_rows(np.full((3, n_classes + 8), 1 / (n_classes + 8)), 1.0) is False  # not its width


@pytest.mark.parametrize("bad", [np.inf, -np.inf, np.nan])
@pytest.mark.parametrize("n_classes", [3, 9, 16])
@pytest.mark.parametrize("sparse", [True, False])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_bad_logit_deep_in_a_large_table_is_named_though_the_compiled_loops_check_it(bad, n_classes, sparse, dtype):
    """Float64 and float32 logits of up to 16 classes are checked by the compiled softmax loops, not by block_rows."""
    rng = np.random.default_rng(n_classes)
    rows = 3 * BLOCK // n_classes
    logits = rng.standard_normal((rows, n_classes)).astype(dtype)
    logits[rows - 5, n_classes - 1] = bad
    labels = rng.integers(0, n_classes, rows)
    targets = labels if sparse else np.eye(n_classes, dtype=dtype)[labels]
    loss = lb.sparse_categorical_cross_entropy if sparse else lb.categorical_cross_entropy
    with pytest.raises(ValueError, match=rf"y_pred must .* index \({rows - 5}, {n_classes - 1}\)"):
        loss(targets, logits, from_logits=True)
