"""Chapter 1 (what a loss function is)."""

from __future__ import annotations

__all__: list[str] = []
