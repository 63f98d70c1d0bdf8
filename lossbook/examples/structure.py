"""Structure-regulariser worked examples: the data behind the chapter and its explorers, named.

Two interleaved half-moons of 12 points each in the plane, with one labelled
point per moon; a logistic model and one point for the adversarial step.
"""

from __future__ import annotations

__all__ = [
    "MOON_POINTS", "MOON_CLASSES", "LABELLED", "LABELLED_TARGETS", "GRAPH_K", "GRAPH_ALPHA", "RIDGE",
    "NSL_GRAPH_MULTIPLIER", "NSL_MAX_NEIGHBORS", "NSL_ADV_STEP", "NSL_ADV_MULTIPLIER",
    "LOGISTIC_WEIGHTS", "LOGISTIC_BIAS", "ADVERSARIAL_POINT", "ADVERSARIAL_LABEL", "ADVERSARIAL_EPSILON",
]

#: 24 points: the upper moon (rows 0-11, class +1) and the lower moon (rows 12-23, class -1).
MOON_POINTS = (
    (0.96, -0.01), (1.06, 0.32), (0.74, 0.54), (0.62, 0.76), (0.32, 0.92), (0.16, 1.08), (-0.12, 1.02),
    (-0.51, 1.04), (-0.77, 0.82), (-0.86, 0.49), (-1.0, 0.24), (-0.98, -0.01),
    (0.09, 0.34), (0.04, 0.11), (0.21, -0.22), (0.32, -0.29), (0.5, -0.4), (0.87, -0.48), (1.2, -0.6),
    (1.37, -0.47), (1.7, -0.25), (1.8, -0.13), (1.91, 0.13), (1.99, 0.44),
)
#: The class of each point (+1 upper moon, -1 lower moon); only LABELLED are known to the fit.
MOON_CLASSES = (1.0,) * 12 + (-1.0,) * 12
#: The labelled points (one per moon) and their targets.
LABELLED = (10, 23)
LABELLED_TARGETS = (1.0, -1.0)
#: The explorer's starting graph (k nearest neighbours) and graph weight α; the ridge ρ.
GRAPH_K = 2
GRAPH_ALPHA = 1.0
RIDGE = 1e-3

#: Neural Structured Learning's defaults: graph multiplier, max_neighbors (0: off!),
#: adversarial step size and adversarial multiplier.
NSL_GRAPH_MULTIPLIER = 0.01
NSL_MAX_NEIGHBORS = 0
NSL_ADV_STEP = 0.001
NSL_ADV_MULTIPLIER = 0.2

#: A logistic model p = σ(w·x + b) and one correctly classified point of class 1.
LOGISTIC_WEIGHTS = (2.0, 1.0)
LOGISTIC_BIAS = -1.0
ADVERSARIAL_POINT = (1.0, 0.5)
ADVERSARIAL_LABEL = 1.0
ADVERSARIAL_EPSILON = 0.3
