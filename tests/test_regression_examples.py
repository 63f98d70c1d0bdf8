"""The regression chapters' worked examples, recomputed independently of lossbook.

Each number the chapters print is derived here from its definition with plain
Python (``fractions``, ``math``) and compared with what lossbook returns for
the same named example data.
"""

import math
from fractions import Fraction

import numpy as np
import pytest

import lossbook
from lossbook.examples import regression as ex
from lossbook.widgets.regression import stock_costs


def exact(values):
    """Floats as exact fractions (every float is a dyadic rational)."""
    return [Fraction(v) for v in values]


# ------------------------------------------------------------------ regression-mae-mse
def test_age_error():
    assert ex.AGE_TRUE - ex.AGE_PREDICTED == 6
    assert lossbook.mean_absolute_error([ex.AGE_TRUE], [ex.AGE_PREDICTED]) == 6
    assert lossbook.mean_squared_error([ex.AGE_TRUE], [ex.AGE_PREDICTED]) == 36


def test_errors_that_cancel():
    errors = [t - p for t, p in zip(exact(ex.CANCELLING_TRUE), exact(ex.CANCELLING_PREDICTED))]
    assert sum(errors) == 0 and min(abs(e) for e in errors) == 4
    n = len(errors)
    mae = sum(abs(e) for e in errors) / n
    mse = sum(e * e for e in errors) / n
    assert (mae, mse) == (Fraction(40, 6), Fraction(280, 6))
    assert lossbook.mean_absolute_error(ex.CANCELLING_TRUE, ex.CANCELLING_PREDICTED) == pytest.approx(float(mae), rel=1e-15)
    assert lossbook.mean_squared_error(ex.CANCELLING_TRUE, ex.CANCELLING_PREDICTED) == pytest.approx(float(mse), rel=1e-15)


def test_three_and_seven_are_equally_wrong_for_five():
    t = ex.SYMMETRIC_TRUE
    low, high = ex.SYMMETRIC_PREDICTIONS
    assert t - low == high - t == 2
    for loss, value in ((lossbook.mean_absolute_error, 2.0), (lossbook.mean_squared_error, 4.0)):
        assert loss([t], [low]) == loss([t], [high]) == value


def test_best_constants_are_mean_and_median():
    sample = exact(ex.AGES_SAMPLE)
    mean = sum(sample) / len(sample)
    median = sorted(sample)[len(sample) // 2]
    assert (mean, median) == (36, 31)
    ages = np.array(ex.AGES_SAMPLE)

    def cost(loss, c):
        return loss(ages, np.full_like(ages, c))

    # lossbook's MSE and MAE of a constant prediction are smallest at the mean and the median:
    # lower than at any other constant on a grid of 0.01 from 20 to 80, and equal to the exact costs
    grid = np.round(np.arange(20.0, 80.0, 0.01), 2)
    for loss, best, exact_cost in (
        (lossbook.mean_squared_error, 36.0, sum((v - mean) ** 2 for v in sample) / len(sample)),
        (lossbook.mean_absolute_error, 31.0, sum(abs(v - median) for v in sample) / len(sample)),
    ):
        costs = np.array([cost(loss, c) for c in grid])
        assert grid[np.argmin(costs)] == best
        assert cost(loss, best) == pytest.approx(float(exact_cost), rel=1e-15)


def test_error_sizes_table():
    for r in ex.ERROR_SIZES:
        assert lossbook.mean_absolute_error([0.0], [r]) == r
        assert lossbook.mean_squared_error([0.0], [r]) == r * r


def test_one_outlying_prediction():
    targets, predictions = exact(ex.OUTLIER_TRUE), exact(ex.OUTLIER_PREDICTED)
    residuals = [p - t for t, p in zip(targets, predictions)]
    squares = [r * r for r in residuals]
    absolutes = [abs(r) for r in residuals]
    share_mse = squares[-1] / sum(squares)
    share_mae = absolutes[-1] / sum(absolutes)
    assert float(share_mse) > 0.99999 and float(share_mae) > 0.999
    # each sample's pull on the prediction is |∂ℓ/∂ŷ| from the SymPy definitions: 2|r| for the
    # squared error (so the outlier's share of the pull is its share of |r|), 1 for the absolute error
    from lossbook import catalog
    from lossbook.symbolic import Y_PRED, Y_TRUE

    def pulls(name):
        gradient = catalog.get(name).definition().gradient
        return [abs(gradient.subs({Y_TRUE: t, Y_PRED: p})) for t, p in zip(targets, predictions)]

    pull_mse, pull_mae = pulls("mean_squared_error"), pulls("mean_absolute_error")
    assert pull_mse == [2 * a for a in absolutes] and set(pull_mae) == {1}
    assert pull_mse[-1] / sum(pull_mse) == share_mae and pull_mae[-1] / sum(pull_mae) == Fraction(1, 10)
    assert lossbook.mse(ex.OUTLIER_TRUE, ex.OUTLIER_PREDICTED) == pytest.approx(float(sum(squares) / 10), rel=1e-14)
    assert lossbook.mae(ex.OUTLIER_TRUE, ex.OUTLIER_PREDICTED) == pytest.approx(float(sum(absolutes) / 10), rel=1e-14)
    assert lossbook.rmse(ex.OUTLIER_TRUE, ex.OUTLIER_PREDICTED) == pytest.approx(
        math.sqrt(float(sum(squares) / 10)), rel=1e-14)


def test_descent_race_claims():
    mse = ex.descent_race("mean_squared_error")
    mae = ex.descent_race("mean_absolute_error")
    mae_decaying = ex.descent_race("mean_absolute_error", schedule="1/sqrt(k)")
    assert 0 < mse.best(1e-6)[1] < 100
    assert mae.best(1e-6)[1] == -1 and mae_decaying.best(1e-6)[1] == -1
    assert mse.best(1e-4)[1] < mae.best(1e-4)[1]
    # the optimum is the exact least-squares / least-absolute-deviations line
    x, y = ex.race_data()
    slope, intercept = np.polyfit(x, y, 1)
    assert mse.optimum == pytest.approx(np.mean((slope * x + intercept - y) ** 2), rel=1e-12)


# ------------------------------------------------------------------ regression-robust
def test_line_fits_with_an_outlier():
    x, y, index = ex.line_with_outlier(30.0)
    slope, intercept = ex.fit_line(x, y, "mean_squared_error")
    np.testing.assert_allclose([slope, intercept], np.polyfit(x, y, 1), rtol=1e-12)
    mae_slope, mae_intercept = ex.fit_line(x, y, "mean_absolute_error")
    huber_slope, huber_intercept = ex.fit_line(x, y, "huber_loss", delta=1.0)
    assert slope > 2.0 and abs(mae_slope - 1.5) < 0.15 and abs(huber_slope - 1.5) < 0.15

    # optimality: no nearby line has a smaller cost
    def cost(loss, s, b, **params):
        return loss(y, s * x + b, **params)

    rng = np.random.default_rng(0)
    for loss, (s, b), params in ((lossbook.mean_absolute_error, (mae_slope, mae_intercept), {}),
                                 (lossbook.huber_loss, (huber_slope, huber_intercept), {"delta": 1.0})):
        best = cost(loss, s, b, **params)
        for ds, db in rng.normal(0, 1e-3, (200, 2)):
            assert cost(loss, s + ds, b + db, **params) >= best - 1e-12


def test_huber_fit_is_least_squares_once_delta_covers_every_residual():
    x, y, _ = ex.line_with_outlier(30.0)
    slope, intercept = ex.fit_line(x, y)
    largest = np.abs(slope * x + intercept - y).max()
    np.testing.assert_allclose(ex.fit_line(x, y, "huber_loss", delta=largest * 1.001), (slope, intercept), rtol=1e-10)
    assert ex.fit_line(x, y, "huber_loss", delta=largest * 0.8)[0] < slope - 1e-3


def test_huber_pieces_on_three_residuals():
    residuals = [Fraction(1, 2), Fraction(2), Fraction(8)]
    for delta in (Fraction(1), Fraction(2)):
        huber = [r * r / 2 if r <= delta else delta * (r - delta / 2) for r in residuals]
        mean = sum(huber) / 3
        assert lossbook.huber_loss([0.0] * 3, [float(r) for r in residuals], delta=float(delta)) == pytest.approx(
            float(mean), rel=1e-15)


def test_smooth_l1_is_huber_divided_by_delta():
    torch = pytest.importorskip("torch")
    residuals = np.array([0.5, 2.0, 8.0, -3.0])
    zeros = np.zeros_like(residuals)
    for beta in (0.5, 1.0, 2.0):
        smooth_l1 = torch.nn.SmoothL1Loss(beta=beta)(torch.from_numpy(residuals), torch.from_numpy(zeros))
        huber = lossbook.huber_loss(zeros, residuals, delta=beta)
        assert float(smooth_l1) == pytest.approx(huber / beta, rel=1e-15)


def test_delivery_quantiles():
    minutes = ex.delivery_minutes()
    ordered = sorted(exact(minutes))
    for tau in (0.1, 0.5, 0.9):
        k = math.ceil(tau * len(ordered))  # inverted-CDF quantile: the k-th smallest
        candidates = np.unique(minutes)
        costs = [lossbook.quantile_loss(minutes, np.full_like(minutes, c), quantile=tau) for c in candidates]
        assert candidates[int(np.argmin(costs))] == float(ordered[k - 1])


# ------------------------------------------------------------------ regression-in-practice
def test_stock_price_example():
    values = stock_costs(ex.STOCK_TRUE, ex.STOCK_PREDICTED, delta=1.0)
    r = ex.STOCK_PREDICTED - ex.STOCK_TRUE
    assert values["mean_squared_error"] == r * r == 64
    assert values["mean_absolute_error"] == values["root_mean_squared_error"] == abs(r) == 8
    assert values["huber_loss"] == 0.5 * 1.0**2 + 1.0 * (abs(r) - 1.0) == 7.5
    assert values["pseudo_huber_loss"] == pytest.approx(math.sqrt(1 + r * r) - 1, rel=1e-15)
    assert values["log_cosh_loss"] == pytest.approx(math.log(math.cosh(r)), rel=1e-15)
    assert values["mean_squared_log_error"] == pytest.approx(math.log(93 / 101) ** 2, rel=1e-14)
    assert values["relative error"] == pytest.approx(0.08, rel=1e-15)
    assert 2 * values["huber_loss"] == 15
    assert lossbook.huber_loss([ex.STOCK_TRUE], [ex.STOCK_PREDICTED], delta=10.0) == 32


def test_investment_example():
    values = stock_costs(ex.INVESTMENT_TRUE, ex.INVESTMENT_PREDICTED)
    error = Fraction(ex.INVESTMENT_PREDICTED) - Fraction(ex.INVESTMENT_TRUE)
    assert error == -10**7
    assert values["mean_squared_error"] == 1e14
    assert values["root_mean_squared_error"] == 1e7
    assert values["relative error"] == pytest.approx(1 / 120, rel=1e-15)
    assert values["mean_squared_log_error"] == pytest.approx(math.log((1.19e9 + 1) / (1.2e9 + 1)) ** 2, rel=1e-12)
    assert lossbook.mse([1.2], [1.19]) == pytest.approx(1e-4, rel=1e-12)


def test_msle_ratios_and_asymmetry():
    assert lossbook.msle([100.0], [110.0]) == pytest.approx(math.log(111 / 101) ** 2, rel=1e-14)
    assert lossbook.msle([1e4], [1.1e4]) == pytest.approx(math.log(11001 / 10001) ** 2, rel=1e-14)
    under, over = lossbook.msle([100.0], [50.0]), lossbook.msle([100.0], [150.0])
    assert under == pytest.approx(math.log(51 / 101) ** 2, rel=1e-14)
    assert over == pytest.approx(math.log(151 / 101) ** 2, rel=1e-14)
    assert under > 2.5 * over


def test_rmse_reductions_example():
    y_true, y_pred = [0.0] * 4, [3.0, -4.0, 0.0, 0.0]
    assert list(lossbook.rmse(y_true, y_pred, reduction="none")) == [3.0, 4.0, 0.0, 0.0]
    assert lossbook.rmse(y_true, y_pred, reduction="sum") == 5.0
    assert lossbook.rmse(y_true, y_pred) == 2.5
