"""Multi-class losses: categorical and sparse categorical cross-entropy, KL divergence.

The classes sit on the last axis: ``y_pred`` has shape ``(..., K)`` and each
row is one sample's prediction over the ``K`` classes.  ``reduction="none"``
returns one loss per row (shape ``y_pred.shape[:-1]``); ``"mean"`` (the
default, the cost) and ``"sum"`` reduce over the rows.
"""

from __future__ import annotations

import numpy as np

from ._class_inputs import (
    LOGITS_HINT,
    check_class_axis,
    check_from_logits,
    check_interval,
    check_class_weight,
    check_rows_sum_to_one,
    class_labels,
    float_inputs,
    neg_log,
    nll_from_logits,
    shared_doc,
)
from .._numerics.calls import checked_call
from .._numerics.exact import two_product, two_sum
from .._numerics.reduction import reduce_losses, weighted_losses
from ._multiclass_blocks import (block_rows, cross_entropy_rows, fast_label_rows, fast_pair_rows, kl_rows,
                                 prediction_checks, sparse_rows)
from ._multiclass_options import check_ignore_index, check_label_smoothing, no_smoothing, reduce_rows, smoothed
from ._multiclass_small import small_categorical, small_kl, small_sparse
from ._weighting import weighted_call, weighted_reduction
from .._numerics.validation import REDUCTIONS, as_float_array, check_reduction

__all__ = [
    "categorical_cross_entropy",
    "sparse_categorical_cross_entropy",
    "kl_divergence",
]

_TARGET_HINT = " — integer labels go to sparse_categorical_cross_entropy"


def _checked_probabilities(pred: np.ndarray, *, func: str) -> None:
    check_interval(pred, "y_pred", func=func, what="probabilities", hint=LOGITS_HINT)
    check_rows_sum_to_one(pred, "y_pred", func=func, hint=LOGITS_HINT + ", or apply softmax")


def _class_targets(y_true, y_pred, reduction, *, func: str):
    check_reduction(reduction, func=func)
    true, pred = float_inputs(y_true, y_pred, reduction, func=func, same_shape=False)
    check_class_axis(true, pred, func=func)
    check_interval(true, "y_true", func=func, what="target probabilities (one-hot or soft)", hint=_TARGET_HINT)
    check_rows_sum_to_one(true, "y_true", func=func, hint=_TARGET_HINT)
    return true, pred


def _neg_log_probabilities(pred, *, from_logits: bool, func: str) -> np.ndarray:
    """``-log p_k`` of probability rows (checked) or of logits (softmax inside, stably)."""
    if from_logits:
        return nll_from_logits(pred)
    _checked_probabilities(pred, func=func)
    return neg_log(pred)


def _plain_rows(small, fast, y_true, y_pred, reduction, from_logits: bool, sample_weight, *, func: str):
    """A cross-entropy with no class weight, smoothing or ignored label by its fast paths; ``None`` if refused.

    With ``sample_weight`` the per-row losses come from the fast paths and
    are weighted after, a chunk of rows at a time for a sum or mean
    (:func:`._weighting.weighted_reduction`), so the weights cost no pass over
    the ``N × K`` table and no array of all the rows' losses.
    """
    if sample_weight is not None:
        if reduction not in REDUCTIONS:
            return None  # the careful path names the bad reduction first
        return weighted_reduction(lambda true, pred: _plain_rows(small, fast, true, pred, "none", from_logits, None,
                                                                 func=func),
                                  (y_true, y_pred), sample_weight, reduction, func=func, independent_rows=True)
    result = small(y_true, y_pred, reduction, from_logits)
    return result if result is not None else fast(y_true, y_pred, reduction, from_logits, func)


def _categorical(y_true, y_pred, reduction, *, from_logits, class_weight, label_smoothing, sample_weight,
                 func: str):
    if class_weight is None and no_smoothing(label_smoothing) and type(from_logits) is bool:
        result = _plain_rows(small_categorical, _fast_categorical, y_true, y_pred, reduction, from_logits,
                             sample_weight, func=func)
        if result is not None:
            return result
    from_logits = check_from_logits(from_logits, func=func)
    smoothing = check_label_smoothing(label_smoothing, func=func)
    true, pred = _class_targets(y_true, y_pred, reduction, func=func)
    nll = _neg_log_probabilities(pred, from_logits=from_logits, func=func)
    weights = check_class_weight(class_weight, pred, func=func)
    # Every term y_k * (-log p_k) is >= 0: the row sum cannot cancel.
    target_weights = true if weights is None else weights * true  # w_k y_k
    losses = np.sum(weighted_losses(target_weights, nll), axis=-1)
    if smoothing:  # the denominators stay the weights of the given targets, as PyTorch's from class indices
        losses = smoothed(losses, nll, weights, smoothing)
    denominators = None if weights is None else np.sum(target_weights, axis=-1)
    return reduce_rows(losses, denominators, sample_weight, reduction, func=func)


@checked_call
@shared_doc
def categorical_cross_entropy(y_true, y_pred, *, from_logits: bool = False, class_weight=None,
                              label_smoothing: float = 0.0, sample_weight=None, reduction: str = "mean"):
    r"""Categorical cross-entropy of predicted class probabilities against target distributions.

    The loss of a softmax output: minus the log-probability the model gives
    the true class (one-hot targets), or its target-weighted average (soft
    targets).

    Parameters
    ----------
    y_true : array_like
        Targets of shape ``(..., K)``: one-hot rows, or probability rows
        (each in :math:`[0, 1]`, summing to 1).
    y_pred : array_like
        Predicted probabilities :math:`\hat y`, the same shape, each row in
        :math:`[0, 1]` and summing to 1; logits if ``from_logits``.
    from_logits : bool, optional
        If True, ``y_pred`` holds logits and the softmax is applied inside the
        loss, stably (see Notes).
    class_weight : array_like, optional
        One weight :math:`w_k \ge 0` per class, shape ``(K,)``, as PyTorch's
        ``CrossEntropyLoss(weight=...)``; ``"mean"`` then divides by the
        total weight of the targets (see Notes).  ``None`` (default): all 1.
    label_smoothing : float, optional
        :math:`s \in [0, 1)`: the targets become
        :math:`(1-s)\,\mathbf y + s/K` (PyTorch's and Keras's
        ``label_smoothing``, ``optax.smooth_labels``); see Notes for the
        class-weighted mean.  0 (default): the targets as given.
    {sample_weight}
        With ``class_weight`` too, ``"mean"`` divides by
        :math:`\sum_n s_n \sum_k w_k y_{nk}` (see Notes).
    {reduction: rows}

    {returns}

    Raises
    ------
    ValueError
        If the shapes differ (including the number of classes), an input is
        empty or holds NaN or infinity, a row of ``y_true`` or ``y_pred`` is
        not a probability distribution (entries outside :math:`[0, 1]`, or a
        sum that differs from 1 by more than rounding), ``class_weight`` is
        negative, not of shape ``(K,)`` or gives every target weight 0 with
        ``"mean"``, ``sample_weight`` is negative, not finite or of the wrong
        shape (or the weights total 0 with ``"mean"``), ``label_smoothing`` is
        outside :math:`[0, 1)`, or ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers, ``from_logits`` is not a
        bool or ``label_smoothing`` is not a number.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.classification.categorical_cross_entropy()``:

    .. math:: \ell\left(\mathbf{y}, \hat{\mathbf{y}}\right) = - \sum_{k=1}^{K} {y}_{k} \log{\left({\hat{y}}_{k} \right)}

    With ``from_logits=True``, from ``lossbook.symbolic.classification.categorical_cross_entropy_with_logits()``:

    .. math:: \ell\left(\mathbf{y}, \mathbf{z}\right) = - \sum_{k=1}^{K} {y}_{k} \log{\left(\frac{e^{{z}_{k}}}{\sum_{j=1}^{K} e^{{z}_{j}}} \right)}

    Per sample, over the :math:`K` classes,

    .. math:: \ell(\mathbf y, \hat{\mathbf y}) = -\sum_{k=1}^{K} y_k \log \hat y_k ,

    which is :math:`-\log \hat y_c` for a one-hot target of class :math:`c`;
    with ``reduction="mean"`` the cost is the mean over the :math:`N` rows.
    Natural log; in base :math:`b` the loss is :math:`\ell/\ln b`.

    Terms with :math:`y_k = 0` are zero even where :math:`\hat y_k = 0`; a
    true class predicted with probability 0 costs ``inf`` (its true value).
    Rows are never renormalised or clipped: Keras divides ``y_pred`` by its
    row sum and clips it to :math:`[10^{-7}, 1-10^{-7}]`, which hides bugs.
    The minimum over :math:`\hat{\mathbf y}` is the entropy of
    :math:`\mathbf y` (0 for one-hot targets), reached at
    :math:`\hat{\mathbf y} = \mathbf y`.

    **From logits** (``from_logits=True``, the softmax cross-entropy),

    .. math:: \ell(\mathbf y, \mathbf z) = -\sum_{k=1}^{K} y_k
              \log\frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}
              = \operatorname{logsumexp}(\mathbf z) - \sum_k y_k z_k ,

    the second form holding because the targets sum to 1; its gradient is
    :math:`\partial\ell/\partial z_k = \operatorname{softmax}(\mathbf z)_k - y_k`.
    Each :math:`-\log\operatorname{softmax}(\mathbf z)_k` is evaluated as
    :math:`(m - z_k) + \operatorname{log1p}(s)` with :math:`m = \max_j z_j`
    and :math:`s` the sum of :math:`e^{z_j - m}` over the other classes: two
    non-negative parts, so a true class that wins by a margin of 40 gets its
    exact loss :math:`\approx 2e^{-40}` instead of 0, and logits of
    :math:`\pm 10^4` neither overflow nor give ``nan``.

    **Class weights** (``class_weight=w``): per sample
    :math:`\ell_n = -\sum_k w_k y_{nk} \log \hat y_{nk}`, and ``"mean"``
    is the weighted mean :math:`\sum_n \ell_n / \sum_n \sum_k w_k y_{nk}`:
    for one-hot targets, divided by the sum of the true classes' weights —
    what PyTorch's ``CrossEntropyLoss(weight=w)`` computes from class
    indices, and what :func:`sparse_categorical_cross_entropy` computes from
    the labels.  PyTorch given probability targets (soft or one-hot rows)
    divides by the number of rows :math:`N` instead, as does Keras's
    ``class_weight`` (through sample weights): their number is
    ``reduction="sum"`` divided by :math:`N`.  A weight of 0 switches a class
    off, even where its probability is 0.

    **Sample weights** (``sample_weight=s``) multiply each row's loss, class
    weight included; ``"mean"`` is then
    :math:`\sum_n s_n\ell_n / \sum_n s_n c_n` with
    :math:`c_n = \sum_k w_k y_{nk}` (1 without class weights): the sample
    and class weights multiply, as Keras's ``fit(class_weight=...,
    sample_weight=...)`` multiplies them into one sample weight, and the
    mean divides by the total of those products — Keras's
    ``reduction="mean_with_sample_weight"`` given :math:`s_n c_n`, and
    PyTorch's division by the weight of the targets when every
    :math:`s_n = 1`.  A sample weight of 0 drops its row, even an infinite loss.

    **Label smoothing** (``label_smoothing=s``) replaces the targets by
    :math:`(1-s)\,y_{nk} + s/K`:
    :math:`\ell_n = (1-s)\,\ell_n^{\mathbf y} + \frac sK\sum_k w_k(-\log\hat y_{nk})`,
    two non-negative parts, so every class now needs :math:`\hat y_{nk} > 0`
    for a finite loss.  With ``class_weight`` the mean still divides by the
    weight of the given targets :math:`\sum_n \sum_k w_k y_{nk}`, exactly as
    PyTorch's ``CrossEntropyLoss(weight=w, label_smoothing=s)`` from class
    indices (so one-hot rows give what :func:`sparse_categorical_cross_entropy`
    gives from their labels); PyTorch from probability rows divides by
    :math:`N`, Keras's smoothing has no class weights.

    References
    ----------
    Goodfellow, Bengio and Courville, *Deep Learning*, MIT Press, 2016,
    sections 3.13 and 6.2.2.3.  Bishop, *Pattern Recognition and Machine
    Learning*, Springer, 2006, section 4.3.4.

    Examples
    --------
    A cat (classes cat, dog, duck) predicted as ``[0.16, 0.12, 0.72]``:

    >>> from lossbook import categorical_cross_entropy
    >>> float(categorical_cross_entropy([1.0, 0.0, 0.0], [0.16, 0.12, 0.72]))
    1.8325814637483102
    >>> categorical_cross_entropy([[0, 1], [0.5, 0.5]], [[0.5, 0.5], [0.5, 0.5]], reduction="none")
    array([0.69314718, 0.69314718])
    """
    return _categorical(
        y_true, y_pred, reduction, from_logits=from_logits, class_weight=class_weight,
        label_smoothing=label_smoothing, sample_weight=sample_weight, func="categorical_cross_entropy",
    )


#: Kernel makers of the fast paths, keyed by from_logits.
_SPARSE_KERNELS = {False: sparse_rows(False), True: sparse_rows(True)}
_CATEGORICAL_KERNELS = {False: cross_entropy_rows(False), True: cross_entropy_rows(True)}


def _fast_sparse(y_true, y_pred, reduction, from_logits: bool, func: str):
    """The sparse cross-entropy of unweighted classes, block by block, true class first; ``None`` to fall back.

    Only the ``N`` true-class entries go through a logarithm (from logits:
    the row's shift and tail, then ``shift - z_label + log1p(tail)``, as the
    careful path computes them, bit for bit).  The checks are a min/max and
    a row sum per block; anything they refuse, and any infinite loss, is
    left to the careful path and its messages.
    """
    prepared = fast_label_rows(y_true, y_pred, reduction, func)
    if prepared is None:
        return None
    labels, table, shape = prepared
    return block_rows(_SPARSE_KERNELS[from_logits], (labels, table), reduction, shape,
                      checks=prediction_checks(from_logits, table, sparse=True))


def _fast_categorical(y_true, y_pred, reduction, from_logits: bool, func: str):
    """The unweighted categorical cross-entropy block by block; ``None`` to fall back (see :func:`_fast_sparse`)."""
    prepared = fast_pair_rows(y_true, y_pred, reduction, func)
    if prepared is None:
        return None
    true, pred, shape = prepared
    return block_rows(_CATEGORICAL_KERNELS[from_logits], (true, pred), reduction, shape,
                      checks=((0, "probabilities"), *prediction_checks(from_logits, pred, sparse=False)))


def _labels(y_true, pred, ignore_index, *, func: str):
    """Class labels as ``intp`` (0 in place of an ignored one) and the mask of ignored samples (``None``: none)."""
    if ignore_index is None:
        return class_labels(y_true, pred, func=func), None
    raw = as_float_array(y_true, "y_true", func=func)
    ignored = raw == ignore_index
    return class_labels(np.where(ignored, 0, raw), pred, func=func), ignored  # only kept labels are range-checked


def _sparse(y_true, y_pred, reduction, *, from_logits, class_weight, ignore_index, label_smoothing, sample_weight,
            func: str):
    if class_weight is None and ignore_index is None and no_smoothing(label_smoothing) and type(from_logits) is bool:
        result = _plain_rows(small_sparse, _fast_sparse, y_true, y_pred, reduction, from_logits, sample_weight,
                             func=func)
        if result is not None:
            return result
    from_logits = check_from_logits(from_logits, func=func)
    check_reduction(reduction, func=func)
    ignore_index = check_ignore_index(ignore_index, func=func)
    smoothing = check_label_smoothing(label_smoothing, func=func)
    pred = as_float_array(y_pred, "y_pred", func=func)
    labels, ignored = _labels(y_true, pred, ignore_index, func=func)
    nll = _neg_log_probabilities(pred, from_logits=from_logits, func=func)
    losses = np.take_along_axis(nll, labels[..., None], axis=-1)[..., 0]
    weights = check_class_weight(class_weight, pred, func=func)
    label_weights = None if weights is None else weights[labels]  # w_{c_n}: the mean's denominators
    if label_weights is not None:
        losses = weighted_losses(label_weights, losses)
    if smoothing:
        losses = smoothed(losses, nll, weights, smoothing)
    if ignored is None:
        return reduce_rows(losses, label_weights, sample_weight, reduction, func=func)
    # An ignored sample: loss 0 (even where its row gives label 0 probability 0), denominator 0.
    kept = np.where(ignored, 0, 1 if label_weights is None else label_weights).astype(losses.dtype)
    cause = "ignore_index" if ignored.all() else "class_weight"
    return reduce_rows(np.where(ignored, 0, losses), kept, sample_weight, reduction, func=func, cause=cause)


@checked_call
@shared_doc
def sparse_categorical_cross_entropy(y_true, y_pred, *, from_logits: bool = False, class_weight=None,
                                     ignore_index=None, label_smoothing: float = 0.0, sample_weight=None,
                                     reduction: str = "mean"):
    r"""Categorical cross-entropy with integer class labels instead of one-hot rows.

    ``sparse_categorical_cross_entropy(c, p)`` equals
    ``categorical_cross_entropy(one_hot(c), p)``: the same number, without
    building the one-hot matrix.

    Parameters
    ----------
    y_true : array_like
        Class labels :math:`c \in \{0, \dots, K-1\}`, shape ``y_pred.shape[:-1]``
        (integers, or floats holding integers).
    y_pred : array_like
        Predicted probabilities of shape ``(..., K)``, each row in
        :math:`[0, 1]` and summing to 1; logits if ``from_logits``.
    from_logits : bool, optional
        If True, ``y_pred`` holds logits and the softmax is applied inside the
        loss, stably (see Notes).
    class_weight : array_like, optional
        One weight :math:`w_k \ge 0` per class, shape ``(K,)``, as PyTorch's
        ``CrossEntropyLoss(weight=...)``: each sample's loss is multiplied by
        its class's weight and ``"mean"`` divides by the sum of those weights.
        ``None`` (default): all 1.
    ignore_index : int, optional
        A label value whose samples are ignored: loss 0 (``"none"`` returns 0
        there) and no count in ``"mean"``'s denominator — PyTorch's
        ``CrossEntropyLoss(ignore_index=...)`` (its usual ``-100``), Keras's
        ``ignore_class``.  It may lie outside :math:`0, \dots, K-1`; only
        the other labels are range-checked.  ``None`` (default): none ignored.
    label_smoothing : float, optional
        :math:`s \in [0, 1)`: the one-hot target of each label becomes
        :math:`(1-s)\,\mathbf e_c + s/K`, as PyTorch's ``label_smoothing``
        (and Keras's and optax's on one-hot rows); see Notes.  0 (default):
        no smoothing.
    {sample_weight}
        With ``class_weight`` too, ``"mean"`` divides by
        :math:`\sum_n s_n w_{c_n}` (see Notes).
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns the cost, ``"sum"`` the total and
        ``"none"`` one loss per label (shape ``y_true``'s).

    Returns
    -------
    numpy.ndarray or numpy.floating
        The dtype of ``y_pred`` if it is float32, float64 otherwise.

    Raises
    ------
    ValueError
        If ``y_true``'s shape is not ``y_pred.shape[:-1]``, a label is not an
        integer in range, an input is empty or holds NaN or infinity, a row of
        ``y_pred`` is not a probability distribution, ``class_weight`` is
        negative, not of shape ``(K,)`` or gives every sample weight 0 with
        ``"mean"``, ``sample_weight`` is negative, not finite or of the wrong
        shape (or the weights total 0 with ``"mean"``), every label equals
        ``ignore_index`` with ``"mean"``, ``label_smoothing`` is outside
        :math:`[0, 1)`, or ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers, ``from_logits`` is not a
        bool, ``ignore_index`` is not an integer or ``label_smoothing`` not a number.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.classification.sparse_categorical_cross_entropy()``:

    .. math:: \ell\left(c, \hat{\mathbf{y}}\right) = - \log{\left({\hat{y}}_{c} \right)}

    With ``from_logits=True``, from ``lossbook.symbolic.classification.sparse_categorical_cross_entropy_with_logits()``:

    .. math:: \ell\left(c, \mathbf{z}\right) = - \log{\left(\frac{e^{{z}_{c}}}{\sum_{j=1}^{K} e^{{z}_{j}}} \right)}

    Per sample with true class :math:`c`,

    .. math:: \ell(c, \hat{\mathbf y}) = -\log \hat y_c ,

    and the mean over the samples with ``reduction="mean"``.  Labels count
    from 0, as in every framework.

    **From logits** (``from_logits=True``),
    :math:`\ell(c, \mathbf z) = -\log\bigl(e^{z_c} / \sum_{j} e^{z_j}\bigr)
    = \operatorname{logsumexp}(\mathbf z) - z_c`, evaluated as
    :math:`(m - z_c) + \operatorname{log1p}(s)` like
    :func:`categorical_cross_entropy` from logits.

    With ``class_weight=w``, :math:`\ell_n = -w_{c_n}\log\hat y_{n c_n}` and
    ``"mean"`` is :math:`\sum_n \ell_n / \sum_n w_{c_n}`, PyTorch's
    ``CrossEntropyLoss(weight=w)`` (and ``NLLLoss``) exactly.  Keras's
    ``class_weight`` divides by the number of samples instead (use
    ``reduction="sum"`` and divide by :math:`N`).

    With ``sample_weight=s`` too, :math:`\ell_n = -s_n w_{c_n}\log\hat y_{n c_n}`
    and ``"mean"`` divides by :math:`\sum_n s_n w_{c_n}`: the two weights
    multiply, as in Keras's ``fit(class_weight=..., sample_weight=...)``,
    and the mean is Keras's ``reduction="mean_with_sample_weight"`` of those
    products (PyTorch's weighted mean when every :math:`s_n = 1`).

    With ``ignore_index=i``, every sample labelled :math:`i` gets
    :math:`\ell_n = 0` and leaves the denominator: ``"mean"`` is
    :math:`\sum_{c_n \ne i} s_n\ell_n / \sum_{c_n \ne i} s_n w_{c_n}`, as
    PyTorch computes it (with :math:`s_n = 1`), Keras's ``ignore_class`` with
    ``reduction="mean_with_sample_weight"`` and optax's per-sample losses
    averaged over a mask.  If every label is ignored the mean is undefined
    (PyTorch returns ``nan``): an error.  Rows of ``y_pred`` are checked
    whether their label is ignored or not.

    With ``label_smoothing=s``,
    :math:`\ell_n = (1-s)\,w_{c_n}(-\log\hat y_{n c_n}) + \frac sK\sum_k w_k(-\log\hat y_{nk})`
    and the denominators stay :math:`w_{c_n}` (0 for an ignored label):
    PyTorch's ``CrossEntropyLoss(weight=w, ignore_index=i, label_smoothing=s)``
    term for term.

    References
    ----------
    Goodfellow, Bengio and Courville, *Deep Learning*, MIT Press, 2016,
    section 6.2.2.3.

    Examples
    --------
    >>> from lossbook import sparse_categorical_cross_entropy
    >>> float(sparse_categorical_cross_entropy([0], [[0.16, 0.12, 0.72]]))
    1.8325814637483102
    """
    return _sparse(
        y_true, y_pred, reduction, from_logits=from_logits, class_weight=class_weight, ignore_index=ignore_index,
        label_smoothing=label_smoothing, sample_weight=sample_weight, func="sparse_categorical_cross_entropy",
    )


# ------------------------------------------------------------------ KL divergence
# Near y = p the term is d * s * S(s) = d * (s + (1 + s) G(t)), t = s^2, with
# G(t) = atanh(s)/s - 1 = sum_{k>=0} t^(k+1) / (2k+3), summed by Horner: for t <= 1/9,
# 16 terms leave out less than 3^-33 / 35 * 1.6 < 0.05 units of roundoff of the factor.
_TERMS = 16
_C = 1.0 / (2.0 * np.arange(_TERMS) + 3.0)


def _near_factor(s: np.ndarray) -> np.ndarray:
    """``s S(s) = s + (1 + s) G(s^2)``, in float64: ``y log(y/p) - y + p = (y - p) * s S(s)``, ``s = (y - p)/(y + p)``.

    Every coefficient of ``G`` is positive (no cancellation), and for
    ``|s| <= 1/3`` the part ``(1 + s) G`` is below ``0.13 |s|``: the factor is
    within a unit of roundoff.
    """
    s = s.astype(np.float64, copy=False)
    t = s * s
    g = _C[-1] * t
    for k in range(_TERMS - 2, -1, -1):
        g = (g + _C[k]) * t
    return s + (1 + s) * g


def _near_factor_of_float(s: float) -> float:
    """:func:`_near_factor` of one Python float, operation for operation: the Horner steps written out
    (a loop over ``_C`` costs twice as much per call on small inputs)."""
    t = s * s
    g = (1 / 33) * t
    g = (g + 1 / 31) * t
    g = (g + 1 / 29) * t
    g = (g + 1 / 27) * t
    g = (g + 1 / 25) * t
    g = (g + 1 / 23) * t
    g = (g + 1 / 21) * t
    g = (g + 1 / 19) * t
    g = (g + 1 / 17) * t
    g = (g + 1 / 15) * t
    g = (g + 1 / 13) * t
    g = (g + 1 / 11) * t
    g = (g + 1 / 9) * t
    g = (g + 1 / 7) * t
    g = (g + 1 / 5) * t
    g = (g + 1 / 3) * t
    return s + (1 + s) * g


def _kl_terms(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    r"""``y log(y/p) - y + p`` elementwise, each >= 0, within a few units of roundoff.

    * ``p/2 <= y <= 2p`` (``|s| <= 1/3``): the three parts cancel to second
      order, so the term is rewritten as ``d * s S(s)`` with ``d = y - p``
      (exact there, by Sterbenz's lemma), ``s = d/(y + p)`` and the factor
      ``s S(s)`` of :func:`_near_factor`.
    * elsewhere: ``y log(y/p)`` and ``p - y`` are formed with their exact
      rounding errors (TwoProduct, TwoSum), and ``log(y/p)`` is corrected for
      the rounding of ``y/p``, so their partial cancellation exposes no error.
    """
    shape = p.shape
    y, p = y.reshape(-1), p.reshape(-1)
    out = np.empty_like(p)
    tiny = np.finfo(p.dtype).tiny
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        d = y - p
        s = d / (y + p)
        near_mask = (np.abs(s) <= 1 / 3) & (y > 0) & (p > 0)
        near = np.flatnonzero(near_mask)  # index arrays: each mask would be searched again at every use
        out[near] = d[near] * _near_factor(s[near])

        far = np.flatnonzero(~near_mask)
        yf, pf = y[far], p[far]
        q = yf / pf
        usable = np.isfinite(q) & (q >= tiny) & (q <= 1e30 if p.dtype == np.float32 else q <= 1e290)
        log_ratio = np.where(usable, np.log(q), np.log(yf) - np.log(pf))
        x, x_err = two_product(q, pf)
        q_err = np.where(usable, (yf - x) - x_err, 0)  # y - q p: y log(y/p) = y log q + q_err
        product, product_err = two_product(yf, log_ratio)
        gap, gap_err = two_sum(pf, -yf)
        direct = (product + gap) + (product_err + q_err + gap_err)
        out[far] = np.where(yf == 0, pf, np.where(pf == 0, np.inf, direct))
    return out.reshape(shape) + 0.0


#: The blocked fast path's kernel: the same arithmetic as _kl_terms, per block of rows.
_KL_KERNEL = kl_rows(_near_factor, _kl_terms)
#: Elements per block of the KL kernel: its buffers (float64) or temporaries (float32) stay within 2 MB together
#: (1.2 and 1.6 MB measured at 1e7 elements), and a block is long enough that the per-block calls cost little.
_KL_BLOCK = 1 << 15


@checked_call
@shared_doc
def kl_divergence(y_true, y_pred, *, sample_weight=None, reduction: str = "mean"):
    r"""Kullback–Leibler divergence :math:`D_{\mathrm{KL}}(\mathbf y \,\|\, \hat{\mathbf y})` of each row.

    How many nats are wasted, on average, by coding samples from the target
    distribution :math:`\mathbf y` with a code built for
    :math:`\hat{\mathbf y}`: the cross-entropy minus the target's own
    entropy.  Zero exactly when :math:`\hat{\mathbf y} = \mathbf y`.

    Parameters
    ----------
    y_true : array_like
        Target distributions :math:`\mathbf y` of shape ``(..., K)``: rows in
        :math:`[0, 1]` summing to 1 (one-hot rows allowed).
    y_pred : array_like
        Predicted distributions :math:`\hat{\mathbf y}`, the same shape, rows
        in :math:`[0, 1]` summing to 1 (probabilities, not log-probabilities).
    {sample_weight}
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns the cost — the mean over rows, what
        PyTorch calls ``reduction="batchmean"`` — ``"sum"`` the total and
        ``"none"`` one divergence per row.

    {returns}

    Raises
    ------
    ValueError
        If the shapes differ (including the number of classes), an input is
        empty or holds NaN or infinity, a row is not a probability
        distribution, ``sample_weight`` is negative, not finite, of the wrong
        shape or totals 0 with ``"mean"``, or ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.classification.kl_divergence()``:

    .. math:: \ell\left(\mathbf{y}, \hat{\mathbf{y}}\right) = \sum_{k=1}^{K} \left(- {y}_{k} + {y}_{k} \log{\left({y}_{k} \right)} - {y}_{k} \log{\left({\hat{y}}_{k} \right)} + {\hat{y}}_{k}\right)

    Per sample,

    .. math:: \ell(\mathbf y, \hat{\mathbf y}) = \sum_{k=1}^{K}
              \Bigl[y_k \bigl(\log y_k - \log \hat y_k\bigr) - y_k + \hat y_k\Bigr],

    and the mean over the rows with ``reduction="mean"``.  For distributions
    the added :math:`-y_k + \hat y_k` sum to zero, so this is the familiar
    :math:`\sum_k y_k\log(y_k/\hat y_k)`; written this way (the *generalized*
    KL divergence, a Bregman divergence) every term is non-negative, so
    rounding in the row sums can never make the result negative and each term
    can be computed without cancellation even when :math:`\hat y_k \approx y_k`.
    Terms with :math:`y_k = 0` contribute :math:`\hat y_k`; a class with
    :math:`y_k > 0` and :math:`\hat y_k = 0` makes the divergence ``inf``.

    Cross-entropy and KL divergence differ by the entropy of the target,
    :math:`H(\mathbf y, \hat{\mathbf y}) = H(\mathbf y) + D_{\mathrm{KL}}(\mathbf y\|\hat{\mathbf y})`,
    which does not depend on the prediction: both have the same gradient.

    References
    ----------
    Kullback and Leibler, "On information and sufficiency", *The Annals of
    Mathematical Statistics* 22(1), 79–86, 1951.  Cover and Thomas,
    *Elements of Information Theory*, 2nd ed., Wiley, 2006, section 2.3.
    Boyd and Vandenberghe, *Convex Optimization*, Cambridge University Press,
    2004, p. 90 (the generalized form).

    Examples
    --------
    >>> from lossbook import kl_divergence
    >>> float(kl_divergence([0.2, 0.3, 0.5], [0.16, 0.12, 0.72]))
    0.13719437303113385
    >>> float(kl_divergence([1.0, 0.0, 0.0], [0.16, 0.12, 0.72]))   # = cross-entropy here
    1.832581463748
    """
    func = "kl_divergence"
    if sample_weight is not None:  # the per-row losses by the fast path below, then weighted
        return weighted_call(kl_divergence, (y_true, y_pred), sample_weight, reduction, independent_rows=True)
    result = small_kl(y_true, y_pred, reduction, _near_factor_of_float)
    if result is not None:
        return result
    prepared = fast_pair_rows(y_true, y_pred, reduction, func)
    if prepared is not None:
        true, pred, shape = prepared
        result = block_rows(_KL_KERNEL, (true, pred), reduction, shape, block=_KL_BLOCK,
                            checks=((0, "probabilities"), (1, "probabilities")))
        if result is not None:
            return result
    true, pred = _class_targets(y_true, y_pred, reduction, func=func)
    check_interval(pred, "y_pred", func=func, what="probabilities (not log-probabilities)")
    check_rows_sum_to_one(pred, "y_pred", func=func, hint=" — apply softmax to logits first")
    return reduce_losses(np.sum(_kl_terms(true, pred), axis=-1), reduction)
