"""``sample_weight`` on the similarity and embedding losses: the conventions, pinned against PyTorch and Keras.

No framework takes per-pair or per-triplet weights for these losses, so the
convention is scikit-learn's: PyTorch's ``reduction="none"`` loss times the
weights, then ``sum(w·ℓ) / sum(w)`` for ``"mean"`` and ``sum(w·ℓ)`` for
``"sum"``.  Keras's ``CosineSimilarity`` loss does take ``sample_weight``
(it is ``-cos``), with ``reduction="mean_with_sample_weight"`` for the same
weighted mean.  For InfoNCE and NT-Xent a weight belongs to an anchor (a
pair): it scales that anchor's loss and leaves the batch of negatives alone.
Framework tests skip when the framework is absent.
"""

import numpy as np
import pytest

import lossbook as lb

KERAS_RTOL = 2e-6  # Keras on JAX computes in float32
TORCH_RTOL = 1e-12  # PyTorch computes with eps and its own rounding; the inputs keep its eps terms negligible


def _pairs(n=40, dimension=5, seed=0):
    rng = np.random.default_rng(seed)
    x1 = rng.normal(0.0, 10.0, (n, dimension))  # norms of 10 or more: PyTorch's 1e-12 under the root is negligible
    x2 = x1 + rng.normal(0.0, 10.0, (n, dimension))
    negative = x1 + rng.normal(0.0, 15.0, (n, dimension))
    weights = rng.uniform(0.1, 3.0, n)
    weights[1] = 0.0
    return x1, x2, negative, weights


def _sklearn_reduce(losses, weights, reduction):
    """scikit-learn's reading of ``sample_weight``: a weighted mean, or the weighted sum, or the weighted losses."""
    weighted = weights * losses
    return {"mean": np.sum(weighted) / np.sum(weights), "sum": np.sum(weighted), "none": weighted}[reduction]


@pytest.fixture(scope="module")
def torch():
    torch = pytest.importorskip("torch")
    return torch


def _torch_cases(torch):
    """(lossbook call, PyTorch per-sample losses) on ``(x1, x2, negative, labels)``."""
    F = torch.nn.functional
    t = torch.from_numpy

    def distance(u, v):
        return F.pairwise_distance(t(u), t(v), eps=0.0)

    return {
        "cosine_similarity": (
            lambda x1, x2, n, y, **k: lb.cosine_similarity(x1, x2, **k),
            lambda x1, x2, n, y: F.cosine_similarity(t(x1), t(x2), dim=-1)),
        "cosine_distance": (
            lambda x1, x2, n, y, **k: lb.cosine_distance(x1, x2, **k),
            lambda x1, x2, n, y: 1 - F.cosine_similarity(t(x1), t(x2), dim=-1)),
        "cosine_embedding_loss": (
            lambda x1, x2, n, y, **k: lb.cosine_embedding_loss(x1, x2, y, margin=0.2, **k),
            lambda x1, x2, n, y: F.cosine_embedding_loss(t(x1), t(x2), t(y), margin=0.2, reduction="none")),
        "contrastive_loss": (
            lambda x1, x2, n, y, **k: lb.contrastive_loss(x1, x2, (y + 1) / 2, margin=20.0, **k),
            lambda x1, x2, n, y: torch.where(t(y) == 1, distance(x1, x2) ** 2,
                                             torch.clamp(20.0 - distance(x1, x2), min=0) ** 2)),
        "triplet_margin_loss": (
            lambda x1, x2, n, y, **k: lb.triplet_margin_loss(x1, x2, n, margin=5.0, **k),
            lambda x1, x2, n, y: F.triplet_margin_loss(t(x1), t(x2), t(n), margin=5.0, eps=0.0, reduction="none")),
        "triplet_margin_loss(swap=True)": (
            lambda x1, x2, n, y, **k: lb.triplet_margin_loss(x1, x2, n, swap=True, **k),
            lambda x1, x2, n, y: F.triplet_margin_loss(t(x1), t(x2), t(n), swap=True, eps=0.0, reduction="none")),
        "soft_margin_triplet_loss": (
            lambda x1, x2, n, y, **k: lb.soft_margin_triplet_loss(x1, x2, n, **k),
            lambda x1, x2, n, y: F.softplus(distance(x1, x2) - distance(x1, n), threshold=50.0)),
    }


CASE_NAMES = ["cosine_similarity", "cosine_distance", "cosine_embedding_loss", "contrastive_loss",
              "triplet_margin_loss", "triplet_margin_loss(swap=True)", "soft_margin_triplet_loss"]


@pytest.mark.frameworks
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name", CASE_NAMES)
def test_weighted_losses_agree_with_pytorch_unreduced_times_the_weights(torch, name, reduction):
    x1, x2, negative, weights = _pairs(seed=CASE_NAMES.index(name))
    labels = np.where(np.arange(len(x1)) % 3 == 0, -1.0, 1.0)
    ours, theirs = _torch_cases(torch)[name]
    per_sample = theirs(x1, x2, negative, labels).numpy()
    expected = _sklearn_reduce(per_sample, weights, reduction)
    got = ours(x1, x2, negative, labels, sample_weight=weights, reduction=reduction)
    np.testing.assert_allclose(got, expected, rtol=TORCH_RTOL, atol=1e-15)


def _torch_info_nce(torch, anchor, positive, temperature):
    F = torch.nn.functional
    logits = F.normalize(torch.from_numpy(anchor)) @ F.normalize(torch.from_numpy(positive)).T / temperature
    return F.cross_entropy(logits, torch.arange(len(anchor)), reduction="none").numpy()


def _torch_nt_xent(torch, anchor, positive, temperature):
    F = torch.nn.functional
    views = F.normalize(torch.cat([torch.from_numpy(anchor), torch.from_numpy(positive)]))
    logits = views @ views.T / temperature
    logits.fill_diagonal_(-float("inf"))
    n = len(anchor)
    partner = torch.cat([torch.arange(n, 2 * n), torch.arange(n)])
    per_view = F.cross_entropy(logits, partner, reduction="none").numpy()
    return 0.5 * (per_view[:n] + per_view[n:])


@pytest.mark.frameworks
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("loss, reference", [(lb.info_nce, _torch_info_nce), (lb.nt_xent, _torch_nt_xent)],
                         ids=["info_nce", "nt_xent"])
def test_batch_losses_weigh_each_anchor_as_pytorch_unreduced_times_the_weights(torch, loss, reference, reduction):
    anchor, positive, _, weights = _pairs(n=12, dimension=6, seed=7)
    per_anchor = reference(torch, anchor, positive, 0.3)
    got = loss(anchor, positive, temperature=0.3, sample_weight=weights, reduction=reduction)
    np.testing.assert_allclose(got, _sklearn_reduce(per_anchor, weights, reduction), rtol=TORCH_RTOL)


@pytest.mark.frameworks
def test_weighted_cosine_similarity_is_minus_keras_cosine_similarity_loss():
    keras = pytest.importorskip("keras")
    x1, x2, _, weights = _pairs(n=30, dimension=4, seed=3)
    x1, x2, weights = (a.astype(np.float32).astype(np.float64) for a in (x1, x2, weights))
    f32 = [np.float32(a) for a in (x1, x2, weights)]
    with_weights = keras.losses.CosineSimilarity(reduction="mean_with_sample_weight")
    np.testing.assert_allclose(-float(with_weights(*f32[:2], sample_weight=f32[2])),
                               lb.cosine_similarity(x1, x2, sample_weight=weights), rtol=KERAS_RTOL)
    # Keras's default divides the weighted sum by the number of pairs.
    default = keras.losses.CosineSimilarity()
    np.testing.assert_allclose(-float(default(*f32[:2], sample_weight=f32[2])),
                               lb.cosine_similarity(x1, x2, sample_weight=weights, reduction="sum") / len(x1),
                               rtol=KERAS_RTOL)


# --------------------------------------------------------------------------- lossbook's own conventions
def test_a_zero_weight_drops_an_anchors_loss_but_keeps_its_positive_as_a_negative():
    anchor, positive, _, _ = _pairs(n=6, dimension=4, seed=11)
    weights = np.array([0.0, 1, 1, 1, 1, 1])
    per_anchor = lb.info_nce(anchor, positive, reduction="none")
    weighted = lb.info_nce(anchor, positive, sample_weight=weights)
    assert weighted == pytest.approx(np.mean(per_anchor[1:]), rel=1e-15)
    # Removing the row instead also removes a negative from every other anchor's softmax: a different number.
    assert abs(weighted - lb.info_nce(anchor[1:], positive[1:])) > 1e-3 * weighted
    pairs = lb.nt_xent(anchor, positive, reduction="none")
    assert lb.nt_xent(anchor, positive, sample_weight=weights) == pytest.approx(np.mean(pairs[1:]), rel=1e-15)


def test_weights_follow_the_leading_axes_of_the_vectors():
    rng = np.random.default_rng(5)
    x1, x2 = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 3, 4))
    losses = lb.cosine_distance(x1, x2, reduction="none")
    assert losses.shape == (2, 3)
    per_group = np.array([2.0, 0.5])  # one weight for each of the 2 groups of 3 pairs
    np.testing.assert_allclose(lb.cosine_distance(x1, x2, sample_weight=per_group, reduction="none"),
                               per_group[:, None] * losses, rtol=1e-15)
    np.testing.assert_allclose(lb.cosine_distance(x1, x2, sample_weight=per_group),
                               np.sum(per_group[:, None] * losses) / (3 * np.sum(per_group)), rtol=1e-14)


def test_a_weight_per_coordinate_is_refused():
    x1, x2, negative, _ = _pairs(n=4, dimension=3)
    with pytest.raises(ValueError, match=r"sample_weight must have the shape of the per-sample losses.*\(4,\)"):
        lb.triplet_margin_loss(x1, x2, negative, sample_weight=np.ones((4, 3)))
    with pytest.raises(ValueError, match="sample_weight must have the shape"):
        lb.info_nce(x1, x2, sample_weight=np.ones(5))


def test_a_zero_weight_drops_a_pair_whose_loss_overflows():
    # the squared distance of (1e200, -1e200) overflows to inf; its weight 0 leaves the cost finite
    x1 = np.array([[1e200, 0.0], [1.0, 0.0]])
    x2 = np.array([[-1e200, 0.0], [4.0, 4.0]])
    assert np.isinf(lb.contrastive_loss(x1, x2, [1, 1], reduction="none")[0])
    assert lb.contrastive_loss(x1, x2, [1, 1], sample_weight=[0.0, 2.0]) == 25.0


def test_input_errors_come_before_weight_errors_and_name_the_argument():
    with pytest.raises(ValueError, match="x1 holds a zero vector"):
        lb.cosine_distance([[0.0, 0.0]], [[1.0, 0.0]], sample_weight=[-1.0])
    with pytest.raises(ValueError, match="sample_weight must hold weights >= 0"):
        lb.cosine_distance([[1.0, 0.0]], [[1.0, 0.0]], sample_weight=[-1.0])
    with pytest.raises(ValueError, match="reduction must be one of"):
        lb.soft_margin_triplet_loss([[0.0]], [[1.0]], [[2.0]], sample_weight=[1.0], reduction="avg")
