"""Output activations against their SymPy definitions at 50 digits, their derivatives, and bad input."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossbook
from lossbook.symbolic.classification import LOGIT, activation, sigmoid_of
from lossbook.testing import mismatches

RTOL = {np.float64: 1e-15, np.float32: 1e-6}
DTYPES = pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])


def _logits(dtype):
    if dtype == np.float64:
        magnitudes = (0.0, 5e-324, 1e-300, 1e-20, 0.5, 1.0, 20.0, 36.7, 37.0, 40.0, 100.0, 700.0, 709.0, 710.0, 745.0, 800.0, 1e4)
    else:
        magnitudes = (0.0, 1e-45, 1e-38, 1e-20, 0.5, 1.0, 15.0, 17.0, 40.0, 88.0, 89.0, 104.0, 200.0, 1e4)
    return np.array(sorted({s * m for m in magnitudes for s in (1.0, -1.0)}), dtype=dtype)


def _rows(dtype):
    big = 710.0 if dtype == np.float64 else 88.0
    rows = [
        (0.0, 0.0, 0.0), (40.0, 0.0, 0.0), (-40.0, 0.0, 0.0), (1.0, 2.0, 3.0), (big, 0.0, -big),
        (1e4, -1e4, 0.0), (1e4, 1e4, -1e4), (1e-20, 0.0, -1e-20), (-1e4, -1e4, 40.0 - 1e4), (1000.0, 1000.0, 0.0),
    ]
    return np.array(rows, dtype=dtype)


@DTYPES
@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_elementwise_activation_matches_definition(name, dtype):
    z = _logits(dtype)
    values = getattr(lossbook, name)(z)
    assert values.dtype == dtype
    problems = mismatches(values, activation(name).reference(z), rtol=RTOL[dtype])
    assert not problems, "\n".join(problems[:10])


@DTYPES
@pytest.mark.parametrize("name", ["softmax", "log_softmax", "logsumexp"])
def test_class_axis_activation_matches_definition(name, dtype):
    z = _rows(dtype)
    values = getattr(lossbook, name)(z)
    assert values.dtype == dtype
    problems = mismatches(values, activation(name).reference(z), rtol=RTOL[dtype])
    assert not problems, "\n".join(problems[:10])


def test_logsumexp_keeps_accuracy_except_where_it_is_ill_conditioned():
    # [x, x] -> x + log 2: exact to the last digit even at 1e300 ...
    assert lossbook.logsumexp([1e300, 1e300]) == 1e300
    # ... but a result near 0 from inputs near -log 2 is ill-conditioned for any method:
    # the answer (about 2e-17) is far below the rounding error of the input itself.
    assert abs(float(lossbook.logsumexp([-np.log(2), -np.log(2)]))) < 1e-16


def _same(a, b) -> bool:
    return sp.simplify((a - b).rewrite(sp.exp)) == 0


def test_sigmoid_derivative_and_symmetry_in_sympy():
    s = sigmoid_of(LOGIT)
    assert _same(activation("sigmoid").derivative, s * (1 - s))
    assert _same(1 - s, sigmoid_of(-LOGIT))  # the negative class gets 1 - p = σ(-z)
    assert _same(activation("tanh").derivative, 1 - activation("tanh").expr ** 2)
    assert _same(activation("tanh").expr, 2 * sigmoid_of(2 * LOGIT) - 1)


def test_softmax_jacobian_and_logsumexp_gradient_in_sympy():
    p = [activation("softmax").expression(3, k)[0] for k in (1, 2, 3)]
    lse, z = activation("logsumexp").expression(3)
    for i in range(3):
        assert sp.simplify(sp.diff(lse, z[i]) - p[i]) == 0  # the gradient of logsumexp is softmax
        for j in range(3):
            expected = p[i] * ((1 if i == j else 0) - p[j])  # diag(p) - p p^T
            assert sp.simplify(sp.diff(p[i], z[j]) - expected) == 0


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=6),
                  elements=st.floats(-1e4, 1e4)))
def test_softmax_is_a_distribution_and_ignores_shifts(z):
    p = lossbook.softmax(z)
    assert ((p >= 0) & (p <= 1)).all()
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-13)
    np.testing.assert_allclose(lossbook.softmax(z + 123.0), p, atol=1e-12)
    if (p > 1e-300).all():
        np.testing.assert_allclose(lossbook.log_softmax(z), np.log(p), atol=1e-12, rtol=1e-12)
    lse = lossbook.logsumexp(z)
    assert (z.max(axis=-1) <= lse).all() and (lse <= z.max(axis=-1) + np.log(z.shape[-1]) + 1e-9).all()


def test_temperature_divides_the_logits():
    z = np.array([0.4, 0.1, 1.9])
    for temperature in (0.1, 0.5, 2.0, 10.0):
        np.testing.assert_allclose(lossbook.softmax(z, temperature=temperature), lossbook.softmax(z / temperature), rtol=1e-15)
    assert np.argmax(lossbook.softmax(z, temperature=0.01)) == 2
    np.testing.assert_allclose(lossbook.softmax(z, temperature=1e6), 1 / 3, rtol=1e-5)


def test_axis_argument():
    z = np.array([[1.0, 2.0], [3.0, 5.0], [0.0, 0.0]])
    np.testing.assert_allclose(lossbook.softmax(z, axis=0), lossbook.softmax(z.T).T)
    np.testing.assert_allclose(lossbook.log_softmax(z, axis=0), lossbook.log_softmax(z.T).T)
    np.testing.assert_allclose(lossbook.logsumexp(z, axis=0), lossbook.logsumexp(z.T))


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "softmax", "log_softmax", "logsumexp"])
@pytest.mark.parametrize("bad, error, message", [
    ([0.0, np.nan], ValueError, "z must not contain NaN"),
    ([0.0, np.inf], ValueError, "z must be finite"),
    ([], ValueError, "z is empty"),
    (["a", "b"], TypeError, "z must"),
])
def test_bad_input_is_rejected(name, bad, error, message):
    with pytest.raises(error, match=message):
        getattr(lossbook, name)(bad)


def test_bad_axis_and_temperature_are_rejected():
    with pytest.raises(ValueError, match="axis must be in"):
        lossbook.softmax([[1.0, 2.0]], axis=2)
    with pytest.raises(TypeError, match="axis must be an integer"):
        lossbook.logsumexp([1.0, 2.0], axis=1.0)
    with pytest.raises(ValueError, match="class axis|at least one axis"):
        lossbook.softmax(3.0)
    with pytest.raises(ValueError, match="temperature must be a finite number > 0"):
        lossbook.softmax([1.0, 2.0], temperature=0.0)
