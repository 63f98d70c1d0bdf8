"""The :class:`Domain` record and helpers shared by every family of domains."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Callable

import numpy as np
from hypothesis import strategies as st


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


def param_grid(record) -> list[dict[str, float]]:
    """Every combination of the record's test values of its hyper-parameters."""
    names = list(record.params)
    return [dict(zip(names, values)) for values in itertools.product(*record.params.values())]


def default_params(record) -> dict[str, float]:
    """The middle test value of each hyper-parameter."""
    return {name: values[len(values) // 2] for name, values in record.params.items()}
