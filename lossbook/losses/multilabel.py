"""Multi-label losses: one sigmoid and one binary cross-entropy per class, summed over the classes.

``y_true`` and ``y_pred`` have shape ``(..., K)``: each row is one sample and
each of its ``K`` entries an independent yes/no question ("is there cheese
on this pizza?").  Rows need not sum to 1.  ``reduction="none"`` returns one
loss per row; ``"mean"`` (default) and ``"sum"`` reduce over the rows.
"""

from __future__ import annotations

import numpy as np

from .binary import _LABEL_HINT
from ._class_inputs import (
    LOGITS_HINT,
    check_class_axis,
    check_from_logits,
    check_interval,
    float_inputs,
    neg_log,
    neg_log1m,
    softplus_pair,
    weighted,
)
from .._numerics.reduction import reduce_losses
from .._numerics.validation import check_reduction

__all__ = ["multilabel_binary_cross_entropy"]


def _multilabel(y_true, y_pred, reduction, *, from_logits, func: str):
    from_logits = check_from_logits(from_logits, func=func)
    check_reduction(reduction, func=func)
    true, pred = float_inputs(y_true, y_pred, reduction, func=func, same_shape=False)
    check_class_axis(true, pred, func=func)
    check_interval(true, "y_true", func=func, what="labels (0, 1 or soft labels)", hint=_LABEL_HINT)
    if from_logits:
        neg_log_p, neg_log_q = softplus_pair(pred)
    else:
        check_interval(pred, "y_pred", func=func, what="probabilities", hint=LOGITS_HINT)
        neg_log_p, neg_log_q = neg_log(pred), neg_log1m(pred)
    per_label = weighted(true, neg_log_p) + weighted(1 - true, neg_log_q)
    return reduce_losses(np.sum(per_label, axis=-1), reduction)


def multilabel_binary_cross_entropy(y_true, y_pred, *, from_logits: bool = False, reduction: str = "mean"):
    r"""Multi-label loss: the binary cross-entropies of the :math:`K` labels of a sample, summed.

    For outputs with one sigmoid per class, where a sample may belong to
    several classes at once (a photo of a husky is a *husky*, a *dog* and an
    *animal*).  Each class is its own binary question; nothing forces the
    predicted probabilities to sum to 1.

    Parameters
    ----------
    y_true : array_like
        Labels of shape ``(..., K)``, each 0 or 1 (or a soft label in :math:`[0, 1]`).
    y_pred : array_like
        Predicted probabilities of each label, the same shape, each in
        :math:`[0, 1]` (rows need not sum to 1); logits if ``from_logits``.
    from_logits : bool, optional
        If True, ``y_pred`` holds one logit per label and the sigmoids are
        applied inside the loss, stably.
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns the cost, ``"sum"`` the total and
        ``"none"`` one loss per row (shape ``y_pred.shape[:-1]``).

    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if both inputs are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If the shapes differ (including the number of labels), an input is
        empty or holds NaN or infinity, a label or probability is outside
        :math:`[0, 1]`, or ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers, or ``from_logits`` is not a bool.

    Notes
    -----
    Per sample,

    .. math:: \ell(\mathbf y, \hat{\mathbf y}) = -\sum_{k=1}^{K}
              \bigl[y_k \log \hat y_k + (1-y_k)\log(1-\hat y_k)\bigr],

    the negative log-likelihood of the whole label set when the labels are
    independent; with ``reduction="mean"`` the cost is the mean over rows.
    Keras (``BinaryCrossentropy``) and PyTorch (``MultiLabelSoftMarginLoss``)
    *average* over the :math:`K` labels instead of summing: their numbers are
    this one divided by :math:`K`.  Accuracy and the treatment of 0 and 1 are
    those of :func:`~lossbook.binary_cross_entropy`.

    **From logits** (``from_logits=True``),
    :math:`\ell(\mathbf y, \mathbf z) = -\sum_{k}\bigl[y_k \log\sigma(z_k) + (1-y_k)\log\sigma(-z_k)\bigr]`,
    each term evaluated with softplus as in :func:`~lossbook.binary_cross_entropy`,
    so :math:`\partial\ell/\partial z_k = \sigma(z_k) - y_k`.

    References
    ----------
    Zhang and Zhou, "A review on multi-label learning algorithms", *IEEE
    Transactions on Knowledge and Data Engineering* 26(8), 1819–1837, 2014.

    Examples
    --------
    A pizza with tomato and cheese but no pineapple:

    >>> from lossbook import multilabel_binary_cross_entropy
    >>> float(multilabel_binary_cross_entropy([1, 1, 0], [0.9, 0.6, 0.2]))
    0.8393296907380268
    """
    return _multilabel(y_true, y_pred, reduction, from_logits=from_logits, func="multilabel_binary_cross_entropy")


