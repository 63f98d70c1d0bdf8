"""Explorers: controls and pictures computed in the reader's browser, in JupyterLab and in the static book.

Each explorer is a function returning an :class:`Explorer` (an anywidget
widget); a chapter only calls it.  See :mod:`!lossbook.widgets._core` for how
one definition serves both hosts.
"""

from __future__ import annotations

from . import adversarial, classification, embedding, foundations, regression, structure
from .adversarial import *  # noqa: F401,F403
from ._core import Control, Explorer
from .classification import *  # noqa: F401,F403
from .embedding import *  # noqa: F401,F403
from .foundations import *  # noqa: F401,F403
from .regression import *  # noqa: F401,F403
from .structure import *  # noqa: F401,F403

__all__ = ["Control", "Explorer", "EXPLORERS", *foundations.__all__, *regression.__all__, *classification.__all__, *embedding.__all__,
           *adversarial.__all__, *structure.__all__]

#: Every explorer function by its program name (the ``data-explorer`` of its element in a page).
EXPLORERS = {
    name.removesuffix("_explorer"): globals()[name]
    for name in (*foundations.__all__, *regression.__all__, *classification.__all__, *embedding.__all__,
                 *adversarial.__all__, *structure.__all__)
}
