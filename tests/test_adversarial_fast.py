"""The GAN losses' block path against their careful path (lossbook.losses.adversarial).

Per-element losses (``reduction="none"``) are compared bit for bit; the
reduced losses, whose block sums are accumulated with compensation rather
than in one pairwise sum, within one ulp of the exactly rounded sum of those
per-element losses (the careful path's ``np.sum`` is held to the same bound
where the terms cannot cancel).  Bad values placed in a later block must
still be reported by name and index, with the careful path's message.
"""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest

import lossbook.losses.adversarial as adversarial
from lossbook._numerics.blocks import BLOCK

PAIRS = ["minimax_discriminator_loss", "least_squares_discriminator_loss", "wasserstein_critic_loss",
         "hinge_discriminator_loss"]
SINGLES = ["minimax_generator_loss", "non_saturating_generator_loss", "least_squares_generator_loss",
           "wasserstein_generator_loss"]
#: Losses whose terms can have either sign (their sums can cancel).
SIGNED = {"wasserstein_critic_loss", "wasserstein_generator_loss", "minimax_generator_loss"}
SIZE = 3 * BLOCK + 17  # four blocks, the last one short
HARD = np.array([0.0, -0.0, 1e4, -1e4, 700.0, -708.5, 745.0, -746.0, 1e-300, -1e-300, 36.0, -36.0, 1.0, -1.0,
                 1e100, -1e100, 5e-324])


def _careful(monkeypatch, function, *args, **kwargs):
    """``function`` with the block paths switched off (one block, and the conversion the others start from)."""
    with monkeypatch.context() as patch:
        patch.setattr(adversarial, "fast_arrays", lambda *_, **__: None)
        patch.setattr(adversarial, "one_block", lambda *_, **__: None)
        return function(*args, **kwargs)


def _calls():
    for name in PAIRS + SINGLES:
        smoothings = (0.0, 0.25, 1.0) if name == "minimax_discriminator_loss" else (None,)
        for smoothing in smoothings:
            yield name, ({} if smoothing is None else {"label_smoothing": smoothing})


def _scores(rng, kind: str, dtype):
    if kind == "random":
        values = rng.standard_normal(SIZE) * 10.0 ** rng.integers(-3, 4, SIZE)
    else:
        values = rng.choice(HARD, SIZE) * rng.choice([1.0, 1.0 + 2**-40], SIZE)
    with np.errstate(over="ignore", under="ignore"):
        values = values.astype(dtype)
    if dtype == np.float32:
        values[~np.isfinite(values)] = 0.0
    return values.reshape(-1, 1 + (SIZE % 2 == 0))


def _arguments(name, rng, kind, dtype):
    fake = _scores(rng, kind, dtype)
    return (_scores(rng, kind, dtype), fake) if name in PAIRS else (fake,)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("kind", ["random", "hard"])
def test_per_element_losses_are_the_careful_bits(monkeypatch, kind, dtype):
    rng = np.random.default_rng(11)
    for name, options in _calls():
        function = getattr(adversarial, name)
        args = _arguments(name, rng, kind, dtype)
        fast = function(*args, reduction="none", **options)
        careful = _careful(monkeypatch, function, *args, reduction="none", **options)
        assert fast.dtype == careful.dtype == dtype and fast.shape == careful.shape == args[0].shape
        assert np.array_equal(fast, careful, equal_nan=True), (name, options, kind)
        assert np.array_equal(np.signbit(fast), np.signbit(careful)), (name, options, kind)


@pytest.mark.parametrize("kind", ["random", "hard"])
def test_reduced_losses_within_one_ulp_of_the_exact_sum(monkeypatch, kind):
    rng = np.random.default_rng(12)
    checked = 0
    for name, options in _calls():
        function = getattr(adversarial, name)
        args = _arguments(name, rng, kind, np.float64)
        losses = _careful(monkeypatch, function, *args, reduction="none", **options)
        if not np.isfinite(losses).all() or not math.isfinite(math.fsum(losses.ravel())):
            continue  # overflowing squares: the careful path's business (test_overflow_goes_to_the_careful_path)
        exact = math.fsum(losses.ravel())
        for reduction, target in (("sum", exact), ("mean", exact / losses.size)):
            fast = function(*args, reduction=reduction, **options)
            assert type(fast) is np.float64
            bound = np.spacing(abs(target))
            if name in SIGNED:  # cancellation: the rounding errors of the terms' magnitudes
                scale = math.fsum(np.abs(losses).ravel()) / (losses.size if reduction == "mean" else 1)
                bound = max(bound, 4 * np.finfo(np.float64).eps * scale)
            assert abs(fast - target) <= bound, (name, options, kind, reduction, fast, target)
            careful = _careful(monkeypatch, function, *args, reduction=reduction, **options)
            assert abs(careful - target) <= (bound if name in SIGNED else 2 * bound)
            checked += 1
    assert checked >= 14


def test_wasserstein_generator_mean_is_the_careful_bits(monkeypatch):
    fake = np.random.default_rng(13).standard_normal(SIZE) * 1e3
    for reduction in ("mean", "sum"):
        fast = adversarial.wasserstein_generator_loss(fake, reduction=reduction)
        careful = _careful(monkeypatch, adversarial.wasserstein_generator_loss, fake, reduction=reduction)
        assert type(fast) is type(careful) and fast == careful


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_bad_values_in_a_later_block_are_reported_by_name_and_index(monkeypatch, bad, reduction):
    index = 2 * BLOCK + 5
    for name, options in _calls():
        function = getattr(adversarial, name)
        for position, argument in enumerate(("real_scores", "fake_scores") if name in PAIRS else ("fake_scores",)):
            args = [np.linspace(-3.0, 3.0, SIZE) for _ in range(2 if name in PAIRS else 1)]
            args[position][index] = bad
            with pytest.raises(ValueError) as fast:
                function(*args, reduction=reduction, **options)
            with pytest.raises(ValueError) as careful:
                _careful(monkeypatch, function, *args, reduction=reduction, **options)
            assert str(fast.value) == str(careful.value)
            assert argument in str(fast.value) and str(index) in str(fast.value), (name, str(fast.value))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_overflow_goes_to_the_careful_path(monkeypatch, reduction):
    """Finite scores whose squares overflow: the block total is not finite, the careful path answers."""
    for name in ("least_squares_discriminator_loss", "least_squares_generator_loss", "wasserstein_critic_loss"):
        function = getattr(adversarial, name)
        fake = np.linspace(-1.0, 1.0, SIZE)
        fake[2 * BLOCK + 1] = 1.5e308 if name.startswith("least") else -1.5e308
        args = (-fake, fake) if name in PAIRS else (fake,)
        with np.errstate(over="ignore"):
            fast = function(*args, reduction=reduction)
            careful = _careful(monkeypatch, function, *args, reduction=reduction)
        assert np.array_equal(fast, careful) and np.isinf(fast).any()


@pytest.mark.parametrize("name", PAIRS + SINGLES)
def test_extra_memory_is_a_few_blocks(name):
    """A reduced loss of a million elements allocates a few block buffers, not copies of its inputs."""
    rng = np.random.default_rng(14)
    args = tuple(rng.standard_normal(1_000_000) for _ in range(2 if name in PAIRS else 1))
    function = getattr(adversarial, name)
    function(*args)  # warm caches
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        function(*args)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, (name, peak)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none", "avg"])
def test_small_and_odd_inputs_give_what_the_careful_path_gives(monkeypatch, reduction):
    """Types, dtypes, shapes and errors: scalars, lists, mixed dtypes, empty and mismatched inputs."""
    cases = [(np.array(0.5), np.array(-3.0)), (0.5, -3.0), ([1, 2], [3, 4]), (np.float32([1, 2]), np.array([3.0, 4])),
             (np.float32([1e30]), np.float32([1e30])), (np.int64([1]), np.float32([2])), ([[1.0, 2.0]], [[3.0, 4.0]]),
             (np.array([]), np.array([])), (np.float16([1]), np.float16([2])), ([1.0, 2.0], [1.0]), ("a", [1.0])]

    def outcome(function, *args):
        try:
            value = function(*args, reduction=reduction)
        except (TypeError, ValueError) as error:
            return type(error), str(error)
        return type(value), value.dtype, np.shape(value), np.asarray(value).tolist()

    for name in PAIRS + SINGLES:
        function = getattr(adversarial, name)
        for real, fake in cases:
            args = (real, fake) if name in PAIRS else (fake,)
            assert outcome(function, *args) == _careful(monkeypatch, outcome, function, *args), (name, args)


class _Subclass(np.ndarray):
    """An array type the one-block path does not take."""


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("size", [1, 7, 10, 64, 1000, BLOCK])
def test_one_block_path_gives_the_general_path_bits(size, dtype):
    """Plain float arrays of one block skip the conversion; the same numbers in a subclass take the general path."""
    rng = np.random.default_rng(size)
    values = np.concatenate([HARD, rng.standard_normal(size) * 10.0 ** rng.integers(-3, 4, size)])
    with np.errstate(over="ignore", under="ignore"):
        scores = [rng.permutation(values)[:size].astype(dtype) for _ in range(2)]
    for array in scores:
        array[~np.isfinite(array)] = 0.0
    for name, options in _calls():
        function = getattr(adversarial, name)
        args = scores if name in PAIRS else scores[1:]
        for reduction in ("mean", "sum", "none"):
            with np.errstate(over="ignore"):
                short = function(*args, reduction=reduction, **options)
                general = function(*(array.view(_Subclass) for array in args), reduction=reduction, **options)
            assert type(short) is type(general) and short.dtype == general.dtype == dtype
            assert np.asarray(short).tobytes() == np.asarray(general).tobytes(), (name, options, reduction)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_least_squares_sums_halved_once_are_the_usual_sums(dtype):
    """Halving the sum of doubled squares gives the block sum of the losses, bit for bit, at every scale."""
    from lossbook.losses import _adversarial_kernels as kernels

    rng = np.random.default_rng(15)
    for scale in (1e-12, 1e-3, 1.0, 1e3, 1e15):
        with np.errstate(over="ignore"):
            real, fake = (np.float64(scale) * rng.standard_normal(SIZE)).astype(dtype), rng.standard_normal(SIZE)
        fake = (1 + scale * fake).astype(dtype)  # f - 1 of the scale: tiny squares for a tiny scale
        for reduction in ("mean", "sum"):
            for doubled, usual, scores in (
                    (kernels.doubled_least_squares_generator, kernels.least_squares_generator, {"f": fake}),
                    (kernels.doubled_least_squares_discriminator, kernels.least_squares_discriminator,
                     {"r": real + 1, "f": real})):
                halved = adversarial._halved(doubled, scores, reduction, func="f", n_scratch=1)
                expected = adversarial._fast(usual, scores, reduction, func="f")
                if halved is None:  # below the margin (tiny squares) or overflowing: the usual path answers
                    assert expected is None or expected < 2.0**60 * np.finfo(dtype).tiny or scale > 1e10
                    continue
                assert halved.dtype == expected.dtype and halved == expected, (scale, reduction)
    tiny = np.full(3, 2.0**-530)  # subnormal squares: below the margin, summed the usual way
    losses = adversarial.least_squares_discriminator_loss(np.ones(3), tiny, reduction="none")
    assert adversarial.least_squares_discriminator_loss(np.ones(3), tiny, reduction="sum") == np.sum(losses) > 0


def _penalties_of_whole_array(gradients):
    """The hypot-style row norms over the whole array at once: the definition the blocked path follows."""
    scale = np.max(np.abs(gradients), axis=-1, keepdims=True)
    norm = scale[..., 0] * np.sqrt(np.sum((gradients / np.where(scale > 0, scale, 1)) ** 2, axis=-1))
    with np.errstate(over="ignore"):
        return (norm - 1) ** 2


@pytest.mark.parametrize("shape", [(5000, 7), (4000, 10), (3000, 16), (900, 17), (3, 40_000), (30_000, 1), (2, 3, 4)])
def test_gradient_penalty_rows_in_blocks_are_the_whole_array_bits(shape):
    rng = np.random.default_rng(16)
    gradients = rng.standard_normal(shape) * 10.0 ** rng.integers(-200, 200, shape[:-1] + (1,))
    gradients[(0,) * (len(shape) - 1)] = 0.0  # a zero gradient: scale 0
    expected = _penalties_of_whole_array(gradients)
    for reduction in ("none", "sum", "mean"):
        with np.errstate(over="ignore"):
            got = adversarial.gradient_penalty(gradients, reduction=reduction)
            target = {"none": expected, "sum": np.sum(expected), "mean": np.sum(expected) / expected.size}[reduction]
        assert np.array_equal(got, target), reduction


def test_gradient_penalty_extra_memory_is_the_penalties_and_a_block():
    gradients = np.random.default_rng(17).standard_normal((100_000, 10))
    adversarial.gradient_penalty(gradients)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        adversarial.gradient_penalty(gradients)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100_000 * 8 + 400_000, peak  # one penalty per row and one block buffer, not copies of the input
    with pytest.raises(ValueError, match=r"critic_gradients must not contain NaN .* at index \(70000, 3\)"):
        gradients[70_000, 3] = np.nan
        adversarial.gradient_penalty(gradients)
