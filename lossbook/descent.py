"""Gradient descent on one parameter: the optimiser of chapter 1, in NumPy."""

from __future__ import annotations

from typing import Callable

import numpy as np

__all__ = ["gradient_descent"]


def gradient_descent(gradient: Callable[[float], float], start: float, *, learning_rate: float, steps: int) -> np.ndarray:
    r"""Iterates of plain gradient descent :math:`w_{k+1} = w_k - \eta\, J'(w_k)`.

    Parameters
    ----------
    gradient : callable
        :math:`J'(w)`, the derivative of the cost.
    start : float
        The first iterate :math:`w_0`.
    learning_rate : float
        The step size :math:`\eta > 0`.
    steps : int
        How many updates to make (``>= 0``).

    Returns
    -------
    numpy.ndarray
        The ``steps + 1`` iterates :math:`w_0, \dots, w_{\text{steps}}`.
        Iterates that overflow (a diverging run) are ``inf``; they are kept,
        not hidden, so a caller can show the divergence.

    Raises
    ------
    ValueError
        If ``learning_rate`` is not a finite number > 0 or ``steps`` is negative.

    Examples
    --------
    >>> from lossbook.descent import gradient_descent
    >>> gradient_descent(lambda w: 2 * (w - 3), 0.0, learning_rate=0.25, steps=3)
    array([0.   , 1.5  , 2.25 , 2.625])
    """
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a finite number > 0 for gradient_descent; found {learning_rate!r}")
    if int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0 for gradient_descent; found {steps!r}")
    iterates = np.empty(int(steps) + 1)
    iterates[0] = start
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(int(steps)):
            iterates[k + 1] = iterates[k] - learning_rate * gradient(iterates[k])
    return iterates
