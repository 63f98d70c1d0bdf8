r"""Similarity and embedding losses: cosine, contrastive, triplet and InfoNCE / NT-Xent.

The inputs are embeddings: arrays whose **last axis** holds the coordinates of
one vector, so ``x1`` of shape ``(N, D)`` is a batch of ``N`` vectors of
dimension ``D`` (any number of leading axes is allowed for the row-wise
losses).  ``reduction="none"`` returns one loss per vector, of shape
``x1.shape[:-1]``; ``"mean"`` (the default, the cost) and ``"sum"`` reduce
them.  A per-pair label (``label``) has the shape ``x1.shape[:-1]``.  Shapes
must match exactly; nothing is broadcast.

Conventions lossbook fixes (the frameworks differ; each docstring says how):

* **The cosine of a zero vector is undefined** and raises a ``ValueError``
  naming the argument and the row.  PyTorch's ``cosine_similarity`` clamps
  each norm at ``eps=1e-8`` (so a zero vector has cosine 0),
  ``CosineEmbeddingLoss`` adds ``1e-12`` to each squared norm, Keras
  l2-normalises with ``epsilon=1e-12`` and optax's ``cosine_similarity`` has
  ``epsilon=0`` and returns NaN.
* **Distances are exact Euclidean distances** :math:`\lVert u - v\rVert_2`,
  with no ``eps`` anywhere.  PyTorch's ``pairwise_distance`` (used by the
  triplet losses) adds ``eps=1e-6`` to every component of the difference;
  optax's ``triplet_margin_loss`` adds ``eps=1e-6`` under the square root.
  At identical points the distance is 0 and has no derivative (the
  Euclidean norm has a cone-shaped kink there).

Numerics: dot products, squared norms, square roots and the differences
that cancel (:math:`1 - \cos` of nearly parallel vectors, a margin nearly
met, cosines that differ by less than the temperature) are carried in
double-double arithmetic (error-free transformations from
:mod:`!lossbook._numerics.exact`), so every loss is correctly rounded to within a few
units in the last place of the float64 result.  The row-wise losses first
take a fast path (:mod:`!lossbook.losses._embedding_fast`): loops compiled
by Numba over batches of rows, with exact products and unscaled
double-double row sums, keeping a row only where its error bound is far
below a rounding.  The batch losses take theirs in one compiled loop for a
small batch (:mod:`!lossbook.losses._batch_small`), else in row and column
tiles of the similarity matrix (:mod:`!lossbook.losses._batch_contrastive`),
where their exponents' error bound allows.  The other rows and batches take the careful path: every
vector is scaled by a power of two (exact) so that its largest coordinate
lies in :math:`[1/2, 1)`, so norms and dot products of coordinates near
:math:`10^{\pm 300}` neither overflow nor underflow, and the differences that
cancel are formed without cancelling.  float32 inputs are computed in
float64 and rounded once at the end.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import sys

import numpy as np

from .._numerics.docstrings import shared_doc
from .._numerics.calls import checked_call
from . import _batch_contrastive as _batch
from .._numerics.exact import dot_products, squared_norms, two_product, two_sum
from .._numerics.reduction import reduce_losses
from ._weighting import weighted_call
from .._numerics.validation import (REDUCTIONS, _first_index, as_float_array, check_positive_param, check_reduction,
                                   check_same_shape)


def _lazy_module(name: str):
    """The module ``name``, executed on its first attribute access (the standard library's ``LazyLoader``)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


#: The compiled fast path; Numba is imported when a row-wise loss first runs, not with ``import lossbook``.
_fast = _lazy_module(__package__ + "._embedding_fast")

__all__ = [
    "cosine_similarity",
    "cosine_distance",
    "cosine_embedding_loss",
    "contrastive_loss",
    "triplet_margin_loss",
    "soft_margin_triplet_loss",
    "info_nce",
    "nt_xent",
]


# ============================================================ double-double arithmetic
# A double-double number is a pair (hi, lo) of float64 arrays with |lo| <= ulp(hi)/2;
# together they carry about 32 significant digits.
def _fast_two_sum(a, b):
    s = a + b
    return s, b - (s - a)


def _dd_add(xh, xl, yh, yl):
    """Accurate double-double sum (the low parts added with their error too)."""
    s, e = two_sum(xh, yh)
    t, f = two_sum(xl, yl)
    s, e = _fast_two_sum(s, e + t)
    return _fast_two_sum(s, e + f)


def _dd_mul(xh, xl, yh, yl):
    p, e = two_product(xh, yh)
    return _fast_two_sum(p, e + (xh * yl + xl * yh))


def _dd_div(xh, xl, yh, yl):
    q1 = xh / yh
    ph, pl = _dd_mul(yh, yl, q1, np.zeros_like(q1))
    rh, rl = _dd_add(xh, xl, -ph, -pl)
    return _fast_two_sum(q1, (rh + rl) / yh)


def _dd_sqrt(xh, xl):
    """Square root of a non-negative double-double (0 for 0)."""
    s = np.sqrt(xh)
    p, e = two_product(s, s)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(s > 0, ((xh - p) - e + xl) / (2 * s), 0.0)
    return _fast_two_sum(s, r)


def _dd_row_sum(products):
    """Sum over the last axis of ``(hi, lo)`` terms given as two arrays, in double-double."""
    hi, lo = products
    sh = np.zeros(hi.shape[:-1])
    sl = np.zeros(hi.shape[:-1])
    for k in range(hi.shape[-1]):  # Ogita–Rump–Oishi cascaded summation
        sh, e = two_sum(sh, hi[..., k])
        sl = sl + (e + lo[..., k])
    return _fast_two_sum(sh, sl)


def _dd_dot(x, y):
    """Dot products over the last axis in double-double (broadcasting the other axes).

    One coordinate at a time, so a similarity matrix of ``(N, 1, D)`` against
    ``(1, N, D)`` rows needs ``O(N²)`` memory, not ``O(N² D)``.
    """
    shape = np.broadcast_shapes(x.shape, y.shape)[:-1]
    sh = np.zeros(shape)
    sl = np.zeros(shape)
    for k in range(x.shape[-1]):
        p, e = two_product(x[..., k], y[..., k])
        sh, f = two_sum(sh, p)
        sl = sl + (f + e)
    return _fast_two_sum(sh, sl)


def _dd_ldexp(h, l, exponent):
    with np.errstate(over="ignore", under="ignore"):
        return np.ldexp(h, exponent), np.ldexp(l, exponent)


def _dd_value(h, l):
    with np.errstate(over="ignore", invalid="ignore"):
        return h + l


# ============================================================ input checks
def _vectors(value, name: str, *, func: str) -> np.ndarray:
    array = as_float_array(value, name, func=func)
    if array.ndim == 0:
        raise ValueError(
            f"{name} must hold vectors along its last axis for {func}; found a scalar {float(array)!r}"
            " — pass a 1-D array for a single vector, e.g. numpy.atleast_1d(...)"
        )
    return array


def _embeddings(names, values, reduction, *, func: str):
    """Validate the embeddings and ``reduction``; return float64 arrays and the result dtype."""
    check_reduction(reduction, func=func)
    arrays = [_vectors(v, n, func=func) for n, v in zip(names, values)]
    for name, array in zip(names[1:], arrays[1:]):
        check_same_shape(arrays[0], array, func=func, names=(names[0], name))
    dtype = np.result_type(*arrays)
    return [a.astype(np.float64, copy=False) for a in arrays], dtype


def _labels(value, vectors: np.ndarray, allowed: tuple, *, func: str, hint: str) -> np.ndarray:
    labels = as_float_array(value, "label", func=func)
    expected = vectors.shape[:-1]
    if labels.shape != expected:
        extra = ""
        if labels.shape == (*expected, 1):
            extra = f" — reshape it, e.g. label.reshape({expected})"
        raise ValueError(
            f"label must have the same shape as x1 without its last (embedding) axis for {func}, i.e. "
            f"{expected}; found label {labels.shape} and x1 {vectors.shape}{extra}"
        )
    bad = ~np.isin(labels, allowed)
    if bad.any():
        where = "" if labels.ndim == 0 else f" at index {_first_index(bad)}"
        found = float(labels) if labels.ndim == 0 else float(labels[bad][0])
        raise ValueError(
            f"label must hold {' or '.join(f'{a:g}' for a in allowed)} for {func}; found {found!r}{where}{hint}"
        )
    return labels.astype(np.float64)


def _check_margin(value, *, func: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"margin must be a real number for {func}; found {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"margin must be finite for {func}; found {value!r}")
    return value


def _check_swap(value, *, func: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"swap must be True or False for {func}; found {value!r}")
    return bool(value)


def _finish(losses: np.ndarray, dtype, reduction: str):
    with np.errstate(over="ignore", under="ignore"):
        losses = np.asarray(losses, dtype=np.float64).astype(dtype, copy=False)  # a fresh array already
    return reduce_losses(losses, reduction)


def _fast_params(params, *, func: str):
    """Each ``(value, check)`` of ``params`` checked, or ``None`` if a check raises (the careful path says why)."""
    try:
        return tuple(check(value, func=func) for value, check in params)
    except (TypeError, ValueError):
        return None


def _fast_result(done, reduction: str):
    """The fast path's ``(losses, dtype)`` rounded and reduced, or its ``(cost, None)`` as it is; ``None`` stays."""
    if done is None:
        return None
    values, dtype = done
    return values if dtype is None else _finish(values, dtype, reduction)


def _fast_rows(kernel, careful, names, values, reduction, *, func: str, params=(), nonzero: bool = False):
    """The result from the fast path (:mod:`._embedding_fast`), or ``None`` when the careful path must look."""
    prepared = _fast.inputs(names, values, reduction, func=func)
    checked = _fast_params(params, func=func)
    if prepared is None or checked is None:
        return None
    return _fast_result(_fast.rows(kernel, prepared, careful, reduction, params=checked, nonzero=nonzero), reduction)


def _fast_labelled(kernel, careful, values, label, allowed, reduction, *, func: str, params, nonzero: bool = False):
    """:func:`_fast_rows` of a pair ``(x1, x2)`` with a per-pair ``label`` holding the ``allowed`` values."""
    prepared = _fast.inputs(("x1", "x2"), values, reduction, func=func)
    checked = _fast_params((params,), func=func)
    if prepared is None or checked is None:
        return None
    labels = _fast.labels(label, prepared[2], allowed, func=func)
    if labels is None:
        return None
    done = _fast.rows(kernel, prepared, careful, reduction, per_row=(labels,), params=checked, nonzero=nonzero)
    return _fast_result(done, reduction)


# ============================================================ cosines
#: Rows of at most this many coordinates take their maxima column by column (NumPy's row reduction costs some
#: 10 ns a row, so 37 µs for 1000 rows of 3 against 3 µs).
_FEW_COORDINATES = 16


def _row_maxima(a: np.ndarray) -> np.ndarray:
    """``np.max(a, axis=-1)`` (NaN propagates), column by column for short rows."""
    if a.ndim == 0 or not 0 < a.shape[-1] <= _FEW_COORDINATES:
        return np.max(a, axis=-1)
    top = a[..., 0].copy()
    for k in range(1, a.shape[-1]):
        np.maximum(top, a[..., k], out=top)
    return top


#: The row maxima of a 2-D input are taken this many numbers at a time: the only temporary, whatever its size.
_MAXIMA_CHUNK_NUMBERS = 1 << 15


def _row_exponents(x: np.ndarray, name: str, *, func: str) -> np.ndarray:
    """Each row's binary exponent :math:`e`, its largest :math:`|x|` in :math:`[2^{e-1}, 2^e)`; a zero row raises.

    A 2-D input is read a chunk of rows at a time, so no temporary grows with it.
    """
    if x.ndim == 2:
        top = np.empty(x.shape[0])
        step = max(1, _MAXIMA_CHUNK_NUMBERS // max(1, x.shape[1]))
        for start in range(0, x.shape[0], step):
            top[start:start + step] = _row_maxima(np.abs(x[start:start + step]))
    else:
        top = _row_maxima(np.abs(x))
    zero = top == 0
    if zero.any():
        where = "" if zero.ndim == 0 else f" (row {_first_index(zero)})"
        raise ValueError(
            f"{name} holds a zero vector{where} for {func}: its cosine with any vector is undefined (0/0)"
            " — lossbook does not pick a value for it; remove the row, or decide on a convention"
            " explicitly (PyTorch's cosine_similarity returns 0, optax's returns NaN)"
        )
    return np.frexp(top)[1]


def _nonzero_rows(x: np.ndarray, name: str, *, func: str):
    """``x`` with each row scaled by a power of two to a largest entry in [1/2, 1) (:func:`_row_exponents`)."""
    return np.ldexp(x, -_row_exponents(x, name, func=func)[..., None])


class _Rows:
    """Scaled rows of two inputs with their double-double norms and dot product."""

    def __init__(self, a: np.ndarray, b: np.ndarray):
        self.a, self.b = a, b
        self.A = _dd_dot(a, a)  # squared norms, each in [1/4, D]
        self.B = _dd_dot(b, b)
        self.D = _dd_dot(a, b)
        self.na = _dd_sqrt(*self.A)
        self.nb = _dd_sqrt(*self.B)

    def cosine(self):
        """cos(a, b) as a double-double."""
        return _dd_div(*self.D, *_dd_mul(*self.na, *self.nb))

    def one_minus_cosine(self):
        r""":math:`1 - \cos` as :math:`\lVert a\lVert b\rVert - b\lVert a\rVert\rVert^2 / (2\lVert a\rVert^2\lVert b\rVert^2)`.

        The components of :math:`u = a\lVert b\rVert - b\lVert a\rVert` cancel for
        nearly parallel vectors; with the norms in double-double each one keeps
        full relative accuracy, and :math:`\lVert u\rVert^2` is a sum of squares.
        """
        a, b = self.a, self.b
        (nbh, nbl), (nah, nal) = (x[..., None] for x in self.nb), (x[..., None] for x in self.na)
        x1, e1 = two_product(a, nbh)
        x2, e2 = two_product(b, nah)
        s, e = two_sum(x1, -x2)
        u = s + (e + (e1 - e2) + (a * nbl - b * nal))
        U = _dd_dot(u, u)
        AB = _dd_mul(*self.A, *self.B)
        return _dd_div(*U, 2 * AB[0], 2 * AB[1])


def _cosine_rows(x1, x2, *, func: str, names=("x1", "x2")) -> _Rows:
    return _Rows(_nonzero_rows(x1, names[0], func=func), _nonzero_rows(x2, names[1], func=func))


@checked_call
@shared_doc
def cosine_similarity(x1, x2, *, sample_weight=None, reduction: str = "mean"):
    r"""Cosine similarity of the vectors in ``x1`` and ``x2`` (rows over the last axis).

    Parameters
    ----------
    x1 : array_like
        Vectors :math:`\mathbf u`, shape ``(..., D)``; none may be the zero vector.
    x2 : array_like
        Vectors :math:`\mathbf v`, the same shape as ``x1``; none may be zero.
    {sample_weight}
        One weight per pair of vectors.  No framework takes weights here:
        the weighted result is PyTorch's ``cosine_similarity`` (one value per
        pair) times the weights, reduced as scikit-learn reduces with
        ``sample_weight``.
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) averages over the vectors, ``"sum"`` adds them
        up and ``"none"`` returns one value per vector, shape ``x1.shape[:-1]``.

    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if both inputs are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If the shapes differ, an input is a scalar, empty, holds NaN or
        infinity, or holds a zero vector, or ``reduction`` is unknown.
        Also if ``sample_weight`` is negative, not finite, of the wrong shape
        or sums to 0 with ``"mean"``.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Per pair of vectors,

    .. math:: \cos(\mathbf u, \mathbf v)
              = \frac{\sum_k u_k v_k}{\sqrt{\sum_k u_k^2}\,\sqrt{\sum_k v_k^2}} \in [-1, 1].

    A similarity, not a loss: it is largest (1) for vectors pointing the same
    way.  Its loss is :func:`cosine_distance`, :math:`1 - \cos`; Keras's
    ``CosineSimilarity`` loss returns :math:`-\cos` instead.  The cosine of a
    zero vector is 0/0 and raises ``ValueError``: PyTorch's
    ``cosine_similarity`` divides by :math:`\max(\lVert\mathbf u\rVert, 10^{-8})`
    and so returns 0, optax's (``epsilon=0``) returns NaN.  Vectors are scaled
    by a power of two first, so coordinates of :math:`10^{\pm 300}` are fine.

    Examples
    --------
    >>> from lossbook import cosine_similarity
    >>> cosine_similarity([[1.0, 0.0], [1.0, 1.0]], [[0.0, 2.0], [3.0, 3.0]], reduction="none")
    array([0., 1.])
    >>> float(cosine_similarity([1e300, 1e300], [1e-300, 0.0]))
    0.7071067811865476
    """
    if sample_weight is not None:
        return weighted_call(cosine_similarity, (x1, x2), sample_weight, reduction, independent_rows=True)
    return _cosine_pairs(_fast.cosine, _cosine_values, x1, x2, reduction, func="cosine_similarity")


def _cosine_pairs(kernel, careful, x1, x2, reduction, *, func: str):
    """One value per pair of vectors: the fast path's ``kernel``, or ``careful`` after the full validation."""
    done = _fast_rows(kernel, careful, ("x1", "x2"), (x1, x2), reduction, func=func, nonzero=True)
    if done is None:
        (x1, x2), dtype = _embeddings(("x1", "x2"), (x1, x2), reduction, func=func)
        done = _finish(careful(x1, x2, func=func), dtype, reduction)
    return done


def _cosine_values(x1, x2, *, func: str = "cosine_similarity"):
    return _dd_value(*_cosine_rows(x1, x2, func=func).cosine())


@checked_call
@shared_doc
def cosine_distance(x1, x2, *, sample_weight=None, reduction: str = "mean"):
    r"""Cosine distance :math:`1 - \cos(\mathbf u, \mathbf v)` of the vectors in ``x1`` and ``x2``.

    Parameters
    ----------
    x1 : array_like
        Vectors :math:`\mathbf u`, shape ``(..., D)``; none may be the zero vector.
    x2 : array_like
        Vectors :math:`\mathbf v`, the same shape as ``x1``; none may be zero.
    {sample_weight}
        One weight per pair of vectors.  No framework takes weights here:
        the weighted cost is optax's ``cosine_distance`` (one loss per pair)
        times the weights, reduced as scikit-learn reduces with ``sample_weight``.
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns the cost, ``"sum"`` the total and
        ``"none"`` one loss per vector, shape ``x1.shape[:-1]``.

    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if both inputs are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If the shapes differ, an input is a scalar, empty, holds NaN or
        infinity, or holds a zero vector, or ``reduction`` is unknown.
        Also if ``sample_weight`` is negative, not finite, of the wrong shape
        or sums to 0 with ``"mean"``.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.embedding.cosine_distance()``:

    .. math:: \ell\left(\mathbf{u}, \mathbf{v}\right) = 1 - \cos\left(\mathbf{u}, \mathbf{v}\right)

    Per pair of vectors,

    .. math:: \ell(\mathbf u, \mathbf v) = 1 - \frac{\sum_k u_k v_k}{\lVert\mathbf u\rVert\,\lVert\mathbf v\rVert}
              = \frac{1}{2}\left\lVert \frac{\mathbf u}{\lVert\mathbf u\rVert}
                - \frac{\mathbf v}{\lVert\mathbf v\rVert}\right\rVert^2 \in [0, 2],

    zero when the vectors point the same way, whatever their lengths.  It is
    computed from the second form (in double-double), so nearly parallel
    vectors keep full relative accuracy: for :math:`\mathbf u = (1, 0)`,
    :math:`\mathbf v = (1, 10^{-10})` it is :math:`5\times 10^{-21}`, where
    ``1 - cos`` rounds to 0.  optax's ``cosine_distance`` is the same function
    (with ``epsilon=0`` it is NaN for a zero vector); Keras's
    ``CosineSimilarity`` loss is :math:`-\cos`, one less.  A zero vector raises
    ``ValueError`` (see :func:`cosine_similarity`).

    References
    ----------
    Manning, Raghavan and Schütze, *Introduction to Information Retrieval*,
    Cambridge University Press, 2008, section 6.3.1.

    Examples
    --------
    >>> from lossbook import cosine_distance
    >>> cosine_distance([[1.0, 0.0], [1.0, 0.0]], [[-2.0, 0.0], [1.0, 1e-10]], reduction="none")
    array([2.e+00, 5.e-21])
    """
    if sample_weight is not None:
        return weighted_call(cosine_distance, (x1, x2), sample_weight, reduction, independent_rows=True)
    return _cosine_pairs(_fast.cosine_distance, _cosine_distances, x1, x2, reduction, func="cosine_distance")


def _cosine_distances(x1, x2, *, func: str = "cosine_distance"):
    return _dd_value(*_cosine_rows(x1, x2, func=func).one_minus_cosine())


@checked_call
@shared_doc
def cosine_embedding_loss(x1, x2, label, *, margin: float = 0.0, sample_weight=None, reduction: str = "mean"):
    r"""Cosine embedding loss (PyTorch ``CosineEmbeddingLoss``): pull similar pairs together, push others apart.

    Parameters
    ----------
    x1 : array_like
        Vectors :math:`\mathbf u`, shape ``(..., D)``; none may be the zero vector.
    x2 : array_like
        Vectors :math:`\mathbf v`, the same shape as ``x1``; none may be zero.
    label : array_like
        :math:`y = 1` for a similar pair, :math:`-1` for a dissimilar one;
        shape ``x1.shape[:-1]``.
    margin : float, optional
        :math:`m`: a dissimilar pair costs nothing once its cosine is at most
        :math:`m`.  Default 0 (PyTorch's default); values in :math:`[-1, 1]`
        make sense, 0 to 0.5 is usual.
    {sample_weight}
        One weight per pair.  PyTorch's ``CosineEmbeddingLoss`` takes no
        weights: the weighted cost is its ``reduction="none"`` loss times the
        weights, reduced as scikit-learn reduces with ``sample_weight``.
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns the cost, ``"sum"`` the total and
        ``"none"`` one loss per pair, shape ``x1.shape[:-1]``.

    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if ``x1`` and ``x2`` are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If the shapes differ, a label is not ±1, an input is empty, holds NaN,
        infinity or a zero vector, ``margin`` is not finite, or ``reduction``
        is unknown.
        Also if ``sample_weight`` is negative, not finite, of the wrong shape
        or sums to 0 with ``"mean"``.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.embedding.cosine_embedding_loss()``:

    .. math:: \ell\left(\mathbf{u}, \mathbf{v}, y; m\right) = \begin{cases} 1 - \cos\left(\mathbf{u}, \mathbf{v}\right) & \text{for}\: y = 1 \\\max\left(0, \cos\left(\mathbf{u}, \mathbf{v}\right) - m\right) & \text{otherwise} \end{cases}

    Per pair,

    .. math:: \ell(\mathbf u, \mathbf v, y) =
              \begin{cases} 1 - \cos(\mathbf u, \mathbf v) & y = 1, \\
                            \max\bigl(0, \cos(\mathbf u, \mathbf v) - m\bigr) & y = -1. \end{cases}

    PyTorch's ``cosine_embedding_loss`` computes the cosine as
    :math:`\mathbf u\cdot\mathbf v / \sqrt{(\lVert\mathbf u\rVert^2 + 10^{-12})(\lVert\mathbf v\rVert^2 + 10^{-12})}`,
    so it differs from this exact cosine by a relative
    :math:`\approx 10^{-12}/\lVert\mathbf u\rVert^2`, gives 0 for a zero vector
    (lossbook raises ``ValueError``) and returns :math:`10^{-12}` instead of
    :math:`5\times10^{-21}` for a similar pair at an angle of :math:`10^{-10}`; it
    averages over all pairs, as ``reduction="mean"`` does here.

    References
    ----------
    ``torch.nn.CosineEmbeddingLoss`` in Paszke et al., "PyTorch: an imperative
    style, high-performance deep learning library", *NeurIPS* 32, 2019.

    Examples
    --------
    >>> from lossbook import cosine_embedding_loss
    >>> cosine_embedding_loss([[1.0, 0.0], [1.0, 0.0]], [[1.0, 1.0], [1.0, 1.0]], [1, -1], reduction="none")
    array([0.29289322, 0.70710678])
    """
    if sample_weight is not None:
        return weighted_call(cosine_embedding_loss, (x1, x2, label), sample_weight, reduction,
                             independent_rows=True, margin=margin)
    func = "cosine_embedding_loss"
    done = _fast_labelled(_fast.cosine_embedding, _cosine_embedding_values, (x1, x2), label, (1.0, -1.0), reduction,
                          func=func, params=(margin, _check_margin), nonzero=True)
    if done is None:
        (x1, x2), dtype = _embeddings(("x1", "x2"), (x1, x2), reduction, func=func)
        labels = _labels(label, x1, (1.0, -1.0), func=func, hint=" — map 0/1 labels to -1/+1 with 2 * label - 1")
        margin = _check_margin(margin, func=func)
        done = _finish(_cosine_embedding_values(x1, x2, labels, margin, func=func), dtype, reduction)
    return done


def _cosine_embedding_values(x1, x2, labels, margin: float, *, func: str = "cosine_embedding_loss"):
    rows = _cosine_rows(x1, x2, func=func)
    similar = _dd_value(*rows.one_minus_cosine())
    ch, cl = rows.cosine()
    gh, gl = two_sum(ch, np.full_like(ch, -margin))
    dissimilar = np.maximum(gh + (gl + cl), 0.0)
    return np.where(labels == 1, similar, dissimilar)


# ============================================================ distances
def _common_scale(*arrays):
    """The arrays scaled by one power of two per row, so the largest |coordinate| of the rows is in [1/2, 1)."""
    top = np.max([_row_maxima(np.abs(a)) for a in arrays], axis=0)
    exponent = np.where(top > 0, np.frexp(top)[1], 0)
    return [np.ldexp(a, -exponent[..., None]) for a in arrays], exponent


def _dd_distance(u, v):
    """Euclidean distance of scaled rows as a double-double (the difference is exact as hi + lo)."""
    return _norm(two_sum(u, -v))


@checked_call
@shared_doc
def contrastive_loss(x1, x2, label, *, margin: float = 1.0, sample_weight=None, reduction: str = "mean"):
    r"""Contrastive loss (Hadsell, Chopra and LeCun 2006) of pairs of embeddings.

    Parameters
    ----------
    x1 : array_like
        Vectors :math:`\mathbf u`, shape ``(..., D)``.
    x2 : array_like
        Vectors :math:`\mathbf v`, the same shape as ``x1``.
    label : array_like
        :math:`y = 1` for a similar pair, :math:`0` for a dissimilar one;
        shape ``x1.shape[:-1]``.
    margin : float, optional
        :math:`m > 0`: a dissimilar pair costs nothing once its distance is at
        least :math:`m`.  Default 1.0 (TensorFlow Addons' default).
    {sample_weight}
        One weight per pair.  The weighted cost is the per-pair loss times
        the weights, reduced as scikit-learn reduces with ``sample_weight``
        (PyTorch, Keras and optax have no contrastive loss to compare with).
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns the cost, ``"sum"`` the total and
        ``"none"`` one loss per pair, shape ``x1.shape[:-1]``.

    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if ``x1`` and ``x2`` are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If the shapes differ, a label is not 0 or 1, an input is empty or
        holds NaN or infinity, ``margin`` is not a finite positive number, or
        ``reduction`` is unknown.
        Also if ``sample_weight`` is negative, not finite, of the wrong shape
        or sums to 0 with ``"mean"``.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.embedding.contrastive_loss()``:

    .. math:: \ell\left(\mathbf{u}, \mathbf{v}, y; m\right) = y d\left(\mathbf{u}, \mathbf{v}\right)^{2} + \left(1 - y\right) \max\left(0, m - d\left(\mathbf{u}, \mathbf{v}\right)\right)^{2}

    Per pair, with the Euclidean distance :math:`d = \lVert\mathbf u - \mathbf v\rVert_2`,

    .. math:: \ell(\mathbf u, \mathbf v, y) = y\, d^2 + (1 - y)\max(0, m - d)^2 .

    Labels follow TensorFlow Addons' ``contrastive_loss`` (:math:`y = 1`
    similar) and its scale (no factor :math:`\tfrac12`); Hadsell et al. write
    :math:`Y = 0` for similar pairs and halve both terms.  The distance is
    exact (no ``eps``); the hinge :math:`m - d` is formed in double-double,
    so a margin nearly met keeps its relative accuracy.  PyTorch, Keras and
    optax have no contrastive loss of this form.

    References
    ----------
    Hadsell, Chopra and LeCun, "Dimensionality reduction by learning an
    invariant mapping", CVPR 2006.

    Examples
    --------
    >>> from lossbook import contrastive_loss
    >>> contrastive_loss([[0.0, 0.0], [0.0, 0.0]], [[3.0, 4.0], [0.3, 0.4]], [1, 0], reduction="none")
    array([25.  ,  0.25])
    """
    if sample_weight is not None:
        return weighted_call(contrastive_loss, (x1, x2, label), sample_weight, reduction,
                             independent_rows=True, margin=margin)
    func = "contrastive_loss"
    done = _fast_labelled(_fast.contrastive, _contrastive_values, (x1, x2), label, (1.0, 0.0), reduction, func=func,
                          params=(margin, lambda value, func: check_positive_param(value, "margin", func=func)))
    if done is None:
        (x1, x2), dtype = _embeddings(("x1", "x2"), (x1, x2), reduction, func=func)
        labels = _labels(label, x1, (1.0, 0.0), func=func, hint=" — map -1/+1 labels to 0/1 with (label + 1) / 2")
        margin = check_positive_param(margin, "margin", func=func)
        done = _finish(_contrastive_values(x1, x2, labels, margin), dtype, reduction)
    return done


def _contrastive_values(x1, x2, labels, margin: float):
    (u, v), exponent = _common_scale(x1, x2)
    dh, dl = _dd_ldexp(*_dd_distance(u, v), exponent)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        similar = dh * (dh + 2 * dl)
        gh, ge = two_sum(np.full_like(dh, margin), -dh)
        gap = np.maximum(gh + (ge - dl), 0.0)
        dissimilar = gap * gap
        return np.where(labels == 1, similar, dissimilar)


def _difference(u, v):
    """``u - v`` exactly, as a double-double ``(hi, lo)`` per coordinate."""
    return two_sum(u, -v)


def _distance_gap(x, dx, y, dy):
    r""":math:`\lVert x\rVert - \lVert y\rVert = \sum_k (x_k - y_k)(x_k + y_k) / (\lVert x\rVert + \lVert y\rVert)` in double-double.

    ``x`` and ``y`` are exact coordinate differences (double-doubles) and
    ``dx``, ``dy`` their norms.  Written this way the difference of two nearly
    equal distances (a point far from two close ones) does not cancel.
    """
    minus, e_minus = _row_scaled(_dd_add(*x, -y[0], -y[1]))
    plus, e_plus = _row_scaled(_dd_add(*x, *y))
    # each factor scaled by its own power of two, so no product's error term underflows
    numerator = _dd_ldexp(*_dd_row_sum(_dd_mul(*minus, *plus)), e_minus + e_plus)
    denominator = _dd_add(*dx, *dy)
    zero = denominator[0] == 0
    safe = (np.where(zero, 1.0, denominator[0]), np.where(zero, 0.0, denominator[1]))
    gh, gl = _dd_div(*numerator, *safe)
    return np.where(zero, 0.0, gh), np.where(zero, 0.0, gl)


def _row_scaled(x):
    """Rows of double-doubles scaled by a power of two to a largest |hi| in [1/2, 1), and the exponent."""
    h, l = x
    top = _row_maxima(np.abs(h))
    exponent = np.where(top > 0, np.frexp(top)[1], 0)
    with np.errstate(under="ignore"):
        return (np.ldexp(h, -exponent[..., None]), np.ldexp(l, -exponent[..., None])), exponent


def _norm(x):
    """Norm of rows of double-doubles, each row rescaled by its own power of two (no underflow)."""
    h, l = x
    top = _row_maxima(np.abs(h))
    exponent = np.where(top > 0, np.frexp(top)[1], 0)
    with np.errstate(under="ignore"):
        h, l = np.ldexp(h, -exponent[..., None]), np.ldexp(l, -exponent[..., None])
    ph, pl = two_product(h, h)
    return _dd_ldexp(*_dd_sqrt(*_dd_row_sum((ph, pl + 2 * h * l))), exponent)


def _triplet_gap(anchor, positive, negative, swap: bool):
    r""":math:`d(a, p) - d(a, n)` (with the swap if asked) as an unscaled double-double."""
    (a, p, n), exponent = _common_scale(anchor, positive, negative)
    ap, an = _difference(a, p), _difference(a, n)
    d_ap, d_an = _norm(ap), _norm(an)
    gh, gl = _distance_gap(ap, d_ap, an, d_an)
    if swap:
        pn = _difference(p, n)
        d_pn = _norm(pn)
        sh, sl = _distance_gap(ap, d_ap, pn, d_pn)
        # min(d_an, d_pn) is the larger of the two gaps d_ap - d_an, d_ap - d_pn
        larger = (sh > gh) | ((sh == gh) & (sl > gl))
        gh, gl = np.where(larger, sh, gh), np.where(larger, sl, gl)
    return _dd_ldexp(gh, gl, exponent)


@checked_call
@shared_doc
def triplet_margin_loss(anchor, positive, negative, *, margin: float = 1.0, swap: bool = False,
                        sample_weight=None, reduction: str = "mean"):
    r"""Triplet margin loss (PyTorch ``TripletMarginLoss``): the positive closer than the negative by a margin.

    Parameters
    ----------
    anchor : array_like
        Anchor vectors :math:`\mathbf a`, shape ``(..., D)``.
    positive : array_like
        Vectors :math:`\mathbf p` of the anchor's class, the same shape.
    negative : array_like
        Vectors :math:`\mathbf n` of another class, the same shape.
    margin : float, optional
        :math:`m`, default 1.0 (PyTorch's and optax's default).
    swap : bool, optional
        If True, use the distance swap of Balntas et al. (2016): the negative's
        distance is :math:`\min(d(\mathbf a, \mathbf n), d(\mathbf p, \mathbf n))`.
    {sample_weight}
        One weight per triplet.  PyTorch's ``TripletMarginLoss`` and optax's
        ``triplet_margin_loss`` take no weights: the weighted cost is their
        unreduced loss times the weights, reduced as scikit-learn reduces
        with ``sample_weight``.
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) averages over all triplets (also those with zero
        loss), ``"sum"`` adds them up and ``"none"`` returns one loss per
        triplet, shape ``anchor.shape[:-1]``.

    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if all inputs are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If the shapes differ, an input is a scalar, empty or holds NaN or
        infinity, ``margin`` is not finite, or ``reduction`` is unknown.
        Also if ``sample_weight`` is negative, not finite, of the wrong shape
        or sums to 0 with ``"mean"``.
    TypeError
        If an input holds anything but real numbers, or ``swap`` is not a bool.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.embedding.triplet_margin_loss()``:

    .. math:: \ell\left(\mathbf{a}, \mathbf{p}, \mathbf{n}; m\right) = \max\left(0, d\left(\mathbf{a}, \mathbf{p}\right) - d\left(\mathbf{a}, \mathbf{n}\right) + m\right)

    Per triplet, with Euclidean distances :math:`d(\mathbf u, \mathbf v) = \lVert\mathbf u - \mathbf v\rVert_2`,

    .. math:: \ell(\mathbf a, \mathbf p, \mathbf n) =
              \max\bigl(0,\ d(\mathbf a, \mathbf p) - d(\mathbf a, \mathbf n) + m\bigr).

    Distances are plain (not squared) and exact.  PyTorch computes
    :math:`\lVert\mathbf a - \mathbf p + \epsilon\rVert` with
    :math:`\epsilon = 10^{-6}` added to every coordinate of the difference
    (pass ``eps=0`` to agree to rounding); optax computes
    :math:`\sqrt{\sum_k (a_k - p_k)^2 + \epsilon}` (again pass ``eps=0``) and
    has no swap.  Some libraries (pytorch-metric-learning's default reducer)
    average over the triplets with non-zero loss only; this mean, like
    PyTorch's, counts every triplet.  :math:`d(\mathbf a,\mathbf p) - d(\mathbf a,\mathbf n) + m`
    is formed in double-double, so a margin nearly met keeps full relative
    accuracy and one met exactly gives 0.

    References
    ----------
    Schroff, Kalenichenko and Philbin, "FaceNet", CVPR 2015.  Balntas, Riba,
    Ponsa and Mikolajczyk, "Learning local feature descriptors with triplets
    and shallow convolutional neural networks", BMVC 2016.

    Examples
    --------
    >>> from lossbook import triplet_margin_loss
    >>> triplet_margin_loss([[0.0, 0.0]], [[3.0, 4.0]], [[0.0, 5.5]], reduction="none")
    array([0.5])
    """
    if sample_weight is not None:
        return weighted_call(triplet_margin_loss, (anchor, positive, negative), sample_weight, reduction,
                             independent_rows=True, margin=margin, swap=swap)
    func = "triplet_margin_loss"
    names = ("anchor", "positive", "negative")
    done = _fast_rows(_fast.triplet, _triplet_values, names, (anchor, positive, negative), reduction, func=func,
                      params=((margin, _check_margin), (swap, _check_swap)))
    if done is None:
        arrays, dtype = _embeddings(names, (anchor, positive, negative), reduction, func=func)
        margin = _check_margin(margin, func=func)
        swap = _check_swap(swap, func=func)
        done = _finish(_triplet_values(*arrays, margin, swap), dtype, reduction)
    return done


def _triplet_values(anchor, positive, negative, margin: float, swap: bool):
    gh, gl = _triplet_gap(anchor, positive, negative, swap)
    with np.errstate(over="ignore", invalid="ignore"):
        sh, se = two_sum(gh, np.full_like(gh, margin))
        return np.maximum(sh + (se + gl), 0.0)


@checked_call
@shared_doc
def soft_margin_triplet_loss(anchor, positive, negative, *, swap: bool = False, sample_weight=None,
                             reduction: str = "mean"):
    r"""Soft-margin triplet loss :math:`\log(1 + e^{d(\mathbf a,\mathbf p) - d(\mathbf a,\mathbf n)})`.

    Parameters
    ----------
    anchor : array_like
        Anchor vectors :math:`\mathbf a`, shape ``(..., D)``.
    positive : array_like
        Vectors :math:`\mathbf p` of the anchor's class, the same shape.
    negative : array_like
        Vectors :math:`\mathbf n` of another class, the same shape.
    swap : bool, optional
        If True, the negative's distance is
        :math:`\min(d(\mathbf a, \mathbf n), d(\mathbf p, \mathbf n))` (Balntas et al. 2016).
    {sample_weight}
        One weight per triplet.  The weighted cost is the per-triplet loss
        times the weights, reduced as scikit-learn reduces with
        ``sample_weight`` (no framework has this loss built in).
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns the cost, ``"sum"`` the total and
        ``"none"`` one loss per triplet, shape ``anchor.shape[:-1]``.

    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if all inputs are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If the shapes differ, an input is a scalar, empty or holds NaN or
        infinity, or ``reduction`` is unknown.
        Also if ``sample_weight`` is negative, not finite, of the wrong shape
        or sums to 0 with ``"mean"``.
    TypeError
        If an input holds anything but real numbers, or ``swap`` is not a bool.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.embedding.soft_margin_triplet_loss()``:

    .. math:: \ell\left(\mathbf{a}, \mathbf{p}, \mathbf{n}\right) = \log{\left(1 + e^{d\left(\mathbf{a}, \mathbf{p}\right) - d\left(\mathbf{a}, \mathbf{n}\right)} \right)}

    Per triplet, with Euclidean distances,

    .. math:: \ell(\mathbf a, \mathbf p, \mathbf n)
              = \log\bigl(1 + e^{d(\mathbf a, \mathbf p) - d(\mathbf a, \mathbf n)}\bigr)
              = \operatorname{softplus}\bigl(d(\mathbf a, \mathbf p) - d(\mathbf a, \mathbf n)\bigr),

    the smooth version of :func:`triplet_margin_loss` of Hermans, Beyer and
    Leibe (2017): no margin to tune, never exactly zero (it keeps pushing).
    It is :math:`\log 2` for equal distances.  Evaluated as
    :math:`\max(t, 0) + \operatorname{log1p}(e^{-|t|})` with :math:`t` in
    double-double, so it neither overflows for distances of :math:`10^{300}`
    nor loses the tiny loss :math:`e^{t}` of a well-separated triplet.  No
    framework has it built in; in PyTorch it is
    ``softplus(pairwise_distance(a, p, eps=0) - pairwise_distance(a, n, eps=0))``.

    References
    ----------
    Hermans, Beyer and Leibe, "In defense of the triplet loss for person
    re-identification", arXiv:1703.07737, 2017.

    Examples
    --------
    >>> from lossbook import soft_margin_triplet_loss
    >>> soft_margin_triplet_loss([[0.0, 0.0], [0.0, 0.0]], [[3.0, 4.0], [1.0, 0.0]], [[0.0, 5.0], [0.0, 40.0]], reduction="none")
    array([6.93147181e-01, 1.15482242e-17])
    """
    if sample_weight is not None:
        return weighted_call(soft_margin_triplet_loss, (anchor, positive, negative), sample_weight, reduction,
                             independent_rows=True, swap=swap)
    func = "soft_margin_triplet_loss"
    names = ("anchor", "positive", "negative")
    done = _fast_rows(_fast.soft_triplet, _soft_triplet_values, names, (anchor, positive, negative), reduction,
                      func=func, params=((swap, _check_swap),))
    if done is None:
        arrays, dtype = _embeddings(names, (anchor, positive, negative), reduction, func=func)
        swap = _check_swap(swap, func=func)
        done = _finish(_soft_triplet_values(*arrays, swap), dtype, reduction)
    return done


def _soft_triplet_values(anchor, positive, negative, swap: bool):
    gh, gl = _triplet_gap(anchor, positive, negative, swap)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        t = _dd_value(gh, gl)
        tail = np.exp(-np.abs(gh)) * np.where(gh > 0, 1 - gl, 1 + gl)  # e^{-|t|}, lo part to first order
        losses = np.where(gh > 0, gh + (gl + np.log1p(tail)), np.log1p(tail))
        return np.where(np.isinf(t), np.maximum(t, 0.0), losses)


# ============================================================ InfoNCE / NT-Xent
#: Rows normalised at a time: the double-double temporaries stay a few hundred KB whatever the batch.
_UNIT_ROWS_CHUNK = 2048


def _unit_rows(x: np.ndarray, scale, scale_lo=0.0):
    """The rows of ``x`` (entries within ±1) divided by their norm times ``scale + scale_lo``, as a double-double ``(hi, lo)``.

    ``scale`` and ``scale_lo`` are numbers or one per row; the squared norms
    come from :func:`~lossbook._numerics.exact.squared_norms`.  Rows are
    independent, so they go :data:`_UNIT_ROWS_CHUNK` at a time.
    """
    scale, scale_lo = (np.broadcast_to(np.asarray(v, dtype=float), x.shape[:1]) for v in (scale, scale_lo))
    if x.shape[0] > _UNIT_ROWS_CHUNK:
        hi, lo = np.empty_like(x), np.empty_like(x)
        for start in range(0, x.shape[0], _UNIT_ROWS_CHUNK):
            rows = slice(start, start + _UNIT_ROWS_CHUNK)
            hi[rows], lo[rows] = _unit_rows(x[rows], scale[rows], scale_lo[rows])
        return hi, lo
    nh, nl = _dd_sqrt(*squared_norms(x))
    nh, nl = _dd_mul(nh, nl, scale, scale_lo)
    return _dd_div(x, np.zeros_like(x), nh[:, None], nl[:, None])


def _scaled_cosines(left: np.ndarray, right: np.ndarray, temperature: float):
    r"""Every :math:`\cos(\mathbf l_i, \mathbf r_j)/\tau` as a double-double ``(N, M)`` pair (rows already scaled).

    The rows are normalised in double-double first (``left`` also divided by
    :math:`\tau`'s mantissa), so a cosine is a dot product of unit vectors:
    the high parts' products are exact matrix products of slices
    (:func:`~lossbook._numerics.exact.dot_products`), the cross terms with
    the low parts plain matrix products (they are 1e-16 smaller).  The
    absolute error, about ``D·1e-27``, is far below what the losses can
    feel: their relative error is at most twice the cosines' error over
    :math:`\tau`.  No pass over the ``N × M`` table divides or takes a root.
    """
    mantissa, exponent = np.frexp(temperature)  # τ = m·2^e, m in [1/2, 1)
    lh, ll = _unit_rows(left, float(mantissa))  # entries within ±1/m <= ±2
    rh, rl = _unit_rows(right, 1.0)
    lh, ll = lh * 0.5, ll * 0.5  # exact; the slices need entries within ±1
    hi, lo = dot_products(lh, rh)
    lo += lh @ rl.T
    lo += ll @ rh.T
    with np.errstate(over="ignore", under="ignore"):
        return np.ldexp(hi, 1 - exponent), np.ldexp(lo, 1 - exponent)


def _cross_entropy_rows(sh, sl, positive_column, *, exclude_diagonal: bool = False):
    r""":math:`-\log\bigl(e^{s_{i,p(i)}} / \sum_j e^{s_{ij}}\bigr)` per row, from double-double scaled cosines ``s``.

    With :math:`t_j = s_j - s_{p(i)}` in double-double (the positive's is 0)
    and :math:`M = \max(0, \max_{j \ne p(i)} t_j)`, every term is
    :math:`e^{t_j - M}`, formed as :math:`e^{t^{hi}_j - M}(1 + t^{lo}_j)`; the
    loss is :math:`\operatorname{log1p}` of the other terms when the positive
    has the largest score (:math:`M = 0`), else
    :math:`M + \log(e^{-M} + \sum_{j \ne p(i)} e^{t_j - M})`, a sum of
    non-negative parts.  ``exclude_diagonal`` leaves :math:`j = i` out (the
    self-similarity of NT-Xent).
    """
    rows = np.arange(sh.shape[0])
    ph = sh[rows, positive_column][:, None]
    pl = sl[rows, positive_column][:, None]
    th, tl = two_sum(sh, -ph)
    tl += sl
    tl -= pl
    th[rows, positive_column] = -np.inf
    if exclude_diagonal:
        th[rows, rows] = -np.inf
    top = np.maximum(th.max(axis=1), 0.0)
    with np.errstate(under="ignore", over="ignore", invalid="ignore"):
        th -= top[:, None]
        np.exp(th, out=th)
        tl += 1
        th *= tl
        others = th.sum(axis=1)
        return np.where(top > 0, top + np.log(np.exp(-top) + others), np.log1p(others))


@functools.lru_cache(maxsize=64)
def _log2_scale(temperature: float):
    r"""``(hi, lo, e)``: :math:`4m\ln 2` as a double-double, for :math:`\tau = m\,2^e`, :math:`m \in [1/2, 1)` (cached)."""
    mantissa, exponent = np.frexp(temperature)
    hi, lo = _dd_mul(*(np.array([v]) for v in (4 * mantissa, 0.0, *_batch.LN2)))
    return float(hi[0]), float(lo[0]), int(exponent)


#: Batches of at most this many coordinate products (rows × columns × D) take :mod:`._batch_small`.
_SMALL_BATCH_PRODUCTS = 1 << 15


def _small_batch(rows: int, columns: int, dimension: int, temperature: float) -> bool:
    """Whether a batch is small enough for :mod:`._batch_small`, at a temperature and dimension it is exact for."""
    return rows * columns * dimension <= _SMALL_BATCH_PRODUCTS and _batch.applies(dimension, temperature)


def _compiled_rows(left, right, offset: int, temperature: float, exclude_diagonal: bool):
    """The losses of a batch known to be :func:`_small_batch` in one compiled call (:mod:`._batch_small`); ``None``
    if a norm is out of the compiled call's range."""
    from ._batch_small import cross_entropy_rows  # here: Numba loads when the loss first runs, not with lossbook

    losses = np.empty(left.shape[0])
    left, right = np.ascontiguousarray(left), np.ascontiguousarray(right)
    return losses if cross_entropy_rows(left, right, offset, exclude_diagonal, temperature, losses) else None


def _fast_batch(anchor, positive, temperature, reduction, *, func: str, views: bool):
    """A small batch of plain float64 ``(N, D)`` arrays, reduced; ``None`` when the general path must look.

    The compiled call refuses rows that are zero, not finite or out of
    range, so no other check of the values is needed here (cosines do not
    depend on the rows' scale).  ``views`` makes NT-Xent's :math:`2N` views.
    """
    if not (type(anchor) is np.ndarray and type(positive) is np.ndarray and anchor.dtype == np.float64
            and positive.dtype == np.float64 and anchor.ndim == 2 and anchor.shape == positive.shape
            and anchor.size and reduction in REDUCTIONS):
        return None
    checked = _fast_params(((temperature, _temperature),), func=func)
    rows = anchor.shape[0] * (2 if views else 1)
    if checked is None or not _small_batch(rows, rows, anchor.shape[1], checked[0]):
        return None
    losses = _batch_rows(anchor, positive, checked[0], views=views, rows=_compiled_rows)
    return None if losses is None else reduce_losses(losses, reduction)


def _temperature(value, *, func: str) -> float:
    return check_positive_param(value, "temperature", func=func)


def _batch_rows(anchor, positive, temperature: float, *, views: bool, rows):
    r"""InfoNCE's per-anchor losses, or with ``views`` NT-Xent's per-pair ones, by ``rows`` (as
    :func:`_contrastive_rows`); ``None`` if ``rows`` refuses.

    NT-Xent's :math:`2N` views are the anchors then the positives: view
    :math:`k`'s positive is view :math:`k + N \bmod 2N`, and itself is left out.
    """
    if not views:
        return rows(anchor, positive, 0, temperature, False)
    return _view_rows(np.concatenate([anchor, positive]), temperature, rows)


def _view_rows(views, temperature: float, rows=None):
    """NT-Xent's per-pair losses from its :math:`2N` views (the anchors then the positives), as :func:`_batch_rows`."""
    n = views.shape[0] // 2
    per_view = (rows or _contrastive_rows)(views, views, n, temperature, True)
    return None if per_view is None else 0.5 * (per_view[:n] + per_view[n:])


def _contrastive_rows(left, right, offset: int, temperature: float, exclude_diagonal: bool):
    r"""Each row's :math:`-\log` softmax probability of its positive column over the scaled cosines.

    ``left`` and ``right`` are :class:`._batch_contrastive.ScaledRows`.  Row
    :math:`i`'s positive is column :math:`(i + \text{offset}) \bmod M`;
    ``exclude_diagonal`` leaves column :math:`i` out.  A small batch takes one
    compiled call (:func:`_compiled_rows`); larger ones row blocks
    (:mod:`._batch_contrastive`, memory independent of the number of rows
    and of the inputs' size) where their error bound holds — embedding
    dimensions up to a few hundred for ordinary temperatures — else the
    whole double-double table (:func:`_scaled_cosines`,
    :func:`_cross_entropy_rows`).  For the blocks the left rows get norm
    :math:`\log_2 e/(4m)` (:math:`\tau = m\,2^e`), so
    :math:`2^{2-e}\,l_i\cdot r_j = \log_2 e\,\cos(\mathbf l_i, \mathbf r_j)/\tau`.
    """
    (rows, dimension), columns = left.shape, right.shape[0]
    if _small_batch(rows, columns, dimension, temperature):
        return _compiled_rows(left.rows(0, rows), right.rows(0, columns), offset, temperature, exclude_diagonal)
    if not _batch.applies(dimension, temperature):
        positive_column = (np.arange(rows) + offset) % columns
        cosines = _scaled_cosines(left.rows(0, rows), right.rows(0, columns), temperature)
        return _cross_entropy_rows(*cosines, positive_column, exclude_diagonal=exclude_diagonal)
    sh, sl, exponent = _log2_scale(temperature)
    return _batch.cross_entropy_rows(left, right, (sh, sl), offset, 2.0 ** (2 - exponent), temperature,
                                     exclude_diagonal=exclude_diagonal)


def _batch_inputs(anchor, positive, reduction, temperature, *, func: str):
    (a, p), dtype = _embeddings(("anchor", "positive"), (anchor, positive), reduction, func=func)
    if a.ndim != 2:
        raise ValueError(
            f"anchor and positive must be batches of shape (N, D) for {func}; found {a.shape}"
            + (" — add the batch axis, e.g. anchor[None, :]" if a.ndim == 1 else
               " — flatten the leading axes, e.g. anchor.reshape(-1, anchor.shape[-1])")
        )
    temperature = check_positive_param(temperature, "temperature", func=func)
    exponents = _row_exponents(a, "anchor", func=func), _row_exponents(p, "positive", func=func)
    return (a, p), exponents, temperature, dtype


@checked_call
@shared_doc
def info_nce(anchor, positive, *, temperature: float = 0.07, sample_weight=None, reduction: str = "mean"):
    r"""InfoNCE with in-batch negatives: each anchor must pick out its own positive among the batch's.

    Parameters
    ----------
    anchor : array_like
        Embeddings :math:`\mathbf a_i`, shape ``(N, D)``; none may be zero.
    positive : array_like
        Their positives :math:`\mathbf p_i`, shape ``(N, D)``; row :math:`i` is
        the positive of anchor :math:`i` and a negative of every other anchor.
    temperature : float, optional
        :math:`\tau > 0`, default 0.07 (MoCo's and CLIP's initial value, optax's default).
    {sample_weight}
        One weight per anchor, shape ``(N,)``: anchor :math:`i`'s loss
        counts :math:`w_i` times.  A weight does not take a row out of the
        batch: with :math:`w_i = 0` positive :math:`i` is still a negative of
        every other anchor.  No framework takes weights here: the weighted
        cost is PyTorch's ``cross_entropy(..., reduction="none")`` of the
        scaled cosines times the weights, reduced as scikit-learn reduces
        with ``sample_weight``.
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns the cost, ``"sum"`` the total and
        ``"none"`` one loss per anchor, shape ``(N,)``.

    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if both inputs are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If the inputs are not of one shape ``(N, D)``, are empty or hold NaN,
        infinity or a zero vector, ``temperature`` is not a positive finite
        number, or ``reduction`` is unknown.
        Also if ``sample_weight`` is negative, not finite, of the wrong shape
        or sums to 0 with ``"mean"``.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.embedding.info_nce()``:

    .. math:: \ell_i\left(\mathbf{a}, \mathbf{p}; \tau\right) = - \log{\left(\frac{e^{\frac{\cos\left(\mathbf{a}_{i}, \mathbf{p}_{i}\right)}{\tau}}}{\sum_{j=1}^{N} e^{\frac{\cos\left(\mathbf{a}_{i}, \mathbf{p}_{j}\right)}{\tau}}} \right)}

    Per anchor, with cosine similarities :math:`s_{ij} = \cos(\mathbf a_i, \mathbf p_j)`,

    .. math:: \ell_i = -\log \frac{e^{s_{ii}/\tau}}{\sum_{j=1}^{N} e^{s_{ij}/\tau}} ,

    the cross-entropy of classifying the true positive among :math:`N`
    candidates (van den Oord et al. 2018; one direction of CLIP's loss with
    normalised embeddings).  It is at least 0, and not a function of one row
    alone: every anchor's loss depends on every positive.  The symmetric,
    SimCLR form over :math:`2N` views is :func:`nt_xent`.  The exponents
    are differences of cosines divided by :math:`\tau`, formed in
    double-double, so :math:`\tau = 0.01` is as accurate as :math:`\tau = 1`.

    References
    ----------
    van den Oord, Li and Vinyals, "Representation learning with contrastive
    predictive coding", arXiv:1807.03748, 2018.

    Examples
    --------
    >>> from lossbook import info_nce
    >>> info_nce([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]], temperature=1.0, reduction="none")
    array([0.31326169, 0.31326169])
    """
    if sample_weight is not None:
        return weighted_call(info_nce, (anchor, positive), sample_weight, reduction, temperature=temperature)
    func = "info_nce"
    fast = _fast_batch(anchor, positive, temperature, reduction, func=func, views=False)
    if fast is not None:
        return fast
    (a, p), (ea, ep), temperature, dtype = _batch_inputs(anchor, positive, reduction, temperature, func=func)
    losses = _contrastive_rows(_batch.ScaledRows([a], ea), _batch.ScaledRows([p], ep), 0, temperature, False)
    return _finish(losses, dtype, reduction)


@checked_call
@shared_doc
def nt_xent(anchor, positive, *, temperature: float = 0.07, sample_weight=None, reduction: str = "mean"):
    r"""NT-Xent (SimCLR's normalised temperature-scaled cross-entropy) of :math:`N` positive pairs.

    Parameters
    ----------
    anchor : array_like
        Embeddings of the first views :math:`\mathbf z_1 \dots \mathbf z_N`, shape ``(N, D)``.
    positive : array_like
        Embeddings of the second views :math:`\mathbf z_{N+1} \dots \mathbf z_{2N}`,
        shape ``(N, D)``; row :math:`i` is the positive of anchor row :math:`i`.
        No vector may be zero.
    temperature : float, optional
        :math:`\tau > 0`, default 0.07 (optax's default; SimCLR uses 0.1 to 0.5).
    {sample_weight}
        One weight per pair, shape ``(N,)``: pair :math:`i`'s loss (the
        mean of its two views') counts :math:`w_i` times.  A weight does
        not take views out of the batch: with :math:`w_i = 0` both views of
        pair :math:`i` are still negatives of every other view.  optax's
        ``ntxent`` takes no weights: the weighted cost is the per-pair loss
        times the weights, reduced as scikit-learn reduces with
        ``sample_weight``.
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns SimCLR's cost, ``"sum"`` the total over
        the pairs and ``"none"`` one loss per pair, shape ``(N,)``.

    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if both inputs are float32, float64 otherwise.

    Raises
    ------
    ValueError
        If the inputs are not of one shape ``(N, D)``, are empty or hold NaN,
        infinity or a zero vector, ``temperature`` is not a positive finite
        number, or ``reduction`` is unknown.
        Also if ``sample_weight`` is negative, not finite, of the wrong shape
        or sums to 0 with ``"mean"``.
    TypeError
        If an input holds anything but real numbers.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.embedding.nt_xent()``:

    .. math:: \ell_i\left(\mathbf{a}, \mathbf{p}; \tau\right) = \frac{- \log{\left(\frac{e^{\frac{\cos\left(\mathbf{a}_{i}, \mathbf{p}_{i}\right)}{\tau}}}{\sum_{j=1}^{N} \left(e^{\frac{\cos\left(\mathbf{a}_{i}, \mathbf{p}_{j}\right)}{\tau}} + \left(1 - \delta_{i j}\right) e^{\frac{\cos\left(\mathbf{a}_{i}, \mathbf{a}_{j}\right)}{\tau}}\right)} \right)} - \log{\left(\frac{e^{\frac{\cos\left(\mathbf{p}_{i}, \mathbf{a}_{i}\right)}{\tau}}}{\sum_{j=1}^{N} \left(e^{\frac{\cos\left(\mathbf{p}_{i}, \mathbf{a}_{j}\right)}{\tau}} + \left(1 - \delta_{i j}\right) e^{\frac{\cos\left(\mathbf{p}_{i}, \mathbf{p}_{j}\right)}{\tau}}\right)} \right)}}{2}

    With the :math:`2N` views :math:`\mathbf z_k` (anchors, then positives),
    cosine similarities :math:`s_{kj}` and :math:`k^+` the other view of
    :math:`k`'s pair, each view's loss is

    .. math:: \ell(k) = -\log \frac{e^{s_{k k^+}/\tau}}{\sum_{j \ne k} e^{s_{kj}/\tau}} ,

    (every other view of the batch is a negative), and pair :math:`i`'s loss
    is the average of its two views',
    :math:`\ell_i = \tfrac12[\ell(i) + \ell(N + i)]`, so the mean over the
    pairs is SimCLR's :math:`\mathcal L = \frac{1}{2N}\sum_{k=1}^{2N}\ell(k)`.
    optax's ``ntxent(embeddings, labels, temperature)`` computes the same mean
    from the stacked views with labels ``[0 .. N-1, 0 .. N-1]`` (its cosine
    clips squared norms at float eps; the difference is below rounding for
    ordinary embeddings).  ``"sum"`` adds the pair losses, i.e.
    :math:`N\mathcal L`, not :math:`2N\mathcal L`.

    References
    ----------
    Chen, Kornblith, Norouzi and Hinton, "A simple framework for contrastive
    learning of visual representations", ICML 2020.  Sohn, "Improved deep
    metric learning with multi-class N-pair loss objective", NeurIPS 2016.

    Examples
    --------
    >>> from lossbook import nt_xent
    >>> nt_xent([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]], temperature=1.0, reduction="none")
    array([0.55144471, 0.55144471])
    """
    if sample_weight is not None:
        return weighted_call(nt_xent, (anchor, positive), sample_weight, reduction, temperature=temperature)
    func = "nt_xent"
    fast = _fast_batch(anchor, positive, temperature, reduction, func=func, views=True)
    if fast is not None:
        return fast
    (a, p), exponents, temperature, dtype = _batch_inputs(anchor, positive, reduction, temperature, func=func)
    views = _batch.ScaledRows([a, p], np.concatenate(exponents))  # stacked, not copied
    return _finish(_view_rows(views, temperature), dtype, reduction)
