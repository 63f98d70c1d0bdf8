"""Numbers in the chapters' prose (lossbook._prose.fmt) and the chapters' use of it."""

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from IPython.core.formatters import PlainTextFormatter

from lossbook._prose import Prose, fmt

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "book").glob("[!_]*.ipynb"))


@pytest.mark.parametrize(
    ("value", "spec", "text"),
    [
        (1e14, ".1e", "1.0 × 10¹⁴"),
        (1e14, "g", "1 × 10¹⁴"),
        (7e-05, ".1e", "7.0 × 10⁻⁵"),
        (9.08e-05, ".2g", "9.1 × 10⁻⁵"),
        (6.25e8, "g", "6.25 × 10⁸"),
        (1e-300, "", "1 × 10⁻³⁰⁰"),
        (-6.0, "g", "−6"),
        (-0.81, "+.1f", "−0.8"),
        (0.81, "+.1f", "+0.8"),
        (-2.5e-7, ".1e", "−2.5 × 10⁻⁷"),
        (0.4321, ".0%", "43%"),
        (-0.05, ".1%", "−5.0%"),
        (24.3456, ".2f", "24.35"),
        (1234567, ",", "1,234,567"),
        (12.0, ".3g", "12"),
        (1e5, ".0e", "1 × 10⁵"),
        (2.0e0, ".1e", "2.0"),
        (float("inf"), "", "∞"),
        (float("-inf"), ".2f", "−∞"),
        (np.float64(-3.25), ".2f", "−3.25"),
        (np.float32(0.5), ".1f", "0.5"),
        (np.int64(-7), "d", "−7"),
        (np.array(1.5e-9), ".1e", "1.5 × 10⁻⁹"),
    ],
)
def test_numbers_read_as_people_write_them(value, spec, text):
    assert str(fmt(value, spec)) == text
    assert "e+" not in text and "e-" not in text and "-" not in str(fmt(value, spec))


@pytest.mark.parametrize("value", ["torch.nn.KLDivLoss(reduction='batchmean')", "0.12, 0.33, 0.55", "x - y"])
def test_text_is_shown_as_it_is(value):
    assert str(fmt(value)) == value  # strings keep their hyphens and quotes inside


def test_text_plain_representation_has_no_quotes():
    # What myst-nb and jupyterlab-myst show for an {eval} role is the text/plain
    # representation IPython computes; a str would show with quotes.
    plain = PlainTextFormatter()
    assert plain("1.0 × 10¹⁴") == "'1.0 × 10¹⁴'"
    assert plain(fmt(1e14, ".1e")) == "1.0 × 10¹⁴"
    assert repr(fmt(-1.0, "g")) == "−1"
    assert isinstance(fmt(1.0), Prose) and fmt(fmt(2.0)) == "2.0"


def test_bad_specs_still_fail():
    with pytest.raises(ValueError):
        fmt(1.5, "d")


def _inline_expressions(notebook):
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            for expression in re.findall(r"\{eval\}`([^`]+)`", cell.source):
                yield index, expression


@pytest.mark.parametrize("path", CHAPTERS, ids=[path.stem for path in CHAPTERS])
def test_chapters_quote_numbers_through_fmt(path):
    notebook = nbformat.read(path, as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "{glue" not in text, "glue roles render only in the built book, not in JupyterLab"
    for index, expression in _inline_expressions(notebook):
        assert re.fullmatch(r"fmt\(.+\)", expression), f"cell {index}: {{eval}}`{expression}` does not use fmt"


@pytest.mark.parametrize("path", CHAPTERS, ids=[path.stem for path in CHAPTERS])
def test_stored_prose_values_cover_every_expression(path):
    """The committed notebooks carry the value of every {eval} role (jupyterlab-myst's
    ``user_expressions`` metadata), written by scripts/execute-notebooks."""
    notebook = nbformat.read(path, as_version=4)
    for index, expression in _inline_expressions(notebook):
        stored = {item["expression"]: item["result"] for item in notebook.cells[index].metadata.get("user_expressions", [])}
        assert expression in stored, f"cell {index}: no stored value for {expression}; run scripts/execute-notebooks"
        assert stored[expression]["status"] == "ok", f"cell {index}: {expression} raised {stored[expression]}"
