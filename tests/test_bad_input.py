"""Bad input raises an error that names the argument — for every catalogued loss and every argument."""

import re

import numpy as np
import pytest

from lossbook.testing import default_params, domain_of


def _valid(record) -> dict:
    return domain_of(record).sample_inputs(np.random.default_rng(0), 4)


def _call(record, inputs, **kwargs):
    return record.numeric(**inputs, **default_params(record), **kwargs)


def _skip_single_argument(record):
    if len(record.argument_names) < 2:
        pytest.skip(f"{record.name} takes one array: no two shapes to disagree")


def test_trailing_axis_on_one_argument_is_rejected(record):
    # A trailing axis of length 1 on one argument: (4,) against (4, 1) for elementwise
    # losses, (4, K) against (4, K, 1) for losses over a class or embedding axis.
    _skip_single_argument(record)
    inputs = _valid(record)
    for index, name in enumerate(record.argument_names):
        column = inputs[name][..., np.newaxis]
        expected = "same shape" if index == 0 else r"same shape.*" + name + " " + re.escape(str(column.shape))
        with pytest.raises(ValueError, match=expected):
            _call(record, {**inputs, name: column})


def test_other_shape_mismatch_is_rejected(record):
    _skip_single_argument(record)
    inputs = _valid(record)
    for name in record.argument_names:
        with pytest.raises(ValueError, match="same shape"):
            _call(record, {**inputs, name: np.concatenate([inputs[name], inputs[name]])})


@pytest.mark.parametrize("bad, message", [(np.nan, "NaN"), (np.inf, "finite"), (-np.inf, "finite")])
def test_nan_and_infinity_are_rejected(record, bad, message):
    for name in record.argument_names:
        inputs = _valid(record)
        inputs[name] = np.array(inputs[name], dtype=float)  # integer class labels cannot hold NaN
        inputs[name].flat[2] = bad
        with pytest.raises(ValueError, match=f"{name} .*{message}"):
            _call(record, inputs)


def test_empty_input_is_rejected(record):
    for name in record.argument_names:
        inputs = _valid(record)
        inputs[name] = inputs[name][:0]
        with pytest.raises(ValueError, match=f"{name} is empty"):
            _call(record, inputs)


@pytest.mark.parametrize("bad", [["a", "b", "c", "d"], "1.0", [1 + 2j] * 4, [object()] * 4])
def test_non_numeric_input_is_rejected(record, bad):
    for name in record.argument_names:
        with pytest.raises(TypeError, match=f"{name} must"):
            _call(record, {**_valid(record), name: bad})


def test_unknown_reduction_is_rejected(record):
    with pytest.raises(ValueError, match="reduction must be one of"):
        _call(record, _valid(record), reduction="average")


def test_domain_gives_the_records_arguments(record):
    assert domain_of(record).arguments == record.argument_names
