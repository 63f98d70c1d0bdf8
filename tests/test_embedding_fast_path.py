"""The row-wise embedding losses' fast path against their careful path, and the rows it hands over.

The fast path (``lossbook.losses._embedding_fast``) computes unscaled
double-double row sums batch by batch in compiled loops and keeps a row only
when its error bound is far below a rounding; the careful path scales every
row and is the one the 50-digit tests pin on hard inputs.  Here: both agree
on ordinary inputs of many dimensions; the compiled row sums stay within
their stated bound of the exact (rational) sums and give the same bits for
any memory layout; rows that cancel or leave the safe range are recomputed
carefully wherever they sit in a large batch; and an error names the same
row as before.
"""

import mpmath
import numpy as np
import pytest

import lossbook.losses.embedding as E
from lossbook.losses._embedding_fast import BATCH_ROWS

#: (public loss with its keywords, careful per-row function with the same keywords)
CASES = {
    "cosine_similarity": (lambda x, y, n, lab: E.cosine_similarity(x, y, reduction="none"),
                          lambda x, y, n, lab: E._cosine_values(x, y)),
    "cosine_distance": (lambda x, y, n, lab: E.cosine_distance(x, y, reduction="none"),
                        lambda x, y, n, lab: E._cosine_distances(x, y)),
    "cosine_embedding_loss": (
        lambda x, y, n, lab: E.cosine_embedding_loss(x, y, lab, margin=0.3, reduction="none"),
        lambda x, y, n, lab: E._cosine_embedding_values(x, y, lab, 0.3)),
    "contrastive_loss": (
        lambda x, y, n, lab: E.contrastive_loss(x, y, (lab + 1) / 2, margin=3.0, reduction="none"),
        lambda x, y, n, lab: E._contrastive_values(x, y, (lab + 1) / 2, 3.0)),
    "triplet_margin_loss": (lambda x, y, n, lab: E.triplet_margin_loss(x, y, n, reduction="none"),
                            lambda x, y, n, lab: E._triplet_values(x, y, n, 1.0, False)),
    "triplet_margin_loss(swap=True)": (
        lambda x, y, n, lab: E.triplet_margin_loss(x, y, n, swap=True, reduction="none"),
        lambda x, y, n, lab: E._triplet_values(x, y, n, 1.0, True)),
    "soft_margin_triplet_loss": (lambda x, y, n, lab: E.soft_margin_triplet_loss(x, y, n, reduction="none"),
                                 lambda x, y, n, lab: E._soft_triplet_values(x, y, n, False)),
}


def _batch(rows, dimension, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, 1.0, (rows, dimension))
    closeness = rng.choice([1.0, 1e-3, 1e-6], (rows, 1))  # some pairs nearly parallel, nearly equal
    y = x + closeness * rng.normal(0.0, 1.0, (rows, dimension))
    negative = x + rng.normal(0.0, 1.0, (rows, dimension))
    labels = np.where(rng.random(rows) < 0.5, 1.0, -1.0)
    return x, y, negative, labels


def _ulps(a, b):
    return np.max(np.abs(a - b) / np.spacing(np.maximum(np.abs(b), np.finfo(float).tiny)))


@pytest.mark.parametrize("dimension", [1, 2, 3, 5, 8, 33, 130])
@pytest.mark.parametrize("name", list(CASES))
def test_fast_path_agrees_with_the_careful_path(name, dimension):
    fast, careful = CASES[name]
    args = _batch(300, dimension, seed=dimension)
    assert _ulps(fast(*args), careful(*args)) <= 4


@pytest.mark.parametrize("name", ["cosine_distance", "triplet_margin_loss", "soft_margin_triplet_loss"])
def test_fast_path_rows_match_fifty_digit_references(name):
    mpmath.mp.dps = 50
    x, y, negative, labels = _batch(40, 4, seed=1)
    got = CASES[name][0](x, y, negative, labels)

    def dot(u, v):
        return mpmath.fsum(mpmath.mpf(float(s)) * mpmath.mpf(float(t)) for s, t in zip(u, v))

    def distance(u, v):
        return mpmath.sqrt(mpmath.fsum((mpmath.mpf(float(s)) - mpmath.mpf(float(t))) ** 2 for s, t in zip(u, v)))

    for i in range(len(x)):
        if name == "cosine_distance":
            want = 1 - dot(x[i], y[i]) / mpmath.sqrt(dot(x[i], x[i]) * dot(y[i], y[i]))
        else:
            gap = distance(x[i], y[i]) - distance(x[i], negative[i])
            want = max(gap + 1, 0) if name == "triplet_margin_loss" else mpmath.log1p(mpmath.exp(gap))
        if want == 0:
            assert got[i] == 0
        else:
            assert abs((mpmath.mpf(float(got[i])) - want) / want) <= 1e-15, (i, got[i], want)


@pytest.mark.parametrize("name", list(CASES))
def test_a_few_rows_get_the_losses_they_get_in_a_large_batch(name):
    """Up to ``_FEW_ROWS`` rows take one batch with fewer calls: each row's loss is the one it gets among many, and
    the mean is the pairwise sum of those, bit for bit; a zero vector among them is recomputed, or named."""
    from lossbook.losses._embedding_fast import _FEW_ROWS

    fast = CASES[name][0]
    x, y, negative, labels = _batch(BATCH_ROWS + 100, 3, seed=11)
    x[2] = 1e200  # out of the unscaled range: recomputed by the careful path in both
    everything = fast(x, y, negative, labels)
    for rows in (1, 7, _FEW_ROWS, _FEW_ROWS + 1):
        some = fast(x[:rows], y[:rows], negative[:rows], labels[:rows])
        assert some.tobytes() == everything[:rows].tobytes(), rows
        if rows == 7:
            mean = {"triplet_margin_loss": lambda: E.triplet_margin_loss(x[:7], y[:7], negative[:7]),
                    "soft_margin_triplet_loss": lambda: E.soft_margin_triplet_loss(x[:7], y[:7], negative[:7]),
                    "cosine_distance": lambda: E.cosine_distance(x[:7], y[:7])}.get(name)
            if mean is not None:
                assert mean() == np.add.reduce(some) / 7
    x[5] = 0.0
    if name.startswith("cosine"):
        with pytest.raises(ValueError, match=r"zero vector \(row 5\)"):
            fast(x[:9], y[:9], negative[:9], labels[:9])
    else:
        assert fast(x[:9], y[:9], negative[:9], labels[:9]).tobytes() == fast(x, y, negative, labels)[:9].tobytes()


def test_cancelling_and_out_of_range_rows_are_recomputed_wherever_they_sit():
    rows = 3 * BATCH_ROWS  # several batches
    x, y, _, _ = _batch(rows, 2, seed=5)
    special = {7: ([1.0, 0.0], [1.0, 1e-10], 5e-21),  # nearly parallel: 1 - cos cancels
               rows // 2 + 1: ([3.0, 0.0], [2.0, 0.0], 0.0),  # parallel: exactly 0
               rows - 2: ([1e300, 1e300], [1e-300, 0.0], None),  # norms far outside the unscaled range
               rows - 1: ([5e-324, 0.0], [-1.0, 0.0], 2.0)}
    for row, (u, v, _) in special.items():
        x[row], y[row] = u, v
    losses = E.cosine_distance(x, y, reduction="none")
    for row, (u, v, want) in special.items():
        alone = E.cosine_distance([u], [v], reduction="none")[0]
        assert losses[row] == alone
        if want is not None:
            assert losses[row] == pytest.approx(want, rel=1e-15, abs=0)
    ordinary = np.setdiff1d(np.arange(rows), list(special))[::997]
    # a row's loss does not depend on its neighbours, nor on which batch it falls in
    np.testing.assert_array_equal(losses[ordinary], E.cosine_distance(x[ordinary], y[ordinary], reduction="none"))


def test_errors_name_the_row_wherever_it_sits():
    x, y, negative, labels = _batch(3 * BATCH_ROWS, 3, seed=6)
    x[BATCH_ROWS + 17] = 0.0
    with pytest.raises(ValueError, match=rf"x1 holds a zero vector \(row {BATCH_ROWS + 17}\)"):
        E.cosine_distance(x, y)
    negative[2 * BATCH_ROWS, 1] = np.nan
    with pytest.raises(ValueError, match=rf"negative must not contain NaN.*index \({2 * BATCH_ROWS}, 1\)"):
        E.triplet_margin_loss(y, y, negative)
    labels[5] = 0.0
    with pytest.raises(ValueError, match="label must hold 1 or -1"):
        E.cosine_embedding_loss(y, y, labels)


def test_leading_axes_and_float32_take_the_fast_path_too():
    x, y, _, _ = _batch(24, 5, seed=8)
    shaped = E.cosine_distance(x.reshape(2, 3, 4, 5), y.reshape(2, 3, 4, 5), reduction="none")
    np.testing.assert_array_equal(shaped, E.cosine_distance(x, y, reduction="none").reshape(2, 3, 4))
    single = E.cosine_distance(np.float32(x), np.float32(y), reduction="none")
    assert single.dtype == np.float32
    np.testing.assert_array_equal(single, np.float32(E._cosine_distances(np.float64(np.float32(x)),
                                                                         np.float64(np.float32(y)))))


def _hard_rows(rows, dimension, seed):
    """Rows across 300 binades, with every significand bit set in some, and pairs that nearly cancel."""
    rng = np.random.default_rng(seed)
    scale = np.exp2(rng.integers(-150, 150, (rows, 1)).astype(float))
    x = rng.normal(size=(rows, dimension)) * scale
    x[::4] = np.nextafter(scale[::4], 0.0) * rng.choice([-1.0, 1.0], (len(x[::4]), dimension))
    y = x * (1 + rng.choice([1e-15, 1e-9, 1.0], (rows, 1)) * rng.normal(size=(rows, dimension)))
    y[1::4] = -x[1::4]  # x·y cancels nothing, |x - y| = 2|x|
    return x, y


@pytest.mark.parametrize("dimension", [1, 3, 4, 5, 9, 64])
def test_compiled_row_sums_stay_within_their_bound(dimension):
    from fractions import Fraction

    from lossbook._numerics.rowsums import SQUARED_DIFFERENCE_ERROR, cosine_sums, error_factor, squared_distances

    x, y = _hard_rows(200, dimension, seed=dimension)
    hi, lo = np.empty((2, 3, len(x)))
    cosine_sums(x, y, hi, lo)
    dhi, dlo = np.empty((2, len(x)))
    squared_distances(x, y, dhi, dlo)
    u2 = Fraction(2) ** -106
    for row, (u, v) in enumerate(zip(x.tolist(), y.tolist())):
        u, v = [Fraction(a) for a in u], [Fraction(b) for b in v]
        sums = [(sum(a * a for a in u), sum(a * a for a in u)), (sum(b * b for b in v), sum(b * b for b in v)),
                (sum(a * b for a, b in zip(u, v)), sum(abs(a * b) for a, b in zip(u, v)))]
        for k, (exact, magnitude) in enumerate(sums):
            got = Fraction(hi[k, row]) + Fraction(lo[k, row])
            assert abs(got - exact) <= error_factor(dimension) * u2 * magnitude, (k, row)
        exact = sum((a - b) ** 2 for a, b in zip(u, v))
        got = Fraction(dhi[row]) + Fraction(dlo[row])
        assert abs(got - exact) <= (error_factor(dimension) + SQUARED_DIFFERENCE_ERROR) * u2 * exact, row


def test_compiled_row_sums_take_any_memory_layout():
    from lossbook._numerics.rowsums import cosine_sums, squared_distances

    x, y = _hard_rows(50, 6, seed=3)
    want = np.empty((2, 3, 50)), np.empty((2, 50))
    cosine_sums(x, y, *want[0])
    squared_distances(x, y, *want[1])
    for u, v in [(np.asfortranarray(x), np.asfortranarray(y)), (np.repeat(x, 2, axis=1)[:, ::2], y[::-1][::-1])]:
        got = np.empty((2, 3, 50)), np.empty((2, 50))
        cosine_sums(u, v, *got[0])
        squared_distances(u, v, *got[1])
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)


def test_two_difference_has_the_bits_of_two_sum_of_the_negation():
    from lossbook._numerics.exact import two_sum
    from lossbook._numerics.doubledouble import two_difference

    rng = np.random.default_rng(12)
    a = rng.normal(size=20000) * np.exp2(rng.integers(-60, 60, 20000).astype(float))
    b = a * (1 + rng.normal(size=20000) * rng.choice([1e-12, 1e-3, 1.0], 20000))
    for got, want in zip(two_difference(a, b), two_sum(a, -b)):
        np.testing.assert_array_equal(got.view(np.int64), want.view(np.int64))


@pytest.mark.parametrize("name", list(CASES))
def test_batched_sum_and_mean_add_every_row_once(name):
    fast = CASES[name][0]
    rows = 5 * BATCH_ROWS + 7  # several batches, a short last one
    x, y, negative, labels = _batch(rows, 3, seed=13)
    for array in (x, y, negative):  # rows for the careful path (sums of squares above 2**400) in three batches
        array[[5, rows // 2, rows - 1]] *= 1e100
    per_row = fast(x, y, negative, labels)
    total = {reduction: _with_reduction(name, reduction)(x, y, negative, labels) for reduction in ("sum", "mean")}
    exact = mpmath.fsum(mpmath.mpf(float(value)) for value in per_row)
    assert abs(float(total["sum"]) - exact) <= 1e-15 * abs(exact)
    assert abs(float(total["mean"]) - exact / rows) <= 1e-15 * abs(exact / rows)
    small = slice(0, 40)  # one batch: np.sum's own bits
    assert _with_reduction(name, "sum")(x[small], y[small], negative[small], labels[small]) == np.sum(
        fast(x[small], y[small], negative[small], labels[small]))


def _with_reduction(name, reduction):
    """The public loss of ``CASES[name]`` with ``reduction`` in place of "none"."""
    calls = {
        "cosine_similarity": lambda x, y, n, lab: E.cosine_similarity(x, y, reduction=reduction),
        "cosine_distance": lambda x, y, n, lab: E.cosine_distance(x, y, reduction=reduction),
        "cosine_embedding_loss": lambda x, y, n, lab: E.cosine_embedding_loss(x, y, lab, margin=0.3, reduction=reduction),
        "contrastive_loss": lambda x, y, n, lab: E.contrastive_loss(x, y, (lab + 1) / 2, margin=3.0, reduction=reduction),
        "triplet_margin_loss": lambda x, y, n, lab: E.triplet_margin_loss(x, y, n, reduction=reduction),
        "triplet_margin_loss(swap=True)": lambda x, y, n, lab: E.triplet_margin_loss(x, y, n, swap=True,
                                                                                      reduction=reduction),
        "soft_margin_triplet_loss": lambda x, y, n, lab: E.soft_margin_triplet_loss(x, y, n, reduction=reduction),
    }
    return calls[name]


@pytest.mark.parametrize("name", ["cosine_distance", "cosine_embedding_loss", "contrastive_loss",
                                  "triplet_margin_loss", "soft_margin_triplet_loss"])
def test_mean_of_a_large_batch_needs_no_per_row_arrays(name):
    import tracemalloc

    x, y, negative, labels = _batch(400_000, 3, seed=14)  # a per-row float64 array would be 3.2 MB
    call = _with_reduction(name, "mean")
    if name == "contrastive_loss":  # its case maps the ±1 labels to 0/1 inside the call: do it outside
        labels, call = (labels + 1) / 2, lambda x, y, n, lab: E.contrastive_loss(x, y, lab, margin=3.0)
    call(x[:10], y[:10], negative[:10], labels[:10])
    tracemalloc.start()
    try:
        call(x, y, negative, labels)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int8, np.int32, np.int64])
def test_labels_of_any_real_dtype_give_the_same_losses(dtype):
    x, y, _, labels = _batch(50, 4, seed=15)
    want = E.cosine_embedding_loss(x, y, labels, reduction="none")
    np.testing.assert_array_equal(E.cosine_embedding_loss(x, y, labels.astype(dtype), reduction="none"), want)
    np.testing.assert_array_equal(E.contrastive_loss(x, y, ((labels + 1) / 2).astype(dtype), reduction="none"),
                                  E.contrastive_loss(x, y, (labels + 1) / 2, reduction="none"))
