"""How the harness measures: best-of-k wall time, one pass of the transcendental functions, the machine it ran on."""

from __future__ import annotations

import functools
import gc
import os
import platform
import time

import numpy as np

import _vector_library as vector_library

#: One timing round aims at least this long, so a 5 µs call is timed over many calls.
MIN_ROUND_SECONDS = 0.02


#: A round of at most this many calls starts with one call more, untimed.  Here, the first call of a 10⁷-element
#: loss after a 0.8 s ``jax.jit`` call took twice as long as the next (no page faults): a round of one call timed
#: that, not the loss.
FEW_CALLS = 3

#: After a contender whose calls take longer than this, the next waits :data:`SETTLE_SECONDS` before its round.
#: Here, after a 0.3–0.8 s ``jax.jit`` call, reading two 10⁷-element arrays took 1.7 times as long for the next
#: tens of milliseconds, so a memory floor timed right after one came out 0.46–0.59 ns an element instead of 0.27.
SETTLE_AFTER = 0.05
SETTLE_SECONDS = 0.1

#: Contenders slower than this per call get at most :data:`SLOW_ROUNDS` rounds.
SLOW_SECONDS = 1.0
SLOW_ROUNDS = 3


def _once(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def time_round(function, number: int) -> float:
    """Seconds per call of ``function``, averaged over ``number`` back-to-back calls."""
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(number):
            function()
        return (time.perf_counter() - start) / number
    finally:
        if gc_was_enabled:
            gc.enable()


def best_of(functions: dict, repeat: int) -> dict[str, list[float]]:
    """Every round's seconds per call of each function in ``functions``.

    The contenders take turns within each of the ``repeat`` rounds, so load
    from other processes falls on all of them alike; the best round is the
    figure, the spread of the rounds is the noise.
    """
    return best_of_each([functions], repeat)[0]


def best_of_each(groups: list[dict], repeat: int) -> list[dict[str, list[float]]]:
    """:func:`best_of` of several groups of contenders (one group per loss), their rounds interleaved.

    Round ``r`` times every group once before round ``r + 1`` starts, so the
    rounds of one loss are spread over the time all of them take: a slow
    spell of the machine (a neighbour on the host, a frequency drop) spoils
    one round of many losses, which the best round then leaves out, rather
    than every round of one loss.  A group whose slowest contender takes
    more than :data:`SLOW_SECONDS` a call gets :data:`SLOW_ROUNDS` rounds, a
    round of at most :data:`FEW_CALLS` calls starts with one untimed call, and a
    round after one of calls longer than :data:`SETTLE_AFTER` waits
    :data:`SETTLE_SECONDS` first.
    """
    plans = []
    for functions in groups:
        once = {name: _once(function) for name, function in functions.items()}
        numbers = {name: max(1, min(100_000, int(MIN_ROUND_SECONDS / max(seconds, 1e-7))))
                   for name, seconds in once.items()}
        plans.append((numbers, min(repeat, SLOW_ROUNDS) if max(once.values()) > SLOW_SECONDS else repeat))
    rounds = [{name: [] for name in functions} for functions in groups]
    previous = 0.0  # seconds per call of the contender timed last
    for round_index in range(repeat):
        for functions, (numbers, group_repeat), timed in zip(groups, plans, rounds):
            if round_index < group_repeat:
                for name, function in functions.items():
                    if previous > SETTLE_AFTER:
                        time.sleep(SETTLE_SECONDS)
                    if numbers[name] <= FEW_CALLS:
                        function()  # untimed: the first call after another contender's can be 2x slow
                    timed[name].append(time_round(function, numbers[name]))
                    previous = timed[name][-1]
    return rounds


#: The NumPy functions whose passes :func:`function_passes` times: the transcendental steps of the element-wise losses.
FUNCTIONS = ("log", "log1p", "exp")

#: The chains of functions :func:`function_passes` applies to every element and adds up: a logarithm (the
#: cross-entropies from probabilities), and an exponential then ``log1p`` (the softplus of the losses from logits).
CHAINS = {"log": ("log",), "softplus": ("exp", "log1p")}

#: Arguments per function for the error measurement of :func:`function_errors`.
ERROR_SAMPLE = 4096


def vector_libraries() -> dict[str, int]:
    """The vectorised C libraries this machine can call from a compiled loop, with their float64 lanes."""
    return {library: vector_library.lanes(library) for library in vector_library.LIBRARIES
            if vector_library.lanes(library)}


def function_passes(n: int, repeat: int, block: int) -> dict:
    """Seconds, best of ``repeat`` rounds in which all take turns, for passes over float64 arrays of ``n``
    elements (a multiple of ``block``):

    - ``"seconds"``: reading two arrays (``"read"``: the element-wise losses' memory floor), and one pass of each
      of NumPy's :data:`FUNCTIONS` over one of them, ``block`` elements at a time into a reused buffer;
    - ``"chains"``: each of :data:`CHAINS` applied to every element of one array and added up, by NumPy block by
      block (``"numpy"``) and, for each of :func:`vector_libraries`, fused into one compiled loop;
    - per library, ``"lanes"`` and ``"seconds"``: its passes of :data:`FUNCTIONS` from a compiled loop.

    A loss that needs such a function on every element cannot take less
    than its pass, however its other steps are arranged; fused, no less than its chain.
    """
    rng = np.random.default_rng(1)
    first, second = rng.uniform(0.01, 0.99, n), rng.uniform(0.01, 0.99, n)
    buffer = np.empty(block)

    def pass_of(function):
        def one_pass():
            for start in range(0, n, block):
                part = first[start:start + block]
                function(part, buffer[:part.size])
        return one_pass

    def numpy_chain(names):
        def one_pass():
            total = 0.0
            for start in range(0, n, block):
                part = buffer[: min(block, n - start)]
                getattr(np, names[0])(first[start:start + block], out=part)
                for name in names[1:]:
                    getattr(np, name)(part, out=part)
                total += np.add.reduce(part)
            return total
        return one_pass

    functions = {("numpy", "read"): lambda: (np.add.reduce(first), np.add.reduce(second))}
    functions.update((("numpy", name), pass_of(getattr(np, name))) for name in FUNCTIONS)
    functions.update((("numpy chain", chain), numpy_chain(names)) for chain, names in CHAINS.items())
    libraries = vector_libraries()
    for library in libraries:
        for name in FUNCTIONS:
            compiled = vector_library.compiled_pass(name, library)
            compiled(first[:block], buffer)  # compiled now, not in the first round
            functions[library, name] = pass_of(compiled)
        for chain, names in CHAINS.items():
            fused = vector_library.fused_sum(names, library)
            fused(first[:block])
            functions[library + " chain", chain] = functools.partial(fused, first)
    seconds = {key: min(rounds) for key, rounds in best_of(functions, repeat).items()}
    passes = {"seconds": {name: value for (owner, name), value in seconds.items() if owner == "numpy"},
              "chains": {owner: {chain: seconds[owner + " chain", chain] for chain in CHAINS}
                         for owner in ("numpy", *libraries)}}
    for library, width in libraries.items():
        passes[library] = {"label": vector_library.LIBRARIES[library], "lanes": width,
                           "seconds": {name: seconds[library, name] for name in FUNCTIONS}}
    return passes


def function_errors() -> dict[str, dict[str, float]]:
    """The largest error, in units in the last place, of NumPy's :data:`FUNCTIONS` and (where there are some) the
    vectorised C libraries', over :data:`ERROR_SAMPLE` arguments each from the losses' domains."""
    errors = {owner: {} for owner in ("numpy", *vector_libraries())}
    for name in FUNCTIONS:
        arguments = vector_library.arguments(name, ERROR_SAMPLE)
        errors["numpy"][name] = vector_library.worst_ulps(name, getattr(np, name)(arguments), arguments)
        for library in errors.keys() - {"numpy"}:
            computed = np.empty_like(arguments)
            vector_library.compiled_pass(name, library)(arguments, computed)
            errors[library][name] = vector_library.worst_ulps(name, computed, arguments)
    return errors


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        return None


def machine(versions: dict[str, str], threads: str) -> dict:
    """A description of the machine and the software, for the header of the results."""
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "load_average_at_start": os.getloadavg(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "numpy": np.__version__,
        **versions,
        "threads": threads,
    }
