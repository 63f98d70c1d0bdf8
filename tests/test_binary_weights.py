"""Sample weights of the binary and multi-label losses, pinned to the frameworks that define the convention.

``sample_weight`` multiplies each per-sample loss (``pos_weight`` and the focal
loss's ``alpha`` included) and ``"mean"`` divides by the total weight:
scikit-learn's ``log_loss``/``hinge_loss(sample_weight=...)`` and Keras's
``reduction="mean_with_sample_weight"``.  PyTorch's ``weight=`` rescales the
elements the same way, but its ``"mean"`` divides by the number of elements:
lossbook's weighted ``"sum"`` over ``N``.  The generic weight tests over every
catalogued loss live in tests/test_sample_weight.py; here, what is particular
to these losses.  Framework tests skip when the framework is absent.
"""

import mpmath
import numpy as np
import pytest

import lossbook as lb

RNG = np.random.default_rng(2026)
N, D = 12, 3
HARD = RNG.integers(0, 2, (N, D)).astype(float)
SOFT = RNG.uniform(0, 1, (N, D))
PROBABILITIES = RNG.uniform(0.02, 0.98, (N, D))
LOGITS = RNG.normal(0, 2, (N, D))
SIGNED = 2 * HARD - 1
SCORES = RNG.normal(0, 1.5, (N, D))
WEIGHTS = RNG.uniform(0, 3, N)
WEIGHTS[3] = 0.0
POS_WEIGHT = np.array([0.5, 2.0, 7.0])

#: (loss, labels, predictions, keywords) for every binary loss and both kinds of input.
BINARY_CALLS = {
    "bce": (lb.binary_cross_entropy, SOFT, PROBABILITIES, {}),
    "bce logits pos_weight": (lb.binary_cross_entropy, HARD, LOGITS, {"from_logits": True, "pos_weight": POS_WEIGHT}),
    "focal alpha": (lb.binary_focal_loss, HARD, PROBABILITIES, {"alpha": 0.25}),
    "focal logits": (lb.binary_focal_loss, SOFT, LOGITS, {"from_logits": True, "gamma": 1.5}),
    "hinge": (lb.hinge, SIGNED, SCORES, {}),
    "squared hinge": (lb.squared_hinge, SIGNED, SCORES, {}),
    "multilabel": (lb.multilabel_binary_cross_entropy, SOFT, PROBABILITIES, {}),
    "multilabel logits pos_weight": (lb.multilabel_binary_cross_entropy, HARD, LOGITS,
                                     {"from_logits": True, "pos_weight": POS_WEIGHT}),
}
CALLS = pytest.mark.parametrize("call", list(BINARY_CALLS.values()), ids=list(BINARY_CALLS))


def _fsum(values) -> mpmath.mpf:
    with mpmath.workdps(50):
        return mpmath.fsum(mpmath.mpf(float(v)) for v in np.ravel(values))


# ------------------------------------------------------------------ the definition, exactly
@CALLS
def test_weighted_reductions_are_the_weighted_sum_and_mean(call):
    """"none" is w·ℓ, "sum" Σ w·ℓ, "mean" Σ w·ℓ / Σ w (weights counted once per element they weigh)."""
    loss, y, p, keywords = call
    losses = loss(y, p, reduction="none", **keywords)
    weights = WEIGHTS.reshape((N,) + (1,) * (losses.ndim - 1))
    products = np.broadcast_to(weights, losses.shape) * losses  # each product rounds once
    np.testing.assert_array_equal(loss(y, p, sample_weight=WEIGHTS, reduction="none", **keywords), products)
    with mpmath.workdps(50):
        total = _fsum(products)
        mean = total / _fsum(np.broadcast_to(weights, losses.shape))
        weighted_sum = loss(y, p, sample_weight=WEIGHTS, reduction="sum", **keywords)
        assert float(weighted_sum) == pytest.approx(float(total), rel=1e-15)
        assert float(loss(y, p, sample_weight=WEIGHTS, **keywords)) == pytest.approx(float(mean), rel=1e-15)


@CALLS
def test_no_weight_is_the_unweighted_loss_bit_for_bit(call):
    loss, y, p, keywords = call
    for reduction in ("mean", "sum", "none"):
        np.testing.assert_array_equal(loss(y, p, sample_weight=None, reduction=reduction, **keywords),
                                      loss(y, p, reduction=reduction, **keywords))


def test_per_element_weights_weigh_single_decisions():
    """Weights of the input's shape weigh each binary decision; a weight 0 drops even an infinite loss."""
    y, p = np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([[0.0, 0.3], [0.6, 0.9]])
    weights = np.array([[0.0, 2.0], [1.0, 3.0]])
    for loss in (lb.binary_cross_entropy, lb.binary_focal_loss):
        assert np.isinf(loss(y, p))
        losses = loss(y, p, reduction="none")
        expected = (2 * losses[0, 1] + losses[1, 0] + 3 * losses[1, 1]) / 6
        assert float(loss(y, p, sample_weight=weights)) == pytest.approx(expected, rel=1e-15)
        assert loss(y, p, sample_weight=weights, reduction="none")[0, 0] == 0


def test_multilabel_weights_weigh_rows_not_labels():
    rows = lb.multilabel_binary_cross_entropy(SOFT, PROBABILITIES, reduction="none")
    assert float(lb.multilabel_binary_cross_entropy(SOFT, PROBABILITIES, sample_weight=WEIGHTS)) == pytest.approx(
        float(np.sum(WEIGHTS * rows) / np.sum(WEIGHTS)), rel=1e-14)
    with pytest.raises(ValueError, match=r"sample_weight must have the shape of the per-sample losses.*\(12,\)"):
        lb.multilabel_binary_cross_entropy(SOFT, PROBABILITIES, sample_weight=np.ones((N, D)))


def test_float32_stays_float32_with_weights():
    for loss, y, p, keywords in BINARY_CALLS.values():
        value = loss(y.astype(np.float32), p.astype(np.float32), sample_weight=WEIGHTS, **keywords)
        assert value.dtype == np.float32


@pytest.mark.parametrize("loss, y, p", [(lb.binary_cross_entropy, HARD, PROBABILITIES), (lb.hinge, SIGNED, SCORES),
                                        (lb.binary_focal_loss, HARD, PROBABILITIES)])
def test_bad_weights_and_bad_inputs_are_named(loss, y, p):
    with pytest.raises(ValueError, match="sample_weight must hold weights >= 0"):
        loss(y, p, sample_weight=-WEIGHTS)
    with pytest.raises(ValueError, match="sample_weight sums to 0"):
        loss(y, p, sample_weight=np.zeros(N))
    with pytest.raises(ValueError, match="sample_weight must have the shape"):
        loss(y, p, sample_weight=np.ones(N + 1))
    with pytest.raises(ValueError, match="y_pred"):  # the inputs are checked before the weights
        loss(y, np.full_like(p, np.nan), sample_weight=-WEIGHTS)
    assert float(loss(y, p, sample_weight=np.zeros(N), reduction="sum")) == 0


# ------------------------------------------------------------------ scikit-learn
@pytest.fixture(scope="module")
def metrics():
    return pytest.importorskip("sklearn.metrics")


@pytest.mark.frameworks
def test_sklearn_log_loss_sample_weight(metrics):
    """log_loss(sample_weight=w) is the weighted mean; compared on hard labels and probabilities away from 0 and 1
    (log_loss takes class labels, not soft ones, and clips at the dtype's epsilon)."""
    y, p = HARD[:, 0], PROBABILITIES[:, 0]
    theirs = metrics.log_loss(y, p, sample_weight=WEIGHTS, labels=[0, 1])
    assert theirs == pytest.approx(float(lb.binary_cross_entropy(y, p, sample_weight=WEIGHTS)), rel=1e-13)
    assert theirs != pytest.approx(float(lb.binary_cross_entropy(y, p)), rel=1e-3)


@pytest.mark.frameworks
def test_sklearn_hinge_loss_sample_weight(metrics):
    """hinge_loss(y, decision, sample_weight=w) for binary ±1 labels and one score per sample: the same weighted
    mean.  (scikit-learn also maps any two labels, 0/1 included, to ±1 — lossbook refuses 0/1 — and takes a
    multi-class Crammer–Singer hinge for three or more classes: neither is compared.)"""
    y, s = SIGNED[:, 0], SCORES[:, 0]
    theirs = metrics.hinge_loss(y, s, sample_weight=WEIGHTS)
    assert theirs == pytest.approx(float(lb.hinge(y, s, sample_weight=WEIGHTS)), rel=1e-13)
    assert theirs != pytest.approx(float(lb.hinge(y, s)), rel=1e-3)


# ------------------------------------------------------------------ Keras
@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


def _f32(values):
    return np.asarray(values, dtype=np.float32)


KERAS_CALLS = {  # (Keras class name, its keywords, lossbook loss, labels, predictions, lossbook keywords)
    "BinaryCrossentropy": ("BinaryCrossentropy", {}, lb.binary_cross_entropy, SOFT, PROBABILITIES, {}),
    "BinaryCrossentropy logits": ("BinaryCrossentropy", {"from_logits": True}, lb.binary_cross_entropy, SOFT, LOGITS,
                                  {"from_logits": True}),
    "BinaryFocalCrossentropy": ("BinaryFocalCrossentropy", {"gamma": 2.0}, lb.binary_focal_loss, HARD, PROBABILITIES,
                                {"gamma": 2.0}),
    "BinaryFocalCrossentropy alpha logits": (
        "BinaryFocalCrossentropy", {"apply_class_balancing": True, "alpha": 0.3, "gamma": 1.5, "from_logits": True},
        lb.binary_focal_loss, SOFT, LOGITS, {"alpha": 0.3, "gamma": 1.5, "from_logits": True}),
    "Hinge": ("Hinge", {}, lb.hinge, SIGNED, SCORES, {}),
    "SquaredHinge": ("SquaredHinge", {}, lb.squared_hinge, SIGNED, SCORES, {}),
}


@pytest.mark.frameworks
@pytest.mark.parametrize("case", list(KERAS_CALLS.values()), ids=list(KERAS_CALLS))
def test_keras_mean_with_sample_weight(keras, case):
    """Keras averages each row over its last axis, then weighs the rows: "mean_with_sample_weight" is lossbook's
    weighted mean with one weight per row, and the default "sum_over_batch_size" is lossbook's weighted "sum"
    over the number of elements.  Inputs in float32 (Keras's default), away from its 1e-7 clip."""
    name, their_keywords, loss, y, p, keywords = case
    y, p = _f32(y).astype(np.float64), _f32(p).astype(np.float64)
    weighted_mean = getattr(keras.losses, name)(reduction="mean_with_sample_weight", **their_keywords)
    theirs = float(weighted_mean(_f32(y), _f32(p), sample_weight=_f32(WEIGHTS)))
    ours = float(loss(y, p, sample_weight=WEIGHTS, **keywords))
    assert theirs == pytest.approx(ours, rel=2e-6)
    by_batch = float(getattr(keras.losses, name)(**their_keywords)(_f32(y), _f32(p), sample_weight=_f32(WEIGHTS)))
    assert by_batch == pytest.approx(float(loss(y, p, sample_weight=WEIGHTS, reduction="sum", **keywords)) / y.size,
                                     rel=2e-6)


@pytest.mark.frameworks
@pytest.mark.parametrize("from_logits", [False, True], ids=["probabilities", "logits"])
def test_keras_multilabel_is_k_times_its_weighted_mean(keras, from_logits):
    p = LOGITS if from_logits else PROBABILITIES
    y, p = _f32(SOFT).astype(np.float64), _f32(p).astype(np.float64)
    bce = keras.losses.BinaryCrossentropy(from_logits=from_logits, reduction="mean_with_sample_weight")
    theirs = float(bce(_f32(y), _f32(p), sample_weight=_f32(WEIGHTS)))
    ours = float(lb.multilabel_binary_cross_entropy(y, p, from_logits=from_logits, sample_weight=WEIGHTS))
    assert D * theirs == pytest.approx(ours, rel=2e-6)


# ------------------------------------------------------------------ PyTorch
@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


def _t(torch, values):
    return torch.tensor(np.asarray(values, dtype=np.float64))


@pytest.mark.frameworks
@pytest.mark.parametrize("from_logits", [False, True], ids=["BCELoss", "BCEWithLogitsLoss"])
def test_torch_weight_rescales_elements_and_its_mean_divides_by_n(torch, from_logits):
    """BCELoss(weight=w) / BCEWithLogitsLoss(weight=w, pos_weight=v): "none" and "sum" are lossbook's with
    sample_weight=w (pos_weight=v), but "mean" is the weighted sum over N, not over the total weight."""
    p = LOGITS if from_logits else PROBABILITIES
    keywords = {"from_logits": True, "pos_weight": POS_WEIGHT} if from_logits else {}
    torch_keywords = {"pos_weight": _t(torch, POS_WEIGHT)} if from_logits else {}
    criterion = torch.nn.BCEWithLogitsLoss if from_logits else torch.nn.BCELoss
    weight = _t(torch, WEIGHTS[:, None])  # broadcast over the columns, as lossbook's (N,) weights are
    for y in (HARD, SOFT):
        def theirs(reduction):
            return criterion(weight=weight, reduction=reduction, **torch_keywords)(_t(torch, p), _t(torch, y)).numpy()

        def ours(reduction):
            return lb.binary_cross_entropy(y, p, sample_weight=WEIGHTS, reduction=reduction, **keywords)

        np.testing.assert_allclose(theirs("none"), ours("none"), rtol=1e-12)
        assert float(theirs("sum")) == pytest.approx(float(ours("sum")), rel=1e-13)
        assert float(theirs("mean")) == pytest.approx(float(ours("sum")) / y.size, rel=1e-13)
        assert float(theirs("mean")) != pytest.approx(float(ours("mean")), rel=1e-3)
        # the multi-label loss sums each row's labels: PyTorch's sum over rows and labels
        multilabel = lb.multilabel_binary_cross_entropy(y, p, sample_weight=WEIGHTS, reduction="sum", **keywords)
        assert float(theirs("sum")) == pytest.approx(float(multilabel), rel=1e-13)


# ------------------------------------------------------------------ label smoothing
SMOOTHINGS = pytest.mark.parametrize("smoothing", [0.1, 0.25, 0.9])
SMOOTHED_CALLS = {  # (loss, labels, predictions, keywords)
    "bce": (lb.binary_cross_entropy, HARD, PROBABILITIES, {}),
    "bce soft logits": (lb.binary_cross_entropy, SOFT, LOGITS, {"from_logits": True}),
    "bce pos_weight": (lb.binary_cross_entropy, HARD, LOGITS, {"from_logits": True, "pos_weight": POS_WEIGHT}),
    "multilabel": (lb.multilabel_binary_cross_entropy, SOFT, PROBABILITIES, {}),
    "multilabel logits": (lb.multilabel_binary_cross_entropy, HARD, LOGITS, {"from_logits": True}),
}
SMOOTHED = pytest.mark.parametrize("call", list(SMOOTHED_CALLS.values()), ids=list(SMOOTHED_CALLS))


@SMOOTHED
@SMOOTHINGS
def test_label_smoothing_is_the_loss_of_the_smoothed_labels(call, smoothing):
    """optax.smooth_labels's rule over the two classes [1 - y, y], written out: y → y(1 - s) + s/2."""
    loss, y, p, keywords = call
    two_classes = np.stack([1 - y, y], axis=-1)
    smoothed = (two_classes * (1 - smoothing) + smoothing / 2)[..., 1]
    for reduction in ("none", "mean"):
        np.testing.assert_allclose(loss(y, p, label_smoothing=smoothing, reduction=reduction, **keywords),
                                   loss(smoothed, p, reduction=reduction, **keywords), rtol=1e-14)
    assert not np.allclose(loss(y, p, label_smoothing=smoothing, **keywords), loss(y, p, **keywords))


@pytest.mark.parametrize("from_logits", [False, True], ids=["probabilities", "logits"])
def test_smoothing_a_hard_label_against_the_definition_at_50_digits(from_logits):
    """y = 1 with s becomes 1 - s/2: -(1 - s/2) log p - (s/2) log(1 - p), exact for certain predictions too."""
    s = 0.25
    if from_logits:
        p = np.array([-700.0, -3.0, 0.0, 40.0, 700.0])
    else:
        p = np.array([1e-300, 1e-12, 0.3, 0.5, 1 - 2**-40, 1.0])
    losses = lb.binary_cross_entropy(np.ones_like(p), p, from_logits=from_logits, label_smoothing=s, reduction="none")
    with mpmath.workdps(60):
        for value, x in zip(losses, mpmath.matrix(p)):
            if from_logits:  # log sigma(z) and log sigma(-z)
                log_q, log_1mq = -mpmath.log(1 + mpmath.exp(-x)), -mpmath.log(1 + mpmath.exp(x))
            else:
                log_q, log_1mq = mpmath.log(x), (mpmath.log(1 - x) if x < 1 else -mpmath.inf)
            expected = -(1 - mpmath.mpf(s) / 2) * log_q - mpmath.mpf(s) / 2 * log_1mq
            assert value == pytest.approx(float(expected), rel=4e-16) if mpmath.isfinite(expected) else value == np.inf


def test_label_smoothing_with_sample_weight_and_float32():
    y, p = HARD.astype(np.float32), PROBABILITIES.astype(np.float32)
    value = lb.binary_cross_entropy(y, p, label_smoothing=0.2, sample_weight=WEIGHTS)
    assert value.dtype == np.float32
    losses = lb.binary_cross_entropy(HARD, PROBABILITIES, label_smoothing=0.2, reduction="none")
    assert float(value) == pytest.approx(float(np.sum(WEIGHTS[:, None] * losses) / (D * WEIGHTS.sum())), rel=1e-6)


@pytest.mark.parametrize("loss", [lb.binary_cross_entropy, lb.multilabel_binary_cross_entropy])
@pytest.mark.parametrize("smoothing, error, message", [
    (1.0, ValueError, r"label_smoothing must lie in \[0, 1\) for \w+; found 1.0"),
    (-0.1, ValueError, r"label_smoothing must lie in \[0, 1\)"),
    (float("nan"), ValueError, r"label_smoothing must lie in \[0, 1\)"),
    ("0.1", TypeError, r"label_smoothing must be a real number in \[0, 1\)"),
    (True, TypeError, r"label_smoothing must be a real number"),
])
def test_bad_label_smoothing_is_named(loss, smoothing, error, message):
    with pytest.raises(error, match=message):
        loss(HARD, PROBABILITIES, label_smoothing=smoothing)


def test_labels_are_checked_before_they_are_smoothed():
    """1.5 smoothed by 0.5 would be 1.0, a valid label: the error still names the label given."""
    for loss in (lb.binary_cross_entropy, lb.multilabel_binary_cross_entropy):
        with pytest.raises(ValueError, match="y_true must hold labels .* found 1.5"):
            loss([[1.5, 0.0]], [[0.5, 0.5]], label_smoothing=0.5)


@pytest.mark.frameworks
@SMOOTHINGS
@pytest.mark.parametrize("from_logits", [False, True], ids=["probabilities", "logits"])
def test_keras_label_smoothing(keras, smoothing, from_logits):
    p = LOGITS if from_logits else PROBABILITIES
    y, p = _f32(HARD).astype(np.float64), _f32(p).astype(np.float64)
    bce = keras.losses.BinaryCrossentropy(from_logits=from_logits, label_smoothing=smoothing, reduction="none")
    theirs = np.asarray(bce(_f32(y), _f32(p)))  # averaged over the last axis
    ours = lb.binary_cross_entropy(y, p, from_logits=from_logits, label_smoothing=smoothing, reduction="none")
    np.testing.assert_allclose(theirs, ours.mean(axis=-1), rtol=2e-6)
    rows = lb.multilabel_binary_cross_entropy(y, p, from_logits=from_logits, label_smoothing=smoothing,
                                              reduction="none")
    np.testing.assert_allclose(D * theirs, rows, rtol=2e-6)


@pytest.mark.frameworks
@SMOOTHINGS
def test_optax_smooth_labels_then_sigmoid_cross_entropy(smoothing):
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    optax = pytest.importorskip("optax")
    two_classes = np.stack([1 - SOFT, SOFT], axis=-1)
    smoothed = np.asarray(optax.smooth_labels(two_classes, smoothing))[..., 1]
    theirs = np.asarray(optax.losses.sigmoid_binary_cross_entropy(LOGITS, smoothed))
    ours = lb.binary_cross_entropy(SOFT, LOGITS, from_logits=True, label_smoothing=smoothing, reduction="none")
    np.testing.assert_allclose(theirs, ours, rtol=1e-13)


# ------------------------------------------------------------------ the block-by-block focal loss
def _three_blocks(from_logits: bool, dtype):
    """Some 70,000 elements (three blocks of lossbook._numerics.blocks): hard labels, then soft ones, then hard."""
    rng = np.random.default_rng(11)
    n = 70_000
    y = rng.integers(0, 2, n).astype(float)
    y[30_000:40_000] = rng.uniform(0, 1, 10_000)
    p = rng.normal(0, 6, n) if from_logits else rng.uniform(0, 1, n) ** 3
    return y.astype(dtype), p.astype(dtype)


@pytest.mark.parametrize("from_logits", [False, True], ids=["probabilities", "logits"])
@pytest.mark.parametrize("gamma, alpha", [(2.0, None), (0.5, 0.25), (5.0, 0.9), (0.0, None)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
def test_focal_blocks_agree_with_the_careful_path(from_logits, gamma, alpha, dtype):
    """An appended element the fast path refuses sends the whole call to the careful path: the other
    elements' losses must not change beyond rounding (float32 from probabilities: the same bits; float64
    labels 0 and 1 take one logarithm on the fast path, log p_t, and log1p on the careful one)."""
    y, p = _three_blocks(from_logits, dtype)
    keywords = {"gamma": gamma, "alpha": alpha, "from_logits": from_logits, "reduction": "none"}
    fast = lb.binary_focal_loss(y, p, **keywords)
    if from_logits and dtype == np.float32:  # no float32 logit overflows float64: compare with float64, rounded once
        careful = lb.binary_focal_loss(y.astype(np.float64), p.astype(np.float64), **keywords).astype(dtype)
    else:
        refused = ([1.0, 1.0], [-1e308, -1e308]) if from_logits else ([0.0], [0.0])  # an infinite total; 0 log 0
        y_all = np.concatenate([y, np.array(refused[0], dtype)])
        p_all = np.concatenate([p, np.array(refused[1], dtype)])
        careful = lb.binary_focal_loss(y_all, p_all, **keywords)[: y.size]
    assert fast.dtype == careful.dtype == dtype
    if dtype == np.float64:  # from logits the softplus terms are summed in another order
        np.testing.assert_allclose(fast, careful, rtol=1e-15, atol=0)
    else:
        np.testing.assert_array_equal(fast, careful)
    mean = lb.binary_focal_loss(y, p, gamma=gamma, alpha=alpha, from_logits=from_logits)
    reference = float(_fsum(careful.astype(np.float64)) / y.size)
    assert float(mean) == pytest.approx(reference, rel=1e-15 if dtype == np.float64 else 6e-8)
