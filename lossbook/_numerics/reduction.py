"""The ``reduction`` step shared by every loss: per-sample losses → cost."""

from __future__ import annotations

import numpy as np

__all__ = ["reduce_losses"]


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
        total = np.sum(losses, dtype=losses.dtype)
    if reduction == "sum":
        return total
    if np.isinf(total) and np.isfinite(losses).all():
        scale = np.max(np.abs(losses))
        return scale * np.mean(losses / scale, dtype=losses.dtype)
    return (total / losses.size).astype(losses.dtype)
