"""Every catalogued function's docstring shows its definition as printed from SymPy, unchanged."""

import pytest

from lossbook import catalog
from lossbook.testing.docstrings import current_block, expected_block, functions_and_cases, synced_source

FUNCTIONS = functions_and_cases(catalog.CASES)


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.__name__)
def test_docstring_definition_is_printed_from_sympy(function):
    assert current_block(function) == expected_block(FUNCTIONS[function]), (
        f"the definition in {function.__name__}'s docstring is not the SymPy one: "
        "run python scripts/sync-docstring-formulas"
    )


def test_sync_replaces_a_stale_block_and_keeps_the_rest():
    source = (
        'def f(y_true, y_pred):\n    """One line.\n\n    Notes\n    -----\n'
        "    Definition, printed from ``m.f()``:\n\n    .. math:: x^2\n\n    Evaluated stably.\n    \"\"\"\n"
    )
    block = "Definition, printed from ``m.f()``:\n\n.. math:: \\ell = y^2\n"
    new = synced_source(source, "f", block)
    assert "x^2" not in new and ".. math:: \\ell = y^2\n\n    Evaluated stably." in new
    assert new.startswith('def f(y_true, y_pred):\n    r"""One line.')
    assert synced_source(new, "f", block) == new
