"""SymPy definitions of the regression losses (mirrors :mod:`lossbook.regression`)."""

from __future__ import annotations

import sympy as sp

from ._core import Y_PRED, Y_TRUE, SymbolicLoss

__all__ = ["mean_squared_error", "mean_absolute_error"]


def mean_squared_error() -> SymbolicLoss:
    r"""Squared error :math:`(\hat y - y)^2`."""
    return SymbolicLoss("mean_squared_error", (Y_PRED - Y_TRUE) ** 2)


def mean_absolute_error() -> SymbolicLoss:
    r"""Absolute error :math:`|\hat y - y|`."""
    return SymbolicLoss("mean_absolute_error", sp.Abs(Y_PRED - Y_TRUE))
