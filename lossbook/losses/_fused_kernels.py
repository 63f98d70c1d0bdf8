r"""Element-wise losses whose formula is a few arithmetic operations, each as one compiled loop.

A chain of NumPy ufuncs reads and writes the whole block once per operation
(Huber's :math:`c\,(a - c/2)` with :math:`a = |r|`, :math:`c = \min(a, \delta)` is six
passes); each function here computes an element's loss in registers
and writes it once, in a loop the compiler vectorises.  The operations are
the ufunc kernels' in the same order, compiled by Numba without fast-math
(IEEE operations as written, no fused multiply-add), so every loss is the
same bits; :func:`maximum` and :func:`minimum` pick as NumPy does between
equal values (the second operand: :math:`\max(-0, +0) = +0`).  Where NumPy
would propagate a NaN through a maximum, the loop instead flags the input
and the kernel refuses the block.

:func:`block_sums` goes one step further for the squared and absolute
errors, Huber and the pinball loss: it sums each block's losses as it
computes them, in NumPy's pairwise order, and writes none.

A loop never takes the same array as an input and as ``out``: LLVM then
sees the two overlap and runs its scalar loop (2–3× slower here).  A value
computed into ``out`` beforehand (a logarithm, a tail) is read from ``out``
itself, as documented for each loop.

Constants reach the loops as arguments in the inputs' dtype: a Python
literal would make Numba compute a float32 expression in float64.  The
block loop, the compensated sum of the block sums and every check of the
result stay in :mod:`lossbook._numerics.blocks`.
"""

from __future__ import annotations

import math

import numpy as np

from .._numerics import compiled_cache  # noqa: F401 - first: drops cached loops older than the sources
from .._numerics.doubledouble import compiled, inlined
from .._numerics.pairwise import LEAF, leaf_sum

__all__ = [
    "square", "absolute", "log_ratio_argument", "huber", "pseudo_huber", "pinball", "hinge", "squared_hinge",
    "half_squared_shifted", "half_squared_pair", "squared_shifted", "squared_pair", "hinge_pair", "hard_focal", "hard_focal_from_logits",
    "hard_target", "hard_cross_entropy", "ONE_LOG_ERROR", "cross_entropy", "cross_entropy_from_logits", "softplus_from_tail", "minimax_discriminator",
    "sum_and_error", "exclude_columns", "shift_by_row_maximum", "SQUARE", "ABSOLUTE", "HUBER", "PINBALL", "LEAF", "block_sums",
]


@inlined
def maximum(a, b):
    """NumPy's ``maximum`` for numbers (not NaN): ``b`` when they are equal."""
    return a if a > b else b


@inlined
def minimum(a, b):
    """NumPy's ``minimum`` for numbers (not NaN): ``b`` when they are equal."""
    return a if a < b else b


@inlined
def _squared(t, p):
    r = p - t
    return r * r


@inlined
def _absolute(t, p):
    return abs(p - t)


@inlined
def _huber(t, p, delta, half):
    a = abs(p - t)
    c = minimum(a, delta)  # a NaN gives delta, and a - c/2 is NaN again
    return c * (a - c * half)


@inlined
def _pinball(t, p, quantile, minus_other):
    d = t - p
    return maximum(d * minus_other, d * quantile)  # a NaN d: both NaN, and so is the loss


@compiled
def square(out, true, pred):
    """:math:`r^2`, with :math:`r = \\hat y - y`."""
    for i in range(out.shape[0]):
        out[i] = _squared(true[i], pred[i])


@compiled
def absolute(out, true, pred):
    """:math:`|r|`."""
    for i in range(out.shape[0]):
        out[i] = _absolute(true[i], pred[i])


@compiled
def log_ratio_argument(out, true, pred, one):
    """:math:`(h - l)/(l + 1)` with :math:`l, h` the smaller and larger of :math:`y, \\hat y` (the squared
    logarithmic error is its ``log1p`` squared); ``False`` if a value is NaN or at most -1."""
    bad = False
    for i in range(out.shape[0]):
        t, p = true[i], pred[i]
        bad |= not ((t > -one) & (p > -one))
        low = minimum(t, p)
        out[i] = (maximum(t, p) - low) / (low + one)
    return not bad


@compiled
def huber(out, true, pred, delta, half):
    """:math:`c\\,(a - c/2)` with :math:`a = |r|`, :math:`c = \\min(a, \\delta)` (``half`` is 0.5)."""
    for i in range(out.shape[0]):
        out[i] = _huber(true[i], pred[i], delta, half)


@compiled
def pseudo_huber(out, true, pred, delta, one, safe):
    """:math:`r^2/(\\sqrt{1 + r^2} + 1)` for :math:`\\delta = 1`, else :math:`r\\,(r/(\\sqrt{1 + s^2} + 1))` with
    :math:`s = r/\\delta`; ``False`` if some :math:`s^2` is not below ``safe`` (or is NaN)."""
    bad = False
    if delta == one:
        for i in range(out.shape[0]):
            r = pred[i] - true[i]
            squared = r * r
            bad |= not squared < safe
            out[i] = squared / (np.sqrt(squared + one) + one)
    else:
        for i in range(out.shape[0]):
            r = pred[i] - true[i]
            s = r / delta
            squared = s * s
            bad |= not squared < safe
            out[i] = r * (r / (np.sqrt(squared + one) + one))
    return not bad


@compiled
def pinball(out, true, pred, quantile, minus_other):
    """:math:`\\max((\\tau - 1)\\,d, \\tau d)` with :math:`d = y - \\hat y` (``minus_other`` is :math:`\\tau - 1`)."""
    for i in range(out.shape[0]):
        out[i] = _pinball(true[i], pred[i], quantile, minus_other)


@inlined
def _hinge_gap(label, score, one, zero):
    """``(max(1 - y s, 0), refused)``: refused if the label is not exactly ±1 or the margin ``y s`` is +inf or NaN."""
    margin = label * score
    refused = ((label != one) & (label != -one)) | (not margin < math.inf)
    return maximum(one - margin, zero), refused


@compiled
def hinge(out, true, pred, one, zero):
    """:math:`\\max(1 - y s, 0)`; ``False`` if a label is not exactly ±1 or a margin :math:`y s` is +inf or NaN."""
    bad = False
    for i in range(out.shape[0]):
        out[i], refused = _hinge_gap(true[i], pred[i], one, zero)
        bad |= refused
    return not bad


@compiled
def squared_hinge(out, true, pred, one, zero):
    """:func:`hinge` squared, with its checks."""
    bad = False
    for i in range(out.shape[0]):
        gap, refused = _hinge_gap(true[i], pred[i], one, zero)
        out[i] = gap * gap
        bad |= refused
    return not bad


@compiled
def half_squared_shifted(out, scores, one, half):
    """:math:`(0.5\\,d)\\,d` with :math:`d = s - 1`."""
    for i in range(out.shape[0]):
        d = scores[i] - one
        out[i] = (d * half) * d


@compiled
def half_squared_pair(out, real, fake, one, half):
    """:math:`(0.5\\,d)\\,d + (0.5 f) f` with :math:`d = r - 1`."""
    for i in range(out.shape[0]):
        d = real[i] - one
        f = fake[i]
        out[i] = (d * half) * d + (f * half) * f


@compiled
def squared_shifted(out, scores, one):
    """:math:`(s - 1)^2`."""
    for i in range(out.shape[0]):
        d = scores[i] - one
        out[i] = d * d


@compiled
def squared_pair(out, real, fake, one):
    """:math:`(r - 1)^2 + f^2`."""
    for i in range(out.shape[0]):
        d = real[i] - one
        f = fake[i]
        out[i] = d * d + f * f


@compiled
def hinge_pair(out, real, fake, one, zero):
    """:math:`\\max(1 - r, 0) + \\max(1 + f, 0)`; ``False`` if a real score is +inf or NaN, or a generated one
    -inf or NaN."""
    bad = False
    for i in range(out.shape[0]):
        r = real[i]
        f = fake[i]
        bad |= not ((r < math.inf) & (f > -math.inf))
        out[i] = maximum(one - r, zero) + maximum(f + one, zero)
    return not bad


@inlined
def _hard_labels(true):
    """Whether every label is 0 or 1: :math:`y (y - 1) = 0` (NaN fails), as ``focal_kernel`` decides."""
    for i in range(true.shape[0]):
        y = true[i]
        if y * (y - 1.0) != 0.0:
            return False
    return True


@compiled
def hard_focal(out, true, pred, squared, alpha, other, weighted):
    r"""The focal loss of labels 0 and 1 from probabilities (float64, checked by :func:`hard_target`), given
    :math:`\log p_t` in ``out``.

    The cross-entropy :math:`-\log p_t` of :func:`hard_cross_entropy`, with
    ``squared`` (γ = 2) times :math:`m^2 (1 + 2e/m)`, :math:`m = y - p` and
    :math:`e` its rounding error, with ``weighted`` times ``y α + (1 - y) other``.
    """
    for i in range(out.shape[0]):
        y, p = true[i], pred[i]
        loss = _hard_cross_entropy(y, p, out[i], 0.0, 1.0)
        if squared:
            miss = y - p  # y = 0: -p, whose square is p² and whose error is 0
            error = (((y - miss) - p) * 2.0) / miss
            power = miss * miss
            loss = loss * (power + power * error)
        if weighted:
            loss = loss * (y * alpha + (1.0 - y) * other)
        out[i] = loss
    return True


@compiled
def hard_focal_from_logits(out, true, pred, exp_minus, squared, alpha, other, weighted):
    r"""The focal loss of labels 0 and 1 from logits (float64), given :math:`e = e^{-|z|}` and, in ``out``,
    :math:`\operatorname{log1p}(e)`.

    ``log1p(e) + ([z >= 0] - y) z`` (the cross-entropy), with ``squared``
    (γ = 2) times :math:`m^2`, :math:`m = \max(|[z \ge 0] - y|, e)/(1 + e)` (that is
    :math:`1 - p_t`, exactly chosen), with ``weighted`` times ``y α + (1 - y) other``.
    Returns ``False``, writing nothing, when a label is neither 0 nor 1.
    """
    if not _hard_labels(true):
        return False
    for i in range(out.shape[0]):
        y, z, e = true[i], pred[i], exp_minus[i]
        side = (1.0 if z >= 0.0 else 0.0) - y
        loss = out[i] + side * z
        if squared:
            miss = maximum(abs(side), e) / (e + 1.0)
            loss = loss * (miss * miss)
        if weighted:
            loss = loss * (y * alpha + (1.0 - y) * other)
        out[i] = loss
    return True


@compiled
def hard_target(out, true, pred, zero, one):
    r"""The probability of the label, :math:`p_t`: :math:`p` for a label 1, :math:`h = \mathrm{fl}(1 - p)` for a label 0.

    ``False`` (``out`` then partly written) unless every label is 0 or 1 and
    every probability in :math:`[0, 1]` (NaN fails both); a first label that
    is neither returns at once, so soft labels cost no pass.
    """
    if true.shape[0] and true[0] * (true[0] - one) != zero:
        return False
    fine = True
    for i in range(out.shape[0]):
        y, p = true[i], pred[i]
        fine &= (y * (y - one) == zero) & (p >= zero) & (p <= one)
        out[i] = p if y == one else one - p
    return fine


#: :func:`hard_cross_entropy` lies within this many units of rounding (:math:`2^{-53}`, relative) of the exact loss
#: (tested against mpmath); ``log1p(-p)`` within one.
ONE_LOG_ERROR = 3


@inlined
def _hard_cross_entropy(y, p, log_target, zero, one):
    r""":math:`-\log p_t` from :math:`\log p_t` (:func:`hard_target`): for a label 0, :math:`1 - p = h + l` exactly
    (Fast2Sum, :math:`l = (1 - h) - p`), so :math:`-\log(1 - p) = -\log h - l/h` to
    :math:`(l/h)^2/2 < 2^{-107}`: one logarithm per element, within :data:`ONE_LOG_ERROR`
    units of rounding of the exact loss."""
    if y == one:
        return zero - log_target
    h = one - p
    return (zero - log_target) - ((one - h) - p) / h


@compiled
def hard_cross_entropy(out, true, pred, zero, one):
    r"""Binary cross-entropy of labels 0 and 1 (checked by :func:`hard_target`), :math:`-\log p_t`, from
    :math:`\log p_t` in ``out``."""
    for i in range(out.shape[0]):
        out[i] = _hard_cross_entropy(true[i], pred[i], out[i], zero, one)


@compiled
def cross_entropy(out, true, log_miss, zero, one):
    r"""Binary cross-entropy ``(y - 1) log(1 - p) - log(p) y`` from the logarithms, :math:`\log p` in ``out``;
    ``False`` when a label is outside :math:`[0, 1]` (NaN included)."""
    inside = True
    for i in range(out.shape[0]):
        y = true[i]
        inside &= (y >= zero) & (y <= one)
        out[i] = (y - one) * log_miss[i] - out[i] * y
    return inside


@compiled
def cross_entropy_from_logits(out, true, pred, tail, zero, one):
    r"""Binary cross-entropy from logits, ``log1p(e^{-|z|}) + ([z >= 0] - y) z``, from the ``tail``
    :math:`\operatorname{log1p}(e^{-|z|})`; ``False`` when a label is outside :math:`[0, 1]` (NaN included)."""
    inside = True
    for i in range(out.shape[0]):
        y, z = true[i], pred[i]
        inside &= (y >= zero) & (y <= one)
        side = one if z >= zero else zero
        out[i] = tail[i] + (side - y) * z
    return inside


@compiled
def softplus_from_tail(out, scores, sign, negate, zero):
    r""":math:`\operatorname{softplus}(s\,t) = \max(s\,t, 0) + \operatorname{log1p}(e^{-|t|})` for the ``sign``
    :math:`s = \pm 1` (its product with :math:`t` is exact), from the tail in ``out``; negated if ``negate``."""
    for i in range(out.shape[0]):
        value = maximum(sign * scores[i], zero) + out[i]
        out[i] = -value if negate else value


@compiled
def minimax_discriminator(out, real, fake, real_tail, smoothed, kept, spread, zero):
    r""":math:`k\,\operatorname{softplus}(-r) + \operatorname{softplus}(f) [+ s\,\operatorname{softplus}(r)]`
    from the two tails (the fake one in ``out``), ``k`` = ``kept`` and ``s`` = ``spread`` only if ``smoothed``."""
    for i in range(out.shape[0]):
        r = real[i]
        fake_term = maximum(fake[i], zero) + out[i]
        real_term = maximum(-r, zero) + real_tail[i]
        if smoothed:
            real_term = real_term * kept
        loss = real_term + fake_term
        if smoothed:
            loss = loss + (maximum(r, zero) + real_tail[i]) * spread
        out[i] = loss


@compiled
def sum_and_error(first, second):
    r"""``first + second`` into ``first`` and, into ``second``, its rounding error ``second - (sum - first)`` (exact
    when the sum and ``first`` are multiples of ``ulp(sum)``, as the batch contrastive losses' exponents are).  In
    place, two arrays: no third buffer (each array is read and written at the same index only, so the loop vectorises)."""
    for i in range(first.shape[0]):
        value = first[i] + second[i]
        second[i] = second[i] - (value - first[i])
        first[i] = value


@compiled
def shift_by_row_maximum(exponents, errors, tops):
    r"""Each row of the double-double ``exponents + errors`` less :math:`T_i = \max(0, \max_j h_{ij})`, in place.

    Per entry, ``two_sum(h, -T)`` (Knuth) leaves the rounded difference in
    ``exponents`` and adds its error to ``errors``; an entry left out of the
    softmax is ``-inf`` in ``exponents`` (no real exponent is: they are finite)
    and keeps ``-inf`` with an error of 0.  ``tops[i] = T_i``.  One pass and
    no temporaries, where NumPy needed eight tile-sized ones.
    """
    rows, width = exponents.shape
    for i in range(rows):
        top = 0.0
        for j in range(width):
            top = maximum(exponents[i, j], top)
        tops[i] = top
        for j in range(width):
            value = exponents[i, j]
            shifted = value - top
            virtual = shifted - value
            error = (value - (shifted - virtual)) + (-top - virtual)
            exponents[i, j] = shifted
            errors[i, j] = 0.0 if value == -np.inf else errors[i, j] + error


@compiled
def exclude_columns(exponents, first_row, first_column, positive_offset, columns, diagonal):
    """``-inf`` (a power of two of 0) at the columns left out of the softmax, in a tile of rows from ``first_row`` and
    columns from ``first_column`` of a ``columns``-wide table: row ``i``'s positive ``(i + positive_offset) mod
    columns`` and, with ``diagonal``, column ``i``."""
    rows, width = exponents.shape
    for i in range(rows):
        row = first_row + i
        column = (row + positive_offset) % columns - first_column
        if 0 <= column < width:
            exponents[i, column] = -np.inf
        column = row - first_column
        if diagonal and 0 <= column < width:
            exponents[i, column] = -np.inf


#: The losses :func:`block_sums` sums: :func:`square`, :func:`absolute`, :func:`huber` and :func:`pinball`.
SQUARE, ABSOLUTE, HUBER, PINBALL = range(4)

@inlined
def _element(kind, t, p, first, second):
    """The loss ``kind`` of one element; ``first`` and ``second`` are its parameters (δ and 1/2 for Huber,
    τ and τ - 1 for the pinball loss)."""
    if kind == SQUARE:
        return _squared(t, p)
    if kind == ABSOLUTE:
        return _absolute(t, p)
    if kind == HUBER:
        return _huber(t, p, first, second)
    return _pinball(t, p, first, second)


@compiled
def block_sums(kind, true, pred, first, second, length, sums):
    r"""``sums[b]``: ``np.add.reduce`` of the losses ``kind`` of block ``b`` (``length`` elements, a power of two
    times :data:`LEAF`), bit for bit, without writing the losses out.

    NumPy sums such a block as a perfect binary tree: each half summed alike,
    down to runs of :data:`LEAF` numbers (:func:`lossbook._numerics.pairwise.leaf_sum`).
    Here each run's losses go to a buffer in the L1 cache and are summed so; a stack joins the runs'
    sums in the tree's order (a binary counter: run :math:`j` closes
    as many subtrees as :math:`j + 1` has trailing zero bits).  Reading the
    inputs is the whole cost: one pass at the memory floor.
    """
    run = np.empty(LEAF, true.dtype)
    stack = np.empty(64, true.dtype)
    runs = length // LEAF
    for b in range(sums.shape[0]):
        depth = 0
        for leaf in range(runs):
            start = (b * runs + leaf) * LEAF  # (so written, the loop below vectorises)
            for i in range(LEAF):
                run[i] = _element(kind, true[start + i], pred[start + i], first, second)
            value = leaf_sum(run, LEAF)
            closed = leaf + 1
            while closed % 2 == 0:  # this run completes a subtree: its left sibling waits on the stack
                depth -= 1
                value = stack[depth] + value
                closed //= 2
            stack[depth] = value
            depth += 1
        sums[b] = stack[0]
