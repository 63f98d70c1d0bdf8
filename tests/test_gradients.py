"""The SymPy derivative of every loss against a numeric derivative of its NumPy code."""

import numpy as np

from domains import domain_of, param_grid


def _central_difference(function, y_true, y_pred, step):
    return (function(y_true, y_pred + step) - function(y_true, y_pred - step)) / (2 * step)


def test_symbolic_gradient_matches_numeric_derivative(record):
    definition = record.definition()
    domain = domain_of(record)
    y_true, y_pred = domain.smooth_points(np.random.default_rng(7), 40)
    for params in param_grid(record):
        def losses(t, p):
            return record.numeric(t, p, reduction="none", **params)

        step = 1e-6 * np.maximum(1.0, np.abs(y_pred))
        numeric = _central_difference(losses, y_true, y_pred, step)
        one_sided = (losses(y_true, y_pred + step) - losses(y_true, y_pred)) / step
        smooth = np.abs(numeric - one_sided) < 1e-3 * np.maximum(1.0, np.abs(numeric))
        assert smooth.mean() > 0.8, "too few points away from kinks to test the gradient"
        symbolic = definition.gradient_reference(y_true, y_pred, **params).astype(float)
        np.testing.assert_allclose(
            numeric[smooth], symbolic[smooth], rtol=1e-6, atol=1e-8,
            err_msg=f"{record.name} {params}: SymPy gradient disagrees with finite differences",
        )
