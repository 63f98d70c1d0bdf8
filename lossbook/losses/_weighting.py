"""``sample_weight`` for a loss whose weighted cost is the weighted reduction of its per-sample losses."""

from __future__ import annotations

import math

import numpy as np

from .._numerics.reduction import ZERO_SAMPLE_WEIGHT, check_sample_weight, reduce_sample_weighted, weighted_losses
from .._numerics.validation import check_reduction

__all__ = ["CHUNK", "weighted_call", "weighted_reduction", "chunked_weighted", "owned"]

#: Input elements per chunk of a weighted sum or mean: the chunk's losses and products stay in the L2 cache.
CHUNK = 1 << 15


def weighted_call(loss, args: tuple, sample_weight, reduction, *, independent_rows: bool = False, **params):
    """``loss(*args, reduction="none", **params)`` weighted by ``sample_weight`` and reduced as ``reduction``.

    ``reduction`` is checked first, then the inputs (by ``loss`` itself, with
    its own messages), then the weights (``reduce_sample_weighted``), so each
    error names the loss the caller called.  See :func:`weighted_reduction`.
    """
    return weighted_reduction(lambda *rows: loss(*rows, reduction="none", **params), args, sample_weight, reduction,
                              func=loss.__name__, independent_rows=independent_rows)


def weighted_reduction(per_sample, args: tuple, sample_weight, reduction: str, *, func: str,
                       independent_rows: bool = False):
    """The per-sample losses ``per_sample(*args)`` weighted by ``sample_weight`` and reduced as ``reduction``.

    With ``independent_rows`` (row ``n`` of every argument gives sample
    ``n``'s loss, whatever the other rows) a sum or mean goes chunk by chunk
    (:func:`chunked_weighted`).  ``None`` if ``per_sample`` refuses (returns
    ``None``).
    """
    check_reduction(reduction, func=func)
    if independent_rows and reduction != "none":
        done = chunked_weighted(per_sample, args, sample_weight, reduction, func=func)
        if done is not None:
            return done
    losses = per_sample(*args)
    if losses is None:
        return None
    return reduce_sample_weighted(losses, sample_weight, reduction, func=func, overwrite=owned(losses, args))


def chunked_weighted(per_sample, args: tuple, sample_weight, reduction: str, *, func: str):
    r""":math:`\sum_n w_n\ell_n` (``"sum"``) or that over :math:`\sum_n w_n` (``"mean"``), :data:`CHUNK` input elements at a time.

    ``per_sample(*rows)`` gives the losses of a slice of rows of every
    argument (``None`` refuses).  No array of all the losses is made: each chunk's losses are
    weighted in place and summed pairwise, and the chunks' sums are added
    exactly (:func:`math.fsum`), so the total is at least as accurate as one
    pairwise sum.  ``None`` — the caller then computes the whole losses — for
    inputs that are not plain arrays with one number of rows, small inputs,
    any input or weight the checks refuse (the whole call then raises the
    error with the index in the whole input), and a sum that is not finite.
    """
    if not args or not all(type(arg) is np.ndarray and arg.ndim for arg in args):
        return None
    rows = args[0].shape[0]
    if any(arg.shape[0] != rows for arg in args):
        return None
    step = max(1, CHUNK // max(1, args[0].size // max(1, rows)))
    if rows < 2 * step:
        return None
    try:
        losses = per_sample(*(arg[:step] for arg in args))
        if losses is None:
            return None
        losses = np.asarray(losses)
        if not losses.ndim or losses.shape[0] != step:
            return None
        shape = (rows, *losses.shape[1:])
        weights = check_sample_weight(sample_weight, shape, func=func, dtype=losses.dtype)
        sliced = weights.shape[0] == rows  # else one weight (or one per column) for every row
        parts = []
        for start in range(0, rows, step):
            if start:
                losses = per_sample(*(arg[start:start + step] for arg in args))
                if losses is None:
                    return None
                losses = np.asarray(losses)
            part = weights[start:start + step] if sliced else weights
            with np.errstate(over="ignore"):
                product = weighted_losses(part, losses, out=losses if owned(losses, args) else None)
            parts.append(float(np.add.reduce(product.reshape(-1))))
        total = math.fsum(parts)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(total):
        return None
    if reduction == "sum":
        return losses.dtype.type(total)
    total_weight = np.sum(np.broadcast_to(weights, shape), dtype=losses.dtype)
    if not total_weight > 0:
        raise ValueError(ZERO_SAMPLE_WEIGHT.format(func=func))
    return losses.dtype.type(total / float(total_weight))  # divided in float64, rounded once to the dtype


def owned(losses, args) -> bool:
    """Whether ``losses`` is a writeable array that shares no memory with the inputs: it may be overwritten."""
    return (isinstance(losses, np.ndarray) and losses.ndim > 0 and losses.flags.writeable
            and not any(np.may_share_memory(losses, arg) for arg in args if isinstance(arg, np.ndarray)))
