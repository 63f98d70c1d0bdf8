"""Every loss gives the same values whatever the memory layout of its inputs.

The fast paths work on raw buffers (blocks, reshapes, flat indices); a view
that is Fortran-ordered, strided or reversed must give the same losses, at
sizes that take the small path and sizes that span several blocks.  A view
the fast path does not take goes to the careful path, which may round a
loss differently in the last bit: hence a tolerance of a few ulps, far
below any layout bug (a misread buffer changes losses in their leading digits).
"""

import numpy as np
import pytest

from lossbook.testing import default_params, domain_of


RTOL = 1e-15  # a few ulps


def _layouts(array: np.ndarray) -> dict:
    """The same values as ``array`` in other memory layouts."""
    layouts = {"fortran": np.asfortranarray(array)}
    padded = np.zeros((2 * array.shape[0],) + array.shape[1:], dtype=array.dtype)
    padded[::2] = array
    layouts["every other row"] = padded[::2]
    reversed_copy = np.ascontiguousarray(array[::-1])
    layouts["reversed view"] = reversed_copy[::-1]
    return layouts


@pytest.mark.parametrize("n", [6, 70_000], ids=["small", "several blocks"])
@pytest.mark.parametrize("layout", ["fortran", "every other row", "reversed view"])
def test_layout_does_not_change_the_loss(record, n, layout):
    if record.name in {"info_nce", "nt_xent"} and n > 1000:
        pytest.skip("an N x N table: the small size covers the layouts")
    inputs = domain_of(record).sample_inputs(np.random.default_rng(1), n)
    params = default_params(record)
    expected = record.numeric(**inputs, reduction="none", **params)
    expected_mean = record.numeric(**inputs, **params)
    for name in inputs:  # one argument in the other layout at a time, then all of them
        changed = {**inputs, name: _layouts(inputs[name])[layout]}
        np.testing.assert_allclose(record.numeric(**changed, reduction="none", **params), expected,
                                   rtol=RTOL, atol=0, err_msg=f"{name} {layout}")
    every = {name: _layouts(value)[layout] for name, value in inputs.items()}
    np.testing.assert_allclose(record.numeric(**every, **params), expected_mean, rtol=RTOL, atol=0)
