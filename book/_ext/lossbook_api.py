"""Sphinx extension: the API reference's tables and entries, read from the package's ``__all__``.

One directive, used inside ``{eval-rst}`` blocks of ``book/api.md`` and ``book/api/*.md``::

    .. lossbook-api:: lossbook.losses.regression
       :module-doc:
       :entries:
       :exclude: Control EXPLORERS

It takes the names in the module's ``__all__`` (leaving out submodules, the names in
``:exclude:`` and, with ``:only:``, every name not listed there) and writes

* with ``:module-doc:``, the module's docstring (and, for a public module, the target of
  ``{mod}`` references to it);
* an autosummary table (name and first sentence of the docstring), unless ``:no-summary:``;
* with ``:entries:``, the full autodoc entry of each name below the table.

Names outside the flat namespace get a line saying which module holds them.  On a narrow
screen the tables stack each name above its summary (``static/lossbook_api.css``).

Every name is documented under its public name: ``lossbook.NAME`` when the flat namespace
holds the very same object, otherwise ``MODULE.NAME`` (so ``lossbook.losses.binary`` lists
``lossbook.hinge``).  A name bound to an object listed earlier (``mse`` for
``mean_squared_error``) is shown as an alias of it.  A family follows the package: a
name added to or removed from ``__all__`` appears in or leaves the reference by itself.

Docstrings and summaries are read where the names live: in ``lossbook`` when every name
is in the flat namespace (``:func:`huber_loss``` in the docstring of ``lossbook.losses.regression``
is ``lossbook.huber_loss``), otherwise in the module itself.
"""

from __future__ import annotations

import importlib
import inspect
import types
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docstrings import prepare_docstring
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

PACKAGE = "lossbook"


def _public_names(module_name, only=(), exclude=()):
    """``[(public name, object, alias of)]`` for the exported names of ``module_name``."""
    module = importlib.import_module(module_name)
    flat = importlib.import_module(PACKAGE)
    names = list(only) or list(getattr(module, "__all__", ()))
    rows, seen = [], {}
    for name in names:
        if name in exclude:
            continue
        obj = getattr(module, name)
        if isinstance(obj, types.ModuleType):
            continue
        public = f"{PACKAGE}.{name}" if getattr(flat, name, None) is obj else f"{module_name}.{name}"
        alias_of = seen.get(id(obj)) if (inspect.isfunction(obj) or inspect.isclass(obj)) else None
        rows.append((public, obj, alias_of))
        if alias_of is None:
            seen[id(obj)] = public
    return rows


def _entry(public, obj):
    if inspect.isclass(obj):
        return [f".. autoclass:: {public}", "   :members:", ""]
    if callable(obj):
        return [f".. autofunction:: {public}", ""]
    return [f".. autodata:: {public}", "   :no-value:", ""]


class LossbookApi(SphinxDirective):
    required_arguments = 1
    has_content = False
    option_spec = {
        "module-doc": directives.flag,
        "entries": directives.flag,
        "no-summary": directives.flag,
        "only": directives.unchanged,
        "exclude": directives.unchanged,
    }

    def run(self):
        module_name = self.arguments[0]
        rows = _public_names(module_name, (self.options.get("only") or "").split(),
                             (self.options.get("exclude") or "").split())
        canonical = [(public, obj) for public, obj, alias_of in rows if alias_of is None]
        aliases = [(public, alias_of) for public, _, alias_of in rows if alias_of is not None]

        # Docstrings and summaries are read where the names live: in the flat namespace when
        # every name is there, else in the module itself.
        before = self.env.ref_context.get("py:module")
        current = PACKAGE if all(p.rpartition(".")[0] == PACKAGE for p, _, _ in rows) else module_name
        lines = []
        if "module-doc" in self.options and not any(part.startswith("_") for part in module_name.split(".")):
            lines += [f".. py:module:: {module_name}", ""]
        lines += [f".. py:currentmodule:: {current}", ""]
        if "module-doc" in self.options:
            lines += prepare_docstring(importlib.import_module(module_name).__doc__ or "") + [""]
        if "no-summary" not in self.options:
            if current != PACKAGE and "module-doc" not in self.options:
                lines += [f"In ``{current}``:", ""]
            # autosummary wants names relative to the current module when they lie in it
            lines += [".. autosummary::", "   :nosignatures:", ""]
            for public, _ in canonical:
                name = public[len(current) + 1:] if current and public.startswith(current + ".") else public
                lines.append(f"   ~{name}")
            lines.append("")
        if aliases:
            said = ", ".join(f"``{a.rpartition('.')[2]}`` (:obj:`~{c}`)" for a, c in aliases)
            lines += [f"Short names: {said}.", ""]
        if "entries" in self.options:
            for public, obj in canonical:
                lines += _entry(public, obj)
            for public, alias_of in aliases:
                lines += [f".. py:data:: {public}", "", f"   The same function as :func:`{alias_of}`.", ""]

        lines += [f".. py:currentmodule:: {before or 'None'}", ""]

        source, line = self.get_source_info()
        content = StringList(lines, source=source)
        container = nodes.container()
        nested_parse_with_titles(self.state, content, container)
        return container.children


def _add_static_path(app):
    app.config.html_static_path.append(str(Path(__file__).with_name("static")))


def setup(app):
    app.setup_extension("sphinx.ext.autosummary")
    app.add_directive("lossbook-api", LossbookApi)
    app.connect("builder-inited", _add_static_path)
    app.add_css_file("lossbook_api.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
