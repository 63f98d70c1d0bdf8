r"""A one-dimensional GAN trained by simultaneous gradient steps, with each GAN loss.

Real data :math:`x_r = m + s\,z_i` and generated data :math:`x_f = \mu + s\,z_i`
over fixed normal quantiles :math:`z_i`; a logistic discriminator (critic)
with logit :math:`t(x) = bx + c`.  Each step the discriminator takes a
gradient step on its loss, then the generator on its own, both with learning
rate :math:`\eta`.  The derivatives are those of the catalogued losses by
their scores (:mod:`!lossbook.symbolic.adversarial`), chained through
:math:`\partial t/\partial b = x`, :math:`\partial t/\partial c = 1`,
:math:`\partial x_f/\partial\mu = 1`.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from .activations import sigmoid
from .examples import adversarial as examples

__all__ = ["GAN_LOSSES", "train_1d_gan"]


def _minimax(real, fake):  # D: softplus(-r) + softplus(f); G (saturating): -softplus(f)
    return -sigmoid(-real), sigmoid(fake), -sigmoid(fake)


def _non_saturating(real, fake):  # the same D; G: softplus(-f)
    return -sigmoid(-real), sigmoid(fake), sigmoid(fake) - 1


def _least_squares(real, fake):  # D: (r - 1)²/2 + f²/2; G: (f - 1)²/2
    return real - 1, fake, fake - 1


def _hinge(real, fake):  # D: max(0, 1 - r) + max(0, 1 + f); G: -f
    return -(real < 1).astype(float), (fake > -1).astype(float), -np.ones_like(fake)


def _wasserstein(real, fake):  # critic: f - r (weights clipped); G: -f
    return -np.ones_like(real), np.ones_like(fake), -np.ones_like(fake)


#: Each choice: (label, derivatives ∂ℓ_D/∂r, ∂ℓ_D/∂f, ∂ℓ_G/∂f as a function of the scores, clip the critic?).
GAN_LOSSES = {
    "minimax": ("minimax (saturating G)", _minimax, False),
    "non_saturating": ("non-saturating G", _non_saturating, False),
    "least_squares": ("least squares (LSGAN)", _least_squares, False),
    "hinge": ("hinge", _hinge, False),
    "wasserstein": ("Wasserstein, clipped critic", _wasserstein, True),
}


def train_1d_gan(loss: str, *, start: float = examples.START_MEAN, learning_rate: float = examples.LEARNING_RATE,
                 steps: int = examples.STEPS) -> np.ndarray:
    """The path of ``(mu, b, c)`` over ``steps`` training steps (``steps + 1`` rows) with the GAN loss ``loss``.

    ``loss`` is a key of :data:`GAN_LOSSES`.
    """
    if loss not in GAN_LOSSES:
        raise ValueError(f"loss must be one of {sorted(GAN_LOSSES)} for train_1d_gan; found {loss!r}")
    _, derivatives, clipped = GAN_LOSSES[loss]
    z = np.array([NormalDist().inv_cdf((i + 0.5) / examples.SAMPLES) for i in range(examples.SAMPLES)])
    real = examples.REAL_MEAN + examples.SPREAD * z
    mu, b, c = float(start), 0.0, 0.0
    path = []
    for _ in range(steps + 1):
        path.append((mu, b, c))
        fake = mu + examples.SPREAD * z
        d_real, d_fake, _ = derivatives(b * real + c, b * fake + c)
        b -= learning_rate * (np.mean(d_real * real) + np.mean(d_fake * fake))
        c -= learning_rate * (np.mean(d_real) + np.mean(d_fake))
        if clipped:
            b, c = float(np.clip(b, -examples.CLIP, examples.CLIP)), float(np.clip(c, -examples.CLIP, examples.CLIP))
        _, _, d_generator = derivatives(b * real + c, b * fake + c)
        mu -= learning_rate * float(np.mean(d_generator * b))
    return np.array(path)
