"""Vectorised logarithms and exponentials from C libraries, called from a compiled loop; their accuracy.

NumPy's ``log``, ``log1p`` and ``exp`` are vectorised but are whole-array
calls: a loss that needs one makes a pass of its own over each block.  A
compiled (Numba) loop could keep them in registers, fused with the rest of
the loss, only by calling a vectorised routine itself; Numba's own
``np.log`` in a loop calls the scalar C function, one element at a time.
Two libraries have such routines (:data:`LIBRARIES`):

- glibc's ``libmvec``, on Linux (``_ZGVeN8v_log``: eight float64 lanes with
  AVX-512, ``_ZGVdN4v_log``: four with AVX2);
- Intel's SVML, in the ``intel-cmplr-lib-rt`` package (Intel's licence, not a
  lossbook dependency), high-accuracy variants (``__svml_log8_ha``).

This module calls them from Numba, one function at a time (:func:`compiled_pass`)
or as a chain added up in the same loop (:func:`fused_sum`), so the harness can
time them and measure their error against 60-digit references beside NumPy's.
"""

from __future__ import annotations

import ctypes.util
import functools
import sys
from pathlib import Path

import numpy as np

__all__ = ["LIBRARIES", "lanes", "compiled_pass", "fused_sum", "arguments", "worst_ulps"]

#: The libraries, as the harness names them, and how each is described.
LIBRARIES = {"libmvec": "glibc libmvec", "svml": "Intel SVML, high accuracy"}

#: The arguments the losses give each function: ``log`` of a probability, ``log1p`` of :math:`e^{-|z|}`
#: (softplus), ``exp`` of :math:`-|z|`, as (sign, the largest magnitude).
_DOMAINS = {"log": (1.0, 1.0), "log1p": (1.0, 1.0), "exp": (-1.0, 745.0)}


def _cpu_flags() -> set[str]:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def _shared_objects(library: str) -> list[str] | None:
    """The files to load for ``library``, dependencies first; ``None`` where it is not installed."""
    if library == "libmvec":
        path = ctypes.util.find_library("mvec")
        return None if path is None else [path]
    directory = Path(sys.prefix) / "lib"  # where the intel-cmplr-lib-rt wheel puts its libraries
    paths = [directory / "libintlc.so.5", directory / "libsvml.so"]
    return [str(path) for path in paths] if all(path.exists() for path in paths) else None


@functools.cache
def lanes(library: str = "libmvec") -> int | None:
    """Float64 lanes of the ``library`` variant this machine runs (8 with AVX-512, 4 with AVX2), or ``None``
    when there is none to call (not Linux, the library not installed, neither instruction set)."""
    if not sys.platform.startswith("linux"):
        return None
    paths = _shared_objects(library)
    flags = _cpu_flags()
    width = 8 if "avx512f" in flags else 4 if "avx2" in flags else None
    if paths is None or width is None:
        return None
    import llvmlite.binding as llvm

    try:
        for path in paths:
            llvm.load_library_permanently(path)  # the compiled code's calls resolve to it
    except RuntimeError:
        return None
    return width


def _symbol(library: str, name: str, width: int) -> str:
    if library == "libmvec":
        return f"_ZGV{'e' if width == 8 else 'd'}N{width}v_{name}"  # the x86-64 vector function ABI's name
    return f"__svml_{name}{width}_ha"


def _vector_calls(library: str, names: tuple[str, ...], accumulate: bool):
    """A Numba intrinsic ``f(source, target, start)``: the :func:`lanes` elements of ``source`` from ``start``
    through the functions ``names`` in turn, stored in ``target`` from ``start`` or, with ``accumulate``, added
    to ``target``'s first lanes."""
    width = lanes(library)
    if width is None:
        raise RuntimeError(f"no {LIBRARIES[library]} routine to call on this machine")
    from llvmlite import ir
    from numba import types
    from numba.core import cgutils
    from numba.extending import intrinsic

    vector = ir.VectorType(ir.DoubleType(), width)

    @intrinsic
    def vector_calls(typing_context, source, target, start):
        def codegen(context, builder, signature, arguments):
            data = [context.make_array(kind)(context, builder, value).data
                    for kind, value in zip(signature.args[:2], arguments[:2])]
            value = builder.load(builder.bitcast(builder.gep(data[0], [arguments[2]]), vector.as_pointer()), align=8)
            for name in names:
                routine = cgutils.get_or_insert_function(builder.module, ir.FunctionType(vector, [vector]),
                                                         _symbol(library, name, width))
                value = builder.call(routine, [value])
            destination = builder.bitcast(data[1] if accumulate else builder.gep(data[1], [arguments[2]]),
                                          vector.as_pointer())
            if accumulate:
                value = builder.fadd(builder.load(destination, align=8), value)
            builder.store(value, destination, align=8)
            return context.get_dummy_value()

        return types.void(source, target, start), codegen

    return vector_calls, width


@functools.cache
def compiled_pass(name: str, library: str = "libmvec"):
    """A compiled ``f(x, out)``: ``out[i] = name(x[i])`` for flat, contiguous float64 arrays of one size, by
    ``library``'s routine, :func:`lanes` elements per call."""
    import numba

    vector_calls, width = _vector_calls(library, (name,), accumulate=False)

    @numba.njit(error_model="numpy")
    def apply(x, out):
        stop = x.size - x.size % width
        for start in range(0, stop, width):
            vector_calls(x, out, start)
        if stop < x.size:  # the last few, padded with ones (in every function's domain)
            padded, result = np.ones(width), np.empty(width)
            padded[: x.size - stop] = x[stop:]
            vector_calls(padded, result, 0)
            out[stop:] = result[: x.size - stop]

    return apply


@functools.cache
def fused_sum(names: tuple[str, ...], library: str = "libmvec"):
    """A compiled ``f(x) -> float``: the sum of ``names`` applied in turn to each element of ``x`` (flat,
    contiguous float64, a whole number of vectors), in one loop: each vector goes from memory through the
    routines into running sums in registers, with no array written."""
    import numba

    vector_calls, width = _vector_calls(library, names, accumulate=True)

    @numba.njit(error_model="numpy")
    def total(x):
        if x.size % width:
            raise ValueError("fused_sum takes a whole number of vectors: a size divisible by the lanes")
        sums = np.zeros(width)
        for start in range(0, x.size, width):
            vector_calls(x, sums, start)
        return sums.sum()

    return total


def arguments(name: str, size: int, seed: int = 0) -> np.ndarray:
    """``size`` arguments from the losses' domain of ``name``: half uniform over it, half with
    magnitudes log-uniform from 10⁻³⁰⁰ (10⁻²⁰ for ``exp``, which is 1 below that) to its largest."""
    sign, largest = _DOMAINS[name]
    rng = np.random.default_rng(seed)
    smallest = 1e-20 if name == "exp" else 1e-300
    uniform = rng.uniform(0.0, largest, size // 2)
    spread = np.exp(rng.uniform(np.log(smallest), np.log(largest), size - size // 2))
    return sign * np.concatenate([uniform, spread])


def worst_ulps(name: str, computed: np.ndarray, arguments: np.ndarray) -> float:
    """The largest error of ``computed`` (the function ``name`` of ``arguments``) in units in the last place of the
    exact value, which mpmath gives to 60 digits."""
    import mpmath

    exact_function = getattr(mpmath, name)
    worst = 0.0
    with mpmath.workdps(60):
        for value, argument in zip(computed.tolist(), arguments.tolist()):
            exact = exact_function(mpmath.mpf(argument))
            unit = np.spacing(abs(float(exact)))
            worst = max(worst, float(abs(mpmath.mpf(value) - exact) / unit))
    return worst
