"""The catalog: one :class:`LossRecord` per loss.

Tests and the book's tables iterate over :data:`LOSSES`, so a loss added here
(with its NumPy and SymPy definitions) is covered everywhere at once.

>>> from lossbook import catalog
>>> catalog.get("mae").name
'mean_absolute_error'
"""

from __future__ import annotations

from . import adversarial, classification, embedding, regression
from . import _record
from ._record import Argument, LossRecord, Parameter, Variant
from .. import _display
from . import tables

# The tables show as tables in a notebook, and stay lists of rows and HTML strings.
choice_table, framework_table = _display.as_table(tables.choice_table), _display.as_table(tables.framework_table)
choice_table_html = _display.as_html(tables.choice_table_html)
calls_table_html = _display.as_html(tables.calls_table_html)

__all__ = [
    "Argument", "CASES", "LOSSES", "LossRecord", "Parameter", "TASKS", "Variant", "get", "by_task",
    "choice_table", "choice_table_html", "framework_table", "calls_table_html",
]

#: The tasks a loss can serve, in the order the book's choice table lists them.
TASKS: tuple[str, ...] = _record.TASKS

#: Every catalogued loss (one record per public function), regression first.
LOSSES: tuple[LossRecord, ...] = (*regression.RECORDS, *classification.RECORDS, *embedding.RECORDS,
                                  *adversarial.RECORDS)

#: Every way to call a catalogued loss, that is each record and each of its variants
#: (``from_logits=True``) as a record of its own.  The generic tests and the
#: book's tables run over these.
CASES: tuple[LossRecord, ...] = tuple(case for record in LOSSES for case in record.cases())

_BY_NAME = {name: record for record in CASES for name in record.names}
if len(_BY_NAME) != sum(len(record.names) for record in CASES):
    raise RuntimeError("two catalog records share a name or an alias")


def get(name: str) -> LossRecord:
    """The record of the loss called ``name``: its function name, an alias or any framework's name.

    Case, spaces, hyphens and underscores do not matter (``"log loss"``,
    ``"nn.BCELoss"``, ``"keras.losses.Huber"``); see :mod:`!lossbook.catalog.names`.
    A variant's alias (``"bce_with_logits"``) gives the variant's record, whose
    ``numeric`` passes its keywords (``from_logits=True``).  An unknown name
    raises ``KeyError`` listing the closest known names.
    """
    if name in _BY_NAME:
        return _BY_NAME[name]
    from .names import resolve

    return resolve(name).record


def by_task(task: str) -> tuple[LossRecord, ...]:
    """The records whose task is ``task`` (one of :data:`TASKS`)."""
    if task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}; found {task!r}")
    return tuple(record for record in CASES if record.task == task)

