r"""The base of the focal loss's factor :math:`(1 - p_t)^\gamma` for soft labels, in one loop compiled by Numba.

:func:`focus_base` does, element by element, the double-double arithmetic
that ``_binary_kernels.focus`` describes — the same IEEE operations in the
same order as NumPy did them array by array, so the same bits — in one pass
instead of some twenty.  The power itself stays NumPy's ``**``, which treats
some exponents apart (a product for :math:`\gamma = 2`, a square root for
:math:`1/2`) and is vectorised for the others.
"""

from __future__ import annotations

from .._numerics import compiled_cache  # noqa: F401 - first: drops cached loops older than the sources
from .._numerics.doubledouble import compiled, two_product, two_sum

__all__ = ["focus_base"]


@compiled
def focus_base(true, positive, negative, negative_error, gamma, miss, relative):
    r"""``miss`` :math:`= q`, the rounded :math:`1 - p_t = y·\text{negative} + (1 - y)·\text{positive}`, and
    ``relative`` :math:`= \gamma e / q`, its rounding error :math:`e` times :math:`\gamma` over :math:`q`
    (0 where :math:`q \le 0` or NaN), so that :math:`(q + e)^\gamma = q^\gamma (1 + \text{relative})` to first order.

    ``negative + negative_error`` is :math:`1 - \hat y`.  All arrays are flat, of one length.
    """
    for i in range(true.shape[0]):
        y = true[i]
        other, other_error = two_sum(1.0, -y)  # 1 - y, exactly
        first, first_error = two_product(y, negative[i])
        second, second_error = two_product(other, positive[i])
        base, error = two_sum(first, second)
        error = error + first_error + second_error + y * negative_error[i] + other_error * positive[i]
        q = base + error
        miss[i] = q
        relative[i] = gamma * (error - (q - base)) / q if q > 0 else 0.0
