"""The JavaScript the explorers evaluate, printed from SymPy, against lossbook on the hard input grids.

Each catalogued per-element loss is printed as JavaScript from its
floating-point form and run under Node.js on the record's hard grid (every
hyper-parameter value the catalog tries); its values must equal lossbook's
(which the accuracy tests hold to the 50-digit definition).  The floating-point
forms themselves are checked against the definitions at 50 digits.

The browser computes residuals ``y_pred - y_true`` directly, so pairs whose
residual overflows (±1.7e308 against ∓1.7e308, which lossbook rescales) are
left out: no explorer control reaches them.
"""

import math

import numpy as np
import pytest

from lossbook import catalog
from lossbook.symbolic import SymbolicLoss
from lossbook.testing import domain_of, param_grid
from lossbook.widgets._node import node_available, run_function

ELEMENTWISE = [record for record in catalog.CASES if isinstance(record.definition(), SymbolicLoss)]
RTOL = 1e-13


def _agree(got: float, want: float) -> bool:
    if math.isnan(want):
        return math.isnan(got)
    if math.isinf(want) or math.isinf(got):
        return got == want
    return math.isclose(got, want, rel_tol=RTOL, abs_tol=5e-324)


@pytest.mark.skipif(not node_available(), reason="Node.js is needed to run the generated JavaScript")
@pytest.mark.parametrize("loss", ELEMENTWISE, ids=lambda record: record.label)
def test_generated_javascript_matches_lossbook_on_hard_grid(loss):
    record = loss
    definition = record.definition()
    function = definition.javascript()
    y_true, y_pred = domain_of(record).hard_inputs(np.float64).values()
    with np.errstate(over="ignore"):
        representable = np.isfinite(y_pred - y_true)
    y_true, y_pred = y_true[representable], y_pred[representable]
    for params in param_grid(record) or [{}]:
        expected = record.numeric(y_true, y_pred, reduction="none", **params)
        inputs = [[float(t), float(p), *params.values()] for t, p in zip(y_true.ravel(), y_pred.ravel())]
        got = run_function(function, inputs)
        bad = [
            f"y_true={t!r}, y_pred={p!r}: JavaScript {g!r}, lossbook {w!r}"
            for (t, p, *_), g, w in zip(inputs, got, expected.ravel())
            if not _agree(float(g), float(w))
        ]
        assert not bad, f"{record.name} {params}: {len(bad)} of {len(inputs)} differ:\n" + "\n".join(bad[:8])
