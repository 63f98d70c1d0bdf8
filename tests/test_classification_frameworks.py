"""The framework traps the classification chapters describe, checked against the frameworks themselves.

The chapters reproduce each framework's behaviour with the small functions in
lossbook.examples.classification (so the book builds without PyTorch or
Keras); these tests make sure those functions say what the frameworks do.
Skipped when a framework is not installed.
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
    theirs = np.asarray(keras.losses.binary_crossentropy(y[:, None], p[:, None]))
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
