"""Explorer of chapter 1: gradient descent on a one-parameter cost."""

from __future__ import annotations

import ipywidgets as widgets

from ..descent import gradient_descent
from ..examples.foundations import TRIP_DISTANCES, TRIP_FUEL
from ..plotting.foundations import DescentPlot
from ._core import Explorer

__all__ = ["descent_explorer"]


def descent_explorer(cost=None, *, w_limits=(0.0, 12.0), start: float = 1.0, learning_rate: float = 0.02, steps: int = 10):
    """Move the start and the learning rate; watch the cost, its gradient and the descent.

    Parameters
    ----------
    cost : lossbook.symbolic.models.OneParameterCost, optional
        The cost to minimise; its gradient and curvature come from SymPy.
        Default: the squared-error cost of chapter 1's fuel model.
    w_limits : tuple of float
        Range of the parameter shown (and of the start slider).
    start, learning_rate, steps
        Initial control values.

    Returns
    -------
    Explorer
    """
    if cost is None:
        cost = _fuel_model_cost()
    cost_fn, gradient_fn = cost.lambdify(), cost.lambdify(cost.gradient)
    critical = float(cost.largest_stable_learning_rate)
    (minimiser,) = (float(w) for w in cost.minimisers)
    controls = {
        "start": widgets.FloatSlider(value=start, min=w_limits[0], max=w_limits[1], step=0.1, description="start w₀"),
        "learning_rate": widgets.FloatLogSlider(
            value=learning_rate, base=10, min=-3, max=-0.8, step=0.05, description="learning rate η",
            readout_format=".4f", style={"description_width": "initial"},
        ),
        "steps": widgets.IntSlider(value=steps, min=1, max=40, description="steps"),
    }

    def setup(figure):
        return DescentPlot.create(figure, cost_fn, gradient_fn, w_limits)

    def update(plot, *, start, learning_rate, steps):
        iterates = gradient_descent(gradient_fn, start, learning_rate=learning_rate, steps=steps)
        plot.show(iterates)
        last = iterates[-1]
        if learning_rate >= critical:
            verdict = f"η ≥ 2/J'' = {critical:.4f}: every step overshoots further — the descent <b>diverges</b>."
        elif learning_rate > critical / 2:
            verdict = f"η between 1/J'' and 2/J'' ({critical / 2:.4f}–{critical:.4f}): steps overshoot but shrink — it converges, zig-zagging."
        else:
            verdict = f"η < 1/J'' = {critical / 2:.4f}: steps approach the minimum from one side."
        return (
            f"J(w₀) = {cost_fn(start):.4g}, gradient J'(w₀) = {gradient_fn(start):.4g}; "
            f"after {steps} steps w = {last:.6g} (minimum at {minimiser:.6g}). {verdict}"
        )

    return Explorer(controls, setup, update, figsize=(9.0, 3.4))


def _fuel_model_cost():
    from ..catalog import get
    from ..symbolic.models import proportional_model_cost

    return proportional_model_cost(get("mean_squared_error").definition(), TRIP_DISTANCES, TRIP_FUEL)
