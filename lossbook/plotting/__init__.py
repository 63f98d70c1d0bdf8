"""Figure builders: pure functions from data to a matplotlib Figure.

Figures are built with :class:`matplotlib.figure.Figure` directly (no pyplot
state), so they work the same in a notebook, a script and an explorer.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ._frozen import FrozenBackground

__all__ = ["BookFigure", "FrozenBackground", "new_figure", "style_axes"]


class BookFigure(Figure):
    """A :class:`~matplotlib.figure.Figure` that shows itself in Jupyter without pyplot.

    IPython displays an object through its ``_repr_png_``; a plain Figure gets
    one only once pyplot's inline backend is active.  This one always has it.
    """

    def _repr_png_(self) -> bytes:
        canvas = self.canvas if isinstance(self.canvas, FigureCanvasAgg) else FigureCanvasAgg(self)
        buffer = io.BytesIO()
        canvas.print_png(buffer)
        return buffer.getvalue()


def new_figure(figsize=(7.5, 3.6)) -> BookFigure:
    """An empty figure with a constrained layout; callers add the axes."""
    return BookFigure(figsize=figsize, layout="constrained")


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
