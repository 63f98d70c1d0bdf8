"""Checks and accurate logarithms shared by the classification losses.

Every check raises an error that names the argument, the function, what was
expected and what was found; nothing is clipped, renormalised or broadcast
silently.  The logarithm helpers keep full relative accuracy where the naive
formulas lose it (``log p`` for ``p`` near 1, ``log(1 - p)`` for ``p`` near 0).
"""

from __future__ import annotations

import numpy as np

from ..activations import _shift_and_tail
from .._numerics.docstrings import docstring_parts
from .._numerics.validation import (
    _first_index,
    as_float_array,
    check_reduction,
    check_same_shape,
    float_array,
    label_float_dtype,
    number_array,
)

__all__ = [
    "check_from_logits",
    "float_inputs",
    "binary_label_hint",
    "check_interval",
    "check_signed_labels",
    "check_class_axis",
    "check_rows_sum_to_one",
    "class_labels",
    "neg_log",
    "neg_log1m",
    "softplus_pair",
    "sigmoid_pair",
    "nll_from_logits",
    "check_pos_weight",
    "check_class_weight",
    "shared_doc",
]

LOGITS_HINT = " — pass from_logits=True if these are raw scores (logits)"


def check_from_logits(from_logits, *, func: str) -> bool:
    """Return ``from_logits`` if it is a bool (a string such as ``"True"`` is a mistake)."""
    if not isinstance(from_logits, (bool, np.bool_)):
        raise TypeError(f"from_logits must be True or False for {func}; found {from_logits!r}")
    return bool(from_logits)


def float_inputs(y_true, y_pred, reduction, *, func: str, same_shape: bool = True):
    """Validate ``reduction`` and both arrays; return them in their common float dtype.

    The dtype is :func:`~lossbook._numerics.validation.label_float_dtype`'s:
    integer or bool labels do not promote float32 predictions to float64.
    """
    check_reduction(reduction, func=func)
    true = number_array(y_true, "y_true", func=func)
    pred = number_array(y_pred, "y_pred", func=func)
    dtype = label_float_dtype(true, pred)
    true = float_array(true, "y_true", func=func, dtype=dtype)
    pred = float_array(pred, "y_pred", func=func, dtype=dtype)
    if same_shape:
        check_same_shape(true, pred, func=func)
    return true, pred


def _index_text(mask: np.ndarray) -> str:
    return str(_first_index(mask))


#: The hint for a whole label >= 2 where 0/1 labels are expected.
MULTICLASS_LABEL_HINT = (" — labels must be 0/1 (or soft in [0, 1]); for K > 2 classes use "
                         "sparse_categorical_cross_entropy (integer labels) or categorical_cross_entropy (one-hot)")


def binary_label_hint(found: float, signed_hint: str = "") -> str:
    """The hint for a 0/1 label out of [0, 1] that fits the value found.

    ``-1`` suggests mapping ±1 labels (``signed_hint``, the caller's); a whole
    number >= 2 points to the multi-class losses; anything else gets none.
    """
    if found == -1:
        return signed_hint
    if found >= 2 and found == int(found):
        return MULTICLASS_LABEL_HINT
    return ""


def check_interval(values: np.ndarray, name: str, *, func: str, what: str, hint: str = "") -> None:
    """Raise unless every value lies in [0, 1].

    When ``what`` names labels (``"labels ..."``), ``hint`` is the ±1-mapping
    hint and is given only for a label of -1; see :func:`binary_label_hint`.
    """
    if values.min() >= 0 and values.max() <= 1:  # two reductions; the mask only to name a bad value
        return
    bad = (values < 0) | (values > 1)
    if bad.any():
        found = float(values[bad][0])
        if what.startswith("labels"):
            hint = binary_label_hint(found, hint)
        raise ValueError(
            f"{name} must hold {what} in [0, 1] for {func}; found {found!r} "
            f"at index {_index_text(bad)}{hint}"
        )


def check_signed_labels(values: np.ndarray, *, func: str) -> None:
    """Raise unless every label is exactly -1 or +1."""
    bad = (values != 1) & (values != -1)
    if bad.any():
        found = float(values[bad][0])
        hint = " — map 0/1 labels to -1/+1 with 2 * y_true - 1" if found == 0 else ""
        if found >= 2 and found == int(found):
            hint = (f" — {func} separates two classes; for K > 2 classes use sparse_categorical_cross_entropy "
                    "(integer labels)")
        raise ValueError(
            f"y_true must hold labels -1 or +1 for {func}; found {found!r} at index {_index_text(bad)}{hint}"
        )


def check_class_axis(true: np.ndarray, pred: np.ndarray, *, func: str) -> None:
    """Shapes for losses whose last axis holds the classes: equal, and at least 1-D."""
    if pred.ndim == 0:
        raise ValueError(
            f"y_pred must have a class axis (the last one) for {func}; found a scalar {float(pred)!r}"
        )
    if true.shape != pred.shape and true.ndim == pred.ndim and true.shape[:-1] == pred.shape[:-1]:
        raise ValueError(
            f"y_true and y_pred must have the same shape for {func}; found y_true {true.shape} and "
            f"y_pred {pred.shape}: they disagree on the number of classes (last axis: "
            f"{true.shape[-1]} vs {pred.shape[-1]})"
        )
    if true.shape == pred.shape[:-1] and pred.ndim >= 1 and _whole_labels(true, pred.shape[-1]):
        raise ValueError(
            f"y_true and y_pred must have the same shape for {func}; found y_true {true.shape} and "
            f"y_pred {pred.shape}: y_true holds one class label per row"
            + _SPARSE_HINT.get(func, _ONE_HOT_HINT).format(K=pred.shape[-1])
        )
    check_same_shape(true, pred, func=func)


#: What to do with integer class labels given where one target row per sample is expected, by loss.
_ONE_HOT_HINT = " — one-hot encode them, e.g. numpy.eye({K})[y_true]"
_SPARSE_HINT = {
    "categorical_cross_entropy": " — pass them to sparse_categorical_cross_entropy, or one-hot encode them "
                                 "(numpy.eye({K})[y_true])",
}


def _whole_labels(true: np.ndarray, n_classes: int) -> bool:
    """True if every value is a whole number in 0 .. n_classes - 1 (a class label)."""
    return bool(true.min() >= 0 and true.max() < n_classes and (true == np.floor(true)).all())


def _row_tolerance(dtype, n_classes: int) -> float:
    """How far from 1 a row sum may be: rounding of K terms, with room for float32 softmax output."""
    eps = float(np.finfo(dtype).eps)
    return float(np.sqrt(eps) + n_classes * eps)


def check_rows_sum_to_one(values: np.ndarray, name: str, *, func: str, hint: str = "") -> None:
    """Raise unless every row (last axis) sums to 1 within rounding tolerance."""
    sums = np.sum(values, axis=-1, dtype=np.float64)  # the sum the message reports: keep its rounding
    tolerance = _row_tolerance(values.dtype, values.shape[-1])
    bad = np.abs(sums - 1) > tolerance
    if bad.any():
        where = "" if sums.ndim == 0 else f"row {_index_text(bad)} "
        found = float(sums) if sums.ndim == 0 else float(sums[bad][0])
        raise ValueError(
            f"{name} must be a probability distribution over the last (class) axis for {func}, "
            f"each row summing to 1 (within {tolerance:.1e}); {where}sums to {found!r}{hint}"
        )


def class_labels(y_true, pred: np.ndarray, *, func: str) -> np.ndarray:
    """Integer class labels of shape ``pred.shape[:-1]``, each in ``0 .. K-1``, as ``intp``."""
    labels = as_float_array(y_true, "y_true", func=func)
    if pred.ndim == 0:
        raise ValueError(
            f"y_pred must have a class axis (the last one) for {func}; found a scalar {float(pred)!r}"
        )
    if labels.shape != pred.shape[:-1]:
        hint = ""
        if labels.shape == pred.shape:
            hint = " — y_true looks one-hot: pass y_true.argmax(-1), or use categorical_cross_entropy"
        elif labels.shape == (*pred.shape[:-1], 1):
            hint = f" — reshape it, e.g. y_true.reshape({pred.shape[:-1]})"
        raise ValueError(
            f"y_true must have the same shape as y_pred without its last (class) axis for {func}, "
            f"i.e. {pred.shape[:-1]}; found y_true {labels.shape} and y_pred {pred.shape}{hint}"
        )
    n_classes = pred.shape[-1]
    bad = (labels != np.floor(labels)) | (labels < 0) | (labels >= n_classes)
    if bad.any():
        raise ValueError(
            f"y_true must hold integer class labels 0 .. {n_classes - 1} for {func} "
            f"(y_pred has {n_classes} classes); found {float(labels[bad][0])!r} at index {_index_text(bad)}"
        )
    return labels.astype(np.intp)


# ----------------------------------------------------------------- accurate logs
def neg_log(p: np.ndarray) -> np.ndarray:
    """``-log p`` for p in [0, 1]: ``log1p(p - 1)`` near 1 (where ``p - 1`` is exact), inf at 0."""
    with np.errstate(divide="ignore"):
        return np.where(p > 0.5, -np.log1p(p - 1), -np.log(p)) + 0.0


def neg_log1m(p: np.ndarray) -> np.ndarray:
    """``-log(1 - p)`` for p in [0, 1]: ``log1p(-p)`` near 0, ``1 - p`` exact near 1, inf at 1."""
    with np.errstate(divide="ignore"):
        return np.where(p < 0.5, -np.log1p(-p), -np.log(1 - p)) + 0.0


def softplus_pair(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(-log sigma(z), -log(1 - sigma(z)))`` = ``(softplus(-z), softplus(z))``, both stable.

    ``softplus(t) = max(t, 0) + log1p(exp(-|t|))``: the exponential is at most
    1 and both parts are non-negative, so nothing overflows or cancels.
    """
    with np.errstate(under="ignore"):
        tail = np.log1p(np.exp(-np.abs(z)))
    return np.maximum(-z, 0) + tail, np.maximum(z, 0) + tail


def sigmoid_pair(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(sigma(z), sigma(-z))``: ``1/(1+e)`` and ``e/(1+e)`` with ``e = exp(-|z|) <= 1``, both to full relative accuracy."""
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))
    big, small = 1 / (1 + e), e / (1 + e)
    return np.where(z >= 0, big, small), np.where(z >= 0, small, big)


def nll_from_logits(z: np.ndarray) -> np.ndarray:
    """``-log softmax(z)`` along the last axis: ``(m - z_k) + log1p(s)``, both parts >= 0."""
    shift, tail = _shift_and_tail(z)
    return (shift[..., None] - z) + np.log1p(tail)[..., None]


# ----------------------------------------------------------------- class weights
def _non_negative_weights(values, name: str, *, func: str) -> np.ndarray:
    weights = as_float_array(values, name, func=func)
    negative = weights < 0
    if negative.any():
        raise ValueError(
            f"{name} must hold weights >= 0 for {func}; found {float(weights[negative][0])!r} "
            f"at index {_index_text(negative)}"
        )
    return weights


def check_pos_weight(pos_weight, pred: np.ndarray, *, func: str) -> np.ndarray | None:
    """``None``, or the weight of the positive term: a number, or one per column (last axis of ``y_pred``)."""
    if pos_weight is None:
        return None
    weights = _non_negative_weights(pos_weight, "pos_weight", func=func)
    columns = pred.shape[-1:] if pred.ndim else ()
    if weights.ndim and weights.shape != columns:
        raise ValueError(
            f"pos_weight must be a number or hold one weight per column (the last axis of y_pred) for "
            f"{func}, i.e. shape {columns}; found shape {weights.shape}"
        )
    return weights.astype(pred.dtype, copy=False)


def check_class_weight(class_weight, pred: np.ndarray, *, func: str) -> np.ndarray | None:
    """``None``, or one weight per class: shape ``(K,)`` for ``y_pred`` of shape ``(..., K)``."""
    if class_weight is None:
        return None
    weights = _non_negative_weights(class_weight, "class_weight", func=func)
    n_classes = pred.shape[-1] if pred.ndim else 0
    if weights.shape != (n_classes,):
        raise ValueError(
            f"class_weight must hold one weight per class for {func}, i.e. shape ({n_classes},) for "
            f"y_pred of shape {pred.shape}; found shape {weights.shape}"
        )
    return weights.astype(pred.dtype, copy=False)


# ----------------------------------------------------------------- shared docstring paragraphs
#: The binary losses' inputs, besides the paragraphs every loss shares (lossbook._numerics.docstrings).
shared_doc = docstring_parts({
    "{y_true, y_pred: binary}": r"""    y_true : array_like
        Labels :math:`y` in :math:`[0, 1]`: 0 or 1, or soft labels in between.
    y_pred : array_like
        Predicted probabilities :math:`\hat y` of the positive class, in
        :math:`[0, 1]`, the same shape as ``y_true``; logits if ``from_logits``.""",
})
