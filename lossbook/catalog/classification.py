"""Catalog records of the classification losses.

The four cross-entropies take logits with ``from_logits=True``: one public
function and one record each, the logits form a :class:`Variant` with its own
definition, input domain and framework calls.

Each ``frameworks`` entry is the exact call that computes the same mean cost
in that framework, convention differences included: PyTorch takes
``(input, target)`` and integer targets as ``long``; optax takes
``(logits, labels)`` and returns per-sample losses; Keras and PyTorch average
multi-label losses over the labels where lossbook sums them.  The tests run
every string (tests/test_frameworks.py), so the book's table is right by
construction.
"""

from __future__ import annotations

from .. import losses as numeric
from ._record import LossRecord, Parameter, Variant

__all__ = ["RECORDS", "FOCAL_GAMMAS", "FOCAL_ALPHAS"]

#: The focal loss's ``gamma`` values the generic tests try (0 is cross-entropy; the middle one, 2, the default).
FOCAL_GAMMAS = (0.0, 0.5, 2.0, 5.0)
#: Its ``alpha`` values (the middle one, 0.25, is torchvision's default); ``alpha=None`` is tested apart.
FOCAL_ALPHAS = (0.1, 0.25, 0.9)

_SYMBOLIC = "lossbook.symbolic.classification:"
_LOGITS = "none — logits ({} inside the loss)"

RECORDS = (
    LossRecord(
        name="binary_cross_entropy",
        short_name="BCE",
        color="#d1495b",
        title="Binary cross-entropy (log loss)",
        aliases=("bce", "log_loss", "binary_crossentropy", "logistic_loss"),
        task="binary classification",
        numeric=numeric.binary_cross_entropy,
        symbolic=_SYMBOLIC + "binary_cross_entropy",
        activation="sigmoid",
        domain="probability",
        reference="bishop2006pattern",
        frameworks={
            "PyTorch": "torch.nn.functional.binary_cross_entropy(y_pred, y_true)",
            "Keras": "keras.losses.BinaryCrossentropy()(y_true, y_pred)",
            "scikit-learn": "sklearn.metrics.log_loss(y_true, y_pred, labels=[0, 1])",
        },
        variants=(
            Variant(
                keywords={"from_logits": True},
                title="Binary cross-entropy from logits",
                aliases=("binary_cross_entropy_with_logits", "bce_with_logits", "sigmoid_binary_cross_entropy", "sigmoid_cross_entropy"),
                symbolic=_SYMBOLIC + "binary_cross_entropy_with_logits",
                activation=_LOGITS.format("sigmoid"),
                domain="logit",
                frameworks={
                    "PyTorch": "torch.nn.functional.binary_cross_entropy_with_logits(y_pred, y_true)",
                    "Keras": "keras.losses.BinaryCrossentropy(from_logits=True)(y_true, y_pred)",
                    "optax": "optax.losses.sigmoid_binary_cross_entropy(y_pred, y_true).mean()",
                },
            ),
        ),
    ),
    LossRecord(
        name="binary_focal_loss",
        short_name="focal",
        color="#edae49",
        title="Focal loss",
        aliases=("focal_loss", "binary_focal_crossentropy", "binary_focal_cross_entropy"),
        task="binary classification",
        numeric=numeric.binary_focal_loss,
        symbolic=_SYMBOLIC + "binary_focal_loss",
        activation="sigmoid (rare positives)",
        domain="probability",
        reference="lin2017focal",
        # The middle values are the tests' defaults: gamma 2 and alpha 0.25, the paper's choice and
        # torchvision's default (lossbook's own default alpha=None weights both classes 1).
        params={"gamma": FOCAL_GAMMAS, "alpha": FOCAL_ALPHAS},
        parameters=(Parameter("gamma", "γ", 0.0, 5.0, step=0.1, digits=1),),
        frameworks={
            "Keras": "keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=alpha, gamma=gamma)(y_true, y_pred)",
        },
        variants=(
            Variant(
                keywords={"from_logits": True},
                title="Focal loss from logits",
                aliases=("binary_focal_loss_with_logits", "sigmoid_focal_loss", "focal_loss_with_logits"),
                symbolic=_SYMBOLIC + "binary_focal_loss_with_logits",
                activation=_LOGITS.format("sigmoid"),
                domain="logit",
                frameworks={
                    "PyTorch": 'torchvision.ops.sigmoid_focal_loss(y_pred, y_true, alpha=alpha, gamma=gamma, reduction="mean")',
                    "Keras": "keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=alpha, gamma=gamma, from_logits=True)(y_true, y_pred)",
                    "optax": "optax.losses.sigmoid_focal_loss(y_pred, y_true, alpha=alpha, gamma=gamma).mean()",
                },
            ),
        ),
    ),
    LossRecord(
        name="hinge",
        short_name="hinge",
        color="#2a9d8f",
        title="Hinge",
        aliases=("hinge_loss", "svm_loss"),
        task="binary classification",
        numeric=numeric.hinge,
        symbolic=_SYMBOLIC + "hinge",
        activation="none: a linear score (labels ±1)",
        domain="signed-score",
        reference="cortes1995support",
        frameworks={
            "Keras": "keras.losses.Hinge()(y_true, y_pred)",
            "optax": "optax.losses.hinge_loss(y_pred, y_true).mean()",
            "scikit-learn": "sklearn.metrics.hinge_loss(y_true, y_pred)",
        },
    ),
    LossRecord(
        name="squared_hinge",
        short_name="squared hinge",
        color="#6a4c93",
        title="Squared hinge",
        aliases=("squared_hinge_loss", "l2_svm_loss"),
        task="binary classification",
        numeric=numeric.squared_hinge,
        symbolic=_SYMBOLIC + "squared_hinge",
        activation="none: a linear score (labels ±1)",
        domain="signed-score",
        reference="chang2008coordinate",
        frameworks={
            "Keras": "keras.losses.SquaredHinge()(y_true, y_pred)",
        },
    ),
    LossRecord(
        name="categorical_cross_entropy",
        short_name="cross-entropy",
        color="#d1495b",
        title="Categorical cross-entropy",
        aliases=("cross_entropy", "categorical_crossentropy", "cce", "multiclass_cross_entropy"),
        task="multi-class classification",
        numeric=numeric.categorical_cross_entropy,
        symbolic=_SYMBOLIC + "categorical_cross_entropy",
        activation="softmax",
        domain="class-probability",
        reference="goodfellow2016deep",
        frameworks={
            # No cross-entropy of probabilities in PyTorch: log-probabilities are valid logits.
            "PyTorch": "torch.nn.functional.cross_entropy(torch.log(y_pred), y_true)",
            "Keras": "keras.losses.CategoricalCrossentropy()(y_true, y_pred)",
        },
        variants=(
            Variant(
                keywords={"from_logits": True},
                title="Categorical cross-entropy from logits (softmax cross-entropy)",
                aliases=("categorical_cross_entropy_with_logits", "softmax_cross_entropy", "cce_with_logits"),
                symbolic=_SYMBOLIC + "categorical_cross_entropy_with_logits",
                activation=_LOGITS.format("softmax"),
                domain="class-logit",
                frameworks={
                    "PyTorch": "torch.nn.functional.cross_entropy(y_pred, y_true)",
                    "Keras": "keras.losses.CategoricalCrossentropy(from_logits=True)(y_true, y_pred)",
                    "optax": "optax.losses.softmax_cross_entropy(y_pred, y_true).mean()",
                },
            ),
        ),
    ),
    LossRecord(
        name="sparse_categorical_cross_entropy",
        short_name="sparse cross-entropy",
        color="#d1495b",
        title="Sparse categorical cross-entropy (integer labels)",
        aliases=("sparse_categorical_crossentropy", "sparse_cross_entropy", "negative_log_likelihood"),
        task="multi-class classification",
        numeric=numeric.sparse_categorical_cross_entropy,
        symbolic=_SYMBOLIC + "sparse_categorical_cross_entropy",
        activation="softmax",
        domain="class-label-probability",
        reference="goodfellow2016deep",
        frameworks={
            "PyTorch": "torch.nn.functional.nll_loss(torch.log(y_pred), y_true.long())",
            "Keras": "keras.losses.SparseCategoricalCrossentropy()(y_true, y_pred)",
            "scikit-learn": "sklearn.metrics.log_loss(y_true, y_pred, labels=range(y_pred.shape[-1]))",
        },
        variants=(
            Variant(
                keywords={"from_logits": True},
                title="Sparse categorical cross-entropy from logits",
                aliases=("sparse_categorical_cross_entropy_with_logits", "softmax_cross_entropy_with_integer_labels"),
                symbolic=_SYMBOLIC + "sparse_categorical_cross_entropy_with_logits",
                activation=_LOGITS.format("softmax"),
                domain="class-label-logit",
                frameworks={
                    "PyTorch": "torch.nn.functional.cross_entropy(y_pred, y_true.long())",
                    "Keras": "keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y_true, y_pred)",
                    "optax": "optax.losses.softmax_cross_entropy_with_integer_labels(y_pred, y_true).mean()",
                },
            ),
        ),
    ),
    LossRecord(
        name="kl_divergence",
        short_name="KL",
        color="#3a6ea5",
        title="Kullback–Leibler divergence",
        aliases=("kl_div", "kld", "kullback_leibler_divergence", "relative_entropy"),
        task="multi-class classification",
        numeric=numeric.kl_divergence,
        symbolic=_SYMBOLIC + "kl_divergence",
        activation="softmax",
        domain="distribution",
        reference="kullback1951information",
        frameworks={
            "PyTorch": 'torch.nn.functional.kl_div(torch.log(y_pred), y_true, reduction="batchmean")',
            "Keras": "keras.losses.KLDivergence()(y_true, y_pred)",
            "optax": "optax.losses.kl_divergence(jnp.log(y_pred), y_true).mean()",
        },
    ),
    LossRecord(
        name="multilabel_binary_cross_entropy",
        short_name="multi-label BCE",
        color="#d1495b",
        title="Multi-label binary cross-entropy",
        aliases=("multilabel_bce", "multi_label_cross_entropy"),
        task="multi-label classification",
        numeric=numeric.multilabel_binary_cross_entropy,
        symbolic=_SYMBOLIC + "multilabel_binary_cross_entropy",
        activation="sigmoid on every output",
        domain="multilabel-probability",
        reference="zhang2014review",
        frameworks={
            # Both frameworks average over the labels; lossbook sums them.
            "PyTorch": "y_true.shape[-1] * torch.nn.functional.binary_cross_entropy(y_pred, y_true)",
            "Keras": "y_true.shape[-1] * keras.losses.BinaryCrossentropy()(y_true, y_pred)",
        },
        variants=(
            Variant(
                keywords={"from_logits": True},
                title="Multi-label binary cross-entropy from logits",
                aliases=("multilabel_binary_cross_entropy_with_logits", "multilabel_bce_with_logits", "multilabel_soft_margin_loss"),
                symbolic=_SYMBOLIC + "multilabel_binary_cross_entropy_with_logits",
                activation=_LOGITS.format("a sigmoid per output"),
                domain="multilabel-logit",
                frameworks={
                    "PyTorch": "y_true.shape[-1] * torch.nn.functional.multilabel_soft_margin_loss(y_pred, y_true)",
                    "Keras": "y_true.shape[-1] * keras.losses.BinaryCrossentropy(from_logits=True)(y_true, y_pred)",
                    "optax": "optax.losses.sigmoid_binary_cross_entropy(y_pred, y_true).sum(-1).mean()",
                },
            ),
        ),
    ),
)

