"""Set up a fresh machine, then serve the app or run every test.

    python -m build serve     # set up, then serve www/ on http://127.0.0.1:8000/
    python -m build test      # set up, then run the whole test suite

Set-up is idempotent: Python packages (pip), the JS runtime packages (npm ci),
a Chromium for the browser tests (Playwright's own if installed, else
Debian's, installed with apt-get when running as root), then the site.
Only the standard library is used before the packages are installed.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*command, **kwargs):
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT, **kwargs)


def install_python_packages():
    run(sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"{ROOT}[build,test]")


def install_js_packages():
    lock = ROOT / "package-lock.json"
    stamp = ROOT / "node_modules" / ".package-lock.json"
    if not stamp.is_file() or stamp.stat().st_mtime < lock.stat().st_mtime:
        run("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")


def ensure_browser():
    """Chromium for Playwright: its bundled one where installed, Debian's otherwise."""
    from playwright.sync_api import sync_playwright

    from build.browser import executable  # the same search the tests and benchmarks use

    with sync_playwright() as p:
        try:
            executable(p)
            return
        except RuntimeError:
            pass
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "chromium", env=env)
        return
    sys.exit("No Chromium found: run `python -m playwright install chromium` (or install Debian's chromium).")


def setup(browser):
    install_python_packages()
    install_js_packages()
    if browser:
        ensure_browser()
    run(sys.executable, "-m", "build.site")


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "serve":
        setup(browser=False)
        os.execv(sys.executable, [sys.executable, "-m", "build.serve", *sys.argv[2:]])
    elif command == "test":
        setup(browser=True)
        os.chdir(ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "pytest", *sys.argv[2:]])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
