r"""The KL divergence's float64 terms, block by block, in two loops compiled by Numba around NumPy's logarithm.

The terms are those of the careful ``multiclass._kl_terms`` bit for bit —
the same IEEE operations in the same order — without its masks, gathers and
temporaries:

1. :func:`split_terms` writes the terms near their target
   (:math:`|s| \le 1/3`, :math:`s = (y - p)/(y + p)`),
   :math:`d \cdot (s + (1 + s)\,G(s^2))` by Horner, and lists the others with
   their ratio :math:`q = y/p` — those whose ratio is an ordinary number
   first, the rare rest (a zero, infinity, NaN, or beyond the corrected
   logarithm) for the careful path.
2. NumPy takes the logarithm of the listed ratios (its vectorised routine,
   the careful path's bits).
3. :func:`far_terms` writes :math:`y\log q + (y - qp) + (p - y)` with the
   rounding errors of :math:`qp`, :math:`y \log q` and :math:`p - y` added
   back (TwoProduct, TwoSum).
"""

from __future__ import annotations

import numpy as np

from .._numerics.doubledouble import compiled, inlined, two_product, two_sum
from .multiclass import _near_factor_of_float

__all__ = ["split_terms", "far_terms"]


#: ``multiclass._near_factor_of_float`` compiled: the near terms' factor ``s + (1 + s) G(s^2)``, Horner written out.
_near_factor = inlined(_near_factor_of_float)


@compiled
def split_terms(y, p, out, far, ratios, kinds, tiny, high):
    """Near terms into ``out``; the indices of the other terms into ``far`` and their ratios into ``ratios``.

    Returns ``(ordinary, rare)``: ``far[:ordinary]`` have a ratio in
    ``[tiny, high]`` (``ratios[:ordinary]``), ``far[len(y) - rare:]`` do not.
    The first loop has no branch and vectorises: it writes every element's
    near-form term (the far ones are overwritten later), its ratio and its
    kind in ``kinds`` (0 near, 1 ordinary, 2 rare); the second lists the far
    ones, writing every index and moving on only past those that count.
    """
    size = y.shape[0]
    for i in range(size):
        d = y[i] - p[i]
        s = d / (y[i] + p[i])
        out[i] = d * _near_factor(s)
        q = y[i] / p[i]
        ratios[i] = q
        far_kind = np.uint8(1) + np.uint8(not ((q >= tiny) & (q <= high)))
        kinds[i] = np.uint8(0) if abs(s) <= 1 / 3 else far_kind  # NaN (0/0) is not near; near means y > 0, p > 0
    ordinary, rare = 0, 0
    for i in range(size):
        kind = kinds[i]
        far[ordinary] = i  # ordinary <= size - 1 - rare: never a listed rare index
        ratios[ordinary] = ratios[i]  # ordinary <= i: a ratio not needed again
        ordinary += kind == 1
        far[size - 1 - rare] = i
        rare += kind == 2
    return ordinary, rare


@compiled
def far_terms(y, p, far, ratios, log_ratios, out):
    """``y log(y/p) - y + p`` at the listed indices from their ratios ``q`` and ``log q``, with compensated errors."""
    for j in range(log_ratios.shape[0]):
        i = far[j]
        yf, pf, q, log_q = y[i], p[i], ratios[j], log_ratios[j]
        x, x_error = two_product(q, pf)
        q_error = (yf - x) - x_error  # y - q p: y log(y/p) = y log q + q_error
        product, product_error = two_product(yf, log_q)
        gap, gap_error = two_sum(pf, -yf)
        out[i] = (product + gap) + ((product_error + q_error) + gap_error)
