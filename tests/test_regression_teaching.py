"""Claims the regression chapters make with the examples: learning-rate schedules, the mode of the
delivery times, and the "tomorrow equals today" baseline of the stock forecast."""

import numpy as np
import pytest

import lossbook
from lossbook.examples import regression as ex


def test_only_a_geometric_schedule_takes_mae_to_a_tight_fit():
    sqrt_decay = ex.descent_race("mean_absolute_error", schedule="1/sqrt(k)")
    geometric = ex.descent_race("mean_absolute_error", schedule="geometric", decay=0.99)
    assert sqrt_decay.best(1e-6)[1] == -1
    rate, steps = geometric.best(1e-6)
    assert 0 < steps < 1000
    # its steps add up to at most rate / (1 - decay): the smallest rates stop short of the optimum
    assert (geometric.steps_to_converge(1e-6)[geometric.learning_rates < 0.01] == -1).all()


def test_descent_race_rejects_an_unknown_schedule_and_a_bad_decay():
    with pytest.raises(ValueError, match="schedule must be one of"):
        ex.descent_race("mean_absolute_error", schedule="cosine", steps=2)
    with pytest.raises(ValueError, match="decay must be in"):
        ex.descent_race("mean_absolute_error", schedule="geometric", decay=1.5, steps=2)


def test_delivery_mode_is_below_the_median():
    minutes = ex.delivery_minutes()
    mode = ex.delivery_mode()
    assert mode == pytest.approx(ex.DELIVERY_MEDIAN * np.exp(-ex.DELIVERY_SPREAD**2), rel=1e-15)
    assert mode < np.median(minutes) - 2
    # the sample's density estimate peaks near the model's mode, not at the median
    grid = np.linspace(10, 60, 501)
    density = np.exp(-0.5 * ((grid[:, None] - minutes[None, :]) / 2.0) ** 2).sum(axis=1)
    assert abs(grid[np.argmax(density)] - mode) < 1.5


def test_naive_stock_forecast_beats_an_mse_of_64():
    prices = ex.stock_prices()
    moves = np.abs(np.diff(prices))
    assert moves.min() >= ex.STOCK_DAILY_MOVES[0] and moves.max() <= ex.STOCK_DAILY_MOVES[1]
    baseline = lossbook.mean_squared_error(prices[1:], prices[:-1])
    assert baseline == pytest.approx(np.mean(moves**2), rel=1e-12)
    low, high = ex.STOCK_DAILY_MOVES
    expected = (high**3 - low**3) / (3 * (high - low))  # E[m²] for m uniform on [low, high]
    assert abs(baseline - expected) < 10 and baseline < (ex.STOCK_TRUE - ex.STOCK_PREDICTED) ** 2
