r"""The keywords of the multi-class cross-entropies besides the inputs: checks, and the weighted reduction.

``label_smoothing`` and ``ignore_index`` are checked here; :func:`reduce_rows`
reduces per-sample losses that carry their own denominators (a class weight
per sample, 0 for an ignored label) and optional sample weights:
``"mean"`` is :math:`\sum_n s_n\ell_n / \sum_n s_n c_n`.
"""

from __future__ import annotations

import numbers

import numpy as np

from .._numerics.reduction import (ZERO_SAMPLE_WEIGHT, check_sample_weight, mean_over_weight, reduce_losses,
                                  weighted_losses)

__all__ = ["check_label_smoothing", "no_smoothing", "smoothed", "check_ignore_index", "reduce_rows"]


def check_label_smoothing(label_smoothing, *, func: str) -> float:
    """``label_smoothing`` as a float in ``[0, 1)`` (0: the targets as given)."""
    if isinstance(label_smoothing, (bool, np.bool_)) or not isinstance(label_smoothing, numbers.Real):
        raise TypeError(
            f"label_smoothing must be a number in [0, 1) for {func}; found {label_smoothing!r}"
        )
    value = float(label_smoothing)
    if not 0 <= value < 1:
        raise ValueError(
            f"label_smoothing must be in [0, 1) for {func}; found {value!r} — the targets become "
            "(1 - s) * y + s / K, so 0 leaves them as given and 1 would make every target uniform"
        )
    return value


def no_smoothing(label_smoothing) -> bool:
    """True for the default ``label_smoothing`` (a plain 0): the paths without smoothing apply."""
    return type(label_smoothing) in (int, float) and label_smoothing == 0


def smoothed(losses: np.ndarray, nll: np.ndarray, weights: np.ndarray | None, smoothing: float) -> np.ndarray:
    r"""Losses of the targets :math:`(1-s)\,y + s/K`: :math:`(1-s)\,\ell_n + \frac sK \sum_k w_k (-\log\hat y_{nk})`.

    ``losses`` are those of the given targets (class weights included), ``nll``
    the :math:`-\log\hat y_{nk}` of every class, ``weights`` the class
    weights (``None``: all 1).  Both parts are :math:`\ge 0`: nothing cancels.
    """
    uniform = np.sum(nll if weights is None else weighted_losses(weights, nll), axis=-1)
    return (1 - smoothing) * losses + (smoothing / nll.shape[-1]) * uniform


def check_ignore_index(ignore_index, *, func: str) -> int | None:
    """``None``, or the label value (an integer, possibly outside ``0 .. K-1``) whose samples are ignored."""
    if ignore_index is None:
        return None
    if isinstance(ignore_index, (bool, np.bool_)) or not isinstance(ignore_index, numbers.Integral):
        raise TypeError(
            f"ignore_index must be an integer label value (e.g. -100) or None for {func}; found {ignore_index!r}"
        )
    return int(ignore_index)


_ZERO_TOTAL = {
    "ignore_index": "every label of y_true equals ignore_index for {func}, so the mean has no sample to average "
                    "(PyTorch returns nan); keep at least one label, or use reduction='sum'",
    "class_weight": "class_weight gives every sample a weight of 0 for {func}, so the weighted mean is 0/0; "
                    "give a class present in y_true a weight > 0, or use reduction='sum'",
    "both": "sample_weight is 0 on every sample that counts for {func} (a label not ignored, of a class weight "
            "> 0), so the weighted mean is 0/0; give one of them a weight > 0, or use reduction='sum'",
}


def reduce_rows(losses, denominators, sample_weight, reduction: str, *, func: str, cause: str = "class_weight"):
    r"""Reduce per-sample ``losses`` whose ``"mean"`` divides by :math:`\sum_n s_n c_n`.

    ``losses`` already hold each sample's class weight (and 0 for an ignored
    label); ``denominators`` are the :math:`c_n` (``None``: all 1);
    ``sample_weight`` the :math:`s_n` (``None``: all 1), checked by
    :func:`~lossbook._numerics.reduction.check_sample_weight`.  ``"none"``
    returns :math:`s_n\ell_n` (0 where :math:`s_n = 0`, even if
    :math:`\ell_n` is infinite), ``"sum"`` their sum.  A zero denominator is
    an error naming the weight that made it 0: ``sample_weight``, or
    ``cause`` (``"class_weight"`` or ``"ignore_index"``) when the
    :math:`c_n` alone total 0.
    """
    mean = reduction == "mean"
    if sample_weight is not None:
        weights = check_sample_weight(sample_weight, losses.shape, func=func, dtype=losses.dtype)
        if mean and not np.sum(np.broadcast_to(weights, losses.shape), dtype=losses.dtype) > 0:
            raise ValueError(ZERO_SAMPLE_WEIGHT.format(func=func))
    if mean and denominators is not None and not np.sum(denominators, dtype=losses.dtype) > 0:
        raise ValueError(_ZERO_TOTAL[cause].format(func=func))
    if sample_weight is not None:
        losses = weighted_losses(weights, losses)
        denominators = np.broadcast_to(weights if denominators is None else weights * denominators, losses.shape)
    if not mean:
        return reduce_losses(losses, reduction)
    if denominators is None:
        return reduce_losses(losses, "mean")
    total_weight = np.sum(denominators, dtype=losses.dtype)
    if not total_weight > 0:
        raise ValueError(_ZERO_TOTAL["both"].format(func=func))
    return mean_over_weight(losses, total_weight)
