"""The symbolic form of a loss: one SymPy expression per loss, and what follows from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import mpmath
import numpy as np
import sympy as sp

from .._display import FormulaDisplay

__all__ = ["SymbolicLoss", "Y_TRUE", "Y_PRED", "REFERENCE_DIGITS"]

#: The target :math:`y` and the prediction :math:`\hat y` of one element.
Y_TRUE = sp.Symbol("y", real=True)
Y_PRED = sp.Symbol(r"\hat{y}", real=True)

#: Significant digits of the mpmath reference values.
REFERENCE_DIGITS = 50


@dataclass(frozen=True, eq=False)
class SymbolicLoss(FormulaDisplay):
    r"""A loss :math:`\ell(y, \hat y; \theta)` of one element, written once in SymPy.

    Parameters
    ----------
    name : str
        The name of the numeric function it defines (``"mean_squared_error"``).
    expr : sympy.Expr
        The per-element loss in ``y_true``, ``y_pred`` and ``params``.
    y_true, y_pred : sympy.Symbol
        The symbols standing for the target and the prediction.
    params : tuple of sympy.Symbol
        Hyper-parameters, named as the numeric function's keyword arguments.
    latex_names : dict of sympy.Symbol to str
        LaTeX to print for symbols whose keyword name is not their usual
        mathematical name (``quantile`` is shown as :math:`\\tau`).
    display_form : sympy.Expr, optional
        The same function as textbooks write it (``δ(|r| − δ/2)``, not SymPy's
        ``δ(−δ/2 + |r|)``), built unevaluated so its terms keep their order;
        :meth:`latex` prints it.  The tests check that it equals ``expr`` at
        50 digits.  Default: ``expr``.
    float_form : sympy.Expr, optional
        The same function written to evaluate in floating point without
        overflow or cancellation, where ``expr`` as written would not (the
        browser's JavaScript is printed from it); the tests check that it
        equals ``expr`` at 50 digits.  Default: ``expr`` with SymPy's C99
        rewrites (``log1p``, ``expm1``).

    Notes
    -----
    Reference values are exact to the digits asked for even where the formula
    cancels (:math:`\\sqrt{1 + 10^{-600}} - 1`): each element is evaluated at
    a precision that covers its inputs' dynamic range, then at twice the
    precision, and so on until two successive values agree to ``dps + 5``
    digits (see ``_stable_value``).
    """

    name: str
    expr: sp.Expr
    y_true: sp.Symbol = Y_TRUE
    y_pred: sp.Symbol = Y_PRED
    params: tuple[sp.Symbol, ...] = field(default=())
    latex_names: dict = field(default_factory=dict)
    float_form: sp.Expr | None = None
    display_form: sp.Expr | None = None

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        """``(y_true, y_pred, *params)``, the order every callable built here takes."""
        return (self.y_true, self.y_pred, *self.params)

    def latex(self) -> str:
        r"""LaTeX of :math:`\ell(y, \hat y) = \dots`, ready for a ``$$`` block."""
        names = self.latex_names
        head = r"\ell\left(" + sp.latex(self.y_true) + ", " + sp.latex(self.y_pred)
        if self.params:
            head += "; " + ", ".join(sp.latex(p, symbol_names=names) for p in self.params)
        if self.display_form is not None:
            return head + r"\right) = " + sp.latex(self.display_form, symbol_names=names, order="none")
        return head + r"\right) = " + sp.latex(self.expr, symbol_names=names)

    @cached_property
    def gradient(self) -> sp.Expr:
        r""":math:`\partial \ell / \partial \hat y`, simplified."""
        return sp.simplify(sp.diff(self.expr, self.y_pred))

    def gradient_latex(self) -> str:
        r"""LaTeX of :math:`\partial\ell/\partial\hat y = \dots`."""
        return (
            r"\frac{\partial \ell}{\partial " + sp.latex(self.y_pred) + "} = "
            + sp.latex(self.gradient, symbol_names=self.latex_names)
        )

    def floating_point_form(self) -> sp.Expr:
        """``float_form`` if given, else the definition with SymPy's C99 rewrites."""
        from .javascript import for_floating_point

        return for_floating_point(self.expr if self.float_form is None else self.float_form)

    def javascript(self, expr: sp.Expr | None = None) -> dict:
        """``expr`` (default: :meth:`floating_point_form`) as a JavaScript function.

        Its arguments are ``y_true``, ``y_pred`` and the hyper-parameters by
        keyword name, as the NumPy function's; see :mod:`lossbook.symbolic.javascript`.
        """
        from .javascript import javascript_function

        names = ("y_true", "y_pred", *(p.name for p in self.params))
        return javascript_function(self.floating_point_form() if expr is None else expr, dict(zip(names, self.symbols)))

    def numpy_function(self, expr: sp.Expr | None = None):
        """``expr`` (default: the loss) as a NumPy function of :attr:`symbols` (for plots)."""
        return sp.lambdify(self.symbols, self.expr if expr is None else expr, modules="numpy")

    def reference(self, y_true, y_pred, *, dps: int = REFERENCE_DIGITS, **params) -> np.ndarray:
        """Per-element losses evaluated with mpmath at ``dps`` significant digits.

        Floats are converted to mpmath exactly, so the result is the true loss of
        the given (rounded) inputs, not of their decimal spelling.  Returns an
        object array of ``mpmath.mpf`` with the inputs' shape.
        """
        return self._evaluate(self.expr, y_true, y_pred, dps=dps, **params)

    def gradient_reference(self, y_true, y_pred, *, dps: int = REFERENCE_DIGITS, **params) -> np.ndarray:
        """Per-element :math:`\\partial\\ell/\\partial\\hat y`, like :meth:`reference`."""
        return self._evaluate(self.gradient, y_true, y_pred, dps=dps, **params)

    def cost_reference(self, y_true, y_pred, *, reduction: str = "mean", dps: int = REFERENCE_DIGITS, **params):
        """The reduced loss (``"mean"`` or ``"sum"``) at ``dps`` digits, as an ``mpf``."""
        losses = self.reference(y_true, y_pred, dps=dps, **params).ravel()
        with mpmath.workdps(dps):
            total = mpmath.fsum(losses)
            return total if reduction == "sum" else total / len(losses)

    def _evaluate(self, expr, y_true, y_pred, *, dps: int, **params) -> np.ndarray:
        missing = {p.name for p in self.params} - set(params)
        if missing:
            raise TypeError(f"{self.name} reference needs the hyper-parameters {sorted(missing)}")
        function = sp.lambdify(self.symbols, expr, modules="mpmath")
        true = np.asarray(y_true, dtype=float)
        pred = np.asarray(y_pred, dtype=float)
        values = [float(params[p.name]) for p in self.params]
        out = [
            _stable_value(function, (float(t), float(q), *values), dps)
            for t, q in zip(true.ravel(), pred.ravel())
        ]
        return np.array(out, dtype=object).reshape(true.shape)


#: Largest working precision (decimal digits) a reference evaluation may use.
_MAX_DIGITS = 4000


def _stable_value(function, arguments, dps: int):
    """:func:`_evaluated`, remembered for hashable arguments: the per-element and the reduced tests of one
    definition ask for the same values, and an input of 1e300 costs a thousand-digit evaluation."""
    try:
        return _remembered(function, arguments, dps)
    except TypeError:  # arguments that cannot be a key (rows as lists): evaluated each time
        return _evaluated(function, arguments, dps)


@lru_cache(maxsize=1 << 16)
def _remembered(function, arguments, dps: int):
    return _evaluated(function, arguments, dps)


def _evaluated(function, arguments, dps: int):
    r"""``function(*arguments)`` in mpmath, at a precision where it no longer changes.

    The first precision covers the inputs' dynamic range twice over (a row
    holding 1e300 and 5e-324 needs some 1250 digits before a difference of
    distances or ``1 - cos`` is resolved at all), so two agreeing
    evaluations are never two evaluations that both round the answer away.
    The precision then doubles until two successive values agree to
    ``dps + 5`` digits.  Two zeros do not count as agreement: a value that
    cancels inside one input (:math:`\\log\\cosh 10^{-150}`) is 0 until the
    precision reaches its size, so zeros go on doubling up to the limit.
    Agreement is relative only: the residue of terms that cancel exactly
    (:math:`y\log y - y\log\hat y` at :math:`y = \hat y`) shrinks with the
    precision and never counts as a value.
    """
    exponents = [mpmath.mpf(float(a)).exp + mpmath.mpf(float(a)).bc for a in arguments if float(a) != 0]
    spread = (max(exponents) - min(exponents)) if exponents else 0
    digits = dps + 20 + int(0.61 * spread)
    with mpmath.workdps(digits):
        previous = function(*(mpmath.mpf(float(a)) for a in arguments))
    while digits < _MAX_DIGITS:
        digits = min(2 * digits, _MAX_DIGITS)
        with mpmath.workdps(digits):
            value = function(*(mpmath.mpf(float(a)) for a in arguments))
            if value != 0 and previous != 0 and mpmath.almosteq(value, previous, rel_eps=mpmath.mpf(10) ** -(dps + 5), abs_eps=0):
                break
        previous = value
    with mpmath.workdps(dps):
        return +value
