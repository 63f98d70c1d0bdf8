r"""The definitions in the numeric functions' docstrings, printed from SymPy and kept in step.

Each catalogued function's docstring holds, in its Notes, a block printed
from the record's symbolic definition (its textbook ``display_form`` where it
has one), one formula per way to call it::

    Definition, printed from ``lossbook.symbolic.regression.huber_loss()``:

    .. math:: \ell\left(y, \hat{y}; \delta\right) = \begin{cases} ...

:func:`expected_block` prints that block; :func:`current_block` reads it from
the source; ``python scripts/sync-docstring-formulas`` writes every block, and
tests/test_docstring_formulas.py fails when one is out of step.  So no formula
that defines a loss is typed by hand.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from pathlib import Path

__all__ = ["MARKER", "expected_block", "current_block", "synced_source", "functions_and_cases"]

#: The first words of a definition block.
MARKER = "Definition, printed from "

_INDENT = " " * 4


def functions_and_cases(cases) -> dict:
    """``{numeric function: [its catalog cases]}``, a variant under its base function."""
    table: dict = {}
    for case in cases:
        function = getattr(case.numeric, "func", case.numeric)
        table.setdefault(function, []).append(case)
    return table


def _source_of(case) -> str:
    module, name = case.symbolic.split(":")
    return f"{module}.{name}()"


def expected_block(cases) -> str:
    """The definition block (unindented RST) for a function's catalog cases."""
    parts = []
    for case in cases:
        if case.keywords:
            keywords = ", ".join(f"{key}={value!r}" for key, value in case.keywords.items())
            lead = f"With ``{keywords}``, from ``{_source_of(case)}``:"
        else:
            lead = f"{MARKER}``{_source_of(case)}``:"
        parts.append(f"{lead}\n\n.. math:: {case.definition().latex()}\n")
    return "\n".join(parts)


def current_block(function) -> str | None:
    """The definition block in ``function``'s docstring (dedented), or None."""
    doc = inspect.getdoc(function) or ""
    start = doc.find(MARKER)
    if start < 0:
        return None
    return _block_at(doc, start)


def _block_at(text: str, start: int) -> str:
    """From ``start`` to the end of the last ``.. math::`` paragraph that continues the block."""
    lines = text[start:].split("\n")
    kept, expect_more = [], True
    for line in lines:
        stripped = line.strip()
        if not expect_more and stripped and not stripped.startswith(("With ``", ".. math::")):
            break
        kept.append(line)
        if stripped.startswith(".. math::"):
            expect_more = False
        elif stripped.startswith("With ``") or stripped.startswith(MARKER):
            expect_more = True
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept) + "\n"


def synced_source(source: str, function_name: str, block: str) -> str:
    """``source`` with the definition block of ``def function_name`` replaced by (or given) ``block``."""
    match = re.search(rf'^def {re.escape(function_name)}\(.*?\n    (r?)"""', source, re.S | re.M)
    if match is None:
        raise ValueError(f"no docstring found for {function_name}")
    doc_start = match.end()
    doc_end = source.index('"""', doc_start)
    doc = source[doc_start:doc_end]
    indented = textwrap.indent(block, _INDENT, lambda line: line.strip() != "")
    if MARKER in doc:
        start = doc.index(MARKER)
        start = doc.rindex("\n", 0, start) + 1
        old = _block_at(doc, start)
        doc = doc[:start] + indented + doc[start + len(old):]
    elif "Notes\n    -----\n" in doc:
        doc = doc.replace("Notes\n    -----\n", "Notes\n    -----\n" + indented + "\n", 1)
    else:
        doc = doc.rstrip() + "\n\n    Notes\n    -----\n" + indented + "    "
    prefix = source[:match.start(1)] + "r" + '"""' if not match.group(1) else source[:doc_start]
    return prefix + doc + source[doc_end:]


def sync_file(path: Path, functions: dict) -> bool:
    """Write the blocks of ``functions`` (name → block) into ``path``; True if it changed."""
    source = path.read_text()
    new = source
    for name, block in functions.items():
        new = synced_source(new, name, block)
    if new != source:
        path.write_text(new)
    return new != source
