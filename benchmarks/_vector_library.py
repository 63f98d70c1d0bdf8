"""The C library's vectorised logarithm and exponentials, called from a compiled loop; their accuracy.

NumPy's ``log``, ``log1p`` and ``exp`` are vectorised but are whole-array
calls: a loss that needs one makes a pass of its own over each block.  A
compiled (Numba) loop could keep them in registers, fused with the rest of
the loss, only by calling a vectorised routine itself; Numba's own
``np.log`` in a loop calls the scalar C function, one element at a time.
On Linux, glibc ships such routines in ``libmvec`` (``_ZGVeN8v_log``: eight
float64 lanes with AVX-512, ``_ZGVdN4v_log``: four with AVX2).  This module
calls them from Numba so the harness can time them and measure their error
against 60-digit references beside NumPy's.
"""

from __future__ import annotations

import ctypes.util
import functools
import sys

import numpy as np

__all__ = ["lanes", "compiled_pass", "arguments", "worst_ulps"]

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


@functools.cache
def lanes() -> int | None:
    """Float64 lanes of the glibc ``libmvec`` variant this machine runs (8 with AVX-512, 4 with AVX2), or ``None``
    when there is none to call (not Linux, no ``libmvec``, neither instruction set)."""
    if not sys.platform.startswith("linux"):
        return None
    path = ctypes.util.find_library("mvec")
    flags = _cpu_flags()
    width = 8 if "avx512f" in flags else 4 if "avx2" in flags else None
    if path is None or width is None:
        return None
    import llvmlite.binding as llvm

    try:
        llvm.load_library_permanently(path)  # the compiled code's calls resolve to it
    except RuntimeError:
        return None
    return width


@functools.cache
def compiled_pass(name: str):
    """A compiled ``f(x, out)``: ``out[i] = name(x[i])`` for flat, contiguous float64 arrays of one size, by
    ``libmvec``, :func:`lanes` elements per call."""
    width = lanes()
    if width is None:
        raise RuntimeError("no glibc libmvec routine to call on this machine")
    import numba
    from llvmlite import ir
    from numba import types
    from numba.core import cgutils
    from numba.extending import intrinsic

    vector = ir.VectorType(ir.DoubleType(), width)
    symbol = f"_ZGV{'e' if width == 8 else 'd'}N{width}v_{name}"  # the x86-64 vector function ABI's name

    @intrinsic
    def lanes_of(typing_context, source, target, start):
        def codegen(context, builder, signature, arguments):
            pointers = [builder.gep(context.make_array(kind)(context, builder, value).data, [arguments[2]])
                        for kind, value in zip(signature.args[:2], arguments[:2])]
            loaded = builder.load(builder.bitcast(pointers[0], vector.as_pointer()), align=8)
            routine = cgutils.get_or_insert_function(builder.module, ir.FunctionType(vector, [vector]), symbol)
            builder.store(builder.call(routine, [loaded]), builder.bitcast(pointers[1], vector.as_pointer()), align=8)
            return context.get_dummy_value()

        return types.void(source, target, start), codegen

    @numba.njit(error_model="numpy")
    def apply(x, out):
        stop = x.size - x.size % width
        for start in range(0, stop, width):
            lanes_of(x, out, start)
        if stop < x.size:  # the last few, padded with ones (in every function's domain)
            padded, result = np.ones(width), np.empty(width)
            padded[: x.size - stop] = x[stop:]
            lanes_of(padded, result, 0)
            out[stop:] = result[: x.size - stop]

    return apply


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
