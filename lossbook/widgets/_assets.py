"""The explorers' JavaScript: lossbook's own files and the pinned Vega and Vega-Lite builds.

``js/`` holds the runtime, one program file per family and the static book's
host.  ``js/vendor/`` holds ``vega.min.js`` and ``vega-lite.min.js`` from the
npm versions pinned in ``assets/package-lock.json``; installing the package
(``pip install``) or ``scripts/fetch-assets`` puts them there.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["JS_DIR", "VENDOR_FILES", "PROGRAM_FILES", "browser_files", "explorer_module", "explorer_style",
           "style_script"]

JS_DIR = Path(__file__).with_name("js")
#: Third-party builds, in load order (Vega-Lite needs Vega).
VENDOR_FILES = ("vendor/vega.min.js", "vendor/vega-lite.min.js")
#: lossbook's programs, after the runtime they register with.
PROGRAM_FILES = ("runtime.js", "foundations.js", "regression.js", "classification.js", "embedding.js",
                 "adversarial.js", "structure.js")


def browser_files(style: Path | None = None) -> tuple[Path, ...]:
    """Every file the static book loads for its explorers, in load order (``style``: the written
    :func:`style_script`, which goes before the runtime)."""
    vendor = tuple(JS_DIR / name for name in VENDOR_FILES)
    own = tuple(JS_DIR / name for name in (*PROGRAM_FILES, "static-host.js"))
    return (*vendor, *((style,) if style else ()), *own)


def style_script() -> str:
    """A script setting ``globalThis.lossbookStyle``: the book's palette and each loss's colour and
    short name, from :mod:`lossbook.style` and the catalog — the explorers' only source of them."""
    import json

    from ..catalog import CASES
    from ..style import PALETTE

    losses = {record.name: {"color": record.color, "short": record.short} for record in CASES}
    style = {"palette": PALETTE, "losses": losses}
    return f"globalThis.lossbookStyle = {json.dumps(style, ensure_ascii=False, sort_keys=True)};\n"


@cache
def explorer_module() -> str:
    """The ES module anywidget loads in JupyterLab: Vega, Vega-Lite, the style, the runtime and the programs.

    The files are classic scripts that set globals; inside one module,
    ``define``/``exports``/``module`` are shadowed so that the UMD builds of
    Vega take that path whatever loader the page has.
    """
    missing = [name for name in VENDOR_FILES if not (JS_DIR / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"the explorers need {', '.join(missing)} in {JS_DIR}; reinstall lossbook "
            "(pip install -e . runs npm to fetch them) or run scripts/fetch-assets (needs Node.js and npm)"
        )
    parts = ["const define = undefined, exports = undefined, module = undefined;"]
    parts += [(JS_DIR / name).read_text(encoding="utf-8") for name in VENDOR_FILES]
    parts.append(style_script())
    parts += [(JS_DIR / name).read_text(encoding="utf-8") for name in PROGRAM_FILES]
    parts.append("export default { render: (context) => globalThis.lossbookExplorers.render(context) };")
    return "\n;\n".join(parts)


@cache
def explorer_style() -> str:
    """The explorers' CSS (the static book links the same file)."""
    return (JS_DIR / "explorer.css").read_text(encoding="utf-8")


if __name__ == "__main__":  # python -m lossbook.widgets._assets PATH: write the style script for the book
    import sys

    Path(sys.argv[1]).write_text(style_script(), encoding="utf-8")
