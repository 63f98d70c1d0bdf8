"""What each framework gets wrong on the hard inputs of the tests.

For every catalogued loss and every framework call the catalog lists, the
call runs on each hard sample of the loss's test domain on its own (a batch
of one, so the mean is that sample's loss) and is compared with lossbook's
per-sample value, which the test suite checks against the 50-digit
definition.  A batch loss (InfoNCE, NT-Xent) is compared on the whole hard
batch.  A sample counts as *wrong* when the framework returns NaN or an
infinity where the loss is finite (or a finite number where it is infinite),
or its relative error exceeds :data:`WRONG` (a difference below the smallest
normal number, 2.2e-308, is underflow and counts as none).  A call that
needs a package that is not installed (torchvision's focal loss) is left out.
"""

from __future__ import annotations

import importlib
import math
import warnings

import numpy as np

from lossbook.testing import default_params, domain_of

#: Relative error beyond which a framework's value counts as wrong (float32 Keras is ~1e-7 off).
WRONG = 1e-3

#: Differences below the smallest normal float64 are underflow, not error.
TINY = float(np.finfo(np.float64).tiny)

#: Domains whose losses depend on the whole batch: compared on the whole batch, not per sample.
BATCH_DOMAINS = {"embedding-batch"}


def _namespaces():
    """Framework name -> function(inputs) -> evaluation namespace (``None`` if not installed)."""

    def torch_ns(inputs, call):
        from _peers import torch_modules
        modules = torch_modules(call)
        return {**modules, **{k: modules["torch"].from_numpy(v) for k, v in inputs.items()}}

    def keras_ns(inputs, call):
        import keras
        return {"keras": keras, **inputs}

    def optax_ns(inputs, call):
        import jax
        import optax
        return {"optax": optax, "jnp": jax.numpy, **{k: jax.numpy.asarray(v) for k, v in inputs.items()}}

    def sklearn_ns(inputs, call):
        return {"sklearn": importlib.import_module("sklearn"), **inputs}

    made = {}
    for name, module, builder in (("PyTorch", "torch", torch_ns), ("Keras", "keras", keras_ns),
                                  ("optax", "optax", optax_ns), ("scikit-learn", "sklearn.metrics", sklearn_ns)):
        try:
            importlib.import_module(module)
        except ImportError:
            continue
        made[name] = builder
    return made


def _relative_error(theirs: float, ours: float) -> float:
    """``inf`` for a NaN or a wrong infinity; 0 for equal infinities; otherwise the relative error."""
    if math.isnan(theirs):
        return math.inf
    if math.isinf(ours) or math.isinf(theirs):
        return 0.0 if theirs == ours else math.inf
    if abs(theirs - ours) <= TINY:  # a loss below the normal range rounded to 0 (or the reverse) is no error
        return 0.0
    return math.inf if ours == 0 else abs(theirs - ours) / abs(ours)


def _describe(inputs: dict, index) -> str:
    parts = []
    for name, value in inputs.items():
        sample = np.asarray(value[index])
        parts.append(f"{name}={np.array2string(sample, precision=17, separator=', ')}")
    return ", ".join(parts)


def framework_errors(records) -> list[dict]:
    """One entry per (loss, framework): samples tried, samples wrong, worst case."""
    namespaces = _namespaces()
    found = []
    for record in records:
        domain = domain_of(record)
        inputs = domain.hard_inputs(np.float64)
        params = default_params(record)
        ours_all = np.asarray(record.numeric(**inputs, reduction="none", **params))
        batch = record.domain in BATCH_DOMAINS
        for framework, call in record.frameworks.items():
            if framework not in namespaces:
                continue
            try:
                namespaces[framework]({}, call)
            except ImportError:
                continue
            code = compile(call, f"<{framework} call of {record.label}>", "eval")
            samples = [slice(None)] if batch else [slice(i, i + 1) for i in range(len(ours_all))]
            wrong, worst, worst_at = 0, 0.0, None
            for index in samples:
                part = {name: value[index] for name, value in inputs.items()}
                ours = float(np.mean(ours_all[index]))
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    try:
                        theirs = float(np.asarray(eval(code, namespaces[framework](part, call) | params)))  # noqa: S307
                    except Exception as error:  # a framework that rejects the input is also wrong here
                        theirs, ours = math.nan, ours
                        failure = f"raised {type(error).__name__}"
                    else:
                        failure = None
                error = _relative_error(theirs, ours)
                if error > WRONG:
                    wrong += 1
                if worst_at is None or error > worst:
                    worst, worst_at = error, (index, theirs, ours, failure)
            index, theirs, ours, failure = worst_at
            found.append({
                "loss": record.label, "framework": framework, "call": call, "samples": len(samples),
                "wrong": wrong, "worst_relative_error": worst,
                "worst_case": {"inputs": _describe(inputs, index.start if index.start is not None else index),
                               "framework": failure or repr(theirs), "lossbook": repr(ours)},
            })
    return found
