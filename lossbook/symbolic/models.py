"""Costs of small models, built from the symbolic loss definitions.

The cost of a model is the mean of its per-sample losses; here the model is
written into a catalogued loss's SymPy expression, so the book derives the
cost, its derivatives and its minimiser from the one definition of the loss.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ._core import SymbolicLoss

__all__ = ["OneParameterCost", "proportional_model_cost"]

W = sp.Symbol("w", real=True)


@dataclass(frozen=True)
class OneParameterCost:
    r"""The cost :math:`J(w)` of a one-parameter model, with what calculus says of it."""

    parameter: sp.Symbol
    cost: sp.Expr

    @property
    def gradient(self) -> sp.Expr:
        """:math:`J'(w)`."""
        return sp.expand(sp.diff(self.cost, self.parameter))

    @property
    def curvature(self) -> sp.Expr:
        """:math:`J''(w)`."""
        return sp.expand(sp.diff(self.cost, self.parameter, 2))

    @property
    def minimisers(self) -> list[sp.Expr]:
        """The real solutions of :math:`J'(w) = 0`."""
        return sp.solve(sp.Eq(self.gradient, 0), self.parameter)

    @property
    def largest_stable_learning_rate(self) -> sp.Expr:
        r"""For a quadratic cost, gradient descent converges iff :math:`0 < \eta < 2 / J''`."""
        if sp.degree(self.cost, self.parameter) != 2:
            raise ValueError("a single stable learning-rate bound exists only for a quadratic cost")
        return 2 / self.curvature

    def lambdify(self, expr: sp.Expr | None = None):
        """``expr`` (default: the cost) as a NumPy function of the parameter."""
        return sp.lambdify(self.parameter, self.cost if expr is None else expr, modules="numpy")


def proportional_model_cost(loss: SymbolicLoss, x, y) -> OneParameterCost:
    r"""Cost :math:`J(w) = \frac1N \sum_i \ell(y_i, w x_i)` of the model :math:`\hat y = w x`.

    ``x`` and ``y`` are read exactly: pass decimal strings (``"2.5"``) or
    integers to keep the algebra exact; floats are converted exactly too.
    """
    if len(x) != len(y) or not len(x):
        raise ValueError(f"x and y must be non-empty and of equal length; found {len(x)} and {len(y)}")
    per_sample = [
        loss.expr.subs({loss.y_true: sp.Rational(str(target)), loss.y_pred: W * sp.Rational(str(feature))})
        for feature, target in zip(x, y)
    ]
    return OneParameterCost(W, sp.expand(sp.Add(*per_sample) / len(per_sample)))
