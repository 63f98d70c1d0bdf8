"""Every other form of a definition equals the definition at 50 digits.

A loss may carry a floating-point form (what the browser's JavaScript is
printed from) and a display form (what the book and the API page print); each
must be the same function as the definition the NumPy code is tested against.
"""

import dataclasses

import mpmath
import numpy as np
import pytest
import sympy as sp

from lossbook import catalog
from lossbook.symbolic import SymbolicLoss
from lossbook.symbolic.embedding import RowLoss, expand_named
from lossbook.testing import domain_of, param_grid

FORMS = [
    pytest.param(record, form, id=f"{record.label}-{form}")
    for record in catalog.CASES
    if isinstance(record.definition(), SymbolicLoss)
    for form in ("float_form", "display_form")
    if getattr(record.definition(), form) is not None
]


@pytest.mark.parametrize("loss, form", FORMS)
def test_form_equals_definition(loss, form):
    record = loss
    definition = record.definition()
    exact = sp.lambdify(definition.symbols, definition.expr, modules="mpmath")
    other = sp.lambdify(definition.symbols, getattr(definition, form), modules="mpmath")
    inputs = domain_of(record).sample_inputs(np.random.default_rng(0), 40)
    with mpmath.workdps(60):
        for params in param_grid(record) or [{}]:
            for values in zip(*(np.ravel(v) for v in inputs.values())):
                args = [mpmath.mpf(float(v)) for v in values] + [mpmath.mpf(v) for v in params.values()]
                want, got = exact(*args), other(*args)
                assert mpmath.almosteq(got, want, rel_eps=mpmath.mpf(10) ** -50, abs_eps=mpmath.mpf(10) ** -55), (
                    f"{record.label} {form} {params} at {values}: {got}, definition {want}"
                )


def test_display_forms_print_as_written():
    assert r"\left|{\hat{y} - y}\right| - \frac{\delta}{2}" in catalog.get("huber_loss").definition().latex()
    assert r"\tau \left(y - \hat{y}\right)" in catalog.get("quantile_loss").definition().latex()


ROW_DISPLAYS = [
    pytest.param(record, id=record.label)
    for record in catalog.CASES
    if isinstance(record.definition(), RowLoss) and record.definition().display_form is not None
]


@pytest.mark.parametrize("loss", ROW_DISPLAYS)
def test_row_display_form_equals_definition(loss):
    """The textbook form with named pieces (d, cos), expanded, is the loss the NumPy code is tested against."""
    record = loss
    definition = record.definition()
    shown = dataclasses.replace(definition, expr=expand_named(definition.display_form), reference_form=None,
                                variants={}, display_form=None)
    inputs = domain_of(record).sample_inputs(np.random.default_rng(1), 6)
    for params in param_grid(record) or [{}]:
        if any(params.get(option) for option in definition.variants):
            continue  # the display form shows the default (swap=False)
        want = definition.reference(*inputs.values(), **params)
        got = shown.reference(*inputs.values(), **params)
        for g, w in zip(got.ravel(), want.ravel()):
            assert mpmath.almosteq(g, w, rel_eps=mpmath.mpf(10) ** -45, abs_eps=mpmath.mpf(10) ** -48), (
                f"{record.label} display form {params}: {g}, definition {w}"
            )


def test_row_display_forms_name_their_pieces():
    assert catalog.get("triplet_margin_loss").definition().latex().endswith(
        r"\max\left(0, d\left(\mathbf{a}, \mathbf{p}\right) - d\left(\mathbf{a}, \mathbf{n}\right) + m\right)")
    assert r"\cos\left(\mathbf{a}_{i}, \mathbf{p}_{j}\right)" in catalog.get("info_nce").definition().latex()
