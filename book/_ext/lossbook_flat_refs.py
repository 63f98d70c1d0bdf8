"""Sphinx extension: let ``lossbook.NAME`` references find their documentation.

The package's public API is the flat namespace (``lossbook.huber``), but the API
reference documents each function in its family module (``lossbook.regression.huber``),
which is where autodoc finds it. Docstrings and chapters naturally write the flat name;
this resolves such a reference to the family entry of the same object. Anything it
cannot resolve is left alone, so ``-n`` still reports genuinely broken references.
"""

from __future__ import annotations

import importlib


def _resolve_flat_name(app, env, node, contnode):
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    package, _, name = target.partition(".")
    if package != "lossbook" or not name or "." in name:
        return None
    try:
        obj = getattr(importlib.import_module(package), name)
    except (ImportError, AttributeError):
        return None
    domain = env.get_domain("py")
    for fullname in sorted(domain.objects):
        module, _, short = fullname.rpartition(".")
        if short != name or not module.startswith("lossbook.") or module == target:
            continue
        try:
            same = getattr(importlib.import_module(module), name, None) is obj
        except ImportError:
            continue
        if same:
            return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"],
                                       fullname, node, contnode)
    return None


def setup(app):
    app.connect("missing-reference", _resolve_flat_name)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
