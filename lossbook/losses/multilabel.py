"""Multi-label losses: one sigmoid and one binary cross-entropy per class, summed over the classes.

``y_true`` and ``y_pred`` have shape ``(..., K)``: each row is one sample and
each of its ``K`` entries an independent yes/no question ("is there cheese
on this pizza?").  Rows need not sum to 1.  ``reduction="none"`` returns one
loss per row; ``"mean"`` (default) and ``"sum"`` reduce over the rows.
"""

from __future__ import annotations

import numpy as np

from .binary import (
    CROSS_ENTROPY_KERNELS,
    _cross_entropy_terms,
    check_label_smoothing,
    fast_smoothed,
    sample_weighted,
)
from ._class_inputs import check_class_axis, check_from_logits, float_inputs, shared_doc
from .._numerics.calls import checked_call
from .._numerics.blocks import elementwise, fast_pair
from .._numerics.reduction import reduce_losses
from .._numerics.validation import check_reduction

__all__ = ["multilabel_binary_cross_entropy"]


def _fast_multilabel(y_true, y_pred, reduction, from_logits, smoothing: float, func: str):
    """The fast path of :func:`_multilabel` (no ``pos_weight``): the binary kernels, then sums over the labels."""
    prepared = fast_pair(y_true, y_pred, reduction, func)
    if prepared is None or not prepared[2]:  # a scalar has no class axis: the careful path says so
        return None
    prepared = fast_smoothed(prepared, smoothing)
    if prepared is None:
        return None
    kernel = CROSS_ENTROPY_KERNELS[from_logits]
    if reduction == "none":
        per_label = elementwise(kernel, prepared, "none", n_scratch=1)
        return None if per_label is None else np.sum(per_label, axis=-1)
    total = elementwise(kernel, prepared, "sum", n_scratch=1)
    if total is None or reduction == "sum":
        return total
    return total / (prepared[0].size // prepared[2][-1])


def _multilabel(y_true, y_pred, reduction, *, from_logits, pos_weight, label_smoothing, func: str):
    smoothing = check_label_smoothing(label_smoothing, func=func)
    if pos_weight is None and type(from_logits) is bool:
        result = _fast_multilabel(y_true, y_pred, reduction, from_logits, smoothing, func)
        if result is not None:
            return result
    from_logits = check_from_logits(from_logits, func=func)
    check_reduction(reduction, func=func)
    true, pred = float_inputs(y_true, y_pred, reduction, func=func, same_shape=False)
    check_class_axis(true, pred, func=func)
    per_label = _cross_entropy_terms(true, pred, from_logits=from_logits, func=func, pos_weight=pos_weight,
                                     label_smoothing=smoothing)
    return reduce_losses(np.sum(per_label, axis=-1), reduction)


@checked_call
@shared_doc
def multilabel_binary_cross_entropy(y_true, y_pred, *, from_logits: bool = False, pos_weight=None,
                                    label_smoothing: float = 0.0, sample_weight=None, reduction: str = "mean"):
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
    pos_weight : float or array_like, optional
        Weight :math:`w_k \ge 0` of each label's positive term, a number or
        one per label (shape ``(K,)``), as PyTorch's
        ``BCEWithLogitsLoss(pos_weight=...)``; ``None`` (default) is 1.
    label_smoothing : float, optional
        :math:`s \in [0, 1)`: each label becomes :math:`y_k(1 - s) + s/2`
        before the loss (Keras's ``label_smoothing``); 0 (default) is none.
    {sample_weight}
    {reduction: rows}

    {returns}

    Raises
    ------
    ValueError
        If the shapes differ (including the number of labels), an input is
        empty or holds NaN or infinity, a label or probability is outside
        :math:`[0, 1]`, ``pos_weight`` is negative or not of shape ``(K,)``,
        ``label_smoothing`` is outside :math:`[0, 1)`, ``sample_weight`` is
        negative, of the wrong shape or sums to 0 with ``"mean"``, or
        ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers, or ``from_logits`` is not a bool.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.classification.multilabel_binary_cross_entropy()``:

    .. math:: \ell\left(\mathbf{y}, \hat{\mathbf{y}}\right) = - \sum_{k=1}^{K} \left(\left(1 - {y}_{k}\right) \log{\left(1 - {\hat{y}}_{k} \right)} + {y}_{k} \log{\left({\hat{y}}_{k} \right)}\right)

    With ``from_logits=True``, from ``lossbook.symbolic.classification.multilabel_binary_cross_entropy_with_logits()``:

    .. math:: \ell\left(\mathbf{y}, \mathbf{z}\right) = - \sum_{k=1}^{K} \left(\left(1 - {y}_{k}\right) \log{\left(\frac{1}{1 + e^{{z}_{k}}} \right)} + {y}_{k} \log{\left(\frac{1}{1 + e^{- {z}_{k}}} \right)}\right)

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

    With ``pos_weight`` the term of label :math:`k` is
    :math:`-[w_k y_k \log \hat y_k + (1-y_k)\log(1-\hat y_k)]`; a rare
    label with :math:`n_-/n_+` as its weight counts as much as a common one.

    ``sample_weight`` weighs the rows (one weight per sample, shape
    ``y_pred.shape[:-1]`` or a leading part of it): ``"mean"`` is
    :math:`\sum_n v_n\ell_n / \sum_n v_n`, :math:`K` times Keras's
    ``BinaryCrossentropy(reduction="mean_with_sample_weight")`` with the same
    weights.  PyTorch's ``weight=`` rescales single labels and its ``"mean"``
    divides by the number of labels, :math:`NK` (see
    :func:`~lossbook.binary_cross_entropy`).

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
    if sample_weight is not None:
        return sample_weighted(_multilabel, y_true, y_pred, sample_weight, reduction, from_logits=from_logits,
                               pos_weight=pos_weight, label_smoothing=label_smoothing,
                               func="multilabel_binary_cross_entropy")
    return _multilabel(y_true, y_pred, reduction, from_logits=from_logits, pos_weight=pos_weight,
                       label_smoothing=label_smoothing, func="multilabel_binary_cross_entropy")


