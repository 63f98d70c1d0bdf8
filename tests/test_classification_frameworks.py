"""The framework traps the classification chapters describe, checked against the frameworks themselves.

The chapters reproduce each framework's behaviour with the small functions in
lossbook.examples.classification (so the book builds without PyTorch or
Keras); these tests make sure those functions say what the frameworks do.
They also pin each framework's convention for the focal loss (torchvision,
Keras, optax) and for class weights (PyTorch's ``pos_weight`` and ``weight``,
Keras's class weights as sample weights).  Skipped when a framework is not installed.
"""

import numpy as np
import pytest

import lossbook as lb
from lossbook.examples import classification as ex

pytestmark = pytest.mark.frameworks


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


def _t(torch, values):
    return torch.tensor(np.asarray(values, dtype=np.float64))


def test_torch_bce_caps_each_log_at_minus_100(torch):
    y, p = [1.0, 0.0, 1.0, 1.0], [0.0, 1.0, 1e-50, 0.85]
    theirs = torch.nn.functional.binary_cross_entropy(_t(torch, p), _t(torch, y), reduction="none").numpy()
    np.testing.assert_allclose(theirs, ex.torch_binary_cross_entropy(y, p), rtol=1e-12)
    assert theirs[0] == 100.0 and lb.binary_cross_entropy([1.0], [0.0]) == np.inf


def test_torch_cross_entropy_applies_softmax_to_its_input(torch):
    """Feeding probabilities to CrossEntropyLoss applies softmax twice: it is our cross-entropy from logits of p."""
    p = np.array([ex.ANIMAL_PROBABILITIES])
    theirs = float(torch.nn.functional.cross_entropy(_t(torch, p), torch.tensor([ex.CAT_LABEL])))
    assert theirs == pytest.approx(float(lb.sparse_categorical_cross_entropy([ex.CAT_LABEL], p, from_logits=True)), rel=1e-12)
    assert theirs != pytest.approx(float(lb.sparse_categorical_cross_entropy([ex.CAT_LABEL], p)), rel=1e-3)


def test_torch_kl_div_input_order_and_reductions(torch):
    target = np.array([ex.SOFT_CAT_TARGET, (0.2, 0.3, 0.5)])
    prediction = np.array([ex.ANIMAL_PROBABILITIES, (0.3, 0.3, 0.4)])
    kl = float(lb.kl_divergence(target, prediction))
    f = torch.nn.functional.kl_div
    log_p, y = _t(torch, np.log(prediction)), _t(torch, target)
    assert float(f(log_p, y, reduction="batchmean")) == pytest.approx(kl, rel=1e-12)
    with pytest.warns(UserWarning):
        mean = float(f(log_p, y, reduction="mean"))
    assert mean == pytest.approx(kl / 3, rel=1e-12)  # divided by rows * classes
    for reduction in ("batchmean", "sum"):
        assert float(f(log_p, y, reduction=reduction)) == pytest.approx(ex.torch_kl_div(np.log(prediction), target, reduction), rel=1e-12)
    wrong = float(f(_t(torch, prediction), y, reduction="batchmean"))  # probabilities where log-probabilities belong
    assert wrong == pytest.approx(ex.torch_kl_div(prediction, target, "batchmean"), rel=1e-12)
    assert wrong < 0


def test_torch_hinge_embedding_is_not_the_svm_hinge(torch):
    y, x = [1.0, -1.0, 1.0, -1.0], [0.85, 0.85, -0.5, 2.0]
    theirs = torch.nn.functional.hinge_embedding_loss(_t(torch, x), _t(torch, y), reduction="none").numpy()
    np.testing.assert_allclose(theirs, ex.torch_hinge_embedding(y, x), rtol=1e-12)
    assert theirs[0] == pytest.approx(0.85) and float(lb.hinge([1.0], [0.85])) == pytest.approx(0.15)


def test_torch_multilabel_losses_average_over_labels(torch):
    y = np.array([ex.MARGHERITA])
    z = np.array([ex.INGREDIENT_LOGITS])
    theirs = float(torch.nn.functional.multilabel_soft_margin_loss(_t(torch, z), _t(torch, y)))
    assert theirs * len(ex.INGREDIENTS) == pytest.approx(float(lb.multilabel_binary_cross_entropy(y, z, from_logits=True)), rel=1e-12)


def test_keras_clips_probabilities(keras):
    y, p = np.array([1.0, 1.0, 0.0, 1.0]), np.array([0.0, 1e-9, 1.0, 0.85])
    # float32, Keras's default: float64 arrays stay float64 once JAX has x64 on (another test's doing)
    theirs = np.asarray(keras.losses.binary_crossentropy(y[:, None].astype(np.float32), p[:, None].astype(np.float32)))
    ours = lb.binary_cross_entropy(y.astype(np.float32), ex.keras_clip(p), reduction="none")
    np.testing.assert_allclose(theirs, ours, rtol=1e-5)
    assert np.isfinite(theirs).all() and np.isinf(lb.binary_cross_entropy([1.0], [0.0]))


def test_keras_renormalises_rows_that_do_not_sum_to_one(keras):
    y, p = np.array([[1.0, 0.0, 0.0]]), np.array([[0.2, 0.3, 0.4]])  # sums to 0.9
    theirs = float(keras.losses.CategoricalCrossentropy()(y, p))
    assert theirs == pytest.approx(-np.log(0.2 / 0.9), rel=1e-5)
    with pytest.raises(ValueError, match="sums to 0.9"):
        lb.categorical_cross_entropy(y, p)


def test_keras_converts_zero_one_labels_for_hinge(keras):
    theirs = float(keras.losses.Hinge()(np.array([0.0, 1.0]), np.array([-0.3, 0.85])))
    assert theirs == pytest.approx(float(lb.hinge([-1.0, 1.0], [-0.3, 0.85])), rel=1e-6)
    with pytest.raises(ValueError, match="map 0/1 labels"):
        lb.hinge([0.0, 1.0], [-0.3, 0.85])


# ------------------------------------------------------------------ focal loss, pos_weight, class_weight
RNG = np.random.default_rng(12)
LABELS01 = RNG.integers(0, 2, (16, 3)).astype(float)
SOFT01 = RNG.uniform(0, 1, (16, 3))
LOGITS = RNG.normal(0, 3, (16, 3))
CLASSES = RNG.integers(0, 4, 16)
CLASS_LOGITS = RNG.normal(0, 2, (16, 4))
CLASS_WEIGHTS = np.array([0.5, 1.0, 4.0, 2.0])


@pytest.mark.parametrize("pos_weight", [3.0, np.array([0.5, 2.0, 9.0])], ids=["number", "per-column"])
def test_torch_pos_weight_weights_the_positive_term(torch, pos_weight):
    f = torch.nn.functional.binary_cross_entropy_with_logits
    for labels in (LABELS01, SOFT01):
        x, y, w = _t(torch, LOGITS), _t(torch, labels), _t(torch, pos_weight)
        theirs = f(x, y, pos_weight=w, reduction="none").numpy()
        ours = lb.binary_cross_entropy(labels, LOGITS, from_logits=True, pos_weight=pos_weight, reduction="none")
        np.testing.assert_allclose(ours, theirs, rtol=1e-11)  # PyTorch's rewritten formula rounds a little more
        assert float(f(x, y, pos_weight=w)) == pytest.approx(float(lb.binary_cross_entropy(
            labels, LOGITS, from_logits=True, pos_weight=pos_weight)), rel=1e-13)
        # the multi-label loss sums over the labels where PyTorch averages
        assert 3 * float(f(x, y, pos_weight=w)) == pytest.approx(float(lb.multilabel_binary_cross_entropy(
            labels, LOGITS, from_logits=True, pos_weight=pos_weight)), rel=1e-13)


@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
def test_torch_class_weight_with_class_indices(torch, reduction):
    """CrossEntropyLoss(weight) from class indices: "mean" divides by the sum of the true classes' weights."""
    w = _t(torch, CLASS_WEIGHTS)
    theirs = torch.nn.functional.cross_entropy(_t(torch, CLASS_LOGITS), torch.tensor(CLASSES), weight=w, reduction=reduction).numpy()
    sparse = lb.sparse_categorical_cross_entropy(CLASSES, CLASS_LOGITS, from_logits=True, class_weight=CLASS_WEIGHTS, reduction=reduction)
    dense = lb.categorical_cross_entropy(np.eye(4)[CLASSES], CLASS_LOGITS, from_logits=True, class_weight=CLASS_WEIGHTS, reduction=reduction)
    np.testing.assert_allclose(sparse, theirs, rtol=1e-13)
    np.testing.assert_allclose(dense, theirs, rtol=1e-13)
    probabilities = lb.softmax(CLASS_LOGITS)
    nll = torch.nn.functional.nll_loss(_t(torch, np.log(probabilities)), torch.tensor(CLASSES), weight=w, reduction=reduction).numpy()
    np.testing.assert_allclose(lb.sparse_categorical_cross_entropy(CLASSES, probabilities, class_weight=CLASS_WEIGHTS, reduction=reduction), nll, rtol=1e-13)


def test_torch_class_weight_with_probability_targets_divides_by_the_batch_size(torch):
    """Given probability rows (soft or one-hot), PyTorch's weighted "mean" divides by N, not by the total weight."""
    targets = lb.softmax(RNG.normal(0, 1, (16, 4)))
    f = torch.nn.functional.cross_entropy
    x, y, w = _t(torch, CLASS_LOGITS), _t(torch, targets), _t(torch, CLASS_WEIGHTS)
    np.testing.assert_allclose(f(x, y, weight=w, reduction="none").numpy(), lb.categorical_cross_entropy(
        targets, CLASS_LOGITS, from_logits=True, class_weight=CLASS_WEIGHTS, reduction="none"), rtol=1e-13)
    total = float(lb.categorical_cross_entropy(targets, CLASS_LOGITS, from_logits=True, class_weight=CLASS_WEIGHTS, reduction="sum"))
    mean = float(lb.categorical_cross_entropy(targets, CLASS_LOGITS, from_logits=True, class_weight=CLASS_WEIGHTS))
    theirs = float(f(x, y, weight=w))
    assert theirs == pytest.approx(total / 16, rel=1e-13)
    assert theirs != pytest.approx(mean, rel=1e-3)
    # the same one-hot rows as class indices give the weighted mean
    one_hot = np.eye(4)[CLASSES]
    assert float(f(x, _t(torch, one_hot), weight=w)) != pytest.approx(float(f(x, torch.tensor(CLASSES), weight=w)), rel=1e-3)


def test_keras_class_weight_is_a_sample_weight_over_the_batch_size(keras):
    """Keras's class_weight becomes sample weights, and its mean divides by N: lossbook's "sum" / N."""
    sample_weight = CLASS_WEIGHTS[CLASSES]
    theirs = float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(CLASSES, CLASS_LOGITS, sample_weight=sample_weight))
    total = float(lb.sparse_categorical_cross_entropy(CLASSES, CLASS_LOGITS, from_logits=True, class_weight=CLASS_WEIGHTS, reduction="sum"))
    assert theirs == pytest.approx(total / 16, rel=2e-6)
    assert theirs != pytest.approx(float(lb.sparse_categorical_cross_entropy(
        CLASSES, CLASS_LOGITS, from_logits=True, class_weight=CLASS_WEIGHTS)), rel=1e-3)


def test_keras_focal_loss_clips_probabilities_even_from_logits(keras):
    y, z = np.array([[1.0, 0.0, 1.0]]), np.array([[-20.0, 25.0, 1.0]])
    theirs = float(np.asarray(keras.losses.binary_focal_crossentropy(
        y.astype(np.float32), z.astype(np.float32), from_logits=True, gamma=2.0))[0])
    ours = float(lb.binary_focal_loss(y, z, from_logits=True))
    assert theirs < 0.9 * ours  # sigmoid, then a clip at 1e-7 (float32): about 16 where the loss is 20 and 25
    # Keras's focusing factor uses the unclipped probability: a difference of 1e-7 here
    assert theirs == pytest.approx(float(lb.binary_focal_loss(y.astype(np.float32), ex.keras_clip(lb.sigmoid(z)))), rel=1e-5)


def test_keras_focal_loss_without_class_balancing_is_alpha_none(keras):
    for labels in (LABELS01, SOFT01):
        theirs = float(keras.losses.BinaryFocalCrossentropy(gamma=1.5, from_logits=True)(labels, LOGITS))
        assert theirs == pytest.approx(float(lb.binary_focal_loss(labels, LOGITS, gamma=1.5, from_logits=True)), rel=2e-6)


@pytest.fixture(scope="module")
def optax():
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    return pytest.importorskip("optax")


def test_optax_focal_loss_alpha_none_soft_labels_and_extreme_logits(optax):
    f = optax.losses.sigmoid_focal_loss
    for labels in (LABELS01, SOFT01):
        for alpha in (None, 0.25):
            np.testing.assert_allclose(np.asarray(f(LOGITS, labels, alpha=alpha, gamma=2.0)), lb.binary_focal_loss(
                labels, LOGITS, alpha=alpha, from_logits=True, reduction="none"), rtol=1e-12)
    y, z = np.array([1.0, 0.0, 0.5, 1.0]), np.array([-1e4, 1e4, 1e4, 30.0])
    np.testing.assert_allclose(np.asarray(f(z, y)), lb.binary_focal_loss(y, z, from_logits=True, reduction="none"), rtol=1e-12)


def test_torchvision_focal_loss_alpha_and_soft_labels(torch):
    try:
        import torchvision
    except Exception as error:  # a torchvision built for another torch fails with RuntimeError
        pytest.skip(f"torchvision cannot be imported: {error}")
    f = torchvision.ops.sigmoid_focal_loss
    for labels in (LABELS01, SOFT01):
        theirs = f(_t(torch, LOGITS), _t(torch, labels)).numpy()  # alpha=0.25 by default
        np.testing.assert_allclose(theirs, lb.binary_focal_loss(labels, LOGITS, alpha=0.25, from_logits=True, reduction="none"), rtol=1e-12)
        no_alpha = f(_t(torch, LOGITS), _t(torch, labels), alpha=-1).numpy()  # torchvision's "no balancing"
        np.testing.assert_allclose(no_alpha, lb.binary_focal_loss(labels, LOGITS, from_logits=True, reduction="none"), rtol=1e-12)
