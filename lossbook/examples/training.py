"""The data and settings of the training and calibration chapters, made in code.

Every data set is drawn from a seeded generator, so the chapters, the tests
and a reader's copy of the code see the same points.  Two classes in the
plane: label 1 ("positive") around one centre, label 0 around another, each a
Gaussian cloud with standard deviation ``spread`` in both coordinates.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "two_clouds", "standardise",
    "SEED_TRAIN", "SEED_VALIDATION", "SEED_TEST",
    "N_TRAIN", "N_VALIDATION", "N_TEST", "OVERLAP_DISTANCE", "SEPARATED_DISTANCE",
    "BAD_START", "LEARNING_RATE", "EPOCHS", "BATCH_SIZE",
    "noisy_clouds", "NOISE_FEATURES", "N_OVERFIT", "OVERFIT_EPOCHS",
    "RARE_FRACTION", "N_RARE", "RARE_DISTANCE",
    "COSTS", "N_BINS", "SMOOTHING", "N_CLASSES_SMOOTHING",
]

#: Seeds of the training, validation and test draws (distinct: the sets share no points).
SEED_TRAIN, SEED_VALIDATION, SEED_TEST = 1, 2, 3
#: Sizes of the three sets of the training chapter.
N_TRAIN, N_VALIDATION, N_TEST = 200, 200, 2000
#: Distance between the class centres, in units of the spread: clouds that overlap,
#: and clouds far enough apart that a straight line separates the training set.
OVERLAP_DISTANCE, SEPARATED_DISTANCE = 2.0, 6.0

#: A bad start: large weights pointing the wrong way (and a bias), (w1, w2, b).
BAD_START = ((-6.0, -6.0), 0.0)
#: Step size and number of epochs of the full-batch runs.
LEARNING_RATE, EPOCHS = 0.5, 300
#: Samples per step in the mini-batch run.
BATCH_SIZE = 10

#: The overfitting experiment: 80 training points, each with 20 features of pure noise
#: besides its two coordinates, trained for 1000 full-batch epochs.
NOISE_FEATURES, N_OVERFIT, OVERFIT_EPOCHS = 20, 80, 1000

#: The imbalanced data set: 5 % positives among 2000 samples.
RARE_FRACTION, N_RARE, RARE_DISTANCE = 0.05, 2000, 2.5
#: Costs of a false positive and a false negative (a missed positive is 10 times worse).
COSTS = {"false positive": 1.0, "false negative": 10.0}

#: Bins of the reliability diagrams and of the expected calibration error.
N_BINS = 10
#: Label smoothing: epsilon and the number of classes of the worked example.
SMOOTHING, N_CLASSES_SMOOTHING = 0.1, 10


def two_clouds(n: int, *, seed: int, distance: float = OVERLAP_DISTANCE, positive_fraction: float = 0.5,
               spread: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points in two Gaussian clouds; returns ``(points (n, 2), labels (n,))``.

    The positives (label 1) are centred at ``(d, d) / (2 sqrt 2)`` and the
    negatives at minus that, ``distance`` apart along the diagonal.  Exactly
    ``round(n * positive_fraction)`` points are positive.

    Examples
    --------
    >>> from lossbook.examples.training import two_clouds
    >>> points, labels = two_clouds(4, seed=0)
    >>> points.shape, labels.tolist()
    ((4, 2), [1.0, 1.0, 0.0, 0.0])
    """
    if int(n) != n or n < 2:
        raise ValueError(f"n must be a whole number >= 2 for two_clouds; found {n!r}")
    if not 0 < positive_fraction < 1:
        raise ValueError(f"positive_fraction must lie strictly between 0 and 1 for two_clouds; found {positive_fraction!r}")
    rng = np.random.default_rng(seed)
    n_positive = int(round(n * positive_fraction))
    labels = np.r_[np.ones(n_positive), np.zeros(int(n) - n_positive)]
    centre = np.full(2, distance / (2 * np.sqrt(2)))
    points = rng.normal(scale=spread, size=(int(n), 2)) + np.where(labels[:, None] == 1, centre, -centre)
    return points, labels


def noisy_clouds(n: int, *, seed: int, noise_features: int = NOISE_FEATURES,
                 distance: float = OVERLAP_DISTANCE) -> tuple[np.ndarray, np.ndarray]:
    """:func:`two_clouds` with ``noise_features`` extra columns of standard normal noise.

    The extra features carry no information about the label, but a model with
    a weight for each can use them to fit the noise of a small training set.
    Returns ``(features (n, 2 + noise_features), labels (n,))``.
    """
    points, labels = two_clouds(n, seed=seed, distance=distance)
    noise = np.random.default_rng([seed, 1]).normal(size=(len(labels), int(noise_features)))
    return np.column_stack([points, noise]), labels


def standardise(features, reference) -> np.ndarray:
    """Scale each column of ``features`` by the mean and standard deviation of ``reference``'s.

    Gradient descent needs features of similar scale; the statistics come from
    the training set only, and are applied unchanged to every other set.
    """
    features, reference = np.asarray(features, dtype=float), np.asarray(reference, dtype=float)
    return (features - reference.mean(axis=0)) / reference.std(axis=0)
