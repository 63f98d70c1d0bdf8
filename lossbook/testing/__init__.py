"""What the tests and the benchmarks share: input domains and the comparison with 50-digit references.

Needs the ``test`` extra (hypothesis).

* :func:`domain_of` gives a catalog record's :class:`~lossbook.testing.domains.Domain`:
  hard input grids, random valid samples, hypothesis strategies, inputs with a
  zero loss — as inputs named by the record's arguments, for any signature.
* :func:`mismatches` compares float results with mpmath references.
* :func:`peak_extra_bytes` measures the peak memory a call allocates.
"""

from .domains import DOMAINS, Domain, default_params, domain_of, param_grid
from .memory import peak_extra_bytes
from .reference import mismatches, rounded

__all__ = ["DOMAINS", "Domain", "default_params", "domain_of", "param_grid", "mismatches", "rounded",
           "peak_extra_bytes"]
