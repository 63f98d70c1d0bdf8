"""Logistic regression by gradient descent: closed-form gradients against finite
differences and PyTorch's autograd, and the behaviours the training chapter
shows (which must come from the training, not from the chapter's numbers)."""

from __future__ import annotations

import numpy as np
import pytest

from lossbook import binary_cross_entropy, sigmoid
from lossbook.examples import training as ex
from lossbook.training import cost_and_gradient, logit_loss, logit_loss_derivative, train_logistic


@pytest.mark.parametrize("loss", ["bce", "mse", "focal"])
@pytest.mark.parametrize("pos_weight", [1.0, 7.0])
def test_logit_derivative_against_finite_differences(loss, pos_weight):
    z = np.linspace(-12, 12, 97)
    for label in (0.0, 1.0):
        y = np.full_like(z, label)
        h = 1e-6
        numeric = (logit_loss(loss, y, z + h, pos_weight=pos_weight)
                   - logit_loss(loss, y, z - h, pos_weight=pos_weight)) / (2 * h)
        np.testing.assert_allclose(logit_loss_derivative(loss, y, z, pos_weight=pos_weight), numeric,
                                   rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("loss", ["bce", "mse", "focal"])
def test_cost_gradient_against_finite_differences(loss):
    x, y = ex.two_clouds(50, seed=4)
    w, b = np.array([0.7, -1.3]), 0.4
    cost, g_w, g_b = cost_and_gradient(loss, x, y, w, b, pos_weight=2.0)
    h = 1e-6
    for k in range(2):
        step = np.eye(2)[k] * h
        plus = cost_and_gradient(loss, x, y, w + step, b, pos_weight=2.0)[0]
        minus = cost_and_gradient(loss, x, y, w - step, b, pos_weight=2.0)[0]
        assert g_w[k] == pytest.approx((plus - minus) / (2 * h), rel=1e-6)
    plus = cost_and_gradient(loss, x, y, w, b + h, pos_weight=2.0)[0]
    minus = cost_and_gradient(loss, x, y, w, b - h, pos_weight=2.0)[0]
    assert g_b == pytest.approx((plus - minus) / (2 * h), rel=1e-6)


def test_weighted_bce_is_pytorch_pos_weight_formula():
    """pos_weight multiplies the positive term only: -[w y log σ(z) + (1 - y) log(1 - σ(z))]."""
    z = np.array([-3.0, -0.5, 0.0, 2.0])
    y = np.array([1.0, 0.0, 1.0, 0.0])
    by_formula = -(4.0 * y * np.log(sigmoid(z)) + (1 - y) * np.log(1 - sigmoid(z)))
    np.testing.assert_allclose(logit_loss("bce", y, z, pos_weight=4.0), by_formula, rtol=1e-13)


@pytest.mark.frameworks
@pytest.mark.parametrize("loss", ["bce", "mse", "focal"])
def test_cost_gradient_matches_torch_autograd(loss):
    torch = pytest.importorskip("torch")
    x, y = ex.two_clouds(40, seed=5)
    w0, b0 = np.array([-2.0, 1.5]), -0.3
    cost, g_w, g_b = cost_and_gradient(loss, x, y, w0, b0, pos_weight=3.0)
    w = torch.tensor(w0, requires_grad=True)
    b = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
    z = torch.tensor(x) @ w + b
    target = torch.tensor(y)
    if loss == "bce":
        value = torch.nn.functional.binary_cross_entropy_with_logits(
            z, target, pos_weight=torch.tensor(3.0, dtype=torch.float64))
    elif loss == "focal":
        torchvision = pytest.importorskip("torchvision")
        weights = torch.where(target == 1, 3.0, 1.0)
        value = (weights * torchvision.ops.sigmoid_focal_loss(z, target, alpha=-1, gamma=2.0,
                                                              reduction="none")).mean()
    else:
        weights = torch.where(target == 1, 3.0, 1.0)
        value = (weights * (torch.sigmoid(z) - target) ** 2).mean()
    value.backward()
    assert cost == pytest.approx(float(value.detach()), rel=1e-12)
    np.testing.assert_allclose(g_w, w.grad.numpy(), rtol=1e-10)
    assert g_b == pytest.approx(float(b.grad), rel=1e-10)


def test_full_batch_run_matches_hand_written_descent():
    x, y = ex.two_clouds(30, seed=6)
    run = train_logistic(x, y, learning_rate=0.3, epochs=5, start=((1.0, -1.0), 0.5))
    w, b = np.array([1.0, -1.0]), 0.5
    for _ in range(5):
        p = sigmoid(x @ w + b)
        w, b = w - 0.3 * x.T @ (p - y) / len(y), b - 0.3 * np.mean(p - y)
    np.testing.assert_allclose(run.weights[-1], w, rtol=1e-13)
    assert run.bias[-1] == pytest.approx(b, rel=1e-13)
    assert run.training_cost[-1] == pytest.approx(float(binary_cross_entropy(y, x @ w + b, from_logits=True)))


def test_minibatches_take_more_steps_per_epoch():
    x, y = ex.two_clouds(ex.N_TRAIN, seed=ex.SEED_TRAIN)
    full = train_logistic(x, y, learning_rate=ex.LEARNING_RATE, epochs=3)
    mini = train_logistic(x, y, learning_rate=ex.LEARNING_RATE, epochs=3, batch_size=ex.BATCH_SIZE, seed=0)
    assert mini.training_cost[1] < full.training_cost[1]
    again = train_logistic(x, y, learning_rate=ex.LEARNING_RATE, epochs=3, batch_size=ex.BATCH_SIZE, seed=0)
    np.testing.assert_array_equal(mini.weights, again.weights)  # the seed fixes the order


def test_mse_from_bad_start_stalls_where_bce_recovers():
    x, y = ex.two_clouds(ex.N_TRAIN, seed=ex.SEED_TRAIN)
    runs = {loss: train_logistic(x, y, loss=loss, learning_rate=ex.LEARNING_RATE, epochs=ex.EPOCHS,
                                 start=ex.BAD_START) for loss in ("bce", "mse")}
    accuracy = {loss: np.mean((run.logits(x) > 0) == y) for loss, run in runs.items()}
    assert accuracy["bce"] > 0.8
    assert accuracy["mse"] < 0.5  # still pointing the wrong way
    mse = runs["mse"].training_cost
    assert (mse[0] - mse[-1]) / mse[0] < 0.05


def test_separable_bce_falls_to_zero_only_as_weights_grow():
    x, y = ex.two_clouds(40, seed=ex.SEED_TRAIN, distance=ex.SEPARATED_DISTANCE)
    run = train_logistic(x, y, learning_rate=1.0, epochs=2000)
    assert np.all((run.logits(x) > 0) == y)
    norms = np.linalg.norm(run.weights, axis=1)
    assert np.all(np.diff(run.training_cost) < 0) and np.all(np.diff(norms[1:]) > 0)
    assert run.training_cost[-1] < run.training_cost[1] / 20


def test_overfit_model_validation_cost_turns_up():
    x, y = ex.noisy_clouds(ex.N_OVERFIT, seed=ex.SEED_TRAIN)
    xv, yv = ex.noisy_clouds(ex.N_VALIDATION, seed=ex.SEED_VALIDATION)
    run = train_logistic(x, y, learning_rate=ex.LEARNING_RATE, epochs=ex.OVERFIT_EPOCHS, validation=(xv, yv))
    best = int(np.argmin(run.validation_cost))
    assert 0 < best < ex.OVERFIT_EPOCHS // 10
    assert run.validation_cost[-1] > run.validation_cost[best] * 1.5
    assert run.training_cost[-1] < run.training_cost[best] / 5


@pytest.mark.parametrize("kwargs, match", [
    ({"loss": "hinge"}, "loss must be one of"),
    ({"learning_rate": 0.0}, "learning_rate"),
    ({"epochs": -1}, "epochs"),
    ({"batch_size": 0}, "batch_size"),
    ({"start": ((1.0, 2.0, 3.0), 0.0)}, r"start\[0\]"),
])
def test_bad_training_input(kwargs, match):
    x, y = ex.two_clouds(10, seed=0)
    arguments = {"learning_rate": 0.1, "epochs": 1, **kwargs}
    with pytest.raises(ValueError, match=match):
        train_logistic(x, y, **arguments)


def test_bad_labels_are_named():
    with pytest.raises(ValueError, match="y must hold labels 0 or 1"):
        cost_and_gradient("bce", [[1.0], [2.0]], [1.0, -1.0], [0.0], 0.0)


# ------------------------------------------------------------------ the chapters' figures
def _figures():
    from lossbook.calibration import reliability_bins
    from lossbook.plotting import training as plots

    x, y = ex.two_clouds(60, seed=ex.SEED_TRAIN)
    bins = reliability_bins(y, sigmoid(x.sum(axis=1)), n_bins=ex.N_BINS)
    return {
        "boundaries": lambda: plots.boundaries_figure(x, y, {"a": ((1.0, 1.0), 0.0), "b": ((-1.0, -1.0), 0.0)}),
        "curves": lambda: plots.curves_figure(np.arange(5), {"c": (np.arange(5.0) + 1, "black")}, xlabel="epoch",
                                              ylabel="cost", log_y=True, mark_x=2, mark_label="best"),
        "logit_losses": plots.logit_losses_figure,
        "reliability": lambda: plots.reliability_figure({"model": (bins, "black"), "again": (bins, "grey")}),
    }


@pytest.mark.parametrize("name", ["boundaries", "curves", "logit_losses", "reliability"])
def test_figures_fit_a_phone(name):
    """Book width, at most a phone screen and a bit tall, and glyphs no smaller than MIN_FONT_PT."""
    import re

    from lossbook.plotting import FIGURE_WIDTH, MIN_FONT_PT

    figure = _figures()[name]()
    assert figure.get_figwidth() == FIGURE_WIDTH and figure.get_figheight() <= 1.1 * FIGURE_WIDTH + 0.3
    svg = figure._repr_svg_()
    sizes = [100 * float(s) for s in re.findall(r"scale\(([\d.]+) -[\d.]+\)", svg)]
    assert sizes and min(sizes) >= MIN_FONT_PT
    drawn = figure.get_tightbbox(figure._get_renderer())
    assert drawn.x0 >= -0.01 and drawn.x1 <= FIGURE_WIDTH + 0.01
