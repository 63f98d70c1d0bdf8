r"""Symbolic classification losses: elementwise losses with logarithms, and losses over a class axis.

Two classes share one robust mpmath evaluator:

* :class:`TermwiseLoss` is a :class:`~lossbook.symbolic.SymbolicLoss` (one
  element, ``y`` and ``ŷ`` scalars) whose reference values follow the
  convention :math:`0 \cdot \log 0 = 0`.
* :class:`ClassAxisLoss` has the same interface for losses of a whole row
  :math:`(y_1, \dots, y_K)`: its definition is written once for any number
  of classes :math:`K` with :class:`sympy.Sum` and :class:`sympy.Indexed`,
  and expanded for a concrete :math:`K` when it is evaluated.

Reference values are computed term by term: a term one of whose factors is
exactly zero is zero, even if another factor is infinite (a label of 0 times
:math:`-\log 0`), which is the limit :math:`x\log x \to 0`.  Their
precision follows the one policy of :class:`~lossbook.symbolic.SymbolicLoss`
(``_stable_value``): it starts from the inputs' dynamic range and doubles
until two non-zero values agree, so :math:`\log(1 - 10^{-300})` and
:math:`\log(1 + e^{-710})` are resolved, not rounded to 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import mpmath
import numpy as np
import sympy as sp

from .._display import FormulaDisplay
from ._core import REFERENCE_DIGITS, SymbolicLoss, _stable_value

__all__ = ["TermwiseLoss", "ClassAxisLoss", "N_CLASSES", "CLASS", "OTHER_CLASS", "GRADIENT_CLASS"]

#: The number of classes, :math:`K`.
N_CLASSES = sp.Symbol("K", integer=True, positive=True)
#: The summation index over the classes, :math:`k`.
CLASS = sp.Symbol("k", integer=True, positive=True)
#: A second summation index (inside the softmax), :math:`j`.
OTHER_CLASS = sp.Symbol("j", integer=True, positive=True)
#: The class a gradient is taken for, :math:`i` (distinct from both summation indices).
GRADIENT_CLASS = sp.Symbol("i", integer=True, positive=True)


def _termwise(expr: sp.Expr, symbols) -> callable:
    """An mpmath function of ``symbols`` evaluating ``expr`` term by term with ``0 * anything = 0``."""
    terms = [
        [sp.lambdify(symbols, factor, modules="mpmath") for factor in sp.Mul.make_args(term)]
        for term in sp.Add.make_args(expr)
    ]

    def evaluate(*values):
        total = mpmath.mpf(0)
        for factors in terms:
            product = mpmath.mpf(1)
            for factor in factors:
                value = factor(*values)
                if value == 0:
                    product = mpmath.mpf(0)
                    break
                product *= value
            total += product
        return total

    return evaluate


@dataclass(frozen=True, eq=False)
class TermwiseLoss(SymbolicLoss):
    """A :class:`~lossbook.symbolic.SymbolicLoss` whose references treat ``0 * log 0`` as 0.

    Same interface as its parent; only the evaluation differs (term by term)
    and the LaTeX keeps the order in
    which the formula was written (``1 - y`` rather than ``-y + 1``).
    """

    def latex(self) -> str:
        head = r"\ell\left(" + sp.latex(self.y_true) + ", " + sp.latex(self.y_pred)
        if self.params:
            head += "; " + ", ".join(sp.latex(p) for p in self.params)
        return head + r"\right) = " + sp.latex(self.expr, order="old")

    def gradient_latex(self) -> str:
        return (
            r"\frac{\partial \ell}{\partial " + sp.latex(self.y_pred) + "} = "
            + sp.latex(self.gradient, order="old")
        )

    def _evaluate(self, expr, y_true, y_pred, *, dps: int, **params) -> np.ndarray:
        missing = {p.name for p in self.params} - set(params)
        if missing:
            raise TypeError(f"{self.name} reference needs the hyper-parameters {sorted(missing)}")
        function = _termwise(expr, self.symbols)
        true = np.asarray(y_true, dtype=float)
        pred = np.asarray(y_pred, dtype=float)
        values = [float(params[p.name]) for p in self.params]
        out = [_stable_value(function, (t, q, *values), dps) for t, q in zip(true.ravel(), pred.ravel())]
        return np.array(out, dtype=object).reshape(true.shape)


def _vector_latex(base) -> str:
    """``\\mathbf{y}`` for an IndexedBase ``y``, ``\\hat{\\mathbf{y}}`` for ``\\hat{y}``, a symbol as is."""
    if isinstance(base, sp.IndexedBase):
        name = str(base.label)
        if name.startswith(r"\hat{") and name.endswith("}"):
            return r"\hat{\mathbf{" + name[5:-1] + "}}"
        return r"\mathbf{" + name + "}"
    return sp.latex(base)


def _first_branch(expr: sp.Expr) -> sp.Expr:
    """Drop the ``(0, otherwise)`` branch SymPy adds when differentiating a sum by one of its terms.

    ``d/dŷ_i sum_k f(ŷ_k)`` comes back as ``Piecewise((f'(ŷ_i), 1 <= i <= K), (0, True))``;
    the class index is always in range here, so the first branch is the derivative.
    """
    return expr.replace(lambda e: isinstance(e, sp.Piecewise), lambda e: e.args[0].expr)


@dataclass(frozen=True, eq=False)
class ClassAxisLoss(FormulaDisplay):
    r"""A loss of one sample's row of :math:`K` classes, written once for any :math:`K`.

    Parameters
    ----------
    name : str
        The numeric function it defines (``"categorical_cross_entropy"``).
    expr : sympy.Expr
        The per-sample loss in ``y_true[k]``, ``y_pred[k]`` (or the label
        ``y_true`` itself, if ``sparse``) and :data:`N_CLASSES`, with sums as
        :class:`sympy.Sum` over :math:`k = 1, \dots, K`.
    y_true : sympy.IndexedBase or sympy.Symbol
        The target row :math:`\mathbf y`, or the class label :math:`c` if ``sparse``.
    y_pred : sympy.IndexedBase
        The predicted row (probabilities :math:`\hat{\mathbf y}` or logits :math:`\mathbf z`).
    sparse : bool
        True if the target is an integer class label (``0 .. K-1`` in code,
        index ``c + 1`` in the 1-based formula).
    params : tuple of sympy.Symbol
        Hyper-parameters (none so far), named as the numeric keyword arguments.

    Notes
    -----
    :meth:`reference` returns one value per row (the class axis reduced),
    :meth:`gradient_reference` one value per element
    (:math:`\partial\ell/\partial \hat y_j`), so both plug into the same
    generic tests as the elementwise losses.
    """

    name: str
    expr: sp.Expr
    y_true: sp.Basic
    y_pred: sp.IndexedBase
    sparse: bool = False
    params: tuple[sp.Symbol, ...] = field(default=())

    # ------------------------------------------------------------------ display
    def latex(self) -> str:
        r"""LaTeX of :math:`\ell(\mathbf y, \hat{\mathbf y}) = \dots` for any number of classes :math:`K`."""
        head = r"\ell\left(" + _vector_latex(self.y_true) + ", " + _vector_latex(self.y_pred) + r"\right) = "
        return head + sp.latex(self.expr, order="old")

    @cached_property
    def gradient(self) -> sp.Expr:
        r""":math:`\partial \ell / \partial \hat y_i` for a class :math:`i` (index :data:`GRADIENT_CLASS`)."""
        derivative = sp.diff(self.expr, self.y_pred[GRADIENT_CLASS]).doit()
        return sp.simplify(_first_branch(derivative))

    def gradient_latex(self) -> str:
        r"""LaTeX of :math:`\partial\ell/\partial\hat y_i = \dots`."""
        return (
            r"\frac{\partial \ell}{\partial " + sp.latex(self.y_pred[GRADIENT_CLASS]) + "} = "
            + sp.latex(self.gradient, order="old")
        )

    # ------------------------------------------------------------------ concrete K
    def expression(self, n_classes: int, label: int | None = None):
        """The loss expanded for ``n_classes`` classes, in plain symbols.

        Returns ``(expr, targets, predictions)``: ``targets`` and
        ``predictions`` are tuples of :class:`sympy.Symbol` (``y_1 .. y_K``,
        ``ŷ_1 .. ŷ_K``); for a sparse loss ``label`` (0-based) fixes the class
        and ``targets`` is empty.
        """
        return _expand(self, int(n_classes), None if label is None else int(label))

    def _functions(self, n_classes: int, label):
        return _compiled(self, n_classes, label)

    # ------------------------------------------------------------------ references
    def reference(self, y_true, y_pred, *, dps: int = REFERENCE_DIGITS, **params) -> np.ndarray:
        """Per-sample losses (one per row) at ``dps`` digits, as an object array of ``mpmath.mpf``."""
        return self._evaluate(y_true, y_pred, dps=dps, gradient=False)

    def gradient_reference(self, y_true, y_pred, *, dps: int = REFERENCE_DIGITS, **params) -> np.ndarray:
        r""":math:`\partial\ell/\partial\hat y_j` for every element of ``y_pred`` (same shape)."""
        return self._evaluate(y_true, y_pred, dps=dps, gradient=True)

    def cost_reference(self, y_true, y_pred, *, reduction: str = "mean", dps: int = REFERENCE_DIGITS, **params):
        """The reduced loss (``"mean"`` or ``"sum"``) over the rows, as an ``mpf``."""
        losses = self.reference(y_true, y_pred, dps=dps).ravel()
        with mpmath.workdps(dps):
            total = mpmath.fsum(losses)
            return total if reduction == "sum" else total / len(losses)

    def _rows(self, y_true, y_pred):
        pred = np.asarray(y_pred, dtype=float)
        n_classes = pred.shape[-1]
        pred_rows = pred.reshape(-1, n_classes)
        if self.sparse:
            true_rows = np.asarray(y_true).reshape(-1, 1)
        else:
            true_rows = np.asarray(y_true, dtype=float).reshape(-1, n_classes)
        return pred.shape, n_classes, true_rows, pred_rows

    def _evaluate(self, y_true, y_pred, *, dps: int, gradient: bool) -> np.ndarray:
        shape, n_classes, true_rows, pred_rows = self._rows(y_true, y_pred)
        rounded = []
        for true, pred in zip(true_rows, pred_rows):
            label = int(true[0]) if self.sparse else None
            loss, gradients = self._functions(n_classes, label)
            values = (*([] if self.sparse else true), *pred)
            if gradient:
                rounded.append([_stable_value(g, values, dps) for g in gradients])
            else:
                rounded.append(_stable_value(loss, values, dps))
        result = np.empty((len(rounded), n_classes) if gradient else len(rounded), dtype=object)
        for i, value in enumerate(rounded):
            result[i] = value
        return result.reshape(shape if gradient else shape[:-1])


@lru_cache(maxsize=None)
def _expand(loss: ClassAxisLoss, n_classes: int, label):
    expr = loss.expr.subs(N_CLASSES, n_classes)
    if loss.sparse:
        expr = expr.subs(loss.y_true, label + 1)
    expr = expr.doit()
    pred_name = str(loss.y_pred.label)
    predictions = tuple(sp.Symbol(f"{pred_name}_{k}", real=True) for k in range(1, n_classes + 1))
    replacements = {loss.y_pred[k]: predictions[k - 1] for k in range(1, n_classes + 1)}
    targets: tuple = ()
    if not loss.sparse:
        true_name = str(loss.y_true.label)
        targets = tuple(sp.Symbol(f"{true_name}_{k}", real=True) for k in range(1, n_classes + 1))
        replacements.update({loss.y_true[k]: targets[k - 1] for k in range(1, n_classes + 1)})
    return expr.xreplace(replacements), targets, predictions


@lru_cache(maxsize=None)
def _compiled(loss: ClassAxisLoss, n_classes: int, label):
    expr, targets, predictions = _expand(loss, n_classes, label)
    symbols = (*targets, *predictions)
    gradients = tuple(_termwise(sp.diff(expr, q), symbols) for q in predictions)
    return _termwise(expr, symbols), gradients
