"""Domains of the similarity and embedding losses (rows of D = 3 coordinates; one loss per row).

``cosine-pair``         ``(x1, x2)``: pairs of non-zero vectors — parallel, antiparallel,
                        orthogonal, at angles of 1e-10 and 1e-20 (where ``1 - cos`` rounds
                        to 0 if formed naively), with coordinates from the smallest
                        subnormal to 1e300 (norms that overflow or underflow if not scaled).
``cosine-label-pair``   ``(x1, x2, label)``: the same pairs, each with the label +1 and -1.
``contrastive-pair``    ``(x1, x2, label)``: pairs of points (zero vectors and identical
                        points included) with labels 1 and 0, distances of exactly 1 and 5
                        (margins met) and just past them.
``triplet``             ``(anchor, positive, negative)``: every triple of a set of points with
                        identical points, huge and tiny coordinates, and
                        ``d(a, p) - d(a, n) + m = 0`` exactly (5 - 6 + 1) and nearly.
``embedding-batch``     ``(anchor, positive)``: one batch of N pairs whose every loss depends
                        on the whole batch (InfoNCE, NT-Xent): nearly parallel and
                        antiparallel pairs, rows of 1e300 and 1e-300, a duplicated row.

Cosine domains never hold a zero vector (its cosine is undefined and raises).
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ._base import Domain
from .classification import ClassDomain as RowDomain  # a Domain with ``directions``

D = 3


def _directions(point: np.ndarray) -> list[np.ndarray]:
    return list(np.eye(point.shape[-1]))


def _rows_shape(shape: tuple) -> tuple:
    return shape[:-1]


def _vectors(dtype) -> list[tuple]:
    if dtype == np.float64:
        big, small, sub = 1e300, 1e-300, 5e-324
    else:
        big, small, sub = 1e30, 1e-30, 1e-45
    eps = float(np.finfo(dtype).eps)
    return [
        (1.0, 0.0, 0.0), (-2.0, 0.0, 0.0), (0.0, 3.0, 0.0), (1.0, 1e-10, 0.0), (1.0, 1e-20, 0.0),
        (1.0, 1.0 + eps, 0.0), (-1.0, -1.0, 0.0), (1.0, 2.0, 3.0), (-1.0, -2.0, -3.0000001),
        (big, big, 0.0), (big, -small, 1.0), (small, 0.0, sub), (sub, 0.0, 0.0), (3.0, 4.0, 0.0),
    ]


def _as_arrays(rows, dtype, n_columns):
    columns = list(zip(*rows))
    return tuple(np.array(column, dtype=dtype) for column in columns[:n_columns]) + tuple(
        np.array(column, dtype=dtype) for column in columns[n_columns:]
    )


def _nonzero(array: np.ndarray) -> np.ndarray:
    """Replace zero rows by (1, 0, …, 0): cosines need non-zero vectors."""
    array = np.array(array)
    zero = ~(np.abs(array).max(axis=-1) > 0)
    array[zero, 0] = 1
    return array


def _float_rows(dtype, bound, min_rows=1, max_rows=5):
    width = 64 if dtype == np.float64 else 32
    elements = st.floats(-bound, bound, allow_nan=False, allow_infinity=False, width=width)
    return st.integers(min_rows, max_rows).flatmap(lambda n: hnp.arrays(dtype, (n, D), elements=elements))


def _bound(dtype):
    return 2.0**300 if dtype == np.float64 else 2.0**50


# ------------------------------------------------------------------ cosine pairs
def _cosine_grid(dtype):
    vectors = _vectors(dtype)
    pairs = list(itertools.product(vectors, repeat=2))
    return tuple(np.array([p[i] for p in pairs], dtype=dtype) for i in range(2))


def _cosine_sample(rng, n):
    x1 = rng.normal(0.0, 10.0, (n, D))
    return x1, x1 + rng.normal(0.0, 10.0, (n, D))


def _cosine_strategy(dtype):
    return st.tuples(_float_rows(dtype, _bound(dtype)), st.integers(0, 2**32 - 1)).map(
        lambda t: (_nonzero(t[0]), _nonzero(np.random.default_rng(t[1]).permutation(t[0]))))


COSINE_PAIR = RowDomain(
    hard_grid=_cosine_grid,
    sample=_cosine_sample,
    strategy=_cosine_strategy,
    perfect=lambda x1, x2: (x1, x1.copy()),
    sample_shape=_rows_shape,
    directions=_directions,
    smooth_points=_cosine_sample,
    arguments=("x1", "x2"),
)


# ------------------------------------------------------------------ cosine pairs with ±1 labels
def _cosine_label_grid(dtype):
    x1, x2 = _cosine_grid(dtype)
    labels = np.concatenate([np.ones(len(x1)), -np.ones(len(x1))]).astype(dtype)
    return np.concatenate([x1, x1]), np.concatenate([x2, x2]), labels


def _cosine_label_sample(rng, n):
    x1, x2 = _cosine_sample(rng, n)
    return x1, x2, rng.choice([-1.0, 1.0], n)


def _cosine_label_strategy(dtype):
    return _cosine_strategy(dtype).map(
        lambda t: (*t, np.where(np.arange(len(t[0])) % 2 == 0, 1.0, -1.0).astype(dtype)))


COSINE_LABEL_PAIR = RowDomain(
    hard_grid=_cosine_label_grid,
    sample=_cosine_label_sample,
    strategy=_cosine_label_strategy,
    perfect=lambda x1, x2, label: (x1, x1.copy(), np.ones_like(label)),
    sample_shape=_rows_shape,
    directions=_directions,
    smooth_points=_cosine_label_sample,
    arguments=("x1", "x2", "label"),
)


# ------------------------------------------------------------------ points (distances)
def _points(dtype) -> list[tuple]:
    if dtype == np.float64:
        big, small, sub = 1e300, 1e-300, 5e-324
    else:
        big, small, sub = 1e30, 1e-30, 1e-45
    return [
        (0.0, 0.0, 0.0), (3.0, 4.0, 0.0), (6.0, 0.0, 0.0), (0.6, 0.8, 0.0), (1.0, 0.0, 0.0),
        (1.0, 1e-10, 0.0), (big, -big, 0.0), (small, sub, 0.0), (-1.0, 2.0, 0.5),
    ]


def _contrastive_grid(dtype):
    points = _points(dtype)
    rows = [(a, b, y) for a, b in itertools.product(points, repeat=2) for y in (1.0, 0.0)]
    return (np.array([r[0] for r in rows], dtype=dtype), np.array([r[1] for r in rows], dtype=dtype),
            np.array([r[2] for r in rows], dtype=dtype))


def _contrastive_sample(rng, n):
    x1 = rng.normal(0.0, 1.0, (n, D))
    return x1, x1 + rng.normal(0.0, 0.5, (n, D)), rng.choice([0.0, 1.0], n)


def _contrastive_strategy(dtype):
    return _float_rows(dtype, 2.0**100 if dtype == np.float64 else 2.0**30).flatmap(
        lambda x1: st.tuples(st.just(x1), hnp.arrays(dtype, x1.shape, elements=st.floats(
            -4.0, 4.0, width=64 if dtype == np.float64 else 32)), st.just(
            (np.arange(len(x1)) % 2).astype(dtype))))


CONTRASTIVE_PAIR = RowDomain(
    hard_grid=_contrastive_grid,
    sample=_contrastive_sample,
    strategy=_contrastive_strategy,
    perfect=lambda x1, x2, label: (x1, x1.copy(), np.ones_like(label)),
    sample_shape=_rows_shape,
    directions=_directions,
    smooth_points=_contrastive_sample,
    arguments=("x1", "x2", "label"),
)


# ------------------------------------------------------------------ triplets
def _triplet_grid(dtype):
    points = _points(dtype)
    triples = list(itertools.product(points, repeat=3))
    return tuple(np.array([t[i] for t in triples], dtype=dtype) for i in range(3))


def _triplet_sample(rng, n):
    anchor = rng.normal(0.0, 1.0, (n, D))
    return anchor, anchor + rng.normal(0.0, 0.5, (n, D)), anchor + rng.normal(0.0, 1.0, (n, D))


def _triplet_strategy(dtype):
    bound = _bound(dtype)
    return _float_rows(dtype, bound).flatmap(
        lambda a: st.tuples(st.just(a), *(hnp.arrays(dtype, a.shape, elements=st.floats(
            -bound, bound, allow_nan=False, allow_infinity=False, width=64 if dtype == np.float64 else 32))
            for _ in range(2))))


def _triplet_perfect(anchor, positive, negative):
    offset = anchor.dtype.type(4) * np.maximum(1, np.abs(anchor))
    return anchor, anchor.copy(), anchor + offset


TRIPLET = RowDomain(
    hard_grid=_triplet_grid,
    sample=_triplet_sample,
    strategy=_triplet_strategy,
    perfect=_triplet_perfect,  # margins up to 2 (the catalog's test values)
    sample_shape=_rows_shape,
    directions=_directions,
    smooth_points=_triplet_sample,
    arguments=("anchor", "positive", "negative"),
)

#: The soft-margin triplet loss is never exactly zero.
SOFT_TRIPLET = RowDomain(
    hard_grid=_triplet_grid,
    sample=_triplet_sample,
    strategy=_triplet_strategy,
    perfect=None,
    sample_shape=_rows_shape,
    directions=_directions,
    smooth_points=_triplet_sample,
    arguments=("anchor", "positive", "negative"),
)


# ------------------------------------------------------------------ batches of pairs
def _batch_grid(dtype):
    if dtype == np.float64:
        big, small = 1e300, 1e-300
    else:
        big, small = 1e30, 1e-30
    anchor = np.array([
        (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (big, big, 0.0), (small, 0.0, -small), (1.0, 2.0, 3.0), (1.0, 2.0, 3.0),
    ], dtype=dtype)
    positive = np.array([
        (1.0, 1e-10, 0.0), (0.0, -1.0, 1e-8), (big, big * 0.5, 0.0), (2 * small, 0.0, -small), (1.0, 2.0, 3.0),
        (-1.0, -2.0, -3.0),
    ], dtype=dtype)
    return anchor, positive


def batch_sample(rng, n, dimension: int = D):
    """A batch of ``n`` anchors of ``dimension`` coordinates and their positives, each its anchor plus noise."""
    anchor = rng.normal(0.0, 1.0, (n, dimension))
    return anchor, anchor + rng.normal(0.0, 0.3, (n, dimension))


def _batch_smooth(rng, n):
    return batch_sample(rng, 4)  # the symbolic gradient of a batch loss grows with N²


def _batch_strategy(dtype):
    bound = _bound(dtype)
    return _float_rows(dtype, bound, max_rows=4).flatmap(
        lambda a: st.tuples(st.just(_nonzero(a)), hnp.arrays(dtype, a.shape, elements=st.floats(
            -bound, bound, allow_nan=False, allow_infinity=False, width=64 if dtype == np.float64 else 32)).map(_nonzero)))


BATCH = Domain(
    hard_grid=_batch_grid,
    sample=batch_sample,
    strategy=_batch_strategy,
    perfect=None,  # -log of a softmax of N >= 2 finite terms is never exactly 0
    sample_shape=lambda shape: shape[:1],
    smooth_points=_batch_smooth,
    arguments=("anchor", "positive"),
)


DOMAINS = {
    "cosine-pair": COSINE_PAIR,
    "cosine-label-pair": COSINE_LABEL_PAIR,
    "contrastive-pair": CONTRASTIVE_PAIR,
    "triplet": TRIPLET,
    "soft-triplet": SOFT_TRIPLET,
    "embedding-batch": BATCH,
}
