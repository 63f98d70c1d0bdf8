"""Similarity and embedding losses: the conventions the generic tests cannot see."""

import mpmath
import numpy as np
import pytest
import sympy as sp

import lossbook.losses.embedding as E
from lossbook.symbolic import embedding as S


def test_zero_vector_cosine_is_an_error_naming_the_argument_and_row():
    x1 = np.array([[1.0, 2.0], [0.0, 0.0]])
    for func in (E.cosine_similarity, E.cosine_distance):
        with pytest.raises(ValueError, match=r"x1 holds a zero vector \(row 1\).*undefined"):
            func(x1, np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"x2 holds a zero vector"):
        E.cosine_embedding_loss(np.ones((2, 2)), x1, [1, -1])
    with pytest.raises(ValueError, match=r"positive holds a zero vector"):
        E.nt_xent(np.ones((2, 2)), x1)


def test_distance_losses_accept_zero_vectors_and_identical_points():
    zero = np.zeros((1, 3))
    assert E.contrastive_loss(zero, zero, [1]) == 0
    assert E.contrastive_loss(zero, zero, [0], margin=2.0) == 4
    assert E.triplet_margin_loss(zero, zero, zero) == 1
    assert E.soft_margin_triplet_loss(zero, zero, zero) == np.log(2)


def test_nearly_parallel_vectors_keep_their_cosine_distance():
    # 1 - cos rounds to 0 when formed naively; the true value is 5e-21.
    assert E.cosine_distance([1.0, 0.0], [1.0, 1e-10]) == pytest.approx(5e-21, rel=1e-15)
    assert E.cosine_embedding_loss([[1.0, 0.0]], [[3.0, 3e-10]], [1]) == pytest.approx(5e-21, rel=1e-15)


def test_huge_and_tiny_coordinates_do_not_overflow():
    assert E.cosine_similarity([1e300, 1e300], [1e-300, 1e-300]) == pytest.approx(1.0, rel=1e-16)
    assert E.cosine_distance([1e300, 0.0], [-5e-324, 0.0]) == 2.0
    assert E.triplet_margin_loss([[1e300, 0.0]], [[-1e300, 0.0]], [[0.0, 0.0]], margin=0.0) == 1e300
    assert E.contrastive_loss([[3e-300, 0.0]], [[0.0, 4e-300]], [0], margin=1e-299) == pytest.approx(2.5e-599, abs=1e-320)
    assert E.contrastive_loss([[3e-160, 0.0]], [[0.0, 4e-160]], [1]) == pytest.approx(2.5e-319, rel=1e-3)


def test_margin_exactly_met_gives_zero_and_nearly_met_keeps_digits():
    anchor, positive, negative = [[0.0, 0.0]], [[3.0, 4.0]], [[6.0, 0.0]]  # 5 - 6 + 1 = 0
    assert E.triplet_margin_loss(anchor, positive, negative) == 0.0
    near = np.nextafter(1.0, 2.0)
    assert E.triplet_margin_loss(anchor, positive, negative, margin=near) == near - 1.0
    assert E.contrastive_loss([[0.0, 0.0]], [[3.0, 4.0]], [0], margin=5.0) == 0.0


def test_swap_uses_the_closer_of_anchor_and_positive_to_the_negative():
    anchor, positive, negative = [[0.0, 0.0]], [[2.0, 0.0]], [[3.0, 0.0]]
    assert E.triplet_margin_loss(anchor, positive, negative) == pytest.approx(0.0 + max(0, 2 - 3 + 1))
    assert E.triplet_margin_loss(anchor, positive, negative, swap=True) == 2 - 1 + 1


def test_labels_follow_each_losses_convention():
    with pytest.raises(ValueError, match=r"label must hold 1 or -1.*2 \* label - 1"):
        E.cosine_embedding_loss([[1.0, 0.0]], [[0.0, 1.0]], [0])
    with pytest.raises(ValueError, match=r"label must hold 1 or 0.*\(label \+ 1\) / 2"):
        E.contrastive_loss([[1.0, 0.0]], [[0.0, 1.0]], [-1])
    with pytest.raises(ValueError, match=r"label must have the same shape as x1 without its last"):
        E.contrastive_loss([[1.0, 0.0]], [[0.0, 1.0]], [[1]])


def test_batch_losses_need_a_matrix_and_a_positive_temperature():
    with pytest.raises(ValueError, match=r"\(N, D\).*anchor\[None, :\]"):
        E.info_nce([1.0, 0.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="temperature must be a finite number > 0"):
        E.nt_xent([[1.0, 0.0]], [[0.0, 1.0]], temperature=0.0)
    with pytest.raises(TypeError, match="swap must be True or False"):
        E.triplet_margin_loss([[0.0]], [[1.0]], [[2.0]], swap="yes")


def test_small_temperatures_are_stable_and_exact():
    rng = np.random.default_rng(3)
    anchor = rng.normal(size=(5, 4))
    positive = anchor + 1e-3 * rng.normal(size=(5, 4))
    for name in ("info_nce", "nt_xent"):
        ours = getattr(E, name)(anchor, positive, temperature=0.01, reduction="none")
        reference = getattr(S, name)().reference(anchor, positive, temperature=0.01)
        for got, want in zip(ours, reference):
            assert abs((mpmath.mpf(float(got)) - want) / want) < 1e-15


def test_float32_is_preserved():
    x = np.ones((2, 3), dtype=np.float32)
    assert E.cosine_distance(x, x).dtype == np.float32
    assert E.triplet_margin_loss(x, x, x, reduction="none").dtype == np.float32
    assert E.nt_xent(x, x).dtype == np.float32


@pytest.mark.parametrize("definition", [S.cosine_distance, S.cosine_embedding_loss])
def test_reference_form_equals_the_definition(definition):
    loss = definition()
    expr, symbols = loss.expression(3)
    form = loss.reference_form.subs(S.DIM, 3).doit()
    rows = {a: row for a, row in zip(loss.arguments, symbols)}
    form = form.xreplace({base[k]: rows[base][k - 1] for base in (S.X1, S.X2) for k in range(1, 4)})
    rng = np.random.default_rng(5)
    flat = [s for group in symbols for s in group] + list(loss.params)
    for _ in range(5):
        values = {s: sp.Float(v, 60) for s, v in zip(flat, rng.normal(size=len(flat)))}
        if S.LABEL in values:
            values[S.LABEL] = 1
        assert abs(sp.N(expr.subs(values) - form.subs(values), 60)) < 1e-50


def test_pytorch_differences_are_where_the_docs_say():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    # cosine of a zero vector: PyTorch says 0, lossbook raises
    zero, one = torch.zeros(1, 2, dtype=torch.float64), torch.ones(1, 2, dtype=torch.float64)
    assert float(F.cosine_similarity(zero, one)) == 0.0
    # pairwise_distance adds eps to every coordinate of the difference
    a = torch.zeros(1, 3, dtype=torch.float64)
    assert float(F.pairwise_distance(a, a)) == pytest.approx(np.sqrt(3) * 1e-6, rel=1e-12)
    assert float(F.pairwise_distance(a, a, eps=0.0)) == 0.0
    # TripletMarginLoss with its default eps differs from the exact loss by about eps * sqrt(D)
    an, p, n = [[0.0, 0.0, 0.0]], [[3.0, 4.0, 0.0]], [[0.0, 0.0, 5.5]]
    theirs = float(F.triplet_margin_loss(*(torch.tensor(x, dtype=torch.float64) for x in (an, p, n))))
    ours = float(E.triplet_margin_loss(an, p, n))
    assert ours == 0.5 and abs(theirs - ours) > 1e-7
    # nearly parallel similar pair: PyTorch's eps on the squared norms gives 1e-12; ours is 5e-21
    x1, x2 = torch.tensor([[1.0, 0.0]], dtype=torch.float64), torch.tensor([[1.0, 1e-10]], dtype=torch.float64)
    assert float(F.cosine_embedding_loss(x1, x2, torch.ones(1))) == pytest.approx(1e-12, rel=1e-3)
    # TripletMarginWithDistanceLoss with an exact distance agrees
    loss = torch.nn.TripletMarginWithDistanceLoss(distance_function=torch.nn.PairwiseDistance(eps=0.0), swap=True)
    rng = np.random.default_rng(2)
    arrays = [rng.normal(size=(16, 5)) for _ in range(3)]
    theirs = float(loss(*(torch.from_numpy(x) for x in arrays)))
    assert theirs == pytest.approx(float(E.triplet_margin_loss(*arrays, swap=True)), rel=1e-13)


def test_optax_eps_under_the_root():
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    optax = pytest.importorskip("optax")
    a = jax.numpy.zeros((1, 2))
    p = jax.numpy.zeros((1, 2))
    n = jax.numpy.array([[1.0, 0.0]])
    # sqrt(0 + 1e-6) - sqrt(1 + 1e-6) + 1 instead of 0 - 1 + 1 = 0
    assert float(optax.losses.triplet_margin_loss(a, p, n)[0]) == pytest.approx(1e-3 - 5e-7, rel=1e-6)
    assert E.triplet_margin_loss(np.zeros((1, 2)), np.zeros((1, 2)), [[1.0, 0.0]]) == 0.0
    # optax's cosine_similarity (epsilon=0) is NaN for a zero vector
    assert np.isnan(float(optax.losses.cosine_similarity(jax.numpy.zeros(2), jax.numpy.ones(2))))
