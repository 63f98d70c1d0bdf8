"""Similarity and embedding worked examples: the data behind the chapter and its explorers, named.

Points are in the plane (two coordinates) so that a reader can see every
distance and angle; the losses take vectors of any dimension.
"""

from __future__ import annotations

__all__ = [
    "ANCHOR", "POSITIVE", "NEGATIVE", "TRIPLET_MARGIN",
    "COSINE_ANGLE", "COSINE_LENGTH",
    "BATCH_ANCHOR_ANGLES", "BATCH_POSITIVE_ANGLES", "BATCH_TEMPERATURE", "TEMPERATURES",
    "FACE_A", "FACE_A_AGAIN", "FACE_B",
    "TORCH_PAIRWISE_EPS", "OPTAX_TRIPLET_EPS", "TORCH_COSINE_EPS", "KERAS_L2_EPS",
]

# ------------------------------------------------------------------ triplets
#: A triplet in the plane: the anchor (a photo of Ada), a positive (another photo of Ada)
#: and a negative (a photo of Bea), as 2-D embeddings.
ANCHOR = (0.0, 0.0)
POSITIVE = (1.5, 1.0)
NEGATIVE = (2.0, -0.5)
#: The margin of the triplet loss (PyTorch's and optax's default).
TRIPLET_MARGIN = 1.0

# ------------------------------------------------------------------ cosine
#: The cosine explorer's starting point: u at 60° from v = (1, 0), with length 1.5.
COSINE_ANGLE = 60.0
COSINE_LENGTH = 1.5

# ------------------------------------------------------------------ a batch for InfoNCE
#: Four anchors on the unit circle (angles in degrees) ...
BATCH_ANCHOR_ANGLES = (0.0, 80.0, 160.0, 250.0)
#: ... and their positives (other views of the same four images), each near its anchor.
BATCH_POSITIVE_ANGLES = (20.0, 95.0, 130.0, 230.0)
#: The temperature of the explorer's starting point, and the ones the chapter compares.
BATCH_TEMPERATURE = 0.5
TEMPERATURES = (10.0, 1.0, 0.1, 0.01)

# ------------------------------------------------------------------ faces
#: Three 4-D face embeddings: two photos of one person and a photo of another.
FACE_A = (0.9, 0.3, -0.2, 0.4)
FACE_A_AGAIN = (0.8, 0.4, -0.1, 0.5)
FACE_B = (-0.3, 0.8, 0.5, -0.1)

# ------------------------------------------------------------------ framework constants
#: PyTorch's pairwise_distance (and so TripletMarginLoss) adds eps to every coordinate of u - v.
TORCH_PAIRWISE_EPS = 1e-6
#: optax's triplet_margin_loss adds eps under the square root.
OPTAX_TRIPLET_EPS = 1e-6
#: PyTorch's cosine_similarity clamps each norm at eps.
TORCH_COSINE_EPS = 1e-8
#: Keras l2-normalises with sqrt(max(sum of squares, epsilon)).
KERAS_L2_EPS = 1e-12
