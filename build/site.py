"""Assemble the static site in www/: the vendored runtime and the browser's Python.

    python -m build.site [--wheels DIR]

After this, www/ is the whole site: serve it from any static host.
"""

import argparse
import json
import shutil
import sys

from build import ROOT
from build.vendor import VendorError, vendor

WWW = ROOT / "www"
APP = WWW / "app"  # py/ as the page fetches it (generated, git-ignored)
ENTRY = "main.py"  # the <script type="py"> itself; the other modules are importable files
PYSCRIPT = {
    "interpreter": "./vendor/pyodide/pyodide.mjs",
    "packages": ["numpy"],
    "packages_cache": "passthrough",  # else PyScript wants micropip, which the npm core lacks
}


def copy_app():
    """py/ into www/app/, and the PyScript config that makes its modules importable."""
    if APP.exists():
        shutil.rmtree(APP)
    APP.mkdir(parents=True)
    modules = sorted((ROOT / "py").glob("*.py"))
    for source in modules:
        shutil.copyfile(source, APP / source.name)
    files = {f"./app/{m.name}": f"./{m.name}" for m in modules if m.name != ENTRY}
    (WWW / "pyscript.json").write_text(json.dumps({**PYSCRIPT, "files": files}, indent=2) + "\n")


def build_site(wheelhouse=None):
    vendor(wheelhouse)
    copy_app()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wheels", help="local folder with Pyodide wheels (default: ../shared/pyodide-wheels if present)")
    args = parser.parse_args(argv)
    try:
        build_site(args.wheels)
    except VendorError as err:
        sys.exit(f"error: {err}")
    print(f"site assembled in {(ROOT / 'www').relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
