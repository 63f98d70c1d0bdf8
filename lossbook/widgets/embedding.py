"""Explorers of the similarity and embedding chapter.

Each function returns an :class:`~lossbook.widgets.Explorer` with defaults
taken from :mod:`lossbook.examples.embedding`, so calling it with no
arguments gives the book's explorer.  The points live in the plane, so the
browser evaluates the definitions of :mod:`lossbook.symbolic.embedding`
expanded for two coordinates and printed as JavaScript: distances, cosines,
the cosine distance in its half-chord form (no cancellation for nearly
parallel vectors), both triplet losses with and without the swap, and
InfoNCE as the stable cross-entropy of :mod:`lossbook.symbolic.classification`
over the cosines divided by the temperature.
:meth:`~lossbook.widgets.Explorer.compute` gives the same numbers from
lossbook's NumPy losses.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from .. import activations
from ..losses import embedding
from ..examples import embedding as examples
from ._core import Explorer, explorer, parameter_slider, slider, toggle

__all__ = ["triplet_explorer", "info_nce_explorer", "cosine_explorer"]


# ---------------------------------------------------------------------- generated formulas
def _row_function(definition, dim: int, names, **options) -> dict:
    """The definition expanded for rows of ``dim`` coordinates, as a function of named coordinates."""
    from ..symbolic.javascript import javascript_function

    expr, symbols = definition.expression(dim, **options)
    flat = [s for group in symbols for s in group] + list(definition.params)
    if len(names) != len(flat):
        raise ValueError(f"{definition.name}: {len(flat)} arguments, {len(names)} names given")
    return javascript_function(expr, dict(zip(names, flat)))


@cache
def _plane_functions() -> dict:
    """Distance, cosine and cosine distance of two points in the plane, and both triplet losses."""
    import sympy as sp

    from ..symbolic import embedding as symbolic
    from ..symbolic.javascript import javascript_function

    pair = ["ux", "uy", "vx", "vy"]
    triplet = ["ax", "ay", "px", "py", "nx", "ny"]
    functions = {
        "cosine": _row_function(symbolic.cosine_similarity(), 2, pair),
        # the reference form 1/2 |u/|u| - v/|v||^2 equals 1 - cos without its cancellation
        "cosine_distance": _row_function(symbolic.cosine_distance(), 2, pair),
        # d(u, v) is the contrastive loss of a similar pair (y = 1) without its square
        "distance": javascript_function(*_distance_expression()),
    }
    for swap in (False, True):
        suffix = "_swap" if swap else ""
        functions["triplet" + suffix] = _row_function(symbolic.triplet_margin_loss(), 2, triplet + ["m"], swap=swap)
        expr, symbols = symbolic.soft_margin_triplet_loss().expression(2, swap=swap)
        functions["soft" + suffix] = javascript_function(
            _soft_float_form(expr), dict(zip(triplet, [s for group in symbols for s in group])))
    # The losses along one line: anchor at 0, positive at distance d_p, negative at distance t.
    d_p, t = sp.symbols("d_p t", nonnegative=True)
    for key, definition, extra in (("triplet_slice", symbolic.triplet_margin_loss(), ["m"]),
                                   ("soft_slice", symbolic.soft_margin_triplet_loss(), [])):
        expr, ((a,), (p,), (n,)) = definition.expression(1)
        expr = expr.xreplace({a: sp.Integer(0), p: d_p, n: t})
        if key == "soft_slice":
            expr = _soft_float_form(expr)
        arguments = {"d_p": d_p, "t": t} | dict(zip(extra, definition.params))
        functions[key] = javascript_function(expr, arguments)
    return functions


def _soft_float_form(expr):
    """``log(1 + exp(g))`` as ``log1p(exp(g))`` with the gap ``g`` kept whole.

    Printed as it stands, SymPy's floating-point rewrite splits ``exp(d_p - d_n)``
    into ``exp(d_p)·exp(-d_n)`` and expands the squared differences inside the
    distances, which cancels for nearby points; the gap of distances is
    evaluated first instead.  Equal to the definition (checked here).
    """
    import sympy as sp

    from ..symbolic.javascript import log1p

    (inner,) = expr.args  # log(1 + exp(g))
    gap = next(term for term in inner.args if isinstance(term, sp.exp)).args[0]
    if sp.simplify(inner - (1 + sp.exp(gap))) != 0:
        raise AssertionError(f"not of the form log(1 + exp(g)): {expr}")
    return log1p(sp.exp(sp.UnevaluatedExpr(gap)))


def _distance_expression():
    """:math:`\\lVert u - v\\rVert` for two points of the plane, from the symbolic distance."""
    import sympy as sp

    from ..symbolic import embedding as symbolic

    u, v = sp.IndexedBase("u"), sp.IndexedBase("v")
    expr = symbolic.distance(u, v).subs(symbolic.DIM, 2).doit()
    names = {"ux": u[1], "uy": u[2], "vx": v[1], "vy": v[2]}
    symbols = {name: sp.Symbol(name, real=True) for name in names}
    expr = expr.xreplace({names[name]: symbols[name] for name in names})
    return expr, symbols


def _radians(degrees: float) -> float:
    # the same two roundings as the browser's `degrees * (Math.PI / 180)`
    return degrees * (math.pi / 180)


def _on_circle(degrees: float, length: float = 1.0) -> list[float]:
    theta = _radians(degrees)
    return [length * math.cos(theta), length * math.sin(theta)]


def _distance(u, v) -> float:
    """lossbook's exact Euclidean distance: the triplet loss with the anchor as its own negative and no margin."""
    return float(embedding.triplet_margin_loss([u], [v], [u], margin=0.0))


# ---------------------------------------------------------------------- triplet
def _triplet_kind(d_positive: float, d_negative: float, loss: float) -> str:
    if d_negative < d_positive:
        return "hard"
    return "easy" if loss == 0 else "semi-hard"


def triplet_explorer(anchor=examples.ANCHOR, positive=examples.POSITIVE, negative=examples.NEGATIVE,
                     margin: float = examples.TRIPLET_MARGIN, swap: bool = False, *, extent: float = 3.0) -> Explorer:
    """Move the anchor, the positive and the negative in the plane; watch both triplet losses.

    The points can be dragged with the pointer as well as moved with the
    sliders.

    Returns
    -------
    Explorer
        Controls ``ax, ay, px, py, nx, ny`` (−extent to extent), ``margin`` (0 to 2) and ``swap``.
    """

    def compute(*, ax, ay, px, py, nx, ny, margin, swap):
        a, p, n = [ax, ay], [px, py], [nx, ny]
        d_ap, d_an, d_pn = _distance(a, p), _distance(a, n), _distance(p, n)
        used = min(d_an, d_pn) if swap else d_an
        hinge = float(embedding.triplet_margin_loss([a], [p], [n], margin=margin, swap=swap))
        soft = float(embedding.soft_margin_triplet_loss([a], [p], [n], swap=swap))
        return {"d_ap": d_ap, "d_an": d_an, "d_pn": d_pn, "d_negative": used, "hinge": hinge, "soft": soft,
                "kind": _triplet_kind(d_ap, used, hinge)}

    step = 0.1
    controls = []
    for key, name, point in (("a", "anchor", anchor), ("p", "positive", positive), ("n", "negative", negative)):
        controls.append(slider(key + "x", f"{name} x", float(point[0]), -extent, extent, step))
        controls.append(slider(key + "y", f"{name} y", float(point[1]), -extent, extent, step))
    controls.append(parameter_slider("triplet_margin_loss", "margin", float(margin), label="margin m"))
    controls.append(toggle("swap", "swap (use the closer of d(a, n), d(p, n))", bool(swap)))
    return explorer(
        "triplet",
        title="Triplet margin loss in the plane",
        alt="Left: the anchor, the positive and the negative as points in the plane, with segments from the anchor "
            "to the other two, a dashed circle around the anchor through the positive and a second circle the "
            "margin further out; negatives inside the first circle are hard, inside the band semi-hard, outside "
            "easy. Right: the hinge and soft-margin triplet losses against the distance to the negative, with the "
            "current triplet marked on each.",
        controls=controls,
        compute=compute,
        functions=_plane_functions(),
        constants={"extent": extent, "t_max": 2 * math.sqrt(2) * extent, "loss_max": 4.0},
    )


# ---------------------------------------------------------------------- InfoNCE
def info_nce_explorer(anchor_angles=examples.BATCH_ANCHOR_ANGLES, positive_angles=examples.BATCH_POSITIVE_ANGLES,
                      temperature: float = examples.BATCH_TEMPERATURE) -> Explorer:
    """Move the positives of a batch of four pairs on the unit circle and the temperature; watch InfoNCE.

    Returns
    -------
    Explorer
        Controls ``p0`` … ``p3`` (each positive's angle in degrees, 0 to 360)
        and ``temperature`` (0.01 to 10, logarithmic).
    """
    from .classification import _softmax_functions

    anchor_angles = tuple(float(a) for a in anchor_angles)
    n = len(anchor_angles)

    def compute(*, temperature, **values):
        anchors = np.array([_on_circle(angle) for angle in anchor_angles])
        positives = np.array([_on_circle(values[f"p{j}"]) for j in range(n)])
        left = np.repeat(anchors[:, None, :], n, axis=1)
        right = np.repeat(positives[None, :, :], n, axis=0)
        similarities = embedding.cosine_similarity(left, right, reduction="none")
        probabilities = activations.softmax(similarities, temperature=temperature)
        losses = embedding.info_nce(anchors, positives, temperature=temperature, reduction="none")
        return {"probabilities": [float(p) for p in probabilities.ravel()],
                "losses": [float(v) for v in losses],
                "loss": float(embedding.info_nce(anchors, positives, temperature=temperature))}

    functions = {"cosine": _plane_functions()["cosine"]}
    functions.update({key: value for key, value in _softmax_functions(n).items() if not key.startswith("gradient")})
    controls = [slider(f"p{j}", f"positive {j + 1} angle (°)", float(angle), 0.0, 360.0, 5.0)
                for j, angle in enumerate(positive_angles)]
    controls.append(parameter_slider("info_nce", "temperature", float(temperature), label="temperature τ", steps=90))
    return explorer(
        "info_nce",
        title="InfoNCE over a batch of four pairs",
        alt="Left: four anchors (filled) and their positives (open) on the unit circle, one colour per pair. "
            "Right: a four-by-four grid whose row i shows the softmax over candidates of anchor i, "
            "exp(cos(a_i, p_j)/τ) normalised over j; the diagonal holds the probability given to the true "
            "partner, and InfoNCE is the mean of minus its logarithm.",
        controls=controls,
        compute=compute,
        functions=functions,
        constants={"anchor_angles": list(anchor_angles)},
    )


# ---------------------------------------------------------------------- cosine
def _framework_cosines_at_zero() -> list[list[str]]:
    """What each framework returns for cos(0, v), by its documented eps rule (checked in the tests)."""
    zero, v = np.zeros(2), np.array([1.0, 0.0])
    torch_value = zero @ v / (max(np.linalg.norm(zero), examples.TORCH_COSINE_EPS)
                              * max(np.linalg.norm(v), examples.TORCH_COSINE_EPS))
    keras_unit = zero / math.sqrt(max(zero @ zero, examples.KERAS_L2_EPS))
    keras_loss = -(keras_unit @ (v / math.sqrt(max(v @ v, examples.KERAS_L2_EPS))))
    with np.errstate(invalid="ignore", divide="ignore"):
        optax_value = zero @ v / (np.linalg.norm(zero) * np.linalg.norm(v))
    return [
        ["PyTorch cosine_similarity", f"{float(torch_value):g}", "each norm clamped at eps = 1e-8"],
        ["optax cosine_similarity", f"{float(optax_value):g}".replace("nan", "NaN"), "epsilon = 0: 0/0"],
        ["Keras CosineSimilarity (a loss, −cos)", f"{float(keras_loss) + 0.0:g}",
         "l2-normalised with epsilon = 1e-12: the zero vector stays zero"],
    ]


def _lossbook_message() -> str:
    try:
        embedding.cosine_similarity([0.0, 0.0], [1.0, 0.0])
    except ValueError as error:
        return str(error)
    raise AssertionError("lossbook.cosine_similarity accepted a zero vector")


def cosine_explorer(angle: float = examples.COSINE_ANGLE, length: float = examples.COSINE_LENGTH) -> Explorer:
    """Turn the vector u and change its length (down to zero); watch cos(u, v) and the cosine distance.

    Returns
    -------
    Explorer
        Controls ``angle`` (degrees between u and v = (1, 0)) and ``length`` (of u, 0 to 2).
    """

    def compute(*, angle, length):
        u, v = _on_circle(angle, length), [1.0, 0.0]
        try:
            cos = float(embedding.cosine_similarity(u, v))
            distance = float(embedding.cosine_distance(u, v))
        except ValueError:
            cos = distance = math.nan
        return {"cos": cos, "distance": distance, "ux": u[0], "uy": u[1]}

    return explorer(
        "cosine",
        title="Cosine similarity and cosine distance",
        alt="Left: the fixed vector v = (1, 0) and the vector u drawn as arrows from the origin with the unit "
            "circle. Right: the cosine distance 1 − cos θ against the angle θ between them, from 0 (same direction) "
            "to 2 (opposite), with the current angle marked; the length of u changes nothing until it reaches 0, "
            "where the cosine is undefined.",
        controls=[slider("angle", "angle θ of u (°)", float(angle), -180.0, 180.0, 5.0),
                  slider("length", "length of u", float(length), 0.0, 2.0, 0.025)],
        compute=compute,
        functions={key: _plane_functions()[key] for key in ("cosine", "cosine_distance")},
        constants={"frameworks": _framework_cosines_at_zero(), "message": _lossbook_message()},
    )
