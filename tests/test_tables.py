"""The catalog's tables: the framework grid shows every catalogued call, in its row and column."""

from html.parser import HTMLParser

from lossbook import catalog


class _Cells(HTMLParser):
    """The text of every cell, row by row (header row included)."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = ""
        elif tag == "br" and self._cell is not None:
            self._cell += "\n"

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.rows[-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def _grid(records):
    parser = _Cells()
    parser.feed(catalog.calls_table_html(records))
    return parser.rows


def test_framework_grid_has_one_row_per_loss_and_one_column_per_library():
    records = [r for r in catalog.CASES if r.task != "regression"]
    head, *rows = _grid(records)
    assert head == ["loss", "PyTorch", "Keras", "optax", "scikit-learn"]
    assert len(rows) == len(records)
    for record, row in zip(records, rows):
        title, call = row[0].split("\n")
        assert title == record.title
        assert call == catalog.framework_table([record])[0]["lossbook"]
        for library, cell in zip(head[1:], row[1:]):
            assert cell == record.frameworks.get(library, "—"), (record.name, library)


def test_framework_grid_drops_a_library_with_no_call_for_any_of_the_losses():
    records = [r for r in catalog.CASES if r.task != "regression" and "scikit-learn" not in r.frameworks]
    head, *_ = _grid(records)
    assert "scikit-learn" not in head and "PyTorch" in head
