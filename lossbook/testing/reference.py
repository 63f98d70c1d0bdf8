"""Compare float results with 50-digit mpmath references."""

from __future__ import annotations

import mpmath
import numpy as np


def rounded(reference, dtype) -> np.ndarray:
    """The correctly rounded ``dtype`` values of an array of mpf (inf past the range)."""
    as_float = np.array([float(value) for value in np.ravel(reference)], dtype=np.float64)
    with np.errstate(over="ignore"):
        return as_float.astype(dtype).reshape(np.shape(reference))


def mismatches(actual, reference, *, rtol: float) -> list[str]:
    """Describe every element where ``actual`` is not ``reference`` to ``rtol``.

    Where the correctly rounded reference is a normal number the relative error
    must be at most ``rtol``; where it is subnormal or zero the error must be
    within one unit of the smallest subnormal; where it overflows to ``inf``
    the result must be the same ``inf``.  NaN is always a mismatch.
    """
    actual = np.asarray(actual)
    info = np.finfo(actual.dtype)
    expected = rounded(reference, actual.dtype)
    problems = []
    for index in np.ndindex(actual.shape):
        got, want, exact = actual[index], expected[index], reference[index]
        if np.isnan(got):
            problems.append(f"{index}: got nan, want {mpmath.nstr(exact, 17)}")
        elif np.isinf(want) or np.isinf(got):
            if got != want:
                problems.append(f"{index}: got {got}, want {want}")
        elif abs(want) < info.tiny:
            if abs(float(got) - float(exact)) > 1.01 * float(info.smallest_subnormal):
                problems.append(f"{index}: got {got}, want {mpmath.nstr(exact, 17)} (subnormal)")
        else:
            error = abs((mpmath.mpf(float(got)) - exact) / exact)
            if error > rtol:
                problems.append(
                    f"{index}: got {got!r}, want {mpmath.nstr(exact, 20)}, rel. error {mpmath.nstr(error, 3)}"
                )
    return problems
