"""Bad deployments get a clear message and a page that still works: missing or corrupt model, missing runtime file."""

import pytest

from build.pagedriver import PageDriver, open_page
from contract import DEFAULT_MODEL, MODELS, PYTHON_SNAPSHOT_CACHE

MODEL_PATH = f"{MODELS}{DEFAULT_MODEL}"  # the default model's folder in the site
from strokes import DIGITS


def broken_page(browser, url):
    context, page, requests, errors = open_page(browser, url + "/")
    driver = PageDriver(page)
    assert driver.wait_ready() == "error"
    return context, driver, requests, errors


def test_missing_model_says_so_and_drawing_still_works(browser, own_server, tmp_path):
    _, url = own_server(**{MODEL_PATH: tmp_path})  # an empty model folder
    context, driver, requests, errors = broken_page(browser, url)
    assert "model" in driver.status and "digitpad train" in driver.status
    before = driver.page.evaluate("digitPad.pad.readStrokes().length")
    driver.draw(DIGITS[7], wait=False)  # no result comes, but the stroke is drawn
    assert driver.page.evaluate("digitPad.pad.readStrokes().length") == before + 1
    assert errors == []
    assert requests.foreign(url) == []
    context.close()


def test_corrupt_model_says_so(browser, own_server, tmp_path):
    (tmp_path / "model.json").write_text('{"modelTopology": 42')
    context, driver, _, errors = broken_page(browser, own_server(**{MODEL_PATH: tmp_path})[1])
    assert "model" in driver.status
    assert errors == []
    context.close()


@pytest.mark.parametrize("path", ["vendor/pyodide/pyodide.asm.wasm", "vendor/pyodide/python_stdlib.zip"])
def test_missing_runtime_file_is_named(browser, own_server, path):
    context, driver, _, _ = broken_page(browser, own_server(**{path: None})[1])
    assert path in driver.status and "reload" in driver.status.lower()
    context.close()


def test_missing_numpy_wheel_is_named(browser, own_server):
    import json

    from build.vendor import VENDOR

    wheel = json.loads((VENDOR / "pyodide" / "pyodide-lock.json").read_text())["packages"]["numpy"]["file_name"]
    context, driver, _, _ = broken_page(browser, own_server(**{f"vendor/pyodide/{wheel}": None})[1])
    assert wheel in driver.status
    context.close()


def test_damaged_python_snapshot_is_dropped_and_python_starts_afresh(browser, own_server):
    _, url = own_server()
    context, page, requests, errors = open_page(browser, url + "/")
    driver = PageDriver(page)
    assert driver.wait_ready() == "ready"
    driver.wait_python_snapshot()
    page.evaluate(
        """async (name) => {
            const cache = await caches.open(name);
            const [key] = await cache.keys();
            const bytes = new Uint8Array(await (await cache.match(key)).arrayBuffer());
            bytes.fill(7, 0, 4096);  // its header: magic number and Pyodide build id
            await cache.put(key, new Response(bytes));
        }""",
        PYTHON_SNAPSHOT_CACHE,
    )
    page.reload()
    assert driver.wait_ready() == "ready", driver.status
    assert not driver.python_from_snapshot
    driver.draw(DIGITS[2])
    assert driver.prediction == "2"
    driver.wait_python_snapshot()  # a good one replaces it
    page.reload()
    assert driver.wait_ready() == "ready" and driver.python_from_snapshot
    assert requests.failed == [] and errors == []
    context.close()


def test_missing_tfjs_wasm_falls_back_to_the_cpu_backend(browser, own_server):
    wasm = {f"vendor/tfjs/{name}": None for name in ("tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm")}
    context, page, _, _ = open_page(browser, own_server(**wasm)[1] + "/")
    driver = PageDriver(page)
    assert driver.wait_ready() == "ready", driver.status
    assert "on cpu" in driver.status
    driver.draw(DIGITS[3])
    assert driver.prediction == "3"
    context.close()


def test_missing_tfjs_script_is_named(browser, own_server):
    path = "vendor/tfjs/tf-layers.es2017.min.js"
    context, driver, _, _ = broken_page(browser, own_server(**{path: None})[1])
    assert path in driver.status and "recogniser" in driver.status
    context.close()


def test_corrupt_holds_file_leaves_numbers_read_without_it(browser, own_server, tmp_path):
    """holds.json (what a piece of ink holds) damaged: the page reads a number as models without one are read."""
    import shutil

    from build.site import model_dir
    from contract import HOLDS

    shutil.copytree(model_dir(), tmp_path, dirs_exist_ok=True)
    (tmp_path / HOLDS).write_text('{"weights": [1, 2')
    context, page, requests, errors = open_page(browser, own_server(**{MODEL_PATH: tmp_path})[1] + "/")
    driver = PageDriver(page)
    assert driver.wait_ready() == "ready"
    for i, digit in enumerate((4, 0, 9)):
        driver.draw(DIGITS[digit], box=(0.03 + 0.32 * i, 0.3, 0.3))
    assert driver.prediction == "409"
    assert errors == []
    context.close()
