r"""Losses as negative log-likelihoods, derived in SymPy.

A probabilistic model says how a target :math:`y` is distributed given the
prediction :math:`\hat y`: a density (or probability) :math:`p(y \mid \hat y)`.
Fitting by maximum likelihood minimises :math:`\sum_i -\log p(y_i \mid \hat y_i)`,
and for the usual noise models that negative log-likelihood is a familiar loss
up to an affine map:

.. math:: -\log p(y \mid \hat y) = a\,\ell(y, \hat y) + c,

with :math:`a > 0` and :math:`c` free of :math:`\hat y`, so both have the same
minimiser.  Each function here returns a :class:`LikelihoodDerivation` that
holds the density, the NLL, the loss (the catalogued SymPy definition, not a
copy of it), :math:`a`, :math:`c` and the proof step: the remainder
:math:`-\log p - (a\,\ell + c)`, which SymPy simplifies to 0.

* Gaussian noise, fixed :math:`\sigma`: :math:`r^2/2\sigma^2 + \log(\sigma\sqrt{2\pi})`, the squared error;
* Laplace noise, fixed :math:`b`: :math:`|r|/b + \log 2b`, the absolute error;
* asymmetric Laplace noise, fixed :math:`b`: :math:`\rho_\tau(r)/b + \log\frac{b}{\tau(1-\tau)}`, the quantile loss;
* Bernoulli, :math:`P(y = 1) = \hat y`: :math:`-y\log\hat y - (1-y)\log(1-\hat y)`, the binary cross-entropy;
* categorical, :math:`P(k) = \hat y_k`: :math:`-\sum_k y_k\log\hat y_k`, the categorical cross-entropy;
* Gaussian with a predicted variance: :math:`r^2/2\sigma^2 + \tfrac12\log(2\pi\sigma^2)`, the Gaussian NLL.

(:math:`r = \hat y - y`.)  The last is the step beyond a fixed noise level:
the model predicts its variance too, and the NLL's minimiser over
:math:`\sigma^2` is the squared residual (:attr:`LikelihoodDerivation.variance_minimiser`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

import sympy as sp

from . import classification, regression
from ._core import Y_PRED, Y_TRUE

__all__ = [
    "LikelihoodDerivation",
    "SIGMA",
    "LAPLACE_SCALE",
    "VARIANCE",
    "gaussian",
    "laplace",
    "asymmetric_laplace",
    "bernoulli",
    "categorical",
    "gaussian_predicted_variance",
    "derivations",
    "LOSS",
]

#: The fixed noise standard deviation :math:`\sigma` of the Gaussian model.
SIGMA = sp.Symbol("sigma", positive=True)
#: The fixed scale :math:`b` of the Laplace model.
LAPLACE_SCALE = sp.Symbol("b", positive=True)
#: The loss :math:`\ell(y, \hat y)` as an undefined function, for display forms that name it.
LOSS = sp.Function(r"\ell")
#: A variance :math:`\sigma^2` predicted by the model (one symbol, not ``SIGMA**2``).
VARIANCE = sp.Symbol(r"\sigma^{2}", positive=True)


@dataclass(frozen=True, eq=False)
class LikelihoodDerivation:
    r"""A noise model whose negative log-likelihood is a loss up to an affine map.

    Parameters
    ----------
    name : str
        Short name of the model (``"gaussian"``).
    model : str
        The model in LaTeX (``y \sim \mathcal N(\hat y, \sigma^2)``).
    density : sympy.Expr
        :math:`p(y \mid \hat y)`, a density or a probability mass.
    loss : object
        The catalogued definition the NLL reduces to (a
        :class:`~lossbook.symbolic.SymbolicLoss`, or the class-axis definition of
        the categorical cross-entropy); its ``expr`` is :math:`\ell`.
    scale, offset : sympy.Expr
        :math:`a > 0` and :math:`c`, free of the prediction, with
        :math:`-\log p = a\,\ell + c`.
    parameters : tuple of sympy.Symbol
        The model's other parameters (:math:`\sigma`, :math:`b`), held fixed.
    display_density : sympy.Expr, optional
        The density as textbooks write it, unevaluated, possibly naming the loss
        as ``LOSS(y, ŷ)`` (printed by :meth:`density_latex`); the tests check that
        :meth:`displayed_density` equals ``density``.
    """

    name: str
    model: str
    density: sp.Expr
    loss: object
    scale: sp.Expr
    offset: sp.Expr
    parameters: tuple[sp.Symbol, ...] = ()
    display_density: sp.Expr | None = None

    @cached_property
    def nll(self) -> sp.Expr:
        r""":math:`-\log p(y \mid \hat y)`, logs of products expanded (all factors are positive)."""
        return sp.expand_log(-sp.log(self.density), force=True)

    @cached_property
    def remainder(self) -> sp.Expr:
        r"""The proof step :math:`-\log p - (a\,\ell + c)`, simplified; 0 when the derivation holds."""
        return sp.simplify(self.nll - (self.scale * self.loss.expr + self.offset))

    @property
    def holds(self) -> bool:
        """True if :attr:`remainder` is exactly 0 and ``scale`` is positive."""
        return self.remainder == 0 and bool(self.scale.is_positive)

    @cached_property
    def variance_minimiser(self) -> list[sp.Expr]:
        r"""The :math:`\sigma^2` that minimise the NLL (only for a model whose variance is :data:`VARIANCE`)."""
        if VARIANCE not in self.density.free_symbols:
            raise ValueError(f"the {self.name} model has no predicted variance; use gaussian_predicted_variance()")
        return sp.solve(sp.diff(self.nll, VARIANCE), VARIANCE)

    def displayed_density(self) -> sp.Expr:
        """``display_density`` evaluated, with ``LOSS(y, ŷ)`` replaced by the loss (``density`` if none)."""
        if self.display_density is None:
            return self.density
        return self.display_density.subs(LOSS(self.loss.y_true, self.loss.y_pred), self.loss.expr).doit()

    def _latex(self, expr, **options) -> str:
        return sp.latex(expr, symbol_names=getattr(self.loss, "latex_names", {}), **options)

    def density_latex(self) -> str:
        r"""LaTeX of :math:`p(y \mid \hat y) = \dots`."""
        shown = self.density if self.display_density is None else self.display_density
        return r"p\left(" + self._given() + r"\right) = " + self._latex(shown, order="none")

    def nll_latex(self) -> str:
        r"""LaTeX of :math:`-\log p(y \mid \hat y) = \dots`, the NLL as SymPy simplifies it."""
        return r"-\log p\left(" + self._given() + r"\right) = " + self._latex(self.nll, order="old")

    def identity_latex(self) -> str:
        r"""LaTeX of :math:`-\log p = a\,\ell(y, \hat y) + c`, with :math:`a` and :math:`c` as computed."""
        scale = "" if self.scale == 1 else self._latex(self.scale) + r"\,"
        offset = "" if self.offset == 0 else " + " + self._latex(self.offset)
        return r"-\log p\left(" + self._given() + r"\right) = " + scale + r"\ell\left(" + self._arguments() + r"\right)" + offset

    def _arguments(self) -> str:
        true, pred = self.loss.y_true, self.loss.y_pred
        if isinstance(true, sp.IndexedBase):  # a row of classes
            return r"\mathbf{y}, \hat{\mathbf{y}}"
        return sp.latex(true) + ", " + sp.latex(pred)

    def _given(self) -> str:
        given = self._arguments().replace(", ", r" \mid ", 1)
        if VARIANCE in self.density.free_symbols:
            given += ", " + sp.latex(VARIANCE)
        return given


def _gaussian_density(variance: sp.Expr) -> sp.Expr:
    r""":math:`\mathcal N(y; \hat y, v) = e^{-(y - \hat y)^2 / 2v} / \sqrt{2\pi v}`, unevaluated (as written)."""
    exponent = sp.Mul(-1, sp.UnevaluatedExpr(Y_TRUE - Y_PRED) ** 2 / (2 * variance), evaluate=False)
    root = sp.Pow(sp.Mul(2, sp.pi, variance, evaluate=False), sp.Rational(1, 2), evaluate=False)
    return sp.Mul(sp.Pow(root, -1, evaluate=False), sp.exp(exponent, evaluate=False), evaluate=False)


@cache
def gaussian() -> LikelihoodDerivation:
    r"""Gaussian noise of fixed :math:`\sigma`: NLL :math:`= (\hat y - y)^2 / 2\sigma^2 + \log(\sigma\sqrt{2\pi})`.

    Summed over :math:`N` samples the NLL is :math:`\tfrac{N}{2\sigma^2}\,\mathrm{MSE} + N\log(\sigma\sqrt{2\pi})`:
    least squares is maximum likelihood under Gaussian noise, whatever :math:`\sigma`.
    """
    return LikelihoodDerivation(
        "gaussian", r"y \sim \mathcal{N}(\hat{y}, \sigma^{2})", _gaussian_density(SIGMA**2).doit(),
        regression.mean_squared_error(), 1 / (2 * SIGMA**2), sp.log(SIGMA) + sp.log(2 * sp.pi) / 2, (SIGMA,),
        display_density=_gaussian_density(SIGMA**2),
    )


@cache
def laplace() -> LikelihoodDerivation:
    r"""Laplace noise of fixed scale :math:`b`: :math:`p = e^{-|y - \hat y|/b} / 2b`, NLL :math:`= |\hat y - y|/b + \log 2b`."""
    density = sp.exp(-sp.Abs(Y_TRUE - Y_PRED) / LAPLACE_SCALE) / (2 * LAPLACE_SCALE)
    return LikelihoodDerivation(
        "laplace", r"y \sim \operatorname{Laplace}(\hat{y}, b)", density,
        regression.mean_absolute_error(), 1 / LAPLACE_SCALE, sp.log(2 * LAPLACE_SCALE), (LAPLACE_SCALE,),
    )


@cache
def asymmetric_laplace() -> LikelihoodDerivation:
    r"""Asymmetric Laplace noise of scale :math:`b` and level :math:`\tau`: :math:`p = \frac{\tau(1-\tau)}{b} e^{-\rho_\tau/b}`.

    :math:`\rho_\tau` is the quantile (pinball) loss, so the NLL is
    :math:`\rho_\tau(y, \hat y)/b + \log\frac{b}{\tau(1 - \tau)}`: fitting a quantile
    is maximum likelihood under this density, whose :math:`\tau`-quantile is :math:`\hat y`.
    For :math:`\tau = \tfrac12` it is the Laplace density of scale :math:`2b`.
    """
    loss = regression.quantile_loss()
    (level,) = loss.params
    density = level * (1 - level) / LAPLACE_SCALE * sp.exp(-loss.expr / LAPLACE_SCALE)
    shown = sp.Mul(level * (1 - level) / LAPLACE_SCALE,
                   sp.exp(-LOSS(Y_TRUE, Y_PRED) / LAPLACE_SCALE, evaluate=False), evaluate=False)
    return LikelihoodDerivation(
        "asymmetric_laplace", r"y \sim \operatorname{ALD}(\hat{y}, b, \tau)", density,
        loss, 1 / LAPLACE_SCALE, sp.log(LAPLACE_SCALE) - sp.log(level) - sp.log(1 - level), (LAPLACE_SCALE,),
        display_density=shown,
    )


@cache
def bernoulli() -> LikelihoodDerivation:
    r"""A Bernoulli model :math:`P(y = 1) = \hat y`: :math:`p = \hat y^{y}(1 - \hat y)^{1 - y}` for :math:`y \in \{0, 1\}`.

    Its NLL is the binary cross-entropy exactly (:math:`a = 1`, :math:`c = 0`).
    """
    density = Y_PRED**Y_TRUE * (1 - Y_PRED) ** (1 - Y_TRUE)
    return LikelihoodDerivation(
        "bernoulli", r"y \sim \operatorname{Bernoulli}(\hat{y})", density,
        classification.binary_cross_entropy(), sp.Integer(1), sp.Integer(0),
    )


@cache
def categorical() -> LikelihoodDerivation:
    r"""A categorical model :math:`P(\text{class } k) = \hat y_k`, one-hot :math:`\mathbf y`: :math:`p = \prod_k \hat y_k^{y_k}`.

    Its NLL is the categorical cross-entropy exactly, for any number of classes :math:`K`.
    """
    k = classification.CLASS
    density = sp.Product(classification.PROBABILITIES[k] ** classification.TARGETS[k], (k, 1, classification.N_CLASSES))
    return LikelihoodDerivation(
        "categorical", r"\mathbf{y} \sim \operatorname{Categorical}(\hat{\mathbf{y}})", density,
        classification.categorical_cross_entropy(), sp.Integer(1), sp.Integer(0),
    )


@cache
def gaussian_predicted_variance() -> LikelihoodDerivation:
    r"""Gaussian noise whose variance :math:`\sigma^2` the model predicts alongside the mean :math:`\hat y`.

    NLL :math:`= \tfrac12\bigl[(\hat y - y)^2/\sigma^2 + \log\sigma^2 + \log 2\pi\bigr]`, PyTorch's
    ``GaussianNLLLoss(full=True)`` (without its clamp of small variances).  For a fixed residual
    it is smallest at :math:`\sigma^2 = (\hat y - y)^2` (:attr:`~LikelihoodDerivation.variance_minimiser`):
    a sample the mean cannot fit is explained as noise instead of pulling the mean.
    """
    return LikelihoodDerivation(
        "gaussian_predicted_variance", r"y \sim \mathcal{N}(\hat{y}, \sigma^{2})", _gaussian_density(VARIANCE).doit(),
        regression.mean_squared_error(), 1 / (2 * VARIANCE), sp.log(2 * sp.pi * VARIANCE) / 2, (VARIANCE,),
        display_density=_gaussian_density(VARIANCE),
    )


def derivations() -> dict[str, LikelihoodDerivation]:
    """Every derivation here, by name."""
    models = (gaussian(), laplace(), asymmetric_laplace(), bernoulli(), categorical(), gaussian_predicted_variance())
    return {d.name: d for d in models}
