"""Build step for lossbook: fetch the explorers' pinned JavaScript (Vega, Vega-Lite) with npm.

Everything else about the package is in pyproject.toml.  The explorers draw with
Vega and Vega-Lite in the browser, in JupyterLab too, so an installed lossbook must
carry their builds.  They are not kept in the repository: installing from a checkout
(``pip install -e .`` or ``pip install .``) runs ``npm ci`` on ``assets/package-lock.json``
and copies the two files into ``lossbook/widgets/js/vendor/`` unless they are there already.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
VENDOR = ROOT / "lossbook" / "widgets" / "js" / "vendor"


def fetch_explorer_js() -> None:
    if (VENDOR / "vega.min.js").is_file() and (VENDOR / "vega-lite.min.js").is_file():
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("lossbook: npm (Node.js 18+) is needed to fetch the explorers' JavaScript; install Node.js and retry")
    assets = ROOT / "assets"
    subprocess.run([npm, "ci", "--prefix", str(assets), "--ignore-scripts", "--no-audit", "--no-fund",
                    "--loglevel=error"], check=True)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "copy-vendor-js.py"), str(assets / "node_modules"),
                    str(VENDOR)], check=True)


class BuildWithExplorerJS(build_py):
    def run(self):
        fetch_explorer_js()
        super().run()


setup(cmdclass={"build_py": BuildWithExplorerJS})
