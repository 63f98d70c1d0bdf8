"""Every catalogued loss against its SymPy definition at 50 digits, on hard inputs."""

import numpy as np
import pytest

from lossbook.testing import domain_of, mismatches, param_grid

RTOL = {np.float64: 1e-15, np.float32: 1e-6}


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
def test_per_sample_losses_match_definition(record, dtype):
    definition = record.definition()
    inputs = domain_of(record).hard_inputs(dtype)
    for params in param_grid(record):
        losses = record.numeric(**inputs, reduction="none", **params)
        assert losses.dtype == dtype
        reference = definition.reference(*inputs.values(), **params)
        problems = mismatches(losses, reference, rtol=RTOL[dtype])
        assert not problems, f"{record.name} {params}:\n" + "\n".join(problems[:10])


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_reduced_cost_matches_definition(record, reduction):
    definition = record.definition()
    inputs = domain_of(record).hard_inputs(np.float64)
    for params in param_grid(record):
        finite = np.isfinite(record.numeric(**inputs, reduction="none", **params))
        # Reduce over the samples whose losses are all finite (the cost of an
        # overflowing sample is inf, which the per-sample test already covers).
        sample_axes = tuple(range(finite.ndim))[1:]
        keep = finite.all(axis=sample_axes) if sample_axes else finite
        kept = {name: value[keep] for name, value in inputs.items()}
        cost = record.numeric(**kept, reduction=reduction, **params)
        reference = definition.cost_reference(*kept.values(), reduction=reduction, **params)
        problems = mismatches(np.asarray(cost), np.array(reference, dtype=object), rtol=1e-15)
        assert not problems, f"{record.name} {reduction} {params}: {problems}"
