"""Classification worked examples: the data behind the book's examples, named.

Also here: small functions reproducing what a framework computes where it
departs from the textbook loss (Keras clips probabilities, PyTorch caps its
logarithms, ...).  The chapters use them to show the difference, and
tests/test_classification_frameworks.py checks each one against the real
framework.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "DOG_LABEL", "DOG_PROBABILITY", "QUOTED_BCE",
    "HINGE_LABEL", "HINGE_SCORE", "IMBALANCED_COUNTS", "imbalanced_feature",
    "ANIMALS", "CAT_TARGET", "CAT_LABEL", "ANIMAL_PROBABILITIES", "QUOTED_CE", "ANIMAL_LOGITS", "ANIMAL_PREDICTION_LOGITS", "NEGATIVE_LOGITS", "TEMPERATURES",
    "SOFT_CAT_TARGET", "EXTREME_LOGITS",
    "HUSKY_CLASSES", "HUSKY_TARGET", "HUSKY_LOGITS",
    "INGREDIENTS", "MARGHERITA", "INGREDIENT_LOGITS",
    "LOG_BASES", "in_base", "matching_base",
    "KERAS_EPSILON", "TORCH_LOG_FLOOR", "keras_clip", "torch_binary_cross_entropy",
    "torch_hinge_embedding", "torch_kl_div",
]

# ------------------------------------------------------------------ binary
#: A photo of a dog; "dog" is the positive class (label 1), "cat" the negative (0).
DOG_LABEL = 1.0
#: The model's sigmoid output for that photo, P(dog) = 0.85.
DOG_PROBABILITY = 0.85
#: The loss often quoted for this example, two decimals.
QUOTED_BCE = "0.07"

#: The same dog with labels ±1 (dog +1, cat -1) and a linear score (no activation) of 0.85.
HINGE_LABEL = 1.0
HINGE_SCORE = 0.85

#: Cats (label -1) and dogs (+1) in the imbalanced example: a hundred cats per dog.
IMBALANCED_COUNTS = (1980, 20)


def imbalanced_feature(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """One feature ``x`` and labels ``y`` (±1) for :data:`IMBALANCED_COUNTS` cats and dogs.

    Cats' feature is drawn from N(-1, 1), dogs' from N(+1, 1): the classes
    overlap (no line separates them) and dogs are rare.
    """
    rng = np.random.default_rng(seed)
    cats, dogs = IMBALANCED_COUNTS
    x = np.concatenate([rng.normal(-1.0, 1.0, cats), rng.normal(1.0, 1.0, dogs)])
    y = np.concatenate([-np.ones(cats), np.ones(dogs)])
    return x, y


#: Logits from hopelessly wrong to certain, for the overflow demonstration.
EXTREME_LOGITS = (-800.0, -40.0, 0.0, 40.0, 800.0)

# ------------------------------------------------------------------ multi-class
#: Three mutually exclusive classes, in output-node order.
ANIMALS = ("cat", "dog", "duck")
#: A photo of a cat, one-hot, and as an integer label.
CAT_TARGET = (1.0, 0.0, 0.0)
CAT_LABEL = 0
#: The model's softmax output for it, mostly "duck".
ANIMAL_PROBABILITIES = (0.16, 0.12, 0.72)
#: The loss often quoted for this example, two decimals.
QUOTED_CE = "0.79"
#: Logits whose softmax is close to ANIMAL_PROBABILITIES (the softmax worked example).
ANIMAL_LOGITS = (0.4, 0.1, 1.9)
#: The logits whose softmax is exactly ANIMAL_PROBABILITIES (ln ŷ_k less their mean, i.e.
#: ln 2/3, ln 1/2 and ln 3).  ANIMAL_LOGITS are these rounded to one decimal, and their
#: softmax is only close (0.1607, 0.1190, 0.7203), a cross-entropy of 1.8282 instead of
#: −ln 0.16 = 1.8326.
ANIMAL_PREDICTION_LOGITS = tuple(
    float(v) for v in np.log(ANIMAL_PROBABILITIES) - np.log(ANIMAL_PROBABILITIES).mean()
)
#: Logits with a negative entry (dividing them by their sum gives no probabilities).
NEGATIVE_LOGITS = (2.0, -1.0, 0.5)
#: Softmax temperatures shown in the book.
TEMPERATURES = (0.5, 1.0, 2.0, 5.0)
#: A label-smoothed cat, the soft target of the KL-vs-cross-entropy example.
SOFT_CAT_TARGET = (0.9, 0.05, 0.05)

# ------------------------------------------------------------------ multi-label
#: Non-exclusive classes (a husky photo is a husky, a dog and an animal at once).
HUSKY_CLASSES = ("husky", "dog", "cat", "horse", "animal", "human")
HUSKY_TARGET = (1.0, 1.0, 0.0, 0.0, 1.0, 0.0)
#: A trained model's logits for a husky photo (one sigmoid output per class).
HUSKY_LOGITS = (2.2, 3.0, -2.5, -3.0, 4.1, -1.8)

#: Ingredients a food-photo model looks for, and a pizza margherita's labels.
INGREDIENTS = ("tomato", "mozzarella", "basil", "pineapple", "egg")
MARGHERITA = (1.0, 1.0, 1.0, 0.0, 0.0)
#: The model's logits for a margherita photo (sure of tomato, unsure of basil).
INGREDIENT_LOGITS = (2.4, 1.1, -0.3, -2.0, -3.1)

# ------------------------------------------------------------------ logarithm bases
#: Bases a hand calculation may have used (bits, nats, and a calculator's ``log`` key).
LOG_BASES = {"2 (bits)": 2.0, "e (nats)": math.e, "10": 10.0}


def in_base(loss_in_nats, base: float):
    """A loss computed with natural logs, re-expressed with logarithms to ``base`` (divide by ln base)."""
    return np.asarray(loss_in_nats) / math.log(base)


def matching_base(loss_in_nats: float, quoted: str) -> list[tuple[str, str]]:
    """Which logarithm reproduces a quoted two- (or n-) decimal figure, and how.

    Returns ``(base name, "rounded" | "truncated")`` for every base in
    :data:`LOG_BASES` whose value of the loss gives ``quoted`` when rounded,
    or else when cut off, to the same number of decimals.
    """
    decimals = len(quoted.partition(".")[2])
    matches = []
    for name, base in LOG_BASES.items():
        value = float(in_base(loss_in_nats, base))
        if f"{value:.{decimals}f}" == quoted:
            matches.append((name, "rounded"))
        elif f"{math.floor(value * 10**decimals) / 10**decimals:.{decimals}f}" == quoted:
            matches.append((name, "truncated"))
    return matches


# ------------------------------------------------------------------ framework behaviour
#: Keras clips probabilities to [eps, 1 - eps] before taking logs (``keras.config.epsilon()``).
KERAS_EPSILON = 1e-7
#: PyTorch's BCELoss clamps each log to at least -100, so one element costs at most 100.
TORCH_LOG_FLOOR = -100.0


def keras_clip(p):
    """What Keras's probability-based cross-entropies do to ``p`` first: clip to [1e-7, 1 - 1e-7].

    In float32, Keras's default precision, where ``1 - 1e-7`` rounds to
    ``1 - 2**-23``: a probability of exactly 1 for a negative example then
    costs ``-log(2**-23)`` = 15.94, not ``-log(1e-7)`` = 16.12.
    """
    p = np.asarray(p, dtype=np.float32)
    epsilon = np.float32(KERAS_EPSILON)
    return np.clip(p, epsilon, np.float32(1) - epsilon)


def torch_binary_cross_entropy(y_true, y_pred):
    """Per-element ``torch.nn.BCELoss(reduction="none")``: logs clamped at -100."""
    y, p = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), TORCH_LOG_FLOOR)
        log_q = np.maximum(np.log1p(-p), TORCH_LOG_FLOOR)
    return -(y * log_p + (1 - y) * log_q)


def torch_hinge_embedding(y_true, x, margin: float = 1.0):
    """Per-element ``torch.nn.HingeEmbeddingLoss``: ``x`` if y = 1, ``max(0, margin - x)`` if y = -1.

    A loss for *distances* ``x`` between pairs (small for similar pairs, y = 1),
    not the SVM hinge of a score.
    """
    y, x = np.asarray(y_true, dtype=float), np.asarray(x, dtype=float)
    return np.where(y == 1, x, np.maximum(0.0, margin - x))


def torch_kl_div(input, target, reduction: str = "mean"):
    """``torch.nn.functional.kl_div(input, target, reduction)`` for 2-D arrays.

    ``input`` is meant to hold log-probabilities; the pointwise loss is
    ``target * (log target - input)`` (0 where target is 0), and
    ``"mean"`` divides by the number of *elements*, ``"batchmean"`` by the
    number of rows.
    """
    x, y = np.asarray(input, dtype=float), np.asarray(target, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pointwise = np.where(y > 0, y * (np.log(np.where(y > 0, y, 1.0)) - x), 0.0)
    total = pointwise.sum()
    return {"sum": total, "mean": total / pointwise.size, "batchmean": total / pointwise.shape[0]}[reduction]
