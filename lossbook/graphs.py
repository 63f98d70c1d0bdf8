r"""Graphs over samples, and the closed-form fit with a graph (Laplacian) regulariser.

The fit of :func:`laplacian_least_squares` gives each node :math:`i` a value
:math:`f_i` minimising

.. math:: \sum_{i \in \text{labelled}} (f_i - y_i)^2
          + \alpha \sum_{i<j} W_{ij} (f_i - f_j)^2 + \rho \sum_i f_i^2,

the squared-error version of graph regularisation (manifold regularisation,
Belkin, Niyogi & Sindhwani 2006).  Setting the gradient to zero gives the
linear system :math:`(J + \alpha L + \rho I)\,\mathbf f = J\mathbf y` with
:math:`J` the diagonal indicator of labelled nodes and :math:`L = D - W` the
graph Laplacian.  The small ridge :math:`\rho` keeps the system solvable
when a node has no labelled node in its component: its value is then 0.

The solver is plain Gaussian elimination with partial pivoting, written step
for step as the explorer's JavaScript does it, so the book's browser and
Python agree to the last bit.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["knn_graph", "laplacian", "laplacian_least_squares", "graph_penalty", "solve"]


def _squared_distance(p, q) -> float:
    total = 0.0
    for a, b in zip(p, q):
        gap = float(a) - float(b)
        total += gap * gap
    return total


def knn_graph(points, k: int) -> np.ndarray:
    """Symmetric 0/1 adjacency: ``i`` and ``j`` are joined if either is among the other's ``k`` nearest.

    Ties in distance go to the lower index.  ``k = 0`` gives no edges.
    """
    points = np.asarray(points, dtype=float)
    if points.ndim != 2:
        raise ValueError(f"points must have shape (n, d) for knn_graph; found {points.shape}")
    n = len(points)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k < n:
        raise ValueError(f"k must be an integer from 0 to n - 1 = {n - 1} for knn_graph; found {k!r}")
    weights = np.zeros((n, n))
    for i in range(n):
        squared = [_squared_distance(points[i], points[j]) for j in range(n)]
        order = sorted((d, j) for j, d in enumerate(squared) if j != i)
        for _, j in order[:k]:
            weights[i, j] = weights[j, i] = 1.0
    return weights


def laplacian(weights) -> np.ndarray:
    """:math:`L = D - W`, with :math:`D` the diagonal of the row sums of :math:`W`."""
    weights = np.asarray(weights, dtype=float)
    return np.diag(weights.sum(axis=1)) - weights


def graph_penalty(values, weights) -> float:
    r""":math:`\sum_{i<j} W_{ij} (f_i - f_j)^2 = \mathbf f^\top L \mathbf f`."""
    f = [float(v) for v in values]
    w = np.asarray(weights, dtype=float)
    total = 0.0
    for i in range(len(f)):
        for j in range(i + 1, len(f)):
            if w[i, j]:
                gap = f[i] - f[j]
                total += float(w[i, j]) * (gap * gap)
    return total


def solve(matrix, rhs) -> list[float]:
    """Solve ``matrix @ x = rhs`` by Gaussian elimination with partial pivoting (Python floats)."""
    a = [[float(v) for v in row] + [float(b)] for row, b in zip(np.asarray(matrix), np.asarray(rhs))]
    n = len(a)
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, n):
            factor = a[r][col] / a[col][col]
            if factor != 0:
                for c in range(col, n + 1):
                    a[r][c] -= factor * a[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        total = a[r][n]
        for c in range(r + 1, n):
            total -= a[r][c] * x[c]
        x[r] = total / a[r][r]
    return x


def laplacian_least_squares(weights, labelled, targets, *, alpha: float, ridge: float = 1e-3) -> list[float]:
    """The node values :math:`\\mathbf f` of the fit above.

    Parameters
    ----------
    weights : array_like, shape (n, n)
        Symmetric edge weights :math:`W`.
    labelled : sequence of int
        Indices of the labelled nodes.
    targets : sequence of float
        Their targets :math:`y_i`, in the same order.
    alpha, ridge : float
        :math:`\\alpha \\ge 0` and :math:`\\rho > 0`.
    """
    if not (math.isfinite(alpha) and alpha >= 0 and math.isfinite(ridge) and ridge > 0):
        raise ValueError(f"alpha must be >= 0 and ridge > 0 for laplacian_least_squares; found {alpha!r}, {ridge!r}")
    system = alpha * laplacian(weights) + ridge * np.eye(len(weights))
    rhs = np.zeros(len(weights))
    for i, y in zip(labelled, targets):
        system[i, i] += 1.0
        rhs[i] = float(y)
    return solve(system, rhs)
