r"""Fast kernels of the GAN losses, for lossbook._numerics.blocks: one block of per-element losses at a time.

Each kernel ``kernel(out, scratch, *scores)`` writes the losses of one block
into ``out`` with at most two block-sized ``scratch`` buffers, by the same
operations in the same order as the careful path of
lossbook.losses.adversarial, so the per-element losses are the same bits
(:math:`\operatorname{softplus}(t) = \max(t, 0) + \operatorname{log1p}(e^{-|t|})`,
:math:`\tfrac12 d^2` as :math:`(0.5 d)\,d`).

A NaN or an infinite score makes the block's losses NaN or infinite, and
the caller then takes the careful path, which names the argument and the
index — except where the bad score's loss is 0: :math:`+\infty` on the real
side of a softplus or hinge term, :math:`-\infty` on the generated side.
Those kernels check the largest real and the smallest generated score of the
block (a NaN fails the check too) and refuse the block.
"""

from __future__ import annotations

import math

import numpy as np

from ._fused import HALF, ONE, ZERO, loops

__all__ = [
    "minimax_discriminator", "minimax_generator", "non_saturating_generator",
    "least_squares_discriminator", "least_squares_generator", "wasserstein_critic", "hinge_discriminator",
    "doubled_least_squares_discriminator", "doubled_least_squares_generator",
]


def _below_inf(values) -> bool:
    """Whether every value is below +inf (NaN fails)."""
    return bool(np.maximum.reduce(values) < math.inf)


def _above_minus_inf(values) -> bool:
    """Whether every value is above -inf (NaN fails)."""
    return bool(np.minimum.reduce(values) > -math.inf)


def _tail(scores, out):
    """:math:`\\operatorname{log1p}(e^{-|t|})` into ``out``."""
    np.negative(np.abs(scores, out=out), out=out)
    return np.log1p(np.exp(out, out=out), out=out)


def minimax_discriminator(out, scratch, real, fake, *, smoothing: float):
    r""":math:`(1 - \tfrac s2)\operatorname{softplus}(-r) + \operatorname{softplus}(f) [+ \tfrac s2\operatorname{softplus}(r)]`:
    NumPy's tails, then one compiled loop (:func:`._fused_kernels.minimax_discriminator`)."""
    if not _above_minus_inf(fake) or not (smoothing or _below_inf(real)):
        return False
    dtype = out.dtype
    loops().minimax_discriminator(_tail(fake, out), real, fake, _tail(real, scratch[0]), bool(smoothing),
                                  dtype.type(1 - smoothing / 2), dtype.type(smoothing / 2), ZERO[dtype])
    return None


def _softplus(scores, out, *, of_negative: bool, negated: bool):
    """softplus(``scores``), or of ``-scores`` with ``of_negative``, negated with ``negated``, into ``out``: one
    loop after NumPy's tail."""
    dtype = out.dtype
    loops().softplus_from_tail(_tail(scores, out), scores, dtype.type(-1 if of_negative else 1), negated,
                               ZERO[dtype])


def minimax_generator(out, scratch, fake):
    r""":math:`-\operatorname{softplus}(f)`."""
    if not _above_minus_inf(fake):
        return False
    _softplus(fake, out, of_negative=False, negated=True)
    return None


def non_saturating_generator(out, scratch, fake):
    r""":math:`\operatorname{softplus}(-f)`."""
    if not _below_inf(fake):
        return False
    _softplus(fake, out, of_negative=True, negated=False)
    return None


def least_squares_discriminator(out, scratch, real, fake):
    r""":math:`\tfrac12 (r - 1)^2 + \tfrac12 f^2`, each half square as :math:`(0.5 d)\,d`, in one compiled loop."""
    loops().half_squared_pair(out, real, fake, ONE[out.dtype], HALF[out.dtype])


def least_squares_generator(out, scratch, fake):
    r""":math:`\tfrac12 (f - 1)^2` as :math:`(0.5 d)\,d`."""
    loops().half_squared_shifted(out, fake, ONE[out.dtype], HALF[out.dtype])


def doubled_least_squares_discriminator(out, scratch, real, fake):
    r""":math:`(r - 1)^2 + f^2`, twice the loss: for a sum halved once at the end (two operations fewer)."""
    loops().squared_pair(out, real, fake, ONE[out.dtype])


def doubled_least_squares_generator(out, scratch, fake):
    r""":math:`(f - 1)^2`, twice the loss: for a sum halved once at the end (one operation fewer)."""
    loops().squared_shifted(out, fake, ONE[out.dtype])


def wasserstein_critic(out, scratch, real, fake):
    """:math:`f - r`."""
    np.subtract(fake, real, out=out)


def hinge_discriminator(out, scratch, real, fake):
    r""":math:`\max(0, 1 - r) + \max(0, 1 + f)` in one compiled loop, which also checks the scores."""
    return None if loops().hinge_pair(out, real, fake, ONE[out.dtype], ZERO[out.dtype]) else False
