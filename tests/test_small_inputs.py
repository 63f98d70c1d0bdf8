"""The small-input path of the multi-class losses gives the general path's results bit for bit.

Inputs of at most ``_multiclass_small.SMALL`` elements are computed in Python
floats; with ``SMALL = 0`` every call takes the general (block and careful)
paths.  Each call is made both ways and the results compared bit for bit
(value, dtype, shape, type), or the errors message for message.
"""

from __future__ import annotations

import numpy as np
import pytest

from lossbook import categorical_cross_entropy, kl_divergence, sparse_categorical_cross_entropy
from lossbook.losses import _multiclass_small

N_CASES = 300


def _outcome(function, *args, **kwargs):
    try:
        result = function(*args, **kwargs)
    except (TypeError, ValueError) as error:
        return ("error", type(error), str(error))
    array = np.asarray(result)
    return ("ok", type(result), array.dtype, array.shape, array.tobytes())


def _both_ways(monkeypatch, function, *args, **kwargs):
    small = _outcome(function, *args, **kwargs)
    with monkeypatch.context() as patch:
        patch.setattr(_multiclass_small, "SMALL", 0)
        general = _outcome(function, *args, **kwargs)
    assert small == general, (function.__name__, args, kwargs)
    return small


def _hard_rows(rng, rows: int, n_classes: int) -> np.ndarray:
    """Probability rows: random, one-hot, with zeros, with tiny entries, near 1/2, uniform."""
    kind = rng.integers(6)
    if kind == 0:
        return rng.dirichlet(np.ones(n_classes), rows)
    if kind == 1:
        return np.eye(n_classes)[rng.integers(n_classes, size=rows)]
    if kind == 2:
        table = rng.dirichlet(np.full(n_classes, 0.3), rows)
        table[rng.random(table.shape) < 0.3] = 0.0
        sums = table.sum(axis=-1, keepdims=True)
        table = np.where(sums > 0, table / np.where(sums > 0, sums, 1), 1.0 / n_classes)
        return table
    if kind == 3:
        table = rng.dirichlet(np.ones(n_classes), rows) * (1 - 1e-12)
        table[:, 0] += 1e-12 * 10.0 ** -rng.integers(0, 300, rows)
        return table
    if kind == 4:
        table = np.full((rows, n_classes), 0.5 / max(n_classes - 1, 1))
        table[:, 0] = 0.5 + rng.choice([-1, 0, 1], rows) * 2.0 ** -52
        return table if n_classes > 1 else np.ones((rows, 1))
    return np.full((rows, n_classes), 1.0 / n_classes)


def _logits(rng, rows: int, n_classes: int) -> np.ndarray:
    kind = rng.integers(4)
    if kind == 0:
        return rng.standard_normal((rows, n_classes)) * 10.0 ** rng.integers(-3, 4)
    if kind == 1:  # ties: the first of equal maxima is the shift
        return rng.integers(-2, 3, (rows, n_classes)).astype(float)
    if kind == 2:
        return rng.choice([-1e4, 0.0, -0.0, 40.0, 1e4, 700.0], (rows, n_classes))
    return rng.standard_normal((rows, n_classes)) * 50


def _shape(rng, n_classes: int) -> tuple:
    rows = int(rng.integers(1, 7))
    return ((n_classes,), (rows, n_classes), (2, rows, n_classes))[rng.integers(3)]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("from_logits", [False, True])
def test_cross_entropies_match_the_general_path(monkeypatch, dtype, from_logits):
    rng = np.random.default_rng(11 + from_logits)
    taken = 0
    for case in range(N_CASES):
        n_classes = int(rng.integers(1, 18))
        shape = _shape(rng, n_classes)
        rows = int(np.prod(shape[:-1]))
        true = _hard_rows(rng, rows, n_classes).reshape(shape).astype(dtype)
        pred = (_logits(rng, rows, n_classes) if from_logits else _hard_rows(rng, rows, n_classes)).reshape(shape)
        pred = pred.astype(dtype)
        labels = rng.integers(0, n_classes, shape[:-1])
        for reduction in ("mean", "sum", "none"):
            outcome = _both_ways(monkeypatch, categorical_cross_entropy, true, pred, from_logits=from_logits,
                                 reduction=reduction)
            _both_ways(monkeypatch, sparse_categorical_cross_entropy, labels, pred, from_logits=from_logits,
                       reduction=reduction)
            taken += outcome[0] == "ok"
    assert taken > N_CASES  # most cases are losses, not errors


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_kl_matches_the_general_path(monkeypatch, dtype):
    rng = np.random.default_rng(5)
    for case in range(N_CASES):
        n_classes = int(rng.integers(1, 18))
        shape = _shape(rng, n_classes)
        rows = int(np.prod(shape[:-1]))
        true = _hard_rows(rng, rows, n_classes)
        pred = true + rng.standard_normal(true.shape) * 10.0 ** -rng.integers(1, 16) if case % 3 == 0 else \
            _hard_rows(rng, rows, n_classes)
        pred = np.clip(pred, 0, 1)
        for reduction in ("mean", "sum", "none"):
            _both_ways(monkeypatch, kl_divergence, true.reshape(shape).astype(dtype), pred.reshape(shape).astype(dtype),
                       reduction=reduction)


@pytest.mark.parametrize("loss", ["categorical", "sparse", "kl"])
def test_bad_small_inputs_give_the_same_errors(monkeypatch, loss):
    """NaN, infinity, values outside [0, 1], rows that do not sum to 1, labels out of range, bad reductions."""
    good = np.array([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]])
    onehot = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    bad_values = [np.nan, np.inf, -np.inf, -0.1, 1.1, 0.0, 1.0]
    for row in range(2):
        for column in range(3):
            for value in bad_values:
                changed = good.copy()
                changed[row, column] = value
                for from_logits in (False, True):
                    if loss == "categorical":
                        _both_ways(monkeypatch, categorical_cross_entropy, onehot, changed, from_logits=from_logits)
                        _both_ways(monkeypatch, categorical_cross_entropy, changed, good, from_logits=from_logits)
                    elif loss == "sparse":
                        _both_ways(monkeypatch, sparse_categorical_cross_entropy, np.array([2, 0]), changed,
                                   from_logits=from_logits)
                if loss == "kl":
                    _both_ways(monkeypatch, kl_divergence, changed, good)
                    _both_ways(monkeypatch, kl_divergence, good, changed)
    for labels in ([3, 0], [-1, 0], [0]):
        _both_ways(monkeypatch, sparse_categorical_cross_entropy, np.array(labels), good)
    for reduction in ("avg", "batchmean", None):
        _both_ways(monkeypatch, categorical_cross_entropy, onehot, good, reduction=reduction)
        _both_ways(monkeypatch, kl_divergence, onehot, good, reduction=reduction)
    _both_ways(monkeypatch, categorical_cross_entropy, onehot[:, :2], good)
    _both_ways(monkeypatch, kl_divergence, onehot, good[:1])
    _both_ways(monkeypatch, kl_divergence, np.array([[1.0, 0.0]]), np.array([[1e-300, 1.0]]))
    _both_ways(monkeypatch, categorical_cross_entropy, np.array([[1.0, 0.0]]), np.array([[1e300, -1e300]]),
               from_logits=True)


def test_keywords_take_the_general_path_unchanged(monkeypatch):
    """class_weight, sample_weight, ignore_index and label_smoothing on small inputs, float32 and float64."""
    rng = np.random.default_rng(3)
    for case in range(60):
        dtype = (np.float64, np.float32)[case % 2]
        n_classes = int(rng.integers(2, 6))
        rows = int(rng.integers(1, 6))
        true = _hard_rows(rng, rows, n_classes).astype(dtype)
        pred = _hard_rows(rng, rows, n_classes).astype(dtype)
        labels = rng.integers(0, n_classes, rows)
        options = dict(class_weight=rng.random(n_classes) + 0.1, sample_weight=rng.random(rows) + 0.1,
                       label_smoothing=0.1)
        for name, value in options.items():
            _both_ways(monkeypatch, categorical_cross_entropy, true, pred, **{name: value})
            _both_ways(monkeypatch, sparse_categorical_cross_entropy, labels, pred, **{name: value})
        _both_ways(monkeypatch, sparse_categorical_cross_entropy, np.where(labels == 0, -100, labels), pred,
                   ignore_index=-100)
        _both_ways(monkeypatch, kl_divergence, true, pred, sample_weight=rng.random(rows))


def test_pairwise_sum_is_numpy_sum():
    rng = np.random.default_rng(0)
    for n in [*range(1, 40), 127, 128, 129, 200, 300]:
        values = rng.standard_normal(n) * 10.0 ** rng.integers(-8, 8, n)
        assert _multiclass_small.pairwise_sum(values.tolist()) == np.add.reduce(values)
    assert np.signbit(_multiclass_small.pairwise_sum([-0.0, -0.0]))


def test_small_path_is_taken_on_ordinary_inputs():
    """The comparisons above would pass vacuously if the small path always fell back."""
    rng = np.random.default_rng(2)
    true, pred = rng.dirichlet(np.ones(4), 3), rng.dirichlet(np.ones(4), 3)
    labels = np.array([0, 3, 1])
    for from_logits in (False, True):
        assert _multiclass_small.small_categorical(true, pred, "mean", from_logits) is not None
        assert _multiclass_small.small_sparse(labels, pred, "none", from_logits) is not None
    from lossbook.losses.multiclass import _near_factor_of_float

    assert _multiclass_small.small_kl(true, pred, "sum", _near_factor_of_float) is not None


def test_minimax_discriminator_matches_the_general_path(monkeypatch):
    from lossbook import minimax_discriminator_loss

    rng = np.random.default_rng(7)
    special = np.array([0.0, -0.0, 1e4, -1e4, 700.0, -708.5, 745.0, -746.0, 1e-300, 36.0, -36.0, 1e300])
    taken = 0
    for case in range(N_CASES):
        size = int(rng.integers(1, 40))
        shape = ((size,), (1, size), (size, 1))[case % 3]
        draw = [rng.standard_normal(size) * 10.0 ** rng.integers(-4, 4), rng.choice(special, size)]
        real, fake = draw[case % 2].reshape(shape), draw[(case // 2) % 2][::-1].reshape(shape)
        for dtype in (np.float64, np.float32):
            with np.errstate(over="ignore"):  # 1e300 is inf in float32: an error both ways
                real, fake = real.astype(dtype), fake.astype(dtype)
            for smoothing in (0.0, 0.25, 1.0, 0):
                for reduction in ("mean", "sum", "none"):
                    outcome = _both_ways(monkeypatch, minimax_discriminator_loss, real, fake,
                                         label_smoothing=smoothing, reduction=reduction)
                    taken += outcome[0] == "ok"
    assert taken > N_CASES
    for bad in (np.nan, np.inf, -np.inf):
        _both_ways(monkeypatch, minimax_discriminator_loss, np.array([0.0, bad]), np.array([1.0, 2.0]))
        _both_ways(monkeypatch, minimax_discriminator_loss, np.array([0.0, 1.0]), np.array([bad, 2.0]))
    _both_ways(monkeypatch, minimax_discriminator_loss, np.array([0.0, 1.0]), np.array([1.0]))
    _both_ways(monkeypatch, minimax_discriminator_loss, np.array(3.0), np.array(1.0), reduction="none")
    _both_ways(monkeypatch, minimax_discriminator_loss, np.array([1e308, 1e308]), np.array([-1e308, -1e308]))
    _both_ways(monkeypatch, minimax_discriminator_loss, np.array([1.0]), np.array([1.0]), reduction="avg")


def test_strided_and_fortran_inputs(monkeypatch):
    """Rows are read in C order whatever the memory layout, as the general path reads them."""
    rng = np.random.default_rng(9)
    wide = rng.dirichlet(np.ones(3), 8)
    for true, pred in ((np.asfortranarray(wide[:4]), np.asfortranarray(wide[4:])), (wide[::2], wide[1::2]),
                       (wide[:4].T.copy().T, wide[4:])):
        labels = np.asfortranarray(rng.integers(0, 3, (4, 1)))[:, 0]
        for reduction in ("mean", "none"):
            for from_logits in (False, True):
                _both_ways(monkeypatch, categorical_cross_entropy, true, pred, from_logits=from_logits,
                           reduction=reduction)
                _both_ways(monkeypatch, sparse_categorical_cross_entropy, labels, pred, from_logits=from_logits,
                           reduction=reduction)
            _both_ways(monkeypatch, kl_divergence, true, pred, reduction=reduction)


def test_written_out_kl_series_is_the_array_series_bit_for_bit():
    """The small path's near factor of one float, written out, must follow ``_C`` and ``_TERMS``."""
    from lossbook.losses.multiclass import _near_factor, _near_factor_of_float

    rng = np.random.default_rng(11)
    s = np.concatenate([rng.uniform(-1 / 3, 1 / 3, 5000), [0.0, -0.0, 1 / 3, -1 / 3, 1e-300, 5e-324]])
    written = np.array([_near_factor_of_float(float(value)) for value in s])
    assert written.tobytes() == _near_factor(s).tobytes()
