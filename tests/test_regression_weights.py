"""``sample_weight`` on the regression, GAN and structure losses: the frameworks' conventions, pinned.

scikit-learn's ``sample_weight`` and Keras's ``reduction="mean_with_sample_weight"``
define the weighted mean :math:`\\sum_n w_n\\ell_n / \\sum_n w_n`; Keras's default
``"sum_over_batch_size"`` divides the weighted sum by the number of samples
instead.  Keras first averages each sample's last axis, so its inputs here
have shape ``(N, D)`` with one weight per row — ``(N, 1)`` for one output —
and lossbook gets the same ``(N,)`` weights: each weight then counts ``D``
times in both, and the two conventions mean the same thing exactly.  Keras
computes in float32 (its ``floatx``), so its inputs are float32 numbers and
the tolerance is float32's.  Framework tests skip when the framework is absent.
"""

import numpy as np
import pytest

import lossbook as lb
from lossbook.losses import adversarial, structure

RNG = np.random.default_rng(20261130)
KERAS_RTOL = 2e-6  # Keras on JAX computes in float32


def _data(shape, *, positive=False, seed=0):
    """``(y_true, y_pred, weights)`` in float32-representable float64, one weight per row (one is 0)."""
    rng = np.random.default_rng(seed)
    draw = (lambda: rng.lognormal(0.0, 1.0, shape)) if positive else (lambda: rng.normal(0.0, 2.0, shape))
    y_true, y_pred = (draw().astype(np.float32).astype(np.float64) for _ in range(2))
    weights = rng.uniform(0.1, 3.0, shape[0]).astype(np.float32).astype(np.float64)
    weights[1] = 0.0
    return y_true, y_pred, weights


# --------------------------------------------------------------------------- scikit-learn
SKLEARN = [  # (lossbook call, scikit-learn function name, keywords for it, needs inputs >= 0)
    (lb.mean_squared_error, "mean_squared_error", {}, False),
    (lb.mean_absolute_error, "mean_absolute_error", {}, False),
    (lb.root_mean_squared_error, "root_mean_squared_error", {}, False),
    (lb.mean_squared_log_error, "mean_squared_log_error", {}, True),
    (lambda *a, **k: lb.quantile_loss(*a, quantile=0.1, **k), "mean_pinball_loss", {"alpha": 0.1}, False),
    (lambda *a, **k: lb.quantile_loss(*a, quantile=0.9, **k), "mean_pinball_loss", {"alpha": 0.9}, False),
]
SKLEARN_IDS = ["mse", "mae", "rmse", "msle", "pinball-0.1", "pinball-0.9"]


@pytest.fixture(scope="module")
def metrics():
    return pytest.importorskip("sklearn.metrics")


@pytest.mark.parametrize("ours, name, keywords, positive", SKLEARN, ids=SKLEARN_IDS)
def test_sklearn_sample_weight_one_output(metrics, ours, name, keywords, positive):
    y_true, y_pred, weights = _data((40,), positive=positive)
    theirs = getattr(metrics, name)(y_true, y_pred, sample_weight=weights, **keywords)
    np.testing.assert_allclose(ours(y_true, y_pred, sample_weight=weights), theirs, rtol=1e-13)


@pytest.mark.parametrize("ours, name, keywords, positive", SKLEARN[:2] + SKLEARN[3:],
                         ids=SKLEARN_IDS[:2] + SKLEARN_IDS[3:])
def test_sklearn_sample_weight_several_outputs(metrics, ours, name, keywords, positive):
    """Outputs of shape (N, D), one weight per row: scikit-learn averages the D weighted column means."""
    y_true, y_pred, weights = _data((40, 3), positive=positive, seed=1)
    theirs = getattr(metrics, name)(y_true, y_pred, sample_weight=weights, **keywords)
    np.testing.assert_allclose(ours(y_true, y_pred, sample_weight=weights), theirs, rtol=1e-13)


def test_sklearn_rmse_several_outputs_is_per_column(metrics):
    """scikit-learn's RMSE of (N, D) averages the D column RMSEs; lossbook's is one root over all elements."""
    y_true, y_pred, weights = _data((40, 3), seed=2)
    columns = metrics.root_mean_squared_error(y_true, y_pred, sample_weight=weights, multioutput="raw_values")
    ours = [lb.root_mean_squared_error(y_true[:, j], y_pred[:, j], sample_weight=weights) for j in range(3)]
    np.testing.assert_allclose(ours, columns, rtol=1e-13)
    overall = lb.root_mean_squared_error(y_true, y_pred, sample_weight=weights)
    np.testing.assert_allclose(overall ** 2, metrics.mean_squared_error(y_true, y_pred, sample_weight=weights),
                               rtol=1e-13)
    assert abs(overall - np.mean(columns)) > 1e-3 * overall  # the two conventions really differ here


# --------------------------------------------------------------------------- Keras
KERAS = [  # (Keras class name, its keywords, lossbook call, needs inputs >= 0)
    ("MeanSquaredError", {}, lb.mean_squared_error, False),
    ("MeanAbsoluteError", {}, lb.mean_absolute_error, False),
    ("Huber", {"delta": 0.7}, lambda *a, **k: lb.huber_loss(*a, delta=0.7, **k), False),
    ("LogCosh", {}, lb.log_cosh_loss, False),
    ("MeanSquaredLogarithmicError", {}, lb.mean_squared_log_error, True),  # Keras clips below 1e-7: inputs >= 0.1
]


@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


@pytest.mark.frameworks
@pytest.mark.parametrize("columns", [1, 4])
@pytest.mark.parametrize("name, keywords, ours, positive", KERAS, ids=[row[0] for row in KERAS])
def test_keras_sample_weight_reductions(keras, name, keywords, ours, positive, columns):
    y_true, y_pred, weights = _data((30, columns), positive=positive, seed=columns)
    if positive:
        y_true, y_pred = y_true + 0.1, y_pred + 0.1
    f32 = [np.float32(a) for a in (y_true, y_pred, weights)]
    with_weights = getattr(keras.losses, name)(reduction="mean_with_sample_weight", **keywords)
    np.testing.assert_allclose(float(with_weights(*f32[:2], sample_weight=f32[2])),
                               ours(y_true, y_pred, sample_weight=weights), rtol=KERAS_RTOL)
    # Keras's default: the weighted sum over the number of rows, i.e. lossbook's weighted sum / (N·D).
    default = getattr(keras.losses, name)(**keywords)
    np.testing.assert_allclose(float(default(*f32[:2], sample_weight=f32[2])),
                               ours(y_true, y_pred, sample_weight=weights, reduction="sum") / y_true.size,
                               rtol=KERAS_RTOL)


# --------------------------------------------------------------------------- RMSE and the quantile loss
def test_weighted_rmse_is_the_root_of_the_weighted_mean_of_squares():
    y_true, y_pred, weights = _data((25,), seed=3)
    squares = (y_pred - y_true) ** 2
    np.testing.assert_allclose(lb.rmse(y_true, y_pred, sample_weight=weights),
                               np.sqrt(np.sum(weights * squares) / np.sum(weights)), rtol=1e-14)
    np.testing.assert_allclose(lb.rmse(y_true, y_pred, sample_weight=weights, reduction="sum"),
                               np.sqrt(np.sum(weights * squares)), rtol=1e-14)
    np.testing.assert_array_equal(lb.rmse(y_true, y_pred, sample_weight=weights, reduction="none"),
                                  weights * np.abs(y_pred - y_true))


def test_weighted_rmse_does_not_overflow_and_a_zero_weight_drops_an_overflowing_residual():
    assert lb.rmse([1e300, 0.0], [-1e300, 0.0], sample_weight=[1.0, 3.0]) == pytest.approx(1e300, rel=1e-15)
    assert lb.rmse([1e200, 0.0], [0.0, 1.0], sample_weight=[1e-300, 1.0]) == pytest.approx(1e50, rel=1e-15)
    assert lb.rmse([1e308, 1.0], [-1e308, 4.0], sample_weight=[0.0, 2.0]) == 3.0
    assert lb.rmse([0.0, 3.0], [0.0, 7.0], sample_weight=[1e300, 1e300], reduction="sum") == pytest.approx(
        4e150, rel=1e-15)  # sqrt(1e300 · 4²): the weights are never squared into overflow


def test_weighted_rmse_float32_and_errors():
    result = lb.rmse(np.float32([0.0, 1.0]), np.float32([3.0, 1.0]), sample_weight=[2.0, 1.0])
    assert result.dtype == np.float32 and result == pytest.approx(np.sqrt(6.0), rel=1e-7)
    with pytest.raises(ValueError, match="sample_weight sums to 0"):
        lb.rmse([1.0], [2.0], sample_weight=[0.0])
    assert lb.rmse([1.0], [2.0], sample_weight=[0.0], reduction="sum") == 0
    with pytest.raises(ValueError, match="sample_weight must hold weights >= 0"):
        lb.rmse([1.0, 2.0], [2.0, 2.0], sample_weight=[1.0, -1.0])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_quantile_loss_of_a_perfect_prediction_is_plus_zero(dtype):
    y = np.array([1.5, -2.0, 0.0], dtype=dtype)
    for tau in (0.1, 0.5, 0.9):
        for reduction in ("none", "mean", "sum"):
            losses = np.asarray(lb.quantile_loss(y, y, quantile=tau, reduction=reduction))
            assert (losses == 0).all() and not np.signbit(losses).any(), (tau, reduction, losses)
    # The careful path (a residual beyond the float range elsewhere) gives +0.0 as well.
    careful = lb.quantile_loss([1e308, 2.0], [-1e308, 2.0], reduction="none")
    assert careful[1] == 0 and not np.signbit(careful[1])


# --------------------------------------------------------------------------- GAN losses
PAIRS = [adversarial.minimax_discriminator_loss, adversarial.least_squares_discriminator_loss,
         adversarial.wasserstein_critic_loss, adversarial.hinge_discriminator_loss]


def test_a_pair_weight_weighs_the_real_and_the_generated_term_alike():
    """Discriminator mean = weighted mean real term + weighted mean fake term, with the same weights."""
    real, fake, weights = _data((20,), seed=4)
    w = {"sample_weight": weights}
    np.testing.assert_allclose(adversarial.least_squares_discriminator_loss(real, fake, **w),
                               lb.mean_squared_error(np.ones(20), real, **w) / 2
                               + lb.mean_squared_error(np.zeros(20), fake, **w) / 2, rtol=1e-14)
    np.testing.assert_allclose(adversarial.minimax_discriminator_loss(real, fake, **w),
                               adversarial.non_saturating_generator_loss(real, **w)
                               - adversarial.minimax_generator_loss(fake, **w), rtol=1e-14)
    np.testing.assert_allclose(adversarial.wasserstein_critic_loss(real, fake, **w),
                               adversarial.wasserstein_generator_loss(real, **w)
                               - adversarial.wasserstein_generator_loss(fake, **w), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("loss", PAIRS, ids=lambda f: f.__name__)
def test_pair_weights_per_row_of_patch_scores(loss):
    """PatchGAN scores (N, H, W): one weight per image weighs all its patches."""
    real, fake, _ = _data((4, 3, 2), seed=5)
    weights = np.array([1.0, 0.0, 2.0, 1.0])
    repeated = loss(np.repeat(real, [1, 0, 2, 1], axis=0), np.repeat(fake, [1, 0, 2, 1], axis=0))
    np.testing.assert_allclose(loss(real, fake, sample_weight=weights), repeated, rtol=1e-14)
    with pytest.raises(ValueError, match=r"sample_weight must have the shape of the per-sample losses .*\(4, 3, 2\)"):
        loss(real, fake, sample_weight=np.ones(3))


def test_minimax_discriminator_weights_with_label_smoothing():
    real, fake, weights = _data((10,), seed=6)
    losses = adversarial.minimax_discriminator_loss(real, fake, label_smoothing=0.25, reduction="none")
    np.testing.assert_allclose(adversarial.minimax_discriminator_loss(real, fake, label_smoothing=0.25,
                                                                      sample_weight=weights),
                               np.sum(weights * losses) / np.sum(weights), rtol=1e-14)


def test_gradient_penalty_weights_rows():
    gradients = np.array([[3.0, 4.0], [1.0, 0.0], [0.0, 2.0]])
    penalties = adversarial.gradient_penalty(gradients, reduction="none")  # 16, 0, 1
    np.testing.assert_allclose(adversarial.gradient_penalty(gradients, sample_weight=[1.0, 5.0, 2.0]),
                               (16.0 + 2.0) / 8.0, rtol=1e-15)
    np.testing.assert_array_equal(adversarial.gradient_penalty(gradients, sample_weight=[1.0, 5.0, 2.0],
                                                               reduction="none"), penalties * [1, 5, 2])
    with pytest.raises(ValueError, match="sample_weight"):
        adversarial.gradient_penalty(gradients, sample_weight=np.ones((3, 2)))


# --------------------------------------------------------------------------- structure regularisers
def _graph_inputs():
    rng = np.random.default_rng(7)
    return rng.normal(size=(5, 3)), rng.normal(size=(5, 2, 3)), rng.uniform(0.0, 1.0, (5, 2))


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_structure_weights_repeat_samples(reduction):
    counts = np.array([2, 0, 1, 3, 1])
    h, neighbors, edges = _graph_inputs()
    rep = lambda a: np.repeat(a, counts, axis=0)  # noqa: E731
    np.testing.assert_allclose(
        structure.graph_regularization(h, neighbors, edges, sample_weight=counts, reduction=reduction),
        structure.graph_regularization(rep(h), rep(neighbors), rep(edges), reduction=reduction), rtol=1e-14)
    np.testing.assert_allclose(
        structure.neighbor_distance(h, neighbors[:, 0], distance="l1", sample_weight=counts, reduction=reduction),
        structure.neighbor_distance(rep(h), rep(neighbors[:, 0]), distance="l1", reduction=reduction), rtol=1e-14)
    labels, x, w = np.array([1.0, 0.0, 1.0, 0.0, 1.0]), h, np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(
        structure.logistic_adversarial_loss(labels, x, w, epsilon=0.1, sample_weight=counts, reduction=reduction),
        structure.logistic_adversarial_loss(rep(labels), rep(x), w, epsilon=0.1, reduction=reduction), rtol=1e-14)


def test_structure_bad_weights_name_the_argument():
    h, neighbors, edges = _graph_inputs()
    with pytest.raises(ValueError, match="sample_weight must hold weights >= 0 for graph_regularization"):
        structure.graph_regularization(h, neighbors, edges, sample_weight=[1.0, -1.0, 1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="sample_weight must have the shape .* for neighbor_distance"):
        structure.neighbor_distance(h, neighbors[:, 0], sample_weight=np.ones(4))
    with pytest.raises(ValueError, match="sample_weight sums to 0 for logistic_adversarial_loss"):
        structure.logistic_adversarial_loss([1.0], [[1.0]], [1.0], epsilon=0.1, sample_weight=[0.0])


# --------------------------------------------------------------------------- the small-input path
REGRESSION = [(lb.mean_squared_error, {}), (lb.mean_absolute_error, {}), (lb.root_mean_squared_error, {}),
              (lb.mean_squared_log_error, {}), (lb.huber_loss, {"delta": 0.3}), (lb.pseudo_huber_loss, {}),
              (lb.pseudo_huber_loss, {"delta": 3.0}), (lb.log_cosh_loss, {}), (lb.quantile_loss, {"quantile": 0.8})]


@pytest.mark.parametrize("loss, keywords", REGRESSION, ids=lambda v: getattr(v, "__name__", str(v)))
@pytest.mark.parametrize("scale", [1e-3, 1.0, 50.0, 1e160])
def test_small_float_arrays_give_the_bits_of_the_general_path(loss, keywords, scale):
    """A float64 array (the short path) and the same numbers as a list or byte-swapped (the general path)."""
    y_true, y_pred, _ = _data((3, 4), positive=True, seed=8)
    y_true, y_pred = y_true * scale, y_pred * scale
    for reduction in ("mean", "sum", "none"):
        short = loss(y_true, y_pred, reduction=reduction, **keywords)
        for general in ((y_true.tolist(), y_pred.tolist()), (y_true.astype(">f8"), y_pred.astype(">f8"))):
            other = loss(*general, reduction=reduction, **keywords)
            assert np.asarray(short).dtype == np.asarray(other).dtype and np.shape(short) == np.shape(other)
            np.testing.assert_array_equal(np.asarray(short).view(np.uint64), np.asarray(other).view(np.uint64))


def test_small_path_overflow_is_silent_whatever_the_error_state():
    import warnings
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        assert lb.mean_squared_error(np.array([1e200, 0.0]), np.array([0.0, 0.0])) == np.inf
        assert lb.log_cosh_loss(np.array([1e308]), np.array([-1e308])) == np.inf
        assert lb.huber_loss(np.float32([3e38]), np.float32([-3e38]), delta=1e-3) == pytest.approx(6e35, rel=1e-6)
    with pytest.raises(ValueError, match="y_pred must not contain NaN for mean_squared_error; found NaN at index 1"):
        lb.mean_squared_error(np.zeros(2), np.array([0.0, np.nan]))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_log_cosh_of_an_element_does_not_depend_on_a_far_residual_beside_it(dtype):
    """Blocks with some |r| > 20 take the clipped formula; the others' losses keep their bits."""
    r = np.random.default_rng(9).normal(0.0, 8.0, 64).astype(dtype)
    r = r[np.abs(r) <= 20]
    alone = lb.log_cosh_loss(np.zeros_like(r), r, reduction="none")
    beside = lb.log_cosh_loss(np.zeros(r.size + 1, dtype), np.append(r, dtype(35.0)), reduction="none")
    np.testing.assert_array_equal(beside[:-1], alone)
    assert beside[-1] == pytest.approx(35.0 - np.log(2.0), rel=1e-6)
    assert not np.signbit(lb.log_cosh_loss(np.zeros(2, dtype), np.array([0.0, -0.0], dtype), reduction="none")).any()
    assert not np.signbit(lb.pseudo_huber_loss(np.zeros(2, dtype), np.array([0.0, -0.0], dtype),
                                               reduction="none")).any()


@pytest.mark.parametrize("loss, keywords", [(lb.mean_squared_error, {}), (lb.mean_absolute_error, {}),
                                            (lb.root_mean_squared_error, {}), (lb.huber_loss, {"delta": 0.5}),
                                            (lb.huber_loss, {}), (lb.quantile_loss, {"quantile": 0.3}),
                                            (lb.quantile_loss, {}), (lb.mean_squared_log_error, {}),
                                            (lb.pseudo_huber_loss, {}), (lb.pseudo_huber_loss, {"delta": 0.3}),
                                            (lb.pseudo_huber_loss, {"delta": 1e-200})],
                         ids=lambda v: getattr(v, "__name__", str(v)))
def test_few_numbers_in_python_floats_give_the_bits_of_the_block_path(loss, keywords):
    """Signed zeros, ties at delta, huge and tiny residuals: the Python-float path and the block path agree."""
    edges = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 0.25, 1e-300, -5e-324, 1e150, -1e150, 3.0, 1e-8, -0.999999, 1e300]
    if loss is lb.mean_squared_log_error:
        edges = [edge for edge in edges if edge > -1]
    rng = np.random.default_rng(21)
    values = np.concatenate([edges, np.abs(rng.standard_normal(len(edges))) * 10.0 ** rng.integers(-3, 3, len(edges))])
    moderate = values[np.abs(values) < 1e10]  # no square refused: every element on the Python path
    for size, pool in [(size, pool) for size in (1, 5, 8, 13, 64) for pool in (values, moderate)]:
        y_true = rng.choice(pool, size) * rng.choice([1.0, 1.0 + 2**-40], size)
        y_pred = rng.choice(pool, size) * rng.choice([1.0, 1.0 + 2**-40], size)
        for reduction in ("mean", "sum", "none"):
            with np.errstate(over="ignore"):
                short = loss(y_true, y_pred, reduction=reduction, **keywords)
                general = loss(y_true.astype(">f8"), y_pred.astype(">f8"), reduction=reduction, **keywords)
            assert np.asarray(short).tobytes() == np.asarray(general).astype("<f8").tobytes(), (size, reduction)
    assert not np.signbit(loss(np.zeros(3), -np.zeros(3), **keywords))
