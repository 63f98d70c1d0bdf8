"""The losses, one module per family; every name is also in the flat :mod:`lossbook` namespace.

===================================  ===============================================================
module                               losses
===================================  ===============================================================
:mod:`!lossbook.losses.regression`   squared, absolute, Huber, log-cosh, quantile, … errors
:mod:`!lossbook.losses.binary`       binary cross-entropy, hinge, squared hinge
:mod:`!lossbook.losses.multiclass`   categorical and sparse categorical cross-entropy, KL divergence
:mod:`!lossbook.losses.multilabel`   multi-label binary cross-entropy
:mod:`!lossbook.losses.embedding`    cosine, contrastive, triplet and InfoNCE losses
:mod:`!lossbook.losses.adversarial`  GAN discriminator and generator losses, the WGAN-GP penalty
:mod:`!lossbook.losses.structure`    graph regularisation and adversarial perturbations
===================================  ===============================================================

The classification losses all take ``(y_true, y_pred)`` — the scikit-learn and Keras order, the
reverse of PyTorch's ``(input, target)`` — and ``reduction="mean" | "sum" |
"none"``.  Logarithms are natural (losses in nats).

========================  ==========================  ========================================
task                      last-layer activation       loss
========================  ==========================  ========================================
binary                    sigmoid, or none (logits)   :func:`binary_cross_entropy`
binary, rare positives    sigmoid, or none (logits)   :func:`binary_focal_loss`
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

from . import adversarial, binary, embedding, multiclass, multilabel, regression, structure
from .adversarial import *  # noqa: F401,F403
from .binary import *  # noqa: F401,F403
from .embedding import *  # noqa: F401,F403
from .multiclass import *  # noqa: F401,F403
from .multilabel import *  # noqa: F401,F403
from .regression import *  # noqa: F401,F403
from .structure import *  # noqa: F401,F403

__all__ = [*regression.__all__, *binary.__all__, *multiclass.__all__, *multilabel.__all__, *embedding.__all__,
           *adversarial.__all__, *structure.__all__]
