"""Domains of the regression losses.

``real``: any finite targets and predictions.  Its hard grid pairs every value
of a list of signed magnitudes with every other, so the residuals run from 0
and the smallest subnormal through 1e-300 … 1e300 to an overflowing
``1.7e308 - (-1.7e308)``, in both signs; it also contains the Huber-type
switch points ``|r| = delta`` (and one ulp either side) for every ``delta``
the catalog tries (1e-3 … 1e3), and the log-cosh branch point ``|r| = 1``.

``above_minus_one``: targets and predictions greater than -1 (the squared log
error takes ``log(1 + y)``); the grid runs from one ulp above -1 to the largest
float.  Its random samples are non-negative, as MSLE targets are in practice
(and as Keras, which clips at 1e-7, requires for agreement).
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ._base import Domain, from_target

#: The ``delta`` values of the Huber-type losses (as in lossbook.catalog.regression.DELTAS).
SWITCH_POINTS = (1e-3, 0.1, 1.0, 10.0, 1e3)


def _arrays(pairs, dtype):
    true, pred = (np.array(column, dtype=dtype) for column in zip(*pairs))
    return true, pred


def _switch_pairs(dtype):
    """Residuals at and one ulp around each switch point, from a zero target."""
    pairs = []
    for delta in SWITCH_POINTS:
        d = dtype(delta)
        for r in (d, np.nextafter(d, dtype(0)), np.nextafter(d, dtype(np.inf))):
            pairs += [(0.0, float(r)), (0.0, -float(r)), (float(r), 0.0)]
    return pairs


# ---------------------------------------------------------------- real targets
_MAGNITUDES64 = (
    0.0, 5e-324, 1e-300, 1e-150, 1e-20, 1e-3, 0.1, 1.0, 3.5, 10.0, 1e3,
    1e20, 1e150, 1e300, 1.7e308,
)
_MAGNITUDES32 = (0.0, 1e-45, 1e-38, 1e-20, 1e-3, 0.1, 1.0, 3.5, 10.0, 1e3, 1e10, 1e19, 1e30, 3.4e38)


def _real_hard_grid(dtype):
    magnitudes = _MAGNITUDES64 if dtype == np.float64 else _MAGNITUDES32
    values = sorted({sign * m for m in magnitudes for sign in (1.0, -1.0)})
    pairs = list(itertools.product(values, repeat=2))
    one = dtype(1.0)
    pairs += [(1.0, float(one + np.finfo(dtype).eps)), (1.0, float(np.nextafter(one, dtype(0))))]
    pairs += _switch_pairs(dtype)
    return _arrays(pairs, dtype)


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
    perfect=from_target(lambda y_true: y_true.copy()),
    smooth_points=_real_sample,
)

# ------------------------------------------------------- values above minus one
_ABOVE64 = (
    -0.5, -1e-3, -1e-20, -1e-300, -5e-324, 0.0, 5e-324, 1e-300, 1e-20, 1e-3,
    1.0, 3.5, 1e3, 1e20, 1e150, 1e300, 1.7e308,
)
_ABOVE32 = (-0.5, -1e-3, -1e-20, -1e-45, 0.0, 1e-45, 1e-20, 1e-3, 1.0, 3.5, 1e3, 1e19, 1e30, 3.4e38)


def _above_hard_grid(dtype):
    just_above = float(np.nextafter(dtype(-1.0), dtype(0.0)))  # -1 + one ulp
    near = float(dtype(-1.0) + dtype(2**-20))
    values = sorted({just_above, near, *(_ABOVE64 if dtype == np.float64 else _ABOVE32)})
    pairs = list(itertools.product(values, repeat=2))
    one = dtype(1.0)
    pairs += [(1.0, float(one + np.finfo(dtype).eps)), (1.0, float(np.nextafter(one, dtype(0))))]
    return _arrays(pairs, dtype)


def _above_sample(rng, n):
    true = rng.lognormal(2.0, 1.0, n)
    return true, true * rng.lognormal(0.0, 0.3, n)


def _above_strategy(dtype):
    width = 64 if dtype == np.float64 else 32
    bound = 2.0**300 if width == 64 else 2.0**50
    elements = st.floats(-1.0, bound, exclude_min=True, allow_nan=False, allow_infinity=False, width=width)
    shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5)
    return shapes.flatmap(
        lambda shape: st.tuples(
            hnp.arrays(dtype, shape, elements=elements), hnp.arrays(dtype, shape, elements=elements)
        )
    )


ABOVE_MINUS_ONE = Domain(
    hard_grid=_above_hard_grid,
    sample=_above_sample,
    strategy=_above_strategy,
    perfect=from_target(lambda y_true: y_true.copy()),
    smooth_points=_above_sample,
)

DOMAINS = {"real": REAL, "above_minus_one": ABOVE_MINUS_ONE}
