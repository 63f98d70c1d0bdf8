"""Inputs for the generic tests, one :class:`Domain` per kind of loss input.

A catalog record names its domain (``record.domain``); the generic tests ask
the domain for a hard grid, for random valid inputs, for inputs with a zero
loss and for the shape ``reduction="none"`` returns, each named by the
record's arguments.  A new kind of loss input is one more entry in a family
module's ``DOMAINS``.
"""

from . import adversarial, classification, embedding, regression
from ._base import Domain, default_params, param_grid

DOMAINS = {**regression.DOMAINS, **classification.DOMAINS, **embedding.DOMAINS, **adversarial.DOMAINS}

__all__ = ["Domain", "DOMAINS", "default_params", "domain_of", "param_grid"]


def domain_of(record) -> Domain:
    """The domain a catalog record's inputs come from (its arguments must be the record's)."""
    domain = DOMAINS[record.domain]
    if domain.arguments != record.argument_names:
        raise ValueError(f"{record.name} takes {record.argument_names} but its domain {record.domain!r} "
                         f"gives {domain.arguments}")
    return domain
