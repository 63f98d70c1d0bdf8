"""Inputs from other libraries that NumPy would convert silently, or fail on with its own message.

``numpy.asarray`` drops a masked array's mask (the hidden values count),
reads pandas objects by position (their index is ignored), and fails on a
PyTorch tensor that requires grad, lives on a GPU or is bfloat16, and on a
JAX tracer, with the library's own error.  :func:`plain_input` refuses each
of these with an error that names the argument and the fix, and lets every
other value through unchanged.  Neither pandas, PyTorch nor JAX is imported:
an object is recognised by the module of its type.
"""

from __future__ import annotations

import numpy as np

__all__ = ["plain_input", "check_aligned", "is_pandas"]


def _not_differentiable(name: str, func: str, framework: str, fix: str) -> str:
    own = {"PyTorch": "torch's own loss", "JAX": "a jax.numpy loss (e.g. optax's)"}[framework]
    explained = f" (lossbook.explain('{func}') shows the equivalent call)" if _catalogued(func) else ""
    return (f"lossbook computes with NumPy and is not differentiable by {framework}'s autograd: for a value "
            f"pass {fix}, for training use {own}{explained}")


def _catalogued(func: str) -> bool:
    """True if ``lossbook.explain(func)`` knows the loss (loads the catalog: only on the way to an error)."""
    from .. import catalog

    try:
        catalog.get(func)
    except KeyError:
        return False
    return True


def _masked(value, name: str, func: str):
    mask = np.ma.getmaskarray(value)
    if not mask.any():
        return np.ma.getdata(value)
    from .validation import _first_index  # validation imports this module: on the way to an error only

    raise ValueError(
        f"{name} is a masked array with {int(mask.sum())} masked entries (the first at index {_first_index(mask)}) "
        f"for {func}; lossbook does not skip masked entries (NumPy would read the values under the mask): "
        f"give them weight 0 with sample_weight=~np.ma.getmaskarray({name}) (ignore_index for class labels), "
        f"or drop them from every input, e.g. {name}.compressed(); {name}.filled(x) says what they should be"
    )


def _torch(value, name: str, func: str):
    dtype = str(getattr(value, "dtype", ""))
    device = getattr(getattr(value, "device", None), "type", "cpu")
    if getattr(value, "requires_grad", False):
        reason = "a PyTorch tensor that requires grad"
    elif device != "cpu":
        reason = f"a PyTorch tensor on device {str(value.device)!r}"
    elif dtype == "torch.bfloat16":
        reason = "a bfloat16 PyTorch tensor (NumPy has no bfloat16)"
    else:
        return value  # a plain CPU tensor converts through __array__
    fix = f"{name}.detach().cpu().numpy()" if dtype != "torch.bfloat16" else f"{name}.detach().float().cpu().numpy()"
    raise TypeError(f"{name} is {reason} for {func}; " + _not_differentiable(name, func, "PyTorch", fix + " (float32/float64)"))


def _jax(value, name: str, func: str):
    if any(cls.__name__ == "Tracer" for cls in type(value).__mro__):
        raise TypeError(
            f"{name} is a JAX tracer for {func} (lossbook was called inside jax.jit, jax.grad or jax.vmap); "
            + _not_differentiable(name, func, "JAX", f"concrete arrays, np.asarray({name}), outside the transformation")
        )
    return value


def is_pandas(value) -> bool:
    """True for a pandas Series, DataFrame, Index or array (pandas itself is not imported)."""
    return type(value).__module__.startswith("pandas")


def _pandas(value, name: str, func: str):
    dtypes = list(value.dtypes) if hasattr(value, "columns") else [getattr(value, "dtype", None)]
    if any(dtype is not None and not isinstance(dtype, np.dtype) for dtype in dtypes) and hasattr(value, "isna"):
        missing = np.asarray(value.isna(), dtype=bool)
        if missing.any():  # a nullable dtype's pd.NA (NumPy's conversion would turn it into NaN or an object)
            from .validation import _first_index

            raise ValueError(
                f"{name} holds a missing value (pd.NA) at position {_first_index(missing)} for {func}; "
                f"drop those rows from every input first (e.g. keep = {name}.notna()), "
                f"or fill them ({name}.fillna(...)) and give them sample_weight 0"
            )
        return value.to_numpy()
    return value


def plain_input(value, name: str, *, func: str):
    """``value`` itself, or its NumPy data; raise if converting it would drop information or fail obscurely."""
    module = type(value).__module__
    if module.startswith("numpy.ma"):
        return _masked(value, name, func)
    if module.startswith("pandas"):
        return _pandas(value, name, func)
    if module.startswith("torch"):
        return _torch(value, name, func)
    if module.startswith(("jax", "jaxlib")):
        return _jax(value, name, func)
    return value


def _labels(value):
    index = getattr(value, "index", None)
    return index, getattr(value, "columns", None)


def check_aligned(named: dict, *, func: str) -> None:
    """Raise unless the pandas objects among ``named`` (argument name → value) share one index (and columns).

    NumPy compares pandas objects by position; two with different indexes
    would silently pair rows that do not belong together.
    """
    frames = [(name, value) for name, value in named.items() if is_pandas(value) and hasattr(value, "index")]
    for (first, a), (second, b) in zip(frames, frames[1:]):
        index_a, columns_a = _labels(a)
        index_b, columns_b = _labels(b)
        if not index_a.equals(index_b):
            what = "indexes"
        elif columns_a is not None and columns_b is not None and not columns_a.equals(columns_b):
            what = "columns"
        else:
            continue
        align = f"{second}.reindex({first}.index)" if what == "indexes" else f"{second}[{first}.columns]"
        raise ValueError(
            f"{first} and {second} are pandas objects with different {what} for {func}; lossbook pairs values "
            f"by position, not by label: align them first, e.g. {align}, or pass {first}.to_numpy() and "
            f"{second}.to_numpy() if they are already in the same order"
        )
