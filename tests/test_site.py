"""The site build refuses a model folder whose fitted files (adaptation.json, holds.json) were fitted
to other weights, or holds.json for another pen: the page would read with stale prototypes and holds
and never know."""

import json
import shutil

import pytest

from build.site import FITTED, FITTED_FOR, VendorError, check_fitted, model_dir, staged_site
from contract import BRUSH, HOLDS


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
