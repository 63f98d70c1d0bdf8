"""The framework code the classification chapters show in tabs runs, and every tab prints the same numbers.

A chapter shows one computation per library in a sphinx-design ``{tab-set}``:
one ``{tab-item}`` per library, each holding a ``python`` code block that
prints its result.  The book is built without the frameworks, so the blocks
are not executed there; this test extracts them from the notebooks, runs
each one where its library is installed (skipping it cleanly otherwise) and
checks that it prints the same numbers as the set's lossbook tab, to float32
precision.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest

BOOK = Path(__file__).resolve().parents[1] / "book"
CHAPTERS = ("classification-binary", "classification-multiclass", "classification-multilabel",
            "calibration")
_OPEN = re.compile(r"^(`{3,}|:{3,})\{(tab-set|tab-item)\}\s*(.*)$")
_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def _blocks(lines, name):
    """(argument, body lines) of every ``{name}`` directive at the top level of ``lines``."""
    found, k = [], 0
    while k < len(lines):
        match = _OPEN.match(lines[k])
        if match and match.group(2) == name:
            fence, end = match.group(1), k + 1
            while lines[end].rstrip() != fence:
                end += 1
            found.append((match.group(3).strip(), lines[k + 1:end]))
            k = end
        k += 1
    return found


def _python(lines):
    """The ``python`` code block inside a tab item."""
    text = "\n".join(lines)
    match = re.search(r"^```python\n(.*?)^```$", text, flags=re.S | re.M)
    assert match, f"no ```python block in:\n{text}"
    return match.group(1)


def tab_sets():
    """``(chapter, index, {tab: code})`` for every tab set of code in the chapters."""
    for chapter in CHAPTERS:
        cells = json.loads((BOOK / f"{chapter}.ipynb").read_text())["cells"]
        markdown = [line for cell in cells if cell["cell_type"] == "markdown"
                    for line in "".join(cell["source"]).splitlines()]
        for index, (_, body) in enumerate(_blocks(markdown, "tab-set")):
            yield chapter, index, {tab: _python(item) for tab, item in _blocks(body, "tab-item")}


SETS = list(tab_sets())
CASES = [(chapter, index, tab, tabs) for chapter, index, tabs in SETS for tab in tabs if tab != "lossbook"]


def _modules(code):
    return {m.group(1) for m in re.finditer(r"^\s*(?:import|from)\s+(\w+)", code, flags=re.M)}


def _printed_numbers(code):
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(code, "<snippet>", "exec"), {})
    text = output.getvalue()
    numbers = [float(n) for n in _NUMBER.findall(text)]
    assert numbers, f"the snippet printed no number:\n{text}"
    return numbers


def test_the_chapters_have_tab_sets_with_a_lossbook_tab_each():
    assert {chapter for chapter, _, _ in SETS} == set(CHAPTERS)
    for chapter, index, tabs in SETS:
        assert "lossbook" in tabs and len(tabs) >= 2, (chapter, index, list(tabs))


@pytest.mark.parametrize("chapter, index, tab, tabs", CASES,
                         ids=[f"{chapter}-{index}-{tab}" for chapter, index, tab, _ in CASES])
def test_tab_prints_what_lossbook_prints(chapter, index, tab, tabs):
    code = tabs[tab]
    missing = sorted(m for m in _modules(code) if importlib.util.find_spec(m) is None)
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed")
    expected = _printed_numbers(tabs["lossbook"])
    found = _printed_numbers(code)
    assert len(found) == len(expected), (found, expected)
    np.testing.assert_allclose(found, expected, rtol=2e-6, atol=1e-7)
