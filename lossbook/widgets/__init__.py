"""Explorers: ipywidgets controls bound to lossbook's plots and losses.

Each explorer is a function returning an :class:`Explorer` (an ipywidgets box);
a chapter only calls it and displays the result.
"""

from __future__ import annotations

from ._core import Explorer

__all__ = ["Explorer"]
