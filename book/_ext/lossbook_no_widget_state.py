"""Sphinx extension: keep ipywidgets' saved state out of the built pages.

The explorers are ipywidgets (for JupyterLab) whose cells also carry an HTML form
that the book shows and runs in the reader's browser (see ``lossbook.widgets``).
myst-nb would still embed the executed notebook's widget state — the explorers'
whole JavaScript, once per explorer — as a JSON script on the page, which nothing
in the book reads.  Once every document is read, this drops that entry from
myst-nb's per-page scripts.
"""

from __future__ import annotations


def _drop_widget_state(app, env) -> None:
    for data in getattr(env, "nb_metadata", {}).values():
        data.get("js_files", {}).pop("ipywidgets_state", None)


def setup(app):
    app.connect("env-updated", _drop_widget_state)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
