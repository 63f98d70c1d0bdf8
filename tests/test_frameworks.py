"""Agreement with PyTorch, Keras, optax and scikit-learn, through the catalog's call strings.

Each record's ``frameworks`` mapping holds the call the book shows readers;
these tests run exactly that call, with the inputs bound by the record's
argument names.  A framework that is not installed is
skipped; CI installs them all.
"""

import importlib

import numpy as np
import pytest

from lossbook.catalog import CASES
from lossbook.testing import default_params, domain_of

# Each namespace binds the framework's module and the inputs, by the record's argument names.


class _Unavailable:
    """Stands for a module that cannot be imported: a call string that uses it skips its test."""

    def __init__(self, name, reason):
        self.name, self.reason = name, reason

    def __getattr__(self, attribute):
        pytest.skip(f"{self.name} cannot be imported: {self.reason}")


def _optional_module(name):
    try:
        return importlib.import_module(name)
    except Exception as error:  # a torchvision built for another torch build fails with RuntimeError
        return _Unavailable(name, error)


def _torch_namespace(inputs):
    torch = pytest.importorskip("torch")
    # torchvision.ops holds PyTorch's focal loss
    return {"torch": torch, "torchvision": _optional_module("torchvision"),
            **{name: torch.from_numpy(value) for name, value in inputs.items()}}


def _keras_namespace(inputs):
    keras = pytest.importorskip("keras")
    return {"keras": keras, **inputs}


def _optax_namespace(inputs):
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    optax = pytest.importorskip("optax")
    return {"optax": optax, "jnp": jax.numpy, **{name: jax.numpy.asarray(value) for name, value in inputs.items()}}


def _sklearn_namespace(inputs):
    pytest.importorskip("sklearn")
    importlib.import_module("sklearn.metrics")
    return {"sklearn": importlib.import_module("sklearn"), **inputs}


NAMESPACES = {
    "PyTorch": (_torch_namespace, 1e-12),
    "Keras": (_keras_namespace, 2e-6),  # Keras on JAX reduces in float32
    "optax": (_optax_namespace, 1e-12),
    "scikit-learn": (_sklearn_namespace, 1e-12),
}

FRAMEWORK_CASES = [
    pytest.param(record, framework, id=f"{record.label}-{framework}")
    for record in CASES
    for framework in record.frameworks
]


@pytest.mark.frameworks
@pytest.mark.parametrize("loss, framework", FRAMEWORK_CASES)
def test_framework_call_agrees_with_lossbook(loss, framework):
    record = loss
    assert framework in NAMESPACES, f"no test namespace for framework {framework!r}"
    make_namespace, rtol = NAMESPACES[framework]
    inputs = domain_of(record).sample_inputs(np.random.default_rng(1), 64)
    params = default_params(record)
    namespace = make_namespace(inputs)
    theirs = eval(record.frameworks[framework], namespace | params)  # noqa: S307 - our own strings
    ours = record.numeric(**inputs, **params)
    np.testing.assert_allclose(float(np.asarray(theirs)), float(ours), rtol=rtol)
