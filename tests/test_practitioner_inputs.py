"""Inputs that look fine to a practitioner get a right answer or an error naming the argument and the fix.

Masked arrays, pandas objects, ``None`` inside a list, PyTorch tensors that
require grad or are bfloat16, JAX tracers, a label 2 in binary cross-entropy,
integer labels given to categorical cross-entropy, misspelt or framework
keywords — and one dtype rule for labels and predictions.
"""

import inspect

import numpy as np
import pytest

import lossbook as lb
from lossbook.testing import default_params, domain_of

RNG = np.random.default_rng(12)

#: Every public loss (the callables of lossbook.losses.__all__, which lossbook's namespace re-exports).
LOSSES = [name for name in lb.losses.__all__ if callable(getattr(lb, name)) and name in lb.__all__]


def _valid(record) -> dict:
    return domain_of(record).sample_inputs(np.random.default_rng(0), 4)


def _call(record, inputs, **kwargs):
    return record.numeric(**inputs, **default_params(record), **kwargs)


def _float(values) -> np.ndarray:
    return np.array(values, dtype=float)


# ----------------------------------------------------------------- masked arrays
def test_masked_entries_are_refused_not_read():
    y = np.ma.masked_array([1.0, 2.0, 100.0], mask=[0, 0, 1])
    p = np.ma.masked_array([1.0, 2.0, 3.0], mask=[0, 0, 1])
    assert lb.mean_squared_error(y.data, p.data) > 3000  # what ignoring the mask would give
    with pytest.raises(ValueError, match=r"y_true is a masked array with 1 masked entries \(the first at index 2\)"
                                         r".*sample_weight=~np.ma.getmaskarray\(y_true\).*compressed\(\)"):
        lb.mean_squared_error(y, p)


def test_masked_array_with_nothing_masked_is_its_data():
    y = np.ma.masked_array([1.0, 0.0], mask=False)
    assert lb.binary_cross_entropy(y, [0.8, 0.3]) == lb.binary_cross_entropy([1.0, 0.0], [0.8, 0.3])


def test_masked_entries_are_refused_for_every_loss_and_argument(record):
    for name in record.argument_names:
        inputs = _valid(record)
        mask = np.zeros(np.shape(inputs[name]), dtype=bool)
        mask.flat[1] = True
        inputs[name] = np.ma.masked_array(inputs[name], mask=mask)
        with pytest.raises(ValueError, match=f"{name} is a masked array.*sample_weight"):
            _call(record, inputs)


# ----------------------------------------------------------------- None and other non-numbers
def test_none_is_named_with_its_index():
    with pytest.raises(TypeError, match=r"y_pred must hold real numbers for mean_absolute_error; found None at index 1"):
        lb.mean_absolute_error([1.0, 2.0, 3.0], [1.0, None, 3.0])
    with pytest.raises(TypeError, match=r"found None at index \(1, 0\)"):
        lb.categorical_cross_entropy([[1, 0], [None, 1]], [[0.5, 0.5], [0.5, 0.5]])


def test_none_is_named_for_every_loss_and_argument(record):
    for name in record.argument_names:
        inputs = _valid(record)
        bad = np.array(inputs[name], dtype=object)
        bad.flat[2] = None
        with pytest.raises(TypeError, match=f"{name} must hold real numbers.*found None at index"):
            _call(record, {**inputs, name: bad})


def test_other_non_numbers_are_named():
    with pytest.raises(TypeError, match=r"found 'cat' \(type str\) at index 1"):
        lb.mean_squared_error(np.array([1.0, "cat"], dtype=object), [1.0, 2.0])
    with pytest.raises(TypeError, match=r"'b' at index 1 is not a number"):
        lb.mean_squared_error(["1", "b", "3"], [1.0, 2.0, 3.0])  # a string array: the first non-number
    with pytest.raises(TypeError, match=r"numbers written as text"):
        lb.mean_squared_error(["1", "2"], [1.0, 2.0])


def test_object_array_of_numbers_is_accepted():
    values = np.array([1, 2.5, np.float32(3)], dtype=object)
    assert lb.mean_squared_error(values, [1.0, 2.5, 3.0]) == 0.0


# ----------------------------------------------------------------- PyTorch and JAX
def _torch_message(name: str, loss: str) -> str:
    return (rf"{name} is a .*PyTorch tensor.* for {loss}; lossbook computes with NumPy and is not differentiable"
            rf".*{name}\.detach\(\).*cpu\(\)\.numpy\(\).*torch's own loss.*lossbook\.explain\('{loss}'\)")


def test_tensor_that_requires_grad_is_refused():
    torch = pytest.importorskip("torch")
    y_pred = torch.tensor([0.8, 0.3], requires_grad=True)
    with pytest.raises(TypeError, match="requires grad"):
        lb.binary_cross_entropy([1.0, 0.0], y_pred)
    with pytest.raises(TypeError, match=_torch_message("y_pred", "binary_cross_entropy")):
        lb.binary_cross_entropy([1.0, 0.0], y_pred)


def test_explain_is_offered_only_where_it_knows_the_loss():
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError, match=r"detach\(\)\.cpu\(\)\.numpy\(\) \(float32/float64\), for training use torch's own "
                                        r"loss$"):
        lb.gradient_penalty(torch.ones(2, 3, requires_grad=True))
    assert lb.explain("huber_loss").lossbook_call  # the pointer the tensor error gives for a catalogued loss


def test_bfloat16_tensor_is_refused():
    torch = pytest.importorskip("torch")
    y_pred = torch.tensor([1.0, 2.0], dtype=torch.bfloat16)
    with pytest.raises(TypeError, match=r"bfloat16 PyTorch tensor.*y_pred\.detach\(\)\.float\(\)\.cpu\(\)\.numpy\(\)"):
        lb.mean_squared_error([1.0, 2.0], y_pred)


def test_bfloat16_jax_array_is_refused():
    jnp = pytest.importorskip("jax.numpy")
    with pytest.raises(TypeError, match=r"y_true must hold real numbers.*found dtype bfloat16.*astype\(numpy\.float32\)"):
        lb.mean_squared_error(jnp.ones(2, dtype=jnp.bfloat16), [1.0, 1.0])


def test_plain_cpu_tensors_keep_working():
    torch = pytest.importorskip("torch")
    y, p = torch.tensor([1.0, 0.0]), torch.tensor([0.8, 0.3], dtype=torch.float64)
    assert lb.binary_cross_entropy(y, p) == lb.binary_cross_entropy([1.0, 0.0], [0.8, 0.3])
    assert lb.sparse_categorical_cross_entropy(torch.tensor([1]), torch.tensor([[0.25, 0.75]])).dtype == np.float32


def test_tensors_are_refused_for_every_loss_and_argument(record):
    torch = pytest.importorskip("torch")
    for name in record.argument_names:
        inputs = _valid(record)
        tensor = torch.tensor(_float(inputs[name]), requires_grad=True)
        with pytest.raises(TypeError, match=_torch_message(name, record.name)):
            _call(record, {**inputs, name: tensor})


def test_jax_tracer_is_refused():
    jax = pytest.importorskip("jax")

    def loss(p):
        return lb.mean_squared_error(np.array([1.0, 2.0]), p)

    with pytest.raises(TypeError, match=r"y_pred is a JAX tracer for mean_squared_error.*not differentiable by JAX"):
        jax.grad(loss)(jax.numpy.array([1.0, 2.5]))
    with pytest.raises(TypeError, match=r"y_pred is a JAX tracer"):
        jax.jit(loss)(jax.numpy.array([1.0, 2.5]))
    assert loss(jax.numpy.array([1.0, 2.5])) == pytest.approx(0.125)  # concrete JAX arrays convert


# ----------------------------------------------------------------- pandas
def test_pandas_with_different_indexes_is_refused():
    pd = pytest.importorskip("pandas")
    y_true = pd.Series([1.0, 2.0, 3.0], index=["a", "b", "c"])
    y_pred = pd.Series([3.0, 2.0, 1.0], index=["c", "b", "a"])  # equal to y_true label by label
    with pytest.raises(ValueError, match=r"y_true and y_pred are pandas objects with different indexes for "
                                         r"mean_squared_error.*y_pred\.reindex\(y_true\.index\).*to_numpy\(\)"):
        lb.mean_squared_error(y_true, y_pred)
    assert lb.mean_squared_error(y_true, y_pred.reindex(y_true.index)) == 0.0
    assert lb.mean_squared_error(y_true, y_pred.sort_index()) == 0.0


def test_pandas_with_equal_indexes_and_columns():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"a": [1.0, 0.0], "b": [0.0, 1.0]})
    assert lb.categorical_cross_entropy(frame, frame * 0.5 + 0.25) == lb.categorical_cross_entropy(
        frame.to_numpy(), frame.to_numpy() * 0.5 + 0.25)
    with pytest.raises(ValueError, match=r"different columns.*y_pred\[y_true\.columns\]"):
        lb.categorical_cross_entropy(frame, (frame * 0.5 + 0.25)[["b", "a"]])
    assert lb.mean_squared_error(pd.Series([1.0, 2.0], index=[5, 6]), np.array([1.0, 2.0])) == 0.0  # one pandas input


def test_pandas_missing_values_are_refused():
    pd = pytest.importorskip("pandas")
    y_true = pd.Series([1, pd.NA, 0], dtype="Int64")
    with pytest.raises(ValueError, match=r"y_true holds a missing value \(pd\.NA\) at position 1.*notna\(\)"):
        lb.binary_cross_entropy(y_true, [0.9, 0.5, 0.1])
    assert lb.binary_cross_entropy(y_true.dropna(), [0.9, 0.1]) == lb.binary_cross_entropy([1.0, 0.0], [0.9, 0.1])


# ----------------------------------------------------------------- label hints
def test_label_2_in_binary_cross_entropy_points_to_the_multiclass_losses():
    for loss in (lb.binary_cross_entropy, lb.binary_focal_loss):
        with pytest.raises(ValueError, match=r"found 2\.0 at index 1 — labels must be 0/1 \(or soft in \[0, 1\]\); "
                                             r"for K > 2 classes use sparse_categorical_cross_entropy") as error:
            loss([0, 2, 1], [0.2, 0.5, 0.7])
        assert "-1/+1" not in str(error.value)


def test_label_2_in_hinge_points_to_the_multiclass_losses():
    with pytest.raises(ValueError, match=r"labels -1 or \+1 for hinge; found 2\.0 at index 1 — hinge separates two "
                                         r"classes; for K > 2 classes use sparse_categorical_cross_entropy"):
        lb.hinge([1, 2, -1], [0.5, 0.5, 0.5])
    with pytest.raises(ValueError, match=r"found 0\.0 at index 0 — map 0/1 labels to -1/\+1"):
        lb.squared_hinge([0, 1], [0.5, 0.5])


def test_label_minus_1_in_binary_cross_entropy_keeps_the_signed_hint():
    with pytest.raises(ValueError, match=r"found -1\.0 at index 0 — map -1/\+1 labels to 0/1"):
        lb.binary_cross_entropy([-1, 1], [0.2, 0.7])


def test_label_out_of_range_but_not_a_class_gets_no_misleading_hint():
    with pytest.raises(ValueError, match=r"found 1\.5 at index 0$"):
        lb.binary_cross_entropy([1.5, 1.0], [0.2, 0.7])


def test_integer_labels_to_categorical_cross_entropy_point_to_the_sparse_loss():
    p = lb.softmax(RNG.normal(size=(4, 3)))
    with pytest.raises(ValueError, match=r"found y_true \(4,\) and y_pred \(4, 3\): y_true holds one class label "
                                         r"per row — pass them to sparse_categorical_cross_entropy"):
        lb.categorical_cross_entropy([0, 2, 1, 2], p)
    with pytest.raises(ValueError, match="integer labels go to sparse_categorical_cross_entropy"):
        lb.categorical_cross_entropy([0, 2, 1], [0.2, 0.3, 0.5])  # one row of K = 3: the label 2 is named
    assert lb.sparse_categorical_cross_entropy([0, 2, 1, 2], p) == lb.categorical_cross_entropy(
        np.eye(3)[[0, 2, 1, 2]], p)


def test_sparse_labels_shape_mismatch_without_class_labels_keeps_its_message():
    with pytest.raises(ValueError, match=r"found y_true \(2,\) and y_pred \(2, 3\)$"):
        lb.categorical_cross_entropy([0.5, 7.0], lb.softmax(np.zeros((2, 3))))


# ----------------------------------------------------------------- dtypes
LABEL_CASES = {
    "binary_cross_entropy": lambda: (np.array([1, 0, 1]), np.array([0.8, 0.3, 0.6])),
    "binary_focal_loss": lambda: (np.array([1, 0, 1]), np.array([0.8, 0.3, 0.6])),
    "hinge": lambda: (np.array([1, -1, 1]), np.array([0.8, -0.3, 2.0])),
    "squared_hinge": lambda: (np.array([1, -1, 1]), np.array([0.8, -0.3, 2.0])),
    "multilabel_binary_cross_entropy": lambda: (np.array([[1, 0], [0, 1]]), np.array([[0.8, 0.3], [0.4, 0.6]])),
    "categorical_cross_entropy": lambda: (np.eye(3, dtype=int)[[0, 2]], np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])),
    "sparse_categorical_cross_entropy": lambda: (np.array([0, 2]), np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])),
    "kl_divergence": lambda: (np.eye(3, dtype=int)[[0, 2]], np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])),
}


@pytest.mark.parametrize("loss", sorted(LABEL_CASES))
@pytest.mark.parametrize("reduction", ["mean", "none"])
@pytest.mark.parametrize("label_dtype", [np.int64, np.int32, np.bool_, np.float32, np.float64])
@pytest.mark.parametrize("pred_dtype", [np.float32, np.float64])
def test_integer_labels_do_not_promote(loss, reduction, label_dtype, pred_dtype):
    labels, pred = LABEL_CASES[loss]()
    if label_dtype is np.bool_ and labels.min() < 0:
        pytest.skip("±1 labels have no bool form")
    labels = labels.astype(label_dtype)
    result = getattr(lb, loss)(labels, pred.astype(pred_dtype), reduction=reduction)
    floats = [dtype for dtype in (label_dtype, pred_dtype) if np.issubdtype(dtype, np.floating)]
    if loss == "sparse_categorical_cross_entropy":
        floats = [pred_dtype]  # class indices are indices whatever their dtype
    expected = np.float32 if all(dtype == np.float32 for dtype in floats) else np.float64
    assert result.dtype == expected
    reference = getattr(lb, loss)(labels.astype(np.float64), pred.astype(pred_dtype).astype(np.float64),
                                  reduction=reduction)
    np.testing.assert_allclose(result, reference, rtol=1e-6 if expected == np.float32 else 1e-15)


def test_the_fast_and_careful_paths_agree_on_the_dtype():
    # an inf loss sends binary cross-entropy to its careful path
    labels, pred = np.array([1, 0]), np.array([0.0, 0.5], np.float32)
    assert lb.binary_cross_entropy(labels, pred).dtype == np.float32
    assert lb.binary_cross_entropy(labels, pred) == np.inf


def test_regression_targets_still_promote():
    assert lb.mean_squared_error(np.array([1, 2]), np.array([1.5, 2.0], np.float32)).dtype == np.float64


# ----------------------------------------------------------------- keywords
@pytest.mark.parametrize("loss", LOSSES)
def test_every_loss_names_its_keywords(loss):
    function = getattr(lb, loss)
    parameters, name = inspect.signature(function).parameters, function.__name__  # mse is mean_squared_error
    with pytest.raises(TypeError, match=rf"{name} has no argument 'no_such_keyword'.*It takes {name}\(") as error:
        function(no_such_keyword=1)
    assert all(name in str(error.value) for name in parameters)
    for own in [name for name, spec in parameters.items() if spec.kind == spec.KEYWORD_ONLY]:
        typo = own[:-1] + own[-1].upper() * 2  # one letter doubled in the wrong case: reductionNN
        with pytest.raises(TypeError, match=rf"has no argument '{typo}': did you mean {own}"):
            function(**{typo: None})


@pytest.mark.parametrize("loss", [name for name in LOSSES if "reduction" in inspect.signature(getattr(lb, name)).parameters])
def test_pytorch_reduction_flags_are_translated(loss):
    function = getattr(lb, loss)
    with pytest.raises(TypeError, match=r"PyTorch's reduce=False is lossbook's reduction='none'"):
        function(reduce=False)
    with pytest.raises(TypeError, match=r"PyTorch's size_average=False is lossbook's reduction='sum'"):
        function(size_average=False)


@pytest.mark.parametrize("loss, keyword, message", [
    ("mean_squared_error", "sample_weights", r"did you mean sample_weight\?"),
    ("binary_cross_entropy", "weight", r"lossbook calls it sample_weight\."),
    ("categorical_cross_entropy", "weight", r"lossbook calls it class_weight or sample_weight \(class_weight: one per"),
    ("mean_squared_error", "input", r"lossbook calls it y_pred \(PyTorch's first argument is the prediction"),
    ("mean_squared_error", "target", r"lossbook calls it y_true"),
    ("binary_cross_entropy", "logits", r"y_pred with from_logits=True"),
    ("huber_loss", "beta", r"lossbook calls it delta \(PyTorch's smooth_l1_loss\(beta=b\) is huber_loss\(delta=b\) / b\)"),
    ("binary_cross_entropy", "epsilon", r"lossbook does not clip"),
    ("sparse_categorical_cross_entropy", "axis", r"last axis"),
    ("mean_squared_error", "from_logits", r"other losses take from_logits \(binary_cross_entropy, .*\), mean_squared_error does not"),
    ("mean_absolute_error", "reducton", r"did you mean reduction='sum'\?"),
])
def test_framework_and_misspelt_keywords(loss, keyword, message):
    with pytest.raises(TypeError, match=message):
        getattr(lb, loss)([1.0, 0.0], [0.5, 0.5], **{keyword: "sum" if keyword == "reducton" else [1.0, 2.0]})


def test_errors_inside_a_loss_pass_unchanged():
    with pytest.raises(TypeError, match="from_logits must be True or False"):
        lb.binary_cross_entropy([1.0], [0.5], from_logits="True")


# ----------------------------------------------------------------- a held-out list of bad inputs
def _held_out():
    """(call, error type, what the message must name: the argument and the fix)."""
    masked = np.ma.masked_array([0.5, 0.2], mask=[1, 0])
    cases = [
        (lambda: lb.mean_absolute_error(masked, [0.5, 0.1]), ValueError, ["y_true", "sample_weight"]),
        (lambda: lb.huber_loss([1.0, None], [1.0, 2.0]), TypeError, ["y_true", "None at index 1"]),
        (lambda: lb.binary_cross_entropy([2, 0], [0.3, 0.6]), ValueError, ["y_true", "sparse_categorical_cross_entropy"]),
        (lambda: lb.categorical_cross_entropy([1, 0, 2], lb.softmax(np.zeros((3, 3)))), ValueError,
         ["y_true", "sparse_categorical_cross_entropy"]),
        (lambda: lb.hinge([1.0, -1.0], [0.3, 0.2], sample_weights=[1, 1]), TypeError, ["'sample_weights'", "sample_weight"]),
        (lambda: lb.categorical_cross_entropy([[1.0, 0.0]], [[0.5, 0.5]], size_average=True), TypeError,
         ["'size_average'", "reduction='mean'"]),
        (lambda: lb.kl_divergence([[0.5, 0.5]], [[0.5, 0.5]], reduce=False), TypeError, ["'reduce'", "reduction='none'"]),
    ]
    torch = _optional("torch")
    if torch is not None:
        cases += [
            (lambda: lb.huber_loss(torch.zeros(2, requires_grad=True), [0.0, 1.0]), TypeError,
             ["y_true", "detach()", "huber_loss"]),
            (lambda: lb.cosine_similarity(torch.ones(1, 3, dtype=torch.bfloat16), np.ones((1, 3))), TypeError,
             ["x1", ".float()"]),
        ]
    pd = _optional("pandas")
    if pd is not None:
        cases.append((lambda: lb.mean_absolute_error(pd.Series([1.0, 2.0]), pd.Series([1.0, 2.0], index=[1, 0])),
                      ValueError, ["y_true and y_pred", "reindex"]))
    return cases


def _optional(module: str):
    try:
        return __import__(module)
    except ImportError:
        return None


@pytest.mark.parametrize("index", range(len(_held_out())))
def test_held_out_bad_inputs(index):
    call, error, named = _held_out()[index]
    with pytest.raises(error) as raised:
        call()
    assert all(part in str(raised.value) for part in named), str(raised.value)
