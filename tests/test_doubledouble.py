"""The compiled error-free products: the exact pair of every product, whichever way the processor forms it."""

from fractions import Fraction

import numpy as np
from numba import njit

from lossbook._numerics import doubledouble, exact


@njit
def _products(a, b, p, e, sp, se):
    for i in range(a.shape[0]):
        p[i], e[i] = doubledouble.two_product(a[i], b[i])
        sp[i], se[i] = doubledouble.square(a[i])


def test_two_product_and_square_are_exact_and_have_dekkers_bits():
    """``p + e = a·b`` exactly (checked in rationals) on factors over 10^±140 (every error term a normal number), and the same bits as the NumPy
    Dekker product (:func:`.exact.two_product`), with a fused multiply-add or without."""
    rng = np.random.default_rng(5)
    n = 20000
    a = rng.normal(size=n) * 10.0 ** rng.integers(-140, 140, n)
    b = rng.normal(size=n) * 10.0 ** rng.integers(-140, 140, n)
    a[:4], b[:4] = [1 + 2**-52, 3.0, -0.1, 2.0**500], [1 - 2**-52, 1 / 3, 0.1, 2.0**-600]
    p, e, sp, se = (np.empty(n) for _ in range(4))
    _products(a, b, p, e, sp, se)
    want_p, want_e = exact.two_product(a, b)
    square_p, square_e = exact.two_product(a, a)
    assert np.array_equal(p, want_p) and np.array_equal(e, want_e)
    assert np.array_equal(sp, square_p) and np.array_equal(se, square_e)
    for i in range(0, n, 97):
        assert Fraction(p[i]) + Fraction(e[i]) == Fraction(a[i]) * Fraction(b[i])
        assert Fraction(sp[i]) + Fraction(se[i]) == Fraction(a[i]) ** 2
