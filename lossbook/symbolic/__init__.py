"""Symbolic definitions: each loss written once in SymPy.

``definition(name)`` returns the :class:`SymbolicLoss` of a catalogued loss;
from it come the LaTeX shown in the book, the derivatives and the 50-digit
reference values the tests compare the NumPy code against.
"""

from __future__ import annotations

from . import classification, likelihood, regression
from ._core import REFERENCE_DIGITS, Y_PRED, Y_TRUE, SymbolicLoss

__all__ = ["SymbolicLoss", "Y_TRUE", "Y_PRED", "REFERENCE_DIGITS", "definition", "likelihood"]


def definition(name: str) -> SymbolicLoss:
    """The symbolic definition of the loss called ``name`` (canonical name or alias)."""
    from ..catalog import get

    return get(name).definition()
