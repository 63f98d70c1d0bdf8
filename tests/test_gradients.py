"""The SymPy derivative of every loss against a numeric derivative of its NumPy code.

The derivative is taken with respect to the record's ``gradient_argument``
(the prediction, for a target/prediction loss).
"""

import numpy as np

from lossbook.testing import domain_of, param_grid


def _compare(losses, point, move, scale, expected, message):
    """Central differences of ``losses`` along ``move`` (divided by ``scale``) against ``expected``."""
    numeric = (losses(point + move) - losses(point - move)) / (2 * scale)
    one_sided = (losses(point + move) - losses(point)) / scale
    smooth = np.abs(numeric - one_sided) < 1e-3 * np.maximum(1.0, np.abs(numeric))
    assert smooth.mean() > 0.8, "too few points away from kinks to test the gradient"
    np.testing.assert_allclose(numeric[smooth], expected[smooth], rtol=1e-6, atol=1e-8, err_msg=message)


def test_symbolic_gradient_matches_numeric_derivative(record):
    definition = record.definition()
    domain = domain_of(record)
    inputs = domain.smooth_inputs(np.random.default_rng(7), 40)
    name = record.gradient_argument
    point = inputs[name]
    directions = getattr(domain, "directions", None)
    for params in param_grid(record):
        def losses(value):
            return record.numeric(**{**inputs, name: value}, reduction="none", **params)

        symbolic = definition.gradient_reference(*inputs.values(), **params).astype(float)
        message = f"{record.name} {params}: SymPy gradient with respect to {name} disagrees with finite differences"
        if getattr(definition, "gradient_of_total", False):
            # Every sample depends on the whole batch: the reference is the gradient of the
            # summed cost, checked along random directions of the whole input.
            rng = np.random.default_rng(11)
            for _ in range(3):
                direction = rng.normal(size=point.shape)
                step = 1e-6 * max(1.0, float(np.abs(point).max()))

                def total(value):
                    return np.atleast_1d(losses(value).sum())

                _compare(total, point, step * direction, step, np.atleast_1d(np.sum(symbolic * direction)), message)
        elif directions is None:
            # Elementwise losses: each element is its own sample, so moving every
            # element at once measures every partial derivative at once.
            step = 1e-6 * np.maximum(1.0, np.abs(point))
            _compare(losses, point, step, step, symbolic, message)
        else:
            # A row's loss depends on all its entries: move each row along one
            # direction the domain allows (probability rows must keep summing
            # to 1) and compare with the directional derivative sum_k g_k d_k.
            step = 1e-6 * np.maximum(1.0, np.abs(point).max(axis=-1, keepdims=True))
            for direction in directions(point):
                expected = np.sum(symbolic * direction, axis=-1)
                _compare(losses, point, step * direction, step[..., 0], expected, f"{message} along {direction}")
