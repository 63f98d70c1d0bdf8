r"""Symbolic definitions of the graph distances of :mod:`lossbook.losses.structure`.

Each is a :class:`~lossbook.symbolic.embedding.RowLoss` of two rows
:math:`\mathbf u` (a sample's representation) and :math:`\mathbf v` (a
neighbour's), written once for any dimension :math:`D`; the tests compare
:func:`lossbook.neighbor_distance` with their 50-digit references.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from .embedding import COORD, DIM, X1, X2, RowLoss, cosine, half_chord

__all__ = ["distance_definition", "DEFINITIONS"]


def _row_sum(term):
    return sp.Sum(term, (COORD, 1, DIM))


def _kl(p, q):
    # 0 log 0 = 0: a zero probability contributes nothing (the reference evaluates the Piecewise)
    return _row_sum(sp.Piecewise((0, sp.Eq(p, 0)), (p * sp.log(p / q), True)))


@cache
def distance_definition(distance: str) -> RowLoss:
    """The :class:`RowLoss` of ``distance`` (one of :data:`lossbook.losses.structure.DISTANCES`)."""
    u, v = X1[COORD], X2[COORD]
    m = (u + v) / 2
    table = {
        "l1": (_row_sum(sp.Abs(u - v)), None),
        "l2": (_row_sum((u - v) ** 2), None),
        "cosine": (1 - cosine(X1, X2), half_chord(X1, X2)),
        "kl_divergence": (_kl(u, v), None),
        "jensen_shannon_divergence": (_kl(u, m) / 2 + _kl(v, m) / 2, None),
    }
    if distance not in table:
        raise KeyError(f"distance must be one of {sorted(table)}; found {distance!r}")
    expr, reference_form = table[distance]
    return RowLoss(f"neighbor_distance[{distance}]", expr, (X1, X2), reference_form=reference_form)


#: Every distance's definition by name.
DEFINITIONS = ("l1", "l2", "cosine", "kl_divergence", "jensen_shannon_divergence")
