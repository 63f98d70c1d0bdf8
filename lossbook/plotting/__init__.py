"""Figure builders: pure functions from data to a matplotlib Figure.

Figures are built with :class:`matplotlib.figure.Figure` directly (no pyplot
state), so they work the same in a notebook, a script and an explorer.
"""

from __future__ import annotations

from matplotlib.figure import Figure

__all__ = ["new_figure", "style_axes"]


def new_figure(figsize=(7.5, 3.6), *, ncols: int = 1) -> Figure:
    """A figure with a constrained layout and ``ncols`` empty axes created lazily by callers."""
    figure = Figure(figsize=figsize, layout="constrained")
    return figure


def style_axes(axes, *, xlabel: str = "", ylabel: str = "", title: str = "") -> None:
    """Apply the book's axis style: labels, a light grid, no top/right spines."""
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    if title:
        axes.set_title(title, fontsize="medium")
    axes.grid(True, alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)


from . import classification, foundations, regression  # noqa: E402  (they use the helpers above)
from .classification import *  # noqa: E402,F401,F403
from .foundations import *  # noqa: E402,F401,F403
from .regression import *  # noqa: E402,F401,F403

__all__ += [*foundations.__all__, *regression.__all__, *classification.__all__]
