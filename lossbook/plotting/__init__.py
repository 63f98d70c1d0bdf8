"""Figure builders: pure functions from data to a matplotlib Figure.

Figures are built with :class:`matplotlib.figure.Figure` directly (no pyplot
state), so they work the same in a notebook, a script and an explorer.

Every static figure of the book is drawn in one style, :data:`BOOK_STYLE`, by a
builder decorated with :func:`book_figure`, and displays itself as SVG with the
glyphs as paths (crisp at any pixel density, the same on every machine, and
smaller than a PNG at twice the resolution).  Sizes follow from the phone: a
figure is :data:`FIGURE_WIDTH` inches wide and shows at 96 CSS px per inch, and
on a 390 px phone it shrinks to the text column (:data:`PHONE_COLUMN_PX`), so
its smallest font must be :data:`MIN_FONT_PT` for :data:`MIN_TEXT_PX` there.
Panels are stacked, not placed side by side, to keep them wide at that size.
"""

from __future__ import annotations

import functools
import io
import math

import matplotlib
from matplotlib import ticker
from matplotlib.figure import Figure


__all__ = [
    "BookFigure",
    "new_figure",
    "style_axes",
    "book_figure",
    "BOOK_STYLE",
    "FIGURE_WIDTH",
    "PHONE_COLUMN_PX",
    "MIN_TEXT_PX",
    "MIN_FONT_PT",
    "log_tick_labels",
]

#: Width of every static figure, inches (96 CSS px each at natural size: 576 px).
FIGURE_WIDTH = 6.0
#: Width of the text column of the built book on a 390 px wide phone, CSS px
#: (measured in Chromium: 390 px less the theme's padding).
PHONE_COLUMN_PX = 358
#: The smallest figure text a reader should have to read on that phone, CSS px.
MIN_TEXT_PX = 10.0
#: Font size, points, that reaches :data:`MIN_TEXT_PX` on the phone (12.07 pt).
MIN_FONT_PT = MIN_TEXT_PX * 72 * FIGURE_WIDTH / PHONE_COLUMN_PX

#: matplotlib settings of the static figures (applied while a figure is built and saved).
BOOK_STYLE = {
    "font.size": 13,  # every text of a figure is this size: above MIN_FONT_PT
    "axes.titlesize": 13,
    "axes.labelsize": 13,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 13,
    "figure.titlesize": 13,
    "axes.titlelocation": "left",
    "axes.titlepad": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2.0,
    "lines.markersize": 7,
    "legend.frameon": False,
    "legend.handlelength": 1.8,
    "legend.borderaxespad": 0.3,
    "figure.dpi": 96,
    "figure.constrained_layout.h_pad": 0.06,
    "figure.constrained_layout.w_pad": 0.06,
    "svg.fonttype": "path",  # glyphs as outlines: no font needed on the reader's machine
    "svg.hashsalt": "lossbook",  # stable ids: the same figure gives the same file
}


class BookFigure(Figure):
    """A :class:`~matplotlib.figure.Figure` that shows itself in Jupyter without pyplot.

    IPython displays an object through its ``_repr_*_`` methods; a plain Figure
    gets one only once pyplot's inline backend is active.  This one is always
    shown as SVG (the book's HTML and JupyterLab both prefer it to PNG).
    """

    def __repr__(self) -> str:
        # Also the text/plain output that nbval compares: no size in it, so that
        # a change of figure size does not change the chapters' stored outputs.
        return f"<{type(self).__name__} with {len(self.axes)} Axes>"

    def _repr_svg_(self) -> str:
        buffer = io.BytesIO()
        with matplotlib.rc_context({key: BOOK_STYLE[key] for key in ("svg.fonttype", "svg.hashsalt")}):
            self.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue().decode("utf-8")


def new_figure(figsize=(7.5, 3.6)) -> BookFigure:
    """An empty figure with a constrained layout; callers add the axes."""
    return BookFigure(figsize=figsize, layout="constrained")


def book_figure(builder):
    """Decorator: run a figure builder in :data:`BOOK_STYLE` (fonts are fixed when text is created)."""

    @functools.wraps(builder)
    def build(*args, **kwargs):
        with matplotlib.rc_context(BOOK_STYLE):
            return builder(*args, **kwargs)

    return build


def style_axes(axes, *, xlabel: str = "", ylabel: str = "", title: str = "") -> None:
    """Apply the book's axis style: labels, a light grid, no top/right spines."""
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    if title:
        axes.set_title(title, fontsize="medium")
    axes.grid(True, alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)


def _power_of_ten(value, _position=None) -> str:
    if value <= 0:
        return ""
    k = round(math.log10(value))
    return f"{10.0**k:g}" if -3 <= k <= 3 else f"1e{k}"


def log_tick_labels(axis, *, numticks: int | None = None) -> None:
    """Label a log axis 0.01, 1, 100, 1e-300 in plain text.

    matplotlib's default labels are typeset exponents (10 with a superscript)
    whose superscripts are 70 % of the font size: too small on a phone.
    """
    axis.set_major_formatter(ticker.FuncFormatter(_power_of_ten))
    if numticks:
        axis.set_major_locator(ticker.LogLocator(numticks=numticks))
    axis.set_minor_formatter(ticker.NullFormatter())


from . import classification, foundations, regression  # noqa: E402  (they use the helpers above)
from .classification import *  # noqa: E402,F401,F403
from .foundations import *  # noqa: E402,F401,F403
from .regression import *  # noqa: E402,F401,F403

__all__ += [*foundations.__all__, *regression.__all__, *classification.__all__]
