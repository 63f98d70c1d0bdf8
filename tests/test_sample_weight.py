"""``sample_weight`` on every catalogued loss: what a weight means, and what a bad weight gets.

The meaning is pinned without reference to how it is computed: integer
weights give the loss of the data set in which each sample appears that many
times (0 drops it), the scikit-learn and Keras reading of a sample weight.
The framework agreement tests live with each family's tests.
"""

import inspect
import math

import numpy as np
import pytest

from lossbook.testing import default_params, domain_of, peak_extra_bytes

#: Losses whose per-sample loss depends on the other samples of the batch (the negatives of InfoNCE):
#: repeating a sample changes every loss, so a weight is not a repetition count there.
BATCH_LOSSES = {"info_nce", "nt_xent"}


def _inputs(record, n=7, dtype=np.float64, seed=0):
    inputs = domain_of(record).sample_inputs(np.random.default_rng(seed), n)
    return {name: (value.astype(dtype) if value.dtype.kind == "f" else value) for name, value in inputs.items()}


def _call(record, inputs, **keywords):
    return record.numeric(**inputs, **default_params(record), **keywords)


def test_every_loss_takes_sample_weight_by_keyword(record):
    parameter = inspect.signature(record.numeric).parameters.get("sample_weight")
    assert parameter is not None, f"{record.name} has no sample_weight keyword"
    assert parameter.kind is parameter.KEYWORD_ONLY and parameter.default is None


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_integer_weights_repeat_samples(record, reduction):
    if record.name in BATCH_LOSSES:
        pytest.skip(f"{record.name}: a sample's loss depends on the rest of the batch")
    inputs = _inputs(record)
    counts = np.array([0, 1, 3, 1, 2, 0, 1])
    repeated = {name: np.repeat(value, counts, axis=0) for name, value in inputs.items()}
    weighted = _call(record, inputs, sample_weight=counts, reduction=reduction)
    np.testing.assert_allclose(weighted, _call(record, repeated, reduction=reduction), rtol=1e-13)


def test_unit_weights_change_nothing(record):
    inputs = _inputs(record)
    ones = np.ones(len(next(iter(inputs.values()))))
    for reduction in ("mean", "sum", "none"):
        np.testing.assert_allclose(_call(record, inputs, sample_weight=ones, reduction=reduction),
                                   _call(record, inputs, reduction=reduction), rtol=1e-14)


def test_none_returns_weighted_losses_and_the_mean_divides_by_the_total_weight(record):
    inputs = _inputs(record)
    weights = np.linspace(0.5, 2.0, 7)
    losses = _call(record, inputs, reduction="none")
    np.testing.assert_allclose(_call(record, inputs, sample_weight=weights, reduction="none"), weights * losses,
                               rtol=1e-14)
    if record.cost_of_losses is None:  # RMSE's weighted cost is the root of the weighted mean of squares
        np.testing.assert_allclose(_call(record, inputs, sample_weight=weights),
                                   np.sum(weights * losses) / np.sum(weights), rtol=1e-13)
    # Scaling every weight by the same factor leaves a weighted mean unchanged.
    np.testing.assert_allclose(_call(record, inputs, sample_weight=1e3 * weights),
                               _call(record, inputs, sample_weight=weights), rtol=1e-14)


def test_float32_inputs_stay_float32_with_float64_weights(record):
    inputs = _inputs(record, dtype=np.float32)
    result = _call(record, inputs, sample_weight=np.full(7, 0.5))
    assert result.dtype == np.float32


@pytest.mark.parametrize("weights, words", [
    (np.array([1.0, -1.0, 1, 1, 1, 1, 1]), ">= 0"),
    (np.array([1.0, np.nan, 1, 1, 1, 1, 1]), "NaN"),
    (np.array([1.0, np.inf, 1, 1, 1, 1, 1]), "finite"),
    (np.ones(6), "shape"),
    (np.ones((7, 2)), "shape"),
    (np.zeros(7), "sums to 0"),
    ("heavy", "real numbers"),
])
def test_bad_weights_name_the_argument(record, weights, words):
    with pytest.raises((ValueError, TypeError), match="sample_weight") as error:
        _call(record, _inputs(record), sample_weight=weights)
    assert words in str(error.value)


def test_all_zero_weights_are_fine_for_a_sum(record):
    assert _call(record, _inputs(record), sample_weight=np.zeros(7), reduction="sum") == 0


#: Losses whose weighted reduction needs a whole array more: RMSE folds √(w / max w) into the residuals
#: before its careful root sum of squares.
WEIGHTED_COPIES = {"root_mean_squared_error": 1.05}


def test_a_weighted_mean_costs_little_more_memory_than_the_per_sample_losses(record):
    """Weighting multiplies the per-sample losses in place and masks only when a weight is 0: the peak
    is the unweighted ``"none"`` call's plus at most a quarter of the losses' size."""
    if record.name in BATCH_LOSSES:
        pytest.skip(f"{record.name}: its cost grows with the square of the batch")
    inputs = _inputs(record, n=100_000, seed=4)
    losses = _call(record, inputs, reduction="none")
    weights = np.random.default_rng(5).random(losses.shape[:1]) + 0.5
    unweighted = peak_extra_bytes(lambda: _call(record, inputs, reduction="none"))
    weighted = peak_extra_bytes(lambda: _call(record, inputs, sample_weight=weights))
    allowed = losses.nbytes * WEIGHTED_COPIES.get(record.name, 0.25) + 2**14
    assert weighted <= unweighted + allowed, (weighted, unweighted, losses.nbytes)


def _exact_weighted_mean(losses, weights):
    products = [float(w) * float(l) for w, l in zip(weights, losses) if w]
    return math.fsum(products) / math.fsum(float(w) for w in weights)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_long_weighted_mean_goes_in_chunks_and_stays_exact(record, dtype):
    """Inputs of several chunks (:data:`lossbook.losses._weighting.CHUNK` elements each) give the weighted mean of
    the per-sample losses to within a few roundings, zero weights included."""
    from lossbook.losses._weighting import CHUNK

    if record.name in BATCH_LOSSES or record.name == "root_mean_squared_error":
        pytest.skip(f"{record.name}: not a weighted mean of per-sample losses (RMSE is √(Σ w r² / Σ w))")
    probe = _inputs(record, n=4)
    per_row = max(1, next(iter(probe.values())).size // 4)
    n = 3 * CHUNK // per_row + 5
    inputs = _inputs(record, n=n, dtype=dtype, seed=6)
    losses = _call(record, inputs, reduction="none").astype(np.float64)
    per_sample = losses.size // n  # a weight of shape (n,) counts once for each of a sample's losses
    weights = np.random.default_rng(7).random(n)
    weights[::9] = 0.0
    got = _call(record, inputs, sample_weight=weights)
    expected = _exact_weighted_mean(losses.reshape(n, -1).sum(axis=1), weights) / per_sample
    tolerance = 1e-13 if dtype == np.float64 else 1e-5
    assert got.dtype == dtype
    assert abs(float(got) - expected) <= tolerance * abs(expected) + 1e-300, (float(got), expected)


@pytest.mark.parametrize("name", ["mean_squared_error", "binary_cross_entropy", "huber_loss"])
def test_a_bad_value_late_in_a_long_weighted_call_is_named_by_its_index_in_the_whole_input(name):
    import lossbook

    n = 100_000
    rng = np.random.default_rng(8)
    y_true, y_pred = rng.integers(0, 2, n).astype(float), rng.uniform(0.1, 0.9, n)
    y_pred[77_777] = np.nan
    with pytest.raises(ValueError, match="index 77777"):
        getattr(lossbook, name)(y_true, y_pred, sample_weight=np.ones(n))
    weights = np.ones(n)
    weights[88_888] = -1.0
    with pytest.raises(ValueError, match="sample_weight.*index 88888"):
        getattr(lossbook, name)(y_true, np.nan_to_num(y_pred, nan=0.5), sample_weight=weights)
