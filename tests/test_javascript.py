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
    named = domain_of(record).hard_inputs(np.float64)  # (y_true, y_pred), or a GAN loss's scores
    with np.errstate(over="ignore"):
        first, last = list(named.values())[0], list(named.values())[-1]
        representable = np.isfinite(last - first)
    named = {name: value[representable] for name, value in named.items()}
    for params in param_grid(record) or [{}]:
        expected = record.numeric(**named, reduction="none", **params)
        inputs = [[*map(float, element), *params.values()] for element in zip(*(v.ravel() for v in named.values()))]
        got = run_function(function, inputs)
        bad = [
            f"{dict(zip(named, element))}: JavaScript {g!r}, lossbook {w!r}"
            for element, g, w in zip(inputs, got, expected.ravel())
            if not _agree(float(g), float(w))
        ]
        assert not bad, f"{record.name} {params}: {len(bad)} of {len(inputs)} differ:\n" + "\n".join(bad[:8])
