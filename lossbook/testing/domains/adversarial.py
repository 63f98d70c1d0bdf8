"""Domains of the adversarial (GAN) losses: the discriminator's raw scores.

``gan-scores``          ``(real_scores, fake_scores)``: every pair of a list of signed
                        logits — 0, subnormals, 1e-300 … 1e300, the points where a naive
                        sigmoid saturates (36.7 in float64, 16.6 in float32), where ``exp``
                        underflows (745) and a saturated discriminator's ±1e4.
``lsgan-scores``        the same pairs; a perfect discriminator scores 1 on real and 0 on fake.
``hinge-scores``        the same pairs and the margins ±1 (one ulp either side);
                        perfect: real scores ≥ 1, fake scores ≤ -1.
``gan-fake-scores``     ``(fake_scores,)`` alone, for generator losses: the same values.
``lsgan-fake-scores``   the same; perfect at 1.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ._base import Domain

_PAIR = ("real_scores", "fake_scores")
_FAKE = ("fake_scores",)

_MAGNITUDES = {
    np.float64: (0.0, 5e-324, 1e-300, 1e-20, 1e-8, 0.5, 1.0, 3.5, 36.7, 40.0, 745.0, 800.0, 1e4, 1e20, 1e150, 1e300),
    np.float32: (0.0, 1e-45, 1e-30, 1e-8, 0.5, 1.0, 3.5, 16.6, 40.0, 88.7, 104.0, 1e4, 1e20, 1e30),
}


def _values(dtype) -> list[float]:
    one = dtype(1)
    margins = [float(np.nextafter(one, dtype(0))), float(np.nextafter(one, dtype(2)))]
    magnitudes = [*_MAGNITUDES[dtype], *margins]
    return sorted({sign * m for m in magnitudes for sign in (1.0, -1.0)})


def _pair_grid(dtype):
    pairs = list(itertools.product(_values(dtype), repeat=2))
    return tuple(np.array(column, dtype=dtype) for column in zip(*pairs))


def _fake_grid(dtype):
    return (np.array(_values(dtype), dtype=dtype),)


def _pair_sample(rng, n):
    return rng.normal(1.0, 3.0, n), rng.normal(-1.0, 3.0, n)


def _fake_sample(rng, n):
    return (rng.normal(-1.0, 3.0, n),)


def _strategy(count):
    def strategy(dtype):
        elements = st.floats(-1e6, 1e6, allow_nan=False, width=64 if dtype == np.float64 else 32)
        return st.integers(1, 6).flatmap(
            lambda n: st.tuples(*(hnp.arrays(dtype, (n,), elements=elements) for _ in range(count))))
    return strategy


def _domain(arguments, perfect=None):
    pair = len(arguments) == 2
    return Domain(
        hard_grid=_pair_grid if pair else _fake_grid,
        sample=_pair_sample if pair else _fake_sample,
        strategy=_strategy(len(arguments)),
        perfect=perfect,
        smooth_points=_pair_sample if pair else _fake_sample,
        arguments=arguments,
    )


DOMAINS = {
    "gan-scores": _domain(_PAIR),
    "lsgan-scores": _domain(_PAIR, lambda real, fake: (np.ones_like(real), np.zeros_like(fake))),
    "hinge-scores": _domain(_PAIR, lambda real, fake: (np.maximum(real, 1), np.minimum(fake, -1))),
    "gan-fake-scores": _domain(_FAKE),
    "lsgan-fake-scores": _domain(_FAKE, lambda fake: (np.ones_like(fake),)),
}
