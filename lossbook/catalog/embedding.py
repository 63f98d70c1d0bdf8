"""Catalog records of the similarity and embedding losses.

Their arguments are embeddings (one vector per row, last axis) and, for
pair losses, a label per pair.  Each ``frameworks`` entry computes the same
mean cost, convention differences included: PyTorch's ``pairwise_distance``
adds ``eps=1e-6`` to every coordinate of the difference and optax's
``triplet_margin_loss`` adds ``eps=1e-6`` under the square root, so both
are called with ``eps=0``; Keras's ``CosineSimilarity`` loss is
:math:`-\\cos`, one less than the cosine distance; optax's ``ntxent`` takes
the stacked views with a pair label per view.  PyTorch's
``cosine_embedding_loss`` adds ``1e-12`` to each squared norm (a relative
difference below 1e-14 for the test samples).  The tests run every string.

The cosine similarity itself (:func:`lossbook.cosine_similarity`) is a
similarity, not a loss, and has no record; its loss is the cosine distance.
"""

from __future__ import annotations

from ..losses import embedding as numeric
from ._record import Argument, LossRecord, Parameter

#: The temperature of InfoNCE and NT-Xent, as the explorers move it (log scale).
TEMPERATURE = Parameter("temperature", "τ", 0.01, 10.0, log=True)

__all__ = ["RECORDS", "TASK"]

_SYMBOLIC = "lossbook.symbolic.embedding:"

#: The task these losses serve (one of ``TASKS``).
TASK = "metric learning"

_PAIR = (Argument("x1", "embedding"), Argument("x2", "embedding"))
_LABELLED_PAIR = (*_PAIR, Argument("label", "label"))
_TRIPLET = (Argument("anchor", "embedding"), Argument("positive", "embedding"), Argument("negative", "embedding"))
_BATCH = (Argument("anchor", "embedding"), Argument("positive", "embedding"))

_NONE = "none (any embedding; the loss normalises)"
_ANY = "none (any embedding; often L2-normalised)"

_TORCH_DISTANCE = "torch.nn.functional.pairwise_distance({}, {}, eps=0.0)"

RECORDS = (
    LossRecord(
        name="cosine_distance",
        title="Cosine distance",
        short_name="cosine distance",
        color="#3a6ea5",
        aliases=("cosine_loss", "cosine_similarity_loss"),
        task=TASK,
        numeric=numeric.cosine_distance,
        symbolic=_SYMBOLIC + "cosine_distance",
        activation=_NONE,
        domain="cosine-pair",
        reference="manning2008introduction",
        arguments=_PAIR,
        gradient_argument="x1",
        frameworks={
            "PyTorch": "(1 - torch.nn.functional.cosine_similarity(x1, x2, dim=-1)).mean()",
            "Keras": "1 + keras.losses.CosineSimilarity()(x1, x2)",
            "optax": "optax.losses.cosine_distance(x1, x2).mean()",
        },
    ),
    LossRecord(
        name="cosine_embedding_loss",
        title="Cosine embedding loss",
        short_name="cosine embedding",
        color="#6a4c93",
        aliases=("cosine_embedding",),
        task=TASK,
        numeric=numeric.cosine_embedding_loss,
        symbolic=_SYMBOLIC + "cosine_embedding_loss",
        activation=_NONE,
        domain="cosine-label-pair",
        reference="paszke2019pytorch",
        arguments=_LABELLED_PAIR,
        gradient_argument="x1",
        params={"margin": (-0.2, 0.0, 0.6)},
        parameters=(Parameter("margin", "m", -1.0, 1.0, step=0.05),),
        frameworks={
            "PyTorch": "torch.nn.functional.cosine_embedding_loss(x1, x2, label, margin=margin)",
        },
    ),
    LossRecord(
        name="contrastive_loss",
        title="Contrastive loss",
        short_name="contrastive",
        color="#edae49",
        aliases=("contrastive", "siamese_contrastive_loss"),
        task=TASK,
        numeric=numeric.contrastive_loss,
        symbolic=_SYMBOLIC + "contrastive_loss",
        activation=_ANY,
        domain="contrastive-pair",
        reference="hadsell2006dimensionality",
        arguments=_LABELLED_PAIR,
        gradient_argument="x1",
        params={"margin": (0.5, 1.0, 5.0)},
        parameters=(Parameter("margin", "m", 0.0, 3.0, step=0.05),),
        frameworks={},  # TensorFlow Addons' contrastive_loss(label, distance, margin) is the same; no framework here has it
    ),
    LossRecord(
        name="triplet_margin_loss",
        title="Triplet margin loss",
        short_name="triplet (hinge)",
        color="#2a9d8f",
        aliases=("triplet_loss", "triplet"),
        task=TASK,
        numeric=numeric.triplet_margin_loss,
        symbolic=_SYMBOLIC + "triplet_margin_loss",
        activation=_ANY,
        domain="triplet",
        reference="schroff2015facenet",
        arguments=_TRIPLET,
        gradient_argument="anchor",
        # swap: the default False is the middle value, so the framework strings run without it (optax has no swap)
        params={"margin": (0.5, 1.0, 2.0), "swap": (True, False)},
        parameters=(Parameter("margin", "m", 0.0, 2.0, step=0.025),),
        frameworks={
            "PyTorch": "torch.nn.functional.triplet_margin_loss(anchor, positive, negative, margin=margin, swap=swap, eps=0.0)",
            "optax": "optax.losses.triplet_margin_loss(anchor, positive, negative, margin=margin, eps=0.0).mean()",
        },
    ),
    LossRecord(
        name="soft_margin_triplet_loss",
        title="Soft-margin triplet loss",
        short_name="triplet (soft margin)",
        color="#d1495b",
        aliases=("soft_triplet_loss",),
        task=TASK,
        numeric=numeric.soft_margin_triplet_loss,
        symbolic=_SYMBOLIC + "soft_margin_triplet_loss",
        activation=_ANY,
        domain="soft-triplet",
        reference="hermans2017defense",
        arguments=_TRIPLET,
        gradient_argument="anchor",
        params={"swap": (True, False)},
        frameworks={
            "PyTorch": "torch.nn.functional.softplus(" + _TORCH_DISTANCE.format("anchor", "positive") + " - "
                       + _TORCH_DISTANCE.format("anchor", "negative") + ").mean()",
        },
    ),
    LossRecord(
        name="info_nce",
        title="InfoNCE (in-batch negatives)",
        short_name="InfoNCE",
        color="#8e5572",
        aliases=("infonce", "clip_loss_one_direction"),
        task=TASK,
        numeric=numeric.info_nce,
        symbolic=_SYMBOLIC + "info_nce",
        activation=_NONE,
        domain="embedding-batch",
        reference="oord2018representation",
        arguments=_BATCH,
        gradient_argument="anchor",
        params={"temperature": (0.01, 0.07, 1.0)},
        parameters=(TEMPERATURE,),
        frameworks={
            "PyTorch": "torch.nn.functional.cross_entropy(torch.nn.functional.normalize(anchor) @ "
                       "torch.nn.functional.normalize(positive).T / temperature, torch.arange(len(anchor)))",
        },
    ),
    LossRecord(
        name="nt_xent",
        title="NT-Xent (SimCLR)",
        short_name="NT-Xent",
        color="#3a6ea5",
        aliases=("ntxent", "normalized_temperature_scaled_cross_entropy", "simclr_loss"),
        task=TASK,
        numeric=numeric.nt_xent,
        symbolic=_SYMBOLIC + "nt_xent",
        activation=_NONE,
        domain="embedding-batch",
        reference="chen2020simple",
        arguments=_BATCH,
        gradient_argument="anchor",
        params={"temperature": (0.01, 0.07, 1.0)},
        parameters=(TEMPERATURE,),
        frameworks={
            "optax": "optax.losses.ntxent(jnp.concatenate([anchor, positive]), "
                     "jnp.concatenate([jnp.arange(len(anchor))] * 2), temperature=temperature)",
        },
    ),
)
