"""Rich display in notebooks: a formula shows as maths, a record as a card, a table as a table.

Jupyter calls ``_repr_latex_`` / ``_repr_html_`` itself, so users need no
``Math(...)`` or ``HTML(...)`` around lossbook's objects; a terminal still
gets the plain ``repr``.  NumPy-free and SymPy-free: the mixins only call the
methods of the classes they are mixed into.

>>> Table([{"loss": "MSE", "PyTorch": "mse_loss"}])._repr_html_()
'<table class="table"><tr><th>loss</th><th>PyTorch</th></tr><tr><td>MSE</td><td>mse_loss</td></tr></table>'
"""

from __future__ import annotations

import functools
import html

__all__ = ["FormulaDisplay", "RecordCard", "Table", "HtmlTable", "as_table", "as_html"]


class FormulaDisplay:
    """Mixin for a class with ``latex()``: a notebook shows the formula, typeset."""

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"


class RecordCard:
    """Mixin for :class:`~lossbook.catalog.LossRecord`: a card with the formula, names and framework calls."""

    def _repr_html_(self) -> str:
        from .catalog.tables import framework_table

        row = framework_table([self])[0]
        calls = [("lossbook", row["lossbook"]), *self.frameworks.items()]
        lines = "".join(f"<tr><td>{html.escape(where)}</td><td><code>{html.escape(call)}</code></td></tr>"
                        for where, call in calls)
        names = ", ".join(f"<code>{html.escape(name)}</code>" for name in self.names)
        # class mathjax_process: the book's MathJax typesets a formula in a cell output only when asked.
        return (f"<div><b>{html.escape(self.title)}</b> ({html.escape(self.task)})"
                f"<div class=\"mathjax_process\">$${html.escape(self.definition().latex())}$$</div>"
                f"<div>names: {names}</div><table>{lines}</table></div>")


class Table(list):
    """A list of row dicts that a notebook shows as an HTML table (columns in first-seen order); slices too."""

    def __getitem__(self, index):
        item = super().__getitem__(index)
        return Table(item) if isinstance(index, slice) else item

    def _repr_html_(self) -> str:
        columns = list(dict.fromkeys(column for row in self for column in row))
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(row.get(c, '')))}</td>" for c in columns) + "</tr>"
            for row in self
        )
        return f'<table class="table"><tr>{head}</tr>{body}</table>'


class HtmlTable(str):
    """An HTML string that a notebook shows rendered (still a ``str`` for ``HTML(...)`` and files)."""

    def _repr_html_(self) -> str:
        return str(self)


def as_table(function):
    """``function`` returning its rows as a :class:`Table`."""

    @functools.wraps(function)
    def rows(*args, **kwargs):
        return Table(function(*args, **kwargs))

    return rows


def as_html(function):
    """``function`` returning its HTML as an :class:`HtmlTable`."""

    @functools.wraps(function)
    def page(*args, **kwargs):
        return HtmlTable(function(*args, **kwargs))

    return page
