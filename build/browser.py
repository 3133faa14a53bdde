"""Headless Chromium for tests and benchmarks: Playwright's own where installed, Debian's otherwise."""

import shutil
from pathlib import Path

# Without these, Chromium phones home at start; on a closed network that is noise, elsewhere a leak.
# --disable-dev-shm-usage: containers often have a tiny /dev/shm, which crashes renderers on big images.
ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def executable(playwright):
    bundled = Path(playwright.chromium.executable_path)
    if bundled.is_file():
        return None  # Playwright finds its own
    system = shutil.which("chromium") or shutil.which("chromium-browser")
    if system is None:
        raise RuntimeError("no Chromium: run `python -m playwright install chromium` or install Debian's chromium")
    return system


def launch(playwright, extra_args=()):
    return playwright.chromium.launch(
        executable_path=executable(playwright),
        args=[*ARGS, "--no-sandbox", *extra_args],  # --no-sandbox: tests may run as root (CI)
    )
