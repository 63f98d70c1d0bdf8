"""Speed and memory of every catalogued loss against PyTorch, ``jax.jit``, naive NumPy and the memory floor.

    python benchmarks/losses.py                 # n = 10, 1e3, 1e6, 1e7; results in benchmarks/results/
    python benchmarks/losses.py --sizes 1e8     # add sizes (1e8 needs ~10 GB free for the big losses)
    python benchmarks/losses.py --quick         # n = 10 and 1e3 only, fewer rounds: a smoke test

For each loss in :data:`lossbook.catalog.CASES` the inputs come from its test
domain (``lossbook.testing``): ``n`` is the number of elements of the
prediction (rows × classes for the multi-class losses, rows × D for the
embedding losses; for the batch losses InfoNCE and NT-Xent, whose cost grows
with N², ``n`` is the number of entries of the N × N similarity matrix).
Every contender computes the *mean* cost of the same float64 arrays, in the
same process, taking turns within each round; up to ``n = 1e6`` the rounds of
all the losses are interleaved too, so a slow spell of the machine spoils one
round of many losses rather than every round of one.  The figure is the best
round, the noise the spread of the rounds.  Ratios above 1 mean lossbook is slower.

Contenders: lossbook; PyTorch CPU (the catalog's call, ``torch.set_num_threads(1)``);
``jax.jit`` of the catalog's optax call (x64, XLA told to use one thread); the
textbook one-liner in NumPy; the *memory floor* (reading each input once with
``np.add.reduce``).  The whole process is pinned to one core
(``os.sched_setaffinity``), so no contender can use a second one whatever its
thread pools do.  Peak extra memory is what :mod:`tracemalloc` sees during one
call (NumPy buffers; not PyTorch's or XLA's), beyond the inputs.

After the tables by size come the batch losses again on wider rows than their
domain's three coordinates (:data:`WIDE_BATCHES`), and one pass of NumPy's
``log``, ``log1p`` and ``exp`` over 10⁷ elements in memory floors, beside the
vectorised routines of C libraries called from a compiled loop where the
machine has them (``_vector_library``: glibc's libmvec; Intel's SVML if
``intel-cmplr-lib-rt`` is installed), with each function's worst error in
units in the last place over arguments from the losses' domains (mpmath, 60
digits); then a logarithm, and an exponential followed by ``log1p``, applied
to every element and added up: by NumPy block by block, and fused into one
compiled loop with each library's routines.

The printed tables and a JSON of every figure (read by the book's appendix) are
written to ``benchmarks/results/<date>T<hhmm>.txt`` and ``.json`` (or ``--output-dir``).
"""

from __future__ import annotations

import os

# One thread everywhere, set before NumPy, PyTorch or JAX load their thread pools.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
os.environ.setdefault("KERAS_BACKEND", "jax")

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _peers  # noqa: E402
from _measure import ERROR_SAMPLE, best_of, best_of_each, function_errors, function_passes, machine  # noqa: E402

from lossbook.catalog import CASES  # noqa: E402
from lossbook._numerics.blocks import BLOCK  # noqa: E402
from lossbook.speed import function_table, header, text_table, wide_text  # noqa: E402
from lossbook.testing import default_params, domain_of, peak_extra_bytes  # noqa: E402
from lossbook.testing.domains.embedding import batch_sample  # noqa: E402

SIZES = (10, 1_000, 1_000_000, 10_000_000)
#: Sizes up to this have the rounds of all losses interleaved (their inputs, some 2 GB at 1e6, held at once); larger
#: ones are timed loss by loss, as holding every loss's inputs would take tens of GB.
INTERLEAVED_SIZE = 1_000_000
QUICK_SIZES = (10, 1_000)
#: Elements of the arrays whose function passes are timed (the size the memory floor is quoted at).
FUNCTION_PASS_SIZE = 10_000_000
BATCH_DOMAINS = {"embedding-batch"}
#: The batch losses are also timed on wider embeddings than their domain's three coordinates: (rows, coordinates).
WIDE_BATCHES = ((2000, 128),)
THREADS = ("process pinned to one core (sched_setaffinity); torch.set_num_threads(1); "
           "XLA_FLAGS=" + os.environ["XLA_FLAGS"] + "; OMP/OpenBLAS/MKL_NUM_THREADS=1")
CONTENDERS = ("lossbook", "torch", "jax", "naive", "floor")


def _pin_to_one_core() -> int | None:
    try:
        cores = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cores[-1]})
        return cores[-1]
    except (AttributeError, OSError):
        return None


def _frameworks() -> dict[str, str]:
    versions = {}
    try:
        import torch

        torch.set_num_threads(1)
        versions["torch"] = torch.__version__
    except ImportError:
        pass
    try:
        import jax

        jax.config.update("jax_enable_x64", True)
        versions["jax"] = jax.__version__
    except ImportError:
        pass
    return versions


def inputs_for(record, n: int, rng: np.random.Generator) -> dict:
    """The record's sample inputs with about ``n`` prediction elements (see the module docstring)."""
    domain = domain_of(record)
    if record.domain in BATCH_DOMAINS:
        rows = max(2, math.isqrt(n))
    else:
        probe = list(domain.sample_inputs(rng, 2).values())[-1]
        rows = max(1, n // (probe.size // 2))
    return domain.sample_inputs(rng, rows)


def wide_inputs(record, rows: int, dimension: int, rng: np.random.Generator) -> dict:
    """A batch loss's inputs on wider embeddings than its domain's: ``rows`` anchors of ``dimension``
    coordinates and their positives, drawn as the domain draws them."""
    return dict(zip(domain_of(record).arguments, batch_sample(rng, rows, dimension)))


def contenders(record, n: int, rng, inputs: dict | None = None) -> dict:
    """One loss at one size, ready to time: its inputs (``inputs``, or drawn from its domain), every contender's
    call, and whether the peers agree."""
    inputs = inputs_for(record, n, rng) if inputs is None else inputs
    params = default_params(record)
    functions = {"lossbook": lambda: record.numeric(**inputs, **params)}
    for name, builder in (("torch", _peers.torch_call), ("jax", _peers.jax_call),
                          ("naive", _peers.naive), ("floor", _peers.floor)):
        try:
            function = builder(record, inputs, params)
        except ImportError:
            function = None
        if function is not None:
            functions[name] = function
    ours = float(record.numeric(**inputs, **params))
    agrees, failed = {}, {}
    for name in ("torch", "jax", "naive"):
        if name in functions:
            try:
                with np.errstate(all="ignore"):
                    theirs = float(np.asarray(functions[name]()))
            except Exception as error:  # a peer that cannot run this input is left out, and said so
                failed[name] = f"{type(error).__name__}: {error}"[:200]
                del functions[name]
                continue
            agrees[name] = bool(np.isclose(theirs, ours, rtol=1e-6))
    return {"record": record, "inputs": inputs, "functions": functions, "agrees": agrees, "failed": failed}


def figures(prepared: dict, n: int, rounds: dict) -> dict:
    """The row of :func:`contenders`' loss: the best and median round of each, and the peak extra memory."""
    inputs, functions = prepared["inputs"], prepared["functions"]
    return {
        "loss": prepared["record"].label,
        "n": n,
        "shapes": {name: list(value.shape) for name, value in inputs.items()},
        "input_bytes": int(sum(value.nbytes for value in inputs.values())),
        "seconds": {name: min(values) for name, values in rounds.items()},
        "median_seconds": {name: float(np.median(values)) for name, values in rounds.items()},
        "agrees_with_lossbook": prepared["agrees"],
        "failed": prepared["failed"],
        "peak_extra_bytes": {
            "lossbook": peak_extra_bytes(functions["lossbook"], warm=False),  # warm already: timed above
            **({"naive": peak_extra_bytes(functions["naive"], warm=False)} if "naive" in functions else {}),
        },
    }


def measure(record, n: int, repeat: int, rng) -> dict:
    """Every contender's figures for one loss at one size."""
    prepared = contenders(record, n, rng)
    return figures(prepared, n, best_of(prepared["functions"], repeat))


def measure_together(records, n: int, repeat: int, rng) -> list[dict]:
    """:func:`measure` of every loss in ``records``, the rounds of all interleaved (:func:`_measure.best_of_each`):
    the inputs of all are held at once, so only for sizes up to :data:`INTERLEAVED_SIZE`."""
    prepared = [contenders(record, n, rng) for record in records]
    rounds = best_of_each([entry["functions"] for entry in prepared], repeat)
    return [figures(entry, n, timed) for entry, timed in zip(prepared, rounds)]


def measure_wide(records, repeat: int, rng) -> list[dict]:
    """The batch losses among ``records`` on each of :data:`WIDE_BATCHES`, their rounds interleaved; each row's
    ``n`` is its table's size, as for the domain's batches, and ``dimension`` its width."""
    prepared, sizes = [], []
    for rows, dimension in WIDE_BATCHES:
        for record in records:
            if record.domain in BATCH_DOMAINS:
                prepared.append(contenders(record, rows * rows, rng, wide_inputs(record, rows, dimension, rng)))
                sizes.append((rows * rows, dimension))
    rounds = best_of_each([entry["functions"] for entry in prepared], repeat)
    return [{**figures(entry, n, timed), "dimension": dimension}
            for entry, timed, (n, dimension) in zip(prepared, rounds, sizes)]


def run(sizes, repeat: int, output_dir: Path, accuracy: bool, losses=None, echo=print, wide: bool = True) -> dict:
    pinned = _pin_to_one_core()
    versions = _frameworks()
    description = machine(versions, THREADS + (f"; core {pinned}" if pinned is not None else ""))
    echo(header(description, repeat))
    rng = np.random.default_rng(0)
    records = [record for record in CASES if losses is None or record.label in losses]
    rows = []
    for n in sizes:
        if n <= INTERLEAVED_SIZE:
            rows.extend(measure_together(records, n, repeat, rng))
        else:
            rows.extend(measure(record, n, repeat, rng) for record in records)
        echo("")
        echo(text_table(rows, n))
    wide_rows = measure_wide(records, repeat, rng) if wide else []
    if wide_rows:
        echo("")
        echo(wide_text(wide_rows))
    passes = {"n": FUNCTION_PASS_SIZE, **function_passes(FUNCTION_PASS_SIZE, repeat, BLOCK),
              "ulps": function_errors(), "ulp_sample": ERROR_SAMPLE}
    echo("")
    echo(function_table(passes))
    description["load_average_at_end"] = os.getloadavg()
    results = {"machine": description, "repeat": repeat, "sizes": list(sizes), "rows": rows,
               "wide_batches": wide_rows, "function_passes": passes}
    output_dir.mkdir(parents=True, exist_ok=True)
    stem = output_dir / time.strftime("%Y-%m-%dT%H%M")  # date and time: runs of one day sort in order
    text = (header(description, repeat) + "".join("\n\n" + text_table(rows, n) for n in sizes)
            + ("\n\n" + wide_text(wide_rows) if wide_rows else "") + "\n\n" + function_table(passes) + "\n")
    stem.with_suffix(".txt").write_text(text, encoding="utf-8")
    stem.with_suffix(".json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if accuracy:  # written again with the accuracy rows; the timings are safe on disk first
        from _accuracy import WRONG, framework_errors

        results["accuracy"] = {"wrong_above": WRONG, "rows": framework_errors(records)}
        stem.with_suffix(".json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    echo(f"\nwritten: {stem}.txt and {stem}.json")
    return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="n = 10 and 1e3 only, 3 rounds, no accuracy table")
    parser.add_argument("--sizes", type=float, nargs="*", default=(), help="extra sizes, e.g. 1e8")
    parser.add_argument("--only", nargs="*", default=None, help="labels of the losses to run (default: all)")
    parser.add_argument("--repeat", type=int, default=None, help="rounds per figure (default 7; 3 with --quick)")
    parser.add_argument("--output-dir", type=Path, default=Path(__file__).resolve().parent / "results")
    parser.add_argument("--no-accuracy", action="store_true", help="skip the framework accuracy table")
    args = parser.parse_args(argv)
    sizes = [*(QUICK_SIZES if args.quick else SIZES), *(int(size) for size in args.sizes)]
    repeat = args.repeat or (3 if args.quick else 7)
    run(sizes, repeat, args.output_dir, accuracy=not (args.quick or args.no_accuracy), losses=args.only,
        wide=not args.quick)


if __name__ == "__main__":
    main()
