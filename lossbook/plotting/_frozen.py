"""Pre-rendered backgrounds: the cheap redraw every explorer relies on."""

from __future__ import annotations

import io

import numpy as np

__all__ = ["FrozenBackground"]


class FrozenBackground:
    """Draw a figure's still parts once, so that later redraws draw only what moves.

    Axes, ticks, labels, legends and fixed curves are most of the cost of a
    redraw (text rendering).  :meth:`freeze` renders the figure once without
    the moving artists, shows that picture in an axes spanning the figure, and
    hides every other artist except the moving ones.  From then on a redraw
    paints one image and a few lines, a few milliseconds instead of tens.

    The axes limits and layout must not change after freezing (the picture
    holds the old ticks); :meth:`freeze` switches the layout engine off.
    Artists created after freezing (e.g. a new legend) are drawn normally.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
    moving : iterable or callable
        The artists (``matplotlib.artist.Artist``) an update changes, or a
        function returning them: a function is called at :meth:`freeze` time,
        for plots that replace an artist (a legend) on every update.
    dpi : float
        Resolution of the pre-rendered picture; the explorers' PNGs use 80.
    """

    def __init__(self, figure, moving=(), *, dpi: float = 80):
        self.figure = figure
        self._moving = moving if callable(moving) else list(moving)
        self.moving: list = []  # filled by freeze()
        self.dpi = dpi
        self.frozen = False

    def freeze(self) -> None:
        """Render the still parts and hide them (once; later calls do nothing)."""
        if self.frozen:
            return
        figure = self.figure
        self.moving = list(self._moving() if callable(self._moving) else self._moving)
        visible = [artist.get_visible() for artist in self.moving]
        for artist in self.moving:
            artist.set_visible(False)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="rgba", dpi=self.dpi)
        width, height = (int(round(size * self.dpi)) for size in figure.get_size_inches())
        picture = np.frombuffer(buffer.getvalue(), dtype=np.uint8).reshape(height, width, 4)
        figure.set_layout_engine("none")
        moving = set(map(id, self.moving))
        for axes in figure.axes:
            for child in axes.get_children():
                if id(child) not in moving:
                    child.set_visible(False)
        figure.patch.set_visible(False)
        for child in (*figure.texts, *figure.legends, *figure.images):
            child.set_visible(False)
        background = figure.add_axes((0.0, 0.0, 1.0, 1.0), zorder=-100)
        background.set_axis_off()
        background.imshow(picture, interpolation="nearest", aspect="auto", extent=(0, 1, 0, 1))
        for artist, shown in zip(self.moving, visible):
            artist.set_visible(shown)
        self.frozen = True
