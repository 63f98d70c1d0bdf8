"""Classification losses: binary, multi-class and multi-label.

All take ``(y_true, y_pred)`` — the scikit-learn and Keras order, the
reverse of PyTorch's ``(input, target)`` — and ``reduction="mean" | "sum" |
"none"``.  Logarithms are natural (losses in nats).

========================  ==========================  ========================================
task                      last-layer activation       loss
========================  ==========================  ========================================
binary                    sigmoid                     :func:`binary_cross_entropy`
binary                    none (logits)               :func:`binary_cross_entropy_with_logits`
binary, labels ±1         tanh (or none)              :func:`hinge`, :func:`squared_hinge`
multi-class               softmax                     :func:`categorical_cross_entropy`,
                                                      :func:`sparse_categorical_cross_entropy`,
                                                      :func:`kl_divergence`
multi-class               none (logits)               :func:`categorical_cross_entropy_with_logits`,
                                                      :func:`sparse_categorical_cross_entropy_with_logits`
multi-label               sigmoid per class           :func:`multilabel_binary_cross_entropy`
multi-label               none (logits)               :func:`multilabel_binary_cross_entropy_with_logits`
========================  ==========================  ========================================

Probabilities must lie in :math:`[0, 1]` (and, for the multi-class losses,
each row must sum to 1); nothing is clipped or renormalised, and a loss whose
true value is infinite (a certain, wrong prediction) is ``inf``.  The
``*_with_logits`` functions take the raw outputs of the last layer and are
the same as their probability counterparts called with ``from_logits=True``.
"""

from __future__ import annotations

from ._binary import binary_cross_entropy, binary_cross_entropy_with_logits, hinge, squared_hinge
from ._multiclass import (
    categorical_cross_entropy,
    categorical_cross_entropy_with_logits,
    kl_divergence,
    sparse_categorical_cross_entropy,
    sparse_categorical_cross_entropy_with_logits,
)
from ._multilabel import multilabel_binary_cross_entropy, multilabel_binary_cross_entropy_with_logits

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "hinge",
    "squared_hinge",
    "categorical_cross_entropy",
    "categorical_cross_entropy_with_logits",
    "sparse_categorical_cross_entropy",
    "sparse_categorical_cross_entropy_with_logits",
    "kl_divergence",
    "multilabel_binary_cross_entropy",
    "multilabel_binary_cross_entropy_with_logits",
]
