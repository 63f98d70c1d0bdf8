"""Explorers of the structure-regulariser chapter.

The graph explorer builds the k-nearest-neighbour graph and solves the
Laplacian-regularised least squares in the browser, step for step as
:mod:`!lossbook.graphs` does in Python (the same arithmetic, so the same bits).
The adversarial explorer moves a point along the normalised gradient of a
logistic model's cross-entropy; the cross-entropy is printed as JavaScript
from its SymPy definition.
"""

from __future__ import annotations

import math

import numpy as np

from .. import graphs
from ..examples import structure as examples
from ..losses import structure
from ._core import Explorer, choice, explorer, log_slider, slider

__all__ = ["graph_fit_explorer", "adversarial_step_explorer"]

#: The neighbour counts the graph explorer offers; 0 is NSL's default max_neighbors.
NEIGHBOR_CHOICES = (0, 1, 2, 3, 5, 8)


def graph_fit_explorer(alpha: float = examples.GRAPH_ALPHA, neighbors: int = examples.GRAPH_K) -> Explorer:
    """Change the graph weight α and the number of neighbours; watch two labels spread over two moons.

    Returns
    -------
    Explorer
        Controls ``alpha`` and ``neighbors``; outputs the share of unlabelled
        points given their moon's sign, the fit and graph terms and the number of edges.
    """
    points = [list(p) for p in examples.MOON_POINTS]
    classes = list(examples.MOON_CLASSES)

    def compute(*, alpha, neighbors):
        weights = graphs.knn_graph(points, int(neighbors))
        f = graphs.laplacian_least_squares(weights, examples.LABELLED, examples.LABELLED_TARGETS, alpha=alpha,
                                           ridge=examples.RIDGE)
        unlabelled = [i for i in range(len(points)) if i not in examples.LABELLED]
        right = sum(1 for i in unlabelled if f[i] * classes[i] > 0)
        fit = 0.0
        for i, y in zip(examples.LABELLED, examples.LABELLED_TARGETS):
            fit += (f[i] - y) * (f[i] - y)
        return {"accuracy": right / len(unlabelled), "fit_term": fit, "graph_term": graphs.graph_penalty(f, weights),
                "edges": int(weights.sum() // 2)}

    options = [("0 (off: NSL's default)", 0)] + [(str(k), k) for k in NEIGHBOR_CHOICES[1:]]
    return explorer(
        "graph_fit",
        title="Graph regularisation on two moons",
        alt="Two interleaved half-moons of points joined by a k-nearest-neighbour graph; two points are "
            "labelled, and every point is coloured by its fitted value, red for +1 and blue for -1.",
        controls=[
            log_slider("alpha", "graph weight α", alpha, 1e-2, 1e2, steps=80),
            choice("neighbors", "neighbours k", options, int(neighbors)),
        ],
        compute=compute,
        constants={"points": points, "classes": classes, "labelled": list(examples.LABELLED),
                   "targets": list(examples.LABELLED_TARGETS), "ridge": examples.RIDGE},
    )


def _bce_function() -> dict:
    from ..catalog import get

    return get("bce_with_logits").definition().javascript()


def adversarial_step_explorer(epsilon: float = examples.ADVERSARIAL_EPSILON, norm: str = "l2") -> Explorer:
    """Push a correctly classified point along the normalised gradient of its loss; watch the loss grow.

    Returns
    -------
    Explorer
        Controls ``epsilon`` and ``norm``; outputs the clean and adversarial
        cross-entropies and the probability of the true class after the step.
    """
    w, b = np.array(examples.LOGISTIC_WEIGHTS), examples.LOGISTIC_BIAS
    x, y = np.array([examples.ADVERSARIAL_POINT]), examples.ADVERSARIAL_LABEL

    def compute(*, epsilon, norm):
        clean = float(structure.logistic_adversarial_loss([y], x, w, b, epsilon=0.0))
        adversarial = float(structure.logistic_adversarial_loss([y], x, w, b, epsilon=float(epsilon), norm=norm))
        return {"clean_loss": clean, "adversarial_loss": adversarial, "probability": math.exp(-adversarial)}

    return explorer(
        "adversarial_step",
        title="An adversarial step across a logistic decision boundary",
        alt="Left: the plane with a logistic model's decision boundary, a point of class 1 and the point moved "
            "by epsilon along the normalised gradient of its loss; right: the loss at the moved point against epsilon.",
        controls=[
            slider("epsilon", "step ε", float(epsilon), 0.0, 2.0, 0.02, digits=2),
            choice("norm", "gradient normalised by", [("L2 norm", "l2"), ("L1 norm", "l1"),
                                                      ("sign (L∞, FGSM)", "infinity")], norm),
        ],
        compute=compute,
        functions={"bce": _bce_function()},
        constants={"w": list(map(float, w)), "b": float(b), "x": list(map(float, x[0])), "y": float(y),
                   "eps_max": 2.0},
    )
