"""Classification figure builders."""

from __future__ import annotations

__all__: list[str] = []
