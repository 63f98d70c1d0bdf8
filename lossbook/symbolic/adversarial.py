r"""Symbolic GAN losses: elementwise functions of the discriminator's scores.

:class:`ScoreLoss` is a :class:`~lossbook.symbolic.SymbolicLoss` whose
arguments are named scores instead of ``(y, ŷ)``: :data:`REAL`
(:math:`D(x)`, a logit on a real sample) and :data:`FAKE`
(:math:`D(G(z))`, on a generated one) for a discriminator loss, :data:`FAKE`
alone for a generator loss.  The cross-entropy losses are defined with
:math:`\operatorname{softplus}(t) = \log(1 + e^t)` (so that 50-digit references stay
exact at logits of :math:`\pm 10^{300}`) and displayed as the papers write them, with
:math:`\sigma` and :math:`\log`; a floating-point form with softplus split at 0 is
what the browser evaluates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property

import mpmath
import numpy as np
import sympy as sp
from sympy.utilities.lambdify import implemented_function

from ._core import REFERENCE_DIGITS, SymbolicLoss, _stable_value
from .javascript import log1p

__all__ = [
    "ScoreLoss", "REAL", "FAKE", "SMOOTHING", "SIGMA", "sigmoid", "softplus", "softplus_float_form",
    "minimax_discriminator_loss", "minimax_generator_loss", "non_saturating_generator_loss",
    "least_squares_discriminator_loss", "least_squares_generator_loss",
    "wasserstein_critic_loss", "wasserstein_generator_loss", "hinge_discriminator_loss",
]

#: The discriminator's score (logit) on a real sample, :math:`D(x)`, and on a generated one, :math:`D(G(z))`.
REAL = sp.Symbol("real_scores", real=True)
FAKE = sp.Symbol("fake_scores", real=True)
#: Label smoothing :math:`s` (the real label becomes :math:`1 - s/2`).
SMOOTHING = sp.Symbol("label_smoothing", nonnegative=True)

_LATEX = {REAL: r"D(x)", FAKE: r"D(G(z))", SMOOTHING: "s"}


def sigmoid(t: sp.Expr) -> sp.Expr:
    r""":math:`\sigma(t) = 1/(1 + e^{-t})`."""
    return 1 / (1 + sp.exp(-t))


#: :math:`\sigma` as a named function, for display forms only (it evaluates through mpmath).
SIGMA = implemented_function(sp.Function("sigma", real=True), lambda t: 1 / (1 + mpmath.exp(-t)))


def softplus(t: sp.Expr) -> sp.Expr:
    r""":math:`\log(1 + e^t) = -\log\sigma(-t)`: the definitions use it, since :math:`1 - \sigma(t)` rounds to 0
    at any finite precision for a large enough :math:`t` while :math:`\log(1 + e^{-t})` does not."""
    return sp.log(1 + sp.exp(t))


def softplus_float_form(t: sp.Expr) -> sp.Expr:
    r""":math:`\log(1 + e^t)` as :math:`t + \operatorname{log1p}(e^{-t})` for :math:`t \ge 0`, :math:`\operatorname{log1p}(e^t)` below."""
    return sp.Piecewise((t + log1p(sp.exp(-t)), t >= 0), (log1p(sp.exp(t)), True))


@dataclass(frozen=True, eq=False)
class ScoreLoss(SymbolicLoss):
    """A per-element loss of named scores (one or two arguments), written once in SymPy.

    ``arguments`` are the symbols in the numeric function's call order, named
    as its keywords; ``y_pred`` is the one the gradient is taken by.
    """

    arguments: tuple = field(default=())

    @property
    def symbols(self) -> tuple:
        return (*self.arguments, *self.params)

    def latex(self) -> str:
        r"""LaTeX of :math:`\ell(D(x), D(G(z)); s) = \dots`."""
        names = {**_LATEX, **self.latex_names}
        head = r"\ell\left(" + ", ".join(names[a] for a in self.arguments)
        if self.params:
            head += "; " + ", ".join(names[p] for p in self.params)
        body = self.expr if self.display_form is None else self.display_form
        return head + r"\right) = " + sp.latex(body, symbol_names=names, order="none")

    def gradient_latex(self) -> str:
        names = {**_LATEX, **self.latex_names}
        return (r"\frac{\partial \ell}{\partial " + names[self.y_pred] + "} = "
                + sp.latex(self.gradient, symbol_names=names))

    def javascript(self, expr: sp.Expr | None = None) -> dict:
        """``expr`` (default: the floating-point form) as a JavaScript function of the arguments by keyword name."""
        from .javascript import javascript_function

        return javascript_function(self.floating_point_form() if expr is None else expr,
                                   {s.name: s for s in self.symbols})

    def reference(self, *inputs, dps: int = REFERENCE_DIGITS, **params) -> np.ndarray:
        """Per-element losses at ``dps`` digits (object array of ``mpf``, the inputs' shape)."""
        return self._values(self.expr, inputs, dps, params)

    def gradient_reference(self, *inputs, dps: int = REFERENCE_DIGITS, **params) -> np.ndarray:
        """Per-element derivative by the gradient argument, like :meth:`reference`."""
        return self._values(self.gradient, inputs, dps, params)

    def cost_reference(self, *inputs, reduction: str = "mean", dps: int = REFERENCE_DIGITS, **params):
        """The ``"mean"`` or ``"sum"`` of the per-element losses, as an ``mpf``."""
        losses = self.reference(*inputs, dps=dps, **params).ravel()
        with mpmath.workdps(dps):
            total = mpmath.fsum(losses)
            return total if reduction == "sum" else total / len(losses)

    @cached_property
    def _compiled(self):
        return {}

    def _values(self, expr, inputs, dps, params) -> np.ndarray:
        if len(inputs) != len(self.arguments):
            raise TypeError(f"{self.name} reference takes {len(self.arguments)} inputs; found {len(inputs)}")
        missing = {p.name for p in self.params} - set(params)
        if missing:
            raise TypeError(f"{self.name} reference needs the hyper-parameters {sorted(missing)}")
        key = sp.srepr(expr)
        if key not in self._compiled:
            self._compiled[key] = sp.lambdify(self.symbols, expr, modules="mpmath")
        function = self._compiled[key]
        arrays = [np.asarray(x, dtype=float) for x in inputs]
        values = [float(params[p.name]) for p in self.params]
        out = [_stable_value(function, (*map(float, element), *values), dps)
               for element in zip(*(a.ravel() for a in arrays))]
        result = np.empty(len(out), dtype=object)
        result[:] = out
        return result.reshape(arrays[0].shape)


def _discriminator(name: str, expr, **keywords) -> ScoreLoss:
    return ScoreLoss(name, expr, y_pred=FAKE, arguments=(REAL, FAKE), **keywords)


def _generator(name: str, expr, **keywords) -> ScoreLoss:
    return ScoreLoss(name, expr, y_pred=FAKE, arguments=(FAKE,), **keywords)


def _written(kind, *args):
    return kind(*args, evaluate=False)


@cache
def minimax_discriminator_loss() -> ScoreLoss:
    r""":math:`-[(1 - \tfrac s2)\log\sigma(r) + \tfrac s2\log(1 - \sigma(r))] - \log(1 - \sigma(f))`."""
    keep = 1 - SMOOTHING / 2
    # -log sigma(r) = softplus(-r), -log(1 - sigma(t)) = softplus(t)
    expr = keep * softplus(-REAL) + SMOOTHING / 2 * softplus(REAL) + softplus(FAKE)
    float_form = keep * softplus_float_form(-REAL) + SMOOTHING / 2 * softplus_float_form(REAL) \
        + softplus_float_form(FAKE)
    display = _written(sp.Add,
                       -_written(sp.Mul, _written(sp.Add, 1, -SMOOTHING / 2), sp.log(SIGMA(REAL))),
                       -_written(sp.Mul, SMOOTHING / 2, sp.log(_written(sp.Add, 1, -SIGMA(REAL)))),
                       -sp.log(_written(sp.Add, 1, -SIGMA(FAKE))))
    return _discriminator("minimax_discriminator_loss", expr, params=(SMOOTHING,), float_form=float_form,
                          display_form=display)


@cache
def minimax_generator_loss() -> ScoreLoss:
    r""":math:`\log(1 - \sigma(f))`: the generator minimises what the discriminator maximises."""
    return _generator("minimax_generator_loss", -softplus(FAKE), float_form=-softplus_float_form(FAKE),
                      display_form=sp.log(_written(sp.Add, 1, -SIGMA(FAKE))))


@cache
def non_saturating_generator_loss() -> ScoreLoss:
    r""":math:`-\log\sigma(f)`."""
    return _generator("non_saturating_generator_loss", softplus(-FAKE), float_form=softplus_float_form(-FAKE),
                      display_form=-sp.log(SIGMA(FAKE)))


@cache
def least_squares_discriminator_loss() -> ScoreLoss:
    r""":math:`\tfrac12(r - 1)^2 + \tfrac12 f^2`."""
    expr = (REAL - 1) ** 2 / 2 + FAKE**2 / 2
    half = sp.Rational(1, 2)
    display = _written(sp.Add, _written(sp.Mul, half, _written(sp.Pow, _written(sp.Add, REAL, -1), 2)),
                       _written(sp.Mul, half, _written(sp.Pow, FAKE, 2)))
    return _discriminator("least_squares_discriminator_loss", expr, display_form=display)


@cache
def least_squares_generator_loss() -> ScoreLoss:
    r""":math:`\tfrac12 (f - 1)^2`."""
    display = _written(sp.Mul, sp.Rational(1, 2), _written(sp.Pow, _written(sp.Add, FAKE, -1), 2))
    return _generator("least_squares_generator_loss", (FAKE - 1) ** 2 / 2, display_form=display)


@cache
def wasserstein_critic_loss() -> ScoreLoss:
    r""":math:`f - r` (minus the critic's estimate of the Wasserstein-1 distance)."""
    return _discriminator("wasserstein_critic_loss", FAKE - REAL, display_form=_written(sp.Add, FAKE, -REAL))


@cache
def wasserstein_generator_loss() -> ScoreLoss:
    r""":math:`-f`."""
    return _generator("wasserstein_generator_loss", -FAKE)


@cache
def hinge_discriminator_loss() -> ScoreLoss:
    r""":math:`\max(0, 1 - r) + \max(0, 1 + f)`."""
    expr = sp.Max(0, 1 - REAL) + sp.Max(0, 1 + FAKE)
    display = _written(sp.Add, sp.Max(0, _written(sp.Add, 1, -REAL)), sp.Max(0, _written(sp.Add, 1, FAKE)))
    return _discriminator("hinge_discriminator_loss", expr, display_form=display)
