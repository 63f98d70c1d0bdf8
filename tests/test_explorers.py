"""Every explorer: the numbers its browser program shows equal lossbook's, for every control.

The programs run under Node.js (no browser, no Vega): each control is moved
to its ends and to points in between, the others kept at their defaults, and
the outputs are compared with :meth:`lossbook.widgets.Explorer.compute`.
"""

import math

import numpy as np
import pytest

from lossbook.widgets import EXPLORERS, Explorer
from lossbook.widgets._node import node_available, run_programs

pytestmark = pytest.mark.skipif(not node_available(), reason="Node.js is needed to run the explorers' JavaScript")

RTOL = 1e-12
#: Outputs are O(1) quantities (losses, probabilities, cosines); a value that is the rounding
#: noise of such a quantity (the cosine of two orthogonal unit vectors: ±3e-16) has no
#: meaningful relative error, so differences below this are accepted.
ATOL = 1e-14


def _positions(control: dict, value):
    """Values of one control to try: its ends, its default and points in between."""
    kind = control["kind"]
    if kind == "range":
        low, high, step = control["min"], control["max"], control["step"]
        points = np.linspace(low, high, 7)
        values = [min(high, low + round((p - low) / step) * step) for p in points] + [value]
        return [int(v) if float(step).is_integer() and float(low).is_integer() else float(v) for v in values]
    if kind == "log":
        return [float(v) for v in np.geomspace(control["min"], control["max"], 7)] + [value]
    if kind == "select":
        return [option[1] for option in control["options"]]
    if kind == "toggle":
        return [False, True]
    if kind == "multi":
        options = [option[1] for option in control["options"]]
        return [[], options[:1], options, value]
    raise AssertionError(f"unknown control kind {kind}")


def _cases(explorer: Explorer):
    defaults = explorer.values
    for control in explorer.spec["controls"]:
        for value in _positions(control, defaults[control["name"]]):
            yield {**defaults, control["name"]: value}


def _close(got, want) -> bool:
    if isinstance(want, (list, tuple)):
        return len(got) == len(want) and all(_close(g, w) for g, w in zip(got, want))
    if isinstance(want, str):
        return got == want
    want, got = float(want), float(got)
    if math.isnan(want) or math.isinf(want):
        return got == want or (math.isnan(want) and math.isnan(got))
    return math.isclose(got, want, rel_tol=RTOL, abs_tol=ATOL)


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_browser_outputs_match_lossbook(name):
    explorer = EXPLORERS[name]()
    cases = list(_cases(explorer))
    browser = run_programs(explorer.spec, cases)
    problems = []
    for values, shown in zip(cases, browser):
        expected = explorer.compute(**values)
        assert set(shown) == set(expected), f"{name}: the browser reports {sorted(shown)}, lossbook {sorted(expected)}"
        for key, want in expected.items():
            if not _close(shown[key], want):
                problems.append(f"{values}: {key} browser {shown[key]!r}, lossbook {want!r}")
    assert not problems, f"{name}:\n" + "\n".join(problems[:10])


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_every_control_changes_the_outputs_from_the_default(name):
    """In the default state every control does something (no dead control until another is set)."""
    explorer = EXPLORERS[name]()
    base = explorer.compute()
    for control in explorer.spec["controls"]:
        changed = [
            value for value in _positions(control, explorer.values[control["name"]])
            if explorer.compute(**{control["name"]: value}) != base
        ]
        assert changed, f"{name}: moving {control['name']} changes none of {sorted(base)}"


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_python_can_read_and_set_every_control(name):
    explorer = EXPLORERS[name]()
    for control in explorer.spec["controls"]:
        value = _positions(control, explorer.values[control["name"]])[-2]
        setattr(explorer, control["name"], value)
        assert explorer.values[control["name"]] == value
    assert explorer.outputs == explorer.compute()


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_keyboard_steps_cross_each_slider_in_50_to_150_presses(name):
    explorer = EXPLORERS[name]()
    for control in explorer.spec["controls"]:
        if control["kind"] == "range":
            presses = (control["max"] - control["min"]) / control["step"]
        elif control["kind"] == "log":
            presses = (math.log10(control["max"]) - math.log10(control["min"])) / control["step"]
        else:
            continue
        assert 30 <= presses <= 150, f"{name}.{control['name']}: {presses:.0f} key presses from end to end"


def test_static_html_carries_spec_and_values():
    explorer = EXPLORERS["age_error"](predicted_age=50.0)
    page = explorer.static_html()
    assert 'data-explorer="age_error"' in page and '"predicted_age":50.0' in page
    assert "</script>" in page and page.count("</script>") == 1


def test_default_states_show_the_worked_examples():
    """Each explorer opens on its chapter's worked example."""
    from lossbook import examples

    age = EXPLORERS["age_error"]().outputs
    assert age["error"] == examples.regression.AGE_TRUE - examples.regression.AGE_PREDICTED
    assert age["squared_error"] == age["error"] ** 2


def test_parameter_sliders_come_from_the_catalog():
    from lossbook import catalog
    from lossbook.widgets._core import parameter_slider

    delta = catalog.get("huber_loss").parameter("delta")
    control = parameter_slider(("huber_loss", "pseudo_huber_loss"), "delta")
    assert (control.kind, control.min, control.max, control.value) == ("log", delta.low, delta.high, 1.0)
    assert control.label == "δ (Huber, pseudo-Huber)"
    assert parameter_slider("huber_loss", "delta", 2.0, high=100.0).max == 100.0
    quantile = parameter_slider("quantile_loss", "quantile")
    assert (quantile.kind, quantile.step, quantile.value) == ("range", 0.01, 0.5)
    with pytest.raises(KeyError, match="no explorable parameter"):
        parameter_slider("huber_loss", "margin")
