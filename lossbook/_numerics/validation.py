"""Input validation shared by every numeric loss.

Each check turns an array-like into a floating-point NumPy array or raises an
error whose message names the argument, the loss, what was expected and what
was found.  Nothing is clipped or broadcast silently.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_float_array",
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


def as_float_array(value, name: str, *, func: str, allow_nonfinite: bool = False,
                   check_finite: bool = True) -> np.ndarray:
    """Return ``value`` as a float array (float32 kept, everything else float64).

    Parameters
    ----------
    value : array_like
        Numbers: a scalar, a (nested) sequence or an array of real numbers.
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
        If ``value`` holds anything but real numbers (strings, objects, complex).
    ValueError
        If ``value`` is empty, ragged, or holds NaN (or infinity, unless allowed).
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(
            f"{name} must be an array of real numbers for {func}; found a string {value!r}"
        )
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested sequences
        raise ValueError(
            f"{name} must be a rectangular array of numbers for {func}; "
            f"could not build one ({error})"
        ) from None
    if array.dtype == object or array.dtype.kind in "USVMmO":
        raise TypeError(
            f"{name} must hold real numbers for {func}; found dtype {array.dtype}"
            " — convert it with numpy.asarray(..., dtype=float) after checking its content"
        )
    if array.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers for {func}; found complex dtype {array.dtype}")
    if array.size == 0:
        raise ValueError(
            f"{name} is empty for {func}; pass at least one sample (shape {array.shape} found)"
        )
    if array.dtype != np.float32:
        array = array.astype(np.float64, copy=False)
    if check_finite and not np.isfinite(array).all():  # one pass over valid data; details only on failure
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
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive real number for {func}; found {value!r}")
    value = float(value)
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0 for {func}; found {value!r}")
    return value
