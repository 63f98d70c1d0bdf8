"""Any name finds the loss: lossbook's names, every framework's spellings, and a short did-you-mean."""

import importlib

import pytest

from lossbook import catalog
from lossbook.catalog import names

# A held-out list of how people write a loss's name: framework paths, casing, short module paths,
# Keras's class and function forms, plain words.  Each resolves to the record (by label) on the right.
HELD_OUT = {
    "MSE": "mean_squared_error",
    "Mean Squared Error": "mean_squared_error",
    "torch.nn.functional.mse_loss": "mean_squared_error",
    "nn.MSELoss": "mean_squared_error",
    "torch.nn.MSELoss()": "mean_squared_error",
    "tf.keras.losses.MeanSquaredError": "mean_squared_error",
    "keras.losses.mean_squared_error": "mean_squared_error",
    "sklearn.metrics.mean_squared_error": "mean_squared_error",
    "optax.squared_error": "mean_squared_error",
    "L1Loss": "mean_absolute_error",
    "F.l1_loss": "mean_absolute_error",
    "losses.MeanAbsoluteError": "mean_absolute_error",
    "RootMeanSquaredError": "root_mean_squared_error",
    "MeanSquaredLogarithmicError": "mean_squared_log_error",
    "Huber": "huber_loss",
    "keras.losses.Huber": "huber_loss",
    "losses.Huber": "huber_loss",
    "nn.HuberLoss": "huber_loss",
    "SmoothL1Loss": "huber_loss",
    "F.smooth_l1_loss": "huber_loss",
    "LogCosh": "log_cosh_loss",
    "log-cosh": "log_cosh_loss",
    "mean_pinball_loss": "quantile_loss",
    "nn.BCELoss": "binary_cross_entropy",
    "log loss": "binary_cross_entropy",
    "BinaryCrossentropy": "binary_cross_entropy",
    "BCEWithLogitsLoss": "binary_cross_entropy(from_logits=True)",
    "optax.sigmoid_binary_cross_entropy": "binary_cross_entropy(from_logits=True)",
    "keras.losses.Hinge": "hinge",
    "SquaredHinge": "squared_hinge",
    "CrossEntropyLoss": "categorical_cross_entropy(from_logits=True)",
    "optax.softmax_cross_entropy": "categorical_cross_entropy(from_logits=True)",
    "CategoricalCrossentropy": "categorical_cross_entropy",
    "sparse_categorical_crossentropy": "sparse_categorical_cross_entropy",
    "NLLLoss": "sparse_categorical_cross_entropy",
    "optax.softmax_cross_entropy_with_integer_labels": "sparse_categorical_cross_entropy(from_logits=True)",
    "KLDivLoss": "kl_divergence",
    "KLDivergence": "kl_divergence",
    "MultiLabelSoftMarginLoss": "multilabel_binary_cross_entropy(from_logits=True)",
    "CosineEmbeddingLoss": "cosine_embedding_loss",
    "nn.TripletMarginLoss": "triplet_margin_loss",
    "optax.ntxent": "nt_xent",
    "HingeEmbeddingLoss": "contrastive_loss",
}

MISSPELLED = {
    "mean_squirrel_error": "mean_squared_error",
    "MSELos": "mean_squared_error",
    "hubber": "huber_loss",
    "CrossEntropyLos": "categorical_cross_entropy(from_logits=True)",
    "BCELosss": "binary_cross_entropy",
    "KLDivLos": "kl_divergence",
    "binary_crossentrophy": "binary_cross_entropy",
    "tripletloss_margin": "triplet_margin_loss",
    "sparse_categorial_crossentropy": "sparse_categorical_cross_entropy",
    "logcos": "log_cosh_loss",
}


@pytest.mark.parametrize("name, label", HELD_OUT.items())
def test_held_out_names_resolve_to_their_record(name, label):
    assert catalog.get(name).label == label


@pytest.mark.parametrize("name, label", MISSPELLED.items())
def test_a_misspelling_gets_a_short_did_you_mean_list_with_the_loss(name, label):
    with pytest.raises(KeyError) as raised:
        catalog.get(name)
    message = str(raised.value)
    suggested = message.split("close known names: ")[1].split(" (")[0].split(", ")
    assert 1 <= len(suggested) <= 5
    assert label in {catalog.get(spelling.strip("'")).label for spelling in suggested}


def test_every_lossbook_name_still_resolves_to_its_record():
    for record in catalog.CASES:
        for name in record.names:
            assert catalog.get(name) is record
            assert catalog.get(name.upper()) is record


def test_every_framework_call_string_is_found_by_its_function():
    """Each record's call strings name a function that look-up gives back that record or a plainer one."""
    for record in catalog.CASES:
        for call in names.framework_calls(record):
            found = names.resolve(call.function)
            assert found.call is not None and found.call.function == call.function
            assert call.function.split(".")[-1] in call.call


def test_the_plainest_call_wins_a_shared_function():
    # torch.nn.functional.cross_entropy appears in four records; its own record takes logits and no transform.
    assert names.resolve("F.cross_entropy").call.call == "torch.nn.functional.cross_entropy(y_pred, y_true)"
    # lossbook's own names win over a framework's bare name.
    assert catalog.get("cross_entropy").label == "categorical_cross_entropy"


def test_keras_function_names_come_from_their_class_names():
    assert names._snake("KLDivergence") == "kl_divergence"
    assert names._snake("MeanSquaredLogarithmicError") == "mean_squared_logarithmic_error"
    assert names._snake("BinaryCrossentropy") == "binary_crossentropy"


@pytest.mark.frameworks
def test_every_derived_framework_spelling_exists_in_its_framework():
    """Each full path look-up derives (PyTorch's module classes, Keras's function forms) is a real attribute.

    The shorthand ``optax.<name>`` is accepted as users write it, though optax
    exports only some losses at its top level, so it is not checked here.
    """
    roots = {"PyTorch": "torch", "Keras": "keras", "optax": "optax", "scikit-learn": "sklearn"}
    for call in names._calls():
        pytest.importorskip(roots[call.framework])
        for spelling in call.spellings:
            if spelling.startswith(("torch.", "keras.", "optax.losses.", "sklearn.")):
                module, _, leaf = spelling.rpartition(".")
                assert hasattr(importlib.import_module(module), leaf), spelling


def test_a_name_must_be_a_string():
    with pytest.raises(TypeError, match="name must be a str"):
        catalog.get(3)


def test_names_lists_each_name_once():
    listed = names.names()
    assert len(listed) == len({names.key(n) for n in listed}) > 100
