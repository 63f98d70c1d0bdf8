"""Run the explorers' JavaScript under Node.js: what the browser computes, checked from Python."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from typing import Sequence

from ._assets import JS_DIR

__all__ = ["node_available", "run_programs", "run_function"]


def node_available() -> bool:
    """Whether a ``node`` executable is on the PATH."""
    return shutil.which("node") is not None


def _decode(value):
    if isinstance(value, str) and value in ("Infinity", "-Infinity", "NaN"):
        return float(value.replace("Infinity", "inf").replace("NaN", "nan"))
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    return value


def _run(request: dict) -> dict:
    from ._assets import style_script

    request = {**request, "style": style_script()}
    done = subprocess.run(
        ["node", str(JS_DIR / "node-harness.js")], input=json.dumps(request, allow_nan=False),
        capture_output=True, text=True, check=False,
    )
    if done.returncode:
        raise RuntimeError(f"node-harness.js failed:\n{done.stderr}")
    return _decode(json.loads(done.stdout))


def run_programs(spec: dict, cases: Sequence[dict]) -> list[dict]:
    """The ``outputs`` the explorer program of ``spec`` computes for each dict of control values."""
    return _run({"explorers": [{"spec": spec, "cases": list(cases)}]})["explorers"][0]


def run_function(function: dict, inputs: Sequence[Sequence[float]]) -> list[float]:
    """A generated JavaScript function (``{"args", "body"}``) applied to each tuple of ``inputs``."""
    def encode(a: float):
        return a if math.isfinite(a) else {"inf": "Infinity", "-inf": "-Infinity"}.get(str(a), "NaN")

    finite = [[encode(float(a)) for a in args] for args in inputs]
    request = {"functions": [{"function": function, "inputs": finite}]}
    return _run(request)["functions"][0]
