"""Calibration measures, temperature scaling, label smoothing and decision metrics.

Each is checked against an independent computation: scikit-learn where it has
the same thing (marked ``frameworks``, skipped when absent), SciPy's scalar
minimiser for the fitted temperature, direct minimisation for label smoothing,
and explicit loops over the bins.
"""

from __future__ import annotations

import numpy as np
import pytest

from lossbook import sigmoid, softmax
from lossbook.calibration import (
    expected_calibration_error,
    fit_temperature,
    reliability_bins,
    smoothed_logit_gap,
    smoothed_target,
    temperature_nll,
    top_label,
)
from lossbook.metrics import confusion, cost_threshold, decision_cost


@pytest.fixture(scope="module")
def sample():
    rng = np.random.default_rng(7)
    p = rng.uniform(size=500)
    p[:5] = [0.0, 0.1, 0.5, 1.0, 0.3]  # edges land in the lower bin
    y = (rng.uniform(size=500) < p**1.5).astype(float)
    return y, p


def test_bins_by_loop(sample):
    y, p = sample
    bins = reliability_bins(y, p, n_bins=10)
    for b in range(10):
        low, high = b / 10, (b + 1) / 10
        inside = (p > low) & (p <= high) if b else (p <= high)
        assert bins.count[b] == inside.sum()
        if inside.any():
            assert bins.mean_predicted[b] == pytest.approx(p[inside].mean(), rel=1e-12)
            assert bins.fraction_positive[b] == pytest.approx(y[inside].mean(), rel=1e-12)
    assert bins.count.sum() == len(p)


def test_ece_by_loop(sample):
    y, p = sample
    bins = reliability_bins(y, p, n_bins=15)
    expected = sum(
        n / len(p) * abs(f - c)
        for n, f, c in zip(bins.count, bins.fraction_positive, bins.mean_predicted) if n
    )
    assert expected_calibration_error(y, p, n_bins=15) == pytest.approx(expected, rel=1e-12)


def test_ece_of_calibrated_draw_is_small_and_of_shifted_is_not():
    rng = np.random.default_rng(0)
    p = rng.uniform(size=200_000)
    y = (rng.uniform(size=p.size) < p).astype(float)
    assert expected_calibration_error(y, p) < 0.01
    assert expected_calibration_error(y, p**3) > 0.1


@pytest.mark.frameworks
def test_bins_match_sklearn(sample):
    calibration = pytest.importorskip("sklearn.calibration")
    y, p = sample
    for n_bins in (3, 10, 20):
        bins = reliability_bins(y, p, n_bins=n_bins)
        prob_true, prob_pred = calibration.calibration_curve(y, p, n_bins=n_bins)
        np.testing.assert_allclose(bins.fraction_positive[bins.filled], prob_true, rtol=1e-12)
        np.testing.assert_allclose(bins.mean_predicted[bins.filled], prob_pred, rtol=1e-12)


def test_top_label():
    p = softmax(np.random.default_rng(1).normal(size=(50, 4)) * 3)
    labels = np.random.default_rng(2).integers(0, 4, size=50)
    correct, confidence = top_label(labels, p)
    np.testing.assert_array_equal(correct, (p.argmax(1) == labels).astype(float))
    np.testing.assert_array_equal(confidence, p.max(1))


@pytest.mark.parametrize("shape", [(300,), (300, 3)])
def test_fitted_temperature_minimises_nll(shape):
    scipy_optimize = pytest.importorskip("scipy.optimize")
    rng = np.random.default_rng(3)
    if len(shape) == 1:
        z = rng.normal(size=shape) * 2
        y = (rng.uniform(size=shape) < sigmoid(z / 3)).astype(float)  # true temperature 3
        z_scaled = z
    else:
        z_scaled = rng.normal(size=shape) * 2
        y = np.array([rng.choice(3, p=row) for row in softmax(z_scaled / 0.5)])  # underconfident: T < 1
        z = z_scaled
    fitted = fit_temperature(y, z)
    reference = scipy_optimize.minimize_scalar(
        lambda log_t: temperature_nll(y, z, float(np.exp(log_t))), bounds=(-5, 5), method="bounded",
        options={"xatol": 1e-10},
    )
    assert fitted == pytest.approx(np.exp(reference.x), rel=1e-5)
    assert temperature_nll(y, z, fitted) <= reference.fun + 1e-12
    assert (fitted > 1) == (len(shape) == 1)


def test_temperature_nll_is_the_cross_entropy_of_the_scaled_logits():
    z = np.array([[2.0, 0.0, -1.0], [0.5, 1.5, 0.0]])
    y = np.array([0, 2])
    p = softmax(z / 2.5)
    assert temperature_nll(y, z, 2.5) == pytest.approx(-np.mean(np.log(p[[0, 1], y])), rel=1e-14)


def test_fit_temperature_refuses_separable_and_uninformative_logits():
    with pytest.raises(ValueError, match="separate y_true perfectly"):
        fit_temperature([1, 0, 1], [2.0, -1.0, 0.5])
    with pytest.raises(ValueError, match="no information"):
        fit_temperature([1, 0, 1, 0], [-2.0, 2.0, -1.0, 1.0])


@pytest.mark.parametrize("epsilon, k", [(0.1, 10), (0.2, 3), (0.05, 1000)])
def test_label_smoothing_optimum(epsilon, k):
    scipy_optimize = pytest.importorskip("scipy.optimize")
    top, other = smoothed_target(epsilon, k)
    assert top + (k - 1) * other == pytest.approx(1.0, rel=1e-15)
    target = np.full(k, other)
    target[0] = top

    def cross_entropy(gap):  # logits (gap, 0, ..., 0): symmetric in the wrong classes
        q = softmax(np.r_[gap, np.zeros(k - 1)])
        return -np.sum(target * np.log(q))

    best = scipy_optimize.minimize_scalar(cross_entropy, bounds=(0, 50), method="bounded",
                                          options={"xatol": 1e-12})
    assert smoothed_logit_gap(epsilon, k) == pytest.approx(best.x, rel=1e-6)


@pytest.mark.frameworks
def test_smoothed_target_matches_torch_label_smoothing():
    torch = pytest.importorskip("torch")
    epsilon, k = 0.1, 10
    top, other = smoothed_target(epsilon, k)
    logits = torch.tensor([[3.0, 1.0, 0.5, -1.0, 0.0, 2.0, 0.1, -0.3, 0.7, 1.2]], dtype=torch.float64)
    ours = -(top * torch.log_softmax(logits, -1)[0, 0] + other * torch.log_softmax(logits, -1)[0, 1:].sum())
    theirs = torch.nn.functional.cross_entropy(logits, torch.tensor([0]), label_smoothing=epsilon)
    assert float(ours) == pytest.approx(float(theirs), rel=1e-12)


@pytest.mark.parametrize("func, kwargs, match", [
    (reliability_bins, {"y_true": [0, 1], "y_prob": [0.2, 1.2]}, "y_prob must hold probabilities"),
    (reliability_bins, {"y_true": [0, 2], "y_prob": [0.2, 0.3]}, "y_true must hold labels 0 or 1"),
    (reliability_bins, {"y_true": [0, 1], "y_prob": [0.2, 0.3], "n_bins": 0}, "n_bins"),
    (reliability_bins, {"y_true": [0, 1, 1], "y_prob": [0.2, 0.3]}, "same shape"),
    (fit_temperature, {"y_true": [0, 1], "logits": [[0.2, 0.3, 0.1]]}, "one class label"),
    (temperature_nll, {"y_true": [0, 1], "logits": [0.2, 0.3], "temperature": 0.0}, "temperature"),
    (smoothed_target, {"epsilon": 1.0, "n_classes": 3}, "epsilon"),
    (smoothed_target, {"epsilon": 0.1, "n_classes": 1}, "n_classes"),
    (confusion, {"y_true": [0, 1], "y_decision": [0.3, 1]}, "y_decision must hold labels 0 or 1"),
    (cost_threshold, {"cost_false_positive": -1.0, "cost_false_negative": 1.0}, "cost_false_positive"),
])
def test_bad_input_names_the_argument(func, kwargs, match):
    with pytest.raises(ValueError, match=match):
        func(**kwargs)


def test_confusion_metrics_by_hand():
    rng = np.random.default_rng(5)
    y = (rng.uniform(size=400) < 0.1).astype(float)
    d = (rng.uniform(size=400) < 0.3).astype(float)
    c = confusion(y, d)
    tp, fp = np.sum((y == 1) & (d == 1)), np.sum((y == 0) & (d == 1))
    tn, fn = np.sum((y == 0) & (d == 0)), np.sum((y == 1) & (d == 0))
    assert (c.tp, c.fp, c.tn, c.fn) == (tp, fp, tn, fn)
    assert c.accuracy == (tp + tn) / 400
    assert c.balanced_accuracy == pytest.approx((tp / (tp + fn) + tn / (tn + fp)) / 2)
    assert c.f1 == pytest.approx(2 * tp / (2 * tp + fp + fn))
    assert np.isnan(confusion([1, 0], [0, 0]).precision)


@pytest.mark.frameworks
def test_metrics_match_sklearn():
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(6)
    y = (rng.uniform(size=300) < 0.2).astype(int)
    d = (rng.uniform(size=300) < 0.4).astype(int)
    c = confusion(y, d)
    assert c.accuracy == pytest.approx(metrics.accuracy_score(y, d), rel=1e-14)
    assert c.balanced_accuracy == pytest.approx(metrics.balanced_accuracy_score(y, d), rel=1e-14)
    assert c.f1 == pytest.approx(metrics.f1_score(y, d), rel=1e-14)
    assert c.precision == pytest.approx(metrics.precision_score(y, d), rel=1e-14)
    assert c.recall == pytest.approx(metrics.recall_score(y, d), rel=1e-14)


def test_cost_threshold_minimises_expected_cost():
    """With calibrated probabilities, the cost threshold beats every other threshold on average."""
    rng = np.random.default_rng(8)
    p = rng.uniform(size=200_000)
    y = (rng.uniform(size=p.size) < p).astype(float)
    costs = {"cost_false_positive": 1.0, "cost_false_negative": 4.0}
    best = cost_threshold(1.0, 4.0)
    thresholds = np.linspace(0.02, 0.98, 49)
    cost = [decision_cost(y, (p > t).astype(float), **costs) for t in thresholds]
    assert thresholds[int(np.argmin(cost))] == pytest.approx(best, abs=0.03)
