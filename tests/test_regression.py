"""Regression-family tests the generic catalog tests cannot express.

Dense random accuracy on top of the hard grids, domain and hyper-parameter
errors, the RMSE reductions, limits in delta, and the relations between
losses (SmoothL1 vs Huber, quantile 0.5 vs MAE, the bounds of pseudo-Huber
and log-cosh).
"""

import numpy as np
import pytest
import sympy as sp

import lossbook
from lossbook.symbolic import regression as symbolic
from lossbook.testing import mismatches

RNG = np.random.default_rng(2024)


def _log_uniform_residuals(n, low=-300, high=300):
    magnitudes = 10.0 ** RNG.uniform(low, high, n)
    return magnitudes * RNG.choice([-1.0, 1.0], n)


# ------------------------------------------------------------ dense accuracy
@pytest.mark.parametrize(
    "name, params",
    [
        ("huber_loss", {"delta": 1e-3}),
        ("huber_loss", {"delta": 37.0}),
        ("pseudo_huber_loss", {"delta": 1e-3}),
        ("pseudo_huber_loss", {"delta": 0.7}),
        ("pseudo_huber_loss", {"delta": 1e3}),
        ("log_cosh_loss", {}),
        ("quantile_loss", {"quantile": 0.3}),
        ("root_mean_squared_error", {}),
    ],
)
@pytest.mark.parametrize("scale", ["wide", "near_one"])
def test_random_residuals_match_definition(name, params, scale):
    """Random residuals over 600 orders of magnitude, or near the bends (|r| ~ 0.01 … 100)."""
    n = 300
    if scale == "wide":
        y_pred = _log_uniform_residuals(n)
    else:
        y_pred = _log_uniform_residuals(n, -2, 2)
    y_true = np.where(RNG.random(n) < 0.5, 0.0, RNG.normal(0, 3, n))
    y_pred = y_true + y_pred
    losses = getattr(lossbook, name)(y_true, y_pred, reduction="none", **params)
    reference = getattr(symbolic, name)().reference(y_true, y_pred, **params)
    problems = mismatches(losses, reference, rtol=1e-15)
    assert not problems, "\n".join(problems[:10])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_squared_log_error_matches_definition_on_random_pairs(dtype):
    n = 400
    kinds = RNG.integers(0, 3, n)
    y_true = np.where(kinds == 0, 10.0 ** RNG.uniform(-20, 30, n), -1 + 10.0 ** RNG.uniform(-7, 0, n))
    y_true = np.where(kinds == 2, RNG.uniform(0, 10, n), y_true)
    ratio = np.exp(RNG.normal(0, np.where(RNG.random(n) < 0.5, 1e-6, 1.0)))
    y_pred = np.maximum((1 + y_true) * ratio - 1, -1 + 1e-7)
    y_true, y_pred = y_true.astype(dtype), y_pred.astype(dtype)
    keep = (y_true > -1) & (y_pred > -1)
    y_true, y_pred = y_true[keep], y_pred[keep]
    losses = lossbook.mean_squared_log_error(y_true, y_pred, reduction="none")
    assert losses.dtype == dtype
    reference = symbolic.mean_squared_log_error().reference(y_true, y_pred)
    problems = mismatches(losses, reference, rtol=1e-15 if dtype == np.float64 else 1e-6)
    assert not problems, "\n".join(problems[:10])


# ------------------------------------------------------------ domain and parameter errors
@pytest.mark.parametrize("bad", [-1.0, -1.5, -1e300])
@pytest.mark.parametrize("argument", ["y_true", "y_pred"])
def test_squared_log_error_rejects_values_at_or_below_minus_one(argument, bad):
    inputs = {"y_true": [3.0, 1.0, 2.0], "y_pred": [2.5, 1.5, 2.0]}
    inputs[argument][1] = bad
    with pytest.raises(ValueError) as error:
        lossbook.mean_squared_log_error(**inputs)
    message = str(error.value)
    assert message.startswith(f"{argument} must be greater than -1 for mean_squared_log_error")
    assert f"found {bad} at index 1" in message
    assert "non-negative" in message  # the fix


@pytest.mark.parametrize("function", [lossbook.huber_loss, lossbook.pseudo_huber_loss])
@pytest.mark.parametrize("bad, error", [(0.0, ValueError), (-1.0, ValueError), (np.nan, ValueError),
                                        (np.inf, ValueError), ("1", TypeError), (True, TypeError)])
def test_delta_must_be_a_positive_number(function, bad, error):
    with pytest.raises(error, match="delta must be"):
        function([1.0], [2.0], delta=bad)


@pytest.mark.parametrize("bad, error", [(0.0, ValueError), (1.0, ValueError), (1.5, ValueError),
                                        (np.nan, ValueError), ("0.5", TypeError), (None, TypeError)])
def test_quantile_must_lie_strictly_between_zero_and_one(bad, error):
    with pytest.raises(error, match="quantile must"):
        lossbook.quantile_loss([1.0], [2.0], quantile=bad)


def test_hyper_parameters_are_keyword_only():
    with pytest.raises(TypeError):
        lossbook.huber_loss([1.0], [2.0], 1.0)


# ------------------------------------------------------------ RMSE reductions
def test_rmse_reductions():
    y_true, y_pred = np.array([[0.0, 1.0], [2.0, 3.0]]), np.array([[3.0, 1.0], [6.0, 3.0]])
    none = lossbook.root_mean_squared_error(y_true, y_pred, reduction="none")
    np.testing.assert_array_equal(none, [[3.0, 0.0], [4.0, 0.0]])
    assert lossbook.root_mean_squared_error(y_true, y_pred, reduction="sum") == 5.0
    assert lossbook.root_mean_squared_error(y_true, y_pred) == 2.5
    assert lossbook.root_mean_squared_error(y_true, y_pred) == np.sqrt(lossbook.mean_squared_error(y_true, y_pred))
    assert lossbook.mean_absolute_error(y_true, y_pred) <= lossbook.root_mean_squared_error(y_true, y_pred)


def test_rmse_is_finite_when_squares_or_residuals_overflow():
    assert lossbook.rmse([0.0, 0.0], [3e200, 4e200], reduction="sum") == pytest.approx(5e200, rel=1e-15)
    # the residual 2e308 itself overflows, the RMSE 2e308/√2 does not
    assert lossbook.rmse([-1e308, 0.0], [1e308, 0.0]) == pytest.approx(np.sqrt(2.0) * 1e308, rel=1e-15)
    assert np.isinf(lossbook.rmse([-1.7e308], [1.7e308]))
    assert lossbook.rmse(np.zeros(3, np.float32), np.zeros(3, np.float32)).dtype == np.float32


# ------------------------------------------------------------ limits and relations
def test_losses_growing_slowly_stay_finite_when_the_residual_overflows():
    y_true, y_pred = [-1.7e308], [1.7e308]
    assert lossbook.huber_loss(y_true, y_pred, delta=1e-3) == pytest.approx(3.4e305, rel=1e-15)
    assert lossbook.pseudo_huber_loss(y_true, y_pred, delta=1e-3) == pytest.approx(3.4e305, rel=1e-15)
    assert lossbook.quantile_loss(y_true, y_pred, quantile=0.1) == pytest.approx(0.9 * 3.4e308, rel=1e-15)
    assert np.isinf(lossbook.log_cosh_loss(y_true, y_pred))
    assert np.isinf(lossbook.huber_loss(y_true, y_pred, delta=1.0))


@pytest.mark.parametrize("loss", [symbolic.huber_loss, symbolic.pseudo_huber_loss])
def test_symbolic_limits_in_delta(loss):
    r = symbolic.RESIDUAL
    assert symbolic.delta_limit(loss(), sp.oo) == r**2 / 2
    assert symbolic.delta_limit(loss(), 0) == 0
    assert symbolic.delta_limit(loss(), 0, divide_by_delta=True) == sp.Abs(r)


@pytest.mark.parametrize("function", [lossbook.huber_loss, lossbook.pseudo_huber_loss])
def test_numeric_limits_in_delta(function):
    r = np.array([-30.0, -1.0, -1e-3, 0.0, 2e-2, 0.5, 7.0])
    zeros = np.zeros_like(r)
    np.testing.assert_allclose(function(zeros, r, delta=1e8, reduction="none"), r**2 / 2, rtol=1e-12)
    np.testing.assert_allclose(function(zeros, r, delta=1e-9, reduction="none") / 1e-9, np.abs(r), rtol=1e-6, atol=1e-9)


def test_huber_switches_continuously_at_delta():
    for delta in (1e-3, 0.1, 1.0, 10.0, 1e3):
        below, at, above = np.nextafter(delta, 0), delta, np.nextafter(delta, np.inf)
        values = lossbook.huber_loss([0.0] * 3, [below, at, above], delta=delta, reduction="none")
        np.testing.assert_allclose(values, delta**2 / 2, rtol=1e-14)


def test_smooth_l1_is_huber_divided_by_delta():
    torch = pytest.importorskip("torch")
    y_true, y_pred = RNG.normal(0, 5, 50), RNG.normal(0, 5, 50)
    for beta in (0.1, 1.0, 3.0):
        smooth_l1 = torch.nn.functional.smooth_l1_loss(torch.from_numpy(y_pred), torch.from_numpy(y_true), beta=beta)
        assert float(smooth_l1) * beta == pytest.approx(float(lossbook.huber_loss(y_true, y_pred, delta=beta)), rel=1e-12)


def test_keras_msle_clips_negative_inputs_where_lossbook_computes_them():
    keras = pytest.importorskip("keras")
    y_true, y_pred = np.array([0.0, 2.0]), np.array([-0.5, 2.0])
    keras_value = float(keras.losses.MeanSquaredLogarithmicError()(y_true, y_pred))
    ours = float(lossbook.mean_squared_log_error(y_true, y_pred))
    assert ours == pytest.approx(np.log(0.5) ** 2 / 2)
    assert keras_value == pytest.approx(0.0, abs=1e-6)  # -0.5 and 0.0 both clipped to 1e-7


def test_quantile_one_half_is_half_the_absolute_error():
    y_true, y_pred = RNG.normal(0, 5, 40), RNG.normal(0, 5, 40)
    assert lossbook.quantile_loss(y_true, y_pred, quantile=0.5) == pytest.approx(
        lossbook.mean_absolute_error(y_true, y_pred) / 2, rel=1e-15
    )


@pytest.mark.parametrize("tau", [0.1, 0.5, 0.9])
def test_best_constant_under_the_quantile_loss_is_the_quantile(tau):
    sample = RNG.lognormal(0, 1, 201)
    candidates = np.sort(sample)
    costs = [lossbook.quantile_loss(sample, np.full_like(sample, c), quantile=tau) for c in candidates]
    best = candidates[int(np.argmin(costs))]
    assert best == np.quantile(sample, tau, method="inverted_cdf")


def test_pseudo_huber_and_log_cosh_bounds():
    r = _log_uniform_residuals(500, -5, 5)
    zeros = np.zeros_like(r)
    huber = lossbook.huber_loss(zeros, r, reduction="none")
    pseudo = lossbook.pseudo_huber_loss(zeros, r, reduction="none")
    log_cosh = lossbook.log_cosh_loss(zeros, r, reduction="none")
    assert (pseudo <= huber * (1 + 1e-15)).all()
    assert (log_cosh <= r**2 / 2 * (1 + 1e-15)).all()
    lower = np.abs(r) - np.log(2)  # rounded itself: the bound holds to a rounding of either side
    assert (log_cosh >= lower - 1e-15 * np.abs(lower)).all()


def test_float32_with_a_delta_outside_the_float32_range():
    values = lossbook.huber_loss(np.float32([0.0, 0.0]), np.float32([1.0, 1e18]), delta=1e39, reduction="none")
    assert values.dtype == np.float32
    np.testing.assert_allclose(values, [0.5, 5e35], rtol=1e-6, atol=0)


# ------------------------------------------------------------ shapes
ALL = [lossbook.mean_squared_error, lossbook.mean_absolute_error, lossbook.root_mean_squared_error,
       lossbook.mean_squared_log_error, lossbook.huber_loss, lossbook.pseudo_huber_loss,
       lossbook.log_cosh_loss, lossbook.quantile_loss]


@pytest.mark.parametrize("function", ALL, ids=lambda f: f.__name__)
@pytest.mark.parametrize("y_true, y_pred", [(100.0, 92.0), (0.0, 1e300), (-0.5, 1.7e308), (1.7e308, -0.9)])
def test_scalars_work_like_one_element_arrays(function, y_true, y_pred):
    for reduction in ("mean", "sum", "none"):
        scalar = function(y_true, y_pred, reduction=reduction)
        array = function([y_true], [y_pred], reduction=reduction)
        assert np.shape(scalar) == () and float(scalar) == float(np.ravel(array)[0])


@pytest.mark.parametrize("function", ALL, ids=lambda f: f.__name__)
def test_unreduced_losses_keep_the_input_shape(function):
    y_true = np.arange(6.0).reshape(2, 3)
    losses = function(y_true, y_true[::-1], reduction="none")
    assert losses.shape == (2, 3)
    np.testing.assert_array_equal(losses.ravel(), function(y_true.ravel(), y_true[::-1].ravel(), reduction="none"))


def test_domain_error_reports_the_index_in_the_inputs_shape():
    y_pred = np.ones((2, 3))
    y_pred[1, 2] = -3.0
    with pytest.raises(ValueError, match=r"found -3.0 at index \(1, 2\)"):
        lossbook.mean_squared_log_error(np.ones((2, 3)), y_pred)
