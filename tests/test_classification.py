"""Classification family: worked examples, identities between the losses, infinities, errors, SymPy derivations.

The generic tests (accuracy, gradients, properties, bad input, frameworks)
already run every classification loss through the catalog; these tests cover
what is specific to the family.
"""

import math
import warnings

import functools
import inspect

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossbook as lb
from lossbook.examples import classification as ex
from lossbook.symbolic import classification as sym

# ------------------------------------------------------------------ worked examples


def test_dog_example_in_nats_and_the_quoted_figure_in_log10():
    loss = float(lb.binary_cross_entropy([ex.DOG_LABEL], [ex.DOG_PROBABILITY]))
    assert loss == pytest.approx(-math.log(0.85), rel=1e-15)
    assert f"{loss:.4f}" == "0.1625"
    assert float(ex.in_base(loss, 10)) == pytest.approx(-math.log10(0.85), rel=1e-15)
    assert ex.matching_base(loss, ex.QUOTED_BCE) == [("10", "rounded")]


def test_cat_dog_duck_example_and_the_quoted_figure():
    loss = float(lb.categorical_cross_entropy(ex.CAT_TARGET, ex.ANIMAL_PROBABILITIES))
    assert loss == pytest.approx(-math.log(0.16), rel=1e-15)
    assert f"{loss:.3f}" == "1.833"
    assert f"{float(ex.in_base(loss, 10)):.3f}" == "0.796"
    # 0.796 rounds to 0.80: the quoted 0.79 is the base-10 value cut off, not rounded.
    assert ex.matching_base(loss, ex.QUOTED_CE) == [("10", "truncated")]
    sparse = float(lb.sparse_categorical_cross_entropy([ex.CAT_LABEL], [ex.ANIMAL_PROBABILITIES]))
    assert sparse == loss


def test_hinge_example():
    assert float(lb.hinge([ex.HINGE_LABEL], [ex.HINGE_SCORE])) == pytest.approx(0.15, rel=1e-15)
    assert float(lb.squared_hinge([ex.HINGE_LABEL], [ex.HINGE_SCORE])) == pytest.approx(0.0225, rel=1e-14)


def test_softmax_example_reproduces_the_cross_entropy_example():
    np.testing.assert_allclose(lb.softmax(ex.ANIMAL_LOGITS), ex.ANIMAL_PROBABILITIES, atol=0.005)


def test_multilabel_examples():
    husky = lb.sigmoid(ex.HUSKY_LOGITS)
    assert ((husky > 0.5) == np.array(ex.HUSKY_TARGET, dtype=bool)).all()
    assert lb.softmax(ex.HUSKY_LOGITS).sum() == pytest.approx(1.0)
    assert (lb.softmax(ex.HUSKY_LOGITS) > 0.5).sum() <= 1  # softmax can say yes to one class at most
    total = lb.multilabel_binary_cross_entropy(ex.MARGHERITA, ex.INGREDIENT_LOGITS, from_logits=True)
    per_label = lb.binary_cross_entropy(ex.MARGHERITA, ex.INGREDIENT_LOGITS, reduction="none", from_logits=True)
    assert float(total) == pytest.approx(per_label.sum(), rel=1e-15)


# ------------------------------------------------------------------ identities between the losses


RNG = np.random.default_rng(3)
Y01 = RNG.integers(0, 2, 50).astype(float)
Z = RNG.normal(0, 4, 50)
Z_ROWS = RNG.normal(0, 3, (20, 4))
LABELS = RNG.integers(0, 4, 20)
SOFT = RNG.dirichlet(np.ones(4), 20)


def test_logits_are_asked_for_one_way():
    """One public function per loss: the logits form is from_logits=True, not a second function."""
    for name in ("binary_cross_entropy", "categorical_cross_entropy", "sparse_categorical_cross_entropy",
                 "multilabel_binary_cross_entropy"):
        assert not hasattr(lb, f"{name}_with_logits")
        assert "from_logits" in inspect.signature(getattr(lb, name)).parameters


def test_logits_through_the_activation_give_the_same_loss():
    np.testing.assert_allclose(
        lb.binary_cross_entropy(Y01, Z, reduction="none", from_logits=True),
        lb.binary_cross_entropy(Y01, lb.sigmoid(Z), reduction="none"), rtol=1e-12)
    np.testing.assert_allclose(
        lb.categorical_cross_entropy(SOFT, Z_ROWS, reduction="none", from_logits=True),
        lb.categorical_cross_entropy(SOFT, lb.softmax(Z_ROWS), reduction="none"), rtol=1e-12)


def test_sparse_equals_one_hot():
    one_hot = np.eye(4)[LABELS]
    probabilities = lb.softmax(Z_ROWS)
    np.testing.assert_array_equal(
        lb.sparse_categorical_cross_entropy(LABELS, probabilities, reduction="none"),
        lb.categorical_cross_entropy(one_hot, probabilities, reduction="none"))
    np.testing.assert_array_equal(
        lb.sparse_categorical_cross_entropy(LABELS, Z_ROWS, reduction="none", from_logits=True),
        lb.categorical_cross_entropy(one_hot, Z_ROWS, reduction="none", from_logits=True))


def test_cross_entropy_is_entropy_plus_kl():
    probabilities = lb.softmax(Z_ROWS)
    ce = lb.categorical_cross_entropy(SOFT, probabilities, reduction="none")
    entropy = lb.categorical_cross_entropy(SOFT, SOFT, reduction="none")
    kl = lb.kl_divergence(SOFT, probabilities, reduction="none")
    np.testing.assert_allclose(ce, entropy + kl, rtol=1e-13)
    one_hot = np.eye(4)[LABELS]  # entropy 0: the two losses coincide
    np.testing.assert_allclose(lb.kl_divergence(one_hot, probabilities, reduction="none"),
                               lb.categorical_cross_entropy(one_hot, probabilities, reduction="none"), rtol=1e-13)


def test_binary_is_two_class_categorical():
    p = lb.sigmoid(Z)
    rows = np.column_stack([1 - p, p])
    targets = np.column_stack([1 - Y01, Y01])
    # Storing 1 - p near 1 rounds away digits of a small loss, so compare loosely here.
    np.testing.assert_allclose(lb.binary_cross_entropy(Y01, p, reduction="none"),
                               lb.categorical_cross_entropy(targets, rows, reduction="none"), rtol=1e-10)
    # a logit z for the positive class is the logit pair (0, z) of a 2-class softmax
    np.testing.assert_allclose(
        lb.binary_cross_entropy(Y01, Z, reduction="none", from_logits=True),
        lb.sparse_categorical_cross_entropy(Y01.astype(int), np.column_stack([0 * Z, Z]), reduction="none", from_logits=True),
        rtol=1e-12)


def test_multilabel_is_the_sum_of_binary_losses_over_the_row():
    y = Y01[:40].reshape(10, 4)
    p = lb.sigmoid(Z_ROWS[:10])
    np.testing.assert_allclose(lb.multilabel_binary_cross_entropy(y, p, reduction="none"),
                               lb.binary_cross_entropy(y, p, reduction="none").sum(axis=1), rtol=1e-14)


def test_hinge_is_zero_beyond_the_margin_and_linear_inside():
    scores = np.array([-2.0, 0.0, 0.5, 1.0, 3.0])
    np.testing.assert_array_equal(lb.hinge(np.ones(5), scores, reduction="none"), [3.0, 1.0, 0.5, 0.0, 0.0])
    np.testing.assert_array_equal(lb.hinge(-np.ones(5), -scores, reduction="none"), [3.0, 1.0, 0.5, 0.0, 0.0])


@settings(max_examples=80, deadline=None)
@given(st.floats(0, 1), hnp.arrays(np.float64, 8, elements=st.floats(0, 1)))
def test_soft_label_cross_entropy_is_at_least_the_entropy(label, predictions):
    """With a soft label y the minimum of BCE over p is the binary entropy H(y), reached at p = y."""
    labels = np.full(8, label)
    losses = lb.binary_cross_entropy(labels, predictions, reduction="none")
    entropy = float(lb.binary_cross_entropy([label], [label]))
    assert (losses >= entropy * (1 - 1e-14)).all()


@settings(max_examples=80, deadline=None)
@given(hnp.arrays(np.float64, (3, 4), elements=st.floats(0.01, 1)), hnp.arrays(np.float64, (3, 4), elements=st.floats(-50, 50)))
def test_soft_target_losses_are_non_negative(raw_targets, logits):
    targets = raw_targets / raw_targets.sum(axis=1, keepdims=True)
    assert (lb.categorical_cross_entropy(targets, logits, reduction="none", from_logits=True) >= 0).all()
    assert (lb.kl_divergence(targets, lb.softmax(logits), reduction="none") >= 0).all()


# ------------------------------------------------------------------ infinities and extremes


def test_certain_wrong_predictions_cost_infinity_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert lb.binary_cross_entropy([1.0], [0.0]) == np.inf
        assert lb.binary_cross_entropy([0.0], [1.0]) == np.inf
        assert lb.binary_cross_entropy([0.5], [0.0]) == np.inf
        assert lb.binary_cross_entropy([0.0, 1.0], [0.0, 1.0]) == 0.0  # certain and right: 0, not nan
        assert lb.categorical_cross_entropy([[1.0, 0.0]], [[0.0, 1.0]]) == np.inf
        assert lb.categorical_cross_entropy([[0.0, 1.0]], [[0.0, 1.0]]) == 0.0
        assert lb.kl_divergence([[0.5, 0.5]], [[0.0, 1.0]]) == np.inf
        assert lb.kl_divergence([[0.0, 1.0]], [[0.0, 1.0]]) == 0.0
        assert lb.sparse_categorical_cross_entropy([0], [[0.0, 1.0]]) == np.inf


def test_extreme_logits_are_finite_and_exact():
    losses = lb.binary_cross_entropy([1.0, 1.0, 0.0, 1.0], [-1e4, 40.0, 1e4, 1e4], reduction="none", from_logits=True)
    np.testing.assert_array_equal(losses[[0, 2, 3]], [1e4, 1e4, 0.0])
    assert losses[1] == pytest.approx(math.exp(-40), rel=1e-15)
    # a true class that wins by 40: loss 2 e^-40, not 0
    assert float(lb.categorical_cross_entropy([[1, 0, 0]], [[40.0, 0.0, 0.0]], from_logits=True)) == pytest.approx(2 * math.exp(-40), rel=1e-15)


def test_probabilities_next_to_one_keep_their_digits():
    p = 1 - 2.0**-53
    assert float(lb.binary_cross_entropy([1.0], [p])) == pytest.approx(2.0**-53, rel=1e-15)
    assert float(lb.binary_cross_entropy([0.0], [1e-300])) == pytest.approx(1e-300, rel=1e-15)


def test_float32_stays_float32():
    y = np.array([1.0, 0.0], dtype=np.float32)
    p = np.array([0.85, 0.3], dtype=np.float32)
    assert lb.binary_cross_entropy(y, p).dtype == np.float32
    assert lb.sparse_categorical_cross_entropy([0], np.array([[0.5, 0.5]], dtype=np.float32)).dtype == np.float32
    assert lb.binary_cross_entropy(y, p.astype(np.float64)).dtype == np.float64


# ------------------------------------------------------------------ clear errors


@pytest.mark.parametrize("function, y_true, y_pred, message", [
    (lb.binary_cross_entropy, [1.0, 0.0], [1.2, 0.5], r"y_pred must hold probabilities in \[0, 1\] .*1\.2 at index 0 — pass from_logits=True"),
    (lb.binary_cross_entropy, [1.0, 0.0], [0.5, -0.1], r"y_pred must hold probabilities .*-0\.1 at index 1"),
    (lb.binary_cross_entropy, [2.0, 0.0], [0.5, 0.5], r"y_true must hold labels .*\[0, 1\] .*2\.0 at index 0"),
    (functools.partial(lb.binary_cross_entropy, from_logits=True), [-1.0, 1.0], [0.5, 0.5], r"y_true must hold labels .*-1\.0 .*\(y_true \+ 1\) / 2"),
    (lb.hinge, [0.0, 1.0], [0.5, 0.5], r"y_true must hold labels -1 or \+1 for hinge; found 0\.0 at index 0 — map 0/1 labels"),
    (lb.squared_hinge, [1.0, 0.5], [0.5, 0.5], r"labels -1 or \+1 for squared_hinge; found 0\.5 at index 1"),
    (lb.categorical_cross_entropy, [[1, 0, 0]], [[0.2, 0.3, 0.4]], r"y_pred must be a probability distribution .*sums to 0\.9.* from_logits=True"),
    (lb.categorical_cross_entropy, [[0.5, 0.4, 0.0]], [[0.2, 0.3, 0.5]], r"y_true must be a probability distribution .*row 0 sums to 0\.9"),
    (lb.categorical_cross_entropy, [[1, 0, 0]], [[2.0, -0.5, -0.5]], r"y_pred must hold probabilities in \[0, 1\]"),
    (lb.categorical_cross_entropy, [[1, 0, 0]] * 4, [[0.5, 0.5]] * 4, r"same shape .*\(4, 3\) and y_pred \(4, 2\): they disagree on the number of classes \(last axis: 3 vs 2\)"),
    (lb.kl_divergence, [[1, 0]], [[-0.5, 1.5]], r"probabilities \(not log-probabilities\)"),
    (lb.kl_divergence, [[1, 0]], [[0.5, 0.6]], r"y_pred must be a probability distribution .*apply softmax"),
    (lb.sparse_categorical_cross_entropy, [3], [[0.2, 0.3, 0.5]], r"integer class labels 0 \.\. 2 .*\(y_pred has 3 classes\); found 3\.0"),
    (lb.sparse_categorical_cross_entropy, [1.5], [[0.2, 0.3, 0.5]], r"integer class labels .*found 1\.5"),
    (lb.sparse_categorical_cross_entropy, [-1], [[0.2, 0.3, 0.5]], r"found -1\.0"),
    (lb.sparse_categorical_cross_entropy, [[1, 0, 0]], [[0.2, 0.3, 0.5]], r"y_true looks one-hot: pass y_true\.argmax\(-1\)"),
    (functools.partial(lb.sparse_categorical_cross_entropy, from_logits=True), [[0], [1]], [[0.2, 0.3], [0.1, 0.0]], r"reshape it, e\.g\. y_true\.reshape\(\(2,\)\)"),
    (lb.sparse_categorical_cross_entropy, [0], [0.2, 0.8], r"same shape as y_pred without its last \(class\) axis"),
    (lb.multilabel_binary_cross_entropy, [[1, 0, 1]], [[0.5, 0.5]], r"number of classes \(last axis: 3 vs 2\)"),
    (lb.categorical_cross_entropy, [1.0], 0.5, r"y_pred must have a class axis"),
])
def test_bad_values_raise_clear_errors(function, y_true, y_pred, message):
    with pytest.raises(ValueError, match=message):
        function(y_true, y_pred)


def test_from_logits_must_be_a_bool():
    with pytest.raises(TypeError, match="from_logits must be True or False"):
        lb.binary_cross_entropy([1.0], [0.5], from_logits="True")


def test_rows_may_sum_to_one_within_rounding_only():
    z = RNG.normal(0, 3, (50, 7)).astype(np.float32)
    lb.categorical_cross_entropy(np.eye(7, dtype=np.float32)[RNG.integers(0, 7, 50)], lb.softmax(z))  # float32 softmax is accepted
    with pytest.raises(ValueError, match="sums to"):
        lb.categorical_cross_entropy([[1.0, 0.0]], [[0.5, 0.5 + 1e-6]])


# ------------------------------------------------------------------ SymPy derivations shown in the book


def _same(a, b) -> bool:
    return sp.simplify((a - b).rewrite(sp.exp)) == 0


def test_bce_with_logits_gradient_is_sigmoid_minus_label():
    definition = sym.binary_cross_entropy_with_logits()
    assert _same(definition.gradient, sym.sigmoid_of(sym.LOGIT) - sym.Y_TRUE)


def test_bce_with_logits_is_bce_of_the_sigmoid():
    composed = sym.binary_cross_entropy().expr.subs(sym.Y_PRED, sym.sigmoid_of(sym.LOGIT))
    assert _same(composed, sym.binary_cross_entropy_with_logits().expr)


def test_softmax_cross_entropy_gradient_is_p_minus_y():
    expr, targets, logits = sym.categorical_cross_entropy_with_logits().expression(3)
    normalised = {targets[2]: 1 - targets[0] - targets[1]}
    for i in range(3):
        softmax_i = sp.exp(logits[i]) / sum(sp.exp(z) for z in logits)
        assert _same(sp.diff(expr, logits[i]).subs(normalised), (softmax_i - targets[i]).subs(normalised))


def test_general_gradients_in_sympy():
    grad = sym.categorical_cross_entropy().gradient
    y, p, i = sym.TARGETS, sym.PROBABILITIES, sym.GRADIENT_CLASS
    assert sp.simplify(grad + y[i] / p[i]) == 0
    assert sp.simplify(sym.kl_divergence().gradient - (1 - y[i] / p[i])) == 0


def test_kl_plus_entropy_is_cross_entropy_in_sympy():
    ce, targets, predictions = sym.categorical_cross_entropy().expression(3)
    kl, targets_kl, predictions_kl = sym.kl_divergence().expression(3)
    assert targets == targets_kl and predictions == predictions_kl
    entropy = -sum(t * sp.log(t) for t in targets)
    on_simplex = {predictions[2]: 1 - predictions[0] - predictions[1], targets[2]: 1 - targets[0] - targets[1]}
    assert sp.simplify(sp.expand_log((ce - entropy - kl).subs(on_simplex), force=True)) == 0


def test_sparse_definition_picks_the_labelled_class():
    expr, targets, predictions = sym.sparse_categorical_cross_entropy().expression(3, label=2)
    assert targets == () and expr == -sp.log(predictions[2])


def test_general_definition_expands_to_the_concrete_one():
    expr, targets, predictions = sym.categorical_cross_entropy().expression(2)
    assert sp.simplify(expr + targets[0] * sp.log(predictions[0]) + targets[1] * sp.log(predictions[1])) == 0


def test_latex_is_generated_not_typed():
    assert r"\sum_{k=1}^{K}" in sym.categorical_cross_entropy().latex()
    assert r"\max\left(0, 1 -" in sym.hinge().latex()
    assert sym.binary_cross_entropy().latex().startswith(r"\ell\left(y, \hat{y}\right) = - y \log")
