"""Explorers of the similarity and embedding chapter."""

from __future__ import annotations

__all__: list[str] = []
