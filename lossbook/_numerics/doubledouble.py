r"""Lean double-double arithmetic on arrays: a value is a pair ``(hi, lo)`` of float64 arrays, ``hi + lo`` unevaluated.

The operations take normalised or unnormalised pairs (``|lo|`` of the order
of ``u·|hi|``) and return pairs whose error is a few :math:`u^2` relative
(:math:`u = 2^{-53}`), with as few array passes as the error-free
transformations allow: one exact product (float64 Veltkamp splitting) per
multiplication, division and square root.  They assume finite, non-zero operands far from overflow and
underflow (the callers check the range of the rows they keep and send the
others to a careful path); :func:`div` and :func:`sqrt` make no special case
of zero.  The careful path of the embedding losses keeps its own normalising
operations (``lossbook.losses.embedding._dd_add`` and its neighbours), whose
bits these do not reproduce.
"""

from __future__ import annotations

import numpy as np

from .exact import two_sum
from .rowsums import products, split, squares, two_difference

__all__ = ["add", "sub", "mul", "div", "sqrt"]


def add(xh, xl, yh, yl):
    """``x + y``: the high parts added without error, the low parts plainly."""
    s, e = two_sum(xh, yh)
    e += xl
    e += yl
    return s, e


def sub(xh, xl, yh, yl):
    """``x - y``: :func:`add` of ``-y`` (the same bits), without negating ``y``."""
    s, e = two_difference(xh, yh)
    e += xl
    e -= yl
    return s, e


def mul(xh, xl, yh, yl):
    """``x · y``: the high parts' product exactly, the cross terms plainly."""
    p, e = products(xh, split(xh), yh, split(yh))
    e += xh * yl
    e += xl * yh
    return p, e


def div(xh, xl, yh, yl):
    """``x / y``: one quotient, its exact residual ``x - q·y``, one correction."""
    q = xh / yh
    p, e = products(q, split(q), yh, split(yh))
    r = xh - p  # exact: p is within a rounding of xh
    r -= e
    r += xl
    r -= q * yl
    r /= yh
    return q, r


def sqrt(xh, xl):
    """``√x`` for ``x > 0``: one square root, its exact residual, one Newton correction."""
    s = np.sqrt(xh)
    p, e = squares(s, split(s))
    r = xh - p  # exact
    r -= e
    r += xl
    r /= s + s
    return s, r
