r"""Metrics of hard binary decisions, and the threshold that minimises a cost.

A loss trains the model; a metric judges its decisions.  With labels and
decisions 0/1 the four counts are true positives :math:`TP`, false positives
:math:`FP`, true negatives :math:`TN` and false negatives :math:`FN`, and

* accuracy :math:`(TP + TN)/N`;
* recall (true-positive rate) :math:`TP/(TP + FN)`, specificity :math:`TN/(TN + FP)`;
* balanced accuracy, the mean of recall and specificity;
* precision :math:`TP/(TP + FP)` and :math:`F_1 = 2TP/(2TP + FP + FN)`.

:func:`cost_threshold` is the decision rule for unequal costs: with calibrated
probabilities, predicting positive when :math:`p > c_{FP}/(c_{FP} + c_{FN})`
minimises the expected cost.  NumPy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import binary_labels
from ._numerics.validation import check_positive_param

__all__ = ["Confusion", "confusion", "cost_threshold", "decision_cost"]


def _binary(values, name: str, *, func: str) -> np.ndarray:
    array = binary_labels(values, name, func=func)
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one 0/1 value per sample) for {func}; found shape {array.shape}")
    return array.astype(bool)


@dataclass(frozen=True)
class Confusion:
    """The four counts of binary decisions, and the metrics computed from them.

    A metric whose denominator is 0 (say, precision when nothing is predicted
    positive) is NaN, not 0: it is undefined, and hiding that would flatter a
    model that never says yes.
    """

    tp: int
    fp: int
    tn: int
    fn: int

    @staticmethod
    def _ratio(numerator: int, denominator: int) -> float:
        return numerator / denominator if denominator else float("nan")

    @property
    def accuracy(self) -> float:
        """:math:`(TP + TN)/N`."""
        return self._ratio(self.tp + self.tn, self.tp + self.fp + self.tn + self.fn)

    @property
    def recall(self) -> float:
        """:math:`TP/(TP + FN)`, the fraction of positives found."""
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def specificity(self) -> float:
        """:math:`TN/(TN + FP)`, the fraction of negatives left alone."""
        return self._ratio(self.tn, self.tn + self.fp)

    @property
    def balanced_accuracy(self) -> float:
        """The mean of recall and specificity (accuracy as if both classes were equally common)."""
        return (self.recall + self.specificity) / 2

    @property
    def precision(self) -> float:
        """:math:`TP/(TP + FP)`, the fraction of positive decisions that are right."""
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def f1(self) -> float:
        """:math:`2TP/(2TP + FP + FN)`, the harmonic mean of precision and recall."""
        return self._ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)


def confusion(y_true, y_decision) -> Confusion:
    """Count the true and false positives and negatives of 0/1 decisions.

    Examples
    --------
    >>> from lossbook.metrics import confusion
    >>> c = confusion([1, 1, 0, 0, 0], [1, 0, 0, 0, 1])
    >>> c
    Confusion(tp=1, fp=1, tn=2, fn=1)
    >>> c.accuracy, c.balanced_accuracy, c.f1
    (0.6, 0.5833333333333333, 0.5)
    """
    func = "confusion"
    y = _binary(y_true, "y_true", func=func)
    d = _binary(y_decision, "y_decision", func=func)
    if y.shape != d.shape:
        raise ValueError(
            f"y_true and y_decision must have the same shape for {func}; found {y.shape} and {d.shape}"
        )
    return Confusion(
        tp=int(np.sum(y & d)), fp=int(np.sum(~y & d)), tn=int(np.sum(~y & ~d)), fn=int(np.sum(y & ~d))
    )


def cost_threshold(cost_false_positive: float, cost_false_negative: float) -> float:
    r"""The probability above which predicting positive costs less on average.

    Predicting positive costs :math:`(1 - p)\,c_{FP}` in expectation, negative
    :math:`p\,c_{FN}`; the first is smaller when

    .. math:: p > t^* = \frac{c_{FP}}{c_{FP} + c_{FN}}.

    Equal costs give 0.5; a miss nine times as costly as a false alarm gives 0.1.
    Valid for calibrated probabilities.

    Examples
    --------
    >>> from lossbook.metrics import cost_threshold
    >>> cost_threshold(1.0, 9.0)
    0.1
    """
    func = "cost_threshold"
    c_fp = check_positive_param(cost_false_positive, "cost_false_positive", func=func)
    c_fn = check_positive_param(cost_false_negative, "cost_false_negative", func=func)
    return c_fp / (c_fp + c_fn)


def decision_cost(y_true, y_decision, *, cost_false_positive: float, cost_false_negative: float) -> float:
    r"""Mean cost per sample of 0/1 decisions: :math:`(c_{FP}\,FP + c_{FN}\,FN)/N`.

    Examples
    --------
    >>> from lossbook.metrics import decision_cost
    >>> decision_cost([1, 1, 0, 0], [1, 0, 1, 0], cost_false_positive=1.0, cost_false_negative=9.0)
    2.5
    """
    func = "decision_cost"
    c_fp = check_positive_param(cost_false_positive, "cost_false_positive", func=func)
    c_fn = check_positive_param(cost_false_negative, "cost_false_negative", func=func)
    counts = confusion(y_true, y_decision)
    n = counts.tp + counts.fp + counts.tn + counts.fn
    return (c_fp * counts.fp + c_fn * counts.fn) / n
