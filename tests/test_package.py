"""The package as a user meets it: import cost, namespace, catalog integrity, reductions."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import lossbook
from lossbook import catalog
from lossbook._numerics.reduction import reduce_losses

ROOT = Path(__file__).resolve().parents[1]


def test_import_loads_no_heavy_dependency():
    code = (
        "import sys, lossbook; "
        "print(sorted(m for m in ('sympy', 'matplotlib', 'ipywidgets', 'mpmath', 'numba') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def _function(record):
    """The public function behind a record (a variant's numeric is that function with keywords)."""
    return getattr(record.numeric, "func", record.numeric)


def test_every_catalogued_loss_is_in_the_flat_namespace(record):
    assert getattr(lossbook, record.name) is _function(record)
    assert record.name in lossbook.__all__
    assert getattr(record.numeric, "keywords", {}) == record.keywords


def test_symbolic_definition_names_its_loss(record):
    # a variant's definition is named by its first alias (binary_cross_entropy_with_logits)
    assert record.definition().name == record.names[0]


def test_record_fields_are_meaningful(record):
    assert record.task in catalog.TASKS
    doc = _function(record).__doc__
    assert doc and "References" in doc
    assert all(f"{name} :" in doc for name in record.argument_names)
    assert all(f"{keyword} :" in doc for keyword in record.keywords)


def test_reference_key_is_in_the_bibliography(record):
    bibliography = (ROOT / "book" / "references.bib").read_text()
    assert re.search(r"@\w+\{" + re.escape(record.reference) + ",", bibliography)


def test_aliases_resolve_and_unknown_names_explain():
    assert catalog.get("mse") is catalog.get("mean_squared_error")
    with pytest.raises(KeyError, match="known names"):
        catalog.get("mean_squirrel_error")


def test_framework_table_has_a_row_per_way_to_call_a_loss():
    rows = catalog.framework_table()
    assert [row["loss"] for row in rows] == [record.title for record in catalog.CASES]
    assert all(row["lossbook"].startswith("lossbook.") for row in rows)
    logits = next(row for row in rows if row["loss"] == "Binary cross-entropy from logits")
    assert logits["lossbook"] == "lossbook.binary_cross_entropy(y_true, y_pred, from_logits=True)"
    # the call the table shows is the call that runs
    y, z = np.array([1.0, 0.0]), np.array([2.0, -1.0])
    assert eval(logits["lossbook"], {"lossbook": lossbook, "y_true": y, "y_pred": z}) == pytest.approx(
        lossbook.binary_cross_entropy(y, 1 / (1 + np.exp(-z))), rel=1e-15)


def test_mean_does_not_overflow_when_the_true_mean_is_representable():
    losses = np.array([1.5e308, 1.5e308, 0.0])
    assert reduce_losses(losses, "mean") == pytest.approx(1e308, rel=1e-15)
    assert np.isinf(reduce_losses(losses, "sum"))


def test_float32_mean_stays_float32():
    assert reduce_losses(np.ones(3, dtype=np.float32), "mean").dtype == np.float32
