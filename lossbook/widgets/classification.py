"""Explorers of the classification chapters."""

from __future__ import annotations

__all__: list[str] = []
