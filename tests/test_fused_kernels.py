"""The compiled element-wise loops give the bits of the NumPy formula they replace, and refuse what it refused."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lossbook.losses import _fused_kernels as fused

DTYPES = (np.float64, np.float32)
SAFE = {np.float64: 1e300, np.float32: np.float32(1e36)}


def hard_values(rng, n: int, dtype) -> np.ndarray:
    """Values over many magnitudes, with ±0, subnormals and numbers near the dtype's largest."""
    info = np.finfo(dtype)
    values = rng.standard_normal(n) * 10.0 ** rng.integers(-8, 8, n)
    values[rng.random(n) < 0.1] *= 1e30 if dtype is np.float64 else 1e10
    special = [0.0, -0.0, 1.0, -1.0, 3 * float(info.smallest_subnormal), -3 * float(info.smallest_subnormal),
               float(info.max) / 4, -float(info.max) / 4, 0.5, -0.5]
    values[: min(n, len(special))] = special[:n]
    with np.errstate(over="ignore"):
        return rng.permutation(values).astype(dtype)


def signed_labels(rng, n: int, dtype) -> np.ndarray:
    return np.where(rng.random(n) < 0.5, 1.0, -1.0).astype(dtype)


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.tobytes() == b.tobytes()


def numpy_losses(name: str, a, b, dtype):
    """The formula each loop replaces, as NumPy ufuncs (scalars in the inputs' dtype)."""
    one, half = dtype(1), dtype(0.5)
    if name == "square":
        return np.square(b - a)
    if name == "absolute":
        return np.abs(b - a)
    if name == "log_ratio_argument":
        low = np.minimum(a, b)
        return (np.maximum(a, b) - low) / (low + one)
    if name == "huber":
        magnitude = np.abs(b - a)
        clipped = np.minimum(magnitude, dtype(0.7))
        return clipped * (magnitude - clipped * half)
    if name in ("pseudo_huber", "pseudo_huber_delta"):
        residual = b - a
        if name == "pseudo_huber":
            squared = residual * residual
            return squared / (np.sqrt(squared + one) + one)
        ratio = residual / dtype(0.7)
        return residual * (residual / (np.sqrt(ratio * ratio + one) + one))
    if name == "pinball":
        d = a - b
        return np.maximum(d * -dtype(0.75), d * dtype(0.25))
    if name == "hinge":
        return np.maximum(one - a * b, dtype(0))
    if name == "squared_hinge":
        return np.square(np.maximum(one - a * b, dtype(0)))
    if name == "half_squared_shifted":
        d = b - one
        return (d * half) * d
    if name == "half_squared_pair":
        d = a - one
        return (d * half) * d + (b * half) * b
    if name == "squared_shifted":
        return np.square(b - one)
    if name == "squared_pair":
        return np.square(a - one) + b * b
    if name == "hinge_pair":
        return np.maximum(one - a, dtype(0)) + np.maximum(b + one, dtype(0))
    raise AssertionError(name)


def run(name: str, out, a, b, dtype):
    one, zero, half = dtype(1), dtype(0), dtype(0.5)
    calls = {
        "square": lambda: fused.square(out, a, b),
        "absolute": lambda: fused.absolute(out, a, b),
        "log_ratio_argument": lambda: fused.log_ratio_argument(out, a, b, one),
        "huber": lambda: fused.huber(out, a, b, dtype(0.7), half),
        "pseudo_huber": lambda: fused.pseudo_huber(out, a, b, one, one, SAFE[dtype]),
        "pseudo_huber_delta": lambda: fused.pseudo_huber(out, a, b, dtype(0.7), one, SAFE[dtype]),
        "pinball": lambda: fused.pinball(out, a, b, dtype(0.25), -dtype(0.75)),
        "hinge": lambda: fused.hinge(out, a, b, one, zero),
        "squared_hinge": lambda: fused.squared_hinge(out, a, b, one, zero),
        "half_squared_shifted": lambda: fused.half_squared_shifted(out, b, one, half),
        "half_squared_pair": lambda: fused.half_squared_pair(out, a, b, one, half),
        "squared_shifted": lambda: fused.squared_shifted(out, b, one),
        "squared_pair": lambda: fused.squared_pair(out, a, b, one),
        "hinge_pair": lambda: fused.hinge_pair(out, a, b, one, zero),
    }
    return calls[name]()


NAMES = ("square", "absolute", "log_ratio_argument", "huber", "pseudo_huber", "pseudo_huber_delta", "pinball",
         "hinge", "squared_hinge", "half_squared_shifted", "half_squared_pair", "squared_shifted", "squared_pair",
         "hinge_pair")
LABELLED = {"hinge", "squared_hinge"}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("n", [1, 7, 100, 4099])
def test_a_compiled_loop_gives_the_bits_of_its_numpy_formula(name, dtype, n):
    rng = np.random.default_rng(n)
    a = signed_labels(rng, n, dtype) if name in LABELLED else hard_values(rng, n, dtype)
    b = hard_values(rng, n, dtype)
    if name in LABELLED or name == "hinge_pair":  # no +inf margin or score, which these loops refuse
        b = np.clip(b, -np.finfo(dtype).max / 4, np.finfo(dtype).max / 4)
    if name.startswith("pseudo_huber"):  # no (r/δ)² beyond the loop's safe bound, which it refuses
        bound = dtype(np.sqrt(SAFE[dtype]) / 4)
        a, b = np.clip(a, -bound, bound), np.clip(b, -bound, bound)
    if name == "log_ratio_argument":  # values above -1, which it refuses otherwise
        a, b = np.abs(a) - dtype(0.5), np.abs(b) - dtype(0.5)
    out = np.empty(n, dtype)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        accepted = run(name, out, a, b, dtype)
        expected = numpy_losses(name, a, b, dtype)
    assert accepted is not False
    assert same_bits(out, expected.astype(dtype, copy=False))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["hinge", "squared_hinge"])
@pytest.mark.parametrize("bad", ["label 0.5", "label NaN", "margin +inf", "score NaN"])
def test_the_hinge_loops_refuse_a_label_not_plus_or_minus_one_and_a_margin_that_could_vanish(name, dtype, bad):
    rng = np.random.default_rng(1)
    labels, scores = signed_labels(rng, 50, dtype), hard_values(rng, 50, dtype) / 1e10
    out = np.empty(50, dtype)
    assert run(name, out, labels, scores, dtype)
    if bad.startswith("label"):
        labels[33] = 0.5 if bad == "label 0.5" else np.nan
    else:
        scores[33] = np.inf * labels[33] if bad == "margin +inf" else np.nan
    assert not run(name, out, labels, scores, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("real, fake", [(np.inf, 0.0), (np.nan, 0.0), (0.0, -np.inf), (0.0, np.nan)])
def test_the_hinge_gan_loop_refuses_a_score_whose_loss_would_vanish(dtype, real, fake):
    rng = np.random.default_rng(2)
    reals, fakes = hard_values(rng, 50, dtype) / 1e10, hard_values(rng, 50, dtype) / 1e10
    out = np.empty(50, dtype)
    assert run("hinge_pair", out, reals, fakes, dtype)
    reals[17], fakes[17] = real, fake
    assert not run("hinge_pair", out, reals, fakes, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("bad", [-1.0, -2.0, np.nan])
@pytest.mark.parametrize("side", ["true", "pred"])
def test_the_log_ratio_loop_refuses_a_value_at_most_minus_one_and_nan(dtype, bad, side):
    rng = np.random.default_rng(3)
    true, pred = np.abs(hard_values(rng, 40, dtype)) / 1e10, np.abs(hard_values(rng, 40, dtype)) / 1e10
    out = np.empty(40, dtype)
    assert fused.log_ratio_argument(out, true, pred, dtype(1))
    (true if side == "true" else pred)[29] = bad
    assert not fused.log_ratio_argument(out, true, pred, dtype(1))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("delta", [1.0, 0.7])
@pytest.mark.parametrize("bad", [np.nan, np.inf, "huge"])
def test_the_pseudo_huber_loop_refuses_a_ratio_beyond_its_safe_bound_and_nan(dtype, delta, bad):
    rng = np.random.default_rng(4)
    bound = dtype(np.sqrt(SAFE[dtype]) / 4)
    true, pred = (np.clip(hard_values(rng, 40, dtype), -bound, bound) for _ in range(2))
    out = np.empty(40, dtype)
    assert fused.pseudo_huber(out, true, pred, dtype(delta), dtype(1), SAFE[dtype])
    pred[21] = np.sqrt(SAFE[dtype]) * 2 if bad == "huge" else bad
    assert not fused.pseudo_huber(out, true, pred, dtype(delta), dtype(1), SAFE[dtype])


@pytest.mark.parametrize("gamma", [2.0, 0.0])
@pytest.mark.parametrize("alpha", [None, 0.25, -0.0])
def test_hard_focal_is_the_numpy_formula(gamma, alpha):
    """The focal loop (labels 0 and 1, float64 probabilities) against the ufunc chain of its steps, on
    probabilities near 0 and 1, subnormal, 1/2, equal to the label (a NaN the caller refuses) and labels of -0."""
    rng = np.random.default_rng(int(gamma * 10) + (0 if alpha is None else 1))
    n = 3000
    true = np.where(rng.random(n) < 0.5, 1.0, np.where(rng.random(n) < 0.2, -0.0, 0.0))
    pred = rng.random(n) ** rng.choice([1.0, 30.0], n)
    pred[:8] = [5e-324, 1 - 2**-53, 0.5, 2**-1022, 1.0, 0.0, 1e-300, 0.999999]
    with np.errstate(all="ignore"):
        h = 1.0 - pred
        log_target = np.log(np.where(true == 1, pred, h))
        expected = np.where(true == 1, 0.0 - log_target, (0.0 - log_target) - ((1.0 - h) - pred) / h)
        if gamma:
            miss = true - pred
            error = (true - miss) - pred
            error = error * 2.0 / miss
            power = miss * miss
            expected = expected * (power + power * error)
        if alpha is not None:
            expected = expected * (true * alpha + (1.0 - true) * (1 - alpha))
        out = np.empty(n)
        assert fused.hard_target(out, true, pred, 0.0, 1.0)
        fused.hard_focal(np.log(out, out), true, pred, gamma == 2, alpha or 0.0, 1 - (alpha or 0.0), alpha is not None)
    assert same_bits(out, expected)


@pytest.mark.parametrize("dtype", DTYPES)
def test_cross_entropy_loops_are_the_numpy_formulas_and_check_the_labels(dtype):
    """The binary cross-entropy loops (from probabilities, from logits) against their ufunc chains, on labels at
    0, -0, 1 and between, probabilities near 0 and 1 and logits over many magnitudes; a label outside [0, 1] or NaN
    anywhere is reported."""
    rng = np.random.default_rng(17)
    n = 4000
    true = np.where(rng.random(n) < 0.7, (rng.random(n) < 0.5) * 1.0, rng.random(n))
    true[:3] = [-0.0, 0.0, 1.0]
    true = true.astype(dtype)
    probabilities = (rng.random(n) ** rng.choice([1.0, 20.0], n)).astype(dtype)
    logits = hard_values(rng, n, dtype)
    zero, one = dtype(0), dtype(1)
    with np.errstate(all="ignore"):
        log_p, log_miss = np.log(probabilities), np.log1p(-probabilities)
        expected = (true - one) * log_miss - log_p * true
        tail = np.log1p(np.exp(-np.abs(logits)))
        expected_logits = tail + ((logits >= 0) - true) * logits
        out, out_logits = log_p.copy(), np.empty(n, dtype)
        assert fused.cross_entropy(out, true, log_miss, zero, one)
        assert fused.cross_entropy_from_logits(out_logits, true, logits, tail, zero, one)
        assert same_bits(out, expected) and same_bits(out_logits, expected_logits)
        for bad in (np.nan, -1e-30, 1 + 1e-6, -1.0):
            labels = true.copy()
            labels[rng.integers(n)] = bad
            assert not fused.cross_entropy(log_p.copy(), labels, log_miss, zero, one), bad
            assert not fused.cross_entropy_from_logits(out_logits, labels, logits, tail, zero, one), bad


def test_sum_and_error_is_the_numpy_steps():
    """The batch contrastive losses' exponent split: ``h = f + r`` and ``r - (h - f)``, as the three ufunc calls it
    replaces compute them, on values over many magnitudes."""
    rng = np.random.default_rng(23)
    first, second = hard_values(rng, 5000, np.float64), hard_values(rng, 5000, np.float64) * 1e-9
    with np.errstate(all="ignore"):
        total = first + second
        error = second - (total - first)
        out, rest = first.copy(), second.copy()
        fused.sum_and_error(out, rest)
    assert same_bits(out, total) and same_bits(rest, error)


@pytest.mark.parametrize("gamma", [2.0, 0.0])
@pytest.mark.parametrize("alpha", [None, 0.25])
def test_hard_focal_from_logits_is_the_numpy_formula(gamma, alpha):
    """The focal loop from logits against ``focal_kernel``'s ufunc chain, on logits over many magnitudes (±0,
    subnormals, near the largest float, where e^{-|z|} underflows) and labels of 0, -0 and 1; soft labels refused."""
    rng = np.random.default_rng(29)
    n = 3000
    true = np.where(rng.random(n) < 0.5, 1.0, np.where(rng.random(n) < 0.2, -0.0, 0.0))
    logits = hard_values(rng, n, np.float64)
    with np.errstate(all="ignore"):
        exp_minus = np.exp(-np.abs(logits))
        tail = np.log1p(exp_minus)
        side = (logits >= 0) - true
        expected = tail + side * logits
        if gamma:
            miss = np.maximum(np.abs(side), exp_minus) / (exp_minus + 1.0)
            expected = expected * (miss * miss)
        if alpha is not None:
            expected = expected * (true * alpha + (1.0 - true) * (1 - alpha))
        out = tail.copy()  # the tail in, the losses out
        assert fused.hard_focal_from_logits(out, true, logits, exp_minus, gamma == 2, alpha or 0.0,
                                            1 - (alpha or 0.0), alpha is not None)
        assert same_bits(out, expected)
        soft = true.copy()
        soft[7] = 0.5
        assert not fused.hard_focal_from_logits(tail.copy(), soft, logits, exp_minus, True, 0.0, 0.0, False)


@pytest.mark.parametrize("dtype", [np.float64])  # float32 keeps two logarithms (see _cross_entropy_kernel)
def test_hard_cross_entropy_takes_one_logarithm_and_stays_within_its_stated_error(dtype):
    """Labels 0 and 1: :math:`-\\log p_t` from one logarithm, :math:`-\\log(1 - p) = -\\log h - l/h`, against mpmath at
    50 digits on probabilities over many magnitudes, at 0 and 1, subnormal and 1/2; soft labels, NaN and
    probabilities outside [0, 1] refused."""
    mpmath = pytest.importorskip("mpmath")
    rng = np.random.default_rng(31)
    n = 3000
    true = np.where(rng.random(n) < 0.5, 1.0, np.where(rng.random(n) < 0.2, -0.0, 0.0)).astype(dtype)
    tiny = float(np.finfo(dtype).smallest_subnormal)
    pred = np.concatenate([rng.random(n - 1000), 10.0 ** rng.uniform(-40, 0, 500), 1 - 10.0 ** rng.uniform(-7, 0, 500)])
    pred[:6] = [tiny, 1 - float(np.finfo(dtype).epsneg), 0.5, 1e-30, 0.0, 1.0]
    pred = pred.astype(dtype)
    true[4:6] = [0.0, 1.0]  # p = 0 with label 0, p = 1 with label 1: loss 0
    zero, one = dtype(0), dtype(1)
    out = np.empty(n, dtype)
    assert fused.hard_target(out, true, pred, zero, one)
    fused.hard_cross_entropy(np.log(out, out), true, pred, zero, one)
    unit = float(np.finfo(dtype).eps) / 2  # the unit of rounding: 2^-53, 2^-24
    mpmath.mp.dps = 50
    for y, p, loss in zip(true.tolist(), pred.tolist(), out.tolist()):
        exact = -mpmath.log(p) if y == 1 else -mpmath.log1p(-mpmath.mpf(p))
        assert abs(loss - exact) <= fused.ONE_LOG_ERROR * unit * abs(exact), (y, p, loss, exact)
        assert math.copysign(1.0, loss) == 1.0  # never -0
    for bad_label in (0.5, np.nan, 2.0, -1.0):
        labels = true.copy()
        labels[rng.integers(1, n)] = bad_label
        assert not fused.hard_target(out, labels, pred, zero, one)
        labels[0] = 0.25  # a soft first label: refused before the loop
        assert not fused.hard_target(out, labels, pred, zero, one)
    for bad_probability in (np.nan, -1e-30, 1 + 1e-6):
        probabilities = pred.copy()
        probabilities[rng.integers(n)] = bad_probability
        assert not fused.hard_target(out, true, probabilities, zero, one)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", ["SQUARE", "ABSOLUTE", "HUBER", "PINBALL"])
def test_block_sums_are_numpys_sums_of_the_loops_losses(kind, dtype):
    """Each full block's sum, computed without writing the losses, is ``np.add.reduce`` of the losses the
    element loop writes, bit for bit: blocks of 128 to 2^12 numbers over many magnitudes, with ±0, an infinity
    and a NaN in some of them."""
    rng = np.random.default_rng(41)
    loop = {"SQUARE": lambda out, t, p: fused.square(out, t, p),
            "ABSOLUTE": lambda out, t, p: fused.absolute(out, t, p),
            "HUBER": lambda out, t, p: fused.huber(out, t, p, dtype(0.7), dtype(0.5)),
            "PINBALL": lambda out, t, p: fused.pinball(out, t, p, dtype(0.3), dtype(-0.7))}[kind]
    first, second = {"HUBER": (0.7, 0.5), "PINBALL": (0.3, -0.7)}.get(kind, (0.0, 0.0))
    for length in (128, 256, 4096):
        blocks = 3
        true, pred = hard_values(rng, blocks * length, dtype), hard_values(rng, blocks * length, dtype)
        true[5], pred[length + 9], true[2 * length + 1] = -0.0, np.inf, np.nan
        sums = np.empty(blocks, dtype)
        with np.errstate(all="ignore"):
            fused.block_sums(getattr(fused, kind), true, pred, dtype(first), dtype(second), length, sums)
            losses = np.empty(blocks * length, dtype)
            loop(losses, true, pred)
            want = np.array([np.add.reduce(losses[b * length:(b + 1) * length]) for b in range(blocks)], dtype)
        assert same_bits(sums, want), (kind, length)


@pytest.mark.parametrize("dtype", DTYPES)
def test_the_block_sums_shortcut_leaves_every_mean_and_sum_as_it_was(monkeypatch, dtype):
    """MSE, MAE, RMSE, Huber and the quantile loss of a few full blocks and a partial one: the same bits with the
    compiled block sums as without them."""
    import lossbook as lb
    from lossbook._numerics import blocks
    from lossbook.losses import _regression_kernels

    rng = np.random.default_rng(43)
    n = 3 * blocks.block_length(0) + 77
    true, pred = rng.normal(size=n).astype(dtype), (rng.normal(size=n) * 10.0 ** rng.integers(-3, 4, n)).astype(dtype)
    calls = [lambda r: lb.mean_squared_error(true, pred, reduction=r),
             lambda r: lb.mean_absolute_error(true, pred, reduction=r),
             lambda r: lb.root_mean_squared_error(true, pred, reduction=r),
             lambda r: lb.huber_loss(true, pred, delta=0.7, reduction=r),
             lambda r: lb.quantile_loss(true, pred, quantile=0.3, reduction=r)]
    summed = [np.asarray(call(r)).tobytes() for call in calls for r in ("mean", "sum")]
    monkeypatch.setattr(_regression_kernels, "BLOCK_SUMS", {})
    assert summed == [np.asarray(call(r)).tobytes() for call in calls for r in ("mean", "sum")]
