"""The benchmark harness runs end to end (``--quick``: n = 10 and 1e3) and covers every catalogued loss.

No timing is asserted: the machine is shared and timings are noise here.
What must hold is the shape of the output: every case at every size, with a
positive time for lossbook and the memory floor, ratios in the printed
tables, and a JSON the book's appendix can read.
"""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lossbook.catalog import CASES

HARNESS = Path(__file__).resolve().parents[1] / "benchmarks" / "losses.py"


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    output = tmp_path_factory.mktemp("benchmarks")
    done = subprocess.run([sys.executable, str(HARNESS), "--quick", "--output-dir", str(output)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    (text,) = output.glob("*.txt")
    (data,) = output.glob("*.json")
    return done.stdout, text.read_text(encoding="utf-8"), json.loads(data.read_text(encoding="utf-8"))


def test_json_covers_every_case_at_every_size(quick_run):
    _, _, results = quick_run
    assert results["sizes"] == [10, 1000]
    seen = {(row["loss"], row["n"]) for row in results["rows"]}
    assert seen == {(record.label, n) for record in CASES for n in (10, 1000)}
    for row in results["rows"]:
        assert row["seconds"]["lossbook"] > 0 and row["seconds"]["floor"] > 0, row["loss"]
        assert row["peak_extra_bytes"]["lossbook"] >= 0
        assert all(row["agrees_with_lossbook"].values()), (row["loss"], row["agrees_with_lossbook"])


def test_printed_tables_parse(quick_run):
    stdout, text, results = quick_run
    assert "cpu:" in text and "threads:" in text
    for n in (10, 1000):
        block = text.split(f"n = {n:,} ")[1].split("\n\n")[0].splitlines()
        rows = {line.split()[0]: line.split() for line in block[2:]}
        assert set(rows) == {record.label for record in CASES}, n
        for label, fields in rows.items():
            # lossbook time (value unit), ns/elt, then five ratios/dashes, extra MB, ×inputs, noise
            ratios = fields[4:8]
            assert all(value == "—" or float(value.rstrip("*")) > 0 for value in ratios), (label, fields)
            assert float(fields[3]) > 0
    assert text.split("\n\n")[1] in stdout


def test_function_passes_are_stored_and_printed(quick_run):
    """The memory floor of two 1e7 arrays, one pass of each transcendental function and the chains, for the
    appendix: NumPy's, and each C library's that this machine has."""
    from lossbook import speed

    stdout, text, results = quick_run
    passes = results["function_passes"]
    assert passes["n"] == 10_000_000
    assert set(passes["seconds"]) == {"read", "log", "log1p", "exp"}
    assert all(value > 0 for value in passes["seconds"].values())
    costs = speed.function_costs(results)
    assert set(costs) == {"log", "log1p", "exp"}
    assert costs["log"] == passes["seconds"]["log"] / passes["seconds"]["read"]
    table = speed.function_table(passes)
    assert table in text and table in stdout
    errors = speed.function_errors(results)
    assert set(errors) == {"log", "log1p", "exp"} and all(0 <= value < 1 for value in errors.values()), errors
    vector_library = _vector_library()
    libraries = [library for library in vector_library.LIBRARIES if vector_library.lanes(library)]
    chains = speed.chain_costs(results)
    assert list(chains) == ["numpy", *libraries]
    for owner, costs in chains.items():
        assert set(costs) == {"log", "softplus"} and all(value > 0 for value in costs.values()), owner
    for library in vector_library.LIBRARIES:
        measured = speed.function_costs(results, library)
        if library in libraries:
            assert set(measured) == {"log", "log1p", "exp"} and all(value > 0 for value in measured.values())
            assert set(speed.function_errors(results, library)) == {"log", "log1p", "exp"}
            assert f"{vector_library.LIBRARIES[library]} ({vector_library.lanes(library)} lanes)" in table
            assert f"{vector_library.LIBRARIES[library]}, fused" in table
        else:
            assert measured == {} and vector_library.LIBRARIES[library] not in table


def _vector_library():
    sys.path.insert(0, str(HARNESS.parent))
    import _vector_library

    return _vector_library


@pytest.mark.parametrize("name", ["log", "log1p", "exp"])
def test_worst_ulps_measures_the_error_in_units_in_the_last_place(name):
    """Values rounded from 60 digits are within half a unit; moved three floats away, about three units off."""
    import mpmath

    library = _vector_library()
    arguments = library.arguments(name, 64)
    with mpmath.workdps(60):
        rounded = np.array([float(getattr(mpmath, name)(mpmath.mpf(value))) for value in arguments.tolist()])
    assert library.worst_ulps(name, rounded, arguments) <= 0.5
    moved = rounded.copy()
    for _ in range(3):
        moved = np.nextafter(moved, np.inf)
    assert 2.5 <= library.worst_ulps(name, moved, arguments) <= 3.5


def _libraries():
    library = _vector_library()
    return [pytest.param(name, marks=pytest.mark.skipif(not library.lanes(name), reason=f"no {label} here"))
            for name, label in library.LIBRARIES.items()]


@pytest.mark.parametrize("library", _libraries())
@pytest.mark.parametrize("size", [8, 13, 1000])
@pytest.mark.parametrize("name", ["log", "log1p", "exp"])
def test_the_c_libraries_vector_routines_compute_the_function(name, size, library):
    """A C library's routine from a compiled loop agrees with NumPy to a few units in the last place, the last
    elements (fewer than one vector) included."""
    vector_library = _vector_library()
    arguments = vector_library.arguments(name, size - size % 2 + 2)[:size]
    computed = np.full(size, np.nan)
    vector_library.compiled_pass(name, library)(arguments, computed)
    expected = getattr(np, name)(arguments)
    assert np.all(np.abs(computed - expected) <= 4 * np.spacing(np.abs(expected))), (computed, expected)


@pytest.mark.parametrize("library", _libraries())
@pytest.mark.parametrize("names", [("log",), ("exp", "log1p")])
def test_fused_chains_add_up_the_functions_of_every_element(names, library):
    """The fused loop applies the routines in turn to every element and adds up all of them: it agrees with NumPy's
    sum to a few rounding units, and refuses a size that is not a whole number of vectors."""
    vector_library = _vector_library()
    width = vector_library.lanes(library)
    values = np.random.default_rng(3).uniform(0.01, 0.99, 125 * width)
    values[-1] = 0.5 if names == ("log",) else 5.0  # the last element counts: its term is far above the tolerance
    expected = values
    for name in names:
        expected = getattr(np, name)(expected)
    total = vector_library.fused_sum(names, library)(values)
    assert abs(total - np.sum(expected)) <= 1e-13 * np.sum(np.abs(expected))
    assert abs(total - np.sum(expected[:-1])) > 1e-13 * np.sum(np.abs(expected))
    with pytest.raises(ValueError, match="whole number of vectors"):
        vector_library.fused_sum(names, library)(values[:-1])


def test_above_floor_lists_only_elementwise_losses_slowest_first():
    from lossbook import speed

    def row(loss, lossbook, floor):
        return {"loss": loss, "n": 10, "seconds": {"lossbook": lossbook, "floor": floor}}

    results = {"rows": [row("mean_squared_error", 2.0, 1.0), row("binary_cross_entropy", 4.0, 1.0),
                        row("log_cosh_loss", 5.0, 1.0), row("kl_divergence", 9.0, 1.0),
                        row("minimax_generator_loss", 3.5, 1.0)]}
    assert speed.above_floor(results, 10, 3.0) == ["log_cosh_loss", "binary_cross_entropy", "minimax_generator_loss"]


def test_at_memory_floor_lists_the_losses_slower_than_the_peer_yet_within_one_read():
    from lossbook import speed

    def row(loss, lossbook, jax, floor):
        return {"loss": loss, "n": 10, "seconds": {"lossbook": lossbook, "jax": jax, "floor": floor}}

    results = {"rows": [row("mean_squared_error", 0.9, 0.8, 1.0),  # slower, within one read
                        row("hinge", 1.1, 1.0, 1.0),  # slower, above one read
                        row("huber_loss", 0.9, 1.0, 1.0),  # faster than the peer
                        row("root_mean_squared_error", 1.0, 0.7, 1.0)]}  # slower, exactly one read
    assert speed.at_memory_floor(results, 10, "jax") == ["root_mean_squared_error", "mean_squared_error"]


def test_transcendental_steps_count_the_definitions_logarithms_and_exponentials():
    from lossbook import catalog, speed

    steps = {record.label: speed.transcendental_steps(record) for record in catalog.CASES}
    assert steps["mean_squared_error"] == steps["pseudo_huber_loss"] == steps["hinge"] == 0  # a root is no step
    assert steps["binary_cross_entropy"] == steps["log_cosh_loss"] == steps["mean_squared_log_error"] == 2
    assert steps["non_saturating_generator_loss"] == 2  # log(1 + exp(-s))


def test_transcendental_kinds_say_which_losses_need_an_exponential_and_a_logarithm():
    from lossbook import catalog, speed

    kinds = {record.label: speed.transcendental_kinds(record) for record in catalog.CASES}
    assert kinds["mean_squared_error"] == kinds["hinge"] == set()
    assert kinds["binary_cross_entropy"] == kinds["mean_squared_log_error"] == {"log"}
    assert kinds["log_cosh_loss"] == kinds["minimax_generator_loss"] == {"exp", "log"}  # cosh counts as exp
    assert kinds["binary_cross_entropy(from_logits=True)"] == {"exp", "log"}


def test_fused_floors_take_each_losses_chain_at_its_fastest_over_its_inputs_reads():
    """A loss with an exponential and a logarithm gets the softplus chain, one with logarithms alone the log chain;
    the fastest owner counts, scaled from the chain's size to the loss's, in reads of the loss's inputs by the
    passes' own read of two arrays."""
    from lossbook import speed

    def row(loss, *shapes):
        return {"loss": loss, "n": 100, "seconds": {"lossbook": 1.0, "floor": 1.0},
                "shapes": {f"x{index}": list(shape) for index, shape in enumerate(shapes)}}

    passes = {"n": 1000, "seconds": {"read": 2.0},
              "chains": {"numpy": {"log": 8.0, "softplus": 18.0}, "svml": {"log": 6.0, "softplus": 20.0}}}
    results = {"rows": [row("binary_cross_entropy", (100,), (100,)), row("minimax_generator_loss", (100,))],
               "function_passes": passes}
    floors = speed.fused_floors(results, 100, ["binary_cross_entropy", "minimax_generator_loss"])
    assert floors == pytest.approx({"binary_cross_entropy": 3.0, "minimax_generator_loss": 18.0}, rel=1e-12)
    assert speed.fused_floors({"rows": [], "function_passes": {"seconds": {"read": 1.0}}}, 100, []) == {}


def test_fused_log_estimates_take_off_what_fusing_the_logarithm_saves():
    """A loss's reads less NumPy's log-and-sum cost over the library's fused one; the fastest chains are the least
    over NumPy and the libraries, chain by chain."""
    from lossbook import speed

    def row(loss, lossbook, floor):
        return {"loss": loss, "n": 100, "seconds": {"lossbook": lossbook, "floor": floor}}

    passes = {"n": 1000, "seconds": {"read": 2.0},
              "chains": {"numpy": {"log": 6.0, "softplus": 9.0}, "svml": {"log": 4.0, "softplus": 10.0}}}
    results = {"rows": [row("binary_cross_entropy", 4.0, 1.0), row("mean_squared_log_error", 3.5, 1.0),
                        row("hinge", 9.0, 1.0)], "function_passes": passes}
    estimates = speed.fused_log_estimates(results, 100, ["binary_cross_entropy", "mean_squared_log_error"], "svml")
    assert estimates == pytest.approx({"binary_cross_entropy": 3.0, "mean_squared_log_error": 2.5}, rel=1e-12)
    assert speed.fastest_chains(results) == {"log": 2.0, "softplus": 4.5}
    assert speed.fastest_chains({"function_passes": {"seconds": {"read": 1.0}}}) == {}


def test_rounds_of_several_losses_take_turns(monkeypatch):
    """``best_of_each`` times round r of every loss before round r + 1 of any, gives a loss whose call is
    slow only ``SLOW_ROUNDS`` rounds, and starts a round of one call with an untimed call."""
    sys.path.insert(0, str(HARNESS.parent))
    import _measure

    calls = []
    monkeypatch.setattr(_measure, "time_round", lambda function, number: (calls.append(function()), 1.0)[1])
    monkeypatch.setattr(_measure, "_once", lambda function: 2.0 if function() == "slow" else 1e-3)
    groups = [{"lossbook": lambda: "a", "peer": lambda: "a'"}, {"lossbook": lambda: "slow"},
              {"lossbook": lambda: "c"}]
    rounds = _measure.best_of_each(groups, 4)
    assert calls[:4] == ["a", "a'", "slow", "c"] and calls[4:8] == ["a", "a'", "slow", "c"]
    assert calls.count("slow") == _measure.SLOW_ROUNDS < 4
    assert [len(timed["lossbook"]) for timed in rounds] == [4, _measure.SLOW_ROUNDS, 4]
    assert rounds[0]["peer"] == [1.0] * 4
    monkeypatch.setattr(_measure, "MIN_ROUND_SECONDS", 1e-3)  # a round of one call: one untimed call first
    monkeypatch.setattr(_measure, "time_round", lambda function, number: (calls.append("timed"), 1.0)[1])
    calls.clear()
    _measure.best_of_each([{"lossbook": lambda: calls.append("call")}], 2)
    assert calls == ["call", "call", "timed", "call", "timed"]  # the first call sizes the round


def test_a_round_after_long_calls_waits_first(monkeypatch):
    """The contender timed after one whose calls take longer than ``SETTLE_AFTER`` waits ``SETTLE_SECONDS``
    first (also across losses); after quick calls, none waits."""
    import types

    sys.path.insert(0, str(HARNESS.parent))
    import _measure

    events = []
    seconds = {"quick": 1e-3, "long": 0.5}
    monkeypatch.setattr(_measure, "time", types.SimpleNamespace(sleep=lambda pause: events.append(pause),
                                                                perf_counter=_measure.time.perf_counter))
    monkeypatch.setattr(_measure, "_once", lambda function: 1e-3)
    monkeypatch.setattr(_measure, "time_round", lambda function, number: (events.append(function()),
                                                                          seconds[function()])[1])
    groups = [{"lossbook": lambda: "quick", "jax": lambda: "long", "floor": lambda: "quick"},
              {"lossbook": lambda: "quick", "jax": lambda: "long"}]
    _measure.best_of_each(groups, 2)
    pause = _measure.SETTLE_SECONDS
    assert events == ["quick", "long", pause, "quick", "quick", "long",
                      pause, "quick", "long", pause, "quick", "quick", "long"]


def test_batch_losses_are_also_timed_on_wider_embeddings():
    """``measure_wide`` times InfoNCE and NT-Xent on rows wider than their domain's, beside the same peers; the
    text and the ratios the appendix quotes come from its rows."""
    from lossbook import speed

    script = (
        "import json, sys; import numpy as np; sys.path.insert(0, sys.argv[1]); import losses\n"
        "from lossbook.catalog import CASES\n"
        "losses.WIDE_BATCHES = ((6, 5),)\n"
        "rows = losses.measure_wide(list(CASES), 1, np.random.default_rng(0))\n"
        "print(json.dumps(rows))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(HARNESS.parent)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = json.loads(done.stdout.splitlines()[-1])
    assert {row["loss"] for row in rows} == {"info_nce", "nt_xent"}
    for row in rows:
        assert row["dimension"] == 5 and row["n"] == 36 and set(map(tuple, row["shapes"].values())) == {(6, 5)}
        assert row["seconds"]["lossbook"] > 0 and all(row["agrees_with_lossbook"].values()), row
    text = speed.wide_text(rows)
    assert text.startswith("batch losses on wider embeddings: 6 rows of 5 coordinates\n")
    assert {line.split()[0] for line in text.splitlines()[3:]} == {"info_nce", "nt_xent"}
    ratios = speed.wide_ratios({"wide_batches": rows}, "torch")
    assert ratios == {(row["loss"], 5): row["seconds"]["lossbook"] / row["seconds"]["torch"] for row in rows
                      if "torch" in row["seconds"]}
    assert speed.wide_ratios({}, "torch") == {}
