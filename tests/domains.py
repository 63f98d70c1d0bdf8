"""Inputs for the generic tests, one :class:`Domain` per kind of loss input.

A catalog record names its domain (``record.domain``); the generic tests ask
the domain for a hard grid, for random valid inputs, for a perfect prediction
and for the shape ``reduction="none"`` returns.  A new kind of loss input is
one more entry in :data:`DOMAINS`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Callable

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


@dataclass(frozen=True)
class Domain:
    #: dtype -> (y_true, y_pred): element pairs chosen to break naive code.
    hard_grid: Callable[[type], tuple[np.ndarray, np.ndarray]]
    #: (rng, n) -> (y_true, y_pred): n moderate, valid samples (for framework checks).
    sample: Callable[[np.random.Generator, int], tuple[np.ndarray, np.ndarray]]
    #: dtype -> hypothesis strategy of (y_true, y_pred).
    strategy: Callable[[type], st.SearchStrategy]
    #: y_true -> a y_pred whose loss is exactly zero.
    perfect: Callable[[np.ndarray], np.ndarray]
    #: input shape -> shape of the per-sample losses.
    sample_shape: Callable[[tuple], tuple] = lambda shape: shape
    #: (rng, n) -> (y_true, y_pred) away from kinks, for derivative checks.
    smooth_points: Callable[[np.random.Generator, int], tuple[np.ndarray, np.ndarray]] | None = None


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

DOMAINS: dict[str, Domain] = {"real": REAL}


def domain_of(record) -> Domain:
    return DOMAINS[record.domain]


def param_grid(record) -> list[dict[str, float]]:
    """Every combination of the record's test values of its hyper-parameters."""
    names = list(record.params)
    return [dict(zip(names, values)) for values in itertools.product(*record.params.values())]


def default_params(record) -> dict[str, float]:
    """The middle test value of each hyper-parameter."""
    return {name: values[len(values) // 2] for name, values in record.params.items()}
