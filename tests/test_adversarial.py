"""The GAN losses' conventions, the pitfalls the chapter teaches, and the 1-D GAN and its explorers.

The generic tests (accuracy at 50 digits on saturated logits, gradients,
properties, bad input, JavaScript, framework calls) cover every record; these
pin what is particular to the family.
"""

import numpy as np
import pytest

import lossbook
from lossbook import catalog
from lossbook.examples import adversarial as ex
from lossbook.gan1d import GAN_LOSSES, train_1d_gan


def _sigmoid_then_bce(real, fake):
    """What code that puts a sigmoid on the discriminator and a probability BCE after it computes."""
    with np.errstate(divide="ignore", over="ignore"):
        p_real, p_fake = 1 / (1 + np.exp(-real)), 1 / (1 + np.exp(-fake))
        return -np.log(p_real) - np.log(1 - p_fake)


def test_tfgan_default_smoothing_moves_the_real_label_to_0875_not_075():
    real, fake = np.array([0.3, -1.2, 2.0]), np.array([-0.5, 0.1, -2.0])
    smoothed = lossbook.minimax_discriminator_loss(real, fake, label_smoothing=ex.TFGAN_LABEL_SMOOTHING)
    target = 1 - ex.TFGAN_LABEL_SMOOTHING / 2
    as_bce = (lossbook.binary_cross_entropy(np.full(3, target), real, from_logits=True)
              + lossbook.binary_cross_entropy(np.zeros(3), fake, from_logits=True))
    assert target == 0.875
    assert smoothed == pytest.approx(as_bce, rel=1e-15)
    wrong = (lossbook.binary_cross_entropy(np.full(3, 0.75), real, from_logits=True)
             + lossbook.binary_cross_entropy(np.zeros(3), fake, from_logits=True))
    assert abs(smoothed - wrong) > 1e-3


def test_tfgan_smoothing_agrees_with_keras_label_smoothing():
    keras = pytest.importorskip("keras")
    real, fake = np.array([0.3, -1.2, 2.0]), np.array([-0.5, 0.1, -2.0])
    bce = keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.25)
    theirs = float(bce(np.ones(3), real)) + float(keras.losses.BinaryCrossentropy(from_logits=True)(np.zeros(3), fake))
    assert lossbook.minimax_discriminator_loss(real, fake, label_smoothing=0.25) == pytest.approx(theirs, rel=2e-6)


def test_logits_stay_exact_where_sigmoid_then_bce_gives_inf_or_zero():
    # A discriminator that wins outright: real logit +1e4, fake logit -1e4 (loss e^-1e4: 0 in float64),
    # and one that loses outright (loss 2e4).
    losing_real, losing_fake = np.array([-1e4]), np.array([1e4])
    assert lossbook.minimax_discriminator_loss(losing_real, losing_fake) == 2e4
    assert np.isinf(_sigmoid_then_bce(losing_real, losing_fake)[0])
    # moderately confident: the naive route rounds sigmoid(40) to 1 and loses the whole loss
    real, fake = np.array([40.0]), np.array([-40.0])
    assert _sigmoid_then_bce(real, fake)[0] == 0.0
    assert lossbook.minimax_discriminator_loss(real, fake) == pytest.approx(2 * np.exp(-40.0), rel=1e-15)


def test_the_minimax_generator_loss_saturates_where_the_non_saturating_one_does_not():
    saturating = catalog.get("minimax_generator_loss").definition()
    non_saturating = catalog.get("non_saturating_generator_loss").definition()
    f = np.array([-10.0, -4.0, 0.0])
    slope_minimax = saturating.gradient_reference(f).astype(float)
    slope_ns = non_saturating.gradient_reference(f).astype(float)
    np.testing.assert_allclose(slope_minimax, -1 / (1 + np.exp(-f)), rtol=1e-14)
    assert abs(slope_minimax[0]) < 1e-4 < 0.99 < abs(slope_ns[0])
    # the two losses have the same stationary point (σ(f) → 1 is what both want) and slopes equal at f = 0
    assert slope_minimax[2] == slope_ns[2] == -0.5


def test_hinge_generator_loss_is_the_wasserstein_one():
    assert catalog.get("hinge_generator_loss") is catalog.get("wasserstein_generator_loss")


def test_wasserstein_critic_loss_estimates_minus_the_mean_gap_and_is_unbounded():
    real, fake = np.array([2.0, 4.0]), np.array([1.0, -1.0])
    assert lossbook.wasserstein_critic_loss(real, fake) == np.mean(fake) - np.mean(real)
    # scaling an unconstrained critic scales the loss: nothing stops it at a minimum
    assert lossbook.wasserstein_critic_loss(10 * real, 10 * fake) == 10 * lossbook.wasserstein_critic_loss(real, fake)


def test_gradient_penalty_of_a_linear_critic_is_closed_form():
    w = np.array([0.6, 0.8, 2.0])  # D(x) = w·x: gradient w at every point
    gradients = np.tile(w, (5, 1))
    assert lossbook.gradient_penalty(gradients) == pytest.approx((np.linalg.norm(w) - 1) ** 2, rel=1e-15)
    assert lossbook.gradient_penalty([[0.6, 0.8]]) == pytest.approx(0.0, abs=1e-16)  # a 1-Lipschitz direction


def test_gradient_penalty_of_a_quadratic_critic_matches_finite_differences():
    a = np.array([[1.0, 0.5], [0.5, -2.0]])  # D(x) = x·Ax: gradient (A + Aᵀ)x
    rng = np.random.default_rng(3)
    points = rng.normal(size=(6, 2))
    step = 1e-6
    numeric = np.stack([
        (np.einsum("ni,ij,nj->n", points + step * e, a, points + step * e)
         - np.einsum("ni,ij,nj->n", points - step * e, a, points - step * e)) / (2 * step)
        for e in np.eye(2)], axis=1)
    exact = points @ (a + a.T).T
    np.testing.assert_allclose(numeric, exact, rtol=1e-7)
    assert lossbook.gradient_penalty(exact) == pytest.approx(lossbook.gradient_penalty(numeric), rel=1e-6)


def test_gradient_penalty_is_exact_for_huge_and_tiny_gradients():
    assert lossbook.gradient_penalty([[3e300, 4e300]]) == np.inf  # (5e300 - 1)^2 overflows, as it should
    assert lossbook.gradient_penalty([[3e150, 4e150]], reduction="none")[0] == pytest.approx(25e300, rel=1e-15)
    assert lossbook.gradient_penalty([[0.0, 0.0]]) == 1.0


@pytest.mark.parametrize("bad, error, message", [
    (-0.1, ValueError, r"label_smoothing must lie in \[0, 1\]"),
    (1.5, ValueError, r"label_smoothing must lie in \[0, 1\]"),
    ("0.25", TypeError, "label_smoothing must be a real number"),
    (True, TypeError, "label_smoothing must be a real number"),
])
def test_bad_label_smoothing_is_rejected(bad, error, message):
    with pytest.raises(error, match=message):
        lossbook.minimax_discriminator_loss([0.0], [0.0], label_smoothing=bad)


def test_gradient_penalty_needs_a_coordinate_axis():
    with pytest.raises(ValueError, match=r"critic_gradients must have a last axis.*\[\[g\]\]"):
        lossbook.gradient_penalty(2.0)
    with pytest.raises(ValueError, match="critic_gradients must be finite"):
        lossbook.gradient_penalty([[np.inf, 0.0]])


def test_real_and_fake_scores_must_match():
    with pytest.raises(ValueError, match=r"real_scores and fake_scores must have the same shape"):
        lossbook.hinge_discriminator_loss([1.0, 2.0], [1.0, 2.0, 3.0])


# ------------------------------------------------------------------ the 1-D GAN
def test_one_dimensional_gan_saturating_generator_barely_moves():
    """The worked example: from μ = -3, the saturating loss is still far from 2 after every step;
    every other loss has reached the data's mean (within 0.6) at the end."""
    final = {name: train_1d_gan(name)[-1, 0] for name in GAN_LOSSES}
    assert final["minimax"] < -2
    for name in ("non_saturating", "least_squares", "hinge", "wasserstein"):
        assert abs(final[name] - ex.REAL_MEAN) < 0.6, (name, final[name])


def test_one_dimensional_gan_wasserstein_critic_stays_clipped():
    path = train_1d_gan("wasserstein")
    assert np.abs(path[:, 1:]).max() <= ex.CLIP


def test_one_dimensional_gan_steps_follow_the_catalogued_derivatives():
    """One step by hand from the symbolic derivatives of the non-saturating losses."""
    from statistics import NormalDist

    z = np.array([NormalDist().inv_cdf((i + 0.5) / ex.SAMPLES) for i in range(ex.SAMPLES)])
    real, fake = ex.REAL_MEAN + ex.SPREAD * z, ex.START_MEAN + ex.SPREAD * z
    d_loss = catalog.get("minimax_discriminator_loss").definition()
    g_loss = catalog.get("non_saturating_generator_loss").definition()
    import sympy as sp

    from lossbook.symbolic.adversarial import REAL

    by_real = sp.lambdify(d_loss.symbols, sp.diff(d_loss.expr, REAL))
    by_fake = sp.lambdify(d_loss.symbols, d_loss.gradient)
    t_real, t_fake = 0.0 * real, 0.0 * fake  # b = c = 0 at the start
    g_real, g_fake = by_real(t_real, t_fake, 0.0), by_fake(t_real, t_fake, 0.0)
    b = -ex.LEARNING_RATE * (np.mean(g_real * real) + np.mean(g_fake * fake))
    c = -ex.LEARNING_RATE * (np.mean(g_real) + np.mean(g_fake))
    slope = sp.lambdify(g_loss.symbols, g_loss.gradient)(b * fake + c)
    mu = ex.START_MEAN - ex.LEARNING_RATE * np.mean(slope * b)
    np.testing.assert_allclose(train_1d_gan("non_saturating", steps=1)[1], [mu, b, c], rtol=1e-13)


def test_unknown_gan_loss_is_named():
    with pytest.raises(ValueError, match="loss must be one of"):
        train_1d_gan("vanilla")


def test_explorers_open_on_the_worked_examples():
    from lossbook.widgets import gan_training_explorer, generator_losses_explorer

    shown = generator_losses_explorer().outputs
    assert shown["probability"] == pytest.approx(1 / (1 + np.exp(-ex.REJECTED_SCORE)), rel=1e-15)
    assert shown["gradient_minimax_generator_loss"] == pytest.approx(-shown["probability"], rel=1e-14)
    assert gan_training_explorer(loss="minimax", step=ex.STEPS).outputs["mu"] == train_1d_gan("minimax")[-1, 0]
