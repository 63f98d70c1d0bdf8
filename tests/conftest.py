import os
import sys
from pathlib import Path


# Keras must pick its backend before it is first imported.
os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, str(Path(__file__).parent))

from lossbook.catalog import LOSSES  # noqa: E402


def pytest_generate_tests(metafunc):
    """Parametrise every test that takes ``record`` over the whole catalog."""
    if "record" in metafunc.fixturenames:
        metafunc.parametrize("record", LOSSES, ids=[record.name for record in LOSSES])
