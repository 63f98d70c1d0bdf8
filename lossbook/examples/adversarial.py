"""Adversarial (GAN) worked examples: the data behind the chapter and its explorers, named.

The one-dimensional GAN: real data :math:`x \\sim N(2, 0.5^2)`; the generator
shifts noise, :math:`G(z) = \\mu + 0.5 z`, starting far away at
:math:`\\mu = -3`; the discriminator is logistic, :math:`D(x) = \\sigma(bx + c)`.
Expectations are taken over fixed quantiles of the normal distribution, so
every run is the same.
"""

from __future__ import annotations

__all__ = [
    "REJECTED_SCORE", "REAL_MEAN", "SPREAD", "START_MEAN", "LEARNING_RATE", "STEPS", "SAMPLES", "CLIP",
    "TFGAN_LABEL_SMOOTHING", "WGAN_GP_WEIGHT",
]

#: The explorer's starting logit D(G(z)): the discriminator rejects the generated sample (σ(-4) ≈ 0.018).
REJECTED_SCORE = -4.0

#: Mean of the real data and the common spread of real and generated data.
REAL_MEAN = 2.0
SPREAD = 0.5
#: Where the generator starts (its mean), the learning rate of both players and the number of steps.
START_MEAN = -3.0
LEARNING_RATE = 0.1
STEPS = 300
#: Samples of the fixed quantile grid each expectation averages over.
SAMPLES = 100
#: The WGAN critic's weights are clipped to [-CLIP, CLIP] (the original WGAN's Lipschitz constraint).
CLIP = 0.5

#: TF-GAN's default label smoothing of its minimax discriminator loss.
TFGAN_LABEL_SMOOTHING = 0.25
#: The gradient-penalty weight λ of WGAN-GP (Gulrajani et al. 2017).
WGAN_GP_WEIGHT = 10.0
