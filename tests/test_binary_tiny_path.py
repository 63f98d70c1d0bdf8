"""The binary and multi-label losses give the same bits on their short path for small inputs as on the general one.

Two plain float arrays of one dtype and shape skip the conversion
(``blocks.fast_pair``), an input of one block is run with the error state set
once (``blocks._one_block``), and a block of at most ``_binary_kernels._SMALL``
labels is checked on a Python list.  Each call is made that way and the
general way — the same values as an ndarray subclass (converted by
``as_float_array``) with ``_SMALL = 0`` (labels checked by NumPy reductions) —
and the outcomes compared bit for bit (value, dtype, shape, type), or error
message for error message.  With ``blocks.BLOCK = 8`` the inputs span several
blocks: the per-element losses must not change either.
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest

import lossbook as lb
from lossbook._numerics import blocks
from lossbook.losses import _binary_kernels

N_CASES = 150
REDUCTIONS = ("mean", "sum", "none")


class _Subclass(np.ndarray):
    """An array type the short path does not take: it goes through the general conversion."""


def _outcome(function, *args, **kwargs):
    """``("ok", type, (dtype, shape, bytes))`` of the result, or ``("error", type, message)``."""
    try:
        result = function(*args, **kwargs)
    except (TypeError, ValueError) as error:
        return "error", type(error), str(error)
    return "ok", type(result), _bits(result)


def _bits(value) -> tuple:
    array = np.asarray(value)
    return array.dtype, array.shape, array.tobytes()


def _both_ways(monkeypatch, function, y_true, y_pred, **kwargs):
    """The outcome on the short path, checked equal to the general path's; the general losses across blocks too."""
    short = _outcome(function, y_true, y_pred, **kwargs)
    with monkeypatch.context() as patch:
        patch.setattr(_binary_kernels, "_SMALL", 0)
        general = _outcome(function, y_true.view(_Subclass), y_pred.view(_Subclass), **kwargs)
        assert short == general, (function.__name__, y_true, y_pred, kwargs)
        if kwargs.get("reduction") == "none":
            patch.setattr(blocks, "BLOCK", 8)
            assert _outcome(function, y_true, y_pred, **kwargs) == short, (function.__name__, y_true, y_pred, kwargs)
    return short


def _shape(rng, multilabel: bool) -> tuple:
    size = int(rng.integers(1, 41))  # across _SMALL = 32
    if multilabel:
        return (size, int(rng.integers(1, 4)))
    return ((size,), (size, 2), ())[rng.integers(3)] if size > 1 else (size,)


def _labels(rng, shape, kind: str) -> np.ndarray:
    hard = rng.integers(0, 2, shape).astype(float)
    if kind == "signed":
        labels = 2 * hard - 1
    elif kind == "soft":
        labels = rng.random(shape)
    else:
        labels = np.where((hard == 0) & (rng.random(shape) < 0.3), -0.0, hard)  # -0 is a label 0 too
    if rng.random() < 0.15 and labels.size:  # a label the loss refuses, at a random place
        labels.flat[rng.integers(labels.size)] = rng.choice([2.0, -1.0, 0.5, np.nan, 0.0, 1.5])
    return labels


def _predictions(rng, shape, kind: str) -> np.ndarray:
    if kind == "probabilities":
        values = rng.uniform(0.02, 0.98, shape)
        edges = [0.0, 1.0, 1e-300, 1 - 2.0**-53, 0.5, np.nan, -0.1, 1.1]
    else:
        values = rng.normal(0, 3, shape) * 10.0 ** rng.integers(-2, 3)
        edges = [0.0, -0.0, 40.0, -800.0, 1e4, -1e4, 1e200, np.inf, -np.inf, np.nan]
    if rng.random() < 0.3 and values.size:
        values.flat[rng.integers(values.size)] = rng.choice(edges)
    return values


CALLS = {
    "bce": (lb.binary_cross_entropy, "hard", "probabilities", [{}, {"label_smoothing": 0.1}]),
    "bce soft": (lb.binary_cross_entropy, "soft", "probabilities", [{}]),
    "bce logits": (lb.binary_cross_entropy, "hard", "logits", [{"from_logits": True},
                                                             {"from_logits": True, "label_smoothing": 0.2}]),
    "focal": (lb.binary_focal_loss, "hard", "probabilities", [{}, {"gamma": 0.0}, {"gamma": 1.5, "alpha": 0.25},
                                                               {"alpha": -0.0}, {"alpha": 1.0}]),
    "focal soft": (lb.binary_focal_loss, "soft", "probabilities", [{}, {"alpha": 0.75}]),
    "focal logits": (lb.binary_focal_loss, "hard", "logits", [{"from_logits": True},
                                                            {"from_logits": True, "gamma": 3, "alpha": 0.5}]),
    "focal logits soft": (lb.binary_focal_loss, "soft", "logits", [{"from_logits": True}]),
    "hinge": (lb.hinge, "signed", "logits", [{}]),
    "squared hinge": (lb.squared_hinge, "signed", "logits", [{}]),
    "multilabel": (lb.multilabel_binary_cross_entropy, "hard", "probabilities", [{}, {"label_smoothing": 0.1}]),
    "multilabel logits": (lb.multilabel_binary_cross_entropy, "soft", "logits", [{"from_logits": True}]),
}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", list(CALLS))
def test_short_path_gives_the_general_paths_bits(monkeypatch, name, dtype):
    function, label_kind, prediction_kind, variants = CALLS[name]
    rng = np.random.default_rng(zlib.crc32(f"{name} {np.dtype(dtype).name}".encode()))
    # one pairwise sum of the losses, in their dtype (the focal loss rounds its float64 mean once instead)
    summed_as_given = function is not lb.multilabel_binary_cross_entropy and not (
        function is lb.binary_focal_loss and dtype == np.float32)
    outcomes = set()
    for _ in range(N_CASES):
        shape = _shape(rng, function is lb.multilabel_binary_cross_entropy)
        y_true = _labels(rng, shape, label_kind).astype(dtype)
        with np.errstate(over="ignore"):
            y_pred = _predictions(rng, shape, prediction_kind).astype(dtype)
        keywords = variants[rng.integers(len(variants))]
        for reduction in REDUCTIONS:
            outcome = _both_ways(monkeypatch, function, y_true, y_pred, reduction=reduction, **keywords)
            outcomes.add(outcome[0])
            if outcome[0] == "ok" and reduction == "mean" and summed_as_given:
                losses = function(y_true, y_pred, reduction="none", **keywords)
                if np.isfinite(losses).all():  # one block: the mean is one pairwise sum over the size
                    assert outcome[2] == _bits(np.add.reduce(losses.ravel()) / losses.size)
    assert outcomes == {"ok", "error"}  # both kinds of call were compared


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_refused_fast_inputs_take_the_careful_path_alike(monkeypatch, reduction):
    """The rare branches: 0 log 0, a certain wrong prediction, an infinite margin, a NaN after a good block."""
    cases = [
        (lb.binary_cross_entropy, [0.0, 1.0, 0.0], [0.0, 1.0, 0.5], {}),
        (lb.binary_cross_entropy, [1.0, 0.0], [0.0, 0.3], {}),
        (lb.binary_cross_entropy, [1.0, 0.0], [np.inf, -np.inf], {"from_logits": True}),
        (lb.binary_focal_loss, [1.0, 0.0], [1.0, 0.0], {}),
        (lb.binary_focal_loss, [1.0, 0.0], [0.0, 0.5], {"alpha": 0.25}),
        (lb.binary_focal_loss, [1.0, 0.0], [-1e4, 1e4], {"from_logits": True}),
        (lb.hinge, [1.0, -1.0], [np.inf, 0.5], {}),
        (lb.squared_hinge, [1.0, -1.0], [-1e200, 0.5], {}),
        (lb.multilabel_binary_cross_entropy, [[1.0, 0.0]], [[1.0, 0.0]], {}),
    ]
    for function, y_true, y_pred, keywords in cases:
        for size in (1, 40):  # a small block and one above _SMALL
            true = np.resize(np.asarray(y_true), (size,) + np.shape(y_true)[1:])
            pred = np.resize(np.asarray(y_pred), true.shape)
            _both_ways(monkeypatch, function, true, pred, reduction=reduction, **keywords)


def test_pooled_buffers_are_per_thread_and_per_call():
    """Small calls from several threads at once, and a loss called inside a kernel, give the results of one call
    alone: the per-thread buffer pool of ``blocks._one_block`` is neither shared nor reused while in use."""
    import threading

    rng = np.random.default_rng(3)
    inputs = [(rng.integers(0, 2, size).astype(float), rng.uniform(0.05, 0.95, size)) for size in (3, 10, 10, 40)]
    expected = [lb.binary_focal_loss(y, p, alpha=0.25, reduction="none") for y, p in inputs]
    failures = []

    def work():
        for _ in range(300):
            for (y, p), want in zip(inputs, expected):
                if lb.binary_focal_loss(y, p, alpha=0.25, reduction="none").tobytes() != want.tobytes():
                    failures.append((y, p))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures

    y, p = inputs[1]
    inner = []

    def nesting_kernel(out, scratch, true, pred):  # a kernel that runs a loss of the same size while it holds buffers
        np.multiply(true, pred, scratch[0])
        inner.append(lb.binary_cross_entropy(true, pred, reduction="none"))
        np.add(scratch[0], 0.0, out)

    cost, _ = blocks.block_losses(nesting_kernel, (y, p), y.dtype, "sum", n_scratch=2)
    assert cost == np.add.reduce(y * p)
    np.testing.assert_array_equal(inner[0], lb.binary_cross_entropy(y, p, reduction="none"))
