r"""The KL divergence's float64 terms, block by block, in two loops compiled by Numba around NumPy's logarithm.

The terms are those of the careful ``multiclass._kl_terms`` bit for bit —
the same IEEE operations in the same order — without its masks, gathers and
temporaries:

1. :func:`ratios` writes every ratio :math:`q = y/p` and counts the rare ones
   (a zero, infinity, NaN, or beyond the corrected logarithm), which the
   careful path's terms take.
2. NumPy takes the logarithm of every ratio (its vectorised routine, the
   careful path's bits).
3. :func:`terms` writes each term in the form that applies: near its target
   (:math:`|s| \le 1/3`, :math:`s = (y - p)/(y + p)`),
   :math:`d \cdot (s + (1 + s)\,G(s^2))` by Horner; elsewhere
   :math:`y\log q + (y - qp) + (p - y)` with the rounding errors of
   :math:`qp`, :math:`y \log q` and :math:`p - y` added back (TwoProduct,
   TwoSum).  It computes both forms for every element and keeps one, so the
   loop has no branch and runs several elements at a time.
"""

from __future__ import annotations

from .._numerics import compiled_cache  # noqa: F401 - first: drops cached loops older than the sources
from .._numerics.doubledouble import compiled, inlined, two_product, two_sum
from .multiclass import _near_factor_of_float

__all__ = ["ratios", "terms"]


#: ``multiclass._near_factor_of_float`` compiled: the near terms' factor ``s + (1 + s) G(s^2)``, Horner written out.
_near_factor = inlined(_near_factor_of_float)


@compiled
def ratios(y, p, out, tiny, high):
    """``out = y / p``; returns how many ratios lie outside ``[tiny, high]`` (NaN included): the careful path's."""
    rare = 0
    for i in range(y.shape[0]):
        q = y[i] / p[i]
        out[i] = q
        rare += not ((q >= tiny) & (q <= high))
    return rare


@compiled
def terms(y, p, ratios, log_ratios, out):
    """``y log(y/p) - y + p`` from each element's ratio ``q`` and ``log q``: the series near ``y = p``, else the
    compensated form.  A near element (``|s| <= 1/3``: ``y, p > 0``) never has a rare ratio."""
    for i in range(y.shape[0]):
        yf, pf, q, log_q = y[i], p[i], ratios[i], log_ratios[i]
        d = yf - pf
        s = d / (yf + pf)
        near = d * _near_factor(s)
        x, x_error = two_product(q, pf)
        q_error = (yf - x) - x_error  # y - q p: y log(y/p) = y log q + q_error
        product, product_error = two_product(yf, log_q)
        gap, gap_error = two_sum(pf, -yf)
        far = (product + gap) + ((product_error + q_error) + gap_error)
        out[i] = near if abs(s) <= 1 / 3 else far  # NaN (0/0) is not near
