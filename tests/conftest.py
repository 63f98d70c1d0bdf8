import os


# Keras must pick its backend before it is first imported.
os.environ.setdefault("KERAS_BACKEND", "jax")

from hypothesis import settings  # noqa: E402

from lossbook.catalog import CASES  # noqa: E402

# In CI the property tests replay the same examples on every run (derandomize),
# so a run fails only for a change in the code, never for a lucky draw; locally
# they explore fresh examples each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_generate_tests(metafunc):
    """Parametrise every test that takes ``record`` over every way to call a catalogued loss."""
    if "record" in metafunc.fixturenames:
        metafunc.parametrize("record", CASES, ids=[record.label for record in CASES])
