r"""Logistic regression trained by gradient descent, with a choice of loss.

The model scores a sample :math:`\mathbf x` with the logit
:math:`z = \mathbf w^\top\mathbf x + b` and predicts :math:`p = \sigma(z)`.
Each loss is written as a function of the logit, :math:`\ell(y, z)`, with its
derivative in closed form; the chain rule then gives the gradient of the cost
:math:`J = \frac1N\sum_i \ell(y_i, z_i)`:

.. math:: \nabla_{\mathbf w} J = \frac1N\sum_i \ell'(y_i, z_i)\,\mathbf x_i,
          \qquad \frac{\partial J}{\partial b} = \frac1N\sum_i \ell'(y_i, z_i).

The losses of the logit (:data:`LOGIT_LOSSES`):

* ``"bce"``: :math:`\ell = \operatorname{BCE}(y, \sigma(z))`, :math:`\ell' = \sigma(z) - y`;
* ``"mse"``: :math:`\ell = (\sigma(z) - y)^2`, :math:`\ell' = 2(\sigma(z) - y)\,\sigma(z)(1 - \sigma(z))`;
* ``"focal"`` (γ = 2, no α): with :math:`s = 2y - 1` and :math:`p_t = \sigma(sz)`,
  :math:`\ell = -(1 - p_t)^2 \log p_t`,
  :math:`\ell' = s\,[\,2(1 - p_t)^2 p_t \log p_t - (1 - p_t)^3\,]`.

Both take a ``pos_weight`` :math:`w_+` (PyTorch's name) that multiplies the
loss of every positive sample.  Values come from lossbook's losses; the
derivatives are checked against finite differences in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import binary_labels, whole_number
from ._numerics.validation import as_float_array, check_positive_param
from .activations import sigmoid
from .losses import binary_cross_entropy, binary_focal_loss, mean_squared_error

__all__ = [
    "LOGIT_LOSSES",
    "FOCAL_GAMMA",
    "logit_loss",
    "logit_loss_derivative",
    "cost_and_gradient",
    "TrainingRun",
    "train_logistic",
]

#: The losses of a logit this module can train with.
LOGIT_LOSSES = ("bce", "mse", "focal")
#: The focusing parameter of the "focal" loss (Lin et al.'s default).
FOCAL_GAMMA = 2.0


def _check_loss(loss, *, func: str) -> str:
    if loss not in LOGIT_LOSSES:
        raise ValueError(f"loss must be one of {', '.join(map(repr, LOGIT_LOSSES))} for {func}; found {loss!r}")
    return loss


def _class_weights(y: np.ndarray, pos_weight: float) -> np.ndarray:
    return np.where(y == 1, pos_weight, 1.0)


def logit_loss(loss: str, y, z, *, pos_weight: float = 1.0) -> np.ndarray:
    r"""Per-sample loss :math:`w(y)\,\ell(y, z)` of logits ``z`` for labels ``y`` (0/1).

    :math:`w(1) = w_+` (``pos_weight``) and :math:`w(0) = 1`.

    Examples
    --------
    >>> from lossbook.training import logit_loss
    >>> logit_loss("bce", [1.0, 0.0], [0.0, 0.0])
    array([0.69314718, 0.69314718])
    >>> logit_loss("mse", [1.0, 0.0], [0.0, 0.0], pos_weight=3.0)
    array([0.75, 0.25])
    """
    func = "logit_loss"
    loss = _check_loss(loss, func=func)
    pos_weight = check_positive_param(pos_weight, "pos_weight", func=func)
    y, z = as_float_array(y, "y", func=func), as_float_array(z, "z", func=func)
    if loss == "bce":
        values = binary_cross_entropy(y, z, from_logits=True, reduction="none")
    elif loss == "focal":
        values = binary_focal_loss(y, z, gamma=FOCAL_GAMMA, from_logits=True, reduction="none")
    else:
        values = mean_squared_error(y, sigmoid(z), reduction="none")
    return _class_weights(y, pos_weight) * values


def logit_loss_derivative(loss: str, y, z, *, pos_weight: float = 1.0) -> np.ndarray:
    r"""Derivative :math:`\partial\,[w(y)\,\ell(y, z)]/\partial z`, per sample, in closed form.

    Examples
    --------
    >>> from lossbook.training import logit_loss_derivative
    >>> logit_loss_derivative("bce", [1.0, 0.0], [0.0, 0.0])
    array([-0.5,  0.5])
    >>> logit_loss_derivative("mse", [1.0], [-20.0])   # saturated: almost no gradient
    array([-4.12230722e-09])
    """
    func = "logit_loss_derivative"
    loss = _check_loss(loss, func=func)
    pos_weight = check_positive_param(pos_weight, "pos_weight", func=func)
    y, z = as_float_array(y, "y", func=func), as_float_array(z, "z", func=func)
    p = sigmoid(z)
    if loss == "focal":
        sign = 2 * y - 1
        p_t = sigmoid(sign * z)
        q_t = sigmoid(-sign * z)  # 1 - p_t without cancellation
        log_p_t = -binary_cross_entropy(np.ones_like(z), sign * z, from_logits=True, reduction="none")
        slope = sign * (FOCAL_GAMMA * q_t**FOCAL_GAMMA * p_t * log_p_t - q_t ** (FOCAL_GAMMA + 1))
    else:
        slope = p - y if loss == "bce" else 2 * (p - y) * p * (1 - p)
    return _class_weights(y, pos_weight) * slope


def _design(features, y, *, func: str) -> tuple[np.ndarray, np.ndarray]:
    x = as_float_array(features, "features", func=func)
    labels = binary_labels(y, "y", func=func)
    if x.ndim != 2 or labels.shape != x.shape[:1]:
        raise ValueError(
            f"features must have shape (N, D) and y shape (N,) for {func}; found {x.shape} and {labels.shape}"
        )
    return x, labels


def cost_and_gradient(loss: str, features, y, weights, bias: float, *, pos_weight: float = 1.0):
    r"""The cost :math:`J(\mathbf w, b)` and its gradient :math:`(\nabla_{\mathbf w} J, \partial J/\partial b)`.

    Returns ``(cost, gradient_w, gradient_b)``.

    Examples
    --------
    >>> from lossbook.training import cost_and_gradient
    >>> cost, g_w, g_b = cost_and_gradient("bce", [[1.0], [-1.0]], [1.0, 0.0], [0.0], 0.0)
    >>> round(cost, 6), g_w, g_b
    (0.693147, array([-0.5]), 0.0)
    """
    func = "cost_and_gradient"
    x, labels = _design(features, y, func=func)
    w = as_float_array(weights, "weights", func=func)
    if w.shape != x.shape[1:]:
        raise ValueError(f"weights must have shape {x.shape[1:]} for {func} (one per feature); found {w.shape}")
    z = x @ w + float(bias)
    losses = logit_loss(loss, labels, z, pos_weight=pos_weight)
    slope = logit_loss_derivative(loss, labels, z, pos_weight=pos_weight)
    return float(np.mean(losses)), x.T @ slope / len(z), float(np.mean(slope))


@dataclass(frozen=True)
class TrainingRun:
    """What :func:`train_logistic` recorded, once per epoch (and at the start).

    Attributes
    ----------
    weights : numpy.ndarray
        Shape ``(epochs + 1, D)``: the weights before training and after each epoch.
    bias : numpy.ndarray
        Shape ``(epochs + 1,)``.
    training_cost : numpy.ndarray
        The cost on the whole training set at those moments.
    validation_cost : numpy.ndarray or None
        The cost on the validation set, if one was given.
    """

    weights: np.ndarray
    bias: np.ndarray
    training_cost: np.ndarray
    validation_cost: np.ndarray | None

    def logits(self, features, epoch: int = -1) -> np.ndarray:
        """The logits :math:`\\mathbf w^\\top\\mathbf x + b` of the model after ``epoch`` (default: the last)."""
        x = as_float_array(features, "features", func="TrainingRun.logits")
        return x @ self.weights[epoch] + self.bias[epoch]


def train_logistic(
    features,
    y,
    *,
    loss: str = "bce",
    learning_rate: float,
    epochs: int,
    start=None,
    batch_size: int | None = None,
    seed: int = 0,
    validation=None,
    pos_weight: float = 1.0,
) -> TrainingRun:
    r"""Train :math:`p = \sigma(\mathbf w^\top\mathbf x + b)` by (mini-batch) gradient descent.

    Each step is :math:`(\mathbf w, b) \leftarrow (\mathbf w, b) - \eta\,\nabla J_B`,
    where :math:`J_B` is the cost on a batch: the whole training set when
    ``batch_size`` is None (full-batch gradient descent, one step per epoch),
    otherwise consecutive batches of a fresh random order each epoch
    (stochastic mini-batch gradient descent, ``ceil(N / batch_size)`` steps
    per epoch).

    Parameters
    ----------
    features : array_like
        Shape ``(N, D)``.
    y : array_like
        Labels 0/1, shape ``(N,)``.
    loss : {"bce", "mse"}, optional
        The loss of the logit (see the module).
    learning_rate : float
        The step size :math:`\eta > 0`.
    epochs : int
        Passes over the training set (``>= 0``).
    start : tuple, optional
        ``(weights, bias)`` to start from; zeros by default.
    batch_size : int, optional
        Samples per step; None for full batches.
    seed : int, optional
        Seed of the shuffling (mini-batches only).
    validation : tuple, optional
        ``(features, y)`` of a validation set, whose cost is recorded too.
    pos_weight : float, optional
        Weight :math:`w_+` of the positive samples' losses.

    Returns
    -------
    TrainingRun

    Examples
    --------
    >>> from lossbook.training import train_logistic
    >>> run = train_logistic([[1.0], [-1.0]], [1.0, 0.0], learning_rate=1.0, epochs=2)
    >>> run.training_cost.round(4)
    array([0.6931, 0.4741, 0.3477])
    """
    func = "train_logistic"
    loss = _check_loss(loss, func=func)
    x, labels = _design(features, y, func=func)
    learning_rate = check_positive_param(learning_rate, "learning_rate", func=func)
    epochs = whole_number(epochs, "epochs", func=func, minimum=0)
    n, d = x.shape
    if batch_size is not None:
        batch_size = whole_number(batch_size, "batch_size", func=func, minimum=1)
        if batch_size > n:
            raise ValueError(f"batch_size must be at most the {n} training samples for {func}; found {batch_size}")
    w = np.zeros(d) if start is None else as_float_array(start[0], "start[0]", func=func).copy()
    b = 0.0 if start is None else float(start[1])
    if w.shape != (d,):
        raise ValueError(f"start[0] (the weights) must have shape ({d},) for {func}; found {w.shape}")
    if validation is not None:
        x_val, y_val = _design(*validation, func=func)

    def costs():
        train = cost_and_gradient(loss, x, labels, w, b, pos_weight=pos_weight)[0]
        val = cost_and_gradient(loss, x_val, y_val, w, b, pos_weight=pos_weight)[0] if validation is not None else np.nan
        return train, val

    rng = np.random.default_rng(seed)
    weights, biases, recorded = [w.copy()], [b], [costs()]
    for _ in range(epochs):
        order = np.arange(n) if batch_size is None else rng.permutation(n)
        step = n if batch_size is None else batch_size
        for first in range(0, n, step):
            batch = order[first:first + step]
            _, g_w, g_b = cost_and_gradient(loss, x[batch], labels[batch], w, b, pos_weight=pos_weight)
            w, b = w - learning_rate * g_w, b - learning_rate * g_b
        weights.append(w.copy())
        biases.append(b)
        recorded.append(costs())
    recorded = np.array(recorded)
    return TrainingRun(
        weights=np.array(weights),
        bias=np.array(biases),
        training_cost=recorded[:, 0],
        validation_cost=recorded[:, 1] if validation is not None else None,
    )
