"""The peak memory a call allocates, for tests that pin a loss's extra memory."""

from __future__ import annotations

import gc
import tracemalloc

__all__ = ["peak_extra_bytes"]


def peak_extra_bytes(call, *, warm: bool = True) -> int:
    """The peak of what ``call()`` allocates beyond what was held before it, in bytes.

    :mod:`tracemalloc` sees NumPy's array buffers (NumPy reports them) and
    Python objects, not the allocations of PyTorch or XLA.  With ``warm``
    ``call`` runs once first, so that one-time work (a compiled loop
    loading, a cache filling) does not count.
    """
    if warm:
        call()
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return max(0, peak - before)
