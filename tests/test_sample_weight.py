"""``sample_weight`` on every catalogued loss: what a weight means, and what a bad weight gets.

The meaning is pinned without reference to how it is computed: integer
weights give the loss of the data set in which each sample appears that many
times (0 drops it), the scikit-learn and Keras reading of a sample weight.
The framework agreement tests live with each family's tests.
"""

import inspect
import tracemalloc

import numpy as np
import pytest

from lossbook.testing import default_params, domain_of

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


def _peak_extra_bytes(call) -> int:
    call()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


def test_a_weighted_mean_costs_little_more_memory_than_the_per_sample_losses(record):
    """Weighting multiplies the per-sample losses in place and masks only when a weight is 0: the peak
    is the unweighted ``"none"`` call's plus at most a quarter of the losses' size."""
    if record.name in BATCH_LOSSES:
        pytest.skip(f"{record.name}: its cost grows with the square of the batch")
    inputs = _inputs(record, n=100_000, seed=4)
    losses = _call(record, inputs, reduction="none")
    weights = np.random.default_rng(5).random(losses.shape[:1]) + 0.5
    unweighted = _peak_extra_bytes(lambda: _call(record, inputs, reduction="none"))
    weighted = _peak_extra_bytes(lambda: _call(record, inputs, sample_weight=weights))
    allowed = losses.nbytes * WEIGHTED_COPIES.get(record.name, 0.25) + 2**14
    assert weighted <= unweighted + allowed, (weighted, unweighted, losses.nbytes)


#: Losses whose weighted reduction needs a whole array more: RMSE folds √(w / max w) into the residuals
#: before its careful root sum of squares.
WEIGHTED_COPIES = {"root_mean_squared_error": 1.05}
