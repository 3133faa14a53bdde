"""The vendoring step refuses a runtime file that is missing or not the one the lock records."""

import json
import shutil

import pytest

from build import vendor

CPYTHON_312_PYC = (3531).to_bytes(2, "little") + b"\r\n"  # magic number of 3.12's .pyc files


@pytest.fixture
def fake_tree(tmp_path, monkeypatch):
    """node_modules and lock copied aside so they can be damaged; output to a temporary www/vendor."""
    modules = tmp_path / "node_modules"
    for package in vendor.PINS:
        shutil.copytree(vendor.NODE_MODULES / package, modules / package, symlinks=True)
    lock = tmp_path / "runtime-lock.json"
    shutil.copyfile(vendor.RUNTIME_LOCK, lock)
    monkeypatch.setattr(vendor, "NODE_MODULES", modules)
    monkeypatch.setattr(vendor, "RUNTIME_LOCK", lock)
    monkeypatch.setattr(vendor, "VENDOR", tmp_path / "vendor")
    return tmp_path


def test_vendors_only_what_the_page_needs(fake_tree):
    files = vendor.vendor()
    names = {p.name for p in files}
    assert "pyodide.asm.wasm" in names and "tf-core.es2017.min.js" in names
    assert "tf.es2017.min.js" not in names  # tfjs's all-in-one bundle: WebGL, converter, data the page does not use
    assert any(n.startswith("numpy-") and n.endswith(".whl") for n in names)
    assert not [n for n in names if n.endswith(".map") or "threaded" in n or n.endswith(".d.ts")]


def test_changed_npm_file_stops_the_build_naming_it(fake_tree):
    target = fake_tree / "node_modules" / "pyodide" / "pyodide.asm.js"
    target.write_text(target.read_text() + "//")
    with pytest.raises(vendor.VendorError, match="pyodide.asm.js: sha256 differs"):
        vendor.vendor()


def test_missing_npm_file_stops_the_build_naming_it(fake_tree):
    (fake_tree / "node_modules" / "pyodide" / "python_stdlib.zip").unlink()
    with pytest.raises(vendor.VendorError, match="python_stdlib.zip is missing"):
        vendor.vendor()


def test_wheel_with_wrong_sha256_is_refused(fake_tree):
    house = fake_tree / "wheels"
    house.mkdir()
    lock = json.loads((vendor.NODE_MODULES / "pyodide" / "pyodide-lock.json").read_text())
    (house / lock["packages"]["numpy"]["file_name"]).write_bytes(b"not a wheel")
    with pytest.raises(vendor.VendorError, match=r"numpy-.*\.whl: sha256 differs from pyodide-lock.json"):
        vendor.vendor(house)


def test_missing_wheel_without_network_names_it(fake_tree, monkeypatch):
    def offline(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setattr(vendor.urllib.request, "urlopen", offline)
    empty = fake_tree / "empty"
    empty.mkdir()
    with pytest.raises(vendor.VendorError, match=r"numpy-.*\.whl: not in .*download from https://cdn"):
        vendor.vendor(empty)


def test_wrong_package_version_is_refused(fake_tree):
    manifest = fake_tree / "node_modules" / "pyodide" / "package.json"
    data = json.loads(manifest.read_text())
    data["version"] = "0.28.0"
    manifest.write_text(json.dumps(data))
    with pytest.raises(vendor.VendorError, match="pyodide is 0.28.0.*0.27.7"):
        vendor.vendor()


def test_numpy_wheel_is_served_as_bytecode_under_the_lock_pyodide_checks(fake_tree):
    import zipfile

    vendor.vendor()
    packages = json.loads((fake_tree / "vendor" / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    assert list(packages) == ["numpy"]  # only the wheels the site serves
    lock = packages["numpy"]
    wheel = fake_tree / "vendor" / "pyodide" / lock["file_name"]
    assert vendor.sha256(wheel) == lock["sha256"]
    names = zipfile.ZipFile(wheel).namelist()
    assert "numpy/__init__.pyc" in names and "numpy/_core/_multiarray_umath.cpython-312-wasm32-emscripten.so" in names
    assert not [n for n in names if n.endswith((".py", ".h", ".pyi"))]
    # Bytecode of Pyodide's CPython 3.12, not of the Python running the build.
    assert zipfile.ZipFile(wheel).read("numpy/__init__.pyc")[:4] == CPYTHON_312_PYC
    stdlib = zipfile.ZipFile(fake_tree / "vendor" / "pyodide" / "python_stdlib.zip")
    assert stdlib.read("json/decoder.pyc")[:4] == CPYTHON_312_PYC
    assert not [n for n in stdlib.namelist() if n.endswith(".py")]


def test_every_site_file_counts_towards_a_start_up_stage_the_page_knows():
    from build.site import read_precache
    from contract import STAGES

    stages = {f["stage"] for f in read_precache()[1]}
    assert stages == set(STAGES)  # each stage has files, and no file counts towards an unknown one
