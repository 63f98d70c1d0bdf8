"""Repository-wide pytest configuration: which notebooks are tests, and how nbval compares them.

It sits at the repository root so that it applies however pytest is called
(``pytest``, ``pytest book``, ``pytest book/what-is-a-loss.ipynb``).
"""

from pathlib import Path


def book_chapters(root: Path) -> set[Path]:
    """The chapter notebooks listed in ``_toc.yml`` (paths relative to ``root``)."""
    import yaml

    def files(entries):
        for entry in entries or ():
            if "file" in entry:
                yield entry["file"]
            yield from files(entry.get("chapters"))
            yield from files(entry.get("sections"))
            for part in entry.get("parts") or ():
                yield from files(part.get("chapters"))

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"], *files(toc.get("parts")), *files(toc.get("chapters"))]
    return {(root / name).with_suffix(".ipynb").resolve() for name in names}


class OnlyBookChapters:
    """nbval collects every .ipynb it meets; keep only the chapters of the book.

    A notebook a reader saves in book/ (or a JupyterLab checkpoint) is not a
    test.
    """

    def __init__(self, root: Path):
        self.chapters = book_chapters(root)

    def pytest_collection_modifyitems(self, items):
        # nbval skips PNG and JPEG outputs but compares SVG text, which holds
        # random ids; scripts/execute-notebooks stores no images at all.
        for parent in {id(item.parent): item.parent for item in items}.values():
            if hasattr(parent, "skip_compare") and "image/svg+xml" not in parent.skip_compare:
                parent.skip_compare = (*parent.skip_compare, "image/svg+xml")

    def pytest_ignore_collect(self, collection_path, config):
        if collection_path.suffix == ".ipynb" and collection_path.resolve() not in self.chapters:
            return True
        return None


def pytest_configure(config):
    if not config.pluginmanager.has_plugin("lossbook-chapters"):
        config.pluginmanager.register(OnlyBookChapters(config.rootpath), "lossbook-chapters")
