"""SymPy definitions of the classification losses (mirrors :mod:`lossbook.classification`)."""

from __future__ import annotations

__all__: list[str] = []
