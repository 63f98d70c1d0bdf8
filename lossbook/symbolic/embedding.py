r"""Symbolic similarity and embedding losses: functions of several vectors at once.

:class:`RowLoss` generalises :class:`~lossbook.symbolic._vector.ClassAxisLoss`
from two rows to any number of arguments: each argument is either a row of
:math:`D` coordinates (a :class:`sympy.IndexedBase`, indexed by
:data:`COORD` :math:`k = 1 \dots D`) or one number per row (a
:class:`sympy.Symbol`, e.g. a pair's label).  The loss is written once for
any :math:`D` with :class:`sympy.Sum`, and expanded for a concrete :math:`D`
when it is evaluated.

:class:`BatchLoss` is the same for losses in which every sample's loss
depends on the whole batch (InfoNCE, NT-Xent): its arguments are matrices
indexed ``[j, k]`` (sample, coordinate), the loss of sample :data:`SAMPLE`
:math:`i` sums over :data:`OTHER` :math:`j = 1 \dots N`.

Reference values are exact to the digits asked for, even where the formula
cancels to hundreds of digits (:math:`1 - \cos` of vectors at an angle of
:math:`10^{-300}`): each sample is evaluated at increasing precision (up to
3000 digits) until two successive values agree, as
:class:`~lossbook.symbolic.SymbolicLoss` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

import mpmath
import numpy as np
import sympy as sp

from .._display import FormulaDisplay
from ._core import REFERENCE_DIGITS, _stable_value

__all__ = [
    "RowLoss",
    "BatchLoss",
    "DIM",
    "COORD",
    "BATCH",
    "SAMPLE",
    "OTHER",
    "MARGIN",
    "TEMPERATURE",
    "Distance",
    "Cosine",
    "BatchCosine",
    "expand_named",
    "cosine_similarity",
    "cosine_distance",
    "cosine_embedding_loss",
    "contrastive_loss",
    "triplet_margin_loss",
    "soft_margin_triplet_loss",
    "info_nce",
    "nt_xent",
]

#: The embedding dimension :math:`D` and the coordinate index :math:`k`.
DIM = sp.Symbol("D", integer=True, positive=True)
COORD = sp.Symbol("k", integer=True, positive=True)
#: The batch size :math:`N`, the sample :math:`i` whose loss is taken, and a summation index :math:`j`.
BATCH = sp.Symbol("N", integer=True, positive=True)
SAMPLE = sp.Symbol("i", integer=True, positive=True)
OTHER = sp.Symbol("j", integer=True, positive=True)

MARGIN = sp.Symbol("m", real=True)
TEMPERATURE = sp.Symbol(r"\tau", positive=True)

X1, X2 = sp.IndexedBase(r"\mathbf{u}"), sp.IndexedBase(r"\mathbf{v}")
ANCHOR, POSITIVE, NEGATIVE = sp.IndexedBase(r"\mathbf{a}"), sp.IndexedBase(r"\mathbf{p}"), sp.IndexedBase(r"\mathbf{n}")
LABEL = sp.Symbol("y", real=True)
SWAP = sp.Symbol("swap")  # a flag, not a number: selects the expression


def _row_sum(term: sp.Expr) -> sp.Sum:
    return sp.Sum(term, (COORD, 1, DIM))


def dot(u, v) -> sp.Expr:
    r""":math:`\sum_k u_k v_k` of two rows."""
    return _row_sum(u[COORD] * v[COORD])


def norm(u) -> sp.Expr:
    r""":math:`\lVert u\rVert_2 = \sqrt{\sum_k u_k^2}`."""
    return sp.sqrt(_row_sum(u[COORD] ** 2))


def cosine(u, v) -> sp.Expr:
    r""":math:`\cos(u, v) = u\cdot v / (\lVert u\rVert\lVert v\rVert)`."""
    return dot(u, v) / (norm(u) * norm(v))


def half_chord(u, v) -> sp.Expr:
    r""":math:`\tfrac12\lVert u/\lVert u\rVert - v/\lVert v\rVert\rVert^2`, equal to :math:`1 - \cos(u, v)`.

    The form the references evaluate: it is exactly 0 in any precision for
    parallel vectors (``1 - cos`` evaluated in mpmath leaves a rounding residue
    there that no finite precision removes).
    """
    return _row_sum((u[COORD] / norm(u) - v[COORD] / norm(v)) ** 2) / 2


def distance(u, v) -> sp.Expr:
    r""":math:`\lVert u - v\rVert_2`."""
    return sp.sqrt(_row_sum((u[COORD] - v[COORD]) ** 2))


def _plain(expr: sp.Expr) -> sp.Expr:
    """Max and Min as Piecewise, so derivatives are Piecewise too (not Heaviside)."""
    return expr.replace(lambda e: isinstance(e, (sp.Max, sp.Min)), lambda e: e.rewrite(sp.Piecewise))


def _latex_name(argument) -> str:
    return sp.latex(argument.label if isinstance(argument, sp.IndexedBase) else argument)


class _Named(sp.Function):
    """A named piece of a display form, :math:`d(\\mathbf a, \\mathbf p)` or :math:`\\cos(\\mathbf u, \\mathbf v)`.

    It prints by its name and stands for ``expansion(*args)``; :func:`expand_named`
    replaces it by that, so a display form is checked against the loss it shows.
    """

    symbol = ""
    expansion = None

    def definition(self) -> sp.Expr:
        return type(self).expansion(*self.args)

    def _latex(self, printer, exp=None):
        text = self.symbol + r"\left(" + ", ".join(self._argument_latex(printer)) + r"\right)"
        return text if exp is None else f"{text}^{{{exp}}}"

    def _argument_latex(self, printer):
        return [_latex_name(a) for a in self.args]


class Distance(_Named):
    r""":math:`d(\mathbf u, \mathbf v) = \lVert\mathbf u - \mathbf v\rVert_2` of two rows."""

    nargs, symbol, expansion = 2, "d", staticmethod(distance)


class Cosine(_Named):
    r""":math:`\cos(\mathbf u, \mathbf v)` of two rows."""

    nargs, symbol, expansion = 2, r"\cos", staticmethod(cosine)


class BatchCosine(_Named):
    r""":math:`\cos(\mathbf u_i, \mathbf v_j)`: rows ``i`` and ``j`` of two ``(N, D)`` matrices."""

    nargs, symbol, expansion = 4, r"\cos", staticmethod(lambda u, i, v, j: _batch_cosine(u, i, v, j))

    def _argument_latex(self, printer):
        u, i, v, j = self.args
        return [f"{_latex_name(u)}_{{{sp.latex(i)}}}", f"{_latex_name(v)}_{{{sp.latex(j)}}}"]


def expand_named(expr: sp.Expr) -> sp.Expr:
    """``expr`` with every named piece (:class:`Distance`, :class:`Cosine`, …) replaced by its definition."""
    return expr.replace(lambda e: isinstance(e, _Named), lambda e: e.definition())


def _written(head, *terms) -> sp.Expr:
    """``head(*terms)`` unevaluated, so a display form keeps the order it is written in."""
    return head(*terms, evaluate=False)


@dataclass(frozen=True, eq=False)
class RowLoss(FormulaDisplay):
    r"""A loss of one sample made of several rows (and per-row numbers), written once for any :math:`D`.

    Parameters
    ----------
    name : str
        The numeric function it defines (``"triplet_margin_loss"``).
    expr : sympy.Expr
        The per-sample loss, with coordinate sums as :class:`sympy.Sum` over
        :data:`COORD` from 1 to :data:`DIM`.
    arguments : tuple
        One entry per input of the numeric function, in its order: a
        :class:`sympy.IndexedBase` for a row of coordinates, a
        :class:`sympy.Symbol` for one number per row (a label).
    gradient_argument : int
        Position in ``arguments`` of the row :meth:`gradient_reference` differentiates by.
    params : tuple of sympy.Symbol
        Hyper-parameters, in the order of ``param_names``.
    param_names : tuple of str
        The numeric function's keyword names of ``params``.
    variants : mapping
        For a boolean option that changes the formula (``swap``): option name
        → ``{value: expr}``; ``expr`` is the variant for the option's default.
    reference_form : sympy.Expr, optional
        An equal expression the references evaluate instead of ``expr``, where
        ``expr`` leaves a rounding residue at an exact zero (``1 - cos`` of
        parallel vectors).  tests/test_embedding.py checks the two agree.
    display_form : sympy.Expr, optional
        The loss as textbooks write it, with named pieces (:class:`Distance`,
        :class:`Cosine`) instead of coordinate sums; :meth:`latex` prints it
        and tests/test_symbolic_forms.py checks that, expanded
        (:func:`expand_named`), it equals ``expr`` at 50 digits.
    """

    name: str
    expr: sp.Expr
    arguments: tuple
    gradient_argument: int = 0
    params: tuple = field(default=())
    param_names: tuple = field(default=())
    variants: dict = field(default_factory=dict)
    reference_form: sp.Expr | None = None
    display_form: sp.Expr | None = None

    # ------------------------------------------------------------------ display
    _head = r"\ell"

    def latex(self) -> str:
        r"""LaTeX of :math:`\ell(\mathbf a, \mathbf p, \mathbf n; m) = \dots`, for any dimension :math:`D`."""
        head = self._head + r"\left(" + ", ".join(_latex_name(a) for a in self.arguments)
        if self.params:
            head += "; " + ", ".join(sp.latex(p) for p in self.params)
        if self.display_form is not None:
            return head + r"\right) = " + sp.latex(self.display_form, order="none")
        return head + r"\right) = " + sp.latex(self.expr)

    @cached_property
    def gradient(self) -> sp.Expr:
        r""":math:`\partial\ell/\partial x_k` for the gradient argument :math:`x` and a coordinate :data:`COORD` ... symbolically.

        Only for display; the reference values differentiate the expanded expression.
        """
        base = self.arguments[self.gradient_argument]
        index = sp.Symbol("q", integer=True, positive=True)
        derivative = sp.diff(_plain(self.expr), base[index]).doit()
        return derivative.replace(
            lambda e: isinstance(e, sp.Piecewise) and e.args[-1].cond == sp.true and e.args[-1].expr == 0
            and len(e.args) == 2 and isinstance(e.args[0].cond, sp.And),
            lambda e: e.args[0].expr,
        )

    # ------------------------------------------------------------------ concrete D
    def _expr(self, options: dict) -> sp.Expr:
        expr = self.expr if self.reference_form is None else self.reference_form
        for option, table in self.variants.items():
            expr = table[bool(options.get(option, False))]
        return expr

    def expression(self, dim: int, **options):
        """The loss expanded for rows of ``dim`` coordinates: ``(expr, symbols)``, ``symbols`` per argument."""
        return _expand_rows(self, int(dim), tuple(sorted(options.items())))

    # ------------------------------------------------------------------ references
    def _split(self, kwargs):
        options = {k: kwargs.pop(k) for k in list(kwargs) if k in self.variants}
        missing = set(self.param_names) - set(kwargs)
        if missing:
            raise TypeError(f"{self.name} reference needs the hyper-parameters {sorted(missing)}")
        return options, [float(kwargs[p]) for p in self.param_names]

    def _rows(self, inputs):
        first = np.asarray(inputs[self._first_row()], dtype=float)
        shape, dim = first.shape[:-1], first.shape[-1]
        rows = []
        for argument, value in zip(self.arguments, inputs):
            array = np.asarray(value, dtype=float)
            rows.append(array.reshape(-1, dim) if isinstance(argument, sp.IndexedBase) else array.reshape(-1, 1))
        return shape, dim, rows

    def _first_row(self) -> int:
        return next(i for i, a in enumerate(self.arguments) if isinstance(a, sp.IndexedBase))

    def reference(self, *inputs, dps: int = REFERENCE_DIGITS, **params) -> np.ndarray:
        """Per-sample losses at ``dps`` digits: an object array of ``mpmath.mpf`` of shape ``x.shape[:-1]``."""
        options, values = self._split(dict(params))
        shape, dim, rows = self._rows(inputs)
        loss, _ = _compiled_rows(self, dim, tuple(sorted(options.items())))
        out = [_stable_value(loss, (*np.concatenate(parts), *values), dps) for parts in zip(*rows)]
        result = np.empty(len(out), dtype=object)
        result[:] = out
        return result.reshape(shape)

    def gradient_reference(self, *inputs, dps: int = REFERENCE_DIGITS, **params) -> np.ndarray:
        """Each sample's :math:`\\partial\\ell/\\partial x_k` for the gradient argument (its shape)."""
        options, values = self._split(dict(params))
        shape, dim, rows = self._rows(inputs)
        _, gradients = _compiled_rows(self, dim, tuple(sorted(options.items())))
        out = np.empty((len(rows[0]), dim), dtype=object)
        for r, parts in enumerate(zip(*rows)):
            arguments = (*np.concatenate(parts), *values)
            for k, g in enumerate(gradients):
                out[r, k] = _stable_value(g, arguments, dps)
        return out.reshape((*shape, dim))

    def cost_reference(self, *inputs, reduction: str = "mean", dps: int = REFERENCE_DIGITS, **params):
        """The reduced loss (``"mean"`` or ``"sum"``) over the samples, as an ``mpf``."""
        losses = self.reference(*inputs, dps=dps, **params).ravel()
        with mpmath.workdps(dps):
            total = mpmath.fsum(losses)
            return total if reduction == "sum" else total / len(losses)


@lru_cache(maxsize=None)
def _expand_rows(loss: RowLoss, dim: int, options: tuple):
    expr = loss._expr(dict(options)).subs(DIM, dim).doit()
    symbols, replacements = [], {}
    for argument in loss.arguments:
        if isinstance(argument, sp.IndexedBase):
            row = tuple(sp.Symbol(f"{argument.label}_{k}", real=True) for k in range(1, dim + 1))
            replacements.update({argument[k]: row[k - 1] for k in range(1, dim + 1)})
            symbols.append(row)
        else:
            symbols.append((argument,))
    return expr.xreplace(replacements), tuple(symbols)


@lru_cache(maxsize=None)
def _compiled_rows(loss: RowLoss, dim: int, options: tuple):
    expr, symbols = _expand_rows(loss, dim, options)
    flat = [s for group in symbols for s in group] + list(loss.params)
    plain = _plain(expr)
    gradients = tuple(
        sp.lambdify(flat, sp.diff(plain, s), modules="mpmath") for s in symbols[loss.gradient_argument]
    )
    return sp.lambdify(flat, plain, modules="mpmath"), gradients


@dataclass(frozen=True, eq=False)
class BatchLoss(RowLoss):
    r"""A loss whose every sample depends on the whole batch (arguments are ``(N, D)`` matrices).

    ``expr`` is the loss of sample :data:`SAMPLE` :math:`i`, with the
    arguments indexed ``[j, k]`` (sample, coordinate), sums over samples as
    :class:`sympy.Sum` over :data:`OTHER` from 1 to :data:`BATCH`.
    :meth:`gradient_reference` returns the derivative of the **summed** cost
    :math:`\sum_i \ell_i` with respect to each element of the gradient
    argument (shape ``(N, D)``): one sample's loss depends on every row.
    """

    #: :meth:`gradient_reference` differentiates the summed cost, not each sample's loss.
    gradient_of_total = True
    _head = r"\ell_i"

    @cached_property
    def gradient(self) -> sp.Expr:  # no closed form worth printing
        raise NotImplementedError(f"{self.name}: see gradient_reference (derivative of the summed cost)")

    def reference(self, *inputs, dps: int = REFERENCE_DIGITS, **params) -> np.ndarray:
        _, values = self._split(dict(params))
        matrices = [np.asarray(x, dtype=float) for x in inputs]
        n, dim = matrices[0].shape
        flat = [float(v) for m in matrices for v in m.ravel()] + values
        out = [_stable_value(_compiled_sample(self, n, dim, i), flat, dps) for i in range(1, n + 1)]
        result = np.empty(n, dtype=object)
        result[:] = out
        return result

    def gradient_reference(self, *inputs, dps: int = REFERENCE_DIGITS, **params) -> np.ndarray:
        _, values = self._split(dict(params))
        matrices = [np.asarray(x, dtype=float) for x in inputs]
        n, dim = matrices[0].shape
        flat = [float(v) for m in matrices for v in m.ravel()] + values
        gradients = _compiled_batch_gradient(self, n, dim)
        out = np.empty(n * dim, dtype=object)
        out[:] = [_stable_value(g, flat, dps) for g in gradients]
        return out.reshape(n, dim)


def _batch_symbols(loss: BatchLoss, n: int, dim: int):
    symbols, replacements = [], {}
    for argument in loss.arguments:
        grid = [[sp.Symbol(f"{argument.label}_{j}{k}", real=True) for k in range(1, dim + 1)] for j in range(1, n + 1)]
        replacements.update({argument[j, k]: grid[j - 1][k - 1] for j in range(1, n + 1) for k in range(1, dim + 1)})
        symbols.append(grid)
    return symbols, replacements


@lru_cache(maxsize=None)
def _expand_sample(loss: BatchLoss, n: int, dim: int, i: int) -> sp.Expr:
    _, replacements = _batch_symbols(loss, n, dim)
    return loss.expr.subs({BATCH: n, DIM: dim, SAMPLE: i}).doit().xreplace(replacements)


def _flat_symbols(loss: BatchLoss, n: int, dim: int):
    symbols, _ = _batch_symbols(loss, n, dim)
    return [s for grid in symbols for row in grid for s in row] + list(loss.params), symbols


@lru_cache(maxsize=None)
def _compiled_sample(loss: BatchLoss, n: int, dim: int, i: int):
    flat, _ = _flat_symbols(loss, n, dim)
    return sp.lambdify(flat, _expand_sample(loss, n, dim, i), modules="mpmath")


@lru_cache(maxsize=None)
def _compiled_batch_gradient(loss: BatchLoss, n: int, dim: int):
    flat, symbols = _flat_symbols(loss, n, dim)
    total = sp.Add(*(_expand_sample(loss, n, dim, i) for i in range(1, n + 1)))
    return tuple(
        sp.lambdify(flat, sp.diff(total, s), modules="mpmath")
        for row in symbols[loss.gradient_argument] for s in row
    )


# ====================================================================== definitions
@cache
def cosine_similarity() -> RowLoss:
    r""":math:`\cos(\mathbf u, \mathbf v) = \sum_k u_k v_k / (\lVert\mathbf u\rVert\lVert\mathbf v\rVert)` (a similarity)."""
    return RowLoss("cosine_similarity", cosine(X1, X2), (X1, X2), display_form=Cosine(X1, X2))


@cache
def cosine_distance() -> RowLoss:
    r""":math:`1 - \cos(\mathbf u, \mathbf v)`, evaluated as :func:`half_chord`."""
    return RowLoss("cosine_distance", 1 - cosine(X1, X2), (X1, X2), reference_form=half_chord(X1, X2),
                   display_form=_written(sp.Add, 1, -Cosine(X1, X2)))


@cache
def cosine_embedding_loss() -> RowLoss:
    r""":math:`1 - \cos` for :math:`y = 1`, :math:`\max(0, \cos - m)` for :math:`y = -1` (PyTorch's convention)."""
    c = cosine(X1, X2)
    expr = sp.Piecewise((1 - c, sp.Eq(LABEL, 1)), (sp.Max(0, c - MARGIN), True))
    form = sp.Piecewise((half_chord(X1, X2), sp.Eq(LABEL, 1)), (sp.Max(0, c - MARGIN), True))
    shown = sp.Piecewise((_written(sp.Add, 1, -Cosine(X1, X2)), sp.Eq(LABEL, 1)),
                         (sp.Max(0, _written(sp.Add, Cosine(X1, X2), -MARGIN)), True))
    return RowLoss("cosine_embedding_loss", expr, (X1, X2, LABEL), params=(MARGIN,), param_names=("margin",),
                   reference_form=form, display_form=shown)


@cache
def contrastive_loss() -> RowLoss:
    r""":math:`y\,d^2 + (1 - y)\max(0, m - d)^2`, :math:`d = \lVert\mathbf u - \mathbf v\rVert`, :math:`y = 1` similar."""
    d = distance(X1, X2)
    expr = LABEL * d**2 + (1 - LABEL) * sp.Max(0, MARGIN - d) ** 2
    d_shown = Distance(X1, X2)
    shown = _written(sp.Add, LABEL * d_shown**2,
                     _written(sp.Mul, 1 - LABEL, sp.Max(0, _written(sp.Add, MARGIN, -d_shown)) ** 2))
    return RowLoss("contrastive_loss", expr, (X1, X2, LABEL), params=(MARGIN,), param_names=("margin",),
                   display_form=shown)


def _negative_distance(swap: bool) -> sp.Expr:
    if swap:
        return sp.Min(distance(ANCHOR, NEGATIVE), distance(POSITIVE, NEGATIVE))
    return distance(ANCHOR, NEGATIVE)


@cache
def triplet_margin_loss() -> RowLoss:
    r""":math:`\max(0, d(\mathbf a, \mathbf p) - d(\mathbf a, \mathbf n) + m)`; with ``swap``, :math:`d(\mathbf a, \mathbf n) \to \min(d(\mathbf a, \mathbf n), d(\mathbf p, \mathbf n))`."""
    def loss(swap):
        return sp.Max(0, distance(ANCHOR, POSITIVE) - _negative_distance(swap) + MARGIN)

    shown = sp.Max(0, _written(sp.Add, Distance(ANCHOR, POSITIVE), -Distance(ANCHOR, NEGATIVE), MARGIN))
    return RowLoss(
        "triplet_margin_loss", loss(False), (ANCHOR, POSITIVE, NEGATIVE), params=(MARGIN,),
        param_names=("margin",), variants={"swap": {False: loss(False), True: loss(True)}}, display_form=shown,
    )


@cache
def soft_margin_triplet_loss() -> RowLoss:
    r""":math:`\log(1 + e^{d(\mathbf a, \mathbf p) - d(\mathbf a, \mathbf n)})` (Hermans et al. 2017)."""
    def loss(swap):
        return sp.log(1 + sp.exp(distance(ANCHOR, POSITIVE) - _negative_distance(swap)))

    shown = sp.log(_written(sp.Add, 1, sp.exp(_written(sp.Add, Distance(ANCHOR, POSITIVE), -Distance(ANCHOR, NEGATIVE)))))
    return RowLoss(
        "soft_margin_triplet_loss", loss(False), (ANCHOR, POSITIVE, NEGATIVE),
        variants={"swap": {False: loss(False), True: loss(True)}}, display_form=shown,
    )


def _batch_cosine(u, i, v, j) -> sp.Expr:
    numerator = sp.Sum(u[i, COORD] * v[j, COORD], (COORD, 1, DIM))
    return numerator / sp.sqrt(sp.Sum(u[i, COORD] ** 2, (COORD, 1, DIM)) * sp.Sum(v[j, COORD] ** 2, (COORD, 1, DIM)))


@cache
def info_nce() -> BatchLoss:
    r""":math:`\ell_i = -\log\bigl(e^{s_{ii}/\tau} / \sum_j e^{s_{ij}/\tau}\bigr)`, :math:`s_{ij} = \cos(\mathbf a_i, \mathbf p_j)`."""
    def loss(cos, evaluate=True):
        s = lambda j: cos(ANCHOR, SAMPLE, POSITIVE, j)  # noqa: E731
        ratio = sp.Mul(sp.exp(s(SAMPLE) / TEMPERATURE),
                       1 / sp.Sum(sp.exp(s(OTHER) / TEMPERATURE), (OTHER, 1, BATCH)), evaluate=evaluate)
        return -sp.log(ratio)

    return BatchLoss("info_nce", loss(_batch_cosine), (ANCHOR, POSITIVE), params=(TEMPERATURE,),
                     param_names=("temperature",), display_form=loss(BatchCosine, evaluate=False))


@cache
def nt_xent() -> BatchLoss:
    r""":math:`\ell_i = \frac12[\ell(\mathbf a_i \to \mathbf p_i) + \ell(\mathbf p_i \to \mathbf a_i)]`, every other view a negative (SimCLR)."""
    def view(u, v, cos, evaluate):
        # the view u_i with positive v_i; negatives: every v_j (j != i) and every u_j (j != i)
        others = sp.Sum(sp.Add(sp.exp(cos(u, SAMPLE, v, OTHER) / TEMPERATURE),
                               (1 - sp.KroneckerDelta(SAMPLE, OTHER)) * sp.exp(cos(u, SAMPLE, u, OTHER) / TEMPERATURE),
                               evaluate=evaluate),
                        (OTHER, 1, BATCH))
        return -sp.log(sp.Mul(sp.exp(cos(u, SAMPLE, v, SAMPLE) / TEMPERATURE), 1 / others, evaluate=evaluate))

    def loss(cos, evaluate=True):
        return sp.Mul(sp.Rational(1, 2), sp.Add(view(ANCHOR, POSITIVE, cos, evaluate), view(POSITIVE, ANCHOR, cos, evaluate),
                                                 evaluate=evaluate), evaluate=evaluate)

    return BatchLoss("nt_xent", loss(_batch_cosine), (ANCHOR, POSITIVE), params=(TEMPERATURE,),
                     param_names=("temperature",), display_form=loss(BatchCosine, evaluate=False))
