"""Bad input raises an error that names the argument — for every catalogued loss."""

import re

import numpy as np
import pytest

from domains import default_params, domain_of


def _valid(record):
    return domain_of(record).sample(np.random.default_rng(0), 4)


def _call(record, y_true, y_pred, **kwargs):
    return record.numeric(y_true, y_pred, **default_params(record), **kwargs)


def test_column_vector_against_flat_vector_is_rejected(record):
    # A trailing axis of length 1: (4,) against (4, 1) for elementwise losses,
    # (4, K) against (4, K, 1) for losses over a class axis.
    y_true, y_pred = _valid(record)
    column = y_pred[..., np.newaxis]
    with pytest.raises(ValueError, match=r"same shape.*y_pred " + re.escape(str(column.shape))):
        _call(record, y_true, column)
    with pytest.raises(ValueError, match=r"same shape"):
        _call(record, y_true[..., np.newaxis], y_pred)


def test_other_shape_mismatch_is_rejected(record):
    y_true, y_pred = _valid(record)
    with pytest.raises(ValueError, match="same shape"):
        _call(record, y_true, np.concatenate([y_pred, y_pred]))


@pytest.mark.parametrize("argument", ["y_true", "y_pred"])
@pytest.mark.parametrize("bad, message", [(np.nan, "NaN"), (np.inf, "finite"), (-np.inf, "finite")])
def test_nan_and_infinity_are_rejected(record, argument, bad, message):
    inputs = dict(zip(("y_true", "y_pred"), _valid(record)))
    inputs[argument] = np.array(inputs[argument], dtype=float)  # integer class labels cannot hold NaN
    inputs[argument].flat[2] = bad
    with pytest.raises(ValueError, match=f"{argument} .*{message}"):
        _call(record, inputs["y_true"], inputs["y_pred"])


@pytest.mark.parametrize("argument", ["y_true", "y_pred"])
def test_empty_input_is_rejected(record, argument):
    inputs = dict(zip(("y_true", "y_pred"), _valid(record)))
    inputs[argument] = inputs[argument][:0]
    with pytest.raises(ValueError, match=f"{argument} is empty"):
        _call(record, inputs["y_true"], inputs["y_pred"])


@pytest.mark.parametrize("argument", ["y_true", "y_pred"])
@pytest.mark.parametrize("bad", [["a", "b", "c", "d"], "1.0", [1 + 2j] * 4, [object()] * 4])
def test_non_numeric_input_is_rejected(record, argument, bad):
    inputs = dict(zip(("y_true", "y_pred"), _valid(record)))
    inputs[argument] = bad
    with pytest.raises(TypeError, match=f"{argument} must"):
        _call(record, inputs["y_true"], inputs["y_pred"])


def test_unknown_reduction_is_rejected(record):
    y_true, y_pred = _valid(record)
    with pytest.raises(ValueError, match="reduction must be one of"):
        _call(record, y_true, y_pred, reduction="average")
