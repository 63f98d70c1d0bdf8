"""Structure regularisers: the neighbour distances against their SymPy definitions at 50 digits,
the graph term, the max_neighbors pitfall, adversarial steps and the closed-form graph fit."""

import numpy as np
import pytest

import lossbook
from lossbook import graphs
from lossbook.examples import structure as ex
from lossbook.symbolic.structure import distance_definition
from lossbook.testing import mismatches


def _rows(distance):
    """Hard rows: identical, nearly identical, far apart, huge/tiny coordinates (distributions for divergences)."""
    if "divergence" in distance:
        u = np.array([[0.5, 0.3, 0.2], [0.5, 0.3, 0.2], [1.0, 0.0, 0.0], [0.25, 0.25, 0.5], [0.5, 0.5, 0.0],
                      [1e-300, 0.5, 0.5]])
        v = np.array([[0.5, 0.3, 0.2], [0.5 + 2**-40, 0.3 - 2**-40, 0.2], [0.5, 0.5, 0.0], [0.5, 0.25, 0.25],
                      [0.5, 0.5, 0.0], [0.5, 0.25, 0.25]])
        if distance == "kl_divergence":  # KL(u || v) is infinite where v is 0 and u is not
            u, v = u[[0, 3, 4, 5]], v[[0, 3, 4, 5]]
        return u, v
    u = np.array([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1e300, -1e300, 0.0], [1e-300, 5e-324, 0.0], [1.0, 1e-10, 0.0]])
    v = np.array([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0 + 2**-50], [1e300, 1e300, 1.0], [0.0, 0.0, 1e-300], [1.0, 0.0, 0.0]])
    return u, v


@pytest.mark.parametrize("distance", lossbook.DISTANCES)
def test_neighbor_distance_matches_its_definition(distance):
    u, v = _rows(distance)
    if distance == "l2":
        u, v = u[[0, 1, 3, 4]], v[[0, 1, 3, 4]]  # (2e300)^2 overflows: inf, checked below
    got = lossbook.neighbor_distance(u, v, distance=distance)
    problems = mismatches(got, distance_definition(distance).reference(u, v), rtol=4e-16 * 10)
    assert not problems, f"{distance}: {problems}"


def test_identical_neighbours_cost_exactly_zero():
    p = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
    for distance in lossbook.DISTANCES:
        assert (lossbook.neighbor_distance(p, p.copy(), distance=distance) == 0).all(), distance


def test_squared_l2_overflows_only_when_the_true_value_does():
    assert lossbook.neighbor_distance([[1e154, 0.0]], [[0.0, 0.0]])[0] == 1e308
    assert np.isinf(lossbook.neighbor_distance([[1e300, 0.0]], [[-1e300, 0.0]])[0])


def test_jensen_shannon_is_bounded_by_ln2_and_symmetric():
    p, q = np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]])
    assert lossbook.neighbor_distance(p, q, distance="jensen_shannon_divergence")[0] == pytest.approx(np.log(2), rel=1e-15)
    rng = np.random.default_rng(0)
    a, b = rng.dirichlet(np.ones(4), 5), rng.dirichlet(np.ones(4), 5)
    np.testing.assert_allclose(lossbook.neighbor_distance(a, b, distance="jensen_shannon_divergence"),
                               lossbook.neighbor_distance(b, a, distance="jensen_shannon_divergence"), rtol=1e-15)


def test_graph_term_is_the_weighted_sum_of_distances():
    rng = np.random.default_rng(1)
    h, neighbors, weights = rng.normal(size=(4, 3)), rng.normal(size=(4, 2, 3)), rng.uniform(size=(4, 2))
    by_hand = np.array([sum(weights[i, j] * np.sum((h[i] - neighbors[i, j]) ** 2) for j in range(2)) for i in range(4)])
    np.testing.assert_allclose(lossbook.graph_regularization(h, neighbors, weights, reduction="none"), by_hand, rtol=1e-14)
    first = lossbook.graph_regularization(h, neighbors, weights, max_neighbors=1, reduction="none")
    np.testing.assert_allclose(first, weights[:, 0] * np.sum((h - neighbors[:, 0]) ** 2, axis=-1), rtol=1e-14)
    # a missing neighbour (weight 0) adds nothing, even if its embedding is huge
    neighbors[0, 1] = 1e300
    weights[0, 1] = 0.0
    assert np.isfinite(lossbook.graph_regularization(h, neighbors, weights))


def test_nsl_default_max_neighbors_is_refused_with_the_reason():
    assert ex.NSL_MAX_NEIGHBORS == 0
    h, neighbors, weights = np.zeros((1, 2)), np.ones((1, 1, 2)), np.ones((1, 1))
    assert lossbook.graph_regularization(h, neighbors, weights) == 2.0
    with pytest.raises(ValueError, match=r"max_neighbors=0 uses no neighbour.*NSL's default"):
        lossbook.graph_regularization(h, neighbors, weights, max_neighbors=ex.NSL_MAX_NEIGHBORS)
    with pytest.raises(ValueError, match="between 1 and the K = 1"):
        lossbook.graph_regularization(h, neighbors, weights, max_neighbors=2)


@pytest.mark.parametrize("call, message", [
    (lambda: lossbook.graph_regularization(np.zeros((2, 3)), np.zeros((2, 3)), np.ones((2, 1))),
     "neighbor_embeddings must have shape"),
    (lambda: lossbook.graph_regularization(np.zeros((2, 3)), np.zeros((2, 1, 3)), np.ones((2, 2))),
     "neighbor_weights must have shape"),
    (lambda: lossbook.graph_regularization(np.zeros((1, 3)), np.zeros((1, 1, 3)), -np.ones((1, 1))),
     "neighbor_weights must be >= 0"),
    (lambda: lossbook.neighbor_distance([[1.0]], [[1.0]], distance="euclidean"), "distance must be one of"),
    (lambda: lossbook.neighbor_distance([[0.5, 0.6]], [[0.5, 0.5]], distance="kl_divergence"), "y_true must be"),
    (lambda: lossbook.adversarial_perturbation([[1.0]], norm="l3"), "norm must be one of"),
    (lambda: lossbook.adversarial_perturbation([[1.0]], step_size=-1.0), "step_size must be"),
    (lambda: lossbook.logistic_adversarial_loss([2.0], [[1.0]], [1.0], epsilon=0.1), r"y_true must hold labels in \[0, 1\]"),
    (lambda: lossbook.logistic_adversarial_loss([1.0], [[1.0, 2.0]], [1.0], epsilon=0.1), "x must have shape"),
])
def test_bad_input_names_the_argument(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_adversarial_perturbation_normalises_and_leaves_zero_gradients_alone():
    g = np.array([[3.0, -4.0], [0.0, 0.0], [3e-320, 4e-320], [3e300, 4e300]])
    l2 = lossbook.adversarial_perturbation(g, step_size=2.0)
    np.testing.assert_allclose(l2[[0, 2, 3]], [[1.2, -1.6]] + [[1.2, 1.6]] * 2, rtol=1e-15)
    assert (l2[1] == 0).all()
    assert lossbook.adversarial_perturbation(g, step_size=2.0, norm="infinity")[0].tolist() == [2.0, -2.0]
    np.testing.assert_allclose(lossbook.adversarial_perturbation(g[:1], step_size=7.0, norm="l1"), [[3.0, -4.0]])


def test_logistic_adversarial_loss_is_the_loss_at_the_fgsm_point():
    rng = np.random.default_rng(2)
    x, w, b = rng.normal(size=(6, 3)), rng.normal(size=3), 0.3
    y = rng.integers(0, 2, 6).astype(float)
    for norm in lossbook.NORMS:
        z = x @ w + b
        gradient = (lossbook.sigmoid(z) - y)[:, None] * w  # of the cross-entropy by the input
        moved = x + lossbook.adversarial_perturbation(gradient, step_size=0.4, norm=norm)
        expected = lossbook.binary_cross_entropy(y, moved @ w + b, from_logits=True, reduction="none")
        got = lossbook.logistic_adversarial_loss(y, x, w, b, epsilon=0.4, norm=norm, reduction="none")
        np.testing.assert_allclose(got, expected, rtol=1e-12)
        assert (got >= lossbook.logistic_adversarial_loss(y, x, w, b, epsilon=0.0, reduction="none")).all()


def test_logistic_adversarial_step_is_exact_where_the_gradient_rounds_to_zero():
    # p = sigmoid(40) rounds to 1, so (p - y) w is 0 in float64, but the true gradient is not
    loss = lossbook.logistic_adversarial_loss([1.0], [[40.0]], [1.0], epsilon=1.0)
    assert loss == pytest.approx(lossbook.binary_cross_entropy([1.0], [39.0], from_logits=True), rel=1e-15)
    # a zero weight vector: no gradient at all, no step
    assert lossbook.logistic_adversarial_loss([1.0], [[2.0]], [0.0], 0.5, epsilon=3.0) == pytest.approx(
        lossbook.binary_cross_entropy([1.0], [0.5], from_logits=True), rel=1e-15)


def test_graph_fit_solves_its_normal_equations():
    weights = graphs.knn_graph(ex.MOON_POINTS, 3)
    assert (weights == weights.T).all() and (np.diag(weights) == 0).all()
    f = np.array(graphs.laplacian_least_squares(weights, ex.LABELLED, ex.LABELLED_TARGETS, alpha=2.0, ridge=ex.RIDGE))
    system = 2.0 * graphs.laplacian(weights) + ex.RIDGE * np.eye(len(f))
    rhs = np.zeros(len(f))
    for i, y in zip(ex.LABELLED, ex.LABELLED_TARGETS):
        system[i, i] += 1
        rhs[i] = y
    np.testing.assert_allclose(f, np.linalg.solve(system, rhs), rtol=1e-10, atol=1e-13)
    # the penalty is f'Lf
    assert graphs.graph_penalty(f, weights) == pytest.approx(f @ graphs.laplacian(weights) @ f, rel=1e-12)


def test_graph_fit_without_edges_learns_nothing_about_unlabelled_points():
    f = graphs.laplacian_least_squares(graphs.knn_graph(ex.MOON_POINTS, 0), ex.LABELLED, ex.LABELLED_TARGETS, alpha=1.0)
    assert all(f[i] == 0 for i in range(len(f)) if i not in ex.LABELLED)


def test_graph_explorer_opens_on_the_chapter_numbers():
    from lossbook.widgets import adversarial_step_explorer, graph_fit_explorer

    shown = graph_fit_explorer().outputs
    assert shown["accuracy"] > 0.9 and shown["edges"] > 0
    assert graph_fit_explorer(neighbors=0).outputs["graph_term"] == 0.0
    step = adversarial_step_explorer().outputs
    assert step["adversarial_loss"] > step["clean_loss"]
