"""lossbook.explain: every call it shows computes what it says, and every fact it states is probed."""

import numpy as np
import pytest
from test_frameworks import NAMESPACES  # one namespace builder per framework, shared with the agreement tests

import lossbook
from lossbook.catalog import names
from lossbook._explain import FACTS, explain
from lossbook.testing import default_params, domain_of

EXAMPLES = ["SmoothL1Loss", "KLDivLoss", "HingeEmbeddingLoss", "nn.BCELoss", "CrossEntropyLoss",
            "keras.losses.Huber", "optax.softmax_cross_entropy", "optax.l2_loss", "sparse_categorical_crossentropy"]


def _every_framework_call():
    return [pytest.param(call, id=f"{call.framework}-{call.function}-{call.record.label}") for call in names._calls()]


def _evaluate_lossbook(expression, inputs, params):
    """The lossbook expression explain() suggests, with NumPy and the helper names it uses."""
    namespace = {"lossbook": lossbook, "numpy": np, **inputs, **params}
    if "# d = " in expression:  # a NumPy line whose helper is given after '#'
        expression, helper = expression.split("# d = ")
        namespace["d"] = eval(helper, namespace)  # noqa: S307 - our own strings
    return eval(expression, namespace)  # noqa: S307 - our own strings


@pytest.mark.frameworks
@pytest.mark.parametrize("call", _every_framework_call())
def test_the_call_explain_shows_and_its_lossbook_call_agree(call):
    """For each framework name, explain()'s call and its lossbook call give the same number on the same inputs."""
    explanation = explain(call.function) if names.resolve(call.function).call is call else None
    framework_call = explanation.call if explanation else call.call
    lossbook_call = explanation.lossbook_call if explanation else call.lossbook
    record = call.record
    inputs = domain_of(record).sample_inputs(np.random.default_rng(2), 32)
    params = default_params(record)
    make_namespace, rtol = NAMESPACES[call.framework]
    theirs = eval(framework_call, make_namespace(inputs) | params)  # noqa: S307 - our own strings
    ours = _evaluate_lossbook(lossbook_call, inputs, params)
    np.testing.assert_allclose(float(np.asarray(theirs)), float(ours), rtol=rtol)


@pytest.mark.frameworks
@pytest.mark.parametrize("fact", FACTS, ids=lambda fact: fact.function)
def test_every_stated_clip_and_difference_is_what_the_framework_does(fact):
    call = next(c for c in names._calls() if fact.applies_to(c))
    inputs = {name: np.asarray(value, dtype=np.int64 if np.asarray(value).dtype.kind == "i" else float)
              for name, value in fact.probe.items()}
    make_namespace, rtol = NAMESPACES[call.framework]
    value = eval(fact.call or call.call, make_namespace(inputs))  # noqa: S307 - our own strings
    np.testing.assert_allclose(float(np.asarray(value)), fact.expected, rtol=max(rtol, 1e-6))
    assert not np.isclose(float(call.record.numeric(**inputs)), fact.expected, rtol=1e-3), "lossbook differs here"


@pytest.mark.parametrize("name", EXAMPLES)
def test_explain_gives_plain_text_and_html_with_the_formula(name):
    explanation = explain(name)
    text, page = str(explanation), explanation._repr_html_()
    assert text == repr(explanation)
    assert "ℓ = " in text and "<" not in text.split("\n")[0]
    assert "$$" in page and explanation.latex in page.replace("&amp;", "&")
    framework = names.resolve(name).call is not None
    headings = ("arguments", "reduction", "same number", "clips / caps") if framework else ("lossbook call", "frameworks")
    for heading in headings:
        assert f"{heading}:" in text and f">{heading}<" in page


def test_smooth_l1_is_explained_as_huber_over_beta():
    text = str(explain("nn.SmoothL1Loss"))
    assert "lossbook.huber_loss(y_true, y_pred, delta=delta) / delta" in text
    assert "divided by δ" in text


def test_explain_states_the_framework_order_and_what_it_clips():
    text = str(explain("nn.BCELoss"))
    assert "the order differs: y_pred first" in text
    assert "clamps each log at −100" in text and "keras.config.epsilon()" in text
    assert "clips" not in str(explain("BCEWithLogitsLoss")).split("other calls:")[1].split("scikit")[0]


def test_kl_div_says_it_wants_log_probabilities_and_batchmean():
    text = str(explain("KLDivLoss"))
    assert "log-probabilities" in text and "reduction='batchmean'" in text


def test_a_lossbook_name_lists_every_framework_call():
    text = str(explain("Huber"))
    record = lossbook.catalog.get("huber")
    assert all(call in text for call in record.frameworks.values())
    assert "SmoothL1Loss(beta) is the Huber loss" in text


def test_explain_an_unknown_name_suggests_close_ones():
    with pytest.raises(KeyError, match="close known names: 'smooth_l1_loss'"):
        explain("SmothL1Loss")


def test_explain_is_in_the_flat_namespace():
    assert lossbook.explain is explain


def test_the_readme_examples_print_what_they_show():
    """The README's ``pycon`` blocks run as doctests: their shown output is what the code prints."""
    import doctest
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    blocks = re.findall(r"```pycon\n(.*?)```", readme, flags=re.S)
    assert blocks, "README.md has no pycon example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for k, block in enumerate(blocks):
        runner.run(doctest.DocTestParser().get_doctest(block, {}, f"README-{k}", "README.md", 0))
    assert runner.summarize(verbose=False).failed == 0


def test_every_catalogued_loss_explains_itself(record):
    explanation = explain(record.names[0])
    assert explanation.lossbook_call.startswith(f"lossbook.{record.name}(")
    assert explanation.latex == record.definition().latex()


@pytest.mark.frameworks
def test_explain_maps_each_input_to_the_framework_parameter():
    pytest.importorskip("torch")
    assert "(input=y_pred, target=y_true)" in str(explain("nn.BCELoss"))
    assert "(input=torch.log(y_pred), target=y_true)" in str(explain("KLDivLoss"))
