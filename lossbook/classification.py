"""Classification losses: binary, multi-class and multi-label."""

from __future__ import annotations

__all__: list[str] = []
