"""Binary classification losses: cross-entropy and focal loss (from probabilities or logits), hinge.

Every function takes ``(y_true, y_pred)`` — the scikit-learn and Keras order —
of the same shape and works element by element: each element is one binary
decision.  ``reduction="none"`` returns the per-element losses, ``"mean"``
(the default, the cost) and ``"sum"`` reduce them over all elements;
``sample_weight`` makes ``"mean"`` the weighted mean (scikit-learn, Keras).
The fast kernels are in :mod:`lossbook.losses._binary_kernels`.
"""

from __future__ import annotations

import functools
import math
import numbers

import numpy as np

from ._class_inputs import (
    LOGITS_HINT,
    check_from_logits,
    check_interval,
    check_pos_weight,
    check_signed_labels,
    float_inputs,
    neg_log,
    neg_log1m,
    shared_doc,
    sigmoid_pair,
    softplus_pair,
)
from ._binary_kernels import (
    CROSS_ENTROPY_KERNELS,
    focal_kernel,
    focus,
    hinge_kernel,
    in_unit_interval,
    squared_hinge_kernel,
)
from . import _python_floats
from ._weighting import weighted_reduction
from .._numerics.calls import checked_call
from .._numerics.blocks import block_losses, elementwise, fast_pair, plain_dtype
from .._numerics.exact import two_sum
from .._numerics.reduction import reduce_losses, weighted_losses

__all__ = ["binary_cross_entropy", "binary_focal_loss", "hinge", "squared_hinge"]

_FLOAT64 = np.dtype(np.float64)
_LABEL_HINT = " — map -1/+1 labels to 0/1 with (y_true + 1) / 2"


def sample_weighted(loss, y_true, y_pred, sample_weight, reduction, *, func: str, **keywords):
    """The ``sample_weight``-weighted reduction of ``loss(y_true, y_pred, "none")`` (a public loss calls ``loss``
    directly when ``sample_weight`` is None)."""
    return weighted_reduction(lambda true, pred: loss(true, pred, "none", func=func, **keywords), (y_true, y_pred),
                              sample_weight, reduction, func=func, independent_rows=True)


def _neg_logs(true, pred, *, from_logits: bool, func: str):
    """``(-log p, -log(1 - p))`` of probabilities or logits, after checking labels (and probabilities)."""
    check_interval(true, "y_true", func=func, what="labels (0, 1 or soft labels)", hint=_LABEL_HINT)
    if from_logits:
        return softplus_pair(pred)
    check_interval(pred, "y_pred", func=func, what="probabilities", hint=LOGITS_HINT)
    return neg_log(pred), neg_log1m(pred)


def check_label_smoothing(value, *, func: str) -> float:
    """``label_smoothing`` as a float in [0, 1)."""
    if type(value) is float and value == 0:  # the default: no smoothing, nothing to check
        return 0.0
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"label_smoothing must be a real number in [0, 1) for {func}; found {value!r}")
    if not 0 <= value < 1:
        raise ValueError(f"label_smoothing must lie in [0, 1) for {func}; found {value!r} "
                         "(0 is no smoothing; 1 would make every label 1/2)")
    return float(value)


def smooth_labels(true: np.ndarray, smoothing: float) -> np.ndarray:
    """Keras's label smoothing: ``y (1 - s) + s / 2``, each label pulled towards 1/2."""
    return true * (1 - smoothing) + 0.5 * smoothing


def fast_smoothed(prepared, smoothing: float):
    """:func:`fast_pair`'s ``(y_true, y_pred, shape)`` with smoothed labels; ``None`` for labels outside [0, 1]."""
    if prepared is None or not smoothing:
        return prepared
    true, pred, shape = prepared
    if not in_unit_interval(true):  # the careful path names the label as given
        return None
    return smooth_labels(true, smoothing), pred, shape


def _cross_entropy_terms(true, pred, *, from_logits: bool, func: str, pos_weight=None, label_smoothing: float = 0.0):
    r"""Per-element :math:`-[w y\log p + (1-y)\log(1-p)]` (``w = pos_weight``, 1 if None), labels smoothed first."""
    neg_log_p, neg_log_q = _neg_logs(true, pred, from_logits=from_logits, func=func)
    if label_smoothing:
        true = smooth_labels(true, label_smoothing)
    weights = check_pos_weight(pos_weight, pred, func=func)
    positive = true if weights is None else weights * true
    positive_terms = weighted_losses(positive, neg_log_p)
    if weights is not None and from_logits:
        _scale_before_underflow(positive_terms, positive, pred, neg_log_p)
    # Both terms are >= 0, so the sum is as accurate as its parts.
    return positive_terms + weighted_losses(1 - true, neg_log_q)


def _scale_before_underflow(terms, weights, z, neg_log_p) -> None:
    """Redo ``weights * softplus(-z)`` where ``softplus(-z) = e^{-z}`` is subnormal, in place.

    A subnormal has lost digits that a weight > 1 would bring back into view;
    :math:`w e^{-z} = (w e^{-z/2}) e^{-z/2}` rounds only once, at the end.
    """
    low = (neg_log_p < np.finfo(z.dtype).tiny) & (z > 0)
    if low.any():
        with np.errstate(under="ignore"):
            half = np.exp(-z[low] / 2)
            terms[low] = np.broadcast_to(weights, z.shape)[low] * half * half


def _binary_cross_entropy(y_true, y_pred, reduction, *, from_logits: bool, pos_weight, label_smoothing, func: str):
    smoothing = check_label_smoothing(label_smoothing, func=func)
    if pos_weight is None and type(from_logits) is bool:
        prepared = fast_smoothed(fast_pair(y_true, y_pred, reduction, func), smoothing)
        result = elementwise(CROSS_ENTROPY_KERNELS[from_logits], prepared, reduction, n_scratch=1)
        if result is not None:
            return result
    from_logits = check_from_logits(from_logits, func=func)
    true, pred = float_inputs(y_true, y_pred, reduction, func=func)
    losses = _cross_entropy_terms(true, pred, from_logits=from_logits, func=func, pos_weight=pos_weight,
                                  label_smoothing=smoothing)
    return reduce_losses(losses, reduction)


@checked_call
@shared_doc
def binary_cross_entropy(y_true, y_pred, *, from_logits: bool = False, pos_weight=None, label_smoothing: float = 0.0,
                         sample_weight=None, reduction: str = "mean"):
    r"""Binary cross-entropy (log loss) of probabilities ``y_pred`` against labels ``y_true``.

    The loss of a sigmoid output: :math:`-\log \hat y` when the label is 1,
    :math:`-\log(1-\hat y)` when it is 0.  It is zero for a certain, correct
    prediction and grows without bound as the prediction becomes certain of
    the wrong class.

    Parameters
    ----------
    {y_true, y_pred: binary}
    from_logits : bool, optional
        If True, ``y_pred`` holds logits :math:`z` (the raw output of the last
        layer) and the sigmoid is applied inside the loss, stably (see Notes).
    pos_weight : float or array_like, optional
        Weight :math:`w \ge 0` of the positive term (PyTorch's ``pos_weight``):
        a number, or one per column (shape ``y_pred.shape[-1:]``, e.g. one per
        label of a multi-label output).  ``w > 1`` raises recall on a rare
        positive class; ``None`` (default) is :math:`w = 1`.
    label_smoothing : float, optional
        :math:`s \in [0, 1)`: each label is replaced by :math:`y(1 - s) + s/2`
        before the loss, from probabilities and from logits alike (Keras's
        ``label_smoothing``; optax's ``smooth_labels(·, s)`` over the two
        classes).  0 (default) is no smoothing.
    {sample_weight}
    {reduction: elements}

    {returns}

    Raises
    ------
    ValueError
        If the shapes differ, an input is empty or holds NaN or infinity, a
        label is outside :math:`[0, 1]`, a probability is outside
        :math:`[0, 1]`, ``pos_weight`` is negative or of the wrong shape,
        ``label_smoothing`` is outside :math:`[0, 1)`, ``sample_weight`` is
        negative, of the wrong shape or sums to 0 with ``"mean"``, or
        ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers, or ``from_logits`` is not a bool.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.classification.binary_cross_entropy()``:

    .. math:: \ell\left(y, \hat{y}\right) = - y \log{\left(\hat{y} \right)} - \left(1 - y\right) \log{\left(1 - \hat{y} \right)}

    With ``from_logits=True``, from ``lossbook.symbolic.classification.binary_cross_entropy_with_logits()``:

    .. math:: \ell\left(y, z\right) = - y \log{\left(\frac{1}{1 + e^{- z}} \right)} - \left(1 - y\right) \log{\left(\frac{1}{1 + e^{z}} \right)}

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

    **Weighted positives** (``pos_weight=w``), as PyTorch's
    ``BCEWithLogitsLoss(pos_weight=w)`` (which takes logits only; here
    probabilities too):

    .. math:: \ell(y, \hat y) = -\bigl[w\,y \log \hat y + (1 - y) \log(1 - \hat y)\bigr].

    The mean stays the plain mean over the elements.  :math:`w = n_-/n_+` (negatives
    over positives) gives the two classes equal total weight.

    **Label smoothing** (``label_smoothing=s``) trains towards
    :math:`\tilde y = y(1-s) + s/2` instead of :math:`y`: a hard label 1 becomes
    :math:`1 - s/2`, so the loss no longer reaches 0 and stops pushing
    :math:`\hat y` all the way to 1.  The labels are checked before they are
    smoothed.

    **Weighted samples** (``sample_weight=v``) multiply each element's loss,
    ``pos_weight`` included: :math:`v_n\ell_n`, and ``"mean"`` is
    :math:`\sum_n v_n\ell_n / \sum_n v_n`, as scikit-learn's
    ``log_loss(sample_weight=v)`` and Keras's
    ``BinaryCrossentropy(reduction="mean_with_sample_weight")``.  PyTorch's
    ``BCELoss(weight=v)`` and ``BCEWithLogitsLoss(weight=v)`` rescale the
    elements the same way but their ``"mean"`` divides by the number of
    elements :math:`N`, not by :math:`\sum_n v_n`: it is this loss with
    ``reduction="sum"`` divided by :math:`N` (so is Keras's default
    ``"sum_over_batch_size"``).

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

    Weighted samples (a weighted mean) and a smoothed label (1 becomes 0.95):

    >>> float(binary_cross_entropy([1.0, 0.0], [0.9, 0.2], sample_weight=[3.0, 1.0]))
    0.13480627457192215
    >>> float(binary_cross_entropy([1.0], [0.9], label_smoothing=0.1))
    0.2152217445246371
    """
    if sample_weight is not None:
        return sample_weighted(_binary_cross_entropy, y_true, y_pred, sample_weight, reduction,
                               from_logits=from_logits, pos_weight=pos_weight, label_smoothing=label_smoothing,
                               func="binary_cross_entropy")
    return _binary_cross_entropy(y_true, y_pred, reduction, from_logits=from_logits, pos_weight=pos_weight,
                                 label_smoothing=label_smoothing, func="binary_cross_entropy")


def _finite(value: numbers.Real) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond float64
        return False


def _check_focal_params(gamma, alpha, *, func: str):
    """``gamma`` as a finite float >= 0; ``alpha`` as None or a float in [0, 1]."""
    if type(gamma) is float and 0 <= gamma < math.inf and (alpha is None or type(alpha) is float and 0 <= alpha <= 1):
        return gamma, alpha  # the usual call, passed as it is
    for name, value, optional in (("gamma", gamma, False), ("alpha", alpha, True)):
        if not (optional and value is None) and (isinstance(value, bool) or not isinstance(value, numbers.Real)):
            raise TypeError(f"{name} must be a real number for {func}; found {value!r}")
    if not (_finite(gamma) and gamma >= 0):
        raise ValueError(f"gamma must be a finite number >= 0 for {func}; found {gamma!r} (0 gives cross-entropy)")
    if alpha is not None and not (0 <= alpha <= 1):
        hint = " — alpha=None switches the balancing off (torchvision's alpha=-1)" if alpha == -1 else ""
        raise ValueError(f"alpha must be None or a number in [0, 1] for {func}; found {alpha!r}{hint}")
    return float(gamma), None if alpha is None else float(alpha)



@checked_call
@shared_doc
def binary_focal_loss(y_true, y_pred, *, gamma: float = 2.0, alpha: float | None = None,
                      from_logits: bool = False, sample_weight=None, reduction: str = "mean"):
    r"""Focal loss (Lin et al. 2017): binary cross-entropy scaled down where the prediction is already good.

    Each element's cross-entropy is multiplied by :math:`(1 - p_t)^\gamma`,
    where :math:`p_t` is the probability given to the true label: an easy,
    confidently right element (:math:`p_t \to 1`) then costs almost nothing,
    and the many easy negatives of a detector stop drowning the rare hard
    ones.  Works element by element on any shape, so it serves binary and
    multi-label outputs alike.

    Parameters
    ----------
    {y_true, y_pred: binary}
    gamma : float, optional
        The focusing exponent :math:`\gamma \ge 0` (default 2, the paper's and
        every framework's).  :math:`\gamma = 0` gives the cross-entropy exactly.
    alpha : float or None, optional
        Class balance :math:`\alpha \in [0, 1]`: positives are weighted
        :math:`\alpha`, negatives :math:`1 - \alpha`.  ``None`` (default, as
        Keras and optax) weights both 1; torchvision's default is 0.25.
    from_logits : bool, optional
        If True, ``y_pred`` holds logits :math:`z` and the sigmoid is applied
        inside the loss, stably.
    {sample_weight}
    {reduction: elements}

    {returns}

    Raises
    ------
    ValueError
        If the shapes differ, an input is empty or holds NaN or infinity, a
        label or probability is outside :math:`[0, 1]`, ``gamma`` is negative,
        ``alpha`` is outside :math:`[0, 1]`, ``sample_weight`` is negative, of
        the wrong shape or sums to 0 with ``"mean"``, or ``reduction`` is
        unknown.
    TypeError
        If an input, ``gamma`` or ``alpha`` holds anything but real numbers, or
        ``from_logits`` is not a bool.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.classification.binary_focal_loss()``:

    .. math:: \ell\left(y, \hat{y}; \gamma, \alpha\right) = - \left(\alpha y + \left(1 - \alpha\right) \left(1 - y\right)\right) \left(y \left(1 - \hat{y}\right) + \left(1 - y\right) \hat{y}\right)^{\gamma} \left(y \log{\left(\hat{y} \right)} + \left(1 - y\right) \log{\left(1 - \hat{y} \right)}\right)

    With ``from_logits=True``, from ``lossbook.symbolic.classification.binary_focal_loss_with_logits()``:

    .. math:: \ell\left(y, z; \gamma, \alpha\right) = - \left(\alpha y + \left(1 - \alpha\right) \left(1 - y\right)\right) \left(\frac{y}{1 + e^{z}} + \frac{1 - y}{1 + e^{- z}}\right)^{\gamma} \left(y \log{\left(\frac{1}{1 + e^{- z}} \right)} + \left(1 - y\right) \log{\left(\frac{1}{1 + e^{z}} \right)}\right)

    Per element, with :math:`p_t = y\hat y + (1-y)(1-\hat y)` and
    :math:`\alpha_t = \alpha y + (1-\alpha)(1-y)` (:math:`\alpha_t = 1` if
    ``alpha`` is None),

    .. math:: \ell(y, \hat y) = -\alpha_t\,(1 - p_t)^{\gamma}
              \bigl[y \log \hat y + (1 - y) \log(1 - \hat y)\bigr],

    which for a hard label is :math:`-\alpha_t (1-p_t)^\gamma \log p_t`, the
    paper's form.  For a soft label, :math:`p_t` interpolates linearly, as
    torchvision, Keras and optax compute it; then
    :math:`1 - p_t = y(1-\hat y) + (1-y)\hat y`, which is not 0 at
    :math:`\hat y = y`.  From logits (``from_logits=True``),
    :math:`\hat y = \sigma(z)`, :math:`1 - \hat y = \sigma(-z)`.

    Accuracy: the cross-entropy is computed as in
    :func:`binary_cross_entropy` (softplus from logits: no overflow at
    :math:`z = \pm 10^4`); :math:`1 - p_t` as the sum of the two non-negative
    terms above, with :math:`\sigma(\pm z)` from :math:`e^{-|z|}`, so nothing
    cancels; float32 input is computed in float64 and rounded once.
    Keras's ``BinaryFocalCrossentropy`` clips :math:`\hat y` to
    :math:`[10^{-7}, 1-10^{-7}]`, from logits too (it applies the sigmoid
    first); nothing is clipped here.

    ``sample_weight`` multiplies each element's loss, :math:`\alpha_t`
    included (Keras's ``BinaryFocalCrossentropy`` with
    ``reduction="mean_with_sample_weight"``).

    References
    ----------
    Lin, Goyal, Girshick, He and Dollár, "Focal loss for dense object
    detection", *ICCV* 2017, 2980–2988.

    Examples
    --------
    An easy positive (0.9) and a hard one (0.2): the focal loss keeps the hard one.

    >>> from lossbook import binary_cross_entropy, binary_focal_loss
    >>> binary_cross_entropy([1.0, 1.0], [0.9, 0.2], reduction="none")
    array([0.10536052, 1.60943791])
    >>> binary_focal_loss([1.0, 1.0], [0.9, 0.2], reduction="none")
    array([0.00105361, 1.03004026])
    >>> binary_focal_loss([1.0, 0.0], [-1e4, 3.0], alpha=0.25, from_logits=True, reduction="none")
    array([2.50000000e+03, 2.07471033e+00])
    """
    if sample_weight is not None:
        return sample_weighted(_binary_focal_loss, y_true, y_pred, sample_weight, reduction,
                               gamma=gamma, alpha=alpha, from_logits=from_logits, func="binary_focal_loss")
    return _binary_focal_loss(y_true, y_pred, reduction, gamma=gamma, alpha=alpha, from_logits=from_logits,
                              func="binary_focal_loss")


@functools.lru_cache(maxsize=16)
def _focal_kernel(gamma: float, alpha, from_logits: bool):
    """:func:`focal_kernel` with its parameters bound, built once per parameter set (checked floats: a 0 and
    a -0 that share an entry give the same bits)."""
    return functools.partial(focal_kernel, gamma=gamma, alpha=alpha, from_logits=from_logits)


def _binary_focal_loss(y_true, y_pred, reduction, *, gamma, alpha, from_logits, func: str):
    from_logits = check_from_logits(from_logits, func=func)
    gamma, alpha = _check_focal_params(gamma, alpha, func=func)
    if not from_logits:
        result = _few(_python_floats.hard_focals, y_true, y_pred, reduction, (gamma, alpha))
        if result is not None:
            return result
    prepared = fast_pair(y_true, y_pred, reduction, func)
    if prepared is not None:  # block by block, in float64; float32 rounded once at the end
        true, pred, shape = prepared
        done = block_losses(_focal_kernel(gamma, alpha, from_logits), (true, pred), _FLOAT64, reduction, n_scratch=4)
        if done is not None:
            cost, losses = done
            if losses is not None:
                return losses.reshape(shape).astype(true.dtype, copy=False)
            return cost if true.dtype is _FLOAT64 else true.dtype.type(cost)
    true, pred = float_inputs(y_true, y_pred, reduction, func=func)
    dtype = pred.dtype
    true, pred = true.astype(np.float64, copy=False), pred.astype(np.float64, copy=False)  # float32: round once
    cross_entropy = _cross_entropy_terms(true, pred, from_logits=from_logits, func=func)
    if from_logits:
        (positive, negative), negative_error = sigmoid_pair(pred), 0.0
    else:
        positive, (negative, negative_error) = pred, two_sum(np.ones_like(pred), -pred)
    with np.errstate(under="ignore", invalid="ignore"):
        losses = focus(true, positive, negative, negative_error, gamma) * cross_entropy
        # an infinite cross-entropy has 1 - p_t > 0: the loss is inf even where (1 - p_t)^gamma underflows
        losses = np.where(cross_entropy == np.inf, np.inf, losses)
        if alpha is not None:
            losses = weighted_losses(alpha * true + (1 - alpha) * (1 - true), losses)
    return reduce_losses(losses.astype(dtype, copy=False), reduction)


def _hinge_gaps(y_true, y_pred, reduction, *, func: str) -> np.ndarray:
    """``max(0, 1 - y * score)`` after checking the labels are -1/+1."""
    true, pred = float_inputs(y_true, y_pred, reduction, func=func)
    check_signed_labels(true, func=func)
    with np.errstate(over="ignore"):
        return np.maximum(1 - true * pred, 0) + 0.0  # y = ±1: y * score is exact


@checked_call
@shared_doc
def hinge(y_true, y_pred, *, sample_weight=None, reduction: str = "mean"):
    r"""Hinge loss :math:`\max(0, 1 - y\hat y)` of scores ``y_pred`` against labels :math:`\pm1`.

    The loss of the support vector machine.  It is zero once a prediction
    is on the correct side with a margin :math:`y\hat y \ge 1`, and grows
    linearly as the margin shrinks or turns negative.

    Parameters
    ----------
    y_true : array_like
        Labels :math:`y`, each exactly :math:`-1` or :math:`+1`.
    y_pred : array_like
        Scores :math:`\hat y`: the raw, linear output of the last layer (any
        real; a tanh output, stuck in :math:`(-1, 1)`, never reaches the
        margin 1), the same shape as ``y_true``.
    {sample_weight}
    {reduction: elements}

    {returns}

    Raises
    ------
    ValueError
        If the shapes differ, an input is empty or holds NaN or infinity, a
        label is not :math:`\pm1` (0/1 labels are rejected, not converted),
        ``sample_weight`` is negative, of the wrong shape or sums to 0 with
        ``"mean"``, or ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.classification.hinge()``:

    .. math:: \ell\left(y, \hat{y}\right) = \max\left(0, 1 - \hat{y} y\right)

    Per element, with the *margin* :math:`m = y \hat y`,

    .. math:: \ell(y, \hat y) = \max(0,\ 1 - y \hat y),

    and the mean over the elements with ``reduction="mean"``.  Its
    derivative is :math:`-y` while :math:`m < 1` and 0 beyond: correct,
    confident predictions stop contributing at all, unlike cross-entropy,
    which keeps pushing.  Keras converts 0/1 labels to :math:`\pm1` silently;
    here they raise an error.  PyTorch's ``HingeEmbeddingLoss`` is a
    different loss.

    With ``sample_weight`` the weighted mean is scikit-learn's
    ``hinge_loss(y_true, y_pred, sample_weight=w)`` for binary labels and
    one score per sample (scikit-learn maps any two labels to :math:`\pm1`
    and takes a multi-class Crammer–Singer hinge for more classes), and
    Keras's ``Hinge(reduction="mean_with_sample_weight")``.

    References
    ----------
    Cortes and Vapnik, "Support-vector networks", *Machine Learning* 20(3),
    273–297, 1995.  Bishop, *Pattern Recognition and Machine Learning*,
    Springer, 2006, section 7.1.2.

    Examples
    --------
    A dog (label +1) given a linear score of 0.85:

    >>> from lossbook import hinge
    >>> float(hinge([1.0], [0.85]))
    0.15000000000000002
    >>> hinge([1.0, -1.0, -1.0], [2.0, 0.5, -3.0], reduction="none")
    array([0. , 1.5, 0. ])
    """
    if sample_weight is not None:
        return sample_weighted(_hinge, y_true, y_pred, sample_weight, reduction, func="hinge")
    return _hinge(y_true, y_pred, reduction, func="hinge")


def _few(formula, y_true, y_pred, reduction, params=()):
    """``formula`` of :mod:`._python_floats` on float64 arrays of a few numbers; else (or refused) ``None``."""
    if plain_dtype((y_true, y_pred), reduction) is _FLOAT64 and y_true.size <= _python_floats.SMALL:
        return _python_floats.python_losses(formula, (y_true, y_pred), reduction, params)
    return None


def _hinge(y_true, y_pred, reduction, *, func: str):
    result = _few(_python_floats.hinges, y_true, y_pred, reduction)
    if result is not None:
        return result
    result = elementwise(hinge_kernel, fast_pair(y_true, y_pred, reduction, func), reduction, n_scratch=0)
    if result is not None:
        return result
    return reduce_losses(_hinge_gaps(y_true, y_pred, reduction, func=func), reduction)


@checked_call
@shared_doc
def squared_hinge(y_true, y_pred, *, sample_weight=None, reduction: str = "mean"):
    r"""Squared hinge loss :math:`\max(0, 1 - y\hat y)^2` (labels :math:`\pm1`).

    The hinge loss squared: smooth at the margin (its derivative is
    continuous), quadratic for badly wrong predictions.

    Parameters
    ----------
    y_true : array_like
        Labels :math:`y`, each exactly :math:`-1` or :math:`+1`.
    y_pred : array_like
        Scores :math:`\hat y` (any real), the same shape as ``y_true``.
    {sample_weight}
    {reduction: elements}

    {returns}

    Raises
    ------
    ValueError
        If the shapes differ, an input is empty or holds NaN or infinity, a
        label is not :math:`\pm1`, ``sample_weight`` is negative, of the wrong
        shape or sums to 0 with ``"mean"``, or ``reduction`` is unknown.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.classification.squared_hinge()``:

    .. math:: \ell\left(y, \hat{y}\right) = \max\left(0, 1 - \hat{y} y\right)^{2}

    Per element,

    .. math:: \ell(y, \hat y) = \max(0,\ 1 - y \hat y)^2,

    and the mean over the elements with ``reduction="mean"``.  The derivative
    :math:`-2y\max(0, 1-y\hat y)` vanishes at the margin, so the loss has no
    kink; a gap above about :math:`1.3\times10^{154}` overflows to ``inf``.
    ``sample_weight`` as for :func:`hinge` (Keras's ``SquaredHinge``).

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
    if sample_weight is not None:
        return sample_weighted(_squared_hinge, y_true, y_pred, sample_weight, reduction, func="squared_hinge")
    return _squared_hinge(y_true, y_pred, reduction, func="squared_hinge")


def _squared_hinge(y_true, y_pred, reduction, *, func: str):
    result = _few(_python_floats.squared_hinges, y_true, y_pred, reduction)
    if result is not None:
        return result
    result = elementwise(squared_hinge_kernel, fast_pair(y_true, y_pred, reduction, func), reduction, n_scratch=0)
    if result is not None:
        return result
    gaps = _hinge_gaps(y_true, y_pred, reduction, func=func)
    with np.errstate(over="ignore", under="ignore"):
        losses = gaps * gaps
    return reduce_losses(losses, reduction)
