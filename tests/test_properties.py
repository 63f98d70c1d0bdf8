"""Properties every loss must have, checked on random inputs with hypothesis."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lossbook.testing import default_params, domain_of

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_each_dtype(record, check):
    domain = domain_of(record)

    @SETTINGS
    @given(st.sampled_from([np.float64, np.float32]).flatmap(domain.input_strategy))
    def run(inputs):
        check(record, domain, inputs)

    run()


def test_non_negative(record):
    if not record.non_negative:
        pytest.skip(f"{record.name} can be negative (its record says non_negative=False)")

    def check(record, domain, inputs):
        losses = record.numeric(**inputs, reduction="none", **default_params(record))
        assert (losses >= 0).all(), f"negative loss {losses.min()}"

    _check_each_dtype(record, check)


def test_zero_at_a_perfect_prediction(record):
    if domain_of(record).perfect is None:
        pytest.skip(f"{record.name} has no input with a loss of exactly zero")

    def check(record, domain, inputs):
        losses = record.numeric(**domain.perfect_inputs(inputs), reduction="none", **default_params(record))
        assert (losses == 0).all(), f"loss {losses.max()} at a perfect prediction"

    _check_each_dtype(record, check)


def test_reductions_agree_and_keep_dtype(record):
    def check(record, domain, inputs):
        params = default_params(record)
        none = record.numeric(**inputs, reduction="none", **params)
        total = record.numeric(**inputs, reduction="sum", **params)
        mean = record.numeric(**inputs, **params)
        first = inputs[record.argument_names[0]]
        assert none.shape == domain.sample_shape(first.shape)
        dtype = inputs[record.gradient_argument].dtype  # a target may hold integer labels
        assert none.dtype == mean.dtype == total.dtype == dtype
        rtol = 1e-5 if mean.dtype == np.float32 else 1e-12
        if record.cost_of_losses is not None:  # a cost that is not the mean of the losses (RMSE)
            if np.isfinite(total):
                np.testing.assert_allclose(total, record.cost_of_losses(none, "sum"), rtol=rtol)
            if np.isfinite(mean):
                np.testing.assert_allclose(mean, record.cost_of_losses(none, "mean"), rtol=rtol)
        elif np.isfinite(total):
            np.testing.assert_allclose(mean, total / none.size, rtol=rtol)

    _check_each_dtype(record, check)
