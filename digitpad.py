"""Set up this project on a fresh machine, then serve the app, run every test, train or evaluate.

    python3 -m digitpad serve [--port 8000]   # set up, then serve www/ on http://127.0.0.1:8000/
    python3 -m digitpad test [PYTEST ARGS]    # set up, then run the whole test suite
    python3 -m digitpad train [ARGS]          # set up, then python -m build.train
    python3 -m digitpad evaluate [ARGS]       # set up, then python -m build.evaluate

Everything Python is installed into a project virtual environment, .venv/, made
from the interpreter that started this and never into that interpreter (a
Debian or Ubuntu system Python refuses it: PEP 668). Each command installs
only what it needs: serving needs no Python package at all; training, export
and evaluation need TensorFlow. Then the JS runtime packages (npm ci), a
Chromium where the command drives a browser (Debian's, with apt-get as root),
and the site. Set-up is idempotent and writes only to .venv/, node_modules/
and the generated parts of www/.

Standard library only: this runs on the bare interpreter before anything is installed.
"""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 11)
MIN_NODE = 20
INSTALLED = VENV / "digitpad-installed.json"  # requirement lines already installed into .venv


class SetupError(Exception):
    """An expected failure: its message is one sentence telling the person what to do."""


@dataclass(frozen=True)
class Job:
    extras: tuple  # optional-dependency groups of pyproject.toml to install
    site: bool  # needs www/ assembled (npm packages, vendored runtime)
    browser: bool  # drives headless Chromium
    module: str  # what runs once set up: python -m MODULE ARGS


JOBS = {
    "serve": Job(extras=(), site=True, browser=False, module="build.serve"),
    "test": Job(extras=("build", "test"), site=True, browser=True, module="pytest"),
    "train": Job(extras=("build",), site=False, browser=False, module="build.train"),
    "evaluate": Job(extras=("build", "test"), site=True, browser=True, module="build.evaluate"),
}


def run(*command, failure, **kwargs):
    """Run a set-up step in the project folder; `failure` is the sentence shown if it fails."""
    print("+", " ".join(str(c) for c in command), flush=True)
    try:
        subprocess.run([str(c) for c in command], check=True, cwd=ROOT, **kwargs)
    except (OSError, subprocess.CalledProcessError) as err:
        raise SetupError(failure) from err


def is_root_with_apt():
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get") is not None


def apt_install(*packages, failure):
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env, failure=failure)
    run("apt-get", "install", "-y", "-qq", *packages, env=env, failure=failure)


# --- the virtual environment (runs on the interpreter that started this) ---


def venv_python(venv=VENV):
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def in_venv(venv=VENV):
    return Path(sys.prefix).resolve() == venv.resolve()


def can_make_venvs():
    """Debian and Ubuntu ship venv without ensurepip unless python3-venv is installed."""
    return importlib.util.find_spec("venv") is not None and importlib.util.find_spec("ensurepip") is not None


def ensure_venv(venv=VENV):
    """.venv/ made by this interpreter, with pip; made again if missing, half-made or its Python is gone."""
    ready = venv / "digitpad-venv"
    if ready.is_file() and venv_python(venv).exists():
        return venv_python(venv)
    if not can_make_venvs():
        if not is_root_with_apt() or not sys.executable.startswith("/usr/bin/"):
            raise SetupError(
                f"{sys.executable} cannot make virtual environments: run `sudo apt install python3-venv` "
                "(or use another Python 3.11+), then this command again."
            )
        apt_install("python3-venv", failure="apt-get could not install python3-venv (see its output above).")
    run(
        sys.executable,
        "-m",
        "venv",
        "--clear",
        venv,
        failure=f"{sys.executable} could not make the virtual environment {venv} (see its output above).",
    )
    ready.write_text("made by digitpad.py\n")
    return venv_python(venv)


# --- what each job needs (runs inside .venv) ---


def requirements(extras):
    """The requirement lines of pyproject.toml for these optional-dependency groups (none: nothing)."""
    if not extras:
        return []
    import tomllib  # 3.11+: imported after the version check

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project.get("dependencies", []))
    for extra in extras:
        lines += project["optional-dependencies"][extra]
    return lines


def install_python_packages(lines):
    done = set(json.loads(INSTALLED.read_text())) if INSTALLED.is_file() else set()
    if set(lines) <= done:
        return
    run(
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        *lines,
        failure="pip could not install the Python packages into .venv (no network, or PyPI unreachable? "
        "its output is above).",
    )
    INSTALLED.write_text(json.dumps(sorted(done | set(lines)), indent=1))


def node_major():
    """Node.js's major version, or None when there is no node."""
    node = shutil.which("node")
    if node is None:
        return None
    found = re.match(r"v(\d+)\.", subprocess.run([node, "--version"], capture_output=True, text=True).stdout)
    return int(found.group(1)) if found else 0


def install_js_packages():
    major = node_major()
    if major is None or shutil.which("npm") is None:
        raise SetupError(f"Node.js {MIN_NODE}+ with npm is needed and was not found: install it, then run this again.")
    if major < MIN_NODE:
        raise SetupError(f"Node.js {MIN_NODE}+ is needed, this machine has Node.js {major}: upgrade it.")
    lock = ROOT / "package-lock.json"
    stamp = ROOT / "node_modules" / ".package-lock.json"  # npm writes it at the end of an install
    if not stamp.is_file() or stamp.stat().st_mtime < lock.stat().st_mtime:
        run(
            "npm",
            "ci",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            failure="npm ci failed (no network, or the npm registry unreachable? its output is above).",
        )


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
    if not is_root_with_apt():
        raise SetupError(
            "No Chromium for the browser: run `sudo apt-get install chromium` "
            "(or `.venv/bin/python -m playwright install chromium`), then this command again."
        )
    apt_install("chromium", failure="apt-get could not install chromium (see its output above).")


def build_site():
    run(sys.executable, "-m", "build.site", failure="The site could not be assembled (the reason is above).")


def set_up(job):
    install_python_packages(requirements(job.extras))
    if job.site:
        install_js_packages()
    if job.browser:
        ensure_browser()
    if job.site:
        build_site()


def main(argv):
    if sys.version_info < MIN_PYTHON:
        raise SetupError(f"Python {'.'.join(map(str, MIN_PYTHON))}+ is needed; this is {sys.version.split()[0]}.")
    if not argv or argv[0] not in JOBS:
        raise SetupError(f"say what to do: {', '.join(JOBS)} (see `python3 -m digitpad --help`).")
    command, *args = argv
    if not in_venv():
        python = ensure_venv()
        os.execv(python, [str(python), str(Path(__file__).resolve()), *argv])
    job = JOBS[command]
    set_up(job)
    os.chdir(ROOT)
    os.execv(sys.executable, [sys.executable, "-m", job.module, *args])


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:2]):
        print(__doc__)
        sys.exit(0)
    try:
        main(sys.argv[1:])
    except SetupError as err:
        sys.exit(f"digitpad: {err}")
    except KeyboardInterrupt:
        sys.exit(130)
