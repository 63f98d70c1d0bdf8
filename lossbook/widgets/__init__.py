"""Explorers: ipywidgets controls bound to lossbook's plots and losses.

Each explorer is a function returning an :class:`Explorer` (an ipywidgets box);
a chapter only calls it and displays the result.
"""

from __future__ import annotations

from . import classification, foundations, regression
from ._core import Explorer
from .classification import *  # noqa: F401,F403
from .foundations import *  # noqa: F401,F403
from .regression import *  # noqa: F401,F403

__all__ = ["Explorer", *foundations.__all__, *regression.__all__, *classification.__all__]
