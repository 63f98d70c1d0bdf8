"""Domains of the regression losses."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ._base import Domain

# ---------------------------------------------------------------- real targets
_MAGNITUDES64 = (0.0, 5e-324, 1e-300, 1e-150, 1e-20, 1.0, 3.5, 1e20, 1e150, 1e300, 1.7e308)
_MAGNITUDES32 = (0.0, 1e-45, 1e-38, 1e-20, 1.0, 3.5, 1e10, 1e19, 1e30, 3.4e38)


def _real_hard_grid(dtype):
    magnitudes = _MAGNITUDES64 if dtype == np.float64 else _MAGNITUDES32
    values = sorted({sign * m for m in magnitudes for sign in (1.0, -1.0)})
    pairs = list(itertools.product(values, repeat=2))
    one = dtype(1.0)
    pairs += [(1.0, float(one + np.finfo(dtype).eps)), (1.0, float(np.nextafter(one, dtype(0))))]
    true, pred = (np.array(column, dtype=dtype) for column in zip(*pairs))
    return true, pred


def _real_sample(rng, n):
    true = rng.normal(0.0, 10.0, n)
    return true, true + rng.normal(0.0, 3.0, n)


def _real_strategy(dtype):
    width = 64 if dtype == np.float64 else 32
    bound = 2.0**300 if width == 64 else 2.0**50
    elements = st.floats(-bound, bound, allow_nan=False, allow_infinity=False, width=width)
    shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5)
    return shapes.flatmap(
        lambda shape: st.tuples(
            hnp.arrays(dtype, shape, elements=elements), hnp.arrays(dtype, shape, elements=elements)
        )
    )


REAL = Domain(
    hard_grid=_real_hard_grid,
    sample=_real_sample,
    strategy=_real_strategy,
    perfect=lambda y_true: y_true.copy(),
    smooth_points=_real_sample,
)

DOMAINS = {"real": REAL}
