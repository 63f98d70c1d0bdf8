r"""Lean double-double arithmetic on float64 scalars, compiled: a value is a pair ``(hi, lo)``, ``hi + lo`` unevaluated.

The building blocks are the error-free transformations — Knuth's TwoSum,
Veltkamp's split and Dekker's TwoProduct, or, where the processor has a fused
multiply-add (:data:`HAS_FMA`), TwoProduct as :math:`p = \mathrm{fl}(ab)`,
:math:`e = \mathrm{fma}(a, b, -p)`: two instructions for Dekker's seventeen, the
same exact pair wherever the error term is a normal number — and the operations built on them
return pairs whose error is a few :math:`u^2` relative
(:math:`u = 2^{-53}`), with one exact product per multiplication, division
and square root.  They take normalised or unnormalised pairs (``|lo|`` of
the order of ``u·|hi|``) and assume finite, non-zero operands far from
overflow and underflow: the callers check the range of the rows they keep
and send the others to a careful path; :func:`div` and :func:`sqrt` make no
special case of zero.  Every function is compiled by Numba without fast-math
(IEEE operations in the order written) and inlined into its callers.  The
careful path of the embedding losses keeps its own normalising operations
(``lossbook.losses.embedding._dd_add`` and its neighbours), whose bits these
do not reproduce.
"""

from __future__ import annotations

import llvmlite.binding
import numpy as np
from numba import njit
from numba.core import types
from numba.extending import intrinsic

from . import compiled_cache  # noqa: F401 - first: drops cached loops older than the sources

__all__ = ["HAS_FMA", "compiled", "inlined", "two_sum", "two_difference", "split", "two_product", "square", "sub", "mul", "div", "sqrt"]

#: Compile a loop over arrays: no fast-math, NumPy's rules for division by zero (inf and NaN, no exception), cached on disk.
compiled = njit(cache=True, nogil=True, error_model="numpy")

#: Compile a small scalar step, inlined into every compiled caller.
inlined = njit(cache=True, nogil=True, error_model="numpy", inline="always")

_SPLITTER = 2.0**27 + 1  # Veltkamp's constant for float64


@inlined
def two_sum(a, b):
    """``(s, e)``: ``s = fl(a + b)`` and ``s + e = a + b`` exactly (Knuth)."""
    s = a + b
    v = s - a
    return s, (a - (s - v)) + (b - v)


@inlined
def two_difference(a, b):
    """``(s, e)``: ``s = fl(a - b)`` and ``s + e = a - b`` exactly; the bits of ``two_sum(a, -b)`` (negation is exact
    and rounding symmetric, so every step is the negated step of TwoSum)."""
    s = a - b
    v = a - s
    return s, (a - (s + v)) + (v - b)


@inlined
def split(a):
    """``a = hi + lo`` exactly, each with at most 26 significant bits (Veltkamp; ``|a| < 2**996``)."""
    c = _SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


#: Whether this processor has a fused multiply-add instruction (compiled code targets the host's).
HAS_FMA = bool(llvmlite.binding.get_host_cpu_features().get("fma", False))


@intrinsic
def fused_multiply_add(typingctx, a, b, c):
    """:math:`ab + c` rounded once: LLVM's ``fma``, one instruction on a processor with :data:`HAS_FMA`."""
    if not (isinstance(a, types.Float) and a == b == c):
        return None

    def codegen(context, builder, signature, args):
        return builder.fma(*args)

    return a(a, b, c), codegen


if HAS_FMA:
    @inlined
    def two_product(a, b):
        r"""``a · b = p + e`` exactly: :math:`e = \mathrm{fma}(a, b, -p)` (exact wherever ``e`` is a normal number,
        with no bound on ``a`` and ``b``; Dekker's bits, :func:`.exact.two_product`'s, there too)."""
        p = a * b
        return p, fused_multiply_add(a, b, -p)

    @inlined
    def square(a):
        r"""``a² = p + e`` exactly: :math:`e = \mathrm{fma}(a, a, -p)`."""
        p = a * a
        return p, fused_multiply_add(a, a, -p)
else:
    @inlined
    def two_product(a, b):
        """``a · b = p + e`` exactly (Dekker; the operations of :func:`.exact.two_product`, so its bits also where an
        error term underflows)."""
        ah, al = split(a)
        bh, bl = split(b)
        p = a * b
        return p, al * bl - (((p - ah * bh) - al * bh) - ah * bl)

    @inlined
    def square(a):
        """``a² = p + e`` exactly (Dekker, one split)."""
        hi, lo = split(a)
        p = a * a
        cross = hi * lo
        return p, ((hi * hi - p) + (cross + cross)) + lo * lo


@inlined
def sub(xh, xl, yh, yl):
    """``x - y``: the high parts subtracted without error, the low parts plainly."""
    s, e = two_difference(xh, yh)
    return s, (e + xl) - yl


@inlined
def mul(xh, xl, yh, yl):
    """``x · y``: the high parts' product exactly, the cross terms plainly."""
    p, e = two_product(xh, yh)
    return p, (e + xh * yl) + xl * yh


@inlined
def div(xh, xl, yh, yl):
    """``x / y``: one quotient, its exact residual ``x - q·y``, one correction."""
    q = xh / yh
    p, e = two_product(q, yh)
    return q, ((((xh - p) - e) + xl) - q * yl) / yh  # xh - p is exact: p is within a rounding of xh


@inlined
def sqrt(xh, xl):
    """``√x`` for ``x > 0``: one square root, its exact residual, one Newton correction."""
    s = np.sqrt(xh)
    p, e = square(s)
    return s, (((xh - p) - e) + xl) / (s + s)  # xh - p is exact
