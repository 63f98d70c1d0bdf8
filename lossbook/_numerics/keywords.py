"""Calls with a misspelt or foreign keyword get an error that names the loss's own keywords.

Python's own message (``got an unexpected keyword argument 'sample_weights'``)
says what is wrong but not what is right.  :func:`checked_keywords` wraps a
public loss; a call that Python cannot bind to its signature raises a
:class:`TypeError` that lists the arguments the loss takes, the closest
match, and the lossbook name of the frameworks' common keywords
(PyTorch's ``input``/``target``, ``weight``, ``reduce``).  Calls that bind
pay one extra Python frame; errors raised inside the loss pass unchanged.
"""

from __future__ import annotations

import difflib
import functools
import inspect

__all__ = ["checked_keywords"]

#: Keywords of other libraries → what lossbook calls them.
FOREIGN_KEYWORDS = {
    "input": "y_pred (lossbook takes y_true first, y_pred second)",
    "target": "y_true (lossbook takes y_true first, y_pred second)",
    "labels": "y_true",
    "logits": "y_pred with from_logits=True",
    "predictions": "y_pred",
    "weight": "class_weight (one per class) or sample_weight (one per sample)",
    "weights": "sample_weight",
    "size_average": "reduction='mean' or 'sum'",
    "reduce": "reduction='none'",
    "axis": "the last axis (lossbook's classes always sit there)",
    "dim": "the last axis (lossbook's classes always sit there)",
}


def checked_keywords(function):
    """Decorate a public loss so that a call that does not bind raises a helpful :class:`TypeError`."""
    signature = inspect.signature(function)

    @functools.wraps(function)
    def call(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except TypeError as error:
            if error.__traceback__.tb_next is not None:  # raised inside the loss: not a binding error
                raise
            raise TypeError(_binding_message(function.__name__, signature, args, kwargs, error)) from None

    return call


def _binding_message(name: str, signature: inspect.Signature, args: tuple, kwargs: dict, error) -> str:
    parameters = signature.parameters
    positional = [p for p, spec in parameters.items()
                  if spec.kind in (spec.POSITIONAL_ONLY, spec.POSITIONAL_OR_KEYWORD)]
    keywords = [p for p, spec in parameters.items() if spec.kind == spec.KEYWORD_ONLY]
    takes = f"{name}({', '.join(positional)}{', *, ' + ', '.join(keywords) if keywords else ''})"
    unknown = [key for key in kwargs if key not in parameters]
    if unknown:
        key = unknown[0]
        close = difflib.get_close_matches(key, list(parameters), n=1, cutoff=0.6)
        if close:
            hint = f"did you mean {close[0]}={kwargs[key]!r}?" if _short(kwargs[key]) else f"did you mean {close[0]}?"
        elif key in FOREIGN_KEYWORDS:
            hint = f"lossbook calls it {FOREIGN_KEYWORDS[key]}"
        else:
            hint = "see help(lossbook." + name + ")"
        return f"{name} has no argument {key!r}: {hint}. It takes {takes}."
    if len(args) > len(positional):
        extra = args[len(positional)]
        return (f"{name} takes {len(positional)} positional arguments ({', '.join(positional)}) but got {len(args)}; "
                f"pass the others by keyword (the {len(args) - len(positional)} extra started with {_describe(extra)}). "
                f"It takes {takes}.")
    return f"{error}. It takes {takes}."


def _short(value) -> bool:
    return isinstance(value, (int, float, str, bool, type(None)))


def _describe(value) -> str:
    text = repr(value) if _short(value) else f"a {type(value).__name__}"
    return text if len(text) <= 40 else text[:37] + "..."
