"""Numba's cached loops go when any source of the package changes, and only then."""

from lossbook._numerics.compiled_cache import drop_stale


def test_cached_loops_are_dropped_when_a_source_changes_and_kept_otherwise(tmp_path):
    (tmp_path / "kernels.py").write_text("x = 1\n")
    (tmp_path / "inlined.py").write_text("y = 1\n")
    cache = tmp_path / "__pycache__"
    cache.mkdir()
    index, data = cache / "kernels.loop-1.py311.nbi", cache / "kernels.loop-1.py311.1.nbc"
    index.write_text("old"), data.write_text("old")
    assert drop_stale(tmp_path)  # no stamp yet: whatever is cached may be stale
    assert not index.exists() and not data.exists()
    index.write_text("new")
    assert not drop_stale(tmp_path) and index.exists()  # nothing changed: the cache stays
    (tmp_path / "inlined.py").write_text("y = 2  # an edit to a file the loop only inlines from\n")
    assert drop_stale(tmp_path) and not index.exists()
