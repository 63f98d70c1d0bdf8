"""Copy Vega and Vega-Lite's browser builds (and licences) from node_modules into the package.

    python scripts/copy-vendor-js.py NODE_MODULES DESTINATION

Used by scripts/fetch-assets and by setup.py when lossbook is installed with pip.
"""

import shutil
import sys
from pathlib import Path

FILES = {
    "vega/build/vega.min.js": "vega.min.js",
    "vega-lite/build/vega-lite.min.js": "vega-lite.min.js",
    "vega/LICENSE": "LICENSE-vega",
    "vega-lite/LICENSE": "LICENSE-vega-lite",
}


def copy(node_modules: Path, destination: Path) -> None:
    destination.mkdir(parents=True, exist_ok=True)
    for source, name in FILES.items():
        shutil.copyfile(node_modules / source, destination / name)


if __name__ == "__main__":
    copy(Path(sys.argv[1]), Path(sys.argv[2]))
