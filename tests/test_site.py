"""The site build refuses a model folder whose fitted files (adaptation.json, holds.json) were fitted
to other weights, or holds.json for another pen: the page would read with stale prototypes and holds
and never know. And what reads www/ as built (benchmarks, the evaluation) refuses one built from
another py/."""

import json
import shutil

import pytest

from build.site import (
    FITTED,
    FITTED_FOR,
    WWW,
    VendorError,
    check_current,
    check_fitted,
    copy_writable,
    model_dir,
    staged_site,
)
from contract import APP, BRUSH, HOLDS


@pytest.fixture
def model_copy(tmp_path):
    return shutil.copytree(model_dir(), tmp_path / "model")


def test_the_shipped_model_and_its_fitted_files_agree():
    assert all((model_dir() / name).is_file() for name in FITTED)
    check_fitted(model_dir())


@pytest.mark.parametrize("name", sorted(FITTED))
def test_a_file_fitted_to_other_weights_stops_the_build_naming_it_and_its_step(model_copy, tmp_path, name):
    data = json.loads((model_copy / name).read_text())
    data["model"] = "0" * 16
    (model_copy / name).write_text(json.dumps(data))
    with pytest.raises(VendorError, match=rf"{name} was fitted to other weights.*python -m {FITTED[name]}"):
        staged_site(model_copy, tmp_path / "www")


def test_retrained_weights_without_refitting_stop_the_build(model_copy):
    weights = next(model_copy.glob("group*-shard*"))
    data = bytearray(weights.read_bytes())
    data[-1] ^= 1
    weights.write_bytes(bytes(data))
    with pytest.raises(VendorError, match="fitted to other weights"):
        check_fitted(model_copy)


def test_holds_fitted_for_another_pen_stop_the_build(model_copy):
    assert FITTED_FOR[HOLDS] == {"pen": BRUSH}
    data = json.loads((model_copy / HOLDS).read_text())
    data["pen"] = 2 * BRUSH
    (model_copy / HOLDS).write_text(json.dumps(data))
    with pytest.raises(VendorError, match=rf"{HOLDS} was fitted for a pen of {2 * BRUSH}, not {BRUSH}"):
        check_fitted(model_copy)


def test_an_unreadable_fitted_file_is_named(model_copy):
    (model_copy / HOLDS).write_text('{"weights": [1, 2')
    with pytest.raises(VendorError, match=f"{HOLDS} is not JSON with a model id"):
        check_fitted(model_copy)


def test_a_model_without_fitted_files_is_fine(model_copy):
    for name in FITTED:
        (model_copy / name).unlink()
    check_fitted(model_copy)


def test_the_built_site_runs_py_as_it_is():
    check_current()


@pytest.mark.parametrize("changed", ["touching.py", "contract.js"])
def test_a_site_built_from_another_py_is_refused(tmp_path, changed):
    """Benchmarks and the evaluation read www/ as built: one built before py/ changed measures old code."""
    files = [p.relative_to(WWW) for p in (WWW / APP).glob("*.py")] + ["js/contract.js"]
    site = copy_writable(WWW, tmp_path / "www", files)
    check_current(site)
    stale = next(p for p in site.rglob(changed))
    stale.write_text(stale.read_text().replace("0", "1"))
    with pytest.raises(VendorError, match=rf"another py/ \(.*{changed}\): rerun python -m build.site"):
        check_current(site)
