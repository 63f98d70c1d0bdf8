"""Properties every loss must have, checked on random inputs with hypothesis."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domains import default_params, domain_of

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_each_dtype(record, check):
    domain = domain_of(record)

    @SETTINGS
    @given(st.sampled_from([np.float64, np.float32]).flatmap(domain.strategy))
    def run(inputs):
        check(record, domain, *inputs)

    run()


def test_non_negative(record):
    def check(record, domain, y_true, y_pred):
        losses = record.numeric(y_true, y_pred, reduction="none", **default_params(record))
        assert (losses >= 0).all(), f"negative loss {losses.min()}"

    _check_each_dtype(record, check)


def test_zero_at_a_perfect_prediction(record):
    def check(record, domain, y_true, y_pred):
        losses = record.numeric(y_true, domain.perfect(y_true), reduction="none", **default_params(record))
        assert (losses == 0).all(), f"loss {losses.max()} at a perfect prediction"

    _check_each_dtype(record, check)


def test_reductions_agree_and_keep_dtype(record):
    def check(record, domain, y_true, y_pred):
        params = default_params(record)
        none = record.numeric(y_true, y_pred, reduction="none", **params)
        total = record.numeric(y_true, y_pred, reduction="sum", **params)
        mean = record.numeric(y_true, y_pred, **params)
        assert none.shape == domain.sample_shape(y_true.shape)
        assert none.dtype == mean.dtype == total.dtype == y_pred.dtype  # y_true may hold integer labels
        rtol = 1e-5 if mean.dtype == np.float32 else 1e-12
        if record.cost_of_losses is not None:  # a cost that is not the mean of the losses (RMSE)
            if np.isfinite(total):
                np.testing.assert_allclose(total, record.cost_of_losses(none, "sum"), rtol=rtol)
            if np.isfinite(mean):
                np.testing.assert_allclose(mean, record.cost_of_losses(none, "mean"), rtol=rtol)
        elif np.isfinite(total):
            np.testing.assert_allclose(mean, total / none.size, rtol=rtol)

    _check_each_dtype(record, check)
