"""The one mechanism every explorer uses: controls and a picture computed in the reader's browser.

An explorer is a spec — its controls, the formulas it evaluates (printed as
JavaScript from the SymPy definitions), the example data — plus a program in
``lossbook/widgets/js/`` that turns control values into a Vega-Lite picture and
a readout.  The same front end runs in both places a reader meets it:

* **JupyterLab**: :class:`Explorer` is an `anywidget <https://anywidget.dev>`_
  widget.  Each control is a synced trait, so Python can read and set it
  (``explorer.delta = 2.0``) and observe it; moving a slider redraws in the
  browser at once, without a round trip to the kernel.
* **The static HTML book**: the widget's ``text/html`` representation holds the
  spec and the starting values; ``static-host.js`` renders it with the same
  ``render`` function, with no kernel and no network.

:meth:`Explorer.compute` computes, with lossbook's NumPy losses, the numbers the
browser shows for any control values; the tests compare the two.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import anywidget
import traitlets

from ._assets import explorer_module, explorer_style

__all__ = ["Explorer", "Control", "slider", "log_slider", "parameter_slider", "choice", "toggle", "multi_choice", "explorer"]


@dataclass(frozen=True)
class Control:
    """One control of an explorer: a named, synced value and how the browser shows it.

    ``kind`` is ``"range"``, ``"log"`` (a slider over the exponent), ``"select"``,
    ``"toggle"`` or ``"multi"``; ``options`` are ``(label, value)`` pairs.
    """

    name: str
    label: str
    kind: str
    value: Any
    min: float | None = None
    max: float | None = None
    step: float | None = None
    options: tuple = ()
    digits: int = 3
    integer: bool = False

    def trait(self) -> traitlets.TraitType:
        """The synced traitlet holding this control's value, validated like the browser's input."""
        if self.integer:
            return traitlets.Int(int(self.value), min=int(self.min), max=int(self.max)).tag(sync=True)
        if self.kind in ("range", "log"):
            return traitlets.Float(float(self.value), min=float(self.min), max=float(self.max)).tag(sync=True)
        if self.kind == "select":
            return traitlets.Enum([value for _, value in self.options], default_value=self.value).tag(sync=True)
        if self.kind == "toggle":
            return traitlets.Bool(bool(self.value)).tag(sync=True)
        if self.kind == "multi":
            allowed = [value for _, value in self.options]
            return traitlets.List(traitlets.Enum(allowed), default_value=list(self.value)).tag(sync=True)
        raise ValueError(f"kind must be one of range, log, select, toggle, multi; found {self.kind!r}")

    def to_json(self) -> dict:
        spec = {"name": self.name, "label": self.label, "kind": self.kind, "digits": self.digits}
        if self.kind in ("range", "log"):
            spec.update(min=self.min, max=self.max, step=self.step)
        if self.options:
            spec["options"] = [[label, value] for label, value in self.options]
        return spec


def slider(name: str, label: str, value: float, low: float, high: float, step: float, *, digits: int = 3) -> Control:
    """A slider from ``low`` to ``high`` in steps of ``step``; whole numbers if all four are ``int``."""
    if all(isinstance(number, int) for number in (value, low, high, step)):
        return Control(name, label, "range", value, low, high, step, digits=digits, integer=True)
    return Control(name, label, "range", float(value), float(low), float(high), float(step), digits=digits)


def log_slider(name: str, label: str, value: float, low: float, high: float, *, steps: int = 80,
               digits: int = 3) -> Control:
    """A slider moving evenly in log10 from ``low`` to ``high`` in ``steps`` keyboard steps."""
    import math

    step = (math.log10(high) - math.log10(low)) / steps
    return Control(name, label, "log", float(value), float(low), float(high), step, digits=digits)


def parameter_slider(losses: str | Sequence[str], name: str, value: float | None = None, *,
                     label: str | None = None, low: float | None = None, high: float | None = None,
                     steps: int = 80) -> Control:
    """The slider of the hyper-parameter ``name`` of the catalogued loss(es) ``losses``.

    Symbol, range, scale and step come from the record's :class:`~lossbook.catalog.Parameter`
    (``low``/``high`` narrow or widen the range for one example), the value
    defaults to the numeric function's default, and the label reads
    ``"δ (Huber, pseudo-Huber)"``.  Losses sharing a slider must share the parameter.
    """
    from .. import catalog

    records = [catalog.get(loss) for loss in ([losses] if isinstance(losses, str) else losses)]
    parameter = records[0].parameter(name)
    if any(record.parameter(name) != parameter for record in records[1:]):
        raise ValueError(f"{[r.name for r in records]} do not share the parameter {name!r}")
    value = records[0].default(name) if value is None else value
    label = label or f"{parameter.symbol} ({', '.join(record.short for record in records)})"
    low = parameter.low if low is None else low
    high = parameter.high if high is None else high
    if parameter.log:
        return log_slider(name, label, value, low, high, steps=steps, digits=parameter.digits)
    return slider(name, label, value, low, high, parameter.step, digits=parameter.digits)


def choice(name: str, label: str, options: Sequence[tuple[str, Any]], value: Any) -> Control:
    """A drop-down menu of ``(label, value)`` options."""
    return Control(name, label, "select", value, options=tuple(options))


def toggle(name: str, label: str, value: bool) -> Control:
    """A check box."""
    return Control(name, label, "toggle", bool(value))


def multi_choice(name: str, label: str, options: Sequence[tuple[str, str]], value: Sequence[str]) -> Control:
    """Check boxes; the value is the list of the chosen options' values."""
    return Control(name, label, "multi", list(value), options=tuple(options))


class Explorer(anywidget.AnyWidget):
    """An explorer: controls as synced traits, a picture and a readout drawn in the browser.

    Build one with :func:`!lossbook.widgets._core.explorer` (each control becomes a trait of that
    name).  Read or set a control from Python (``ex.delta = 2.0``), read every
    control with :attr:`values`, and the numbers the browser shows with
    :attr:`outputs`.
    """

    spec = traitlets.Dict().tag(sync=True)

    def __init__(self, *, spec: dict, compute: Callable[..., dict], **values):
        self._compute = compute
        super().__init__(spec=spec, **values)

    @property
    def _esm(self) -> str:  # read by anywidget when the widget is created
        return explorer_module()

    @property
    def _css(self) -> str:
        return explorer_style()

    @property
    def controls(self) -> tuple[str, ...]:
        """The control names, in display order."""
        return tuple(control["name"] for control in self.spec["controls"])

    @property
    def values(self) -> dict:
        """The controls' current values by name."""
        return {name: getattr(self, name) for name in self.controls}

    def compute(self, **values) -> dict:
        """The numbers the browser shows for these control values (default: the current ones)."""
        return self._compute(**{**self.values, **values})

    @property
    def outputs(self) -> dict:
        """The numbers shown for the current values, computed by lossbook in Python."""
        return self.compute()

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={value!r}" for name, value in self.values.items())
        return f"<{self.spec['program']} explorer: {values}>"

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        data = {**data, "text/html": self.static_html()}
        return data, metadata

    def static_html(self) -> str:
        """The explorer for a page without a kernel: its spec and values, rendered by ``static-host.js``."""
        payload = json.dumps({"spec": self.spec, "values": self.values}, separators=(",", ":"))
        payload = payload.replace("</", "<\\/")  # never close the script element early
        title = html.escape(self.spec.get("title", ""))
        return (
            f'<div class="lossbook-explorer-static" data-explorer="{self.spec["program"]}">'
            f'<script type="application/json">{payload}</script>'
            f'<p class="lossbook-explorer-fallback">{title} (an interactive explorer: it needs JavaScript).</p>'
            "</div>"
        )


def explorer(program: str, *, title: str, alt: str, controls: Sequence[Control], compute: Callable[..., dict],
             functions: Mapping[str, dict] | None = None, constants: Mapping[str, Any] | None = None) -> Explorer:
    """Build the explorer run by the JavaScript program ``program``.

    Parameters
    ----------
    program : str
        Name under which ``lossbook/widgets/js/*.js`` defines the program.
    title, alt : str
        A short title, and a description of the picture for screen readers.
    controls : sequence of Control
        The controls, in display order; each becomes a synced trait.
    compute : callable
        ``compute(**values) -> dict`` of the numbers the program shows, by the
        names the program reports them under, computed with lossbook.
    functions : mapping of str to dict
        Formulas as JavaScript functions (:mod:`lossbook.symbolic.javascript`).
    constants : mapping
        JSON-ready example data the program needs.
    """
    names = [control.name for control in controls]
    clash = set(names) & (set(dir(Explorer)) | {"spec"})
    if clash or len(set(names)) != len(names):
        raise ValueError(f"control names must be unique and not Explorer attributes; found {names}")
    spec = {
        "program": program,
        "title": title,
        "alt": alt,
        "controls": [control.to_json() for control in controls],
        "functions": dict(functions or {}),
        "constants": dict(constants or {}),
    }
    json.dumps(spec)  # fail here, not in the browser, if something is not JSON
    class_name = "".join(part.title() for part in program.split("_")) + "Explorer"
    cls = type(class_name, (Explorer,), {control.name: control.trait() for control in controls})
    cls.__module__ = Explorer.__module__
    return cls(spec=spec, compute=compute, **{control.name: control.value for control in controls})
