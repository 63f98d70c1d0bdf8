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
    (np.zeros(K), np.ones(N), "class_weight gives every sample a weight of 0"),
    (np.array([1.0, 0.0, 0.0, 0.0]), np.where(LABELS == 0, 0.0, 1.0), "sample_weight is 0 on every sample that counts"),
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


# ----------------------------------------------------------------- ignore_index
MASKED = np.where(np.arange(N) % 3 == 1, -100, LABELS)  # PyTorch's default ignore_index
KEPT = MASKED != -100


@pytest.mark.parametrize("from_logits", [False, True])
def test_ignored_samples_count_for_nothing(from_logits):
    pred = LOGITS if from_logits else PROBS
    none = SPARSE(MASKED, pred, from_logits=from_logits, ignore_index=-100, reduction="none")
    np.testing.assert_array_equal(none[~KEPT], 0.0)
    np.testing.assert_array_equal(none[KEPT], SPARSE(LABELS[KEPT], pred[KEPT], from_logits=from_logits, reduction="none"))
    for options in ({}, {"class_weight": CLASS_WEIGHT}, {"sample_weight": SAMPLE_WEIGHT},
                    {"class_weight": CLASS_WEIGHT, "sample_weight": SAMPLE_WEIGHT}):
        kept = {name: (value[KEPT] if name == "sample_weight" else value) for name, value in options.items()}
        for reduction in ("mean", "sum"):
            ours = SPARSE(MASKED, pred, from_logits=from_logits, ignore_index=-100, reduction=reduction, **options)
            expected = SPARSE(LABELS[KEPT], pred[KEPT], from_logits=from_logits, reduction=reduction, **kept)
            assert float(ours) == pytest.approx(float(expected), rel=1e-14), (options, reduction)


def test_an_ignored_row_may_give_label_zero_probability_zero():
    probs = PROBS.copy()
    probs[1] = [0.0, 0.5, 0.25, 0.25]
    assert not KEPT[1]
    assert np.isfinite(SPARSE(MASKED, probs, ignore_index=-100))


def test_ignore_index_inside_the_label_range():
    ours = SPARSE(LABELS, PROBS, ignore_index=3, class_weight=CLASS_WEIGHT)
    kept = LABELS != 3
    assert float(ours) == pytest.approx(float(SPARSE(LABELS[kept], PROBS[kept], class_weight=CLASS_WEIGHT)), rel=1e-14)


def test_only_kept_labels_are_range_checked():
    with pytest.raises(ValueError, match=r"integer class labels 0 \.\. 3 .*found -100\.0 at index 1"):
        SPARSE(MASKED, PROBS)
    with pytest.raises(ValueError, match=r"found 4\.0 at index 2"):
        SPARSE(np.where(np.arange(N) == 2, 4, MASKED), PROBS, ignore_index=-100)


def test_every_label_ignored_is_an_error_for_the_mean_only():
    everything = np.full(N, -100)
    with pytest.raises(ValueError, match="every label of y_true equals ignore_index"):
        SPARSE(everything, PROBS, ignore_index=-100)
    with pytest.raises(ValueError, match="every label of y_true equals ignore_index"):
        SPARSE(everything, PROBS, ignore_index=-100, sample_weight=SAMPLE_WEIGHT, class_weight=CLASS_WEIGHT)
    assert float(SPARSE(everything, PROBS, ignore_index=-100, reduction="sum")) == 0.0
    np.testing.assert_array_equal(SPARSE(everything, PROBS, ignore_index=-100, reduction="none"), np.zeros(N))


@pytest.mark.parametrize("value", [1.5, "-100", True, np.float64(-100.0)])
def test_ignore_index_must_be_an_integer(value):
    with pytest.raises(TypeError, match="ignore_index must be an integer label value"):
        SPARSE(MASKED, PROBS, ignore_index=value)


@pytest.mark.parametrize("ignore_index", [-100, 0])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_torch_cross_entropy_ignore_index(torch, ignore_index, reduction):
    labels = MASKED if ignore_index == -100 else LABELS
    x, y = _t(torch, LOGITS), torch.tensor(labels)
    for weight in (None, CLASS_WEIGHT):
        theirs = torch.nn.functional.cross_entropy(x, y, weight=None if weight is None else _t(torch, weight),
                                                   ignore_index=ignore_index, reduction=reduction).numpy()
        ours = SPARSE(labels, LOGITS, from_logits=True, class_weight=weight, ignore_index=ignore_index,
                      reduction=reduction)
        np.testing.assert_allclose(ours, theirs, rtol=1e-13, atol=0)


def test_torch_returns_nan_where_every_label_is_ignored(torch):
    theirs = torch.nn.functional.cross_entropy(_t(torch, LOGITS), torch.full((N,), -100))
    assert np.isnan(float(theirs))


@pytest.mark.parametrize("ignore_class", [-1, 2])
def test_keras_ignore_class_with_mean_with_sample_weight(keras, ignore_class):
    labels = np.where(np.arange(N) % 3 == 1, ignore_class, LABELS)
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=ignore_class,
                                                      reduction="mean_with_sample_weight")
    for sample_weight in (None, SAMPLE_WEIGHT):
        theirs = float(loss(labels, LOGITS, sample_weight=sample_weight))
        ours = SPARSE(labels, LOGITS, from_logits=True, ignore_index=ignore_class, sample_weight=sample_weight)
        assert theirs == pytest.approx(float(ours), rel=2e-6)
    # Without sample weights Keras's default reduction also leaves the ignored samples out of its count
    theirs = float(keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=ignore_class)(labels, LOGITS))
    ours = SPARSE(labels, LOGITS, from_logits=True, ignore_index=ignore_class)
    assert theirs == pytest.approx(float(ours), rel=2e-6)
    total = SPARSE(labels, LOGITS, from_logits=True, ignore_index=ignore_class, reduction="sum")
    assert theirs != pytest.approx(float(total) / N, rel=1e-3)


def test_optax_where_masks_the_ignored_samples(optax):
    import jax.numpy as jnp

    safe = np.where(KEPT, MASKED, 0)
    per_sample = np.asarray(optax.losses.softmax_cross_entropy_with_integer_labels(LOGITS, safe, where=KEPT))
    ours = SPARSE(MASKED, LOGITS, from_logits=True, ignore_index=-100, reduction="none")
    np.testing.assert_allclose(ours, per_sample, rtol=1e-13, atol=0)
    theirs = float(jnp.mean(per_sample, where=KEPT))
    assert float(SPARSE(MASKED, LOGITS, from_logits=True, ignore_index=-100)) == pytest.approx(theirs, rel=1e-13)


# ----------------------------------------------------------------- label_smoothing
def _smooth(targets, s):
    return (1 - s) * targets + s / targets.shape[-1]


@pytest.mark.parametrize("from_logits", [False, True])
def test_smoothing_is_the_cross_entropy_of_the_smoothed_targets(from_logits):
    pred = LOGITS if from_logits else PROBS
    for s in (0.1, 0.5):
        for targets in (ONE_HOT, SOFT):
            ours = CCE(targets, pred, from_logits=from_logits, label_smoothing=s, reduction="none")
            np.testing.assert_allclose(ours, CCE(_smooth(targets, s), pred, from_logits=from_logits, reduction="none"),
                                       rtol=1e-14)
        sparse = SPARSE(LABELS, pred, from_logits=from_logits, label_smoothing=s, reduction="none")
        np.testing.assert_allclose(sparse, CCE(ONE_HOT, pred, from_logits=from_logits, label_smoothing=s,
                                               reduction="none"), rtol=1e-15)


def test_smoothing_with_class_weights_divides_by_the_labels_weights():
    s = 0.2
    nll = -np.log(PROBS)
    numerators = (1 - s) * CLASS_WEIGHT[LABELS] * nll[np.arange(N), LABELS] + s / K * nll @ CLASS_WEIGHT
    expected = np.sum(numerators) / np.sum(CLASS_WEIGHT[LABELS])
    assert float(SPARSE(LABELS, PROBS, class_weight=CLASS_WEIGHT, label_smoothing=s)) == pytest.approx(expected, rel=1e-14)
    assert float(CCE(ONE_HOT, PROBS, class_weight=CLASS_WEIGHT, label_smoothing=s)) == pytest.approx(expected, rel=1e-14)


def test_smoothing_needs_every_class_predicted():
    probs = PROBS.copy()
    probs[0] = [1.0, 0.0, 0.0, 0.0]
    assert LABELS[0] == 0 and np.isfinite(SPARSE(LABELS, probs))
    assert np.isinf(SPARSE(LABELS, probs, label_smoothing=0.1))
    assert np.isinf(CCE(ONE_HOT, probs, label_smoothing=0.1))


def test_zero_smoothing_changes_no_bit():
    for value in (0, 0.0, np.float64(0.0)):
        assert SPARSE(LABELS, LOGITS, from_logits=True, label_smoothing=value) == SPARSE(LABELS, LOGITS, from_logits=True)
        assert CCE(SOFT, PROBS, label_smoothing=value) == CCE(SOFT, PROBS)


@pytest.mark.parametrize("value, error, words", [
    (1.0, ValueError, r"must be in \[0, 1\)"), (-0.1, ValueError, r"must be in \[0, 1\)"),
    (float("nan"), ValueError, r"must be in \[0, 1\)"),
    ("0.1", TypeError, "must be a number"), (True, TypeError, "must be a number"), (None, TypeError, "must be a number"),
])
def test_bad_label_smoothing_is_named(value, error, words):
    for loss, target in ((SPARSE, LABELS), (CCE, ONE_HOT)):
        with pytest.raises(error, match="label_smoothing " + words):
            loss(target, PROBS, label_smoothing=value)


def test_float32_stays_float32_with_every_option():
    probs, labels = PROBS.astype(np.float32), np.where(KEPT, LABELS, -100)
    result = SPARSE(labels, probs, ignore_index=-100, label_smoothing=0.1, class_weight=CLASS_WEIGHT,
                    sample_weight=SAMPLE_WEIGHT)
    assert result.dtype == np.float32
    assert CCE(ONE_HOT.astype(np.float32), probs, label_smoothing=0.1, sample_weight=SAMPLE_WEIGHT).dtype == np.float32


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weight", [None, CLASS_WEIGHT])
@pytest.mark.parametrize("ignore_index", [-100, 2])
def test_torch_label_smoothing_with_weight_and_ignore_index(torch, reduction, weight, ignore_index):
    labels = MASKED if ignore_index == -100 else LABELS
    x, y = _t(torch, LOGITS), torch.tensor(labels)
    w = None if weight is None else _t(torch, weight)
    for s in (0.1, 0.6):
        theirs = torch.nn.functional.cross_entropy(x, y, weight=w, ignore_index=ignore_index, label_smoothing=s,
                                                   reduction=reduction).numpy()
        ours = SPARSE(labels, LOGITS, from_logits=True, class_weight=weight, ignore_index=ignore_index,
                      label_smoothing=s, reduction=reduction)
        np.testing.assert_allclose(ours, theirs, rtol=1e-13, atol=0)


@pytest.mark.parametrize("weight", [None, CLASS_WEIGHT])
def test_torch_label_smoothing_of_probability_targets(torch, weight):
    """One-hot rows as class indices give lossbook's mean; as probability rows PyTorch divides by N."""
    x, w = _t(torch, LOGITS), None if weight is None else _t(torch, weight)
    f = torch.nn.functional.cross_entropy
    s = 0.3
    as_indices = float(f(x, torch.tensor(LABELS), weight=w, label_smoothing=s))
    ours = CCE(ONE_HOT, LOGITS, from_logits=True, class_weight=weight, label_smoothing=s)
    assert float(ours) == pytest.approx(as_indices, rel=1e-13)
    for targets in (ONE_HOT, SOFT):
        theirs = f(x, _t(torch, targets), weight=w, label_smoothing=s, reduction="none").numpy()
        np.testing.assert_allclose(CCE(targets, LOGITS, from_logits=True, class_weight=weight, label_smoothing=s,
                                       reduction="none"), theirs, rtol=1e-13)
        theirs = float(f(x, _t(torch, targets), weight=w, label_smoothing=s))
        total = CCE(targets, LOGITS, from_logits=True, class_weight=weight, label_smoothing=s, reduction="sum")
        assert theirs == pytest.approx(float(total) / N, rel=1e-13)


@pytest.mark.parametrize("from_logits", [False, True])
def test_keras_label_smoothing(keras, from_logits):
    pred = LOGITS if from_logits else PROBS
    for s in (0.1, 0.5):
        loss = keras.losses.CategoricalCrossentropy(from_logits=from_logits, label_smoothing=s)
        for targets in (ONE_HOT, SOFT):
            theirs = float(loss(targets, pred))
            assert theirs == pytest.approx(float(CCE(targets, pred, from_logits=from_logits, label_smoothing=s)), rel=2e-6)
        assert float(loss(ONE_HOT, pred)) == pytest.approx(
            float(SPARSE(LABELS, pred, from_logits=from_logits, label_smoothing=s)), rel=2e-6)
        weighted_loss = keras.losses.CategoricalCrossentropy(from_logits=from_logits, label_smoothing=s,
                                                             reduction="mean_with_sample_weight")
        assert float(weighted_loss(ONE_HOT, pred, sample_weight=SAMPLE_WEIGHT)) == pytest.approx(float(SPARSE(
            LABELS, pred, from_logits=from_logits, label_smoothing=s, sample_weight=SAMPLE_WEIGHT)), rel=2e-6)


def test_optax_smooth_labels(optax):
    for s in (0.1, 0.5):
        for targets in (ONE_HOT, SOFT):
            theirs = np.asarray(optax.losses.softmax_cross_entropy(LOGITS, optax.smooth_labels(targets, s)))
            np.testing.assert_allclose(CCE(targets, LOGITS, from_logits=True, label_smoothing=s, reduction="none"),
                                       theirs, rtol=1e-13)
        theirs = np.asarray(optax.losses.softmax_cross_entropy(LOGITS, optax.smooth_labels(ONE_HOT, s)))
        np.testing.assert_allclose(SPARSE(LABELS, LOGITS, from_logits=True, label_smoothing=s, reduction="none"),
                                   theirs, rtol=1e-13)


# ----------------------------------------------------------------- fast paths
@pytest.mark.parametrize("n_classes", [1, 3, 8, 10, 17])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_blocked_fast_paths_give_the_careful_paths_losses_bit_for_bit(n_classes, dtype):
    """Rows over several blocks; the options' paths (a label smoothing of np.float64(0), unit sample weights
    with "none") run the careful arithmetic."""
    rng = np.random.default_rng(n_classes)
    rows = 9000
    logits = rng.normal(scale=3.0, size=(rows, n_classes))
    logits[::7] *= 40
    probs = np.exp(logits - logits.max(-1, keepdims=True))
    probs /= probs.sum(-1, keepdims=True)
    soft = rng.dirichlet(np.ones(n_classes), size=rows)
    if n_classes > 1:
        soft[::5, 0] = 0.0
        soft /= soft.sum(-1, keepdims=True)
    near = probs * (1 + rng.normal(scale=1e-9, size=probs.shape))
    near /= near.sum(-1, keepdims=True)
    labels = rng.integers(0, n_classes, rows)
    careful = {"label_smoothing": np.float64(0.0)}
    for from_logits, pred in ((False, probs), (True, logits)):
        pred = pred.astype(dtype)
        for target in (soft, np.eye(n_classes)[labels]):
            ours = CCE(target.astype(dtype), pred, from_logits=from_logits, reduction="none")
            np.testing.assert_array_equal(ours, CCE(target.astype(dtype), pred, from_logits=from_logits,
                                                    reduction="none", **careful))
        for given in (labels, labels.astype(dtype)):
            ours = SPARSE(given, pred, from_logits=from_logits, reduction="none")
            np.testing.assert_array_equal(ours, SPARSE(given, pred, from_logits=from_logits, reduction="none", **careful))
    for target, pred in ((soft, probs), (probs, near)):
        target, pred = target.astype(dtype), pred.astype(dtype)
        np.testing.assert_array_equal(lb.kl_divergence(target, pred, reduction="none"),
                                      lb.kl_divergence(target, pred, reduction="none", sample_weight=np.ones(rows)))
