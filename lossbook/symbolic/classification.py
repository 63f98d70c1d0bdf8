r"""SymPy definitions of the output activations and classification losses.

Mirrors :mod:`lossbook.activations` and :mod:`lossbook.losses`.  Each
function returns the definition of the numeric function of the same name;
the numeric code is tested against these at 50 digits.

Symbols: ``Y_TRUE`` (:math:`y`) and ``Y_PRED`` (:math:`\hat y`, a probability
or a score) from :mod:`lossbook.symbolic` for one element, :data:`LOGIT`
(:math:`z`); for a row of :math:`K` classes the indexed :data:`TARGETS`
(:math:`y_k`), :data:`PROBABILITIES` (:math:`\hat y_k`), :data:`LOGITS`
(:math:`z_k`) and the class label :data:`LABEL` (:math:`c`), with the class
indices ``CLASS`` (:math:`k`), ``OTHER_CLASS`` (:math:`j`), ``GRADIENT_CLASS``
(:math:`i`) and the number of classes ``N_CLASSES`` (:math:`K`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import mpmath
import numpy as np
import sympy as sp

from .javascript import log1p
from ._core import REFERENCE_DIGITS, Y_PRED, Y_TRUE, SymbolicLoss, _stable_value
from ._vector import CLASS, GRADIENT_CLASS, N_CLASSES, OTHER_CLASS, ClassAxisLoss, TermwiseLoss

__all__ = [
    "LOGIT", "TARGETS", "PROBABILITIES", "LOGITS", "LABEL", "TEMPERATURE", "GAMMA", "ALPHA", "POS_WEIGHT",
    "N_CLASSES", "CLASS", "OTHER_CLASS", "GRADIENT_CLASS",
    "sigmoid_of", "softmax_of",
    "SymbolicActivation", "activation",
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "hinge", "squared_hinge",
    "binary_focal_loss", "binary_focal_loss_with_logits",
    "weighted_binary_cross_entropy", "weighted_binary_cross_entropy_with_logits",
    "categorical_cross_entropy", "categorical_cross_entropy_with_logits",
    "sparse_categorical_cross_entropy", "sparse_categorical_cross_entropy_with_logits",
    "kl_divergence", "multilabel_binary_cross_entropy", "multilabel_binary_cross_entropy_with_logits",
    "plain_logits", "sigmoid_float_form", "softmax_float_form", "cross_entropy_with_logits_float_form",
    "cross_entropy_with_logits_gradient_float_form", "multilabel_binary_cross_entropy_with_logits_float_form",
]

#: One logit :math:`z` (the raw output of the last layer).
LOGIT = sp.Symbol("z", real=True)
#: The target row, :math:`y_k`.
TARGETS = sp.IndexedBase("y", real=True)
#: The predicted probabilities, :math:`\hat y_k`.
PROBABILITIES = sp.IndexedBase(r"\hat{y}", real=True)
#: The logits of a row, :math:`z_k`.
LOGITS = sp.IndexedBase("z", real=True)
#: The true class :math:`c` of a sample (integer labels).
LABEL = sp.Symbol("c", integer=True, positive=True)
#: Softmax temperature :math:`T`.
TEMPERATURE = sp.Symbol("T", positive=True)
#: Focusing exponent :math:`\gamma \ge 0` of the focal loss (keyword ``gamma``).
GAMMA = sp.Symbol("gamma", nonnegative=True)
#: Class balance :math:`\alpha \in [0, 1]` of the focal loss: positives weighted α, negatives 1 − α.
ALPHA = sp.Symbol("alpha", nonnegative=True)
#: Weight :math:`w` of the positive term of binary cross-entropy (keyword ``pos_weight``).
POS_WEIGHT = sp.Symbol("w", nonnegative=True)


def sigmoid_of(t: sp.Expr) -> sp.Expr:
    r""":math:`\sigma(t) = 1/(1 + e^{-t})`."""
    return 1 / (1 + sp.exp(-t))


def softmax_of(logits: sp.IndexedBase, k: sp.Expr, *, temperature: sp.Expr = sp.Integer(1)) -> sp.Expr:
    r""":math:`e^{z_k/T} / \sum_{j=1}^K e^{z_j/T}` as a SymPy expression (general :math:`K`)."""
    return sp.exp(logits[k] / temperature) / sp.Sum(sp.exp(logits[OTHER_CLASS] / temperature), (OTHER_CLASS, 1, N_CLASSES))


# ---------------------------------------------------------------------- activations
@dataclass(frozen=True, eq=False)
class SymbolicActivation:
    r"""An output activation written once in SymPy.

    ``expr`` is elementwise in :data:`LOGIT` (sigmoid, tanh) or, if
    ``class_axis``, a function of the row :data:`LOGITS` for class
    ``CLASS`` (softmax, log-softmax) or of the whole row (logsumexp,
    ``reduces=True``).
    """

    name: str
    expr: sp.Expr
    class_axis: bool = False
    reduces: bool = False

    def latex(self) -> str:
        """LaTeX of the definition, ready for a ``$$`` block."""
        if not self.class_axis:
            head = rf"\operatorname{{{self.name}}}(z)"
        elif self.reduces:
            head = rf"\operatorname{{{self.name}}}(\mathbf{{z}})"
        else:
            head = rf"\operatorname{{{self.name}}}(\mathbf{{z}})_k"
        return head + " = " + sp.latex(self.expr, order="old")

    @property
    def derivative(self) -> sp.Expr:
        """:math:`d/dz` of an elementwise activation (as one fraction, in exponentials)."""
        if self.class_axis:
            raise TypeError(f"{self.name} acts on a row; differentiate expression(K) by each logit instead")
        return sp.together(sp.diff(self.expr, LOGIT))

    def expression(self, n_classes: int, k: int = 1) -> tuple[sp.Expr, tuple[sp.Symbol, ...]]:
        """The definition for ``n_classes`` classes (class ``k``, 1-based), in plain symbols ``z_1 .. z_K``."""
        logits = tuple(sp.Symbol(f"z_{j}", real=True) for j in range(1, n_classes + 1))
        expr = self.expr.subs({N_CLASSES: n_classes, CLASS: k, TEMPERATURE: 1}).doit()
        return expr.xreplace({LOGITS[j]: logits[j - 1] for j in range(1, n_classes + 1)}), logits

    def reference(self, z, *, dps: int = REFERENCE_DIGITS) -> np.ndarray:
        """Values at ``dps`` digits (object array of mpf): elementwise, per element of a row, or per row."""
        z = np.asarray(z, dtype=float)
        if not self.class_axis:
            function = sp.lambdify(LOGIT, self.expr, modules="mpmath")
            values = [_stable_value(function, (v,), dps) for v in z.ravel()]
            shape = z.shape
        else:
            n_classes = z.shape[-1]
            rows = z.reshape(-1, n_classes)
            classes = [1] if self.reduces else range(1, n_classes + 1)
            functions = [sp.lambdify(self.expression(n_classes, k)[1], self.expression(n_classes, k)[0], modules="mpmath") for k in classes]
            values = [_stable_value(f, row, dps) for row in rows for f in functions]
            shape = z.shape[:-1] if self.reduces else z.shape
        return np.array(values, dtype=object).reshape(shape)


@cache
def activation(name: str) -> SymbolicActivation:
    """The symbolic definition of the activation ``name`` (``"sigmoid"``, ``"softmax"``, ...)."""
    z_k = LOGITS[CLASS]
    total = sp.Sum(sp.exp(LOGITS[OTHER_CLASS]), (OTHER_CLASS, 1, N_CLASSES))
    definitions = {
        "sigmoid": SymbolicActivation("sigmoid", sigmoid_of(LOGIT)),
        "tanh": SymbolicActivation("tanh", (sp.exp(LOGIT) - sp.exp(-LOGIT)) / (sp.exp(LOGIT) + sp.exp(-LOGIT))),
        "softmax": SymbolicActivation("softmax", softmax_of(LOGITS, CLASS, temperature=TEMPERATURE), class_axis=True),
        "log_softmax": SymbolicActivation("log_softmax", sp.log(sp.exp(z_k) / total), class_axis=True),
        "logsumexp": SymbolicActivation("logsumexp", sp.log(total), class_axis=True, reduces=True),
    }
    try:
        return definitions[name]
    except KeyError:
        raise KeyError(f"no activation called {name!r}; known: {', '.join(definitions)}") from None


# ---------------------------------------------------------------------- binary
@cache
def binary_cross_entropy() -> TermwiseLoss:
    r""":math:`-[y\log\hat y + (1-y)\log(1-\hat y)]`."""
    # float form: each term is 0 where its label weight is 0 (the limit of x log x), not 0·∞
    float_form = -(sp.Piecewise((0, sp.Eq(Y_TRUE, 0)), (Y_TRUE * sp.log(Y_PRED), True))
                   + sp.Piecewise((0, sp.Eq(Y_TRUE, 1)), ((1 - Y_TRUE) * log1p(-Y_PRED), True)))
    return TermwiseLoss(
        "binary_cross_entropy", -(Y_TRUE * sp.log(Y_PRED) + (1 - Y_TRUE) * sp.log(1 - Y_PRED)), float_form=float_form
    )


@cache
def binary_cross_entropy_with_logits() -> TermwiseLoss:
    r""":math:`-[y\log\sigma(z) + (1-y)\log\sigma(-z)]`, the cross-entropy of :math:`\hat y = \sigma(z)`."""
    expr = -(Y_TRUE * sp.log(sigmoid_of(LOGIT)) + (1 - Y_TRUE) * sp.log(sigmoid_of(-LOGIT)))
    # float form: softplus(z) − y z split at z = 0 so nothing cancels: (1 − y) z + log1p(e^{−z}) for
    # z ≥ 0, −y z + log1p(e^{z}) below; a term whose weight (1 − y or y) is 0 is 0, even for an infinite z
    z = LOGIT
    float_form = sp.Piecewise(
        (sp.Piecewise((0, sp.Eq(Y_TRUE, 1)), ((1 - Y_TRUE) * z, True)) + log1p(sp.exp(-z)), z >= 0),
        (sp.Piecewise((0, sp.Eq(Y_TRUE, 0)), (-Y_TRUE * z, True)) + log1p(sp.exp(z)), True),
    )
    return TermwiseLoss("binary_cross_entropy_with_logits", expr, y_pred=LOGIT, float_form=float_form)


@cache
def weighted_binary_cross_entropy() -> TermwiseLoss:
    r""":math:`-[w\,y\log\hat y + (1-y)\log(1-\hat y)]`: ``binary_cross_entropy(pos_weight=w)``."""
    expr = -(POS_WEIGHT * Y_TRUE * sp.log(Y_PRED) + (1 - Y_TRUE) * sp.log(1 - Y_PRED))
    return TermwiseLoss("binary_cross_entropy", expr, params=(POS_WEIGHT,))


@cache
def weighted_binary_cross_entropy_with_logits() -> TermwiseLoss:
    r""":math:`-[w\,y\log\sigma(z) + (1-y)\log\sigma(-z)]`: ``binary_cross_entropy(pos_weight=w, from_logits=True)``."""
    expr = -(POS_WEIGHT * Y_TRUE * sp.log(sigmoid_of(LOGIT)) + (1 - Y_TRUE) * sp.log(sigmoid_of(-LOGIT)))
    return TermwiseLoss("binary_cross_entropy", expr, y_pred=LOGIT, params=(POS_WEIGHT,))


@dataclass(frozen=True, eq=False)
class _DisplayedTermwiseLoss(TermwiseLoss):
    """A :class:`TermwiseLoss` whose :meth:`latex` prints its ``display_form`` (the formula as written)."""

    def latex(self) -> str:
        return SymbolicLoss.latex(self)


def _focal(y, positive, negative, log_positive, log_negative) -> tuple[sp.Expr, sp.Expr]:
    r"""The focal loss of a label ``y`` given :math:`\hat y` (``positive``) and :math:`1-\hat y`, and its display form.

    The definition is the sum of the two products
    :math:`-\alpha_t (1-p_t)^\gamma\, y\log\hat y` and
    :math:`-\alpha_t (1-p_t)^\gamma (1-y)\log(1-\hat y)`, so that the
    reference evaluator zeroes a term whose label weight is 0 (``0·log 0 = 0``).
    """
    alpha_t = ALPHA * y + (1 - ALPHA) * (1 - y)
    focus = (y * negative + (1 - y) * positive) ** GAMMA
    expr = -(alpha_t * focus * y * log_positive) - alpha_t * focus * (1 - y) * log_negative
    # as written: α y + (1 − α)(1 − y) and y(1 − ŷ) + (1 − y) ŷ, in this order
    def mul(*factors):
        return sp.Mul(*factors, evaluate=False)

    shown_alpha = sp.Add(mul(ALPHA, y), mul(1 - ALPHA, 1 - y), evaluate=False)
    shown_focus = sp.Pow(sp.Add(mul(y, negative), mul(1 - y, positive), evaluate=False), GAMMA, evaluate=False)
    cross_entropy = sp.Add(mul(y, log_positive), mul(1 - y, log_negative), evaluate=False)
    display = sp.Mul(-1, shown_alpha, shown_focus, cross_entropy, evaluate=False)
    return expr, display


@cache
def binary_focal_loss() -> TermwiseLoss:
    r""":math:`-\alpha_t (1 - p_t)^\gamma [y\log\hat y + (1-y)\log(1-\hat y)]`, :math:`p_t = y\hat y + (1-y)(1-\hat y)`.

    :math:`\alpha_t = \alpha y + (1-\alpha)(1-y)`; ``alpha=None`` in the
    numeric function is :math:`\alpha_t = 1`, i.e. twice the value at
    :math:`\alpha = 1/2`.
    """
    y, p = Y_TRUE, Y_PRED
    expr, display = _focal(y, p, 1 - p, sp.log(p), sp.log(1 - p))
    alpha_t = ALPHA * y + (1 - ALPHA) * (1 - y)
    # float form: the cross-entropy's float form (0 · log 0 = 0), times a factor that is finite
    float_form = alpha_t * (y * (1 - p) + (1 - y) * p) ** GAMMA * binary_cross_entropy().float_form
    return _DisplayedTermwiseLoss("binary_focal_loss", expr, params=(GAMMA, ALPHA),
                                  float_form=float_form, display_form=display)


@cache
def binary_focal_loss_with_logits() -> TermwiseLoss:
    r"""The focal loss of :math:`\hat y = \sigma(z)`: :math:`1 - p_t = y\,\sigma(-z) + (1-y)\,\sigma(z)`."""
    y, z = Y_TRUE, LOGIT
    expr, display = _focal(y, sigmoid_of(z), sigmoid_of(-z), sp.log(sigmoid_of(z)), sp.log(sigmoid_of(-z)))
    alpha_t = ALPHA * y + (1 - ALPHA) * (1 - y)
    miss = y * sigmoid_float_form(-z) + (1 - y) * sigmoid_float_form(z)
    float_form = alpha_t * miss**GAMMA * binary_cross_entropy_with_logits().float_form
    return _DisplayedTermwiseLoss("binary_focal_loss_with_logits", expr, y_pred=LOGIT, params=(GAMMA, ALPHA),
                                  float_form=float_form, display_form=display)


@cache
def hinge() -> TermwiseLoss:
    r""":math:`\max(0, 1 - y\hat y)` for :math:`y = \pm 1`."""
    return TermwiseLoss("hinge", sp.Max(0, 1 - Y_TRUE * Y_PRED))


@cache
def squared_hinge() -> TermwiseLoss:
    r""":math:`\max(0, 1 - y\hat y)^2` for :math:`y = \pm 1`."""
    return TermwiseLoss("squared_hinge", sp.Max(0, 1 - Y_TRUE * Y_PRED) ** 2)


# ---------------------------------------------------------------------- multi-class
def _sum(term: sp.Expr) -> sp.Sum:
    return sp.Sum(term, (CLASS, 1, N_CLASSES))


@cache
def categorical_cross_entropy() -> ClassAxisLoss:
    r""":math:`-\sum_k y_k \log \hat y_k`."""
    y, p = TARGETS[CLASS], PROBABILITIES[CLASS]
    return ClassAxisLoss("categorical_cross_entropy", -_sum(y * sp.log(p)), TARGETS, PROBABILITIES)


@cache
def categorical_cross_entropy_with_logits() -> ClassAxisLoss:
    r""":math:`-\sum_k y_k \log\operatorname{softmax}(\mathbf z)_k`."""
    expr = -_sum(TARGETS[CLASS] * sp.log(softmax_of(LOGITS, CLASS)))
    return ClassAxisLoss("categorical_cross_entropy_with_logits", expr, TARGETS, LOGITS)


@cache
def sparse_categorical_cross_entropy() -> ClassAxisLoss:
    r""":math:`-\log \hat y_c` for the true class :math:`c`."""
    return ClassAxisLoss("sparse_categorical_cross_entropy", -sp.log(PROBABILITIES[LABEL]), LABEL, PROBABILITIES, sparse=True)


@cache
def sparse_categorical_cross_entropy_with_logits() -> ClassAxisLoss:
    r""":math:`-\log\operatorname{softmax}(\mathbf z)_c` for the true class :math:`c`."""
    expr = -sp.log(softmax_of(LOGITS, LABEL))
    return ClassAxisLoss("sparse_categorical_cross_entropy_with_logits", expr, LABEL, LOGITS, sparse=True)


@cache
def kl_divergence() -> ClassAxisLoss:
    r""":math:`\sum_k [y_k\log y_k - y_k\log\hat y_k - y_k + \hat y_k]` (generalized KL divergence).

    Written with two logarithms rather than :math:`\log(y_k/\hat y_k)`, so that
    every term is a product (``0 * log 0 = 0`` applies to each) and no
    reference evaluation divides by zero.
    """
    y, p = TARGETS[CLASS], PROBABILITIES[CLASS]
    return ClassAxisLoss("kl_divergence", _sum(y * sp.log(y) - y * sp.log(p) - y + p), TARGETS, PROBABILITIES)


# ---------------------------------------------------------------------- multi-label
@cache
def multilabel_binary_cross_entropy() -> ClassAxisLoss:
    r""":math:`-\sum_k [y_k\log\hat y_k + (1-y_k)\log(1-\hat y_k)]`."""
    y, p = TARGETS[CLASS], PROBABILITIES[CLASS]
    expr = -_sum(y * sp.log(p) + (1 - y) * sp.log(1 - p))
    return ClassAxisLoss("multilabel_binary_cross_entropy", expr, TARGETS, PROBABILITIES)


@cache
def multilabel_binary_cross_entropy_with_logits() -> ClassAxisLoss:
    r""":math:`-\sum_k [y_k\log\sigma(z_k) + (1-y_k)\log\sigma(-z_k)]`."""
    y, z = TARGETS[CLASS], LOGITS[CLASS]
    expr = -_sum(y * sp.log(sigmoid_of(z)) + (1 - y) * sp.log(sigmoid_of(-z)))
    return ClassAxisLoss("multilabel_binary_cross_entropy_with_logits", expr, TARGETS, LOGITS)


# ---------------------------------------------------------------------- floating-point forms
# The same functions as the definitions above, written so that double precision neither
# overflows nor cancels over any input (the explorers print them as JavaScript).  Shifted
# exponents are kept as UnevaluatedExpr: otherwise SymPy's expm1 rewrite splits
# exp((z_j - max)/T) into exp(z_j/T)·exp(-max/T) and cancels the shift away.
def plain_logits(n_classes: int) -> tuple[sp.Symbol, ...]:
    """The logits of a row of ``n_classes`` classes as plain symbols ``z_1 .. z_K``."""
    return tuple(sp.Symbol(f"z_{j}", real=True) for j in range(1, int(n_classes) + 1))


def sigmoid_float_form(t: sp.Expr) -> sp.Expr:
    r""":math:`\sigma(t)` as :math:`e^{\min(t, 0)} / (1 + e^{-|t|})`: it only ever exponentiates a number :math:`\le 0`.

    Equal to :func:`sigmoid_of` (for :math:`t \ge 0` it is :math:`1/(1 + e^{-t})`,
    for :math:`t < 0` :math:`e^{t}/(1 + e^{t})`), and keeps full relative
    accuracy in both tails, like :func:`lossbook.sigmoid`.
    """
    return sp.exp(sp.Min(t, 0)) / (1 + sp.exp(-sp.Abs(t)))


def _shifted_exp(z: sp.Expr, shift: sp.Expr, temperature: sp.Expr) -> sp.Expr:
    return sp.exp(sp.UnevaluatedExpr((z - shift) / temperature))


def softmax_float_form(n_classes: int, k: int, *, temperature: sp.Expr = TEMPERATURE):
    r""":math:`\operatorname{softmax}(\mathbf z / T)_k` for ``n_classes`` classes (``k`` 1-based), largest logit subtracted.

    .. math:: \frac{e^{(z_k - m)/T}}{\sum_j e^{(z_j - m)/T}},\qquad m = \max_j z_j,

    equal to the definition (the factor :math:`e^{-m/T}` cancels) with every
    exponential at most 1, as :func:`lossbook.softmax` evaluates it.
    Returns ``(expr, logits)`` with ``logits`` from :func:`plain_logits`.
    """
    logits = plain_logits(n_classes)
    top = sp.Max(*logits)
    total = sp.Add(*(_shifted_exp(z, top, temperature) for z in logits))
    return _shifted_exp(logits[k - 1], top, temperature) / total, logits


def cross_entropy_with_logits_float_form(n_classes: int, label: int, *, temperature: sp.Expr = TEMPERATURE):
    r""":math:`-\log\operatorname{softmax}(\mathbf z / T)_c` for the class ``label`` (0-based, as integer labels).

    The sparse categorical cross-entropy from logits, divided by :math:`T`
    first.  If :math:`z_c` is the largest logit it is
    :math:`\operatorname{log1p}\bigl(\sum_{j \ne c} e^{(z_j - z_c)/T}\bigr)`,
    accurate however small; otherwise
    :math:`(m - z_c)/T + \log \sum_j e^{(z_j - m)/T}` with :math:`m = \max_j z_j`,
    a sum of two positive terms.  No exponential exceeds 1 in either branch.
    Returns ``(expr, logits)``.
    """
    logits = plain_logits(n_classes)
    true = logits[int(label)]
    others = [z for z in logits if z is not true]
    top = sp.Max(*logits)
    if not others:
        return sp.Integer(0), logits
    winner = log1p(sp.Add(*(_shifted_exp(z, true, temperature) for z in others)))
    loser = sp.UnevaluatedExpr((top - true) / temperature) + sp.log(
        sp.Add(*(_shifted_exp(z, top, temperature) for z in logits)))
    return sp.Piecewise((winner, true >= sp.Max(*others)), (loser, True)), logits


def cross_entropy_with_logits_gradient_float_form(n_classes: int, i: int, *, temperature: sp.Expr = TEMPERATURE):
    r""":math:`\partial\ell/\partial z_i = (\operatorname{softmax}(\mathbf z/T)_i - y_i)/T` (``i`` 1-based).

    The derivative of :math:`\ell = -\sum_k y_k \log\operatorname{softmax}(\mathbf z/T)_k`
    for a target that sums to 1, with the softmax in :func:`softmax_float_form`.
    Returns ``(expr, logits, target)``, ``target`` the symbol :math:`y_i`.
    """
    probability, logits = softmax_float_form(n_classes, i, temperature=temperature)
    target = sp.Symbol(f"y_{i}", real=True)
    return (probability - target) / temperature, logits, target


def multilabel_binary_cross_entropy_with_logits_float_form(n_classes: int):
    r"""The multi-label loss from logits for ``n_classes`` labels, each term in the binary floating-point form.

    :math:`\sum_k \bigl[\max(z_k, 0) + \operatorname{log1p}(e^{-|z_k|}) - y_k z_k\bigr]`,
    the float form of :func:`binary_cross_entropy_with_logits` summed over the
    labels.  Returns ``(expr, targets, logits)`` in plain symbols.
    """
    logits = plain_logits(n_classes)
    targets = tuple(sp.Symbol(f"y_{j}", real=True) for j in range(1, int(n_classes) + 1))
    term = binary_cross_entropy_with_logits().float_form
    return sp.Add(*(term.xreplace({Y_TRUE: y, LOGIT: z}) for y, z in zip(targets, logits))), targets, logits
