"""Kernel time of a slider move in every explorer of lossbook.widgets.

Every public ``*_explorer`` function is built with its defaults, then each of
its controls is moved through its range; the script prints the median and the
worst redraw per explorer against the 50 ms budget.  Run:

    python benchmarks/explorers.py
"""

from __future__ import annotations

import inspect
import statistics
import sys

import ipywidgets as widgets

import lossbook.widgets as lossbook_widgets

BUDGET_MS = 50.0


def _values(control, count: int = 8):
    """Values to move ``control`` through: spread over a slider, every option of a choice."""
    if isinstance(control, (widgets.FloatLogSlider,)):
        return [control.base ** (control.min + (control.max - control.min) * k / (count - 1)) for k in range(count)]
    if hasattr(control, "min") and hasattr(control, "max"):
        values = [control.min + (control.max - control.min) * k / (count - 1) for k in range(count)]
        return [type(control.value)(v) for v in values] if isinstance(control.value, int) else values
    if hasattr(control, "options"):
        labels = control.options
        values = [option[1] if isinstance(option, tuple) else option for option in labels]
        return list(values) if not isinstance(control.value, tuple) else [tuple(values[: k + 1]) for k in range(len(values))]
    if isinstance(control.value, bool):
        return [not control.value, control.value]
    return []


def explorers():
    for name in lossbook_widgets.__all__:
        function = getattr(lossbook_widgets, name)
        if name.endswith("_explorer") and inspect.isfunction(function):
            yield name, function


def main() -> int:
    print(f"{'explorer':<32} {'moves':>5} {'median ms':>10} {'max ms':>8}  within {BUDGET_MS:.0f} ms")
    slow = []
    for name, function in explorers():
        explorer = function()
        explorer.timings.clear()
        for control in explorer.controls.values():
            start = control.value
            for value in _values(control):
                control.value = value
            control.value = start
        timings = [t * 1000 for t in explorer.timings]
        median, worst = statistics.median(timings), max(timings)
        ok = median < BUDGET_MS
        slow += [] if ok else [name]
        print(f"{name:<32} {len(timings):>5} {median:>10.1f} {worst:>8.1f}  {'yes' if ok else 'NO'}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
