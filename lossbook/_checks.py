"""Input checks shared by the training, calibration and metrics modules.

Each raises an error naming the argument, the function, what was expected and
what was found.  NumPy only.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._numerics.validation import as_float_array

__all__ = ["binary_labels", "whole_number"]


def binary_labels(values, name: str, *, func: str) -> np.ndarray:
    """``values`` as a float array if every entry is exactly 0 or 1."""
    array = as_float_array(values, name, func=func)
    bad = (array != 0) & (array != 1)
    if bad.any():
        raise ValueError(
            f"{name} must hold labels 0 or 1 for {func}; found {float(array[bad][0])!r}"
            " — map -1/+1 labels with (y + 1) / 2, and turn probabilities into decisions with (p > threshold)"
        )
    return array


def whole_number(value, name: str, *, func: str, minimum: int) -> int:
    """``value`` as an int if it is a whole number (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum} for {func}; found {value!r}")
    return int(value)
