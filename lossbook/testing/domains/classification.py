"""Domains of the classification losses.

Elementwise (one binary decision per element, like the regression domains):

``probability``   labels in [0, 1] (0, 1 and soft) with probabilities down to the
                  smallest subnormal and up to ``1 - 2**-53``, 0 and 1 included
                  (a certain, wrong prediction has the true loss ``inf``).
``logit``         the same labels with logits up to ±1e4, through ±37 (where
                  σ(z) rounds to 1), ±40, ±709/710 (where e^z overflows) and ±745.
``signed-score``  labels ±1 with scores across the whole float range, and the
                  margin 1 with one ulp either side.

Along a class axis (rows of K = 3 classes; ``reduction="none"`` returns one
value per row):

``class-probability``        one-hot and soft target rows × probability rows with
                             zeros, subnormals, 1e-300 and ``1 - 2**-53``.
``class-logit``              the same targets × logit rows up to ±1e4, a true class
                             that wins (or loses) by 40, ±710.
``class-label-probability``  integer labels × the probability rows.
``class-label-logit``        integer labels × the logit rows.
``distribution``             target and predicted distributions, including rows
                             equal to within one ulp (where KL cancels to second order).
``multilabel-probability``   rows of independent labels and probabilities.
``multilabel-logit``         rows of independent labels and logits.

Class-axis domains tell the gradient test which directions to perturb
``y_pred`` in (:attr:`ClassDomain.directions`): unit vectors for logits and
independent labels, and ``e_k - e_K`` for probability rows, which must keep
summing to 1.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Callable

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ._base import Domain, from_target

K = 3  # classes in the hard grids


@dataclass(frozen=True)
class ClassDomain(Domain):
    #: y_pred -> directions (arrays broadcastable to y_pred) along which y_pred may move
    #: and stay valid; the gradient test compares directional derivatives along each.
    directions: Callable[[np.ndarray], list[np.ndarray]] | None = None


def _class_shape(shape: tuple) -> tuple:
    return shape[:-1]


def _unit_directions(y_pred: np.ndarray) -> list[np.ndarray]:
    return list(np.eye(y_pred.shape[-1]))


def _simplex_directions(y_pred: np.ndarray) -> list[np.ndarray]:
    eye = np.eye(y_pred.shape[-1])
    return [eye[k] - eye[-1] for k in range(y_pred.shape[-1] - 1)]


def _pairs(true_values, pred_values, dtype):
    pairs = list(itertools.product(true_values, pred_values))
    true, pred = (np.array(column, dtype=dtype) for column in zip(*pairs))
    return true, pred


def _shapes(min_side=1):
    return hnp.array_shapes(min_dims=1, max_dims=3, min_side=min_side, max_side=5)


def _floats(dtype, low, high):
    return st.floats(low, high, allow_nan=False, allow_infinity=False, width=64 if dtype == np.float64 else 32)


# ------------------------------------------------------------------ elementwise
_SOFT_LABELS = (0.0, 1.0, 0.5, 0.25, 0.9, 1e-3)


def _tiny(dtype):
    """(smallest subnormal, smallest normal-ish, 2**-mantissa) of dtype."""
    if dtype == np.float64:
        return 5e-324, 1e-300, 2.0**-53
    return 1e-45, 1e-38, 2.0**-24


def _probability_values(dtype):
    subnormal, small, half_ulp = _tiny(dtype)
    return (0.0, subnormal, small, 1e-20, 1e-8, 0.15, 0.5, 0.85, 1 - 1e-4, 1 - 2 * half_ulp, 1 - half_ulp, 1.0)


def _probability_grid(dtype):
    return _pairs(_SOFT_LABELS, _probability_values(dtype), dtype)


def _logit_values(dtype):
    if dtype == np.float64:
        magnitudes = (0.0, 1e-20, 0.5, 1.0, 20.0, 36.7, 37.0, 40.0, 100.0, 709.0, 710.0, 745.0, 800.0, 1e4)
    else:
        magnitudes = (0.0, 1e-20, 0.5, 1.0, 15.0, 17.0, 40.0, 88.0, 89.0, 104.0, 200.0, 1e4)
    return sorted({sign * m for m in magnitudes for sign in (1.0, -1.0)})


def _logit_grid(dtype):
    return _pairs(_SOFT_LABELS, _logit_values(dtype), dtype)


def _signed_grid(dtype):
    eps = float(np.finfo(dtype).eps)
    if dtype == np.float64:
        magnitudes = (0.0, 5e-324, 1e-300, 0.15, 0.85, 1 - eps / 2, 1.0, 1 + eps, 2.0, 1e10, 1e150, 1e300, 1.7e308)
    else:
        magnitudes = (0.0, 1e-45, 1e-38, 0.15, 0.85, 1 - eps / 2, 1.0, 1 + eps, 2.0, 1e10, 1e19, 1e30, 3.4e38)
    scores = sorted({sign * m for m in magnitudes for sign in (1.0, -1.0)})
    return _pairs((-1.0, 1.0), scores, dtype)


def _hard_labels(rng, n):
    return rng.integers(0, 2, n).astype(float)


def _elementwise_strategy(labels, values):
    def strategy(dtype):
        return _shapes().flatmap(
            lambda shape: st.tuples(
                hnp.arrays(dtype, shape, elements=st.sampled_from(labels)), hnp.arrays(dtype, shape, elements=values(dtype))
            )
        )

    return strategy


def _perfect_logits(y_true):
    """Logits ±1e4: their loss e^-1e4 rounds to exactly 0 in float32 and float64."""
    return np.where(y_true > 0.5, 1e4, -1e4).astype(y_true.dtype)


PROBABILITY = Domain(
    hard_grid=_probability_grid,
    sample=lambda rng, n: (_hard_labels(rng, n), rng.uniform(0.02, 0.98, n)),
    strategy=_elementwise_strategy((0.0, 1.0), lambda dtype: _floats(dtype, 0.0, 1.0)),
    perfect=from_target(lambda y_true: y_true.copy()),
    smooth_points=lambda rng, n: (rng.uniform(0, 1, n), rng.uniform(0.05, 0.95, n)),
)

LOGIT = Domain(
    hard_grid=_logit_grid,
    sample=lambda rng, n: (_hard_labels(rng, n), rng.normal(0, 3, n)),
    strategy=_elementwise_strategy((0.0, 1.0), lambda dtype: _floats(dtype, -1e4, 1e4)),
    perfect=from_target(_perfect_logits),
    smooth_points=lambda rng, n: (rng.uniform(0, 1, n), rng.normal(0, 3, n)),
)

SIGNED_SCORE = Domain(
    hard_grid=_signed_grid,
    sample=lambda rng, n: (rng.choice([-1.0, 1.0], n), rng.normal(0, 1.5, n)),
    strategy=_elementwise_strategy(
        (-1.0, 1.0), lambda dtype: _floats(dtype, -(2.0**300 if dtype == np.float64 else 2.0**50), 2.0**300 if dtype == np.float64 else 2.0**50)
    ),
    perfect=from_target(lambda y_true: y_true.copy()),  # margin exactly 1
    smooth_points=lambda rng, n: (rng.choice([-1.0, 1.0], n), rng.normal(0, 2, n)),
)


# ------------------------------------------------------------------ class axis: rows
def _target_rows(dtype):
    _, small, _ = _tiny(dtype)
    return [
        (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0),
        (0.2, 0.3, 0.5), (0.5, 0.5, 0.0), (1 / 3, 1 / 3, 1 / 3), (small, 0.0, 1.0),
    ]


def _probability_rows(dtype):
    subnormal, small, half_ulp = _tiny(dtype)
    return [
        (0.16, 0.12, 0.72), (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0), (1 / 3, 1 / 3, 1 / 3),
        (small, small, 1.0), (subnormal, 0.5, 0.5), (half_ulp, 1 - half_ulp, 0.0),
        (1 - half_ulp, half_ulp / 2, half_ulp / 2), (0.2, 0.3, 0.5),
    ]


def _logit_rows(dtype):
    if dtype == np.float64:
        return [
            (0.0, 0.0, 0.0), (40.0, 0.0, 0.0), (0.0, 40.0, 0.0), (-40.0, 0.0, 0.0), (37.0, 0.0, 0.0),
            (710.0, 0.0, -710.0), (1e4, -1e4, 0.0), (1e4, 1e4, -1e4), (1.0, 2.0, 3.0), (1e-20, 0.0, -1e-20),
            (-1e4, -1e4, 40.0 - 1e4),
        ]
    return [
        (0.0, 0.0, 0.0), (40.0, 0.0, 0.0), (0.0, 40.0, 0.0), (-40.0, 0.0, 0.0), (17.0, 0.0, 0.0),
        (88.0, 0.0, -88.0), (1e4, -1e4, 0.0), (1e4, 1e4, -1e4), (1.0, 2.0, 3.0), (1e-20, 0.0, -1e-20),
    ]


def _row_product(true_rows, pred_rows, dtype):
    pairs = list(itertools.product(true_rows, pred_rows))
    return np.array([t for t, _ in pairs], dtype=dtype), np.array([p for _, p in pairs], dtype=dtype)


def _label_product(pred_rows, dtype):
    pairs = list(itertools.product(range(K), pred_rows))
    return np.array([c for c, _ in pairs], dtype=np.int64), np.array([p for _, p in pairs], dtype=dtype)


def _near_pairs(dtype):
    """Target and prediction rows equal to within a few ulps (KL cancels to second order there)."""
    rows = np.array([(0.2, 0.3, 0.5), (1 / 3, 1 / 3, 1 / 3), (0.1, 0.45, 0.45)], dtype=dtype)
    eps = np.finfo(dtype).eps
    shifted = rows.copy()
    shifted[:, 0] *= 1 + 2 * eps
    shifted[:, 1] *= 1 - 2 * eps
    nudged = rows + np.array([1e-7, -1e-7, 0.0], dtype=dtype)  # moves mass, keeps the sum
    return np.concatenate([rows, rows, rows]), np.concatenate([rows, shifted, nudged])


def _distribution_grid(dtype):
    true, pred = _row_product(_target_rows(dtype), _probability_rows(dtype), dtype)
    near_true, near_pred = _near_pairs(dtype)
    return np.concatenate([true, near_true]), np.concatenate([pred, near_pred])


def _soft_rows(rng, n, k=4):
    rows = rng.uniform(0.05, 1.0, (n, k))
    return rows / rows.sum(axis=1, keepdims=True)


def _softmax_rows(rng, n, k=4, scale=1.0):
    z = rng.normal(0, scale, (n, k))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _normalise(rows: np.ndarray) -> np.ndarray:
    totals = rows.sum(axis=-1, keepdims=True)
    uniform = np.full_like(rows, 1 / rows.shape[-1])
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, rows / np.where(totals > 0, totals, 1), uniform)


def _one_hot(labels: np.ndarray, k: int, dtype) -> np.ndarray:
    return np.eye(k, dtype=dtype)[labels]


@st.composite
def _rows(draw, dtype, *, targets: str, predictions: str):
    """(y_true, y_pred) with shape (..., K): targets one-hot/soft/independent, predictions probs/logits."""
    shape = draw(_shapes(min_side=2))
    k = shape[-1]
    if targets == "one-hot":
        labels = draw(hnp.arrays(np.int64, shape[:-1], elements=st.integers(0, k - 1)))
        true = _one_hot(labels, k, dtype)
    elif targets == "soft":
        true = _normalise(draw(hnp.arrays(dtype, shape, elements=_floats(dtype, 0.0, 1.0))))
    else:  # independent 0/1 labels
        true = draw(hnp.arrays(dtype, shape, elements=st.sampled_from((0.0, 1.0))))
    if predictions == "probabilities":
        pred = _normalise(draw(hnp.arrays(dtype, shape, elements=_floats(dtype, 0.0, 1.0))))
    elif predictions == "independent":
        pred = draw(hnp.arrays(dtype, shape, elements=_floats(dtype, 0.0, 1.0)))
    else:
        pred = draw(hnp.arrays(dtype, shape, elements=_floats(dtype, -1e3, 1e3)))
    return true.astype(dtype), pred.astype(dtype)


@st.composite
def _labelled_rows(draw, dtype, *, predictions: str):
    shape = draw(_shapes(min_side=2))
    labels = draw(hnp.arrays(np.int64, shape[:-1], elements=st.integers(0, shape[-1] - 1)))
    if predictions == "probabilities":
        pred = _normalise(draw(hnp.arrays(dtype, shape, elements=_floats(dtype, 0.0, 1.0))))
    else:
        pred = draw(hnp.arrays(dtype, shape, elements=_floats(dtype, -1e3, 1e3)))
    return labels, pred.astype(dtype)


def _perfect_label_probabilities(labels):
    return _one_hot(labels, int(labels.max()) + 1, np.float64)


def _perfect_label_logits(labels):
    return _one_hot(labels, int(labels.max()) + 1, np.float64) * 2e4 - 1e4


CLASS_PROBABILITY = ClassDomain(
    hard_grid=lambda dtype: _row_product(_target_rows(dtype), _probability_rows(dtype), dtype),
    sample=lambda rng, n: (_soft_rows(rng, n), _softmax_rows(rng, n)),
    strategy=lambda dtype: _rows(dtype, targets="one-hot", predictions="probabilities"),
    perfect=from_target(lambda y_true: y_true.copy()),
    sample_shape=_class_shape,
    smooth_points=lambda rng, n: (_soft_rows(rng, n), _soft_rows(rng, n)),
    directions=_simplex_directions,
)

CLASS_LOGIT = ClassDomain(
    hard_grid=lambda dtype: _row_product(_target_rows(dtype), _logit_rows(dtype), dtype),
    sample=lambda rng, n: (_soft_rows(rng, n), rng.normal(0, 2, (n, 4))),
    strategy=lambda dtype: _rows(dtype, targets="one-hot", predictions="logits"),
    perfect=from_target(lambda y_true: (y_true * 2e4 - 1e4).astype(y_true.dtype)),
    sample_shape=_class_shape,
    smooth_points=lambda rng, n: (_soft_rows(rng, n), rng.normal(0, 2, (n, 4))),
    directions=_unit_directions,
)

CLASS_LABEL_PROBABILITY = ClassDomain(
    hard_grid=lambda dtype: _label_product(_probability_rows(dtype), dtype),
    sample=lambda rng, n: (rng.integers(0, 4, n), _softmax_rows(rng, n)),
    strategy=lambda dtype: _labelled_rows(dtype, predictions="probabilities"),
    perfect=from_target(_perfect_label_probabilities),
    smooth_points=lambda rng, n: (rng.integers(0, 4, n), _soft_rows(rng, n)),
    directions=_simplex_directions,
)

CLASS_LABEL_LOGIT = ClassDomain(
    hard_grid=lambda dtype: _label_product(_logit_rows(dtype), dtype),
    sample=lambda rng, n: (rng.integers(0, 4, n), rng.normal(0, 2, (n, 4))),
    strategy=lambda dtype: _labelled_rows(dtype, predictions="logits"),
    perfect=from_target(_perfect_label_logits),
    smooth_points=lambda rng, n: (rng.integers(0, 4, n), rng.normal(0, 2, (n, 4))),
    directions=_unit_directions,
)

DISTRIBUTION = ClassDomain(
    hard_grid=_distribution_grid,
    sample=lambda rng, n: (_soft_rows(rng, n), _softmax_rows(rng, n)),
    strategy=lambda dtype: _rows(dtype, targets="soft", predictions="probabilities"),
    perfect=from_target(lambda y_true: y_true.copy()),
    sample_shape=_class_shape,
    smooth_points=lambda rng, n: (_soft_rows(rng, n), _soft_rows(rng, n)),
    directions=_simplex_directions,
)


def _multilabel_grid(values):
    def grid(dtype):
        true, pred = _pairs(_SOFT_LABELS, values(dtype), dtype)
        pad = (-true.size) % K  # rows of K labels; pad with a harmless (1, 1) pair
        true = np.concatenate([true, np.ones(pad, dtype)])
        pred = np.concatenate([pred, np.full(pad, pred.max(), dtype)])
        return true.reshape(-1, K), pred.reshape(-1, K)

    return grid


MULTILABEL_PROBABILITY = ClassDomain(
    hard_grid=_multilabel_grid(_probability_values),
    sample=lambda rng, n: (rng.integers(0, 2, (n, 5)).astype(float), rng.uniform(0.02, 0.98, (n, 5))),
    strategy=lambda dtype: _rows(dtype, targets="independent", predictions="independent"),
    perfect=from_target(lambda y_true: y_true.copy()),
    sample_shape=_class_shape,
    smooth_points=lambda rng, n: (rng.uniform(0, 1, (n, 5)), rng.uniform(0.05, 0.95, (n, 5))),
    directions=_unit_directions,
)

MULTILABEL_LOGIT = ClassDomain(
    hard_grid=_multilabel_grid(_logit_values),
    sample=lambda rng, n: (rng.integers(0, 2, (n, 5)).astype(float), rng.normal(0, 3, (n, 5))),
    strategy=lambda dtype: _rows(dtype, targets="independent", predictions="logits"),
    perfect=from_target(_perfect_logits),
    sample_shape=_class_shape,
    smooth_points=lambda rng, n: (rng.uniform(0, 1, (n, 5)), rng.normal(0, 3, (n, 5))),
    directions=_unit_directions,
)

DOMAINS = {
    "probability": PROBABILITY,
    "logit": LOGIT,
    "signed-score": SIGNED_SCORE,
    "class-probability": CLASS_PROBABILITY,
    "class-logit": CLASS_LOGIT,
    "class-label-probability": CLASS_LABEL_PROBABILITY,
    "class-label-logit": CLASS_LABEL_LOGIT,
    "distribution": DISTRIBUTION,
    "multilabel-probability": MULTILABEL_PROBABILITY,
    "multilabel-logit": MULTILABEL_LOGIT,
}
