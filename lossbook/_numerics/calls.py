"""The checks on a call of a public loss made before the loss runs: keywords that bind, pandas inputs that align.

Python's own message (``got an unexpected keyword argument 'sample_weights'``)
says what is wrong but not what is right.  :func:`checked_call` wraps a
public loss; a call that Python cannot bind to its signature raises a
:class:`TypeError` that lists the arguments the loss takes and the fix:
the lossbook name of a framework's keyword (PyTorch's ``input``/``target``,
``weight``, ``reduce``/``size_average``, Keras's ``axis``) as this loss
spells it, else the closest of its own names, else the other lossbook
losses that take that keyword.  The wrapper also refuses pandas inputs whose
indexes differ (NumPy would pair their rows by position).  Calls that bind
pay one extra Python frame and a dictionary look-up (once pandas is
imported, also a look at the type of each argument that is not a NumPy
array); errors raised inside the loss pass unchanged.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import sys

import numpy as np

from .foreign import check_aligned, is_pandas

__all__ = ["checked_call"]

#: Keywords of other libraries → the lossbook keywords that may stand for them (the first this loss has is named).
FOREIGN_KEYWORDS = {
    "input": ("y_pred",),
    "target": ("y_true",),
    "labels": ("y_true", "label"),
    "targets": ("y_true",),
    "logits": ("y_pred",),
    "predictions": ("y_pred",),
    "preds": ("y_pred",),
    "y": ("y_true",),
    "weight": ("class_weight", "sample_weight"),
    "weights": ("sample_weight", "class_weight"),
    "beta": ("delta",),
    "size_average": ("reduction",),
    "reduce": ("reduction",),
    "epsilon": (),
    "eps": (),
    "axis": (),
    "dim": (),
    "name": (),
}

#: What a foreign keyword means, when it is not one lossbook keyword with the same meaning.
_MEANING = {
    "input": "(PyTorch's first argument is the prediction; lossbook takes y_true first, y_pred second)",
    "target": "(lossbook takes y_true first, y_pred second)",
    "targets": "(lossbook takes y_true first, y_pred second)",
    "logits": "with from_logits=True",
    "weight": "(class_weight: one per class; sample_weight: one per sample)",
    "weights": "(one per sample)",
    "beta": "(PyTorch's smooth_l1_loss(beta=b) is huber_loss(delta=b) / b)",
    "epsilon": "lossbook does not clip: it computes -log 0 = inf exactly instead",
    "eps": "lossbook does not clip: it computes -log 0 = inf exactly instead",
    "axis": "lossbook's classes always sit on the last axis (move them there with numpy.moveaxis)",
    "dim": "lossbook's classes always sit on the last axis (move them there with numpy.moveaxis)",
    "name": "a lossbook loss is a plain function; it has no name argument",
}


def checked_call(function):
    """Decorate a public loss: a call that does not bind raises a helpful :class:`TypeError`, misaligned pandas inputs a ValueError."""
    signature = inspect.signature(function)

    @functools.wraps(function)
    def call(*args, **kwargs):
        if "pandas" in sys.modules and _pandas_count(args, kwargs) > 1:  # no pandas object before pandas is imported
            _check_pandas(function.__name__, signature, args, kwargs)
        try:
            return function(*args, **kwargs)
        except TypeError as error:
            if error.__traceback__.tb_next is not None:  # raised inside the loss: not a binding error
                raise
            raise TypeError(_binding_message(function.__name__, signature, args, kwargs, error)) from None

    return call


def _pandas_count(args: tuple, kwargs: dict) -> int:
    """How many of the arguments are pandas objects; NumPy arrays are passed over without a look at their module."""
    count = 0
    for value in args:  # two loops: a chain of both costs more than the check itself
        if type(value) is not np.ndarray and is_pandas(value):
            count += 1
    for value in kwargs.values():
        if type(value) is not np.ndarray and is_pandas(value):
            count += 1
    return count


def _check_pandas(name: str, signature: inspect.Signature, args: tuple, kwargs: dict) -> None:
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError:
        return  # the call does not bind: the binding error says so
    check_aligned(bound.arguments, func=name)


def _binding_message(name: str, signature: inspect.Signature, args: tuple, kwargs: dict, error) -> str:
    parameters = signature.parameters
    positional = [p for p, spec in parameters.items()
                  if spec.kind in (spec.POSITIONAL_ONLY, spec.POSITIONAL_OR_KEYWORD)]
    keywords = [p for p, spec in parameters.items() if spec.kind == spec.KEYWORD_ONLY]
    takes = f"{name}({', '.join(positional)}{', *, ' + ', '.join(keywords) if keywords else ''})"
    unknown = [key for key in kwargs if key not in parameters]
    if unknown:
        key = unknown[0]
        hint = _keyword_hint(name, parameters, key, kwargs[key])
        return f"{name} has no argument {key!r}: {hint}{'' if hint.endswith('?') else '.'} It takes {takes}."
    if len(args) > len(positional):
        extra = args[len(positional)]
        return (f"{name} takes {len(positional)} positional arguments ({', '.join(positional)}) but got {len(args)}; "
                f"pass the others by keyword (the {len(args) - len(positional)} extra started with {_describe(extra)}). "
                f"It takes {takes}.")
    return f"{error}. It takes {takes}."


def _keyword_hint(name: str, parameters, key: str, value) -> str:
    """The fix for an unknown keyword: a framework's name for one of ours, a spelling, or another loss."""
    if key in ("reduce", "size_average"):
        return _reduction_hint(key, value, "reduction" in parameters)
    if key in FOREIGN_KEYWORDS:
        ours = [p for p in FOREIGN_KEYWORDS[key] if p in parameters]
        meaning = _MEANING.get(key, "")
        if ours:
            explained = meaning.startswith(("with", "(")) and (len(ours) > 1 or key not in ("weight", "weights"))
            return f"lossbook calls it {' or '.join(ours)}" + (f" {meaning}" if explained else "")
        if meaning and not meaning.startswith(("(", "with")):
            return meaning
    close = difflib.get_close_matches(key, list(parameters), n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]}={value!r}?" if _short(value) else f"did you mean {close[0]}?"
    others = _losses_taking(key)
    if len(others) == 1:
        return f"{others[0]} takes {key}, {name} does not"
    if others:
        listed = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        return f"{len(others)} other losses take {key} ({listed}), {name} does not"
    return f"see help(lossbook.{name})"


def _reduction_hint(key: str, value, has_reduction: bool) -> str:
    """PyTorch's deprecated ``reduce``/``size_average`` flags as lossbook's ``reduction``."""
    if not has_reduction:
        return "this loss has no reduction argument"
    if key == "reduce":
        meaning = {False: "reduction='none'", True: "reduction='mean' (or 'sum')"}
    else:
        meaning = {False: "reduction='sum'", True: "reduction='mean'"}
    if isinstance(value, bool):
        return f"PyTorch's {key}={value} is lossbook's {meaning[value]}"
    return f"PyTorch's deprecated {key} flag is lossbook's reduction='mean', 'sum' or 'none'"


def _losses_taking(key: str) -> list[str]:
    """The public losses that have a keyword called ``key`` (only on an error: imports the loss modules)."""
    from .. import losses

    names = {}
    for loss in losses.__all__:
        function = getattr(losses, loss, None)
        if callable(function) and key in inspect.signature(function).parameters:
            names.setdefault(function, function.__name__)  # an alias (mse) once, by its full name
    return list(names.values())


def _short(value) -> bool:
    return isinstance(value, (int, float, str, bool, type(None)))


def _describe(value) -> str:
    text = repr(value) if _short(value) else f"a {type(value).__name__}"
    return text if len(text) <= 40 else text[:37] + "..."
