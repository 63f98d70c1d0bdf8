"""Docstring paragraphs every loss shares, written once and filled in where a line names one.

A loss's docstring holds a marker line such as ``    {returns}``; the decorator
made by :func:`docstring_parts` replaces it by the paragraph, so ``help()``
and the API page read the whole text while the source keeps one copy.
"""

from __future__ import annotations

from .validation import LABEL_LOSSES

__all__ = ["DOC_PARTS", "LABEL_RETURNS", "docstring_parts", "shared_doc"]

#: Marker → paragraph (indented as a numpydoc section of a function's docstring).
DOC_PARTS = {
    "{reduction: elements}": """    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns the cost, ``"sum"`` the total and
        ``"none"`` the per-element losses with the input's shape.""",
    "{reduction: rows}": """    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` (default) returns the cost, ``"sum"`` the total and
        ``"none"`` one loss per row (shape ``y_pred.shape[:-1]``).""",
    "{sample_weight}": """    sample_weight : array_like, optional
        Weights :math:`w_n \\ge 0` of the per-sample losses: the shape
        ``reduction="none"`` returns, or a leading part of it (one weight per
        sample, a scalar).  ``"mean"`` is then :math:`\\sum_n w_n\\ell_n /
        \\sum_n w_n` (scikit-learn's ``sample_weight``, Keras's
        ``reduction="mean_with_sample_weight"``), ``"sum"`` is
        :math:`\\sum_n w_n\\ell_n` and ``"none"`` returns :math:`w_n\\ell_n`.""",
    "{returns}": """    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if both inputs are float32, float64 otherwise.""",
}


#: ``{returns}`` for the losses whose ``y_true`` holds labels (:data:`.validation.LABEL_LOSSES`): integer labels do not promote.
LABEL_RETURNS = """    Returns
    -------
    numpy.ndarray or numpy.floating
        float32 if ``y_pred`` is float32 and ``y_true`` float32, integer or
        bool (labels), float64 otherwise."""


def docstring_parts(extra: dict | None = None):
    """A decorator filling the markers of :data:`DOC_PARTS` (and of ``extra``) into a docstring."""
    parts = {**DOC_PARTS, **(extra or {})}

    def fill(function):
        if function.__name__ in LABEL_LOSSES:
            function.__doc__ = function.__doc__.replace("    {returns}", LABEL_RETURNS)
        for marker, text in parts.items():
            function.__doc__ = function.__doc__.replace("    " + marker, text)
        return function

    return fill


#: Fills the shared paragraphs only.
shared_doc = docstring_parts()
