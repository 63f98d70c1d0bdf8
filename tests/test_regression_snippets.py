"""The framework tabs of the foundations and regression chapters run and print what they say.

Each ``{tab-item}`` of those chapters holds a Python code block that ends with
an ``# output:`` comment giving the lines it prints.  The block is run in a
fresh interpreter (so each framework is imported as a reader would import it,
Keras on its JAX backend) and its output compared with those lines.  A block
whose imports are not installed is skipped.
"""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ("what-is-a-loss", "regression-mae-mse", "regression-robust", "regression-in-practice")
TAB_BLOCK = re.compile(r"````\{tab-item\} ([^\n]+)\n(?::[^\n]*\n)*```python\n(.*?)```\n", re.S)


def snippets():
    for chapter in CHAPTERS:
        notebook = nbformat.read(ROOT / "book" / f"{chapter}.ipynb", as_version=4)
        for cell in notebook.cells:
            if cell.cell_type != "markdown":
                continue
            for number, (tab, code) in enumerate(TAB_BLOCK.findall(cell.source)):
                yield pytest.param(code, id=f"{chapter}-{cell.get('id')}-{number}-{tab.strip()}")


SNIPPETS = list(snippets())


def test_the_chapters_have_framework_tabs():
    assert len(SNIPPETS) >= 6


def _expected_output(code: str) -> list[str]:
    head, marker, tail = code.partition("# output:\n")
    assert marker, "a framework tab must end with an '# output:' comment listing what it prints"
    lines = tail.strip("\n").splitlines()
    assert lines and all(line.startswith("#") for line in lines), tail
    return [line[2:] if line.startswith("# ") else line[1:] for line in lines]


def _modules(code: str) -> set[str]:
    return set(re.findall(r"^(?:import|from) (\w+)", code, re.M))


@pytest.mark.parametrize("code", SNIPPETS)
def test_tab_prints_what_it_says(code):
    expected = _expected_output(code)
    missing = [name for name in _modules(code) if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")
    environment = {**os.environ, "KERAS_BACKEND": "jax", "PYTHONPATH": str(ROOT), "JAX_PLATFORMS": "cpu"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env=environment, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip("\n").splitlines() == expected, result.stdout
