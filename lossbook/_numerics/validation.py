"""Input validation shared by every numeric loss.

Each check turns an array-like into a floating-point NumPy array or raises an
error whose message names the argument, the loss, what was expected and what
was found.  Nothing is clipped or broadcast silently.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .foreign import plain_input

__all__ = [
    "as_float_array",
    "number_array",
    "float_array",
    "label_float_dtype",
    "pair_dtype",
    "check_reduction",
    "check_same_shape",
    "check_positive_param",
    "REDUCTIONS",
]

REDUCTIONS = ("mean", "sum", "none")


def _first_index(mask: np.ndarray):
    """Index (an int for 1-D input, a tuple otherwise) of the first True in ``mask``."""
    index = tuple(int(i) for i in np.argwhere(mask)[0])
    return index[0] if len(index) == 1 else index


def _first_non_number(array: np.ndarray):
    """``(index, item)`` of the first element of an object array that is not a real number, or ``None``."""
    for index, item in np.ndenumerate(array):
        if not isinstance(item, (numbers.Real, np.bool_)):  # Python and NumPy ints, floats and bools pass
            return (index[0] if len(index) == 1 else index), item
    return None


def number_array(value, name: str, *, func: str) -> np.ndarray:
    """``value`` as a NumPy array of real numbers (bool, integer or float dtype, as given); refuse anything else.

    Masked arrays, pandas objects with missing values, tensors that require
    grad and JAX tracers are refused by :func:`.foreign.plain_input`; an
    object array whose items are all real numbers becomes float64, any other
    is refused naming its first non-number (``None`` included) and where it is.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(
            f"{name} must be an array of real numbers for {func}; found a string {value!r}"
        )
    if type(value) is not np.ndarray:
        value = plain_input(value, name, func=func)
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested sequences
        raise ValueError(
            f"{name} must be a rectangular array of numbers for {func}; "
            f"could not build one ({error})"
        ) from None
    if array.dtype == object:
        bad = _first_non_number(array)
        if bad is not None:
            index, item = bad
            what = "None" if item is None else f"{_short_repr(item)} (type {type(item).__name__})"
            raise TypeError(
                f"{name} must hold real numbers for {func}; found {what} at index {index}"
                + (" — drop or fill missing values first (from every input)" if item is None else "")
            )
        if array.size:
            array = array.astype(np.float64)
    if array.dtype.kind in "US":
        raise TypeError(f"{name} must hold real numbers for {func}; found dtype {array.dtype}: {_first_string(array)}")
    if array.dtype.kind in "VMmO":
        hint = (" — NumPy computes in float32 or float64: convert with .astype(numpy.float32)"
                if array.dtype.name == "bfloat16" else
                " — convert it with numpy.asarray(..., dtype=float) after checking its content")
        raise TypeError(f"{name} must hold real numbers for {func}; found dtype {array.dtype}{hint}")
    if array.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers for {func}; found complex dtype {array.dtype}")
    if array.size == 0:
        raise ValueError(
            f"{name} is empty for {func}; pass at least one sample (shape {array.shape} found)"
        )
    return array


def _first_string(array: np.ndarray) -> str:
    """Name the first string that is not a number (or say they all are numbers written as text)."""
    for index, item in np.ndenumerate(array):
        try:
            float(item)
        except ValueError:
            where = index[0] if len(index) == 1 else index
            return f"{_short_repr(item.item() if hasattr(item, 'item') else item)} at index {where} is not a number"
    return "numbers written as text — convert them with numpy.asarray(..., dtype=float)"


def _short_repr(item) -> str:
    text = repr(item)
    return text if len(text) <= 40 else text[:37] + "..."


#: Above this many elements :func:`all_finite` takes the minimum and maximum (no mask the size of the input).
_FINITE_BY_MASK = 4096


def all_finite(array: np.ndarray) -> bool:
    """Whether every entry of the float ``array`` is finite.

    Small arrays: one ``isfinite`` mask.  Large ones: the minimum and the
    maximum, which NaN propagates to, are finite exactly when every entry
    is — two passes and no temporary the size of the input.
    """
    if array.size <= _FINITE_BY_MASK:
        return bool(np.isfinite(array).all())
    return math.isfinite(np.minimum.reduce(array, axis=None)) and math.isfinite(np.maximum.reduce(array, axis=None))


def float_array(array: np.ndarray, name: str, *, func: str, dtype=None, allow_nonfinite: bool = False,
                check_finite: bool = True) -> np.ndarray:
    """The :func:`number_array` ``array`` in ``dtype`` (default: float32 kept, everything else float64), checked finite."""
    if dtype is None:
        dtype = np.float32 if array.dtype == np.float32 else np.float64
    array = array.astype(dtype, copy=False)
    if check_finite and not all_finite(array):  # details only on failure
        nan = np.isnan(array)
        if nan.any():
            raise ValueError(
                f"{name} must not contain NaN for {func}; found NaN at index {_first_index(nan)}"
            )
        if not allow_nonfinite:
            infinite = np.isinf(array)
            raise ValueError(
                f"{name} must be finite for {func}; found {array[infinite][0]} at index "
                f"{_first_index(infinite)}"
            )
    return array


def as_float_array(value, name: str, *, func: str, allow_nonfinite: bool = False,
                   check_finite: bool = True) -> np.ndarray:
    """Return ``value`` as a float array (float32 kept, everything else float64).

    Parameters
    ----------
    value : array_like
        Numbers: a scalar, a (nested) sequence or an array of real numbers
        (a CPU tensor without grad, a pandas object without missing values,
        a masked array with nothing masked).
    name : str
        The argument's name, used in error messages (``"y_true"``).
    func : str
        The public function's name, used in error messages.
    allow_nonfinite : bool, optional
        Accept ``inf`` (never ``nan``).  Off by default.
    check_finite : bool, optional
        Look for NaN and infinity (default).  A fast path that detects them
        in its result instead, and then validates again with the check on,
        turns it off.

    Raises
    ------
    TypeError
        If ``value`` holds anything but real numbers (strings, objects, complex,
        ``None``), or is a tensor that requires grad, is on a GPU or is bfloat16,
        or a JAX tracer.
    ValueError
        If ``value`` is empty, ragged, holds NaN (or infinity, unless allowed),
        is a masked array with masked entries or a pandas object with ``pd.NA``.
    """
    return float_array(number_array(value, name, func=func), name, func=func,
                       allow_nonfinite=allow_nonfinite, check_finite=check_finite)


def label_float_dtype(*arrays: np.ndarray) -> np.dtype:
    """The dtype labels and predictions are computed in: float32 only if every float input is float32.

    Integer and bool arrays (class labels, 0/1 or ±1 labels) do not count,
    so integer labels with float32 probabilities give float32; anything else
    (a float64 or float16 input, or no float input at all) gives float64.
    """
    floats = [array.dtype for array in arrays if array.dtype.kind == "f"]
    if floats and all(dtype == np.float32 for dtype in floats):
        return np.dtype(np.float32)
    return np.dtype(np.float64)


def _source_dtype(value) -> np.dtype:
    dtype = getattr(value, "dtype", None)
    return dtype if isinstance(dtype, np.dtype) else np.asarray(value).dtype


#: Losses whose ``y_true`` holds labels (0/1, ±1, one-hot or class indices): integer labels do not promote.
LABEL_LOSSES = frozenset({
    "binary_cross_entropy", "binary_focal_loss", "hinge", "squared_hinge", "multilabel_binary_cross_entropy",
    "categorical_cross_entropy", "sparse_categorical_cross_entropy", "kl_divergence",
})


def pair_dtype(y_true, y_pred, func: str) -> np.dtype:
    """The common float dtype of two inputs whose converted dtypes differ (used by the fast paths).

    For a loss in :data:`LABEL_LOSSES`, :func:`label_float_dtype` of the
    inputs as given; float64 otherwise (NumPy's promotion of float32 with
    float64, or of an integer array converted to float64).
    """
    if func not in LABEL_LOSSES:
        return np.dtype(np.float64)
    try:
        return label_float_dtype(np.empty(0, _source_dtype(y_true)), np.empty(0, _source_dtype(y_pred)))
    except (TypeError, ValueError):
        return np.dtype(np.float64)


def check_same_shape(first: np.ndarray, second: np.ndarray, *, func: str,
                     names: tuple[str, str] = ("y_true", "y_pred")) -> None:
    """Raise unless two inputs (named ``names``) have exactly the same shape.

    Broadcasting ``(n,)`` against ``(n, 1)`` would silently build an ``(n, n)``
    table of pairwise errors, so shapes must match exactly.
    """
    if first.shape != second.shape:
        hint = ""
        if first.size == second.size:
            hint = f" — reshape one of them, e.g. {names[1]}.reshape({first.shape})"
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same shape for {func}; "
            f"found {names[0]} {first.shape} and {names[1]} {second.shape}{hint}"
        )


def check_reduction(reduction, *, func: str) -> str:
    """Return ``reduction`` if it is one of ``"mean"``, ``"sum"``, ``"none"``."""
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"reduction must be one of {', '.join(map(repr, REDUCTIONS))} for {func}; "
            f"found {reduction!r}"
        )
    return reduction


def check_positive_param(value, name: str, *, func: str) -> float:
    """Return ``value`` as a float if it is a finite number > 0."""
    if type(value) is not float:  # a plain float (the usual case) needs no type check
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{name} must be a positive real number for {func}; found {value!r}")
        value = float(value)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0 for {func}; found {value!r}")
    return value
