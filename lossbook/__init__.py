"""lossbook: machine-learning loss functions, defined once and computed exactly.

The numeric losses (:mod:`lossbook.losses`, one module per family) and the
activations live in this flat namespace and need only NumPy.  The symbolic definitions (SymPy), the catalog, the plots (matplotlib)
and the explorers (ipywidgets) load on first use::

    >>> import lossbook
    >>> float(lossbook.mean_squared_error([3.0, 5.0], [2.0, 7.0]))
    2.5
    >>> lossbook.catalog.get("mse").title
    'Mean squared error'
"""

from __future__ import annotations

import importlib

from . import activations, losses
from .activations import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403

__version__ = "0.1.0"

_LAZY_SUBMODULES = ("symbolic", "catalog", "examples", "plotting", "widgets", "descent")

__all__ = [
    *losses.__all__,
    *activations.__all__,
    *_LAZY_SUBMODULES,
    "explain",
]


def __getattr__(name: str):
    if name == "explain":  # what a loss or a framework's call of it computes (loads the catalog)
        from ._explain import explain

        globals()["explain"] = explain
        return explain
    if name in _LAZY_SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'lossbook' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
