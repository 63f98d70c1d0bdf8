"""The focal loss and the class weights of the cross-entropies: what the generic tests cannot see.

The generic tests run the focal loss through the catalog (50 digits on hard
inputs for every gamma and alpha they try, gradients, properties, bad input,
frameworks, JavaScript).  Here: ``alpha=None`` and the reduction to
cross-entropy at gamma = 0, its extremes, its errors; and ``pos_weight`` and
``class_weight``, checked against the SymPy definitions at 50 digits on the
same hard grids, with their weighted means, identities and errors.
"""

import functools
import warnings

import mpmath
import numpy as np
import pytest
import sympy as sp

import lossbook as lb
from lossbook import catalog
from lossbook.symbolic import classification as sym
from lossbook.testing import domain_of, mismatches

RTOL = {np.float64: 1e-15, np.float32: 1e-6}
DTYPES = pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
FROM_LOGITS = pytest.mark.parametrize("from_logits", [False, True], ids=["probabilities", "logits"])


def _hard(name, dtype=np.float64):
    """The hard grid of the record called ``name``, as (y_true, y_pred)."""
    return tuple(domain_of(catalog.get(name)).hard_inputs(dtype).values())


def _reference_mean(losses, weights) -> mpmath.mpf:
    with mpmath.workdps(60):
        return mpmath.fsum(losses) / mpmath.fsum(weights)


def _check(actual, reference, dtype, what):
    problems = mismatches(np.asarray(actual), np.asarray(reference, dtype=object), rtol=RTOL[dtype])
    assert not problems, f"{what}:\n" + "\n".join(problems[:10])


# ------------------------------------------------------------------ focal loss
@FROM_LOGITS
@DTYPES
def test_gamma_zero_without_alpha_is_cross_entropy(from_logits, dtype):
    y, p = _hard("bce_with_logits" if from_logits else "bce", dtype)
    focal = lb.binary_focal_loss(y, p, gamma=0.0, from_logits=from_logits, reduction="none")
    bce = lb.binary_cross_entropy(y, p, from_logits=from_logits, reduction="none")
    if dtype == np.float64:  # the same formula; BCE's fast path may round the last bit differently
        np.testing.assert_allclose(focal, bce, rtol=4.5e-16, atol=0)
    else:  # float32 is computed in float64 and rounded once, so it may be the more accurate one
        np.testing.assert_allclose(focal, bce, rtol=2e-7)


@FROM_LOGITS
def test_alpha_none_is_twice_alpha_one_half_at_50_digits(from_logits):
    """``alpha=None`` weights both classes 1; the definition's alpha = 1/2 weights them 1/2."""
    name = "sigmoid_focal_loss" if from_logits else "focal_loss"
    definition = catalog.get(name).definition()
    y, p = _hard(name)
    for gamma in (0.5, 2.0, 5.0):
        losses = lb.binary_focal_loss(y, p, gamma=gamma, from_logits=from_logits, reduction="none")
        reference = [2 * value for value in definition.reference(y, p, gamma=gamma, alpha=0.5).ravel()]
        _check(losses, reference, np.float64, f"{name} gamma={gamma}, alpha=None")


def test_hard_labels_give_the_papers_form():
    """For y = 1 the definition is -alpha (1 - p)^gamma log p; for y = 0, -(1 - alpha) p^gamma log(1 - p)."""
    expr, p, y = sym.binary_focal_loss().expr, sym.Y_PRED, sym.Y_TRUE
    a, g = sym.ALPHA, sym.GAMMA
    assert sp.simplify(expr.subs(y, 1) - (-a * (1 - p) ** g * sp.log(p))) == 0
    assert sp.simplify(expr.subs(y, 0) - (-(1 - a) * p**g * sp.log(1 - p))) == 0
    logits = sym.binary_focal_loss_with_logits().expr
    assert sp.simplify((logits - expr.subs(p, sym.sigmoid_of(sym.LOGIT))).rewrite(sp.exp)) == 0


def test_extreme_logits_neither_overflow_nor_lose_the_loss():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        losses = lb.binary_focal_loss([1.0, 0.0, 1.0, 0.0, 0.5], [-1e4, 1e4, 1e4, -1e4, 1e4],
                                      from_logits=True, reduction="none")
    np.testing.assert_array_equal(losses, [1e4, 1e4, 0.0, 0.0, 0.5**2 * 0.5 * 1e4])
    # an easy positive at z = 40: (e^-40)^2 * e^-40, not 0
    easy = float(lb.binary_focal_loss([1.0], [40.0], from_logits=True))
    assert easy == pytest.approx(np.exp(-120.0), rel=1e-14)


def test_certain_wrong_predictions_cost_infinity_and_a_zero_weight_switches_them_off():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert lb.binary_focal_loss([1.0], [0.0]) == np.inf
        assert lb.binary_focal_loss([1e-300], [0.0], gamma=5.0) == np.inf  # (1 - p_t)^gamma underflows; the loss does not
        assert lb.binary_focal_loss([0.0, 1.0], [0.0, 1.0]) == 0.0
        assert lb.binary_focal_loss([1.0], [0.0], alpha=0.0) == 0.0  # positives weighted 0


def test_focusing_keeps_the_hard_examples():
    easy, hard = lb.binary_focal_loss([1.0, 1.0], [0.9, 0.2], reduction="none")
    ce_easy, ce_hard = lb.binary_cross_entropy([1.0, 1.0], [0.9, 0.2], reduction="none")
    assert easy / ce_easy == pytest.approx(0.1**2, rel=1e-14)
    assert hard / ce_hard == pytest.approx(0.8**2, rel=1e-14)


def test_focal_float32_stays_float32():
    y, p = np.array([1, 0], np.float32), np.array([0.7, 0.2], np.float32)
    assert lb.binary_focal_loss(y, p).dtype == np.float32
    assert lb.binary_focal_loss(y, p, alpha=0.25, reduction="none").dtype == np.float32


@pytest.mark.parametrize("keywords, error, message", [
    ({"gamma": -1.0}, ValueError, r"gamma must be a finite number >= 0 for binary_focal_loss; found -1\.0"),
    ({"gamma": float("inf")}, ValueError, r"gamma must be a finite number >= 0"),
    ({"gamma": "2"}, TypeError, r"gamma must be a real number for binary_focal_loss; found '2'"),
    ({"gamma": None}, TypeError, r"gamma must be a real number"),
    ({"alpha": 1.5}, ValueError, r"alpha must be None or a number in \[0, 1\] for binary_focal_loss; found 1\.5"),
    ({"alpha": -1}, ValueError, r"found -1 — alpha=None switches the balancing off \(torchvision's alpha=-1\)"),
    ({"alpha": True}, TypeError, r"alpha must be a real number"),
    ({"from_logits": 1}, TypeError, r"from_logits must be True or False"),
    ({"reduction": "batchmean"}, ValueError, r"reduction must be one of"),
])
def test_focal_parameters_are_checked(keywords, error, message):
    with pytest.raises(error, match=message):
        lb.binary_focal_loss([1.0, 0.0], [0.5, 0.5], **keywords)


def test_focal_inputs_are_checked_like_cross_entropy():
    with pytest.raises(ValueError, match=r"y_pred must hold probabilities .*1\.5 at index 1 — pass from_logits=True"):
        lb.binary_focal_loss([1.0, 0.0], [0.5, 1.5])
    with pytest.raises(ValueError, match=r"y_true must hold labels .*-1\.0 .*\(y_true \+ 1\) / 2"):
        lb.binary_focal_loss([-1.0, 1.0], [0.5, 0.5], from_logits=True)


# ------------------------------------------------------------------ pos_weight
POS_WEIGHTS = (0.0, 0.3, 1.0, 7.0, 1e3)


@FROM_LOGITS
@DTYPES
def test_pos_weight_matches_definition_at_50_digits(from_logits, dtype):
    definition = (sym.weighted_binary_cross_entropy_with_logits if from_logits else sym.weighted_binary_cross_entropy)()
    y, p = _hard("bce_with_logits" if from_logits else "bce", dtype)
    for weight in POS_WEIGHTS:
        losses = lb.binary_cross_entropy(y, p, pos_weight=weight, from_logits=from_logits, reduction="none")
        assert losses.dtype == dtype
        reference = definition.reference(y, p, w=float(np.asarray(weight, dtype)))
        _check(losses, reference, dtype, f"pos_weight={weight}, from_logits={from_logits}")
        finite = np.isfinite(losses)
        cost = lb.binary_cross_entropy(y[finite], p[finite], pos_weight=weight, from_logits=from_logits)
        if dtype == np.float64:
            reference_cost = definition.cost_reference(y[finite], p[finite], w=weight)
            _check(np.array(cost), np.array(reference_cost, dtype=object), dtype, f"mean, pos_weight={weight}")


def test_pos_weight_one_is_no_weight_and_zero_drops_the_positives():
    y, z = _hard("bce_with_logits")
    plain = lb.binary_cross_entropy(y, z, from_logits=True, reduction="none")
    # the weighted and the unweighted code paths round differently, by at most an ulp or two
    np.testing.assert_allclose(lb.binary_cross_entropy(y, z, from_logits=True, pos_weight=1.0, reduction="none"), plain,
                               rtol=4.5e-16, atol=0)
    only_negatives = lb.binary_cross_entropy(y, z, from_logits=True, pos_weight=0.0, reduction="none")
    np.testing.assert_array_equal(only_negatives, lb.binary_cross_entropy(0 * y, z, from_logits=True, reduction="none") * (1 - y))
    assert lb.binary_cross_entropy([1.0], [0.0], pos_weight=0.0) == 0.0  # a weight of 0 switches off an infinite term


def test_pos_weight_per_column_in_the_multilabel_loss():
    rng = np.random.default_rng(4)
    y, z = rng.integers(0, 2, (6, 3)).astype(float), rng.normal(0, 3, (6, 3))
    weights = np.array([0.5, 2.0, 9.0])
    per_label = lb.binary_cross_entropy(y, z, from_logits=True, pos_weight=weights, reduction="none")
    for k in range(3):
        np.testing.assert_array_equal(per_label[:, k], lb.binary_cross_entropy(
            y[:, k], z[:, k], from_logits=True, pos_weight=weights[k], reduction="none"))
    np.testing.assert_allclose(lb.multilabel_binary_cross_entropy(y, z, from_logits=True, pos_weight=weights, reduction="none"),
                               per_label.sum(axis=1), rtol=1e-15)


@pytest.mark.parametrize("function", [lb.binary_cross_entropy, lb.multilabel_binary_cross_entropy])
@pytest.mark.parametrize("pos_weight, error, message", [
    (-1.0, ValueError, r"pos_weight must hold weights >= 0 for \w+; found -1\.0"),
    ([1.0, -2.0], ValueError, r"found -2\.0 at index 1"),
    (float("nan"), ValueError, r"pos_weight must not contain NaN"),
    (float("inf"), ValueError, r"pos_weight must be finite"),
    ([1.0, 2.0, 3.0], ValueError, r"pos_weight must be a number or hold one weight per column .*shape \(2,\); found shape \(3,\)"),
    ([[1.0, 2.0]], ValueError, r"found shape \(1, 2\)"),
    ("3", TypeError, r"pos_weight must be an array of real numbers"),
])
def test_bad_pos_weight_is_rejected(function, pos_weight, error, message):
    with pytest.raises(error, match=message):
        function([[1.0, 0.0]], [[0.5, 0.5]], pos_weight=pos_weight)


# ------------------------------------------------------------------ class_weight
CLASS_WEIGHTS = np.array([0.3, 1.0, 7.0])


def _sparse_reference(labels, pred, weights, *, from_logits):
    definition = (sym.sparse_categorical_cross_entropy_with_logits if from_logits else sym.sparse_categorical_cross_entropy)()
    unweighted = definition.reference(labels, pred)
    with mpmath.workdps(60):
        sample_weights = [mpmath.mpf(float(weights[c])) for c in labels.ravel()]
        losses = [mpmath.mpf(0) if w == 0 else w * v for w, v in zip(sample_weights, unweighted.ravel())]
    return np.array(losses, dtype=object).reshape(unweighted.shape), sample_weights


def _categorical_reference(targets, pred, weights, *, from_logits):
    """-sum_k w_k y_k log p_k from the definition, class by class: it is linear in the target row."""
    definition = (sym.categorical_cross_entropy_with_logits if from_logits else sym.categorical_cross_entropy)()
    eye = np.eye(targets.shape[-1])
    per_class = [definition.reference(eye[k] * targets[:, k:k + 1], pred) for k in range(targets.shape[-1])]
    with mpmath.workdps(60):
        losses = [mpmath.fsum(mpmath.mpf(float(weights[k])) * per_class[k][n] for k in range(len(weights))
                              if weights[k] != 0 and targets[n, k] != 0) for n in range(len(targets))]
        target_weights = [mpmath.fsum(mpmath.mpf(float(w)) * mpmath.mpf(float(t)) for w, t in zip(weights, row))
                          for row in targets]
    return np.array(losses, dtype=object), target_weights


WEIGHTED_CROSS_ENTROPIES = {  # function, the record whose hard grid it takes (probabilities, logits), reference
    "sparse": (lb.sparse_categorical_cross_entropy,
               ("sparse_categorical_cross_entropy", "sparse_categorical_cross_entropy_with_logits"), _sparse_reference),
    "categorical": (lb.categorical_cross_entropy,
                    ("categorical_cross_entropy", "softmax_cross_entropy"), _categorical_reference),
}


@pytest.mark.parametrize("kind", WEIGHTED_CROSS_ENTROPIES)
@FROM_LOGITS
@DTYPES
def test_class_weight_matches_definition_at_50_digits(kind, from_logits, dtype):
    function, names, make_reference = WEIGHTED_CROSS_ENTROPIES[kind]
    y_true, y_pred = _hard(names[from_logits], dtype)
    weights = CLASS_WEIGHTS.astype(dtype)
    losses = function(y_true, y_pred, class_weight=weights, from_logits=from_logits, reduction="none")
    assert losses.dtype == dtype
    reference, sample_weights = make_reference(y_true, y_pred, weights, from_logits=from_logits)
    _check(losses, reference, dtype, f"{kind}, class_weight")
    finite = np.isfinite(losses)
    cost = function(y_true[finite], y_pred[finite], class_weight=weights, from_logits=from_logits)
    kept = [w for w, keep in zip(sample_weights, finite) if keep]
    _check(np.array(cost), np.array(_reference_mean(reference[finite], kept), dtype=object), dtype, f"{kind}, weighted mean")


@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
def test_sparse_equals_one_hot_with_class_weights(reduction):
    rng = np.random.default_rng(8)
    labels, z = rng.integers(0, 3, 30), rng.normal(0, 3, (30, 3))
    sparse = lb.sparse_categorical_cross_entropy(labels, z, from_logits=True, class_weight=CLASS_WEIGHTS, reduction=reduction)
    dense = lb.categorical_cross_entropy(np.eye(3)[labels], z, from_logits=True, class_weight=CLASS_WEIGHTS, reduction=reduction)
    np.testing.assert_allclose(sparse, dense, rtol=1e-15)


def test_weighted_mean_divides_by_the_true_classes_weights():
    labels, p = np.array([0, 2, 2]), np.array([[0.5, 0.25, 0.25], [0.25, 0.25, 0.5], [0.125, 0.125, 0.75]])
    weights = np.array([1.0, 5.0, 3.0])
    losses = -np.log(p[np.arange(3), labels])
    expected = (1 * losses[0] + 3 * losses[1] + 3 * losses[2]) / (1 + 3 + 3)
    assert float(lb.sparse_categorical_cross_entropy(labels, p, class_weight=weights)) == pytest.approx(expected, rel=1e-15)
    assert float(lb.sparse_categorical_cross_entropy(labels, p, class_weight=weights, reduction="sum")) == pytest.approx(7 * expected, rel=1e-15)
    # equal weights give the plain mean, whatever their value
    plain = lb.sparse_categorical_cross_entropy(labels, p)
    assert lb.sparse_categorical_cross_entropy(labels, p, class_weight=[4.0, 4.0, 4.0]) == pytest.approx(plain, rel=1e-15)
    assert lb.sparse_categorical_cross_entropy(labels, p, class_weight=[1.0, 1.0, 1.0]) == plain


def test_a_zero_class_weight_switches_off_even_an_infinite_loss():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cost = lb.sparse_categorical_cross_entropy([0, 1], [[0.0, 1.0], [0.5, 0.5]], class_weight=[0.0, 1.0])
        assert cost == pytest.approx(np.log(2), rel=1e-15)
        dense = lb.categorical_cross_entropy([[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [0.5, 0.5]], class_weight=[0.0, 1.0])
        assert dense == cost


def test_a_huge_weighted_mean_does_not_overflow():
    z = np.array([[0.0, 1e308], [0.0, 1e308]])  # each loss 1e308, each weighted 1.5e308: their sum overflows
    cost = lb.sparse_categorical_cross_entropy([0, 0], z, from_logits=True, class_weight=[1.5, 1.0])
    assert cost == pytest.approx(1e308, rel=1e-15)


@pytest.mark.parametrize("function", [lb.categorical_cross_entropy, lb.sparse_categorical_cross_entropy])
@pytest.mark.parametrize("class_weight, error, message", [
    ([1.0, 2.0], ValueError, r"class_weight must hold one weight per class for \w+, i\.e\. shape \(3,\) for y_pred of shape \(2, 3\); found shape \(2,\)"),
    (2.0, ValueError, r"found shape \(\)"),
    ([1.0, -2.0, 1.0], ValueError, r"class_weight must hold weights >= 0 for \w+; found -2\.0 at index 1"),
    ([1.0, np.inf, 1.0], ValueError, r"class_weight must be finite"),
    ([1.0, np.nan, 1.0], ValueError, r"class_weight must not contain NaN"),
    (["a", "b", "c"], TypeError, r"class_weight must hold real numbers"),
    ([0.0, 5.0, 0.0], ValueError, r"class_weight gives every sample a weight of 0 .*0/0.*reduction='sum'"),
])
def test_bad_class_weight_is_rejected(function, class_weight, error, message):
    pred = [[0.2, 0.3, 0.5], [0.6, 0.2, 0.2]]
    y_true = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]] if function is lb.categorical_cross_entropy else [0, 2]
    with pytest.raises(error, match=message):
        function(y_true, pred, class_weight=class_weight)


def test_zero_total_weight_is_fine_for_sum_and_none():
    call = functools.partial(lb.sparse_categorical_cross_entropy, [0, 2], [[0.2, 0.3, 0.5], [0.6, 0.2, 0.2]],
                             class_weight=[0.0, 5.0, 0.0])
    assert call(reduction="sum") == 0.0
    np.testing.assert_array_equal(call(reduction="none"), [0.0, 0.0])


def test_existing_errors_come_before_weight_errors():
    with pytest.raises(ValueError, match=r"integer class labels 0 \.\. 2"):
        lb.sparse_categorical_cross_entropy([3], [[0.2, 0.3, 0.5]], class_weight=[1.0])
    with pytest.raises(ValueError, match=r"sums to 0\.9"):
        lb.categorical_cross_entropy([[1, 0, 0]], [[0.2, 0.3, 0.4]], class_weight=[1.0])
