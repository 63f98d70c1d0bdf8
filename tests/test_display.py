"""Rich display: what a notebook shows for a definition, a record and a table, with no wrapping by the user."""

import pytest
from IPython.core.formatters import DisplayFormatter

from lossbook import catalog

FORMATTER = DisplayFormatter()


def _shown(obj) -> dict:
    """The MIME bundle Jupyter would display for ``obj``."""
    data, _ = FORMATTER.format(obj)
    return data


def test_every_definition_shows_its_formula(record):
    definition = record.definition()
    assert _shown(definition)["text/latex"] == f"$${definition.latex()}$$"


def test_a_record_shows_a_card_with_formula_names_and_calls():
    record = catalog.get("huber")
    card = _shown(record)["text/html"]
    assert record.title in card and "$$" in card
    assert all(f"<code>{name}</code>" in card for name in record.names)
    for framework, call in record.frameworks.items():
        assert f"<td>{framework}</td><td><code>{call}</code></td>" in card
    assert "text/plain" in _shown(record)  # a terminal still gets the repr


@pytest.mark.parametrize("table", ["choice_table", "framework_table"])
def test_rows_stay_a_list_and_show_as_a_table(table):
    rows = getattr(catalog, table)()
    assert isinstance(rows, list) and rows == getattr(catalog.tables, table)()
    page = _shown(rows)["text/html"]
    assert page.count("<tr>") == len(rows) + 1
    assert all(f"<th>{column}</th>" in page for column in rows[0])
    assert _shown(rows[:2])["text/html"].count("<tr>") == 3  # a slice is a table too


@pytest.mark.parametrize("table", ["choice_table_html", "calls_table_html"])
def test_html_tables_stay_strings_and_render(table):
    page = getattr(catalog, table)()
    assert isinstance(page, str) and page == getattr(catalog.tables, table)()
    assert _shown(page)["text/html"] == page
