"""InfoNCE and NT-Xent in row blocks (``lossbook.losses._batch_contrastive``) against the whole-table careful path.

The careful path (a double-double table of every scaled cosine) is the one
the 50-digit tests pin on hard inputs; the blocks must agree with it to a
few units in the last place on batches that span several blocks, at
temperatures that need the shift by the row maximum and ones that do not,
and must not hold a table of all the pairs.
"""

import tracemalloc

import numpy as np
import pytest

import lossbook.losses._batch_contrastive as B
import lossbook.losses.embedding as E


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


def _batch(rng, n, dimension, noise=0.3):
    anchor = rng.normal(size=(n, dimension))
    return anchor, anchor + rng.normal(0.0, noise, (n, dimension))


@pytest.mark.parametrize("name", ["info_nce", "nt_xent"])
@pytest.mark.parametrize("dimension, temperature", [
    (1, 1.0), (1, 0.07), (1, 0.002), (3, 1.0), (3, 0.07), (3, 0.01), (3, 0.002), (3, 1e-4), (6, 1e-4),
    (64, 1.0), (64, 0.07), (64, 0.01), (200, 0.07)])
def test_blocks_agree_with_the_whole_table(monkeypatch, name, temperature, dimension):
    monkeypatch.setattr(B, "BLOCK_ENTRIES", 1000)  # many blocks, the last one short
    monkeypatch.setattr(B, "COLUMN_TILE", 60)  # and tiles of columns, the last one short
    rng = np.random.default_rng(dimension)
    anchor, positive = _batch(rng, 157, dimension, noise=0.05 if temperature < 0.01 else 0.3)
    assert B.applies(dimension, temperature)
    fast = getattr(E, name)(anchor, positive, temperature=temperature, reduction="none")
    careful = _careful(name, anchor, positive, temperature)
    np.testing.assert_allclose(fast, careful, rtol=1e-15, atol=0)


def test_shift_branch_meets_both_kinds_of_rows():
    """At a small temperature some rows' best negative beats the positive (a shift), others not (log1p)."""
    rng = np.random.default_rng(5)
    anchor, positive = _batch(rng, 40, 3, noise=0.6)
    temperature = 0.001
    fast = E.info_nce(anchor, positive, temperature=temperature, reduction="none")
    careful = _careful("info_nce", anchor, positive, temperature)
    assert (careful > 1).any() and (careful < 1e-10).any()
    np.testing.assert_allclose(fast, careful, rtol=1e-15, atol=0)


def test_nearly_equal_cosines_keep_their_digits():
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
    loss = getattr(E, name)
    loss(anchor, positive)
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        loss(anchor, positive)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak - before < 4e6


@pytest.mark.parametrize("temperature", [0.01, 0.002])
def test_blocks_match_fifty_digit_references(monkeypatch, temperature):
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
    rng = np.random.default_rng(4)
    anchor, positive = _batch(rng, 50, 5)
    whole = E.nt_xent(anchor, positive, reduction="none")
    monkeypatch.setattr(E, "_UNIT_ROWS_CHUNK", 7)
    assert E.nt_xent(anchor, positive, reduction="none").tolist() == whole.tolist()
