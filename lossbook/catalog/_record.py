"""One record per loss: everything the book, the tests and users need to find it."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable, Mapping

__all__ = ["LossRecord", "TASKS"]

#: Tasks in the order the book's choice table lists them.
TASKS = (
    "regression",
    "binary classification",
    "multi-class classification",
    "multi-label classification",
)


@dataclass(frozen=True)
class LossRecord:
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

    def definition(self):
        """The :class:`~lossbook.symbolic.SymbolicLoss` of this loss (imports SymPy)."""
        module_name, function_name = self.symbolic.split(":")
        module = importlib.import_module(module_name)
        return getattr(module, function_name)()

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the aliases."""
        return (self.name, *self.aliases)
