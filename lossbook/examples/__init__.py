"""The data behind every worked example in the book, named and shared by the
chapters and the tests (so the book and the tests can never use different numbers)."""

from __future__ import annotations

from . import classification, foundations, regression

__all__ = ["classification", "foundations", "regression"]
