"""Assemble the static site in www/: the vendored runtime and the browser's Python.

    python -m build.site [--wheels DIR]

After this, www/ is the whole site: serve it from any static host.
"""

import argparse
import shutil
import sys

from build import ROOT
from build.vendor import VendorError, vendor

APP = ROOT / "www" / "app"  # py/ as the page fetches it (generated, git-ignored)


def copy_app():
    if APP.exists():
        shutil.rmtree(APP)
    APP.mkdir(parents=True)
    for source in sorted((ROOT / "py").glob("*.py")):
        shutil.copyfile(source, APP / source.name)


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
