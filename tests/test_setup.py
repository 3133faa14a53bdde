"""Set-up (digitpad.py) on a stock Linux Python: a project venv, nothing installed into the system
interpreter, and one clear sentence instead of a traceback for what a new machine may lack."""

import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

import digitpad
from build import ROOT
from build.site import copy_writable

SYSTEM_PYTHON = Path("/usr/bin/python3")
MARKER = "import os, sysconfig; print(os.path.isfile(os.path.join(sysconfig.get_path('stdlib'), 'EXTERNALLY-MANAGED')))"


def externally_managed_python():
    """The system Python where it is marked EXTERNALLY-MANAGED (PEP 668: Debian 12, Ubuntu 24.04);
    elsewhere this interpreter's base, with pip told to refuse every install outside a venv (the same effect)."""
    env = {**os.environ, "PIP_REQUIRE_VIRTUALENV": "1"}
    if SYSTEM_PYTHON.is_file():
        marked = subprocess.run([SYSTEM_PYTHON, "-c", MARKER], capture_output=True, text=True).stdout.strip()
        if marked == "True":
            return SYSTEM_PYTHON, env
    return Path(sys._base_executable), env


def installed(python):
    """The distributions an interpreter has, and where its site-packages are."""
    code = "import importlib.metadata as m, site; print(sorted(d.metadata['Name'] for d in m.distributions()), site.getsitepackages())"
    return subprocess.run([python, "-I", "-c", code], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def project_copy(tmp_path):
    """The project as a fresh clone has it (with ../shared beside it), its npm packages already installed."""
    files = subprocess.run(
        ["git", "-c", f"safe.directory={ROOT}", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    copy = copy_writable(ROOT, tmp_path / "main", files)
    (copy / "node_modules").symlink_to(ROOT / "node_modules")  # npm ci is not what this is about
    if (ROOT.parent / "shared").is_dir():
        (tmp_path / "shared").symlink_to(ROOT.parent / "shared")  # the local Pyodide wheelhouse
    return copy


def test_serve_on_an_externally_managed_python_uses_a_project_venv(project_copy):
    python, env = externally_managed_python()
    before = installed(python)
    server = subprocess.Popen(
        [python, "-m", "digitpad", "serve", "--port", "0"],
        cwd=project_copy,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output = []
        for line in server.stdout:
            output.append(line)
            if line.startswith("Serving"):
                break
        url = re.search(r"http://\S+/", "".join(output))
        assert url, "".join(output)
        assert b"Digit Pad" in urllib.request.urlopen(url.group(0), timeout=10).read()
        # The server runs on the project's venv (digitpad.py re-executes itself there), not on `python`.
        running = Path(f"/proc/{server.pid}/cmdline").read_bytes().split(b"\0")[0].decode()
        assert Path(running).parent.parent == project_copy / ".venv", running
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert (project_copy / ".venv" / "bin" / "python").exists()
    assert "Traceback" not in "".join(output)
    assert installed(python) == before  # nothing installed into the interpreter that started it


def test_a_bare_command_answers_with_one_sentence():
    result = subprocess.run([sys.executable, "-m", "digitpad", "deploy"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr, result.stderr
    assert "serve, test" in result.stderr


def test_without_venv_support_it_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(digitpad, "can_make_venvs", lambda: False)
    monkeypatch.setattr(digitpad, "is_root_with_apt", lambda: False)
    with pytest.raises(digitpad.SetupError, match=r"apt install python3-venv"):
        digitpad.ensure_venv(tmp_path / ".venv")
    assert not (tmp_path / ".venv").exists()


def test_without_node_or_with_an_old_one_it_says_so(monkeypatch):
    monkeypatch.setattr(digitpad, "node_major", lambda: None)
    with pytest.raises(digitpad.SetupError, match=r"Node\.js 20\+ with npm is needed"):
        digitpad.install_js_packages()
    monkeypatch.setattr(digitpad, "node_major", lambda: 18)
    with pytest.raises(digitpad.SetupError, match=r"this machine has Node\.js 18: upgrade"):
        digitpad.install_js_packages()


def test_a_failed_step_is_one_sentence_not_a_traceback():
    with pytest.raises(digitpad.SetupError, match="^pip could not"):
        digitpad.run(sys.executable, "-c", "raise SystemExit(1)", failure="pip could not install (offline?).")


def test_serving_installs_no_tensorflow_and_testing_does():
    serve = digitpad.requirements(digitpad.JOBS["serve"].extras)
    test = digitpad.requirements(digitpad.JOBS["test"].extras)
    assert serve == []
    assert any(line.startswith("tensorflow") for line in test) and any(line.startswith("pytest") for line in test)
