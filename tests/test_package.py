"""The package as a user meets it: import cost, namespace, catalog integrity, reductions."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import lossbook
from lossbook import catalog
from lossbook._reduction import reduce_losses

ROOT = Path(__file__).resolve().parents[1]


def test_import_loads_no_heavy_dependency():
    code = (
        "import sys, lossbook; "
        "print(sorted(m for m in ('sympy', 'matplotlib', 'ipywidgets', 'mpmath') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_every_catalogued_loss_is_in_the_flat_namespace(record):
    assert getattr(lossbook, record.name) is record.numeric
    assert record.name in lossbook.__all__


def test_symbolic_definition_names_its_loss(record):
    assert record.definition().name == record.name


def test_record_fields_are_meaningful(record):
    assert record.task in catalog.TASKS
    assert record.numeric.__doc__ and "References" in record.numeric.__doc__
    assert "(y_true, y_pred" in record.numeric.__doc__ or "y_true :" in record.numeric.__doc__


def test_reference_key_is_in_the_bibliography(record):
    bibliography = (ROOT / "book" / "references.bib").read_text()
    assert re.search(r"@\w+\{" + re.escape(record.reference) + ",", bibliography)


def test_aliases_resolve_and_unknown_names_explain():
    assert catalog.get("mse") is catalog.get("mean_squared_error")
    with pytest.raises(KeyError, match="known names"):
        catalog.get("mean_squirrel_error")


def test_framework_table_has_a_row_per_loss():
    rows = catalog.framework_table()
    assert [row["loss"] for row in rows] == [record.title for record in catalog.LOSSES]
    assert all(row["lossbook"].startswith("lossbook.") for row in rows)


def test_mean_does_not_overflow_when_the_true_mean_is_representable():
    losses = np.array([1.5e308, 1.5e308, 0.0])
    assert reduce_losses(losses, "mean") == pytest.approx(1e308, rel=1e-15)
    assert np.isinf(reduce_losses(losses, "sum"))


def test_float32_mean_stays_float32():
    assert reduce_losses(np.ones(3, dtype=np.float32), "mean").dtype == np.float32
