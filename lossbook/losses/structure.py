r"""Structure regularisers: losses that use more than one sample's own label.

**Graph regularisation** (Neural Structured Learning; Bui, Ravi & Ramavajjala
2018) adds to the supervised loss a term that pulls each sample's
representation :math:`h(x_i)` (an embedding or the predicted distribution)
towards its graph neighbours':

.. math:: L = L_{\text{supervised}} + \alpha \sum_i \sum_{j \in N(i)} w_{ij}\, D\bigl(h(x_i), h(x_j)\bigr).

:func:`neighbor_distance` is :math:`D` row by row, with the distances NSL
offers; :func:`graph_regularization` the weighted sum over each sample's
neighbours.

**Adversarial regularisation** (Goodfellow, Shlens & Szegedy 2015; NSL's
``AdversarialRegularization``) adds the loss on inputs moved a step
:math:`\epsilon` along the normalised gradient of the loss by the input (the
fast gradient sign method is the :math:`L_\infty` case).
:func:`adversarial_perturbation` is that step from a given gradient;
:func:`logistic_adversarial_loss` the whole term for a logistic model, whose
input gradient has a closed form.
"""

from __future__ import annotations

import numbers

import numpy as np

from .binary import binary_cross_entropy
from .embedding import cosine_distance
from .multiclass import kl_divergence
from ._weighting import weighted_call
from .._numerics.calls import checked_call
from .._numerics.reduction import reduce_losses
from .._numerics.validation import as_float_array, check_reduction, check_same_shape

__all__ = [
    "DISTANCES", "neighbor_distance", "graph_regularization",
    "NORMS", "adversarial_perturbation", "logistic_adversarial_loss",
]

#: The distances :func:`neighbor_distance` offers, as NSL's ``DistanceType`` names them.
DISTANCES = ("l1", "l2", "cosine", "kl_divergence", "jensen_shannon_divergence")
#: The gradient normalisations of :func:`adversarial_perturbation`, as NSL's ``NormType`` names them.
NORMS = ("l2", "l1", "infinity")


def _choice(value, name: str, allowed: tuple, *, func: str) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))} for {func}; found {value!r}")
    return value


def _rows(value, name: str, *, func: str) -> np.ndarray:
    array = as_float_array(value, name, func=func)
    if array.ndim == 0:
        raise ValueError(f"{name} must have a last axis of coordinates for {func}; found a scalar — pass [[x]]")
    return array


def _jensen_shannon_rows(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    r""":math:`\tfrac12\sum_k m_k\,g(d_k)` with :math:`m = (p+q)/2`, :math:`d = (p-q)/(p+q)` and
    :math:`g(d) = (1+d)\log(1+d) + (1-d)\log(1-d) = \sum_{n\ge1} d^{2n}/(n(2n-1))`.

    Written this way the two KL terms, each of first order in :math:`p - q`,
    never cancel: nearly equal rows keep full relative accuracy.
    """
    total = p + q
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.where(total > 0, (p - q) / np.where(total > 0, total, 1), 0.0)
    small = np.abs(d) < 0.1
    d2 = d * d
    series = np.zeros_like(d)
    for n in range(12, 0, -1):  # Horner in d²: d² (1/1 + d² (1/6 + d² (1/15 + …)))
        series = 1.0 / (n * (2 * n - 1)) + d2 * series
    series = d2 * series
    with np.errstate(invalid="ignore", divide="ignore"):
        plus = np.where(d > -1, (1 + d) * np.log1p(np.where(d > -1, d, 0)), 0.0)
        minus = np.where(d < 1, (1 - d) * np.log1p(np.where(d < 1, -d, 0)), 0.0)
    g = np.where(small, series, plus + minus)
    return 0.25 * np.sum(total * g, axis=-1)


@checked_call
def neighbor_distance(embeddings, neighbor_embeddings, *, distance: str = "l2", sample_weight=None,
                      reduction: str = "none"):
    r"""The distance :math:`D(h_i, h_j)` between each row of ``embeddings`` and the matching neighbour row.

    ===============================  ============================================================
    ``distance``                     :math:`D(\mathbf u, \mathbf v)` per row
    ===============================  ============================================================
    ``"l1"``                         :math:`\sum_k |u_k - v_k|`
    ``"l2"``                         :math:`\sum_k (u_k - v_k)^2` (NSL's L2 is the *squared* distance)
    ``"cosine"``                     :math:`1 - \cos(\mathbf u, \mathbf v)`
    ``"kl_divergence"``              :math:`\sum_k u_k \log(u_k / v_k)` (rows are distributions)
    ``"jensen_shannon_divergence"``  :math:`\tfrac12 D_{KL}(\mathbf u\,\|\,\mathbf m) + \tfrac12 D_{KL}(\mathbf v\,\|\,\mathbf m)`, :math:`\mathbf m = (\mathbf u + \mathbf v)/2`
    ===============================  ============================================================

    NSL sums over the last axis when its ``sum_over_axis=-1`` is set; without
    it, its L1 and L2 average over coordinates as well (dividing by :math:`D`).
    Its KL and JS divergences add ``1e-7`` inside each log; lossbook adds
    nothing (a zero probability contributes :math:`0 \log 0 = 0`).

    Parameters
    ----------
    embeddings, neighbor_embeddings : array_like
        Shape ``(..., D)``. Rows :math:`h(x_i)` and :math:`h(x_j)`, the same shape; for the
        divergences, probability rows summing to 1.
    distance : str, optional
        One of :data:`DISTANCES`; default ``"l2"`` (NSL's default).
    sample_weight : array_like, optional
        Weights :math:`w_i \ge 0` of the rows: shape ``embeddings.shape[:-1]`` or a leading part
        of it.  ``"mean"`` is then :math:`\sum_i w_i D_i / \sum_i w_i`, ``"sum"``
        :math:`\sum_i w_i D_i`, ``"none"`` :math:`w_i D_i`.
    reduction : {"none", "mean", "sum"}, optional
        ``"none"`` (default here) returns one distance per row.

    References
    ----------
    Bui, Ravi and Ramavajjala, "Neural Graph Machines: Learning Neural Networks Using Graphs",
    WSDM 2018; TensorFlow Neural Structured Learning, ``nsl.configs.DistanceConfig``.

    Examples
    --------
    >>> float(neighbor_distance([[1.0, 2.0]], [[2.0, 0.0]], distance="l2")[0])
    5.0
    """
    func = "neighbor_distance"
    _choice(distance, "distance", DISTANCES, func=func)
    if sample_weight is not None:
        return weighted_call(neighbor_distance, (embeddings, neighbor_embeddings), sample_weight, reduction,
                             distance=distance)
    check_reduction(reduction, func=func)
    u = _rows(embeddings, "embeddings", func=func)
    v = _rows(neighbor_embeddings, "neighbor_embeddings", func=func)
    check_same_shape(u, v, func=func, names=("embeddings", "neighbor_embeddings"))
    dtype = np.result_type(u, v)
    if distance == "cosine":
        return cosine_distance(u.astype(dtype), v.astype(dtype), reduction=reduction)
    if distance == "kl_divergence":
        return kl_divergence(u.astype(dtype), v.astype(dtype), reduction=reduction)
    if distance == "jensen_shannon_divergence":
        kl_divergence(u, v, reduction="none")  # the same checks: probability rows
        losses = _jensen_shannon_rows(u.astype(np.float64), v.astype(np.float64)).astype(dtype)
        return reduce_losses(losses, reduction)
    with np.errstate(over="ignore"):
        gap = np.abs(u.astype(dtype) - v.astype(dtype))
        losses = np.sum(gap if distance == "l1" else gap * gap, axis=-1)
    return reduce_losses(np.asarray(losses, dtype=dtype), reduction)


@checked_call
def graph_regularization(embeddings, neighbor_embeddings, neighbor_weights, *, distance: str = "l2",
                         max_neighbors: int | None = None, sample_weight=None, reduction: str = "mean"):
    r"""The graph term :math:`\sum_{j} w_{ij} D(h_i, h_{ij})` of each sample, over its first ``max_neighbors`` neighbours.

    Add it, times a multiplier :math:`\alpha` (NSL's default 0.01), to the
    supervised loss.

    Parameters
    ----------
    embeddings : array_like
        Shape ``(N, D)``. :math:`h(x_i)`, one row per sample.
    neighbor_embeddings : array_like
        Shape ``(N, K, D)``. :math:`h(x_{ij})` of each sample's :math:`K` neighbours.
    neighbor_weights : array_like
        Shape ``(N, K)``. Edge weights :math:`w_{ij} \ge 0` (0 for a missing neighbour).
    distance : str, optional
        One of :data:`DISTANCES` (see :func:`neighbor_distance`).
    max_neighbors : int or None, optional
        Use the first ``max_neighbors`` neighbours; ``None`` (default) uses all
        :math:`K`.  **0 is refused**: NSL's ``GraphNeighborConfig`` defaults to
        ``max_neighbors=0``, which switches graph regularisation off and leaves
        a graph loss of exactly 0 without a warning.
    sample_weight : array_like, optional
        Shape ``(N,)``. Weights :math:`v_i \ge 0` of the samples (not of the edges: those are
        ``neighbor_weights``).  ``"mean"`` is then :math:`\sum_i v_i g_i / \sum_i v_i` with
        :math:`g_i` a sample's graph term, ``"sum"`` :math:`\sum_i v_i g_i`, ``"none"`` :math:`v_i g_i`.
    reduction : {"mean", "sum", "none"}, optional
        Over samples.  (NSL's default reduction divides the weighted sum by the
        number of non-zero weights, not by :math:`N`.)

    References
    ----------
    Bui, Ravi and Ramavajjala 2018 (see :func:`neighbor_distance`); NSL's ``GraphRegConfig``.

    Examples
    --------
    >>> float(graph_regularization([[0.0, 0.0]], [[[1.0, 0.0], [0.0, 2.0]]], [[1.0, 0.5]]))
    3.0
    """
    func = "graph_regularization"
    if sample_weight is not None:
        return weighted_call(graph_regularization, (embeddings, neighbor_embeddings, neighbor_weights),
                             sample_weight, reduction, distance=distance, max_neighbors=max_neighbors)
    check_reduction(reduction, func=func)
    h = _rows(embeddings, "embeddings", func=func)
    neighbors = as_float_array(neighbor_embeddings, "neighbor_embeddings", func=func)
    weights = as_float_array(neighbor_weights, "neighbor_weights", func=func)
    if neighbors.ndim != h.ndim + 1 or neighbors.shape[:-2] != h.shape[:-1] or neighbors.shape[-1] != h.shape[-1]:
        raise ValueError(f"neighbor_embeddings must have shape (N, K, D) = {h.shape[:-1]} + (K,) + {h.shape[-1:]} "
                         f"for {func}; found {neighbors.shape} (embeddings {h.shape})")
    if weights.shape != neighbors.shape[:-1]:
        raise ValueError(f"neighbor_weights must have shape (N, K) = {neighbors.shape[:-1]} for {func}; "
                         f"found {weights.shape}")
    if (weights < 0).any():
        raise ValueError(f"neighbor_weights must be >= 0 for {func}; found {float(weights[weights < 0][0])!r}")
    k = neighbors.shape[-2]
    if max_neighbors is not None:
        if isinstance(max_neighbors, bool) or not isinstance(max_neighbors, numbers.Integral):
            raise TypeError(f"max_neighbors must be an int or None for {func}; found {max_neighbors!r}")
        if max_neighbors == 0:
            raise ValueError(
                f"max_neighbors=0 uses no neighbour, so the graph term would be 0 for {func} "
                "(NSL's default max_neighbors=0 switches graph regularisation off silently); "
                "pass the number of neighbours to use, or None for all")
        if not 0 < max_neighbors <= k:
            raise ValueError(f"max_neighbors must be between 1 and the K = {k} neighbours given for {func}; "
                             f"found {max_neighbors}")
        k = int(max_neighbors)
    neighbors, weights = neighbors[..., :k, :], weights[..., :k]
    repeated = np.broadcast_to(h[..., None, :], neighbors.shape)
    distances = neighbor_distance(repeated, neighbors, distance=distance, reduction="none")
    dtype = np.result_type(h, neighbors, weights)
    with np.errstate(invalid="ignore", over="ignore"):
        terms = np.where(weights == 0, 0, weights * distances)  # a missing neighbour adds nothing
    return reduce_losses(np.sum(terms, axis=-1).astype(dtype), reduction)


@checked_call
def adversarial_perturbation(gradient, *, step_size: float = 0.001, norm: str = "l2"):
    r"""The step :math:`\epsilon\, g / \lVert g\rVert` along each row of ``gradient`` (NSL's adversarial neighbour).

    ``norm="l2"`` divides by :math:`\lVert g\rVert_2`, ``"l1"`` by
    :math:`\lVert g\rVert_1`, and ``"infinity"`` takes :math:`\epsilon\,\operatorname{sign}(g)` (the
    fast gradient sign method).  A zero gradient row has no direction: its step is 0.
    NSL's default step is 0.001 with the L2 norm.

    References
    ----------
    Goodfellow, Shlens and Szegedy, "Explaining and Harnessing Adversarial Examples", ICLR 2015.

    Examples
    --------
    >>> adversarial_perturbation([[3.0, -4.0]], step_size=0.5).tolist()
    [[0.3, -0.4]]
    """
    func = "adversarial_perturbation"
    _choice(norm, "norm", NORMS, func=func)
    if isinstance(step_size, bool) or not isinstance(step_size, numbers.Real) or not np.isfinite(step_size) \
            or step_size < 0:
        raise ValueError(f"step_size must be a finite number >= 0 for {func}; found {step_size!r}")
    g = _rows(gradient, "gradient", func=func)
    if norm == "infinity":
        return (step_size * np.sign(g)).astype(g.dtype)
    scale = np.max(np.abs(g), axis=-1, keepdims=True)  # scale first: no overflow or underflow in the norm
    safe = np.where(scale > 0, scale, 1)
    unit = g / safe
    size = np.sum(np.abs(unit), axis=-1, keepdims=True) if norm == "l1" else np.sqrt(np.sum(unit * unit, axis=-1,
                                                                                              keepdims=True))
    return np.where(scale > 0, step_size * unit / np.where(scale > 0, size, 1), 0).astype(g.dtype)


@checked_call
def logistic_adversarial_loss(y_true, x, weights, bias: float = 0.0, *, epsilon: float, norm: str = "l2",
                              sample_weight=None, reduction: str = "mean"):
    r"""Cross-entropy of a logistic model at the adversarially perturbed inputs :math:`x + \delta`.

    For :math:`p = \sigma(\mathbf w\cdot\mathbf x + b)` the gradient of the
    cross-entropy by the input is :math:`(p - y)\,\mathbf w`, so the step of
    :func:`adversarial_perturbation` changes the logit by
    :math:`\epsilon\, s\, c(\mathbf w)` with :math:`s = \operatorname{sign}(p - y)` and
    :math:`c = \lVert\mathbf w\rVert_2` (``"l2"``), :math:`\lVert\mathbf w\rVert_1` (``"infinity"``)
    or :math:`\lVert\mathbf w\rVert_2^2/\lVert\mathbf w\rVert_1` (``"l1"``):

    .. math:: \ell_{\text{adv}} = \mathrm{BCE}\bigl(y,\ \mathbf w\cdot\mathbf x + b + \epsilon\, s\, c(\mathbf w)\bigr).

    The sign is taken exactly (:math:`p - y` has the sign of :math:`z - \operatorname{logit}(y)`),
    so a confident, correct prediction is still pushed towards the boundary even
    where :math:`p - y` rounds to 0.  The regularised objective is
    :math:`\mathrm{BCE} + \alpha\,\ell_{\text{adv}}` (NSL's multiplier
    :math:`\alpha` defaults to 0.2).

    Parameters
    ----------
    y_true : array_like
        Shape ``(N,)``. Labels in :math:`[0, 1]`.
    x : array_like
        Shape ``(N, D)``. Inputs.
    weights : array_like
        Shape ``(D,)``. The model's weights :math:`\mathbf w`.
    bias : float
        :math:`b`.
    epsilon : float
        Step size :math:`\epsilon \ge 0`.
    norm : str
        One of :data:`NORMS`.
    sample_weight : array_like, optional
        Shape ``(N,)``. Weights :math:`v_n \ge 0` of the samples (``weights`` are the model's):
        ``"mean"`` is then :math:`\sum_n v_n\ell_n / \sum_n v_n`, ``"sum"`` :math:`\sum_n v_n\ell_n`,
        ``"none"`` :math:`v_n\ell_n`.
    reduction : {"mean", "sum", "none"}, optional
        ``"none"`` returns one loss per sample, ``"mean"`` (default) their mean.

    References
    ----------
    Goodfellow, Shlens and Szegedy, "Explaining and Harnessing Adversarial Examples", ICLR 2015.

    Examples
    --------
    >>> round(float(logistic_adversarial_loss([1.0], [[1.0, 0.0]], [2.0, 0.0], epsilon=0.5)), 6)  # logit 2 -> 1
    0.313262
    """
    func = "logistic_adversarial_loss"
    _choice(norm, "norm", NORMS, func=func)
    if sample_weight is not None:
        return weighted_call(logistic_adversarial_loss, (y_true, x, weights, bias), sample_weight, reduction,
                             epsilon=epsilon, norm=norm)
    if isinstance(epsilon, bool) or not isinstance(epsilon, numbers.Real) or not np.isfinite(epsilon) or epsilon < 0:
        raise ValueError(f"epsilon must be a finite number >= 0 for {func}; found {epsilon!r}")
    labels = as_float_array(y_true, "y_true", func=func)
    inputs = _rows(x, "x", func=func)
    w = as_float_array(weights, "weights", func=func)
    if w.ndim != 1 or inputs.shape[-1:] != w.shape or labels.shape != inputs.shape[:-1]:
        raise ValueError(f"x must have shape (N, D), weights (D,) and y_true (N,) for {func}; "
                         f"found x {inputs.shape}, weights {w.shape}, y_true {labels.shape}")
    if (labels < 0).any() or (labels > 1).any():
        raise ValueError(f"y_true must hold labels in [0, 1] for {func}; found {float(labels[(labels < 0) | (labels > 1)][0])!r}")
    z = inputs @ w + float(bias)
    with np.errstate(divide="ignore"):
        label_logit = np.log(labels) - np.log1p(-labels)
    s = np.sign(z - label_logit)
    l1, l2 = np.sum(np.abs(w)), float(np.sqrt(np.sum(w * w)))
    c = {"l2": l2, "infinity": l1, "l1": (l2 * l2 / l1) if l1 > 0 else 0.0}[norm]
    return binary_cross_entropy(labels, z + epsilon * s * c, from_logits=True, reduction=reduction)
