"""Numba's disk cache of lossbook's compiled loops, dropped whenever lossbook's sources change.

Numba compiles a cached function again when its own file changes, but not
when a function it inlines from another file does (the loops inline the
double-double steps of :mod:`.doubledouble`, the element formulas and row
sums of their neighbours), so after an edit or an update a loop could go on
running old code.  Each module with compiled loops imports this one first:
it compares a stamp of lossbook's sources (each ``.py`` file's path, size
and modification time) with the one saved beside the cache, and removes
every cached loop when they differ.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["PACKAGE", "sources_stamp", "drop_stale"]

#: The lossbook package directory, whose ``__pycache__`` folders hold Numba's cache.
PACKAGE = Path(__file__).resolve().parents[1]


def sources_stamp(package: Path = PACKAGE) -> str:
    """A digest of the path, size and modification time of every ``.py`` file of ``package``."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def drop_stale(package: Path = PACKAGE) -> bool:
    """Remove Numba's cached loops (``*.nbi``, ``*.nbc``) under ``package`` if its sources changed since the last
    call; whether it did.  A read-only installation is left alone (Numba then caches elsewhere)."""
    stamp, saved = sources_stamp(package), package / "__pycache__" / "numba-sources.stamp"
    try:
        if saved.read_text() == stamp:
            return False
    except OSError:
        pass
    try:
        for cached in [*package.rglob("*.nbi"), *package.rglob("*.nbc")]:
            cached.unlink(missing_ok=True)
        saved.parent.mkdir(exist_ok=True)
        saved.write_text(stamp)
    except OSError:
        return False
    return True


drop_stale()
