"""Classification worked examples: the data behind the book's examples, named."""

from __future__ import annotations

__all__: list[str] = []
