"""The ``reduction`` step shared by every loss: per-sample losses → cost, optionally weighted."""

from __future__ import annotations

import numpy as np

from .validation import _first_index, as_float_array, check_reduction

__all__ = ["reduce_losses", "check_sample_weight", "reduce_sample_weighted", "mean_over_weight", "ZERO_SAMPLE_WEIGHT"]


def reduce_losses(losses: np.ndarray, reduction: str):
    """Reduce per-sample ``losses`` to a cost.

    ``"none"`` returns ``losses`` unchanged, ``"sum"`` their sum and ``"mean"``
    their mean.  The mean never overflows when the true mean is representable:
    if the plain sum overflows, the losses are rescaled by their largest value
    first, so ``mean([1e308, 1e308])`` is ``1e308``, not ``inf``.
    """
    if reduction == "none":
        return losses
    with np.errstate(over="ignore"):
        total = np.add.reduce(losses, axis=None, dtype=losses.dtype)  # np.sum's own call, without its wrapper
    if reduction == "sum":
        return total
    if np.isinf(total) and np.isfinite(losses).all():
        scale = np.max(np.abs(losses))
        return scale * np.mean(losses / scale, dtype=losses.dtype)
    return (total / losses.size).astype(losses.dtype)


def check_sample_weight(sample_weight, losses_shape: tuple, *, func: str, dtype=np.float64) -> np.ndarray:
    """``sample_weight`` as an array that multiplies losses of shape ``losses_shape``.

    Its shape must be the losses' shape (what ``reduction="none"`` returns) or a
    leading part of it: weights of shape ``(N,)`` for losses of shape
    ``(N, D)`` weigh each sample's ``D`` losses alike (scikit-learn's and
    Keras's per-sample weights); a scalar weighs every loss alike.  Weights
    are finite and ``>= 0``.
    """
    weights = as_float_array(sample_weight, "sample_weight", func=func)
    if weights.shape != tuple(losses_shape[:weights.ndim]):
        raise ValueError(
            f"sample_weight must have the shape of the per-sample losses for {func}, {tuple(losses_shape)}, "
            f"or a leading part of it such as {tuple(losses_shape[:1])} (one weight per sample); "
            f"found shape {weights.shape}"
        )
    if weights.size and weights.min() < 0:
        negative = weights < 0
        raise ValueError(
            f"sample_weight must hold weights >= 0 for {func}; found {float(weights[negative][0])!r} "
            f"at index {_first_index(negative)}"
        )
    return weights.reshape(weights.shape + (1,) * (len(losses_shape) - weights.ndim)).astype(dtype, copy=False)


def reduce_sample_weighted(losses, sample_weight, reduction: str, *, func: str, overwrite: bool = False):
    r"""Per-sample ``losses`` weighted by ``sample_weight`` (see :func:`check_sample_weight`), reduced.

    ``"none"`` returns :math:`w_n\ell_n`, ``"sum"`` :math:`\sum_n w_n\ell_n`
    and ``"mean"`` the weighted mean :math:`\sum_n w_n\ell_n / \sum_n w_n`
    (scikit-learn's ``sample_weight``, Keras's ``"mean_with_sample_weight"``;
    with weights of shape ``(N,)`` over losses ``(N, D)`` each weight counts
    ``D`` times).  A weight of 0 drops its sample even where its loss is
    infinite.  A total weight of 0 leaves the mean undefined: an error.
    With ``overwrite`` the weighted losses are written over ``losses`` (an
    array the caller made and no longer needs): no second array of their size.
    """
    check_reduction(reduction, func=func)
    losses = np.asarray(losses)
    weights = check_sample_weight(sample_weight, losses.shape, func=func, dtype=losses.dtype)
    weighted = weighted_losses(weights, losses, out=losses if overwrite else None)
    if reduction != "mean":
        return reduce_losses(weighted, reduction)
    total_weight = np.sum(np.broadcast_to(weights, losses.shape), dtype=losses.dtype)
    if not total_weight > 0:
        raise ValueError(ZERO_SAMPLE_WEIGHT.format(func=func))
    return mean_over_weight(weighted, total_weight)


def weighted_losses(weights, losses, *, out=None) -> np.ndarray:
    """``weights * losses`` with ``0 · inf = 0``: a weight (or label) of exactly 0 switches its loss off.

    Into ``out`` (``losses`` itself, say) when given, with a mask only when
    some weight is 0; else a new array.
    """
    with np.errstate(invalid="ignore", under="ignore"):
        product = np.multiply(weights, losses, out=out)
    if out is None:
        return np.where(weights == 0, 0, product)
    if not np.all(weights):
        product[np.broadcast_to(weights == 0, product.shape)] = 0
    return product


#: The error for weights that leave a weighted mean 0/0.
ZERO_SAMPLE_WEIGHT = ("sample_weight sums to 0 for {func}, so the weighted mean is 0/0; "
                      "give at least one sample a weight > 0, or use reduction='sum'")


def mean_over_weight(weighted: np.ndarray, total_weight):
    r""":math:`\sum_n w_n\ell_n / W` of the weighted losses ``weighted``, overflowing only if the quotient does."""
    total = reduce_losses(weighted, "sum")
    if np.isinf(total) and np.isfinite(weighted).all():  # the sum overflows, the weighted mean may not
        return (reduce_losses(weighted, "mean") * (weighted.size / total_weight)).astype(weighted.dtype)
    return (total / total_weight).astype(weighted.dtype)
