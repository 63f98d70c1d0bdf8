"""Explorers of the regression chapters.

Each function returns an :class:`~lossbook.widgets.Explorer` with the book's
defaults, so ``age_error_explorer()`` alone gives a working explorer.  The
browser evaluates the losses as JavaScript printed from their SymPy
definitions; :meth:`~lossbook.widgets.Explorer.compute` gives the same numbers
from lossbook's NumPy losses.
"""

from __future__ import annotations

from .. import regression
from ..examples import regression as examples
from ._core import Explorer, explorer, slider

__all__ = ["age_error_explorer"]


def _js(name: str) -> dict:
    """The catalogued loss ``name`` (per element) as a JavaScript function of ``(y_true, y_pred, *params)``."""
    from ..catalog import get

    return get(name).definition().javascript()


def age_error_explorer(true_age: float = examples.AGE_TRUE, predicted_age: float = examples.AGE_PREDICTED) -> Explorer:
    """Move the predicted age; see the signed error, its absolute value and its square.

    Returns
    -------
    Explorer
        One control, ``predicted_age``.
    """
    ages = (0.0, 80.0)

    def compute(*, predicted_age):
        y, p = [true_age], [predicted_age]
        return {"error": true_age - predicted_age,
                "absolute_error": float(regression.mean_absolute_error(y, p)),
                "squared_error": float(regression.mean_squared_error(y, p))}

    return explorer(
        "age_error",
        title="Error, absolute error and squared error of one age",
        alt=f"Left: the true age {true_age:g} and the predicted age on a number line, joined by the error. "
            "Right: the error, the absolute error and the squared error as functions of the predicted age, "
            "with the current prediction marked on each.",
        controls=[slider("predicted_age", "predicted age ŷ", predicted_age, *ages, 1)],
        compute=compute,
        functions={"absolute_error": _js("mean_absolute_error"), "squared_error": _js("mean_squared_error")},
        constants={"true_age": true_age, "ages": list(ages),
                   "curve_names": ["error y − ŷ", "absolute error", "squared error ÷ 10 (years²)"]},
    )
