"""The multi-class cross-entropies' options: ``sample_weight``, ``ignore_index``, ``label_smoothing``.

Each convention is pinned against the framework that defines it (PyTorch in
float64 on one thread, Keras in float32, optax and scikit-learn in float64),
and the combinations against their definitions.  Framework tests skip when
the framework is not installed.
"""

import numpy as np
import pytest

import lossbook as lb

RNG = np.random.default_rng(11)
N, K = 12, 4
LOGITS = RNG.normal(scale=2.0, size=(N, K))
PROBS = np.exp(LOGITS) / np.exp(LOGITS).sum(axis=-1, keepdims=True)
LABELS = np.array([0, 1, 2, 3, 0, 1, 2, 3, 3, 1, 0, 2])
ONE_HOT = np.eye(K)[LABELS]
SOFT = RNG.dirichlet(np.ones(K), size=N)
CLASS_WEIGHT = np.array([0.5, 2.0, 1.0, 3.0])
SAMPLE_WEIGHT = np.array([1.0, 0.0, 2.5, 1.0, 0.5, 3.0, 1.0, 2.0, 0.25, 1.0, 4.0, 1.5])
KL_PRED = RNG.dirichlet(np.ones(K), size=N)

SPARSE = lb.sparse_categorical_cross_entropy
CCE = lb.categorical_cross_entropy


@pytest.fixture(scope="module")
def torch():
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    return torch


@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


@pytest.fixture(scope="module")
def optax():
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    return pytest.importorskip("optax")


def _t(torch, values):
    return torch.tensor(np.asarray(values, dtype=np.float64))


# ----------------------------------------------------------------- sample_weight
def test_sample_weight_times_class_weight_divides_by_their_products():
    """mean = sum_n s_n w_{c_n} l_n / sum_n s_n w_{c_n}, from the per-sample losses."""
    unweighted = SPARSE(LABELS, LOGITS, from_logits=True, reduction="none")
    products = SAMPLE_WEIGHT * CLASS_WEIGHT[LABELS]
    expected = np.sum(products * unweighted) / np.sum(products)
    for loss, target in ((SPARSE, LABELS), (CCE, ONE_HOT)):
        ours = loss(target, LOGITS, from_logits=True, class_weight=CLASS_WEIGHT, sample_weight=SAMPLE_WEIGHT)
        assert float(ours) == pytest.approx(expected, rel=1e-14)
        none = loss(target, LOGITS, from_logits=True, class_weight=CLASS_WEIGHT, sample_weight=SAMPLE_WEIGHT,
                    reduction="none")
        np.testing.assert_allclose(none, products * unweighted, rtol=1e-14)
        total = loss(target, LOGITS, from_logits=True, class_weight=CLASS_WEIGHT, sample_weight=SAMPLE_WEIGHT,
                     reduction="sum")
        assert float(total) == pytest.approx(np.sum(products * unweighted), rel=1e-14)


def test_soft_targets_with_both_weights_divide_by_the_weighted_target_mass():
    losses = CCE(SOFT, PROBS, class_weight=CLASS_WEIGHT, reduction="none")
    mass = SOFT @ CLASS_WEIGHT
    expected = np.sum(SAMPLE_WEIGHT * losses) / np.sum(SAMPLE_WEIGHT * mass)
    assert float(CCE(SOFT, PROBS, class_weight=CLASS_WEIGHT, sample_weight=SAMPLE_WEIGHT)) == pytest.approx(
        expected, rel=1e-14)


def test_zero_sample_weight_drops_an_infinite_loss():
    probs = PROBS.copy()
    probs[1] = [0.0, 0.0, 0.5, 0.5]  # label 1 predicted with probability 0: loss inf, weight 0
    for loss, target in ((SPARSE, LABELS), (CCE, ONE_HOT)):
        assert np.isinf(loss(target, probs))
        ours = loss(target, probs, class_weight=CLASS_WEIGHT, sample_weight=SAMPLE_WEIGHT)
        kept = SAMPLE_WEIGHT > 0
        expected = loss(target[kept], probs[kept], class_weight=CLASS_WEIGHT, sample_weight=SAMPLE_WEIGHT[kept])
        assert np.isfinite(ours) and float(ours) == pytest.approx(float(expected), rel=1e-14)


@pytest.mark.parametrize("class_weight, sample_weight, words", [
    (None, np.zeros(N), "sample_weight sums to 0"),
    (np.zeros(K), np.ones(N), "sample_weight and class_weight together"),
    (np.array([1.0, 0.0, 0.0, 0.0]), np.where(LABELS == 0, 0.0, 1.0), "sample_weight and class_weight together"),
])
def test_a_zero_total_weight_is_an_error_naming_the_weights(class_weight, sample_weight, words):
    for loss, target in ((SPARSE, LABELS), (CCE, ONE_HOT)):
        with pytest.raises(ValueError, match=words):
            loss(target, PROBS, class_weight=class_weight, sample_weight=sample_weight)
        # the sum is defined
        assert float(loss(target, PROBS, class_weight=class_weight, sample_weight=sample_weight,
                          reduction="sum")) >= 0


@pytest.mark.parametrize("loss, target, options", [
    (SPARSE, LABELS, {"class_weight": CLASS_WEIGHT}), (CCE, ONE_HOT, {"class_weight": CLASS_WEIGHT}),
    (SPARSE, LABELS, {}), (lb.kl_divergence, SOFT, {}),
])
def test_bad_sample_weight_is_named(loss, target, options):
    with pytest.raises(ValueError, match="sample_weight must have the shape"):
        loss(target, PROBS, sample_weight=np.ones(N + 1), **options)
    with pytest.raises(ValueError, match="sample_weight must hold weights >= 0"):
        loss(target, PROBS, sample_weight=-SAMPLE_WEIGHT, **options)


def test_sklearn_log_loss_sample_weight():
    metrics = pytest.importorskip("sklearn.metrics")
    theirs = metrics.log_loss(LABELS, PROBS, sample_weight=SAMPLE_WEIGHT, labels=range(K))
    assert float(SPARSE(LABELS, PROBS, sample_weight=SAMPLE_WEIGHT)) == pytest.approx(theirs, rel=1e-13)
    assert float(CCE(ONE_HOT, PROBS, sample_weight=SAMPLE_WEIGHT)) == pytest.approx(theirs, rel=1e-13)


def test_keras_mean_with_sample_weight_of_the_products_of_both_weights(keras):
    """Keras's fit() multiplies class and sample weights; "mean_with_sample_weight" divides by their total."""
    products = SAMPLE_WEIGHT * CLASS_WEIGHT[LABELS]
    sparse = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="mean_with_sample_weight")
    theirs = float(sparse(LABELS, LOGITS, sample_weight=products))
    ours = SPARSE(LABELS, LOGITS, from_logits=True, class_weight=CLASS_WEIGHT, sample_weight=SAMPLE_WEIGHT)
    assert theirs == pytest.approx(float(ours), rel=2e-6)
    dense = keras.losses.CategoricalCrossentropy(reduction="mean_with_sample_weight")
    theirs = float(dense(SOFT, PROBS, sample_weight=SAMPLE_WEIGHT))
    assert theirs == pytest.approx(float(CCE(SOFT, PROBS, sample_weight=SAMPLE_WEIGHT)), rel=2e-6)
    kl = keras.losses.KLDivergence(reduction="mean_with_sample_weight")
    theirs = float(kl(SOFT, KL_PRED, sample_weight=SAMPLE_WEIGHT))
    assert theirs == pytest.approx(float(lb.kl_divergence(SOFT, KL_PRED, sample_weight=SAMPLE_WEIGHT)), rel=2e-5)


def test_torch_weighted_losses_over_the_weight_of_the_targets(torch):
    """PyTorch's CrossEntropyLoss(weight=w) per sample, times s, over sum s_n w_{c_n}; s = 1 is its own mean."""
    x, y, w = _t(torch, LOGITS), torch.tensor(LABELS), _t(torch, CLASS_WEIGHT)
    per_sample = torch.nn.functional.cross_entropy(x, y, weight=w, reduction="none").numpy()
    expected = np.sum(SAMPLE_WEIGHT * per_sample) / np.sum(SAMPLE_WEIGHT * CLASS_WEIGHT[LABELS])
    ours = SPARSE(LABELS, LOGITS, from_logits=True, class_weight=CLASS_WEIGHT, sample_weight=SAMPLE_WEIGHT)
    assert float(ours) == pytest.approx(expected, rel=1e-13)
    assert float(SPARSE(LABELS, LOGITS, from_logits=True, class_weight=CLASS_WEIGHT, sample_weight=np.ones(N))) == \
        pytest.approx(float(torch.nn.functional.cross_entropy(x, y, weight=w)), rel=1e-13)
    kl = torch.nn.functional.kl_div(_t(torch, np.log(KL_PRED)), _t(torch, SOFT), reduction="none").numpy().sum(-1)
    assert float(lb.kl_divergence(SOFT, KL_PRED, sample_weight=SAMPLE_WEIGHT)) == pytest.approx(
        np.sum(SAMPLE_WEIGHT * kl) / np.sum(SAMPLE_WEIGHT), rel=1e-12)


def test_optax_per_sample_losses_averaged_with_weights(optax):
    import jax.numpy as jnp

    per_sample = optax.losses.softmax_cross_entropy_with_integer_labels(LOGITS, LABELS)
    theirs = float(jnp.average(per_sample, weights=SAMPLE_WEIGHT))
    assert float(SPARSE(LABELS, LOGITS, from_logits=True, sample_weight=SAMPLE_WEIGHT)) == pytest.approx(theirs, rel=1e-13)
    per_row = optax.losses.softmax_cross_entropy(LOGITS, SOFT)
    assert float(CCE(SOFT, LOGITS, from_logits=True, sample_weight=SAMPLE_WEIGHT)) == pytest.approx(
        float(jnp.average(per_row, weights=SAMPLE_WEIGHT)), rel=1e-13)
