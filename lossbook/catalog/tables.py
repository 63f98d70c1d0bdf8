"""Tables the book generates from the catalog: which loss for which problem, and the calls per library."""

from __future__ import annotations

import html

from ._record import TASKS

__all__ = ["choice_table", "choice_table_html", "framework_table", "calls_table_html"]


def choice_table(records=None) -> list[dict[str, str]]:
    """Rows ``{"problem", "last-layer activation", "loss", "lossbook"}``, one per catalogued loss.

    Ordered by task as in :data:`~lossbook.catalog.TASKS` (regression first),
    then as catalogued.  ``records`` defaults to the whole catalog.
    """
    if records is None:
        records = _all_records()
    ordered = sorted(records, key=lambda record: TASKS.index(record.task))
    return [
        {
            "problem": record.task,
            "last-layer activation": record.activation,
            "loss": record.title,
            "lossbook": record.label,
        }
        for record in ordered
    ]


def _rows_html(groups) -> str:
    """``<tr>`` rows for ``[(head, [cells, ...]), ...]``: each head spans its group's rows."""
    rows = []
    for head, lines in groups:
        for k, cells in enumerate(lines):
            first = f'<td rowspan="{len(lines)}">{head}</td>' if k == 0 else ""
            rows.append("<tr>" + first + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    return "".join(rows)


def choice_table_html(records=None) -> str:
    """The choice table as HTML: problem type → last-layer activation → loss (and its lossbook name)."""
    groups: dict[str, list] = {}
    for row in choice_table(records):
        loss = f"{html.escape(row['loss'])}<br><code>{html.escape(row['lossbook'])}</code>"
        groups.setdefault(row["problem"], []).append((html.escape(row["last-layer activation"]), loss))
    head = "<tr><th>problem</th><th>last-layer activation</th><th>loss</th></tr>"
    return f'<table class="table">{head}{_rows_html((f"<b>{k}</b>", v) for k, v in groups.items())}</table>'


def framework_table(records=None) -> list[dict[str, str]]:
    """Rows ``{"loss": title, "lossbook": call, <framework>: call, ...}``, one per loss.

    The framework calls are the strings of ``LossRecord.frameworks``, which
    the tests run, so a table built from these rows is right by construction.
    ``records`` defaults to the whole catalog.
    """
    rows = []
    for record in _all_records() if records is None else records:
        arguments = ", ".join(record.argument_names)
        params = "".join(f", {name}={name}" for name in record.params)
        keywords = "".join(f", {key}={value!r}" for key, value in record.keywords.items())
        row = {"loss": record.title, "lossbook": f"lossbook.{record.name}({arguments}{params}{keywords})"}
        row.update(record.frameworks)
        rows.append(row)
    return rows


def calls_table_html(records=None, frameworks=("PyTorch", "Keras", "optax", "scikit-learn")) -> str:
    """:func:`framework_table` as a loss × library grid: one row per loss, one column per library.

    The first column holds the loss and its lossbook call; a library without
    a built-in for a loss shows "—".  Calls may wrap after ``.``, ``(`` and
    ``,`` (``<wbr>``), and anywhere if a name is still too long for its
    column, in a smaller font: the grid fits a page column.  Libraries with no call for any of the
    ``records`` get no column.
    """
    rows = framework_table(records)

    def code(call: str) -> str:  # line breaks allowed after ".", "(" and ", ": long calls wrap in narrow columns
        text = html.escape(call)
        for mark in (".", "(", ", "):
            text = text.replace(mark, mark + "<wbr>")
        return f'<code style="overflow-wrap: anywhere">{text}</code>'

    columns = [framework for framework in frameworks if any(framework in row for row in rows)]
    missing = '<span title="no built-in">—</span>'
    head = "<tr><th>loss</th>" + "".join(f"<th>{html.escape(name)}</th>" for name in columns) + "</tr>"
    body = []
    for row in rows:
        cells = [f"<b>{html.escape(row['loss'])}</b><br>{code(row['lossbook'])}"]
        cells += [code(row[name]) if name in row else missing for name in columns]
        body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    return f'<table class="table" style="font-size: 0.8125rem">{head}{"".join(body)}</table>'


def _all_records():
    from . import CASES

    return CASES
