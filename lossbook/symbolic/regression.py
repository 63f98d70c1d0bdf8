r"""SymPy definitions of the regression losses (mirrors :mod:`lossbook.losses.regression`).

Each function returns the loss of one element as a :class:`~lossbook.symbolic.SymbolicLoss`, in
the target :math:`y`, the prediction :math:`\hat y` and the hyper-parameters
(named as the numeric function's keyword arguments).

Several of these formulas cancel catastrophically when evaluated as written —
:math:`\sqrt{1 + (r/\delta)^2} - 1` for small :math:`r/\delta`,
:math:`\log\cosh r` for small :math:`r`, :math:`\log(1 + \hat y)` for tiny
:math:`\hat y`.  Their reference values therefore come from
:class:`~lossbook.symbolic.SymbolicLoss`, which raises mpmath's working precision
until the value is stable, so a reference is right even where 50 digits would not be.
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy as sp

from ._core import REFERENCE_DIGITS, Y_PRED, Y_TRUE, SymbolicLoss
from .javascript import hypot, log1p

__all__ = [
    "RootMeanSquaredErrorLoss",
    "DELTA",
    "QUANTILE",
    "mean_squared_error",
    "mean_absolute_error",
    "root_mean_squared_error",
    "mean_squared_log_error",
    "huber_loss",
    "pseudo_huber_loss",
    "log_cosh_loss",
    "quantile_loss",
    "residual",
    "RESIDUAL",
    "in_residual",
    "delta_limit",
    "irls_weight",
    "relative_error",
]

#: The transition scale :math:`\delta` of the Huber-type losses (keyword ``delta``).
DELTA = sp.Symbol("delta", positive=True)
#: The quantile level :math:`\tau` of the pinball loss (keyword ``quantile``).
QUANTILE = sp.Symbol("quantile", positive=True)


#: A residual :math:`r = \hat y - y` as one symbol (nonzero, so limits can pick a branch).
RESIDUAL = sp.Symbol("r", real=True, nonzero=True)


def _written(head, *terms) -> sp.Expr:
    """``head(*terms)`` unevaluated, so a display form keeps the order it is written in."""
    return head(*terms, evaluate=False)


def residual() -> sp.Expr:
    r"""The residual :math:`\hat y - y` in the symbols every definition uses."""
    return Y_PRED - Y_TRUE


@dataclass(frozen=True, eq=False)
class RootMeanSquaredErrorLoss(SymbolicLoss):
    r"""The RMSE: per element :math:`\sqrt{(\hat y - y)^2} = |\hat y - y|`, reduced *inside* the root.

    Its :meth:`cost_reference` is :math:`\sqrt{\frac1N\sum_i \ell_i^2}` (or the
    root of the sum), not the mean of the per-element values.
    """

    def cost_reference(self, y_true, y_pred, *, reduction: str = "mean", dps: int = REFERENCE_DIGITS, **params):
        """The RMSE (``"mean"``) or the root of the sum of squares (``"sum"``), as an ``mpf``."""
        losses = self.reference(y_true, y_pred, dps=dps, **params).ravel()
        with mpmath.workdps(dps + 10):
            total = mpmath.fsum(value**2 for value in losses)
            if reduction == "mean":
                total /= len(losses)
            result = mpmath.sqrt(total)
        with mpmath.workdps(dps):
            return +result

    def cost_expr(self, n: sp.Symbol | None = None) -> sp.Expr:
        r""":math:`\sqrt{\frac1N\sum_{i=1}^N (\hat y_i - y_i)^2}` as a SymPy expression."""
        n = sp.Symbol("N", integer=True) if n is None else n  # no sign assumption: keeps √(Σ/N) whole
        i = sp.Symbol("i", integer=True, positive=True)
        y, y_hat = sp.IndexedBase("y"), sp.IndexedBase(r"\hat{y}")
        return sp.sqrt(sp.Sum((y_hat[i] - y[i]) ** 2, (i, 1, n)) / n)

    def cost_latex(self) -> str:
        r"""LaTeX of :math:`\mathrm{RMSE} = \dots`."""
        return r"\mathrm{RMSE} = " + sp.latex(self.cost_expr())


def mean_squared_error() -> SymbolicLoss:
    r"""Squared error :math:`(\hat y - y)^2`."""
    return SymbolicLoss("mean_squared_error", residual() ** 2)


def mean_absolute_error() -> SymbolicLoss:
    r"""Absolute error :math:`|\hat y - y|`."""
    return SymbolicLoss("mean_absolute_error", sp.Abs(residual()))


def root_mean_squared_error() -> RootMeanSquaredErrorLoss:
    r"""Root of the squared error, :math:`\sqrt{(\hat y - y)^2}`; the root is taken after the reduction."""
    return RootMeanSquaredErrorLoss("root_mean_squared_error", sp.sqrt(residual() ** 2))


def mean_squared_log_error() -> SymbolicLoss:
    r"""Squared log error :math:`\bigl(\log(1 + \hat y) - \log(1 + y)\bigr)^2`, for :math:`y, \hat y > -1`."""
    # float form: log1p of the relative change (ŷ − y)/(1 + y) when the two logs are close (no
    # cancellation), the difference of the two log1p's when they are not (no overflow of the ratio)
    change = residual() / (1 + Y_TRUE)
    float_form = sp.Piecewise(
        (log1p(change) ** 2, (change > -sp.Rational(1, 2)) & (change < 1)),
        ((log1p(Y_PRED) - log1p(Y_TRUE)) ** 2, True),
    )
    display_form = _written(sp.Pow, _written(sp.Add, sp.log(_written(sp.Add, 1, Y_PRED)),
                                             -sp.log(_written(sp.Add, 1, Y_TRUE))), 2)
    return SymbolicLoss(
        "mean_squared_log_error", (sp.log(1 + Y_PRED) - sp.log(1 + Y_TRUE)) ** 2, float_form=float_form,
        display_form=display_form,
    )


def huber_loss() -> SymbolicLoss:
    r"""Huber loss: :math:`\tfrac12 r^2` for :math:`|r| \le \delta`, else :math:`\delta(|r| - \tfrac12\delta)`."""
    r = residual()
    expr = sp.Piecewise(
        (r**2 / 2, sp.Abs(r) <= DELTA),
        (DELTA * (sp.Abs(r) - DELTA / 2), True),
    )
    written_r = _written(sp.Add, Y_PRED, -Y_TRUE)
    display_form = sp.Piecewise(
        (_written(sp.Mul, sp.Rational(1, 2), _written(sp.Pow, written_r, 2)), sp.Abs(written_r) <= DELTA),
        (_written(sp.Mul, DELTA, _written(sp.Add, sp.Abs(written_r), -DELTA / 2)), True),
    )
    return _with_clean_gradient(SymbolicLoss("huber_loss", expr, params=(DELTA,), display_form=display_form))


def pseudo_huber_loss() -> SymbolicLoss:
    r"""Pseudo-Huber loss :math:`\delta^2\bigl(\sqrt{1 + (r/\delta)^2} - 1\bigr)`."""
    r = residual()
    expr = DELTA**2 * (sp.sqrt(1 + (r / DELTA) ** 2) - 1)
    # float form: δ²(√(1 + a²) − 1) = δ|r|·t with a = |r|/δ and t = a/(√(1 + a²) + 1), which is
    # 1/(√(1/a² + 1) + 1/a) for a > 1: a small residual does not cancel, a huge one does not overflow
    a = sp.Abs(r) / DELTA
    t = sp.Piecewise((a / (hypot(1, a) + 1), a <= 1), (1 / (hypot(1 / a, 1) + 1 / a), True))
    float_form = DELTA * sp.Abs(r) * sp.UnevaluatedExpr(t)  # kept apart: r² would overflow
    return SymbolicLoss("pseudo_huber_loss", expr, params=(DELTA,), float_form=float_form)


def log_cosh_loss() -> SymbolicLoss:
    r"""Log-cosh loss :math:`\log\cosh(\hat y - y)`."""
    # float form: log cosh a = log1p(2 sinh²(a/2)) near 0 (no cancellation),
    # a − log 2 + log1p(e^{−2a}) beyond (no overflow of cosh), with a = |r|
    a = sp.Abs(residual())
    float_form = sp.Piecewise(
        (log1p(2 * sp.sinh(a / 2) ** 2), a < 1),
        (a - sp.log(2) + log1p(sp.exp(-2 * a)), True),
    )
    return SymbolicLoss("log_cosh_loss", sp.log(sp.cosh(residual())), float_form=float_form)


def quantile_loss() -> SymbolicLoss:
    r"""Pinball loss: :math:`\tau(y - \hat y)` if :math:`\hat y \le y`, else :math:`(1 - \tau)(\hat y - y)`."""
    r = residual()
    expr = sp.Piecewise((-QUANTILE * r, Y_PRED <= Y_TRUE), ((1 - QUANTILE) * r, True))
    display_form = sp.Piecewise(
        (_written(sp.Mul, QUANTILE, _written(sp.Add, Y_TRUE, -Y_PRED)), Y_PRED <= Y_TRUE),
        (_written(sp.Mul, _written(sp.Add, 1, -QUANTILE), _written(sp.Add, Y_PRED, -Y_TRUE)), True),
    )
    loss = SymbolicLoss("quantile_loss", expr, params=(QUANTILE,), latex_names={QUANTILE: r"\tau"},
                        display_form=display_form)
    return _with_clean_gradient(loss)


def _with_clean_gradient(loss: SymbolicLoss) -> SymbolicLoss:
    """Store the gradient of a piecewise loss as ``sympy.diff`` gives it.

    ``sympy.simplify`` turns the Huber gradient's ``delta*sign(r)`` back into
    a nested case ``delta*r/|r|``; the unsimplified derivative is the same
    function and reads better.
    """
    loss.__dict__["gradient"] = sp.piecewise_fold(sp.diff(loss.expr, loss.y_pred))  # fills the cached_property
    return loss


def in_residual(loss: SymbolicLoss) -> sp.Expr:
    r"""The loss as a function of the residual :math:`r = \hat y - y` alone (:data:`RESIDUAL`).

    Raises ``ValueError`` for a loss that depends on :math:`y` and
    :math:`\hat y` separately (the squared log error).
    """
    expr = sp.simplify(loss.expr.subs(loss.y_pred, loss.y_true + RESIDUAL))
    if expr.has(loss.y_true):
        raise ValueError(f"{loss.name} is not a function of the residual alone")
    return expr


def delta_limit(loss: SymbolicLoss, target, *, divide_by_delta: bool = False) -> sp.Expr:
    r"""The limit of a Huber-type loss (or of :math:`\ell_\delta/\delta`) as :math:`\delta \to` ``target``.

    SymPy's :func:`~sympy.limit` cannot take the limit of a piecewise
    expression whose *conditions* depend on :math:`\delta`; for those the
    branch that holds near the target is chosen first (for a nonzero residual,
    :math:`|r| \le \delta` holds as :math:`\delta \to \infty` and fails as
    :math:`\delta \to 0`), and its limit is taken.

    Examples
    --------
    >>> import sympy as sp
    >>> from lossbook.symbolic.regression import huber_loss, delta_limit
    >>> delta_limit(huber_loss(), sp.oo)
    r**2/2
    >>> delta_limit(huber_loss(), 0, divide_by_delta=True)
    Abs(r)
    """
    expr = in_residual(loss)
    if divide_by_delta:
        expr = expr / DELTA
    if isinstance(expr, sp.Piecewise) or expr.has(sp.Piecewise):
        expr = sp.piecewise_fold(expr)
        probe = sp.oo if target == sp.oo else sp.Integer(0)
        for branch, condition in expr.args:
            holds = condition if condition in (sp.true, sp.false) else condition.subs(DELTA, probe)
            if holds == sp.true:
                return sp.simplify(sp.limit(branch, DELTA, target))
        raise ValueError(f"no branch of {loss.name} holds as delta -> {target}")
    return sp.simplify(sp.limit(expr, DELTA, target))


def irls_weight(loss: SymbolicLoss) -> sp.Expr:
    r"""The weight :math:`\psi(r)/r` of iteratively reweighted least squares, in the residual :data:`RESIDUAL`.

    :math:`\psi = \partial\ell/\partial\hat y` is the loss's gradient written
    in the residual; a weighted least-squares step with these weights
    decreases a convex cost such as Huber's
    (:func:`lossbook.examples.regression.fit_line`).  Only for losses of the
    residual alone.

    Examples
    --------
    >>> from lossbook.symbolic.regression import huber_loss, irls_weight
    >>> irls_weight(huber_loss())
    Piecewise((1, delta >= Abs(r)), (delta/Abs(r), True))
    """
    gradient = loss.gradient.subs(loss.y_pred, loss.y_true + RESIDUAL)
    if gradient.has(loss.y_true):
        raise ValueError(f"{loss.name} is not a function of the residual alone")
    return sp.simplify(sp.piecewise_fold(gradient / RESIDUAL))


def relative_error() -> sp.Expr:
    r"""The relative error :math:`\lvert\hat y - y\rvert / \lvert y\rvert` of one prediction."""
    return sp.Abs(residual()) / sp.Abs(Y_TRUE)
