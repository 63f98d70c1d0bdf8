"""Agreement with PyTorch, Keras, optax and scikit-learn, through the catalog's call strings.

Each record's ``frameworks`` mapping holds the call the book shows readers;
these tests run exactly that call.  A framework that is not installed is
skipped; CI installs them all.
"""

import importlib

import numpy as np
import pytest

from domains import default_params, domain_of
from lossbook.catalog import LOSSES


def _torch_namespace(y_true, y_pred):
    torch = pytest.importorskip("torch")
    return {"torch": torch, "y_true": torch.from_numpy(y_true), "y_pred": torch.from_numpy(y_pred)}


def _keras_namespace(y_true, y_pred):
    keras = pytest.importorskip("keras")
    return {"keras": keras, "y_true": y_true, "y_pred": y_pred}


def _optax_namespace(y_true, y_pred):
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    optax = pytest.importorskip("optax")
    return {"optax": optax, "jnp": jax.numpy, "y_true": jax.numpy.asarray(y_true), "y_pred": jax.numpy.asarray(y_pred)}


def _sklearn_namespace(y_true, y_pred):
    pytest.importorskip("sklearn")
    importlib.import_module("sklearn.metrics")
    return {"sklearn": importlib.import_module("sklearn"), "y_true": y_true, "y_pred": y_pred}


NAMESPACES = {
    "PyTorch": (_torch_namespace, 1e-12),
    "Keras": (_keras_namespace, 2e-6),  # Keras on JAX reduces in float32
    "optax": (_optax_namespace, 1e-12),
    "scikit-learn": (_sklearn_namespace, 1e-12),
}

CASES = [
    pytest.param(record, framework, id=f"{record.name}-{framework}")
    for record in LOSSES
    for framework in record.frameworks
]


@pytest.mark.frameworks
@pytest.mark.parametrize("loss, framework", CASES)
def test_framework_call_agrees_with_lossbook(loss, framework):
    record = loss
    assert framework in NAMESPACES, f"no test namespace for framework {framework!r}"
    make_namespace, rtol = NAMESPACES[framework]
    y_true, y_pred = domain_of(record).sample(np.random.default_rng(1), 64)
    params = default_params(record)
    namespace = make_namespace(y_true, y_pred)
    theirs = eval(record.frameworks[framework], namespace | params)  # noqa: S307 - our own strings
    ours = record.numeric(y_true, y_pred, **params)
    np.testing.assert_allclose(float(np.asarray(theirs)), float(ours), rtol=rtol)
