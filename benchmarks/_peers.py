"""What lossbook is timed against: PyTorch, ``jax.jit``, the textbook NumPy one-liner, the memory floor.

Each builder takes a catalog record, its inputs (NumPy arrays named by the
record's arguments) and its hyper-parameters, and returns a no-argument
callable that computes the mean cost — or ``None`` when the peer has no
version of the loss.  Conversions (``torch.from_numpy``, ``jax.device_put``)
happen here, outside the timed call.
"""

from __future__ import annotations

import sys

import numpy as np


def _norm(x):
    return np.sqrt(np.sum(x * x, axis=-1))


def _cos(x1, x2):
    return np.sum(x1 * x2, axis=-1) / (_norm(x1) * _norm(x2))


def _log_softmax(z):
    return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _bce(t, p):
    return -(t * np.log(p) + (1 - t) * np.log(1 - p))


def _info_nce(anchor, positive, temperature):
    a = anchor / _norm(anchor)[:, None]
    p = positive / _norm(positive)[:, None]
    return -np.mean(np.diag(_log_softmax(a @ p.T / temperature)))


def _nt_xent(anchor, positive, temperature):
    z = np.concatenate([anchor, positive])
    z = z / _norm(z)[:, None]
    s = z @ z.T / temperature
    np.fill_diagonal(s, -np.inf)
    n = len(anchor)
    partner = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    return -np.mean(_log_softmax(s)[np.arange(2 * n), partner])


#: The formula as tutorials write it, one line of NumPy, no guards (keyed by the record's label).
NAIVE = {
    "mean_squared_error": lambda y_true, y_pred: np.mean((y_pred - y_true) ** 2),
    "mean_absolute_error": lambda y_true, y_pred: np.mean(np.abs(y_pred - y_true)),
    "root_mean_squared_error": lambda y_true, y_pred: np.sqrt(np.mean((y_pred - y_true) ** 2)),
    "mean_squared_log_error": lambda y_true, y_pred: np.mean((np.log1p(y_pred) - np.log1p(y_true)) ** 2),
    "huber_loss": lambda y_true, y_pred, delta: np.mean(np.where(
        np.abs(y_pred - y_true) <= delta, 0.5 * (y_pred - y_true) ** 2, delta * (np.abs(y_pred - y_true) - 0.5 * delta))),
    "pseudo_huber_loss": lambda y_true, y_pred, delta: np.mean(
        delta**2 * (np.sqrt(1 + ((y_pred - y_true) / delta) ** 2) - 1)),
    "log_cosh_loss": lambda y_true, y_pred: np.mean(np.log(np.cosh(y_pred - y_true))),
    "quantile_loss": lambda y_true, y_pred, quantile: np.mean(
        np.maximum(quantile * (y_true - y_pred), (quantile - 1) * (y_true - y_pred))),
    "binary_cross_entropy": lambda y_true, y_pred: np.mean(_bce(y_true, y_pred)),
    "binary_cross_entropy(from_logits=True)": lambda y_true, y_pred: np.mean(_bce(y_true, _sigmoid(y_pred))),
    "hinge": lambda y_true, y_pred: np.mean(np.maximum(0, 1 - y_true * y_pred)),
    "squared_hinge": lambda y_true, y_pred: np.mean(np.maximum(0, 1 - y_true * y_pred) ** 2),
    "categorical_cross_entropy": lambda y_true, y_pred: -np.mean(np.sum(y_true * np.log(y_pred), axis=-1)),
    "categorical_cross_entropy(from_logits=True)": lambda y_true, y_pred: -np.mean(
        np.sum(y_true * _log_softmax(y_pred), axis=-1)),
    "sparse_categorical_cross_entropy": lambda y_true, y_pred: -np.mean(
        np.log(y_pred[np.arange(len(y_true)), y_true])),
    "sparse_categorical_cross_entropy(from_logits=True)": lambda y_true, y_pred: -np.mean(
        _log_softmax(y_pred)[np.arange(len(y_true)), y_true]),
    "kl_divergence": lambda y_true, y_pred: np.mean(np.sum(y_true * np.log(y_true / y_pred), axis=-1)),
    "multilabel_binary_cross_entropy": lambda y_true, y_pred: np.mean(np.sum(_bce(y_true, y_pred), axis=-1)),
    "multilabel_binary_cross_entropy(from_logits=True)": lambda y_true, y_pred: np.mean(
        np.sum(_bce(y_true, _sigmoid(y_pred)), axis=-1)),
    "cosine_distance": lambda x1, x2: np.mean(1 - _cos(x1, x2)),
    "cosine_embedding_loss": lambda x1, x2, label, margin: np.mean(
        np.where(label == 1, 1 - _cos(x1, x2), np.maximum(0, _cos(x1, x2) - margin))),
    "contrastive_loss": lambda x1, x2, label, margin: np.mean(
        label * _norm(x1 - x2) ** 2 + (1 - label) * np.maximum(0, margin - _norm(x1 - x2)) ** 2),
    "triplet_margin_loss": lambda anchor, positive, negative, margin, swap: np.mean(
        np.maximum(0, _norm(anchor - positive) - _norm(anchor - negative) + margin)),
    "soft_margin_triplet_loss": lambda anchor, positive, negative, swap: np.mean(
        np.log1p(np.exp(_norm(anchor - positive) - _norm(anchor - negative)))),
    "info_nce": _info_nce,
    "nt_xent": _nt_xent,
}


def naive(record, inputs: dict, params: dict):
    formula = NAIVE.get(record.label)
    if formula is None:
        return None
    return lambda: formula(**inputs, **params)


def floor(record, inputs: dict, params: dict):
    """The memory floor: read every input once (``np.add.reduce`` over all its elements), write nothing.

    No loss can take less time than reading its inputs; a ratio to this is
    how far a loss is from being limited by memory bandwidth alone.
    """
    arrays = [np.ravel(value) for value in inputs.values()]
    return lambda: [np.add.reduce(array) for array in arrays]


def _torch():
    import torch

    return torch


def torch_modules(call: str) -> dict:
    """``torch``, and ``torchvision`` when the call uses it (its focal loss)."""
    modules = {"torch": _torch()}
    if "torchvision" in call:
        import torchvision.ops  # noqa: F401 - binds the ops submodule

        modules["torchvision"] = sys.modules["torchvision"]
    return modules


def torch_call(record, inputs: dict, params: dict):
    call = record.frameworks.get("PyTorch")
    if call is None:
        return None
    namespace = {**torch_modules(call), **{name: _torch().from_numpy(value) for name, value in inputs.items()}, **params}
    code = compile(call, f"<PyTorch call of {record.label}>", "eval")
    return lambda: eval(code, namespace)  # noqa: S307 - the catalog's own call strings


def jax_call(record, inputs: dict, params: dict):
    """``jax.jit`` of the catalog's optax call (compiled once, outside the timing)."""
    call = record.frameworks.get("optax")
    if call is None:
        return None
    import jax
    import jax.numpy as jnp
    import optax

    names = list(inputs)
    code = compile(call, f"<optax call of {record.label}>", "eval")

    def cost(*arrays):
        return eval(code, {"optax": optax, "jnp": jnp, **dict(zip(names, arrays)), **params})  # noqa: S307

    compiled = jax.jit(cost)
    arrays = [jax.device_put(value) for value in inputs.values()]
    compiled(*arrays).block_until_ready()
    return lambda: compiled(*arrays).block_until_ready()
