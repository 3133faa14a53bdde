"""Copy the browser runtime into www/vendor/, checking every file by sha256.

Sources: the npm packages pinned in package.json (installed by `npm ci`) and
Pyodide's numpy wheel, taken from a local wheelhouse when one is given and
downloaded from the official Pyodide CDN otherwise. Every copied file must
match build/runtime-lock.json (npm files) or pyodide-lock.json (wheels);
anything missing or different stops the build, naming the file. Checked,
Python's standard library and the wheels are then compiled to bytecode
(build/bytecode.py); the served pyodide-lock.json records the wheels' new
sha256.
"""

import hashlib
import json
import shutil
import subprocess
import urllib.request
from pathlib import Path

import contract
from build import ROOT

NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "www" / "vendor"
RUNTIME_LOCK = ROOT / "build" / "runtime-lock.json"
DEFAULT_WHEELHOUSE = ROOT.parent / "shared" / "pyodide-wheels"
PYODIDE_CDN = "https://cdn.jsdelivr.net/pyodide/v{version}/full/"

PINS = {
    "@pyscript/core": "0.6.66",
    "pyodide": "0.27.7",
    "@tensorflow/tfjs-core": "4.22.0",
    "@tensorflow/tfjs-layers": "4.22.0",
    "@tensorflow/tfjs-backend-cpu": "4.22.0",
    "@tensorflow/tfjs-backend-wasm": "4.22.0",
}
# (package, file pattern in it, folder under www/vendor): only what the page loads.
FILES = [
    ("@pyscript/core", "dist/core.js", "pyscript"),
    ("@pyscript/core", "dist/core.css", "pyscript"),
    ("@pyscript/core", "dist/core-*.js", "pyscript"),
    ("@pyscript/core", "dist/error-*.js", "pyscript"),
    ("@pyscript/core", "dist/deprecations-manager-*.js", "pyscript"),
    # Plugins that core.js imports at start-up whatever the config says; each
    # loads its heavy parts (editor, terminal) only when a page uses them.
    ("@pyscript/core", "dist/donkey-*.js", "pyscript"),
    ("@pyscript/core", "dist/py-editor-*.js", "pyscript"),
    ("@pyscript/core", "dist/py-game-*.js", "pyscript"),
    ("@pyscript/core", "dist/py-terminal-*.js", "pyscript"),
    ("pyodide", "pyodide.mjs", "pyodide"),
    ("pyodide", "pyodide.asm.js", "pyodide"),
    ("pyodide", "pyodide.asm.wasm", "pyodide"),
    ("pyodide", "python_stdlib.zip", "pyodide"),
    ("pyodide", "pyodide-lock.json", "pyodide"),
    # tfjs in parts, not its all-in-one bundle: no WebGL backend, graph-model
    # converter or data API (a third less script to compile at start-up).
    # vendor/tfjs/tf-core.es2017.min.js comes from @tensorflow/tfjs-core, and so on.
    *[
        (f"@tensorflow/tfjs-{Path(s).name.split('.')[0][3:]}", f"dist/{Path(s).name}", "tfjs")
        for s in contract.TFJS_SCRIPTS
    ],
    # No threaded build: it needs cross-origin isolation, which a static host may not give, and
    # served isolated (COOP/COEP) to Chromium on 2 cores, tfjs 4.22's started no thread (getThreadsCount() 1).
    ("@tensorflow/tfjs-backend-wasm", "dist/tfjs-backend-wasm.wasm", "tfjs"),
    ("@tensorflow/tfjs-backend-wasm", "dist/tfjs-backend-wasm-simd.wasm", "tfjs"),
]
PYODIDE_PACKAGES = contract.PACKAGES


class VendorError(Exception):
    """A runtime file is missing or not the one the lock records."""


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_pins():
    for package, version in PINS.items():
        manifest = NODE_MODULES / package / "package.json"
        if not manifest.is_file():
            raise VendorError(f"node_modules/{package}/package.json is missing: run `npm ci` first")
        found = json.loads(manifest.read_text())["version"]
        if found != version:
            raise VendorError(f"{package} is {found}, the page is built for {version}: run `npm ci`")


def npm_sources():
    """[(source path, path under vendor/)] for every npm file the page needs."""
    sources = []
    for package, pattern, folder in FILES:
        matches = sorted((NODE_MODULES / package).glob(pattern))
        if not matches:
            raise VendorError(f"{package}/{pattern} is missing from node_modules: run `npm ci`")
        sources += [(path, f"{folder}/{path.name}") for path in matches]
    return sources


def write_lock():
    """Record the sha256 of the npm files (run after changing a pin, then commit the lock)."""
    check_pins()
    lock = {target: sha256(source) for source, target in npm_sources()}
    RUNTIME_LOCK.write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n")
    return lock


def copy_npm_files(lock):
    sources = npm_sources()
    found = {target for _, target in sources}
    missing = sorted(set(lock) - found)
    if missing:
        raise VendorError(f"runtime file missing from node_modules: {missing[0]}")
    for source, target in sources:
        if target not in lock:
            raise VendorError(f"{target} is not in {RUNTIME_LOCK.name}: run `python -m build.vendor --update-lock`")
        if sha256(source) != lock[target]:
            raise VendorError(
                f"node_modules/{source.relative_to(NODE_MODULES)}: sha256 differs from {RUNTIME_LOCK.name}"
            )
        destination = VENDOR / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)


def fetch_wheel(file_name, wheelhouse, destination):
    local = Path(wheelhouse) / file_name if wheelhouse else None
    if local and local.is_file():
        shutil.copyfile(local, destination)
        return
    url = PYODIDE_CDN.format(version=PINS["pyodide"]) + file_name
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(destination, "wb") as out:
            shutil.copyfileobj(response, out)
    except OSError as err:
        destination.unlink(missing_ok=True)
        where = f"not in {wheelhouse} and " if wheelhouse else ""
        raise VendorError(f"{file_name}: {where}download from {url} failed ({err}); pass --wheels DIR") from err


def to_bytecode(archive):
    """Rewrite a checked zip of modules in place with Pyodide's own CPython (see build/bytecode.py)."""
    compiled = archive.with_suffix(".bytecode")
    command = ["node", str(ROOT / "build" / "pyodide_run.mjs"), str(ROOT / "build" / "bytecode.py")]
    try:
        subprocess.run([*command, str(archive), str(compiled)], check=True, capture_output=True, text=True)
    except FileNotFoundError as err:
        raise VendorError("node is needed to compile Python for Pyodide: install Node.js") from err
    except subprocess.CalledProcessError as err:
        compiled.unlink(missing_ok=True)
        raise VendorError(f"{archive.name}: compiling to bytecode failed: {err.stderr.strip()[-500:]}") from err
    compiled.replace(archive)


def copy_wheels(wheelhouse):
    """The official wheels, checked against Pyodide's lock, then compiled; the served lock lists them with their new sha256."""
    lock_path = VENDOR / "pyodide" / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text())
    for name in PYODIDE_PACKAGES:
        entry = lock["packages"][name]
        destination = VENDOR / "pyodide" / entry["file_name"]
        fetch_wheel(entry["file_name"], wheelhouse, destination)
        if sha256(destination) != entry["sha256"]:
            destination.unlink()
            raise VendorError(f"{entry['file_name']}: sha256 differs from pyodide-lock.json")
        to_bytecode(destination)
        entry["sha256"] = sha256(destination)  # Pyodide checks what it fetches against this
    # The served lock lists the served wheels only (Pyodide fetches and parses it at every start).
    needed = {dep for name in PYODIDE_PACKAGES for dep in lock["packages"][name]["depends"]}
    if needed - set(PYODIDE_PACKAGES):
        raise VendorError(
            f"add {sorted(needed - set(PYODIDE_PACKAGES))} to PYODIDE_PACKAGES: {PYODIDE_PACKAGES} need them"
        )
    lock["packages"] = {name: lock["packages"][name] for name in PYODIDE_PACKAGES}
    lock_path.write_text(json.dumps(lock))


def vendor(wheelhouse=None):
    """Rebuild www/vendor/ from scratch; returns the vendored paths."""
    check_pins()
    if not RUNTIME_LOCK.is_file():
        raise VendorError(f"{RUNTIME_LOCK} is missing")
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    copy_npm_files(json.loads(RUNTIME_LOCK.read_text()))
    to_bytecode(VENDOR / "pyodide" / "python_stdlib.zip")
    if wheelhouse is None and DEFAULT_WHEELHOUSE.is_dir():
        wheelhouse = DEFAULT_WHEELHOUSE
    copy_wheels(wheelhouse)
    return sorted(p for p in VENDOR.rglob("*") if p.is_file())


def main(argv=None):
    import argparse
    import sys

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--wheels", help="local folder with Pyodide wheels (default: ../shared/pyodide-wheels if present)"
    )
    parser.add_argument(
        "--update-lock", action="store_true", help="re-record build/runtime-lock.json from node_modules"
    )
    args = parser.parse_args(argv)
    try:
        if args.update_lock:
            write_lock()
        files = vendor(args.wheels)
    except VendorError as err:
        sys.exit(f"error: {err}")
    total = sum(p.stat().st_size for p in files)
    print(f"vendored {len(files)} files, {total / 1e6:.1f} MB, into {VENDOR.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
