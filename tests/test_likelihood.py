"""The likelihood derivations: each NLL is its loss up to an affine map, symbolically and at 50 digits."""

import dataclasses

import mpmath
import numpy as np
import pytest
import sympy as sp

import lossbook
from lossbook.symbolic import likelihood
from lossbook.symbolic._core import Y_PRED, Y_TRUE
from lossbook.symbolic.classification import N_CLASSES, PROBABILITIES, TARGETS

DIGITS = 50
DERIVATIONS = likelihood.derivations()
SCALAR = ["gaussian", "laplace", "gaussian_predicted_variance"]
NUMERIC_LOSS = {
    "gaussian": lossbook.mean_squared_error,
    "laplace": lossbook.mean_absolute_error,
    "asymmetric_laplace": lossbook.quantile_loss,
    "gaussian_predicted_variance": lossbook.mean_squared_error,
    "bernoulli": lossbook.binary_cross_entropy,
    "categorical": lossbook.categorical_cross_entropy,
}


@pytest.mark.parametrize("name", list(DERIVATIONS))
def test_nll_is_the_loss_up_to_an_affine_map(name):
    derivation = DERIVATIONS[name]
    assert derivation.remainder == 0, f"{name}: -log p - (a l + c) = {derivation.remainder}"
    assert derivation.scale.is_positive
    prediction = {Y_PRED, PROBABILITIES}
    assert not (derivation.scale.free_symbols | derivation.offset.free_symbols) & prediction
    assert derivation.holds


@pytest.mark.parametrize("name", list(DERIVATIONS))
def test_each_reuses_the_catalogued_definition(name):
    assert DERIVATIONS[name].loss.expr == lossbook.catalog.get(NUMERIC_LOSS[name].__name__).definition().expr


@pytest.mark.parametrize("name", ["gaussian", "laplace", "bernoulli"])
def test_a_wrong_affine_map_is_caught(name):
    derivation = DERIVATIONS[name]
    wrong = dataclasses.replace(derivation, scale=2 * derivation.scale)
    assert wrong.remainder != 0 and not wrong.holds


@pytest.mark.parametrize("name", ["gaussian", "gaussian_predicted_variance", "asymmetric_laplace"])
def test_display_density_is_the_density(name):
    derivation = DERIVATIONS[name]
    assert derivation.display_density is not None
    assert sp.simplify(derivation.displayed_density() - derivation.density) == 0


@pytest.mark.parametrize("name", ["gaussian", "laplace", "gaussian_predicted_variance"])
def test_density_integrates_to_one(name):
    derivation = DERIVATIONS[name]
    assert sp.simplify(sp.integrate(derivation.density, (Y_TRUE, -sp.oo, sp.oo))) == 1


@pytest.mark.parametrize("level", [sp.Rational(1, 10), sp.Rational(1, 2), sp.Rational(9, 10)])
def test_asymmetric_laplace_integrates_to_one_and_puts_tau_below_the_prediction(level):
    derivation = likelihood.asymmetric_laplace()
    (quantile,) = derivation.loss.params
    density = derivation.density.subs({quantile: level, likelihood.LAPLACE_SCALE: 3, Y_PRED: 2})
    assert sp.simplify(sp.integrate(density, (Y_TRUE, -sp.oo, sp.oo))) == 1
    assert sp.simplify(sp.integrate(density, (Y_TRUE, -sp.oo, 2))) == level  # ŷ is the τ-quantile


def test_bernoulli_and_categorical_probabilities_add_up_to_one():
    bernoulli = likelihood.bernoulli().density
    assert sp.simplify(bernoulli.subs(Y_TRUE, 0) + bernoulli.subs(Y_TRUE, 1)) == 1
    categorical = likelihood.categorical().density.subs(N_CLASSES, 3).doit()
    probabilities = {PROBABILITIES[1]: sp.Rational(1, 5), PROBABILITIES[2]: sp.Rational(3, 10),
                     PROBABILITIES[3]: sp.Rational(1, 2)}
    one_hot = [{TARGETS[k]: int(k == c) for k in (1, 2, 3)} for c in (1, 2, 3)]
    assert sum(categorical.xreplace({**probabilities, **row}) for row in one_hot) == 1


def _nll_at(derivation, point, dps=DIGITS + 10):
    """-log p at ``point`` (a dict symbol -> float), from the density itself, in mpmath."""
    symbols = sorted(point, key=str)
    function = sp.lambdify(symbols, -sp.log(derivation.density), modules="mpmath")
    with mpmath.workdps(dps):
        return function(*(mpmath.mpf(float(point[s])) for s in symbols))


def _affine_at(derivation, point, loss_value):
    with mpmath.workdps(DIGITS + 10):
        values = {s: sp.Float(mpmath.mpf(float(v)), DIGITS + 10) for s, v in point.items()}
        scale = mpmath.mpf(str(derivation.scale.subs(values).evalf(DIGITS + 10)))
        offset = mpmath.mpf(str(derivation.offset.subs(values).evalf(DIGITS + 10)))
        return scale * mpmath.mpf(float(loss_value)) + offset


@pytest.mark.parametrize("name", SCALAR)
def test_scalar_nll_matches_the_numeric_loss(name):
    derivation = DERIVATIONS[name]
    rng = np.random.default_rng(7)
    y_true = rng.normal(size=30) * 10.0 ** rng.integers(-3, 4, size=30)
    y_pred = y_true + rng.normal(size=30) * 10.0 ** rng.integers(-3, 3, size=30)
    losses = NUMERIC_LOSS[name](y_true, y_pred, reduction="none")
    (parameter,) = derivation.parameters
    for value in (0.3, 1.0, 7.5):
        for t, q, loss in zip(y_true, y_pred, losses):
            point = {Y_TRUE: t, Y_PRED: q, parameter: value}
            want = _nll_at(derivation, point)
            got = _affine_at(derivation, point, loss)
            assert mpmath.almosteq(got, want, rel_eps=1e-14, abs_eps=1e-300), (name, t, q, value, got, want)


def test_asymmetric_laplace_nll_matches_the_quantile_loss():
    derivation = likelihood.asymmetric_laplace()
    (quantile,) = derivation.loss.params
    rng = np.random.default_rng(11)
    y_true, y_pred = rng.normal(size=20) * 50, rng.normal(size=20) * 50
    for level in (0.05, 0.5, 0.9):
        losses = lossbook.quantile_loss(y_true, y_pred, quantile=level, reduction="none")
        for t, q, loss in zip(y_true, y_pred, losses):
            point = {Y_TRUE: t, Y_PRED: q, quantile: level, likelihood.LAPLACE_SCALE: 2.5}
            want = _nll_at(derivation, point)
            got = _affine_at(derivation, point, loss)
            assert mpmath.almosteq(got, want, rel_eps=1e-14), (level, t, q, got, want)


def test_bernoulli_nll_matches_binary_cross_entropy():
    derivation = DERIVATIONS["bernoulli"]
    y_true = np.array([0.0, 1.0] * 6)
    y_pred = np.array([1e-12, 1e-12, 0.01, 0.01, 0.3, 0.3, 0.5, 0.5, 0.9, 0.9, 1 - 1e-9, 1 - 1e-9])
    losses = lossbook.binary_cross_entropy(y_true, y_pred, reduction="none")
    for t, q, loss in zip(y_true, y_pred, losses):
        want = _nll_at(derivation, {Y_TRUE: t, Y_PRED: q})
        assert mpmath.almosteq(mpmath.mpf(float(loss)), want, rel_eps=1e-14), (t, q, loss, want)


@pytest.mark.parametrize("n_classes", [2, 3, 5])
def test_categorical_nll_matches_categorical_cross_entropy(n_classes):
    derivation = DERIVATIONS["categorical"]
    rng = np.random.default_rng(n_classes)
    logits = rng.normal(size=(8, n_classes)) * 6
    y_pred = np.exp(logits - logits.max(axis=1, keepdims=True))
    y_pred /= y_pred.sum(axis=1, keepdims=True)
    y_true = np.eye(n_classes)[rng.integers(0, n_classes, size=8)]
    losses = lossbook.categorical_cross_entropy(y_true, y_pred, reduction="none")
    density = derivation.density.subs(N_CLASSES, n_classes).doit()
    for t, q, loss in zip(y_true, y_pred, losses):
        values = {TARGETS[k + 1]: sp.Integer(int(t[k])) for k in range(n_classes)}
        values |= {PROBABILITIES[k + 1]: sp.Float(mpmath.mpf(float(q[k])), DIGITS + 10) for k in range(n_classes)}
        want = mpmath.mpf(str((-sp.log(density.xreplace(values))).evalf(DIGITS + 10)))
        assert mpmath.almosteq(mpmath.mpf(float(loss)), want, rel_eps=1e-13), (t, q, loss, want)


def test_predicted_variance_is_minimised_at_the_squared_residual():
    derivation = likelihood.gaussian_predicted_variance()
    (minimiser,) = derivation.variance_minimiser
    assert sp.simplify(minimiser - (Y_PRED - Y_TRUE) ** 2) == 0
    curvature = sp.diff(derivation.nll, likelihood.VARIANCE, 2).subs(likelihood.VARIANCE, minimiser)
    assert sp.simplify(curvature - 1 / (2 * (Y_PRED - Y_TRUE) ** 4)) == 0  # positive: a minimum
    nll = sp.lambdify((Y_TRUE, Y_PRED, likelihood.VARIANCE), derivation.nll, modules="numpy")
    for r in (0.01, 1.0, 40.0):
        best = nll(0.0, r, r**2)
        assert best < nll(0.0, r, 0.9 * r**2) and best < nll(0.0, r, 1.1 * r**2)


def test_fixed_variance_models_have_no_variance_minimiser():
    with pytest.raises(ValueError, match="no predicted variance"):
        likelihood.gaussian().variance_minimiser


@pytest.mark.parametrize("name", list(DERIVATIONS))
def test_latex_forms_render(name):
    derivation = DERIVATIONS[name]
    for text in (derivation.density_latex(), derivation.nll_latex(), derivation.identity_latex()):
        assert text.startswith(("p\\left(", "-\\log p\\left(")) and "\\ell" not in text.split("=")[0]
    assert "\\ell\\left(" in derivation.identity_latex()


def test_gaussian_nll_agrees_with_pytorch():
    torch = pytest.importorskip("torch")
    derivation = likelihood.gaussian_predicted_variance()
    nll = sp.lambdify((Y_TRUE, Y_PRED, likelihood.VARIANCE), derivation.nll, modules="numpy")
    rng = np.random.default_rng(3)
    y_true, y_pred = rng.normal(size=50), rng.normal(size=50)
    variance = rng.uniform(1e-3, 10.0, size=50)
    criterion = torch.nn.GaussianNLLLoss(full=True, eps=1e-300, reduction="none")
    got = criterion(torch.tensor(y_pred), torch.tensor(y_true), torch.tensor(variance)).numpy()
    np.testing.assert_allclose(got, nll(y_true, y_pred, variance), rtol=1e-13)
