"""Wrong or loose statements the chapters once made stay out of them.

Each entry is a sentence as it was printed (or the start of one) and what is
true instead; the test reads every chapter's text, so a statement cannot come
back through an edit or a copied paragraph.
"""

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

WRONG = {
    "when the model is confidently wrong:": "σ′(z) vanishes whenever the model is confident, right or wrong",
    "a well-trained classifier's outputs behave like probabilities":
        "only at the population optimum; overfit networks are miscalibrated",
    "A classification loss lives on a fixed scale": "cross-entropy is unbounded",
    "JAX backend — uses 1": "Keras differentiates |y_true − y_pred| and gets −1; optax has no L1 loss",
    r"$\eta \ge 2/J''$: the overshoot grows": "at exactly 2/J″ the iterates oscillate with constant amplitude",
    "With a **tanh** output layer": "a hinge loss takes a linear score; a tanh never reaches the margin",
    "tanh output of 0.85": "a hinge loss takes a linear score",
    "gets the tanh score": "a hinge loss takes a linear score",
    "Add a seventh age": "the sample already has seven ages",
    "softmax is a smooth version of": "softmax is a smooth arg-max; log-sum-exp is the smooth maximum",
    "rescales the learning rate, but it matters": "with Adam, summing or averaging hardly matters",
    "optimisers or a decaying learning rate help": "shown, or not claimed",
}


def _chapters():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [chapter["file"] for part in toc["parts"] for chapter in part["chapters"]]
    return [ROOT / f"{name}.ipynb" for name in files if (ROOT / f"{name}.ipynb").exists()]


def _text(notebook: Path) -> str:
    cells = json.loads(notebook.read_text())["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells)


@pytest.mark.parametrize("chapter", _chapters(), ids=lambda path: path.stem)
def test_no_known_wrong_statement(chapter):
    text = _text(chapter)
    found = {wrong: right for wrong, right in WRONG.items() if wrong in text}
    assert not found, f"{chapter.name} says again what is wrong: {found}"


@pytest.mark.parametrize("chapter", _chapters(), ids=lambda path: path.stem)
def test_code_has_straight_quotes(chapter):
    """Curly quotes inside code are a SyntaxError for whoever copies it."""
    code = re.findall(r"`[^`\n]*`|```.*?```", _text(chapter), flags=re.S)
    curly = [snippet for snippet in code if re.search("[“”‘’]", snippet)]
    assert not curly, f"{chapter.name}: curly quotes in code {curly[:3]}"


def test_the_check_finds_a_wrong_statement():
    assert any(wrong in "… softmax is a smooth version of “pick the maximum” …" for wrong in WRONG)
