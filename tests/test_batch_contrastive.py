"""InfoNCE and NT-Xent in row blocks (``lossbook.losses._batch_contrastive``) and in one compiled call for small
batches (``lossbook.losses._batch_small``), against the whole-table careful path.

The careful path (a double-double table of every scaled cosine) is the one
the 50-digit tests pin on hard inputs; both fast paths must agree with it to
a few units in the last place, at temperatures that need the shift by the row
maximum and ones that do not; the blocks on batches that span several blocks,
without holding a table of all the pairs.
"""


import numpy as np
import pytest

import lossbook.losses._batch_contrastive as B
import lossbook.losses.embedding as E
from lossbook.testing import peak_extra_bytes


def _careful(name, anchor, positive, temperature):
    """The whole-table path on rows scaled as the public functions scale them."""
    anchor, positive = (E._nonzero_rows(x, "x", func=name) for x in (anchor, positive))
    n = len(anchor)
    if name == "info_nce":
        return E._cross_entropy_rows(*E._scaled_cosines(anchor, positive, temperature), np.arange(n))
    views = np.concatenate([anchor, positive])
    partner = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    per_view = E._cross_entropy_rows(*E._scaled_cosines(views, views, temperature), partner, exclude_diagonal=True)
    return 0.5 * (per_view[:n] + per_view[n:])


@pytest.fixture(params=["blocks", "small"])
def path(request, monkeypatch):
    """Every batch through the row blocks, or every batch through the compiled small-batch call."""
    monkeypatch.setattr(E, "_SMALL_BATCH_PRODUCTS", 0 if request.param == "blocks" else 1 << 40)
    return request.param


def _batch(rng, n, dimension, noise=0.3):
    anchor = rng.normal(size=(n, dimension))
    return anchor, anchor + rng.normal(0.0, noise, (n, dimension))


@pytest.mark.parametrize("name", ["info_nce", "nt_xent"])
@pytest.mark.parametrize("dimension, temperature", [
    (1, 1.0), (1, 0.07), (1, 0.002), (3, 1.0), (3, 0.07), (3, 0.01), (3, 0.002), (3, 1e-4), (6, 1e-4),
    (64, 1.0), (64, 0.07), (64, 0.01), (200, 0.07)])
@pytest.mark.parametrize("shared", [True, False])
def test_blocks_agree_with_the_whole_table(monkeypatch, path, name, temperature, dimension, shared):
    monkeypatch.setattr(B, "BLOCK_ENTRIES", 1000)  # many blocks, the last one short
    monkeypatch.setattr(B, "COLUMN_TILE", 60)  # and tiles of columns, the last one short
    monkeypatch.setattr(B, "CHUNK_NUMBERS", 40 * (3 * dimension + 2))  # chunks of rows, the last one short
    monkeypatch.setattr(B, "STEP_NUMBERS", 13 * (8 * dimension + 4))  # made in steps of 13 rows
    if not shared:  # the positives' rows normalised for their products, each tile's rows for the tile
        monkeypatch.setattr(B, "SHARED_NUMBERS", 0)
    rng = np.random.default_rng(dimension)
    anchor, positive = _batch(rng, 157, dimension, noise=0.05 if temperature < 0.01 else 0.3)
    assert B.applies(dimension, temperature)
    fast = getattr(E, name)(anchor, positive, temperature=temperature, reduction="none")
    careful = _careful(name, anchor, positive, temperature)
    np.testing.assert_allclose(fast, careful, rtol=1e-15, atol=0)


def test_shift_branch_meets_both_kinds_of_rows(path):
    """At a small temperature some rows' best negative beats the positive (a shift), others not (log1p)."""
    rng = np.random.default_rng(5)
    anchor, positive = _batch(rng, 40, 3, noise=0.6)
    temperature = 0.001
    fast = E.info_nce(anchor, positive, temperature=temperature, reduction="none")
    careful = _careful("info_nce", anchor, positive, temperature)
    assert (careful > 1).any() and (careful < 1e-10).any()
    np.testing.assert_allclose(fast, careful, rtol=1e-15, atol=0)


def test_nearly_equal_cosines_keep_their_digits(path):
    """Positives and negatives differing by 1e-12 in cosine at τ = 0.01: the exponents' low parts matter."""
    base = np.array([[1.0, 2.0, 3.0], [3.0, -1.0, 0.5], [0.5, 0.5, -2.0]])
    anchor = np.repeat(base, 50, axis=0) + np.linspace(0, 1e-12, 150)[:, None]
    positive = anchor[::-1] + 1e-13
    for name in ("info_nce", "nt_xent"):
        fast = getattr(E, name)(anchor, positive, temperature=0.01, reduction="none")
        np.testing.assert_allclose(fast, _careful(name, anchor, positive, 0.01), rtol=1e-15, atol=0)


def test_large_dimensions_at_small_temperatures_take_the_whole_table():
    assert not B.applies(1024, 0.01) and B.applies(128, 0.07)
    rng = np.random.default_rng(1)
    anchor, positive = _batch(rng, 5, 1024)
    assert E.info_nce(anchor, positive, temperature=0.01, reduction="none").tolist() == \
        _careful("info_nce", anchor, positive, 0.01).tolist()


def test_error_bound_grows_with_dimension_and_falls_with_temperature():
    assert B.error_bound(3, 0.07) < B.error_bound(300, 0.07) < B.error_bound(300, 0.01)
    assert B.error_bound(3, 0.01) < 2.0**-64  # the benchmark's batches: far below a rounding


@pytest.mark.parametrize("name", ["info_nce", "nt_xent"])
def test_memory_does_not_grow_with_the_number_of_pairs(name):
    rng = np.random.default_rng(2)
    anchor, positive = _batch(rng, 2000, 3)  # NT-Xent's table would be 4000 × 4000 (128 MB)
    assert peak_extra_bytes(lambda: getattr(E, name)(anchor, positive)) < 4e6


def test_info_nce_of_ten_million_pairs_takes_under_two_megabytes():
    """The benchmark's largest InfoNCE (3162 × 3162 pairs, D = 3), 1.30 MB: two tile buffers (0.52 MB), the
    right factors (0.28 MB) and their rows normalised once (0.23 MB), a chunk of left factors, and five numbers
    a row."""
    rng = np.random.default_rng(3)
    anchor, positive = _batch(rng, 3162, 3)
    assert peak_extra_bytes(lambda: E.info_nce(anchor, positive)) < 1.5e6


def test_nt_xent_of_ten_million_pairs_takes_under_two_megabytes():
    """NT-Xent on the same batch has 6324 views, 1.59 MB: two tile buffers, a tile of right factors and a
    chunk of left ones, and five numbers a view; the views are the inputs stacked, not copied."""
    rng = np.random.default_rng(3)
    anchor, positive = _batch(rng, 3162, 3)
    assert peak_extra_bytes(lambda: E.nt_xent(anchor, positive)) < 1.7e6


@pytest.mark.parametrize("name", ["info_nce", "nt_xent"])
@pytest.mark.parametrize("rows, dimension", [(6000, 16), (1500, 256)])
def test_memory_does_not_grow_with_the_inputs(name, rows, dimension):
    """The rows are scaled a step at a time, never copied whole: beyond five numbers a row the peak stays
    near 2 MB (2.3–2.5 MB here, with 1.5 and 6.1 MB of inputs; with a scaled copy of the inputs and NT-Xent's
    views it was 3.7 and 15.9 MB)."""
    rng = np.random.default_rng(12)
    anchor, positive = _batch(rng, rows, dimension)
    assert peak_extra_bytes(lambda: getattr(E, name)(anchor, positive)) < 3e6


def test_scaled_rows_are_the_stacked_inputs_scaled():
    """Slices and gathers across the parts give the bits of ``np.ldexp`` of the stacked rows."""
    rng = np.random.default_rng(5)
    parts = [rng.normal(size=(7, 4)) * 1e300, rng.normal(size=(5, 4)) * 1e-300]
    exponents = E._row_exponents(np.concatenate(parts), "x", func="info_nce")
    whole = np.ldexp(np.concatenate(parts), -exponents[:, None])
    rows = B.ScaledRows(parts, exponents)
    assert rows.shape == (12, 4)
    for start, stop in [(0, 12), (0, 7), (5, 9), (7, 12), (3, 4), (12, 12)]:
        assert rows.rows(start, stop).tobytes() == whole[start:stop].tobytes()
    indices = np.array([11, 0, 6, 7, 7, 3])
    assert rows.take(indices).tobytes() == whole[indices].tobytes()
    assert B.ScaledRows(parts[:1], exponents[:7]).take(indices[1:3]).tobytes() == whole[indices[1:3]].tobytes()


@pytest.mark.parametrize("temperature", [0.01, 0.002])
def test_blocks_match_fifty_digit_references(monkeypatch, path, temperature):
    mpmath = pytest.importorskip("mpmath")
    monkeypatch.setattr(B, "BLOCK_ENTRIES", 40)  # blocks of 8 rows ...
    monkeypatch.setattr(B, "COLUMN_TILE", 5)  # ... by 5 columns
    rng = np.random.default_rng(3)
    anchor, positive = _batch(rng, 14, 3, noise=0.4)
    with mpmath.workdps(50):
        def cosine(u, v):
            u, v = [mpmath.mpf(float(t)) for t in u], [mpmath.mpf(float(t)) for t in v]
            dot = mpmath.fsum(x * y for x, y in zip(u, v))
            return dot / mpmath.sqrt(mpmath.fsum(x * x for x in u) * mpmath.fsum(y * y for y in v))

        scores = [[cosine(a, p) / temperature for p in positive] for a in anchor]
        reference = [mpmath.log1p(mpmath.fsum(mpmath.exp(s - row[i]) for j, s in enumerate(row) if j != i))
                     for i, row in enumerate(scores)]
    fast = E.info_nce(anchor, positive, temperature=temperature, reduction="none")
    np.testing.assert_allclose(fast, np.array([float(r) for r in reference]), rtol=1e-15, atol=0)


def test_rows_normalised_in_chunks_give_the_same_bits(monkeypatch):
    """The whole-table path normalises its rows a chunk at a time: the chunks change no bit."""
    rng = np.random.default_rng(4)
    rows = E._nonzero_rows(rng.normal(size=(50, 5)), "x", func="nt_xent")
    scale = rng.uniform(0.5, 2.0, 50)
    whole = E._unit_rows(rows, scale)
    monkeypatch.setattr(E, "_UNIT_ROWS_CHUNK", 7)
    chunked = E._unit_rows(rows, scale)
    assert all(a.tobytes() == b.tobytes() for a, b in zip(whole, chunked))


def test_compiled_unit_rows_are_exact_to_a_few_units_of_double_double():
    """The row blocks' normalised rows, ``x / (‖x‖ (s_hi + s_lo))`` as ``hi + lo``, against 50 digits: within
    2^-100 relative, and ``lo`` within half an ulp of ``hi`` (a normalised pair)."""
    mpmath = pytest.importorskip("mpmath")
    from lossbook.losses._batch_small import unit_rows

    rng = np.random.default_rng(11)
    rows = E._nonzero_rows(rng.normal(size=(40, 6)) * np.exp(rng.uniform(-30, 30, (40, 1))), "x", func="info_nce")
    rows[0] = [1.0, 2.0**-40, 0.0, 0.0, -(2.0**-90), 0.0]  # coordinates far apart
    scale_hi, scale_lo, _ = E._log2_scale(0.07)
    hi, lo = np.empty_like(rows), np.empty_like(rows)
    unit_rows(rows, scale_hi, scale_lo, hi, lo)
    with mpmath.workdps(50):
        for i, row in enumerate(rows):
            norm = mpmath.sqrt(mpmath.fsum(mpmath.mpf(float(v)) ** 2 for v in row))
            factor = 1 / (norm * (mpmath.mpf(scale_hi) + mpmath.mpf(scale_lo)))
            for k, v in enumerate(row):
                exact = mpmath.mpf(float(v)) * factor
                assert abs(mpmath.mpf(hi[i, k]) + mpmath.mpf(lo[i, k]) - exact) <= abs(exact) * mpmath.mpf(2) ** -100
                assert abs(lo[i, k]) <= np.spacing(abs(hi[i, k])) / 2


def test_compiled_slices_are_the_normalised_rows_cut_by_numpy():
    """``unit_slices`` (the left factors' one pass) gives the bits of ``unit_rows`` then NumPy's slicing."""
    from lossbook.losses._batch_small import unit_rows, unit_slices

    rng = np.random.default_rng(13)
    rows = E._nonzero_rows(rng.normal(size=(30, 7)) * np.exp(rng.uniform(-30, 30, (30, 1))), "x", func="info_nce")
    scale_hi, scale_lo, _ = E._log2_scale(0.07)
    hi, lo = np.empty_like(rows), np.empty_like(rows)
    unit_rows(rows, scale_hi, scale_lo, hi, lo)
    expected = B._slices(hi, lo)
    cut, rest = np.empty_like(rows), np.empty_like(rows)
    unit_slices(rows, scale_hi, scale_lo, B._SIGMA, cut, rest)
    assert cut.tobytes() == expected[0].tobytes() and rest.tobytes() == expected[1].tobytes()
    assert np.all(cut * 2.0**B.BITS == np.round(cut * 2.0**B.BITS))  # multiples of 2^-BITS


@pytest.mark.parametrize("name", ["info_nce", "nt_xent"])
def test_small_batches_out_of_the_compiled_range_take_the_scaled_path(path, name):
    """Coordinates of 1e±200 (squared norms beyond 2^±400): the compiled call refuses the batch, the scaled
    path computes it, and the losses are the whole table's."""
    from lossbook.losses._batch_small import cross_entropy_rows

    rng = np.random.default_rng(7)
    anchor, positive = _batch(rng, 6, 3)
    for scale in (1e-200, 1e200):
        big_anchor, big_positive = anchor.copy(), positive * scale
        big_anchor[2] *= scale
        assert not cross_entropy_rows(big_anchor, big_positive, 0, False, 0.07, np.empty(6))
        fast = getattr(E, name)(big_anchor, big_positive, reduction="none")
        np.testing.assert_allclose(fast, _careful(name, big_anchor, big_positive, 0.07), rtol=1e-15, atol=0)
        np.testing.assert_allclose(fast, getattr(E, name)(anchor, positive, reduction="none"), rtol=1e-15, atol=0)


@pytest.mark.parametrize("name", ["info_nce", "nt_xent"])
@pytest.mark.parametrize("bad, message", [(0.0, "holds a zero vector \\(row 1\\)"), (np.nan, "must not contain NaN"),
                                          (np.inf, "must be finite")])
def test_small_batches_with_a_bad_row_get_the_general_paths_error(name, bad, message):
    rng = np.random.default_rng(8)
    anchor, positive = _batch(rng, 4, 3)
    positive[1] = bad
    with pytest.raises(ValueError, match=f"positive {message}" if bad == 0.0 else message):
        getattr(E, name)(anchor, positive)


@pytest.mark.parametrize("name", ["info_nce", "nt_xent"])
def test_small_batches_of_any_layout_and_kind_give_the_same_losses(name):
    loss = getattr(E, name)
    rng = np.random.default_rng(9)
    anchor, positive = _batch(rng, 5, 4)
    plain = loss(anchor, positive, reduction="none")
    for a, p in ((np.asfortranarray(anchor), positive), (anchor.tolist(), positive.tolist()),
                 (np.hstack([anchor, anchor])[:, :4], positive[::-1][::-1])):
        assert loss(a, p, reduction="none").tobytes() == plain.tobytes()
    assert loss(anchor, positive, reduction="sum") == np.sum(plain)
    assert loss(anchor, positive) == np.mean(plain)
    a32, p32 = anchor.astype(np.float32), positive.astype(np.float32)
    single = loss(a32, p32, reduction="none")
    assert single.dtype == np.float32
    assert single.tobytes() == loss(a32.astype(float), p32.astype(float), reduction="none").astype(np.float32).tobytes()


def test_the_shift_by_the_row_maximum_is_knuths_two_sum_in_place():
    """The compiled shift gives NumPy's ``two_sum(h, -T)`` bit for bit, with ``T = max(0, row max)``; the
    excluded entries (``-inf``) keep ``-inf`` and an error of 0."""
    from lossbook._numerics.exact import two_sum
    from lossbook.losses import _fused_kernels as kernels

    rng = np.random.default_rng(5)
    exponents = rng.normal(0.0, 300.0, (7, 50))
    exponents[3] = -np.abs(exponents[3])  # a row whose maximum is negative: T = 0
    exponents[np.arange(7), [0, 5, 9, 3, 49, 20, 1]] = -np.inf
    errors = rng.normal(0.0, 1e-14, exponents.shape)
    tops = np.maximum(np.max(exponents, axis=1), 0.0)
    with np.errstate(invalid="ignore"):
        expected, error = two_sum(exponents, -tops[:, None])
    expected_errors = np.where(np.isneginf(exponents), 0.0, errors + error)
    found_tops = np.empty(7)
    kernels.shift_by_row_maximum(exponents, errors, found_tops)
    assert found_tops.tobytes() == tops.tobytes()
    assert exponents.tobytes() == expected.tobytes()
    assert errors.tobytes() == expected_errors.tobytes()
    assert found_tops[3] == 0.0 and np.count_nonzero(errors) == errors.size - 7
