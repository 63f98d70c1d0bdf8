"""Speed of every catalogued loss against PyTorch (CPU) and a naive NumPy formula.

For each loss the same inputs (from the test domains) go through lossbook,
through the catalog's PyTorch call string, and — where one is listed below —
through the one-line NumPy formula tutorials use.  Figures are the best of
several runs, printed as ratios measured in this run:

    python benchmarks/losses.py [n_samples]

A ratio above 1 means lossbook is slower.  lossbook pays for validation
(finiteness, shapes) and for the stable formulas the naive ones lack.
"""

from __future__ import annotations

import sys
import timeit

import numpy as np

from lossbook.catalog import CASES
from lossbook.testing import default_params, domain_of

#: The textbook one-liners, for the losses where one is common.
NAIVE = {
    "mean_squared_error": lambda t, p, **_: np.mean((p - t) ** 2),
    "mean_absolute_error": lambda t, p, **_: np.mean(np.abs(p - t)),
}


def best_seconds(function, repeat: int = 5) -> float:
    function()  # warm up
    return min(timeit.repeat(function, number=1, repeat=repeat))


def main(n: int) -> None:
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        torch = None
    print(f"{n:,} samples, best of 5, one thread for PyTorch")
    print(f"{'loss':<48} {'lossbook ms':>11} {'PyTorch ms':>10} {'ratio':>6} {'naive ms':>9} {'ratio':>6}")
    for record in CASES:
        inputs = domain_of(record).sample_inputs(np.random.default_rng(0), n)
        params = default_params(record)
        ours = best_seconds(lambda: record.numeric(**inputs, **params))
        row = f"{record.label:<48} {ours * 1e3:>11.2f}"
        if torch is not None and "PyTorch" in record.frameworks:
            namespace = {"torch": torch, **{k: torch.from_numpy(v) for k, v in inputs.items()}, **params}
            call = record.frameworks["PyTorch"]
            theirs = best_seconds(lambda: eval(call, namespace))  # noqa: S307 - our own strings
            row += f" {theirs * 1e3:>10.2f} {ours / theirs:>6.2f}"
        else:
            row += f" {'—':>10} {'':>6}"
        if record.name in NAIVE:
            naive = best_seconds(lambda: NAIVE[record.name](*inputs.values(), **params))
            row += f" {naive * 1e3:>9.2f} {ours / naive:>6.2f}"
        print(row)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
