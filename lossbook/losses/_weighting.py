"""``sample_weight`` for a loss whose weighted cost is the weighted reduction of its per-sample losses."""

from __future__ import annotations

from .._numerics.reduction import reduce_sample_weighted
from .._numerics.validation import check_reduction

__all__ = ["weighted_call"]


def weighted_call(loss, args: tuple, sample_weight, reduction, **params):
    """``loss(*args, reduction="none", **params)`` weighted by ``sample_weight`` and reduced as ``reduction``.

    ``reduction`` is checked first, then the inputs (by ``loss`` itself, with
    its own messages), then the weights (``reduce_sample_weighted``), so each
    error names the loss the caller called.
    """
    func = loss.__name__
    check_reduction(reduction, func=func)
    return reduce_sample_weighted(loss(*args, reduction="none", **params), sample_weight, reduction, func=func)
