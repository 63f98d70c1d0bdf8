"""The :class:`Domain` record and helpers shared by every family of domains."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Callable

import numpy as np
from hypothesis import strategies as st

__all__ = ["Domain", "TARGET_PREDICTION", "from_target", "param_grid", "default_params"]

#: The arguments of a target/prediction loss, in call order.
TARGET_PREDICTION = ("y_true", "y_pred")


@dataclass(frozen=True)
class Domain:
    """Where a loss's inputs come from, for the generic tests.

    Every callable returns the inputs as a tuple in the order of
    :attr:`arguments` (the record's argument names); the ``*_inputs``
    methods name them, so a test calls ``record.numeric(**inputs)`` whatever
    the loss's signature.
    """

    #: dtype -> inputs chosen to break naive code.
    hard_grid: Callable[[type], tuple]
    #: (rng, n) -> n moderate, valid samples (for framework checks).
    sample: Callable[[np.random.Generator, int], tuple]
    #: dtype -> hypothesis strategy of input tuples.
    strategy: Callable[[type], st.SearchStrategy]
    #: *inputs -> inputs whose every per-sample loss is exactly zero; None if the loss has no zero.
    perfect: Callable[..., tuple] | None
    #: shape of the first input -> shape of the per-sample losses.
    sample_shape: Callable[[tuple], tuple] = lambda shape: shape
    #: (rng, n) -> inputs away from kinks, for derivative checks.
    smooth_points: Callable[[np.random.Generator, int], tuple] | None = None
    #: The argument names, in the order the callables above return the inputs.
    arguments: tuple[str, ...] = TARGET_PREDICTION

    def named(self, inputs: tuple) -> dict:
        """``inputs`` keyed by argument name."""
        if len(inputs) != len(self.arguments):
            raise ValueError(f"a domain of {self.arguments} returned {len(inputs)} inputs")
        return dict(zip(self.arguments, inputs))

    def hard_inputs(self, dtype) -> dict:
        return self.named(self.hard_grid(dtype))

    def sample_inputs(self, rng: np.random.Generator, n: int) -> dict:
        return self.named(self.sample(rng, n))

    def smooth_inputs(self, rng: np.random.Generator, n: int) -> dict:
        return self.named(self.smooth_points(rng, n))

    def perfect_inputs(self, inputs: dict) -> dict | None:
        """Inputs like ``inputs`` with a loss of exactly zero (``None`` if the loss has no zero)."""
        return None if self.perfect is None else self.named(self.perfect(*inputs.values()))

    def input_strategy(self, dtype) -> st.SearchStrategy:
        return self.strategy(dtype).map(self.named)


def from_target(prediction: Callable[[np.ndarray], np.ndarray]) -> Callable[[np.ndarray, np.ndarray], tuple]:
    """A ``perfect`` for a target/prediction domain: the prediction ``prediction(y_true)``."""
    return lambda y_true, y_pred: (y_true, prediction(y_true))


def param_grid(record) -> list[dict[str, float]]:
    """Every combination of the record's test values of its hyper-parameters."""
    names = list(record.params)
    return [dict(zip(names, values)) for values in itertools.product(*record.params.values())]


def default_params(record) -> dict[str, float]:
    """The middle test value of each hyper-parameter."""
    return {name: values[len(values) // 2] for name, values in record.params.items()}
