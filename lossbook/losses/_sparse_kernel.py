r"""The sparse cross-entropy's float64 probability check and true-class gather, compiled by Numba.

The blocked path of ``sparse_categorical_cross_entropy`` (probabilities) needs,
for each block of rows, whether every entry lies in :math:`[0, 1]`, whether
every row sums to 1 within the careful path's tolerance, and the entry of
each row's label.  NumPy takes a pass over the block for each and a gather;
:func:`checked_true_class` does all three in one call while the block is in
cache.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["checked_true_class"]

#: The bits of 1.0: read as unsigned integers, the floats from +0 to 1 are exactly those at most these.
_ONE_BITS = np.uint64(0x3FF0000000000000)


# Reassociation is allowed for the row sums of the check (any order of addition errs by at most
# (K - 1)u, far below the tolerance), so they vectorise; nothing else in the loop is a sum.
@njit(cache=True, nogil=True, error_model="numpy", fastmath={"reassoc"})
def checked_true_class(table, bits, labels, limit, out):
    r"""``out[i] = table[i, labels[i]]``; ``True`` when every row passes the checks.

    ``table`` is a C-contiguous float64 block ``(N, K)``, ``bits`` the same
    memory read as ``uint64`` (flat) and ``labels`` lie in ``0 .. K-1``.
    Every entry must be in :math:`[+0, 1]` (a sign bit, NaN or infinity has
    larger bits; ``-0.0`` is refused too, and left to the careful path) and
    every row sum :math:`S` have :math:`|S - 1| \le` ``limit`` (NaN fails).
    """
    worst = np.uint64(0)
    for e in range(bits.shape[0]):
        worst = max(worst, bits[e])
    passed = worst <= _ONE_BITS
    rows, n_classes = table.shape
    for i in range(rows):
        total = 0.0
        for k in range(n_classes):
            total += table[i, k]
        passed &= abs(total - 1.0) <= limit
        out[i] = table[i, labels[i]]
    return passed
