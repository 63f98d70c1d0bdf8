r"""Calibration: do predicted probabilities match observed frequencies?

A classifier is *calibrated* when, among the samples to which it gives
probability :math:`p`, a fraction :math:`p` is positive.  This module measures
that on a data set and repairs it after training:

* :func:`reliability_bins` groups predictions into equal-width bins of
  :math:`[0, 1]` — the points of a reliability diagram;
* :func:`expected_calibration_error` averages the gap between frequency and
  confidence over those bins;
* :func:`top_label` turns a multi-class prediction into the binary question
  "is the predicted class right?", so the same diagram applies;
* :func:`fit_temperature` finds the temperature :math:`T` that minimises the
  negative log-likelihood of held-out logits divided by :math:`T`
  (temperature scaling, Guo et al. 2017), and :func:`temperature_nll` is the
  cost it minimises;
* :func:`smoothed_target` and :func:`smoothed_logit_gap` say what label
  smoothing asks of the model at the optimum.

NumPy only.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from ._checks import binary_labels, whole_number
from ._numerics.validation import as_float_array, check_positive_param
from .losses import binary_cross_entropy, sparse_categorical_cross_entropy
from .activations import sigmoid, softmax

__all__ = [
    "ReliabilityBins",
    "reliability_bins",
    "expected_calibration_error",
    "top_label",
    "temperature_nll",
    "fit_temperature",
    "smoothed_target",
    "smoothed_logit_gap",
]


def _labels_01(y_true, shape, *, func: str) -> np.ndarray:
    labels = binary_labels(y_true, "y_true", func=func)
    if labels.shape != shape:
        raise ValueError(
            f"y_true and the predictions must have the same shape for {func}; found y_true "
            f"{labels.shape} and predictions {shape}"
        )
    return labels


def _probabilities(y_prob, *, func: str) -> np.ndarray:
    p = as_float_array(y_prob, "y_prob", func=func)
    if p.ndim != 1:
        raise ValueError(
            f"y_prob must be 1-D (one probability of the positive class per sample) for {func}; "
            f"found shape {p.shape} — for several classes use top_label(y_true, probabilities) first"
        )
    bad = (p < 0) | (p > 1)
    if bad.any():
        raise ValueError(
            f"y_prob must hold probabilities in [0, 1] for {func}; found {float(p[bad][0])!r}"
            " — apply sigmoid to logits first"
        )
    return p


@dataclass(frozen=True)
class ReliabilityBins:
    """Equal-width bins of predicted probabilities and what happened in each.

    Attributes
    ----------
    edges : numpy.ndarray
        The ``n_bins + 1`` bin edges, ``0, 1/n_bins, ..., 1``.
    count : numpy.ndarray
        Number of samples in each bin.
    mean_predicted : numpy.ndarray
        Mean predicted probability (the *confidence*) in each bin; NaN if empty.
    fraction_positive : numpy.ndarray
        Fraction of positive labels (the observed *frequency*) in each bin; NaN if empty.
    """

    edges: np.ndarray
    count: np.ndarray
    mean_predicted: np.ndarray
    fraction_positive: np.ndarray

    @property
    def filled(self) -> np.ndarray:
        """Boolean mask of the bins that hold at least one sample."""
        return self.count > 0


def reliability_bins(y_true, y_prob, *, n_bins: int = 10) -> ReliabilityBins:
    r"""Bin predictions into ``n_bins`` equal-width bins of :math:`[0, 1]`.

    Sample :math:`i` falls in bin :math:`b` (counted from 0) when
    :math:`b/B < p_i \le (b+1)/B`, with :math:`p_i = 0` in the first bin — the
    binning of scikit-learn's ``calibration_curve(strategy="uniform")``.  For
    each bin the confidence is :math:`\operatorname{conf}_b = \frac1{n_b}\sum_{i\in b} p_i`
    and the frequency :math:`\operatorname{freq}_b = \frac1{n_b}\sum_{i\in b} y_i`;
    a calibrated model has :math:`\operatorname{freq}_b \approx \operatorname{conf}_b`.

    Parameters
    ----------
    y_true : array_like
        Labels 0 or 1, shape ``(N,)``.
    y_prob : array_like
        Predicted probabilities of the positive class, shape ``(N,)``.
    n_bins : int, optional
        Number of bins :math:`B` (default 10).

    Returns
    -------
    ReliabilityBins

    Examples
    --------
    >>> from lossbook.calibration import reliability_bins
    >>> bins = reliability_bins([0, 0, 1, 1], [0.1, 0.3, 0.7, 0.9], n_bins=2)
    >>> bins.count, bins.mean_predicted, bins.fraction_positive
    (array([2, 2]), array([0.2, 0.8]), array([0., 1.]))
    """
    func = "reliability_bins"
    p = _probabilities(y_prob, func=func)
    y = _labels_01(y_true, p.shape, func=func)
    n_bins = whole_number(n_bins, "n_bins", func=func, minimum=1)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    index = np.searchsorted(edges[1:-1], p)  # b/B < p <= (b+1)/B
    count = np.bincount(index, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_predicted = np.bincount(index, weights=p, minlength=n_bins) / count
        fraction_positive = np.bincount(index, weights=y, minlength=n_bins) / count
    return ReliabilityBins(edges, count, mean_predicted, fraction_positive)


def expected_calibration_error(y_true, y_prob, *, n_bins: int = 10) -> float:
    r"""Expected calibration error over equal-width bins.

    .. math:: \mathrm{ECE} = \sum_{b=1}^{B} \frac{n_b}{N}\,
              \bigl|\operatorname{freq}_b - \operatorname{conf}_b\bigr|,

    with the bins of :func:`reliability_bins` (empty bins contribute nothing).
    It is 0 for a calibrated model and depends on :math:`B`: always state the
    binning with the number.  For a multi-class model pass
    ``*top_label(y_true, probabilities)`` (Guo et al. 2017 report that form).

    Examples
    --------
    >>> from lossbook.calibration import expected_calibration_error
    >>> round(expected_calibration_error([0, 1, 1, 1], [0.9, 0.9, 0.9, 0.9], n_bins=10), 4)
    0.15
    """
    bins = reliability_bins(y_true, y_prob, n_bins=n_bins)
    filled = bins.filled
    gaps = np.abs(bins.fraction_positive[filled] - bins.mean_predicted[filled])
    return float(np.sum(bins.count[filled] * gaps) / np.sum(bins.count))


def top_label(y_true, probabilities) -> tuple[np.ndarray, np.ndarray]:
    r"""Reduce a multi-class prediction to "was the top class right?" and its confidence.

    Returns ``(correct, confidence)`` with :math:`\text{correct}_i = [\arg\max_k p_{ik} = y_i]`
    (as 0.0/1.0) and :math:`\text{confidence}_i = \max_k p_{ik}`: the inputs of
    :func:`reliability_bins` and :func:`expected_calibration_error` for a
    multi-class model.

    Parameters
    ----------
    y_true : array_like
        Integer class labels, shape ``(N,)``.
    probabilities : array_like
        Predicted probabilities, shape ``(N, K)``, rows summing to 1.

    Examples
    --------
    >>> from lossbook.calibration import top_label
    >>> top_label([0, 2], [[0.7, 0.2, 0.1], [0.5, 0.1, 0.4]])
    (array([1., 0.]), array([0.7, 0.5]))
    """
    func = "top_label"
    p = as_float_array(probabilities, "probabilities", func=func)
    if p.ndim != 2:
        raise ValueError(f"probabilities must have shape (N, K) for {func}; found {p.shape}")
    labels = as_float_array(y_true, "y_true", func=func)
    if labels.shape != p.shape[:1]:
        raise ValueError(
            f"y_true must hold one integer label per row of probabilities for {func}; found y_true "
            f"{labels.shape} and probabilities {p.shape}"
        )
    predicted = np.argmax(p, axis=1)
    return (predicted == labels).astype(float), p[np.arange(len(p)), predicted]


# ------------------------------------------------------------------ temperature scaling
def _logits_and_labels(y_true, logits, *, func: str):
    """(labels, logits, binary): 1-D logits with 0/1 labels, or (N, K) logits with class labels."""
    z = as_float_array(logits, "logits", func=func).astype(np.float64)
    if z.ndim == 1:
        return _labels_01(y_true, z.shape, func=func), z, True
    if z.ndim == 2:
        labels = as_float_array(y_true, "y_true", func=func)
        bad = (labels != np.floor(labels)) | (labels < 0) | (labels >= z.shape[1])
        if labels.shape != z.shape[:1] or bad.any():
            raise ValueError(
                f"y_true must hold one class label 0 .. {z.shape[1] - 1} per row of logits for {func}; "
                f"found y_true of shape {labels.shape} for logits {z.shape}"
            )
        return labels.astype(np.intp), z, False
    raise ValueError(
        f"logits must have shape (N,) (binary, one logit per sample) or (N, K) for {func}; found {z.shape}"
    )


def temperature_nll(y_true, logits, temperature: float) -> float:
    r"""Mean negative log-likelihood of the labels under logits divided by ``temperature``.

    Binary (logits of shape ``(N,)``, labels 0/1):
    :math:`\frac1N\sum_i \operatorname{BCE}(y_i, \sigma(z_i/T))`; multi-class
    (``(N, K)``, integer labels): :math:`\frac1N\sum_i -\log\operatorname{softmax}(\mathbf z_i/T)_{y_i}`.

    Examples
    --------
    >>> from lossbook.calibration import temperature_nll
    >>> round(temperature_nll([1, 0], [2.0, -2.0], 2.0), 6)  # softplus(-1)
    0.313262
    """
    func = "temperature_nll"
    temperature = check_positive_param(temperature, "temperature", func=func)
    labels, z, binary = _logits_and_labels(y_true, logits, func=func)
    if binary:
        return float(binary_cross_entropy(labels, z / temperature, from_logits=True))
    return float(sparse_categorical_cross_entropy(labels, z / temperature, from_logits=True))


def _nll_slope(labels, z, binary: bool, beta: float) -> float:
    """d/dβ of the mean NLL of β·z: mean of (E_p[z] - z_y); increasing in β (the NLL is convex in β)."""
    if binary:
        return float(np.mean((sigmoid(beta * z) - labels) * z))
    p = softmax(beta * z)
    return float(np.mean(np.sum(p * z, axis=1) - z[np.arange(len(z)), labels]))


def fit_temperature(y_true, logits, *, tolerance: float = 1e-12) -> float:
    r"""The temperature :math:`T > 0` that minimises :func:`temperature_nll` on held-out data.

    Temperature scaling (Guo et al. 2017) divides a trained model's logits by
    one number :math:`T`, fitted on validation data: :math:`T > 1` softens an
    overconfident model, :math:`T < 1` sharpens an underconfident one, and the
    predicted class never changes.  With :math:`\beta = 1/T` the NLL is convex,
    and its slope

    .. math:: \frac{d}{d\beta}\,\mathrm{NLL}(\beta) = \frac1N\sum_i
              \bigl(\mathbb E_{\operatorname{softmax}(\beta\mathbf z_i)}[z] - z_{i,y_i}\bigr)

    increases with :math:`\beta`; the minimum is where it crosses 0, found by
    bisection in :math:`\log\beta`.

    Parameters
    ----------
    y_true : array_like
        Labels 0/1 for 1-D logits, class labels for ``(N, K)`` logits.
    logits : array_like
        The model's logits on held-out (validation) data.
    tolerance : float, optional
        Relative accuracy of :math:`T`.

    Raises
    ------
    ValueError
        If no finite :math:`T > 0` minimises the NLL: the logits separate the
        labels perfectly (the NLL falls as :math:`T \to 0`) or carry no
        information about them (it falls as :math:`T \to \infty`).

    Examples
    --------
    >>> from lossbook.calibration import fit_temperature
    >>> round(fit_temperature([1, 1, 1, 0], [4.0, 4.0, -4.0, -4.0]), 4)  # 3 of 4 right: σ(4/T) = 3/4
    3.641
    """
    func = "fit_temperature"
    tolerance = check_positive_param(tolerance, "tolerance", func=func)
    labels, z, binary = _logits_and_labels(y_true, logits, func=func)

    def slope(log_beta):
        return _nll_slope(labels, z, binary, float(np.exp(log_beta)))

    low, high = 0.0, 0.0
    while slope(low) >= 0:
        low -= 1.0
        if low < -60:
            raise ValueError(
                f"the logits carry no information about y_true for {func}: the NLL keeps falling as "
                "the temperature grows (predict the base rate instead)"
            )
    while slope(high) <= 0:  # 0 also when every sigmoid has saturated
        high += 1.0
        if high > 60:
            raise ValueError(
                f"the logits separate y_true perfectly for {func}: the NLL keeps falling as the "
                "temperature goes to 0, so no finite temperature is best — use more validation data"
            )
    while high - low > tolerance:
        middle = (low + high) / 2
        low, high = (middle, high) if slope(middle) < 0 else (low, middle)
    return float(np.exp(-(low + high) / 2))


# ------------------------------------------------------------------ label smoothing
def _smoothing(epsilon, n_classes, *, func: str) -> tuple[float, int]:
    n_classes = whole_number(n_classes, "n_classes", func=func, minimum=2)
    if isinstance(epsilon, bool) or not isinstance(epsilon, numbers.Real) or not 0 <= epsilon < 1:
        raise ValueError(f"epsilon must be a number in [0, 1) for {func}; found {epsilon!r}")
    return float(epsilon), int(n_classes)


def smoothed_target(epsilon: float, n_classes: int) -> tuple[float, float]:
    r"""Probabilities of the label-smoothed target: :math:`(1 - \varepsilon + \varepsilon/K,\ \varepsilon/K)`.

    Label smoothing mixes the one-hot target with the uniform distribution,
    :math:`\mathbf y_\varepsilon = (1 - \varepsilon)\,\mathbf y + \varepsilon/K` (the
    convention of PyTorch's ``label_smoothing`` and Keras's); cross-entropy is
    minimised when the prediction equals it, so the true class is never asked
    for more than :math:`1 - \varepsilon + \varepsilon/K`.

    Examples
    --------
    >>> from lossbook.calibration import smoothed_target
    >>> smoothed_target(0.1, 10)
    (0.91, 0.01)
    """
    epsilon, k = _smoothing(epsilon, n_classes, func="smoothed_target")
    other = epsilon / k
    return 1.0 - epsilon + other, other


def smoothed_logit_gap(epsilon: float, n_classes: int) -> float:
    r"""Logit gap :math:`z_y - z_j = \log\frac{1 - \varepsilon + \varepsilon/K}{\varepsilon/K}` at the optimum.

    With a one-hot target (:math:`\varepsilon = 0`) the optimum is at an
    infinite gap, which is what makes an unregularised network's logits grow
    without bound; any :math:`\varepsilon > 0` makes it finite.

    Examples
    --------
    >>> from lossbook.calibration import smoothed_logit_gap
    >>> round(smoothed_logit_gap(0.1, 10), 4)   # log 91
    4.5109
    >>> smoothed_logit_gap(0.0, 10)
    inf
    """
    epsilon, k = _smoothing(epsilon, n_classes, func="smoothed_logit_gap")
    if epsilon == 0:
        return float("inf")
    return float(np.log1p(k * (1 - epsilon) / epsilon))
