"""``lossbook.explain(name)``: what a loss, or a framework's call of it, computes.

Everything shown comes from the catalog (formula, call strings, lossbook's
call) or from the installed framework itself (its signature and defaults),
except what no record can know: what a framework clips or caps
and a few other differences (:data:`FACTS`, each with a probe that the tests run) and the notes on
framework losses with no record of their own (:data:`lossbook.catalog.names.RELATED`).

>>> print(explain("log loss").title)
Binary cross-entropy (log loss) — lossbook.binary_cross_entropy
"""

from __future__ import annotations

import ast
import html
import importlib
import inspect
import math
from dataclasses import dataclass, field

from .catalog import names as _names

__all__ = ["FACTS", "Explanation", "Fact", "explain"]


@dataclass(frozen=True)
class Fact:
    """A fact about a framework function that no record holds, with a probe that shows it.

    ``call`` (default: the function's call of its record, in the record's
    argument names) run on ``probe`` returns ``expected``; lossbook returns
    ``inf`` or a different number there.  tests/test_explain.py runs every
    probe.  ``heading`` is the section of :func:`lossbook.explain` it belongs to.
    """

    function: str
    text: str
    probe: dict
    expected: float
    call: str = ""
    heading: str = "clips / caps"
    unless: str = ""

    def applies_to(self, call) -> bool:
        """True for a call of :attr:`function` that does not contain :attr:`unless` (``from_logits=True``)."""
        return call.function == self.function and not (self.unless and self.unless in call.call)




_EPSILON = 1e-7  # keras.config.epsilon(), checked by the probes
_LOGITS = "from_logits=True"  # Keras clips probabilities only
_KERAS_CLIP = (f"clips ŷ to [ε, 1 − ε] with ε = keras.config.epsilon() = {_EPSILON:g}, "
               f"so a confident wrong prediction costs at most −log ε ≈ {-math.log(_EPSILON):.4g}, not ∞")

#: What framework functions clip or cap, and how a few differ from the record they compute.
FACTS = (
    Fact("torch.nn.functional.binary_cross_entropy",
         "clamps each log at −100, so ŷ = 0 for y = 1 costs 100, not ∞",
         {"y_true": [1.0], "y_pred": [0.0]}, 100.0),
    Fact("keras.losses.BinaryCrossentropy", _KERAS_CLIP,
         {"y_true": [1.0], "y_pred": [0.0]}, -math.log(_EPSILON), unless=_LOGITS),
    Fact("keras.losses.CategoricalCrossentropy", _KERAS_CLIP + "; rows of ŷ are first rescaled to sum to 1",
         {"y_true": [[1.0, 0.0]], "y_pred": [[0.0, 1.0]]}, -math.log(_EPSILON), unless=_LOGITS),
    Fact("keras.losses.SparseCategoricalCrossentropy", _KERAS_CLIP,
         {"y_true": [0], "y_pred": [[0.0, 1.0]]}, -math.log(_EPSILON), unless=_LOGITS),
    Fact("keras.losses.KLDivergence",
         f"clips both distributions to [ε, 1], ε = {_EPSILON:g}: a class with ŷ = 0 and y > 0 costs y·log(y/ε), not ∞",
         {"y_true": [[0.5, 0.5]], "y_pred": [[1.0, 0.0]]}, 0.5 * math.log(0.5) + 0.5 * math.log(0.5 / _EPSILON)),
    Fact("keras.losses.MeanSquaredLogarithmicError",
         f"clips y and ŷ below at ε = {_EPSILON:g} before log(1 + ·), so it equals lossbook's only for inputs ≥ 0",
         {"y_true": [1.0], "y_pred": [-0.9]}, (math.log1p(_EPSILON) - math.log(2.0)) ** 2),
    Fact("sklearn.metrics.log_loss",
         "clips ŷ to [ε, 1 − ε] with ε the float64 machine epsilon, so ŷ = 0 for y = 1 costs −log ε ≈ 36.04",
         {"y_true": [1.0, 0.0], "y_pred": [0.0, 0.0]}, -math.log(2.0**-52) / 2),
    Fact("torch.nn.functional.kl_div",
         "takes log-probabilities as its input (and probabilities as its target unless log_target=True); "
         "its default reduction='mean' divides by every element, batch × classes, so the call asks for "
         "'batchmean', the mean over the batch",
         {"y_true": [[0.5, 0.5]], "y_pred": [[0.25, 0.75]]}, (0.5 * math.log(2.0) + 0.5 * math.log(2.0 / 3.0)) / 2,
         call="torch.nn.functional.kl_div(torch.log(y_pred), y_true)", heading="differs"),
    Fact("optax.losses.kl_divergence",
         "takes log-probabilities as its first argument (log_predictions, targets): "
         "given probabilities it returns Σ y (log y − ŷ), not the divergence",
         {"y_true": [[0.5, 0.5]], "y_pred": [[0.25, 0.75]]}, math.log(0.5) - 0.5,
         call="optax.losses.kl_divergence(y_pred, y_true).mean()", heading="differs"),
)


@dataclass
class Explanation:
    """What :func:`lossbook.explain` returns: plain text in a terminal, a card in a notebook.

    ``sections`` are ``(heading, text)`` pairs; ``latex`` is the formula.
    ``call`` is the framework call (empty for a lossbook name) and
    ``lossbook_call`` the lossbook expression computing the same number, both
    in the record's argument names.
    """

    name: str
    title: str
    latex: str
    formula: str
    call: str
    lossbook_call: str
    sections: list = field(default_factory=list)

    def __str__(self) -> str:
        width = max(len(heading) for heading, _ in self.sections)
        lines = [self.title, "", "formula:", _indent(self.formula), ""]
        for heading, text in self.sections:
            body = text.replace("\n", "\n" + " " * (width + 2))
            lines.append(f"{heading + ':':<{width + 2}}{body}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        rows = "".join(
            f'<tr><th style="text-align:left;vertical-align:top">{html.escape(heading)}</th>'
            f'<td style="text-align:left">{_html_text(text, code=heading in _CODE_SECTIONS)}</td></tr>'
            for heading, text in self.sections
        )
        # class mathjax_process: the book's MathJax typesets a formula in a cell output only when asked.
        return (f"<div><b>{html.escape(self.title)}</b>"
                f"<div class=\"mathjax_process\">$${html.escape(self.latex)}$$</div><table>{rows}</table></div>")


def explain(name: str) -> Explanation:
    """What the loss called ``name`` computes — a lossbook name or any framework's.

    For a framework's name (``"nn.SmoothL1Loss"``, ``"keras.losses.Huber"``,
    ``"optax.softmax_cross_entropy"``) it gives the call, its argument order,
    signature and defaults (from the installed framework), its reduction,
    what it clips or caps, how it differs from lossbook's loss and the other
    frameworks' calls, and the lossbook call that computes the same number.
    Unknown names raise ``KeyError`` with the closest known names.
    """
    match = _names.resolve(name)
    record = match.record
    definition = record.definition()
    if match.call is None:
        return _lossbook_explanation(name, record, definition)
    return _framework_explanation(name, match.call, record, definition)


def _head(record, definition):
    from .catalog.tables import framework_table

    return framework_table([record])[0]["lossbook"], definition.latex(), _formula_text(definition)


def _lossbook_explanation(name, record, definition) -> Explanation:
    lossbook_call, latex, formula = _head(record, definition)
    sections = [
        ("lossbook call", lossbook_call),
        ("signature", f"lossbook.{record.name}{_bare_signature(inspect.signature(_function(record)))}"),
        ("aliases", ", ".join(record.names)),
        ("task", f"{record.task}; last layer: {record.activation}"),
        ("reduction", "reduction='mean' (default), 'sum' or 'none'"),
    ]
    sections += _framework_sections(record, exclude=None)
    title = f"{record.title} — lossbook.{record.label}"
    return Explanation(name, title, latex, formula, "", lossbook_call, sections)


def _framework_explanation(name, call, record, definition) -> Explanation:
    _, latex, formula = _head(record, definition)
    related = bool(call.note) and call.call not in record.frameworks.values()
    sections = [
        ("this call", call.call),
        ("same number", call.lossbook),
        ("also written", ", ".join(s for s in call.spellings if "." in s and s != call.function)[:300]),
        ("arguments", _argument_text(call, record)),
    ]
    signature = _framework_signature(call.framework, call.function)
    if signature:
        sections.append(("signature", signature))
    sections.append(("reduction", _reduction_text(call, signature)))
    differs = _difference_text(call, record, related, _framework_function_signature(call.function))
    if differs:
        sections.append(("differs", differs))
    clips = [fact.text for fact in FACTS if fact.applies_to(call) and fact.heading == "clips / caps"]
    sections.append(("clips / caps", "; ".join(clips) if clips else "nothing known"))
    elsewhere = [f"{other.record.title}: {other.call}" for other in _names._calls()
                 if other.function == call.function and other.record is not record]
    if elsewhere:
        sections.append(("same function", "also computes\n" + "\n".join(elsewhere)))
    sections += _framework_sections(record, exclude=call)
    relation = "nearest lossbook loss" if related else "computes"
    title = f"{name} — {call.framework} {call.function}; {relation}: {record.title} (lossbook.{record.label})"
    return Explanation(name, title, latex, formula, call.call, call.lossbook, sections)


def _framework_sections(record, exclude):
    """The record's calls in every framework (and related losses), each with what it clips."""
    lines = []
    for other in _names.framework_calls(record):
        if exclude is not None and other.function == exclude.function and other.call == exclude.call:
            continue
        clips = "".join(f"\n    {fact.text}" for fact in FACTS if fact.applies_to(other))
        related = f"\n    {other.note}\n    same number: {other.lossbook}" if other.note else ""
        lines.append(f"{other.framework}: {other.call}{clips}{related}")
    heading = "frameworks" if exclude is None else "other calls"
    return [(heading, "\n".join(lines) if lines else "no framework has it")]


def _argument_text(call, record) -> str:
    """Which of the record's arguments the loss call takes, in which order, and transformed how."""
    _, node, configured = _loss_call(call)
    if node is None:
        return call.call
    passed = [ast.unparse(argument) for argument in node.args]
    ours = record.argument_names
    names = _positional_names(call.function, keras_call=node is not configured)[:len(passed)]
    shown = [f"{name}={value}" for name, value in zip(names, passed)] if len(names) == len(passed) else passed
    text = f"({', '.join(shown)}); lossbook takes ({', '.join(ours)})"
    order = [a.id for a in node.args if isinstance(a, ast.Name) and a.id in ours]
    if order and order != [n for n in ours if n in order]:
        text += f" — the order differs: {order[0]} first"
    changed = [p for p in passed if p not in ours]
    if changed:
        text += "; it is given " + ", ".join(changed) + " (not the raw input)"
    return text


def _loss_call(call):
    """``(root, inputs, config)``: the parsed call string, the ``ast.Call`` passing the inputs to
    ``call.function`` and the one configuring it (the same but for Keras's ``Loss(config)(inputs)``)."""
    root = ast.parse(call.call, mode="eval").body
    for node in ast.walk(root):
        if isinstance(node, ast.Call) and _names._dotted(node.func) == call.function:
            for outer in ast.walk(root):
                if isinstance(outer, ast.Call) and outer.func is node:
                    return root, outer, node
            return root, node, node
    return root, None, None


def _difference_text(call, record, related, signature) -> str:
    """How the call string bends the framework function to equal lossbook's cost."""
    parts = [call.note] if call.note else []
    parts += [fact.text for fact in FACTS if fact.applies_to(call) and fact.heading == "differs"]
    root, node, configured = _loss_call(call)
    if node is None:
        return "; ".join(parts)
    params = set(record.params)
    keywords = [k for k in configured.keywords if not (isinstance(k.value, ast.Name) and k.value.id in params)]
    for keyword in keywords:
        default = signature.parameters.get(keyword.arg) if signature is not None else None
        told = f" (its default: {default.default!r})" if default is not None and default.default is not default.empty else ""
        parts.append(f"called with {ast.unparse(keyword)}{told}")
    averaged = (isinstance(root, ast.Call) and isinstance(root.func, ast.Attribute)
                and root.func.attr == "mean" and root.func.value is node)
    if root is not node and not averaged and not related:
        parts.append(f"its result is transformed to equal lossbook's cost: {call.call}")
    return "; ".join(parts)


def _reduction_text(call, signature: str) -> str:
    root = ast.parse(call.call, mode="eval").body
    if isinstance(root, ast.Call) and isinstance(root.func, ast.Attribute) and root.func.attr == "mean":
        return "none: one loss per sample (the call takes .mean() for lossbook's default reduction='mean')"
    if "reduction=" in signature:
        default = signature.split("reduction=", 1)[1].split(",")[0].split(")")[0]
        return f"reduction={default} by default; lossbook's default is reduction='mean'"
    return "returns the mean over the samples, as lossbook's default reduction='mean'"


def _positional_names(function: str, keras_call: bool) -> list[str]:
    """The framework's names of the arguments its call takes by position (``input, target``), if installed."""
    module_name, _, leaf = function.rpartition(".")
    try:
        obj = getattr(importlib.import_module(module_name), leaf)
        signature = inspect.signature(obj.__call__ if keras_call else obj)
    except Exception:  # not installed: the positions alone are shown
        return []
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return [p.name for p in signature.parameters.values() if p.kind in kinds and p.name != "self"]


def _framework_function_signature(function: str):
    """``function``'s :class:`inspect.Signature` from the installed framework, or ``None``."""
    module_name, _, leaf = function.rpartition(".")
    try:
        return inspect.signature(getattr(importlib.import_module(module_name), leaf))
    except Exception:  # not installed, or a backend that cannot load: say nothing
        return None


def _framework_signature(framework: str, function: str) -> str:
    """``function``'s signature (no annotations) from the installed framework, or ``""``."""
    module_name, _, leaf = function.rpartition(".")
    signature = _framework_function_signature(function)
    if signature is None:
        return ""
    version = getattr(importlib.import_module(module_name.split(".")[0]), "__version__", "")
    return f"{leaf}{_bare_signature(signature)}   (installed {framework} {version})".rstrip()


def _bare_signature(signature: inspect.Signature) -> str:
    empty = inspect.Parameter.empty
    parameters = [p.replace(annotation=empty) for p in signature.parameters.values() if p.name != "self"]
    return str(signature.replace(parameters=parameters, return_annotation=empty))


def _function(record):
    """The public lossbook function (a variant's ``numeric`` is a ``functools.partial`` of it)."""
    return getattr(record.numeric, "func", record.numeric)


def _formula_text(definition) -> str:
    """The formula as SymPy's unicode pretty-printer writes it, symbols named as in the LaTeX."""
    import sympy as sp

    expr = getattr(definition, "display_form", None) or definition.expr
    latex_names = getattr(definition, "latex_names", {}) or {}
    renamed = {}
    for atom in expr.atoms(sp.Symbol, sp.IndexedBase):
        name = latex_names.get(atom, str(atom.label if isinstance(atom, sp.IndexedBase) else atom.name))
        plain = _plain(name)
        if plain != str(atom):
            renamed[atom] = sp.IndexedBase(plain) if isinstance(atom, sp.IndexedBase) else sp.Symbol(plain)
    written = getattr(definition, "display_form", None) is not None
    with sp.evaluate(not written):  # a display form keeps its order of terms
        expr = expr.xreplace(renamed)
    text = sp.pretty(expr, use_unicode=True, order="none" if written else None)
    if text.count("\n") >= _MAX_FORMULA_LINES:  # too tall for a terminal: one line
        text = sp.sstr(expr)
    return "ℓ = " + text.replace("\n", "\n    ")


#: The tallest pretty-printed formula shown; taller ones are printed on one line.
_MAX_FORMULA_LINES = 10


def _plain(name: str) -> str:
    r"""``\hat{y}`` → ``ŷ``, ``\tau`` → ``τ``, other names as they are."""
    import re
    import unicodedata

    def greek(match):
        try:
            return unicodedata.lookup(f"GREEK SMALL LETTER {match.group(1).upper()}")
        except KeyError:
            return match.group(1)

    name = re.sub(r"\\hat\{(\w+)\}", lambda m: m.group(1) + "\u0302", name)
    name = re.sub(r"\\mathbf\{(\w+)\}", r"\1", name)
    return re.sub(r"\\([a-zA-Z]+)", greek, name)


def _indent(text: str) -> str:
    return "  " + text.replace("\n", "\n  ")


#: Sections whose text is code (a call or a signature), shown in ``<code>`` in a notebook.
_CODE_SECTIONS = frozenset({"this call", "same number", "lossbook call", "signature"})


def _html_text(text: str, code: bool = False) -> str:
    """Plain text to HTML, line breaks kept; ``code`` sets it in ``<code>``."""
    lines = [html.escape(line) for line in text.split("\n")]
    return "<br>".join(f"<code>{line}</code>" if code else line for line in lines)
