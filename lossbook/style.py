"""The book's colours: one palette for the static figures (matplotlib) and the explorers (Vega-Lite).

Colours of individual losses live on their catalog records
(:attr:`lossbook.catalog.LossRecord.color`); these are the roles every picture
shares.
"""

from __future__ import annotations

__all__ = ["PALETTE"]

#: Colour by role: the data and the target, the model's prediction, a step or
#: path, neutral lines, and the two classes of a binary problem.
PALETTE = {
    "data": "#3a6ea5",
    "model": "#d1495b",
    "step": "#edae49",
    "grey": "#7a7a7a",
    "positive": "#d1495b",
    "negative": "#3a6ea5",
    "neutral": "#7a7a7a",
    "accent": "#edae49",
    "ink": "#222222",
}
