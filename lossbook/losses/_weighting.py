"""``sample_weight`` for a loss whose weighted cost is the weighted reduction of its per-sample losses."""

from __future__ import annotations

import numpy as np

from .._numerics.reduction import reduce_sample_weighted
from .._numerics.validation import check_reduction

__all__ = ["weighted_call", "owned"]


def weighted_call(loss, args: tuple, sample_weight, reduction, **params):
    """``loss(*args, reduction="none", **params)`` weighted by ``sample_weight`` and reduced as ``reduction``.

    ``reduction`` is checked first, then the inputs (by ``loss`` itself, with
    its own messages), then the weights (``reduce_sample_weighted``), so each
    error names the loss the caller called.
    """
    func = loss.__name__
    check_reduction(reduction, func=func)
    losses = loss(*args, reduction="none", **params)
    return reduce_sample_weighted(losses, sample_weight, reduction, func=func, overwrite=owned(losses, args))


def owned(losses, args) -> bool:
    """Whether ``losses`` is a writeable array that shares no memory with the inputs: it may be overwritten."""
    return (isinstance(losses, np.ndarray) and losses.ndim > 0 and losses.flags.writeable
            and not any(np.may_share_memory(losses, arg) for arg in args if isinstance(arg, np.ndarray)))
