"""Sphinx extension: let references to lossbook's re-exported names find their entries.

The package's public API is the flat namespace (``lossbook.huber``), and subpackages
re-export names from private modules (``lossbook.symbolic.SymbolicLoss``). The API
reference documents each object once, where autodoc finds it (``lossbook.regression.huber``).
Docstrings and chapters naturally write the short or flat name, so when Sphinx finds no
target this tries, in order:

* ``lossbook.NAME``: the family entry holding the very same object;
* ``NAME`` written inside module ``lossbook.a.b``: ``lossbook.a.NAME``, then ``lossbook.NAME``.

Anything still unresolved is left alone, so ``-n`` reports genuinely broken references.
"""

from __future__ import annotations

import importlib

PACKAGE = "lossbook"


def _same_object_entry(domain, name):
    """The documented ``lossbook.<module>.NAME`` that is the object ``lossbook.NAME``."""
    try:
        obj = getattr(importlib.import_module(PACKAGE), name)
    except (ImportError, AttributeError):
        return None
    for fullname in sorted(domain.objects):
        module, _, short = fullname.rpartition(".")
        if short != name or not module.startswith(PACKAGE + "."):
            continue
        try:
            if getattr(importlib.import_module(module), name, None) is obj:
                return fullname
        except ImportError:
            continue
    return None


def _resolve(app, env, node, contnode):
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    if not target:
        return None
    domain = env.get_domain("py")
    found = None
    if target.startswith(PACKAGE + ".") and "." not in target[len(PACKAGE) + 1:]:
        found = _same_object_entry(domain, target[len(PACKAGE) + 1:])
    elif not target.startswith(PACKAGE + "."):
        module = node.get("py:module") or ""
        parts = module.split(".")
        if parts[0] == PACKAGE:
            for depth in range(len(parts) - 1, 0, -1):
                candidate = ".".join(parts[:depth]) + "." + target
                if candidate in domain.objects:
                    found = candidate
                    break
            if found is None and "." not in target:
                found = _same_object_entry(domain, target)
    if found is None:
        return None
    return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"], found,
                               node, contnode)


def setup(app):
    app.connect("missing-reference", _resolve)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
