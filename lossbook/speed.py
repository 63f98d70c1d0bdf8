"""Stored benchmark results (``benchmarks/results/*.json``), read and tabulated.

``benchmarks/losses.py`` measures; this module only reads what it stored, so
the book's appendix needs neither PyTorch nor JAX.  A result file holds the
machine description, one row per (loss, size) with every contender's best
time, and the framework accuracy rows (see ``benchmarks/_accuracy.py``).

>>> speed_ratio({"seconds": {"lossbook": 2.0, "torch": 4.0}}, "torch")
0.5
"""

from __future__ import annotations

import html
import json
import math
import statistics
from pathlib import Path

__all__ = [
    "PEERS", "ELEMENTWISE_TASKS", "load", "short_names", "speed_ratio", "rows_at", "summary", "slower", "above_floor",
    "transcendental_steps", "transcendental_kinds", "function_costs", "function_errors", "chain_costs", "fastest_chains",
    "fused_floors", "fused_log_estimates",
    "function_table", "wide_text", "wide_ratios",
    "text_table", "html_table", "accuracy_html", "header",
]

#: The contenders lossbook is compared with, in column order, and their column titles.
PEERS = {"torch": "÷ PyTorch", "jax": "÷ jax.jit", "naive": "÷ naive NumPy", "floor": "÷ memory floor"}


def load(directory) -> dict:
    """The newest result file in ``directory`` (named by date and time, ``YYYY-MM-DDTHHMM.json``)."""
    files = sorted(path for path in Path(directory).glob("*.json") if path.stem[:4].isdigit())
    if not files:
        raise FileNotFoundError(f"no benchmark results (*.json) in {directory}; run python benchmarks/losses.py")
    results = json.loads(files[-1].read_text(encoding="utf-8"))
    results["file"] = files[-1].name
    return results


def short_names() -> dict[str, str]:
    """Each catalogued case's label → its short name, with "from logits" for the logit variants."""
    from .catalog import CASES

    return {record.label: record.short + (" from logits" if record.keywords.get("from_logits") else "")
            for record in CASES}


def speed_ratio(row: dict, peer: str) -> float | None:
    """lossbook's time over ``peer``'s (above 1: lossbook is slower); ``None`` if the peer has no such loss."""
    theirs = row["seconds"].get(peer)
    return None if theirs is None else row["seconds"]["lossbook"] / theirs


def rows_at(results: dict, n: int) -> list[dict]:
    """The rows measured at size ``n``."""
    return [row for row in results["rows"] if row["n"] == n]


def summary(results: dict, n: int, peer: str) -> dict:
    """How lossbook compares with ``peer`` at size ``n``: losses compared, how many at most 1×, median and worst."""
    ratios = sorted((speed_ratio(row, peer), row["loss"]) for row in rows_at(results, n)
                    if speed_ratio(row, peer) is not None)
    values = [value for value, _ in ratios]
    return {"compared": len(values), "at_most_1": sum(value <= 1 for value in values),
            "median": statistics.median(values) if values else math.nan,
            "worst": ratios[-1][0] if ratios else math.nan, "worst_loss": ratios[-1][1] if ratios else None}


def slower(results: dict, n: int, peer: str, limit: float = 1.0, among=None) -> list[str]:
    """The losses (of ``among``, default all) that take more than ``limit`` times ``peer``'s time at size ``n``,
    slowest first."""
    ratios = [(speed_ratio(row, peer), row["loss"]) for row in rows_at(results, n)
              if among is None or row["loss"] in among]
    return [loss for ratio, loss in sorted((r, loss) for r, loss in ratios if r is not None and r > limit)[::-1]]


def at_memory_floor(results: dict, n: int, peer: str) -> list[str]:
    """The losses slower than ``peer`` at size ``n`` that take no longer than the memory floor there (NumPy's
    time to read their inputs once): no sequence of NumPy calls could bring them to ``peer``'s time."""
    rows = {row["loss"]: row for row in rows_at(results, n)}
    return [loss for loss in slower(results, n, peer) if speed_ratio(rows[loss], "floor") <= 1.0]


#: The catalog tasks whose losses are one loss per element of the prediction: the element-wise losses.
ELEMENTWISE_TASKS = ("regression", "binary classification", "multi-label classification", "generative adversarial training")


def above_floor(results: dict, n: int, limit: float) -> list[str]:
    """The element-wise losses that take more than ``limit`` times the memory floor at size ``n``, slowest first."""
    from .catalog import CASES

    elementwise = {record.label for record in CASES if record.task in ELEMENTWISE_TASKS}
    return slower(results, n, "floor", limit, among=elementwise)


def transcendental_steps(record) -> int:
    """How many logarithms and exponentials (``log``, ``exp``, hyperbolic functions) the loss's SymPy definition
    applies to each element: a lower bound on its passes through NumPy's costliest routines."""
    return len(_transcendental_nodes(record))


def transcendental_kinds(record) -> set[str]:
    """Which of ``"log"`` and ``"exp"`` (an exponential or a hyperbolic function) the loss's SymPy definition
    applies to each element."""
    import sympy as sp

    return {"log" if isinstance(node, sp.log) else "exp" for node in _transcendental_nodes(record)}


def _transcendental_nodes(record) -> list:
    import sympy as sp

    kinds = (sp.log, sp.exp, sp.functions.elementary.hyperbolic.HyperbolicFunction)
    return [node for node in sp.preorder_traversal(record.definition().expr) if isinstance(node, kinds)]


def function_costs(results: dict, library: str = "numpy") -> dict[str, float]:
    """Each timed function's pass over one array, in memory floors (reads of two arrays of the same size): NumPy's,
    or with ``library`` (``"libmvec"``, ``"svml"``) a C library's vectorised one called from a compiled loop
    (empty if not measured)."""
    passes = results["function_passes"]
    seconds = passes["seconds"] if library == "numpy" else passes.get(library, {}).get("seconds", {})
    read = passes["seconds"]["read"]
    return {name: value / read for name, value in seconds.items() if name != "read"}


def function_errors(results: dict, library: str = "numpy") -> dict[str, float]:
    """Each function's largest error over the harness's sample of arguments, in units in the last place."""
    return results["function_passes"].get("ulps", {}).get(library, {})


def chain_costs(results: dict) -> dict[str, dict[str, float]]:
    """For NumPy (block by block) and each C library measured (fused into one compiled loop): the cost, in memory
    floors, of applying each chain of functions (``"log"``; ``"softplus"``: ``exp``, then ``log1p``) to every
    element of one array and adding them up.  Empty for results stored before chains were measured."""
    passes = results["function_passes"]
    read = passes["seconds"]["read"]
    return {owner: {chain: value / read for chain, value in chains.items()}
            for owner, chains in passes.get("chains", {}).items()}


def fastest_chains(results: dict) -> dict[str, float]:
    """Each chain's cost in memory floors by the fastest way measured (NumPy or a C library): a lower bound on the
    cost of applying it to every element, however a loss is arranged.  Empty before chains were measured."""
    costs = chain_costs(results)
    if not costs:
        return {}
    return {chain: min(owner[chain] for owner in costs.values()) for chain in costs["numpy"]}


def fused_floors(results: dict, n: int, losses) -> dict[str, float]:
    """For each element-wise loss in ``losses``, the fewest reads of its inputs (at size ``n``) that its logarithms
    and exponentials alone take, by :func:`fastest_chains`: the softplus chain for a loss whose definition applies
    an exponential and a logarithm to each element, the logarithm for the others.

    Reads are those of the function passes (two arrays of their size, timed in the same rounds as the chains),
    scaled to the loss's inputs: a loss that reads one array of ``n`` elements has half the floor of one that
    reads two.  Empty for results stored before chains were measured.
    """
    from .catalog import CASES

    fastest = fastest_chains(results)
    if not fastest:
        return {}
    records = {record.label: record for record in CASES}
    rows = {row["loss"]: row for row in rows_at(results, n)}
    floors = {}
    for loss in losses:
        chain = "softplus" if "exp" in transcendental_kinds(records[loss]) else "log"
        elements = sum(math.prod(shape) for shape in rows[loss]["shapes"].values())
        floors[loss] = fastest[chain] * 2 * n / elements  # the chain's time at n over the loss's floor at n
    return floors


def fused_log_estimates(results: dict, n: int, losses, library: str) -> dict[str, float]:
    """Each loss's reads of its inputs at size ``n`` (its ÷ floor) less what fusing its logarithm with ``library``
    would save: NumPy's logarithm-and-sum block by block less the library's fused one.  An estimate for losses that
    apply logarithms alone, read two arrays, and take NumPy's logarithm in a pass of its own."""
    costs = chain_costs(results)
    saving = costs["numpy"]["log"] - costs[library]["log"]
    rows = {row["loss"]: row for row in rows_at(results, n)}
    return {loss: speed_ratio(rows[loss], "floor") - saving for loss in losses}


_CHAIN_TITLES = {"log": "log", "softplus": "exp, then log1p"}


def _owner_label(passes: dict, owner: str) -> str:
    """NumPy, or a C library as the harness describes it (its name in results stored before descriptions)."""
    return "NumPy" if owner == "numpy" else passes[owner].get("label", owner)


def _owner_name(passes: dict, owner: str) -> str:
    return _owner_label(passes, owner) + ("" if owner == "numpy" else f" ({passes[owner]['lanes']} lanes)")


def function_table(passes: dict) -> str:
    """The function passes as text, in memory floors: each function's pass over one array, with its largest error
    (in units in the last place), NumPy's and, where measured, each C library's called from a compiled loop; then
    each chain applied to every element and added up, NumPy block by block and each library fused."""
    read, ulps = passes["seconds"]["read"], passes.get("ulps", {})
    owners = ["numpy", *(owner for owner in passes if isinstance(passes[owner], dict) and "lanes" in passes[owner])]
    names = [name for name in passes["seconds"] if name != "read"]
    width = max(len(_owner_name(passes, owner)) for owner in owners) + 4
    lines = [f"one pass over {passes['n']:,} float64 elements, in memory floors (reading two such arrays: "
             f"{_duration(read)})"]
    if ulps:
        lines[0] += (f", and the largest error in units in the last place over {passes['ulp_sample']:,} "
                     "arguments from the losses' domains (60-digit references)")
    lines.append(" " * width + "".join(f"{name:<18}" for name in names).rstrip())
    for owner in owners:
        seconds = passes["seconds"] if owner == "numpy" else passes[owner]["seconds"]
        cells = [f"{seconds[name] / read:.2f}" + (f"  {ulps[owner][name]:.2f} ulp" if owner in ulps else "")
                 for name in names]
        lines.append(f"  {_owner_name(passes, owner):<{width - 2}}" + "".join(f"{cell:<18}" for cell in cells).rstrip())
    chains = passes.get("chains")
    if chains:
        lines.append("applied to every element of one array and added up, in memory floors")
        lines.append(" " * width + "".join(f"{_CHAIN_TITLES[chain]:<18}" for chain in chains["numpy"]).rstrip())
        for owner, costs in chains.items():
            how = "block by block" if owner == "numpy" else "fused"
            title = f"{_owner_label(passes, owner)}, {how}"
            lines.append(f"  {title:<{width - 2}}" + "".join(f"{value / read:.2f}".ljust(18)
                                                             for value in costs.values()).rstrip())
    return "\n".join(lines)


def _duration(seconds: float) -> str:
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


def _ratio_text(row: dict, peer: str) -> str:
    value = speed_ratio(row, peer)
    if value is None:
        return "—"
    return f"{value:.2f}" + ("" if row["agrees_with_lossbook"].get(peer, True) else "*")


def _elements(row: dict) -> int:
    return max(math.prod(shape) for shape in row["shapes"].values())


def header(description: dict, repeat: int) -> str:
    """The machine and the method, as the first lines of a result file."""
    lines = ["lossbook benchmark: mean cost of float64 inputs, best of "
             f"{repeat} rounds (3 for calls over 1 s; noise = median round ÷ best − 1, lossbook's)"]
    lines += [f"  {key}: {_shown(value)}" for key, value in description.items()]
    return "\n".join(lines)


def _shown(value) -> str:
    """A header value: floats to three digits (load averages, memory), the rest as it is."""
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_shown(item) for item in value)
    return str(value)


def text_table(rows: list[dict], n: int) -> str:
    """The rows of size ``n`` as the harness prints them: times, ratios, extra memory, noise."""
    lines = [
        f"n = {n:,}   (ratios: lossbook time ÷ the peer's; * = the peer's value differs from lossbook's by > 1e-6)",
        f"{'loss':<50} {'lossbook':>9} {'ns/elt':>7} {'÷torch':>7} {'÷jax':>7} {'÷naive':>7} {'÷floor':>7}"
        f" {'extra MB':>9} {'×inputs':>7} {'noise':>6}",
    ]
    for row in rows:
        if row["n"] != n:
            continue
        ours = row["seconds"]["lossbook"]
        extra = row["peak_extra_bytes"]["lossbook"]
        noise = row["median_seconds"]["lossbook"] / ours - 1
        ratios = " ".join(f"{_ratio_text(row, peer):>7}" for peer in PEERS)
        lines.append(
            f"{row['loss']:<50} {_duration(ours):>9} {ours / _elements(row) * 1e9:>7.2f} {ratios}"
            f" {extra / 2**20:>9.2f} {extra / row['input_bytes']:>7.2f} {noise:>6.0%}"
        )
    return "\n".join(lines)


def wide_text(rows: list[dict]) -> str:
    """The batch losses on wider embeddings (the harness's ``wide_batches``) as text: a :func:`text_table` a width."""
    parts = []
    for dimension in sorted({row["dimension"] for row in rows}):
        same = [row for row in rows if row["dimension"] == dimension]
        parts.append(f"batch losses on wider embeddings: {math.isqrt(same[0]['n']):,} rows of {dimension} coordinates\n"
                     + text_table(same, same[0]["n"]))
    return "\n\n".join(parts)


def wide_ratios(results: dict, peer: str) -> dict[tuple[str, int], float]:
    """lossbook's time ÷ ``peer``'s for each batch loss and width of the harness's wider embeddings (none in
    records made before them)."""
    return {(row["loss"], row["dimension"]): row["seconds"]["lossbook"] / row["seconds"][peer]
            for row in results.get("wide_batches", []) if peer in row["seconds"]}


def _cell(text, *, number: bool = False) -> str:
    style = ' style="text-align:right"' if number else ""
    return f"<td{style}>{html.escape(str(text))}</td>"


def html_table(results: dict, n: int, names: dict | None = None) -> str:
    """The rows of size ``n`` as an HTML table: lossbook's time, the four ratios, extra memory.

    ``names`` maps a row's label to what the table shows (e.g. short names).
    """
    titles = ["loss", "lossbook", *PEERS.values(), "extra memory"]
    head = "<thead><tr>" + "".join(f"<th>{html.escape(title)}</th>" for title in titles) + "</tr></thead>"
    body = []
    for row in rows_at(results, n):
        extra = row["peak_extra_bytes"]["lossbook"]
        memory = f"{extra / row['input_bytes']:.2g} × inputs" if extra >= 2**20 else f"{extra / 2**10:.0f} KiB"
        cells = [_cell((names or {}).get(row["loss"], row["loss"])), _cell(_duration(row["seconds"]["lossbook"]),
                                                                           number=True)]
        cells += [_cell(_ratio_text(row, peer), number=True) for peer in PEERS]
        cells.append(_cell(memory, number=True))
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="table">{head}<tbody>{"".join(body)}</tbody></table>'


def _short_number(text: str) -> str:
    """A stored ``repr`` of a float to three significant digits (other text as it is)."""
    try:
        return f"{float(text):.3g}"
    except ValueError:
        return text


def _worst_text(worst: float, case: dict) -> str:
    """The worst relative error, or what made it infinite: a value where the loss is 0, or NaN / a wrong ∞."""
    if not math.isinf(worst):
        return f"{worst:.1e}"
    try:
        theirs, ours = float(case["framework"]), float(case["lossbook"])
    except ValueError:  # the call raised
        return "an error"
    return "not 0 where the loss is 0" if ours == 0 and math.isfinite(theirs) else "NaN or wrong ∞"


def accuracy_html(results: dict, names: dict | None = None) -> str:
    """The framework calls wrong on some hard input, as an HTML table: how often, how badly, the worst case."""
    rows = [row for row in results.get("accuracy", {}).get("rows", []) if row["wrong"]]
    titles = ["loss", "framework", "wrong / hard samples", "worst relative error", "worst case: framework vs lossbook"]
    head = "<thead><tr>" + "".join(f"<th>{html.escape(title)}</th>" for title in titles) + "</tr></thead>"
    body = []
    for row in rows:
        worst = row["worst_relative_error"]
        case = row["worst_case"]
        worst_text = _worst_text(worst, case)
        cells = [_cell((names or {}).get(row["loss"], row["loss"])), _cell(row["framework"]),
                 _cell(f"{row['wrong']} / {row['samples']}", number=True), _cell(worst_text, number=True),
                 _cell(f"{_short_number(case['framework'])} vs {_short_number(case['lossbook'])} at {case['inputs']}")]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="table">{head}<tbody>{"".join(body)}</tbody></table>'
