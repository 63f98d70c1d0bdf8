"""NumPy's pairwise summation order in compiled code: sums with ``np.add.reduce``'s bits."""

from __future__ import annotations

from .doubledouble import inlined

__all__ = ["LEAF", "leaf_sum"]

#: NumPy adds runs of at most this many numbers with eight running sums (its ``PW_BLOCKSIZE``); longer ones in halves,
#: the first a multiple of 8 long.
LEAF = 128


@inlined
def leaf_sum(values, n):
    """``np.add.reduce`` of the first ``n`` numbers of ``values`` (``n`` at most :data:`LEAF`), bit for bit: left to
    right below 8; else eight running sums, combined as ((0+1)+(2+3))+((4+5)+(6+7)), then the rest left to right."""
    if n < 8:
        total = values[0]
        for k in range(1, n):
            total += values[k]
        return total
    r0, r1, r2, r3, r4, r5, r6, r7 = values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]
    stop = n - n % 8
    for i in range(8, min(stop, LEAF), 8):  # (n <= LEAF: the bound only tells the compiler, which then unrolls better)
        r0 += values[i]
        r1 += values[i + 1]
        r2 += values[i + 2]
        r3 += values[i + 3]
        r4 += values[i + 4]
        r5 += values[i + 5]
        r6 += values[i + 6]
        r7 += values[i + 7]
    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    for k in range(stop, n):
        total += values[k]
    return total
