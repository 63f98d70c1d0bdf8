"""Chapter 1's machinery: gradient descent, one-parameter costs, figures and the explorer."""

from fractions import Fraction

import pytest

from lossbook import catalog
from lossbook.descent import gradient_descent
from lossbook.examples.foundations import TRIP_DISTANCES, TRIP_FUEL, trips
from lossbook.plotting import new_figure
from lossbook.symbolic.models import proportional_model_cost


@pytest.fixture(scope="module")
def trip_cost():
    return proportional_model_cost(catalog.get("mse").definition(), TRIP_DISTANCES, TRIP_FUEL)


def test_minimiser_is_the_least_squares_slope(trip_cost):
    x = [Fraction(v) for v in TRIP_DISTANCES]
    y = [Fraction(v) for v in TRIP_FUEL]
    slope = sum(a * b for a, b in zip(x, y)) / sum(a * a for a in x)
    (minimiser,) = trip_cost.minimisers
    assert Fraction(str(minimiser)) == slope


def test_stable_learning_rate_bound_is_n_over_sum_of_squares(trip_cost):
    x = [Fraction(v) for v in TRIP_DISTANCES]
    assert Fraction(str(trip_cost.largest_stable_learning_rate)) == len(x) / sum(a * a for a in x)


def test_symbolic_cost_matches_numeric_cost(trip_cost):
    distance, fuel = trips()
    cost = trip_cost.lambdify()
    for w in (0.0, 3.3, 6.0, 11.0):
        assert cost(w) == pytest.approx(float(catalog.get("mse").numeric(fuel, w * distance)), rel=1e-13)


def test_descent_converges_below_and_diverges_above_the_bound(trip_cost):
    gradient = trip_cost.lambdify(trip_cost.gradient)
    bound = float(trip_cost.largest_stable_learning_rate)
    (minimiser,) = (float(w) for w in trip_cost.minimisers)
    converging = gradient_descent(gradient, 1.0, learning_rate=0.95 * bound, steps=400)
    diverging = gradient_descent(gradient, 1.0, learning_rate=1.05 * bound, steps=40)
    assert converging[-1] == pytest.approx(minimiser, rel=1e-9)
    assert abs(diverging[-1] - minimiser) > 10 * abs(diverging[0] - minimiser)


def test_newton_rate_lands_in_one_step(trip_cost):
    gradient = trip_cost.lambdify(trip_cost.gradient)
    path = gradient_descent(gradient, 11.0, learning_rate=1 / float(trip_cost.curvature), steps=1)
    assert path[1] == pytest.approx(float(trip_cost.minimisers[0]), rel=1e-14)


@pytest.mark.parametrize("kwargs, message", [
    ({"learning_rate": 0.0, "steps": 3}, "learning_rate must be"),
    ({"learning_rate": float("nan"), "steps": 3}, "learning_rate must be"),
    ({"learning_rate": 0.1, "steps": -1}, "steps must be"),
    ({"learning_rate": 0.1, "steps": 2.5}, "steps must be"),
])
def test_descent_rejects_bad_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        gradient_descent(lambda w: w, 1.0, **kwargs)


def test_cost_rejects_mismatched_data():
    with pytest.raises(ValueError, match="equal length"):
        proportional_model_cost(catalog.get("mse").definition(), ["1", "2"], ["3"])


def test_book_figures_display_without_pyplot():
    figure = new_figure()
    figure.add_subplot().plot([0, 1], [1, 0])
    assert "<svg" in figure._repr_svg_()


def test_descent_explorer_follows_gradient_descent(trip_cost):
    from lossbook.descent import gradient_descent
    from lossbook.widgets import descent_explorer

    explorer = descent_explorer(trip_cost)
    explorer.learning_rate, explorer.steps = 0.09, 5
    iterates = gradient_descent(trip_cost.lambdify(trip_cost.gradient), explorer.start, learning_rate=0.09, steps=5)
    assert explorer.outputs["last"] == iterates[-1]
    # above 2/J'' the run diverges: the last iterate is farther from the minimum than the start
    (minimiser,) = (float(w) for w in trip_cost.minimisers)
    assert 0.09 > float(trip_cost.largest_stable_learning_rate)
    assert abs(explorer.outputs["last"] - minimiser) > abs(explorer.start - minimiser)