"""Binary classification losses: cross-entropy (from probabilities or logits) and hinge.

Every function takes ``(y_true, y_pred)`` — the scikit-learn and Keras order —
of the same shape and works element by element: each element is one binary
decision.  ``reduction="none"`` returns the per-element losses, ``"mean"``
(the default, the cost) and ``"sum"`` reduce them over all elements.
"""

from __future__ import annotations

import numpy as np

from ._class_inputs import (
    LOGITS_HINT,
    check_from_logits,
    check_interval,
    check_signed_labels,
    float_inputs,
    neg_log,
    neg_log1m,
    softplus_pair,
    weighted,
)
from .._numerics.reduction import reduce_losses

__all__ = ["binary_cross_entropy", "hinge", "squared_hinge"]

_LABEL_HINT = " — map -1/+1 labels to 0/1 with (y_true + 1) / 2"


def _binary_cross_entropy(y_true, y_pred, reduction, *, from_logits: bool, func: str):
    from_logits = check_from_logits(from_logits, func=func)
    true, pred = float_inputs(y_true, y_pred, reduction, func=func)
    check_interval(true, "y_true", func=func, what="labels (0, 1 or soft labels)", hint=_LABEL_HINT)
    if from_logits:
        neg_log_p, neg_log_q = softplus_pair(pred)
    else:
        check_interval(pred, "y_pred", func=func, what="probabilities", hint=LOGITS_HINT)
        neg_log_p, neg_log_q = neg_log(pred), neg_log1m(pred)
    # Both terms are >= 0, so the sum is as accurate as its parts.
    losses = weighted(true, neg_log_p) + weighted(1 - true, neg_log_q)
    return reduce_losses(losses, reduction)


def binary_cross_entropy(y_true, y_pred, *, from_logits: bool = False, reduction: str = "mean"):
    r"""Binary cross-entropy (log loss) of probabilities ``y_pred`` against labels ``y_true``.

    The loss of a sigmoid output: :math:`-\log \hat y` when the label is 1,
    :math:`-\log(1-\hat y)` when it is 0.  It is zero for a certain, correct
    prediction and grows without bound as the prediction becomes certain of
    the wrong class.

    Parameters
    ----------
    y_true : array_like
        Labels :math:`y` in :math:`[0, 1]`: 0 or 1, or soft labels in between.
    y_pred : array_like
        Predicted probabilities :math:`\hat y` of the positive class, in
        :math:`[0, 1]`, the same shape as ``y_true``; logits if ``from_logits``.
    from_logits : bool, optional
        If True, ``y_pred`` holds logits :math:`z` (the raw output of the last
        layer) and the sigmoid is applied inside the loss, stably (see Notes).
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns the cost, ``"sum"`` the total and
        ``"none"`` the per-element losses with the input's shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if both inputs are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If the shapes differ, an input is empty or holds NaN or infinity, a
        label is outside :math:`[0, 1]`, a probability is outside
        :math:`[0, 1]`, or ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers, or ``from_logits`` is not a bool.

    Notes
    -----
    Per element,

    .. math:: \ell(y, \hat y) = -\bigl[y \log \hat y + (1 - y) \log(1 - \hat y)\bigr],

    and with ``reduction="mean"`` over :math:`N` elements the cost is
    :math:`\frac1N\sum_{i=1}^N \ell(y_i, \hat y_i)`.  The logarithm is natural
    (the loss is in nats), as in every framework; in base :math:`b` it is
    :math:`\ell / \ln b`.

    A term whose weight is exactly zero is zero (:math:`0 \log 0 = 0`), so
    :math:`\hat y = 0` costs nothing when :math:`y = 0` and is ``inf`` — the
    true value — when :math:`y > 0`.  Nothing is clipped (Keras clips
    :math:`\hat y` to :math:`[10^{-7}, 1-10^{-7}]`; PyTorch caps each log at
    :math:`-100`).  :math:`\log \hat y` is computed as
    :math:`\operatorname{log1p}(\hat y - 1)` for :math:`\hat y > 1/2` and
    :math:`\log(1-\hat y)` as :math:`\operatorname{log1p}(-\hat y)` for
    :math:`\hat y < 1/2`, so probabilities near 0 and 1 keep full accuracy.

    **From logits** (``from_logits=True``), with :math:`\sigma(z) = 1/(1+e^{-z})`
    and :math:`1 - \sigma(z) = \sigma(-z)`,

    .. math:: \ell(y, z) = -\bigl[y \log \sigma(z) + (1-y) \log \sigma(-z)\bigr]
              = y\,\operatorname{softplus}(-z) + (1-y)\operatorname{softplus}(z),

    whose derivative is simply :math:`\partial\ell/\partial z = \sigma(z) - y`.
    Each softplus is evaluated as :math:`\max(t, 0) + \operatorname{log1p}(e^{-|t|})`,
    so :math:`\hat y = \sigma(z)` is never formed: the naive route — sigmoid,
    then log — returns ``inf`` for :math:`y=1, z=-800` (the true loss is 800)
    and 0 for :math:`y=1, z=40` (the true loss is :math:`4.2\times10^{-18}`).

    References
    ----------
    Bishop, *Pattern Recognition and Machine Learning*, Springer, 2006,
    section 4.3.2.  Goodfellow, Bengio and Courville, *Deep Learning*, MIT
    Press, 2016, section 6.2.2.2.

    Examples
    --------
    A dog (label 1) predicted to be a dog with probability 0.85:

    >>> from lossbook import binary_cross_entropy
    >>> float(binary_cross_entropy([1.0], [0.85]))
    0.16251892949777494
    >>> binary_cross_entropy([1.0, 0.0, 0.0], [0.0, 0.0, 0.5], reduction="none")
    array([       inf, 0.        , 0.69314718])
    >>> binary_cross_entropy([1.0, 1.0, 0.0], [-800.0, 40.0, 0.0], from_logits=True, reduction="none")
    array([8.00000000e+02, 4.24835426e-18, 6.93147181e-01])
    """
    return _binary_cross_entropy(
        y_true, y_pred, reduction, from_logits=from_logits, func="binary_cross_entropy"
    )


def _hinge_gaps(y_true, y_pred, reduction, *, func: str) -> np.ndarray:
    """``max(0, 1 - y * score)`` after checking the labels are -1/+1."""
    true, pred = float_inputs(y_true, y_pred, reduction, func=func)
    check_signed_labels(true, func=func)
    with np.errstate(over="ignore"):
        return np.maximum(1 - true * pred, 0) + 0.0  # y = ±1: y * score is exact


def hinge(y_true, y_pred, *, reduction: str = "mean"):
    r"""Hinge loss :math:`\max(0, 1 - y\hat y)` of scores ``y_pred`` against labels :math:`\pm1`.

    The loss of the support vector machine.  It is zero once a prediction
    is on the correct side with a margin :math:`y\hat y \ge 1`, and grows
    linearly as the margin shrinks or turns negative.

    Parameters
    ----------
    y_true : array_like
        Labels :math:`y`, each exactly :math:`-1` or :math:`+1`.
    y_pred : array_like
        Scores :math:`\hat y` (any real; a tanh output lies in
        :math:`(-1, 1)`), the same shape as ``y_true``.
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns the cost, ``"sum"`` the total and
        ``"none"`` the per-element losses with the input's shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if both inputs are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If the shapes differ, an input is empty or holds NaN or infinity, a
        label is not :math:`\pm1` (0/1 labels are rejected, not converted), or
        ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Per element, with the *margin* :math:`m = y \hat y`,

    .. math:: \ell(y, \hat y) = \max(0,\ 1 - y \hat y),

    and the mean over the elements with ``reduction="mean"``.  Its
    derivative is :math:`-y` while :math:`m < 1` and 0 beyond: correct,
    confident predictions stop contributing at all, unlike cross-entropy,
    which keeps pushing.  Keras converts 0/1 labels to :math:`\pm1` silently;
    here they raise an error.  PyTorch's ``HingeEmbeddingLoss`` is a
    different loss.

    References
    ----------
    Cortes and Vapnik, "Support-vector networks", *Machine Learning* 20(3),
    273–297, 1995.  Bishop, *Pattern Recognition and Machine Learning*,
    Springer, 2006, section 7.1.2.

    Examples
    --------
    A dog (label +1) scored 0.85 by a tanh output:

    >>> from lossbook import hinge
    >>> float(hinge([1.0], [0.85]))
    0.15000000000000002
    >>> hinge([1.0, -1.0, -1.0], [2.0, 0.5, -3.0], reduction="none")
    array([0. , 1.5, 0. ])
    """
    return reduce_losses(_hinge_gaps(y_true, y_pred, reduction, func="hinge"), reduction)


def squared_hinge(y_true, y_pred, *, reduction: str = "mean"):
    r"""Squared hinge loss :math:`\max(0, 1 - y\hat y)^2` (labels :math:`\pm1`).

    The hinge loss squared: smooth at the margin (its derivative is
    continuous), quadratic for badly wrong predictions.

    Parameters
    ----------
    y_true : array_like
        Labels :math:`y`, each exactly :math:`-1` or :math:`+1`.
    y_pred : array_like
        Scores :math:`\hat y` (any real), the same shape as ``y_true``.
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns the cost, ``"sum"`` the total and
        ``"none"`` the per-element losses with the input's shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if both inputs are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If the shapes differ, an input is empty or holds NaN or infinity, a
        label is not :math:`\pm1`, or ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Per element,

    .. math:: \ell(y, \hat y) = \max(0,\ 1 - y \hat y)^2,

    and the mean over the elements with ``reduction="mean"``.  The derivative
    :math:`-2y\max(0, 1-y\hat y)` vanishes at the margin, so the loss has no
    kink; a gap above about :math:`1.3\times10^{154}` overflows to ``inf``.

    References
    ----------
    Chang, Hsieh and Lin, "Coordinate descent method for large-scale L2-loss
    linear support vector machines", *Journal of Machine Learning Research*
    9, 1369–1398, 2008.

    Examples
    --------
    >>> from lossbook import squared_hinge
    >>> float(squared_hinge([1.0], [0.85]))
    0.022500000000000006
    >>> squared_hinge([1.0, -1.0], [2.0, 0.5], reduction="none")
    array([0.  , 2.25])
    """
    gaps = _hinge_gaps(y_true, y_pred, reduction, func="squared_hinge")
    with np.errstate(over="ignore", under="ignore"):
        losses = gaps * gaps
    return reduce_losses(losses, reduction)
