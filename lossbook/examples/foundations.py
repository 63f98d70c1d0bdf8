"""Worked-example data of chapter 1 (what a loss function is).

A car's fuel use is modelled as proportional to the distance driven,
``fuel ≈ w · distance``: one parameter ``w`` (litres per 100 km), five trips.
"""

from __future__ import annotations

__all__ = ["TRIP_DISTANCES", "TRIP_FUEL", "trips"]

#: Distance of each trip, in hundreds of kilometres.
TRIP_DISTANCES = ("1.0", "2.5", "3.0", "4.5", "6.0")
#: Fuel used on each trip, in litres.
TRIP_FUEL = ("6.8", "15.9", "18.4", "29.1", "37.2")


def trips():
    """The trips as two float arrays ``(distance, fuel)``.

    The data are stored as decimal strings so the symbolic chapter code can
    read them as exact rationals while numeric code reads floats.
    """
    import numpy as np

    return np.array(TRIP_DISTANCES, dtype=float), np.array(TRIP_FUEL, dtype=float)
