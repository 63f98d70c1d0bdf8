"""The SymPy derivative of every loss against a numeric derivative of its NumPy code."""

import numpy as np

from domains import domain_of, param_grid


def _compare(losses, y_true, y_pred, move, scale, expected, message):
    """Central differences of ``losses`` along ``move`` (divided by ``scale``) against ``expected``."""
    numeric = (losses(y_true, y_pred + move) - losses(y_true, y_pred - move)) / (2 * scale)
    one_sided = (losses(y_true, y_pred + move) - losses(y_true, y_pred)) / scale
    smooth = np.abs(numeric - one_sided) < 1e-3 * np.maximum(1.0, np.abs(numeric))
    assert smooth.mean() > 0.8, "too few points away from kinks to test the gradient"
    np.testing.assert_allclose(numeric[smooth], expected[smooth], rtol=1e-6, atol=1e-8, err_msg=message)


def test_symbolic_gradient_matches_numeric_derivative(record):
    definition = record.definition()
    domain = domain_of(record)
    y_true, y_pred = domain.smooth_points(np.random.default_rng(7), 40)
    directions = getattr(domain, "directions", None)
    for params in param_grid(record):
        def losses(t, p):
            return record.numeric(t, p, reduction="none", **params)

        symbolic = definition.gradient_reference(y_true, y_pred, **params).astype(float)
        message = f"{record.name} {params}: SymPy gradient disagrees with finite differences"
        if directions is None:
            # Elementwise losses: each element is its own sample, so moving every
            # element at once measures every partial derivative at once.
            step = 1e-6 * np.maximum(1.0, np.abs(y_pred))
            _compare(losses, y_true, y_pred, step, step, symbolic, message)
        else:
            # A row's loss depends on all its classes: move each row along one
            # direction the domain allows (probability rows must keep summing
            # to 1) and compare with the directional derivative sum_k g_k d_k.
            step = 1e-6 * np.maximum(1.0, np.abs(y_pred).max(axis=-1, keepdims=True))
            for direction in directions(y_pred):
                expected = np.sum(symbolic * direction, axis=-1)
                _compare(losses, y_true, y_pred, step * direction, step[..., 0], expected, f"{message} along {direction}")
