"""Explorer of chapter 1: gradient descent on a one-parameter cost."""

from __future__ import annotations

from ..descent import gradient_descent
from ..examples.foundations import TRIP_DISTANCES, TRIP_FUEL
from ._core import Explorer, explorer, log_slider, slider

__all__ = ["descent_explorer"]


def descent_explorer(cost=None, *, w_limits=(0.0, 12.0), start: float = 1.0, learning_rate: float = 0.02,
                     steps: int = 10) -> Explorer:
    """Move the start and the learning rate; watch the cost, its gradient and the descent.

    The browser iterates :math:`w_{k+1} = w_k - \\eta J'(w_k)` with :math:`J` and
    :math:`J'` printed from their SymPy forms, so the path is exact at any
    control value.

    Parameters
    ----------
    cost : :class:`!lossbook.symbolic.models.OneParameterCost`, optional
        The cost to minimise (quadratic); its gradient and curvature come from
        SymPy.  Default: the squared-error cost of chapter 1's fuel model.
    w_limits : tuple of float
        Range of the parameter shown (and of the start slider).
    start, learning_rate, steps
        Initial control values.

    Returns
    -------
    Explorer
        Controls ``start``, ``learning_rate``, ``steps``.
    """
    from ..symbolic.javascript import javascript_function

    if cost is None:
        cost = _fuel_model_cost()
    cost_fn, gradient_fn = cost.lambdify(), cost.lambdify(cost.gradient)
    critical = float(cost.largest_stable_learning_rate)
    (minimiser,) = (float(w) for w in cost.minimisers)
    top = max(float(cost_fn(w)) for w in w_limits)

    def compute(*, start, learning_rate, steps):
        iterates = gradient_descent(gradient_fn, start, learning_rate=learning_rate, steps=int(steps))
        return {"cost_at_start": float(cost_fn(start)), "gradient_at_start": float(gradient_fn(start)),
                "last": float(iterates[-1])}

    controls = [
        slider("start", "start w₀", start, *w_limits, 0.1),
        # 2/J'' sits inside the range, so the slider crosses from converging to diverging
        log_slider("learning_rate", "learning rate η", learning_rate, 1e-3, min(1.0, 4 * critical), steps=100, digits=4),
        slider("steps", "steps", steps, 1, 40, 1),
    ]
    return explorer(
        "descent",
        title="Gradient descent on a one-parameter cost",
        alt="Left: the cost curve J(w) with the tangent at the start and the descent path; "
            "right: the cost at each step on a log scale.",
        controls=controls,
        compute=compute,
        functions={"cost": javascript_function(cost.cost, {"w": cost.parameter}),
                   "gradient": javascript_function(cost.gradient, {"w": cost.parameter})},
        constants={"w_limits": list(w_limits), "j_limits": [-0.05 * top, 1.05 * top],
                   "critical": critical, "minimiser": minimiser},
    )


def _fuel_model_cost():
    from ..catalog import get
    from ..symbolic.models import proportional_model_cost

    return proportional_model_cost(get("mean_squared_error").definition(), TRIP_DISTANCES, TRIP_FUEL)
