"""Catalog records of the adversarial (GAN) losses.

Arguments are the discriminator's raw scores: ``real_scores`` :math:`D(x)`
and ``fake_scores`` :math:`D(G(z))` (role ``"score"``).  Frameworks have no
GAN loss of their own (TF-GAN aside, not installed here), so each
``frameworks`` string builds the loss from the framework's binary
cross-entropy on logits or squared error, as GAN code does; the tests run
every string.  The Wasserstein and hinge losses are plain arithmetic on the
scores and have no framework building block: their SymPy definitions are the
reference.  Keras's ``BinaryCrossentropy(label_smoothing=s)`` moves the label
1 to :math:`1 - s/2`, as TF-GAN's smoothing does, so the minimax record
checks the smoothing convention against Keras at its middle test value, 0.25
(TF-GAN's default).
"""

from __future__ import annotations

from ..losses import adversarial as numeric
from ._record import Argument, LossRecord

__all__ = ["RECORDS", "TASK"]

_SYMBOLIC = "lossbook.symbolic.adversarial:"

#: The task these losses serve (one of ``TASKS``).
TASK = "generative adversarial training"

_PAIR = (Argument("real_scores", "score"), Argument("fake_scores", "score"))
_FAKE = (Argument("fake_scores", "score"),)

_LOGIT = "none: the discriminator's logit (no sigmoid)"
_SCORE = "none: a raw score (no sigmoid)"


def _torch_bce(scores: str, target: str) -> str:
    return f"torch.nn.BCEWithLogitsLoss()({scores}, {target})"


def _keras_bce(scores: str, target: str, smoothing: str = "") -> str:
    return f"keras.losses.BinaryCrossentropy(from_logits=True{smoothing})({target}, {scores})"


def _optax_bce(scores: str, target: str) -> str:
    return f"optax.sigmoid_binary_cross_entropy({scores}, {target}).mean()"


def _record(name, title, short, color, aliases, domain, reference, *, pair, activation=_SCORE, **extra):
    return LossRecord(
        name=name, title=title, short_name=short, color=color, aliases=aliases, task=TASK,
        numeric=getattr(numeric, name), symbolic=_SYMBOLIC + name, activation=activation, domain=domain,
        reference=reference, arguments=_PAIR if pair else _FAKE, gradient_argument="fake_scores", **extra,
    )


RECORDS = (
    _record(
        "minimax_discriminator_loss", "Minimax GAN discriminator loss", "minimax D", "#3a6ea5",
        ("gan_discriminator_loss", "bce_discriminator_loss"), "gan-scores", "goodfellow2014generative",
        pair=True, activation=_LOGIT,
        params={"label_smoothing": (0.0, 0.25, 0.9)},
        frameworks={
            "PyTorch": _torch_bce("real_scores", "torch.full_like(real_scores, 1 - label_smoothing / 2)")
                       + " + " + _torch_bce("fake_scores", "torch.zeros_like(fake_scores)"),
            "Keras": _keras_bce("real_scores", "keras.ops.ones_like(real_scores)", ", label_smoothing=label_smoothing")
                     + " + " + _keras_bce("fake_scores", "keras.ops.zeros_like(fake_scores)"),
            "optax": _optax_bce("real_scores", "jnp.full_like(real_scores, 1 - label_smoothing / 2)")
                     + " + " + _optax_bce("fake_scores", "jnp.zeros_like(fake_scores)"),
        },
    ),
    _record(
        "minimax_generator_loss", "Minimax (saturating) GAN generator loss", "minimax G (saturating)", "#d1495b",
        ("saturating_generator_loss",), "gan-fake-scores", "goodfellow2014generative",
        pair=False, activation=_LOGIT, non_negative=False,
        frameworks={
            "PyTorch": "-" + _torch_bce("fake_scores", "torch.zeros_like(fake_scores)"),
            "Keras": "-" + _keras_bce("fake_scores", "keras.ops.zeros_like(fake_scores)"),
            "optax": "-" + _optax_bce("fake_scores", "jnp.zeros_like(fake_scores)"),
        },
    ),
    _record(
        "non_saturating_generator_loss", "Non-saturating GAN generator loss", "non-saturating G", "#2a9d8f",
        ("modified_generator_loss", "gan_generator_loss"), "gan-fake-scores", "goodfellow2014generative",
        pair=False, activation=_LOGIT,
        frameworks={
            "PyTorch": _torch_bce("fake_scores", "torch.ones_like(fake_scores)"),
            "Keras": _keras_bce("fake_scores", "keras.ops.ones_like(fake_scores)"),
            "optax": _optax_bce("fake_scores", "jnp.ones_like(fake_scores)"),
        },
    ),
    _record(
        "least_squares_discriminator_loss", "Least-squares GAN discriminator loss", "LSGAN D", "#edae49",
        ("lsgan_discriminator_loss",), "lsgan-scores", "mao2017least", pair=True,
        frameworks={
            "PyTorch": "0.5 * (torch.nn.functional.mse_loss(real_scores, torch.ones_like(real_scores)) "
                       "+ torch.nn.functional.mse_loss(fake_scores, torch.zeros_like(fake_scores)))",
            "optax": "optax.l2_loss(real_scores, jnp.ones_like(real_scores)).mean() + optax.l2_loss(fake_scores).mean()",
        },
    ),
    _record(
        "least_squares_generator_loss", "Least-squares GAN generator loss", "LSGAN G", "#edae49",
        ("lsgan_generator_loss",), "lsgan-fake-scores", "mao2017least", pair=False,
        frameworks={
            "PyTorch": "0.5 * torch.nn.functional.mse_loss(fake_scores, torch.ones_like(fake_scores))",
            "optax": "optax.l2_loss(fake_scores, jnp.ones_like(fake_scores)).mean()",
        },
    ),
    _record(
        "wasserstein_critic_loss", "Wasserstein GAN critic loss", "WGAN critic", "#6a4c93",
        ("wgan_critic_loss", "wasserstein_discriminator_loss"), "gan-scores", "arjovsky2017wasserstein",
        pair=True, non_negative=False,
    ),
    _record(
        "wasserstein_generator_loss", "Wasserstein (and hinge) GAN generator loss", "WGAN / hinge G", "#8e5572",
        ("wgan_generator_loss", "hinge_generator_loss"), "gan-fake-scores", "arjovsky2017wasserstein",
        pair=False, non_negative=False,
    ),
    _record(
        "hinge_discriminator_loss", "Hinge GAN discriminator loss", "hinge D", "#5c946e",
        ("hinge_gan_discriminator_loss",), "hinge-scores", "lim2017geometric", pair=True,
    ),
)
