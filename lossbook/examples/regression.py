"""Regression worked examples: the data behind the book's examples, named, and the
small experiments computed from them (line fits, a descent race, timings).

The chapters and the tests import the same names, so the numbers printed in
the book and the numbers the tests check cannot drift apart.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

__all__ = [
    "AGE_TRUE",
    "AGE_PREDICTED",
    "SYMMETRIC_TRUE",
    "SYMMETRIC_PREDICTIONS",
    "CANCELLING_TRUE",
    "CANCELLING_PREDICTED",
    "ERROR_SIZES",
    "AGES_SAMPLE",
    "OUTLIER_TRUE",
    "OUTLIER_PREDICTED",
    "STOCK_TRUE",
    "STOCK_PREDICTED",
    "INVESTMENT_TRUE",
    "INVESTMENT_PREDICTED",
    "delivery_minutes",
    "line_with_outlier",
    "fit_line",
    "FIT_LOSSES",
    "race_data",
    "DescentRace",
    "descent_race",
    "SCHEDULES",
    "DELIVERY_MEDIAN",
    "DELIVERY_SPREAD",
    "delivery_mode",
    "STOCK_DAILY_MOVES",
    "stock_prices",
    "evaluation_seconds",
]

# ------------------------------------------------------------------ one sample's error
#: A person's true age and the age a model predicts from their photo.
AGE_TRUE = 37.0
AGE_PREDICTED = 31.0

#: A target of 5 and two predictions two steps away on either side.
SYMMETRIC_TRUE = 5.0
SYMMETRIC_PREDICTIONS = (3.0, 7.0)

# ------------------------------------------------------------------ errors that cancel
#: True ages of six people (with CANCELLING_PREDICTED, a bad model's guesses for them,
#: whose errors 6, -8, 6, -8, 8 and -4 years add up to exactly zero).
CANCELLING_TRUE = (37.0, 25.0, 52.0, 41.0, 60.0, 19.0)
CANCELLING_PREDICTED = (31.0, 33.0, 46.0, 49.0, 52.0, 23.0)

#: Error sizes used to compare how MAE and MSE weigh small and large errors.
ERROR_SIZES = (0.1, 0.5, 1.0, 2.0, 10.0)

#: Seven ages, one far from the rest (the best constant prediction is their
#: mean under the squared error and their median under the absolute error).
AGES_SAMPLE = (22.0, 25.0, 27.0, 31.0, 34.0, 38.0, 75.0)

# ------------------------------------------------------------------ one outlying prediction
#: Ten samples whose true value is 1; nine predictions are close to 1, one is 1000.
OUTLIER_TRUE = (1.0,) * 10
OUTLIER_PREDICTED = (1.1, 0.9, 1.05, 0.95, 1.2, 0.8, 1.02, 0.98, 1.1, 1000.0)

# ------------------------------------------------------------------ context and scale
#: A stock's closing price and a model's forecast of it, in dollars.
STOCK_TRUE = 100.0
STOCK_PREDICTED = 92.0

#: The size range (dollars) of the stock's ordinary daily moves.
STOCK_DAILY_MOVES = (5.0, 10.0)


def stock_prices(days: int = 21, *, start: float = STOCK_TRUE, seed: int = 16) -> np.ndarray:
    """A month of daily closes of a stock that moves up or down by 5 to 10 dollars a day (a random walk).

    The series behind the "tomorrow equals today" baseline: that forecast's
    error on day ``k`` is the move from day ``k - 1``.
    """
    rng = np.random.default_rng(seed)
    moves = rng.uniform(*STOCK_DAILY_MOVES, days - 1) * rng.choice([-1.0, 1.0], days - 1)
    return start + np.concatenate([[0.0], np.cumsum(moves)])


#: The value of an investment and its forecast, in dollars.
INVESTMENT_TRUE = 1.2e9
INVESTMENT_PREDICTED = 1.19e9


# ------------------------------------------------------------------ a skewed sample for quantiles
#: Median (minutes) and log-scale spread σ of the log-normal delivery times.
DELIVERY_MEDIAN = 28.0
DELIVERY_SPREAD = 0.35


def delivery_minutes(n: int = 200, *, seed: int = 11) -> np.ndarray:
    """``n`` delivery times in minutes: mostly 20–40, with a long tail of late ones (log-normal)."""
    return np.round(np.random.default_rng(seed).lognormal(np.log(DELIVERY_MEDIAN), DELIVERY_SPREAD, n), 1)


def delivery_mode() -> float:
    r"""The most likely delivery time of the log-normal model, :math:`e^{\mu - \sigma^2}` (below its median :math:`e^\mu`)."""
    return float(DELIVERY_MEDIAN * np.exp(-DELIVERY_SPREAD**2))


# ------------------------------------------------------------------ a line fit with an outlier
def line_with_outlier(outlier_shift: float = 30.0, *, n: int = 12, outlier_index: int = 8):
    """Points near the line ``y = 1.5 x + 2``, one of them moved up by ``outlier_shift``.

    Returns
    -------
    x, y : numpy.ndarray
        ``n`` points with ``x = 0, 1, …, n - 1``; the noise is fixed (seed 3).
    outlier_index : int
        Which point was moved.
    """
    x = np.arange(n, dtype=float)
    noise = np.random.default_rng(3).normal(0.0, 0.8, n)
    y = 1.5 * x + 2.0 + noise
    y[outlier_index] += outlier_shift
    return x, y, outlier_index


#: The losses :func:`fit_line` can fit with.
FIT_LOSSES = ("mean_squared_error", "mean_absolute_error", "huber_loss", "pseudo_huber_loss", "log_cosh_loss")


def fit_line(x, y, loss: str = "mean_squared_error", *, delta: float = 1.0, max_iterations: int = 200):
    """The line ``slope * x + intercept`` minimising the mean ``loss`` of its residuals.

    * ``"mean_squared_error"``: least squares, in closed form.
    * ``"mean_absolute_error"``: exact.  Some line minimising the absolute
      error passes through two of the points (a vertex of the linear program),
      so every line through a pair is tried and the best kept.
    * ``"huber_loss"``, ``"pseudo_huber_loss"``, ``"log_cosh_loss"``:
      iteratively reweighted least squares from the least-squares line, with
      weights :math:`\\psi(r)/r` (the loss's derivative over the residual),
      which decreases these convex costs at every step.

    Returns
    -------
    tuple of float
        ``(slope, intercept)``.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    design = np.column_stack([x, np.ones_like(x)])
    if loss == "mean_absolute_error":
        return _least_absolute_line(x, y)
    if loss not in FIT_LOSSES:
        raise ValueError(f"loss must be one of {FIT_LOSSES} for fit_line; found {loss!r}")
    theta = np.linalg.lstsq(design, y, rcond=None)[0]
    if loss == "mean_squared_error":
        return float(theta[0]), float(theta[1])
    weight = _IRLS_WEIGHTS[loss]
    for _ in range(max_iterations):
        residual = design @ theta - y
        w = weight(residual, delta)
        weighted = design * w[:, None]
        new = np.linalg.solve(design.T @ weighted, weighted.T @ y)
        if np.allclose(new, theta, rtol=1e-13, atol=1e-13):
            theta = new
            break
        theta = new
    return float(theta[0]), float(theta[1])


def _huber_weight(residual, delta):
    magnitude = np.abs(residual)
    return np.where(magnitude <= delta, 1.0, delta / np.maximum(magnitude, delta))


def _pseudo_huber_weight(residual, delta):
    return 1.0 / np.sqrt(1.0 + (residual / delta) ** 2)


def _log_cosh_weight(residual, delta):
    small = np.abs(residual) < 1e-8
    safe = np.where(small, 1.0, residual)
    return np.where(small, 1.0, np.tanh(safe) / safe)


_IRLS_WEIGHTS = {
    "huber_loss": _huber_weight,
    "pseudo_huber_loss": _pseudo_huber_weight,
    "log_cosh_loss": _log_cosh_weight,
}


def _least_absolute_line(x, y):
    i, j = np.triu_indices(len(x), k=1)
    distinct = x[i] != x[j]
    i, j = i[distinct], j[distinct]
    slopes = (y[j] - y[i]) / (x[j] - x[i])
    intercepts = y[i] - slopes * x[i]
    costs = np.abs(slopes[:, None] * x[None, :] + intercepts[:, None] - y[None, :]).sum(axis=1)
    best = int(np.argmin(costs))
    return float(slopes[best]), float(intercepts[best])


# ------------------------------------------------------------------ is MAE cheaper to train?
def race_data(n: int = 100, *, seed: int = 5):
    """``n`` points near ``y = 1.5 x + 2`` with ``x`` in [-1, 1] and Gaussian noise (σ = 0.5)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, n)
    return x, 1.5 * x + 2.0 + rng.normal(0.0, 0.5, n)


@dataclass(frozen=True)
class DescentRace:
    """Full-batch gradient descent on a line fit, one run per learning rate.

    Attributes
    ----------
    loss : str
        ``"mean_squared_error"`` or ``"mean_absolute_error"``.
    schedule : str
        ``"constant"``, ``"1/sqrt(k)"`` (the rate divided by the square root of
        the step number) or ``"geometric"`` (the rate times ``decay**k``).
    learning_rates : numpy.ndarray
        The rates tried (one run each).
    costs : numpy.ndarray
        ``costs[k, j]``: the cost after ``k`` steps of the run with rate ``j``.
    optimum : float
        The smallest achievable cost (the exact fit's).
    tolerance : float
        A run has converged once its cost is within ``tolerance`` (relative) of ``optimum``.
    """

    loss: str
    schedule: str
    learning_rates: np.ndarray
    costs: np.ndarray
    optimum: float
    tolerance: float

    def steps_to_converge(self, tolerance: float | None = None) -> np.ndarray:
        """Per rate: the step from which the cost stays within ``tolerance`` of the optimum.

        A run counts as converged only if it then stays inside for at least
        the second half of the run (so a run that merely passes through the
        band, or enters it at the very end, does not); -1 marks the others.
        """
        tolerance = self.tolerance if tolerance is None else tolerance
        inside = self.costs <= self.optimum * (1 + tolerance)
        stays = np.flip(np.logical_and.accumulate(np.flip(inside, axis=0), axis=0), axis=0)
        first = np.argmax(stays, axis=0)
        converged = stays.any(axis=0) & (first <= (len(self.costs) - 1) // 2)
        return np.where(converged, first, -1)

    def best(self, tolerance: float | None = None) -> tuple[float, int]:
        """``(learning_rate, steps)`` of the run that converged in the fewest steps (steps -1 if none did)."""
        steps = self.steps_to_converge(tolerance)
        if (steps < 0).all():
            return float(self.learning_rates[0]), -1
        candidates = np.where(steps < 0, np.iinfo(np.int64).max, steps)
        j = int(np.argmin(candidates))
        return float(self.learning_rates[j]), int(steps[j])


#: The learning-rate schedules of :func:`descent_race`: rate at step k (from 0) given the rate η.
SCHEDULES = {
    "constant": lambda rates, k, decay: rates,
    "1/sqrt(k)": lambda rates, k, decay: rates / np.sqrt(k + 1),
    "geometric": lambda rates, k, decay: rates * decay**k,
}


def descent_race(loss: str, *, schedule: str = "constant", learning_rates=None, steps: int = 4000,
                 tolerance: float = 1e-3, data=None, decay: float = 0.99) -> DescentRace:
    """Fit ``slope * x + intercept`` to :func:`race_data` by full-batch gradient descent.

    Every run starts at slope = intercept = 0.  The gradient of the cost is the
    mean of :math:`\\ell'(r_i)\\,(x_i, 1)`, with :math:`\\ell'(r) = 2r` for the
    squared error and :math:`\\operatorname{sign}(r)` for the absolute error.
    The step k (from 0) uses the rate :math:`\\eta` (``"constant"``),
    :math:`\\eta/\\sqrt{k+1}` (``"1/sqrt(k)"``) or :math:`\\eta\\,\\gamma^k` with
    :math:`\\gamma` = ``decay`` (``"geometric"``).
    """
    if schedule not in SCHEDULES:
        raise ValueError(f"schedule must be one of {sorted(SCHEDULES)} for descent_race; found {schedule!r}")
    if not 0 < decay <= 1:
        raise ValueError(f"decay must be in (0, 1] for descent_race (the rate is multiplied by decay**k); found {decay!r}")
    x, y = race_data() if data is None else data
    if learning_rates is None:
        learning_rates = np.geomspace(1e-3, 1.0, 13)
    rates = np.asarray(learning_rates, dtype=float)
    derivative = {"mean_squared_error": lambda r: 2 * r, "mean_absolute_error": np.sign}[loss]
    cost = {"mean_squared_error": lambda r: np.mean(r * r, axis=1),
            "mean_absolute_error": lambda r: np.mean(np.abs(r), axis=1)}[loss]
    theta = np.zeros((len(rates), 2))
    history = np.empty((steps + 1, len(rates)))
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps + 1):
            residual = theta[:, :1] * x[None, :] + theta[:, 1:] - y[None, :]
            history[k] = cost(residual)
            g = derivative(residual)
            gradient = np.column_stack([np.mean(g * x[None, :], axis=1), np.mean(g, axis=1)])
            rate = SCHEDULES[schedule](rates, k, decay)
            theta = theta - rate[:, None] * gradient
    history = np.where(np.isfinite(history), history, np.inf)
    slope, intercept = fit_line(x, y, loss)
    optimum_residual = slope * x + intercept - y
    optimum = float(cost(optimum_residual[None, :])[0])
    return DescentRace(loss, schedule, rates, history, optimum, tolerance)


def evaluation_seconds(n: int = 1_000_000, *, repeat: int = 7, seed: int = 0) -> dict[str, float]:
    """Best-of-``repeat`` wall time (seconds) of one loss or gradient evaluation on ``n`` residuals.

    Keys: ``"square"`` / ``"absolute"`` (the per-sample losses ``r*r`` and
    ``|r|``), ``"2r"`` / ``"sign"`` (their derivatives) and ``"lossbook mse"``
    / ``"lossbook mae"`` (the full, validated costs).  Machine dependent.
    """
    from ..losses import regression

    rng = np.random.default_rng(seed)
    y_true = rng.normal(size=n)
    y_pred = y_true + rng.normal(size=n)
    r = y_pred - y_true
    candidates = {
        "square": lambda: r * r,
        "absolute": lambda: np.abs(r),
        "2r": lambda: 2 * r,
        "sign": lambda: np.sign(r),
        "lossbook mse": lambda: regression.mean_squared_error(y_true, y_pred),
        "lossbook mae": lambda: regression.mean_absolute_error(y_true, y_pred),
    }
    best = {}
    for name, function in candidates.items():
        function()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        best[name] = min(times)
    return best
