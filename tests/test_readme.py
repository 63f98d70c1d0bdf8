"""The README's examples must run as printed: python blocks run, pycon blocks are doctests."""

import doctest
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(), flags=re.S)


def test_readme_python_example_runs():
    blocks = _blocks("python")
    assert blocks, "README.md has no python example"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - our own README


def test_readme_sessions_print_what_they_show():
    """Every ``pycon`` block, run as a doctest: its shown output is what NumPy 2 and lossbook print."""
    blocks = _blocks("pycon")
    assert any("lossbook.mean_squared_error" in block for block in blocks), "README.md lost its usage session"
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for number, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README.md pycon block {number}", str(README), 0)
        assert test.examples, f"pycon block {number} holds no example"
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0, "a README session shows output that differs (see above)"
