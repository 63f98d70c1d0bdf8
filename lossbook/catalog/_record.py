"""One record per loss: everything the book, the tests and users need to find it."""

from __future__ import annotations

import dataclasses
import functools
import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from .._display import RecordCard

__all__ = ["Argument", "LossRecord", "Parameter", "Variant", "TASKS", "ROLES", "TARGET_PREDICTION"]

#: Tasks in the order the book's choice table lists them.
TASKS = (
    "regression",
    "binary classification",
    "multi-class classification",
    "multi-label classification",
    "metric learning",
    "generative adversarial training",
)


#: What an argument of a loss is.
ROLES = ("target", "prediction", "label", "embedding", "score")


@dataclass(frozen=True)
class Argument:
    """One argument of a loss: its keyword name and its role.

    ``role`` is one of :data:`!ROLES`: ``"target"`` (what should come out),
    ``"prediction"`` (what the model gives: a value, a probability or a logit),
    ``"label"`` (an integer class or a ±1 sign), ``"embedding"`` (a vector per
    sample) or ``"score"`` (a critic's or discriminator's output).
    """

    name: str
    role: str

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}; found {self.role!r} for argument {self.name!r}")


#: The arguments of a target/prediction loss, ``(y_true, y_pred)``.
TARGET_PREDICTION = (Argument("y_true", "target"), Argument("y_pred", "prediction"))


@dataclass(frozen=True)
class Parameter:
    """A hyper-parameter as readers explore it: its symbol and the range worth moving through.

    The explorers' sliders are built from it (``lossbook.widgets.parameter_slider``);
    its default value is the numeric function's keyword default.
    """

    name: str
    symbol: str
    low: float
    high: float
    log: bool = False
    step: float = 0.0
    digits: int = 3

    def __post_init__(self):
        if not self.low < self.high or (self.log and self.low <= 0) or (not self.log and self.step <= 0):
            raise ValueError(f"parameter {self.name!r}: need low < high, low > 0 on a log scale, "
                             f"a positive step on a linear one; found {self}")


@dataclass(frozen=True)
class Variant:
    """The same loss asked for with a keyword (``from_logits=True``): other inputs, definition and calls.

    There is one public function per loss; a variant is what changes when a
    keyword changes what the function takes.  :meth:`LossRecord.cases` turns
    each variant into a record of its own for the tests and the tables.
    """

    keywords: Mapping[str, Any]
    title: str
    aliases: tuple[str, ...]
    symbolic: str
    activation: str
    domain: str
    frameworks: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LossRecord(RecordCard):
    """A catalogued loss.

    Parameters
    ----------
    name : str
        Name of the numeric function in :mod:`lossbook` (``"mean_squared_error"``).
    title : str
        Human-readable name (``"Mean squared error"``).
    aliases : tuple of str
        Other names it goes by (``("mse", "l2")``); :func:`lossbook.catalog.get` accepts them.
    task : str
        One of :data:`TASKS`.
    numeric : callable
        The NumPy implementation, ``numeric(y_true, y_pred, *, reduction=..., **params)``.
    symbolic : str
        ``"module:function"`` of the SymPy definition, imported only when needed.
    activation : str
        The usual last-layer activation feeding this loss.
    domain : str
        The kind of inputs it takes; the tests build hard input grids per domain.
    params : mapping of str to tuple of float
        Hyper-parameters and the values the generic tests try.
    frameworks : mapping of str to str
        Framework name → a Python expression that computes the same *mean*
        cost from arrays named ``y_true`` and ``y_pred`` (and hyper-parameters by
        name).  The book shows these strings and the tests run them.
    reference : str
        Key of the entry in the book's bibliography.
    cost_of_losses : callable or None
        For a loss whose cost is *not* the mean (or sum) of its per-sample
        losses: ``cost_of_losses(losses, reduction)`` returns the ``"mean"`` or
        ``"sum"`` cost from the ``reduction="none"`` output.  The RMSE, for
        instance, is the root of the mean of the squared per-sample values.
        ``None`` (the default, every ordinary loss) means the plain mean and sum.
    arguments : tuple of Argument
        The inputs, in call order (default ``(y_true, y_pred)``); ``numeric``
        takes them by these names, the symbolic definition in this order, and
        the framework strings use these names.
    gradient_argument : str
        The argument the symbolic gradient is taken with respect to (default
        ``"y_pred"``).
    variants : tuple of Variant
        Other ways to call the same function (``from_logits=True``).
    short_name : str
        The label in pictures and readouts (``"MSE"``); default: the title.
    color : str
        The colour of this loss in every figure and explorer (``"#d1495b"``).
    parameters : tuple of Parameter
        Its hyper-parameters' symbols and explorable ranges (the explorers' sliders).
    keywords : mapping
        For a record made from a variant (see :meth:`cases`), the keywords its
        ``numeric`` passes; empty for a catalogued record.
    """

    name: str
    title: str
    aliases: tuple[str, ...]
    task: str
    numeric: Callable
    symbolic: str
    activation: str
    domain: str
    reference: str
    params: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    frameworks: Mapping[str, str] = field(default_factory=dict)
    cost_of_losses: Callable | None = None
    arguments: tuple[Argument, ...] = TARGET_PREDICTION
    gradient_argument: str = "y_pred"
    variants: tuple[Variant, ...] = ()
    keywords: Mapping[str, Any] = field(default_factory=dict)
    short_name: str = ""
    color: str = "#7a7a7a"
    parameters: tuple[Parameter, ...] = ()
    #: False for a loss that can be negative (the WGAN critic's); the property tests skip non-negativity.
    non_negative: bool = True

    def __post_init__(self):
        names = self.argument_names
        if len(set(names)) != len(names) or self.gradient_argument not in names:
            raise ValueError(f"{self.name}: argument names must be unique and include the gradient argument "
                             f"{self.gradient_argument!r}; found {names}")

    def definition(self):
        """The :class:`~lossbook.symbolic.SymbolicLoss` of this loss (imports SymPy)."""
        module_name, function_name = self.symbolic.split(":")
        module = importlib.import_module(module_name)
        return getattr(module, function_name)()

    def parameter(self, name: str) -> Parameter:
        """The :class:`Parameter` called ``name``."""
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise KeyError(f"{self.name} has no explorable parameter {name!r}; it has "
                       f"{[p.name for p in self.parameters]}")

    def default(self, name: str):
        """The numeric function's default value of the keyword ``name``."""
        import inspect

        return inspect.signature(getattr(self.numeric, "func", self.numeric)).parameters[name].default

    @property
    def argument_names(self) -> tuple[str, ...]:
        """The names of the inputs, in call order."""
        return tuple(argument.name for argument in self.arguments)

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the aliases (for a variant's record, its aliases only)."""
        return self.aliases if self.keywords else (self.name, *self.aliases)

    @property
    def short(self) -> str:
        """The ``short_name``, or the title when there is none."""
        return self.short_name or self.title

    @property
    def label(self) -> str:
        """The name, with the keywords of a variant, as in ``binary_cross_entropy(from_logits=True)``."""
        if not self.keywords:
            return self.name
        return f"{self.name}({', '.join(f'{key}={value!r}' for key, value in self.keywords.items())})"

    def cases(self) -> tuple["LossRecord", ...]:
        """This record and one record per variant (its ``numeric`` passes the variant's keywords)."""
        made = [
            dataclasses.replace(
                self, title=variant.title, aliases=variant.aliases, symbolic=variant.symbolic,
                activation=variant.activation, domain=variant.domain, frameworks=variant.frameworks,
                numeric=functools.partial(self.numeric, **variant.keywords), keywords=dict(variant.keywords),
                variants=(),
            )
            for variant in self.variants
        ]
        return (self, *made)
