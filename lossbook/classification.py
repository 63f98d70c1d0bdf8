"""Classification losses: binary, multi-class and multi-label.

All take ``(y_true, y_pred)`` — the scikit-learn and Keras order, the
reverse of PyTorch's ``(input, target)`` — and ``reduction="mean" | "sum" |
"none"``.  Logarithms are natural (losses in nats).

========================  ==========================  ========================================
task                      last-layer activation       loss
========================  ==========================  ========================================
binary                    sigmoid, or none (logits)   :func:`binary_cross_entropy`
binary, labels ±1         none (a linear score)       :func:`hinge`, :func:`squared_hinge`
multi-class               softmax, or none (logits)   :func:`categorical_cross_entropy`,
                                                      :func:`sparse_categorical_cross_entropy`
multi-class               softmax                     :func:`kl_divergence`
multi-label               sigmoid per class, or none  :func:`multilabel_binary_cross_entropy`
========================  ==========================  ========================================

Probabilities must lie in :math:`[0, 1]` (and, for the multi-class losses,
each row must sum to 1); nothing is clipped or renormalised, and a loss whose
true value is infinite (a certain, wrong prediction) is ``inf``.  The four
cross-entropies take the raw outputs of the last layer (logits) with
``from_logits=True``: the sigmoid or softmax is then applied inside the loss,
stably.
"""

from __future__ import annotations

from ._binary import binary_cross_entropy, hinge, squared_hinge
from ._multiclass import categorical_cross_entropy, kl_divergence, sparse_categorical_cross_entropy
from ._multilabel import multilabel_binary_cross_entropy

__all__ = [
    "binary_cross_entropy",
    "hinge",
    "squared_hinge",
    "categorical_cross_entropy",
    "sparse_categorical_cross_entropy",
    "kl_divergence",
    "multilabel_binary_cross_entropy",
]
