"""Every name a loss goes by: lossbook's names and aliases, and each framework's spellings of it.

The index is built from the catalog on first use, so a new record is found by
its names at once.  Framework names come from the records' ``frameworks``
call strings: the loss function a call string uses (``torch.nn.functional.mse_loss``)
is found in it and spelt every way users write it (``F.mse_loss``,
``nn.MSELoss``, ``tf.keras.losses.MeanSquaredError``, ``losses.mean_squared_error``,
``optax.squared_error`` …).  Look-up ignores case, spaces, hyphens,
underscores and a trailing ``()``.

Only what the records cannot know is written here: PyTorch's module class for
each functional name (:data:`TORCH_MODULES`) and framework losses that
compute something other than any record's call (:data:`RELATED`, such as
``SmoothL1Loss``, which is the Huber loss divided by δ).

>>> resolve("nn.SmoothL1Loss").record.name
'huber_loss'
>>> resolve("tf.keras.losses.MeanSquaredError").call.function
'keras.losses.MeanSquaredError'
"""

from __future__ import annotations

import ast
import difflib
import functools
import re
from dataclasses import dataclass

__all__ = ["FrameworkCall", "Match", "RELATED", "TORCH_MODULES", "names", "resolve", "framework_calls"]

#: Where each framework keeps its losses: only functions under these prefixes name a loss.
NAMESPACES = {
    "PyTorch": ("torch.nn.functional.",),
    "Keras": ("keras.losses.", "keras.metrics."),
    "optax": ("optax.losses.",),
    "scikit-learn": ("sklearn.metrics.",),
}

#: Functions of those namespaces that are pieces of a call, not the loss it computes.
HELPERS = frozenset({
    "torch.nn.functional.normalize", "torch.nn.functional.softplus",
    "torch.nn.functional.pairwise_distance", "torch.nn.functional.cosine_similarity",
})

#: PyTorch's module class for each functional loss (``mse_loss`` → ``nn.MSELoss``).
TORCH_MODULES = {
    "mse_loss": "MSELoss", "l1_loss": "L1Loss", "huber_loss": "HuberLoss", "smooth_l1_loss": "SmoothL1Loss",
    "binary_cross_entropy": "BCELoss", "binary_cross_entropy_with_logits": "BCEWithLogitsLoss",
    "cross_entropy": "CrossEntropyLoss", "nll_loss": "NLLLoss", "kl_div": "KLDivLoss",
    "multilabel_soft_margin_loss": "MultiLabelSoftMarginLoss", "cosine_embedding_loss": "CosineEmbeddingLoss",
    "triplet_margin_loss": "TripletMarginLoss", "hinge_embedding_loss": "HingeEmbeddingLoss",
}


@dataclass(frozen=True)
class Related:
    """A framework loss that no record's call computes, and the record it is nearest to.

    ``call`` computes it from the record's arguments; ``lossbook`` computes the
    same number with lossbook (or NumPy where lossbook has no such loss); the
    tests run both.  ``note`` says how it differs from the record's loss.
    """

    framework: str
    function: str
    record: str
    call: str
    lossbook: str
    note: str


RELATED = (
    Related(
        "PyTorch", "torch.nn.functional.smooth_l1_loss", "huber_loss",
        "torch.nn.functional.smooth_l1_loss(y_pred, y_true, beta=delta)",
        "lossbook.huber_loss(y_true, y_pred, delta=delta) / delta",
        "SmoothL1Loss(beta) is the Huber loss with δ = β divided by δ: quadratic r²/(2β) for |r| < β, "
        "then |r| − β/2, slope 1 whatever β (the Huber loss has slope δ).",
    ),
    Related(
        "PyTorch", "torch.nn.functional.hinge_embedding_loss", "contrastive_loss",
        "torch.nn.functional.hinge_embedding_loss("
        "torch.nn.functional.pairwise_distance(x1, x2, eps=0.0), 2 * label - 1, margin=margin)",
        "numpy.mean(numpy.where(label == 1, d, numpy.maximum(0.0, margin - d)))"
        "  # d = numpy.linalg.norm(x1 - x2, axis=-1)",
        "HingeEmbeddingLoss is not the SVM hinge (lossbook.hinge): it takes a distance x and a label ±1 and "
        "costs x for a similar pair, max(0, margin − x) for a dissimilar one — the contrastive loss with "
        "neither branch squared, labels ±1 instead of 1/0, and PyTorch's default margin 1. "
        "No lossbook loss computes it; the NumPy line does.",
    ),
    Related(
        "optax", "optax.losses.l2_loss", "mean_squared_error",
        "optax.losses.l2_loss(y_pred, y_true).mean()",
        "0.5 * lossbook.mean_squared_error(y_true, y_pred)",
        "optax's l2_loss is half the squared error, ½(ŷ − y)² (its squared_error is the full one); "
        "lossbook's alias 'l2_loss' names the mean squared error itself.",
    ),
)


@dataclass(frozen=True)
class FrameworkCall:
    """One framework function and the catalog record it computes.

    ``call`` is the expression (in the record's argument names) that computes
    lossbook's mean cost with it; ``lossbook`` the lossbook expression for the
    same number; ``note`` what the record cannot say (empty for a record's own call).
    """

    framework: str
    function: str
    record: object
    call: str
    lossbook: str
    note: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every way users write :attr:`function` (full path, short module paths, class or function form)."""
        return _spellings(self.framework, self.function)


@dataclass(frozen=True)
class Match:
    """What a name resolved to: the record, and the framework call if it was a framework's name."""

    name: str
    record: object
    call: FrameworkCall | None = None


def key(name: str) -> str:
    """The form names are compared in: lower case, no spaces, hyphens, underscores or trailing ``()``.

    >>> key("Log-Cosh") == key("log_cosh") == key("LogCosh()")
    True
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str such as 'mse' or 'nn.BCELoss'; found {type(name).__name__}")
    text = name.strip()
    if text.endswith("()"):
        text = text[:-2]
    return re.sub(r"[\s_\-]", "", text).lower()


def resolve(name: str) -> Match:
    """The record (and framework call) ``name`` stands for; ``KeyError`` with close names if none.

    A name spelt exactly as lossbook or a framework spells it is taken as that
    one's (``"BinaryCrossentropy"`` is Keras's class); otherwise case and
    separators are ignored, and lossbook's own names win over frameworks' bare
    names (``"cross_entropy"`` is lossbook's categorical cross-entropy,
    ``"F.cross_entropy"`` PyTorch's).
    """
    found = _exact().get(name.strip().removesuffix("()")) if isinstance(name, str) else None
    found = found or _index().get(key(name))
    if found is None:
        raise KeyError(_unknown(name))
    return Match(name, *found)


def names() -> list[str]:
    """Every name look-up accepts, one spelling each, sorted."""
    return sorted(_spelled().values(), key=str.lower)


def framework_calls(record) -> list[FrameworkCall]:
    """The framework functions that compute ``record``'s loss: its own calls, then related ones."""
    return [call for call in _calls() if call.record is record]


def _unknown(name: str) -> str:
    spelled, index = _spelled(), _index()
    close = difflib.get_close_matches(key(name), list(spelled), n=20, cutoff=0.6)
    first = {}  # the closest spelling of each loss
    for k in close:
        first.setdefault(id(index[k][0]), spelled[k])
    hint = ", ".join(repr(spelling) for spelling in list(first.values())[:5]) or "none"
    return (f"no loss called {name!r} in the catalog; close known names: {hint} "
            f"(lossbook.catalog.names.names() lists them all)")


# ------------------------------------------------------------------ the index


@functools.cache
def _calls() -> tuple[FrameworkCall, ...]:
    """Every (framework function, record) pair, best first: the record whose call is plainest."""
    from . import CASES
    from .tables import framework_table

    by_name = {name: record for record in CASES for name in record.names}

    ranked = []
    for record in CASES:
        lossbook_call = framework_table([record])[0]["lossbook"]
        for framework, call in record.frameworks.items():
            for function, rank in _loss_functions(framework, call):
                ranked.append((*rank, len(call), FrameworkCall(framework, function, record, call, lossbook_call)))
    related = [
        FrameworkCall(r.framework, r.function, by_name[r.record], r.call, r.lossbook, r.note)
        for r in RELATED
    ]
    return tuple(call for *_, call in sorted(ranked, key=lambda item: item[:3])) + tuple(related)


@functools.cache
def _index() -> dict:
    """``key → (record, FrameworkCall or None)``: lossbook names, then framework paths, then bare names."""
    from . import CASES

    index: dict = {}
    for record in CASES:
        for name in record.names:
            _claim(index, key(name), (record, None))
    qualified, bare = [], []
    for call in _calls():
        for spelling in call.spellings:
            (bare if "." not in spelling else qualified).append((key(spelling), (call.record, call)))
    for k, entry in qualified + bare:
        index.setdefault(k, entry)
    return index


@functools.cache
def _exact() -> dict:
    """``spelling → (record, FrameworkCall or None)`` as written: ``"BinaryCrossentropy"`` is Keras's class."""
    from . import CASES

    exact = {name: (record, None) for record in CASES for name in record.names}
    for call in _calls():
        for spelling in call.spellings:
            exact.setdefault(spelling, (call.record, call))
    return exact


def _claim(index, k, entry):
    if k in index and index[k][0] is not entry[0]:
        raise RuntimeError(f"two catalog records share the name {k!r}: {index[k][0].label}, {entry[0].label}")
    index.setdefault(k, entry)


@functools.cache
def _spelled() -> dict[str, str]:
    """``key → one readable spelling`` for every name in the index (for messages and :func:`names`)."""
    from . import CASES

    spelled = {}
    for record in CASES:
        for name in record.names:
            spelled.setdefault(key(name), name)
    for call in _calls():
        for spelling in call.spellings:
            spelled.setdefault(key(spelling), spelling)
    return spelled


def _loss_functions(framework: str, call: str):
    """``(function, rank)`` for each loss function the call string uses.

    The rank orders the records a function appears in: the outermost call
    first, then the call with fewest transformed arguments (``torch.log(y_pred)``).
    """
    tree = ast.parse(call, mode="eval")
    outer = tree.body.func if isinstance(tree.body, ast.Call) else None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = _dotted(node.func)
        if function is None or function in HELPERS or not function.startswith(NAMESPACES.get(framework, ())):
            continue
        outermost = node.func is outer or (isinstance(outer, ast.Call) and node is outer) or _is_mean_of(tree, node)
        arguments = tree.body.args if isinstance(outer, ast.Call) and node is outer else node.args
        transformed = sum(not isinstance(argument, ast.Name) for argument in arguments)
        yield function, (0 if outermost else 1, transformed)


def _is_mean_of(tree, node) -> bool:
    """True for ``f(...).mean()``: optax's per-sample losses averaged."""
    body = tree.body
    return (isinstance(body, ast.Call) and isinstance(body.func, ast.Attribute)
            and body.func.attr == "mean" and body.func.value is node)


def _dotted(node) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def _spellings(framework: str, function: str) -> tuple[str, ...]:
    """Full path, its shorter tails, and the other form of the same loss (class ↔ function)."""
    module, _, leaf = function.rpartition(".")
    paths = [function]
    if framework == "PyTorch":
        paths += [f"F.{leaf}"]
        if leaf in TORCH_MODULES:
            paths += [f"torch.nn.{TORCH_MODULES[leaf]}"]
    elif framework == "Keras":
        paths += [f"tf.{function}"]
        if module == "keras.losses" and leaf[:1].isupper():
            paths += [f"keras.losses.{_snake(leaf)}", f"tf.keras.losses.{_snake(leaf)}"]
    elif framework == "optax":
        paths += [f"optax.{leaf}"]
    spellings = []
    for path in paths:
        parts = path.split(".")
        spellings += [".".join(parts[k:]) for k in range(len(parts))]
    return tuple(dict.fromkeys(spellings))


def _snake(camel: str) -> str:
    """Keras's function name for a loss class: ``KLDivergence`` → ``kl_divergence``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", camel).lower()
