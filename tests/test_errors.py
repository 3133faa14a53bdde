"""Bad deployments get a clear message and a page that still works: missing or corrupt model, missing runtime file."""

import pytest

from build import serve
from build.pagedriver import PageDriver, open_page
from strokes import DIGITS


@pytest.fixture
def serve_with(tmp_path):
    servers = []

    def start(**overrides):
        server = serve.start(overrides={k: (v if v is None else str(v)) for k, v in overrides.items()})
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()


def broken_page(browser, url):
    context, page, requests, errors = open_page(browser, url + "/")
    driver = PageDriver(page)
    assert driver.wait_ready() == "error"
    return context, driver, requests, errors


def test_missing_model_says_so_and_drawing_still_works(browser, serve_with, tmp_path):
    url = serve_with(model=tmp_path)  # an empty model folder
    context, driver, requests, errors = broken_page(browser, url)
    assert "model" in driver.status and "build.train" in driver.status
    before = driver.page.evaluate("digitPad.pad.strokes.length")
    at = driver.pad_point((0.1, 0.1, 0.8))
    driver.page.mouse.move(*at(*DIGITS[7][0][0]))
    driver.page.mouse.down()
    for point in DIGITS[7][0][1:]:
        driver.page.mouse.move(*at(*point))
    driver.page.mouse.up()
    assert driver.page.evaluate("digitPad.pad.strokes.length") == before + 1
    assert errors == []
    assert requests.foreign(url) == []
    context.close()


def test_corrupt_model_says_so(browser, serve_with, tmp_path):
    (tmp_path / "model.json").write_text('{"modelTopology": 42')
    context, driver, _, errors = broken_page(browser, serve_with(model=tmp_path))
    assert "model" in driver.status
    assert errors == []
    context.close()


@pytest.mark.parametrize("path", ["vendor/pyodide/pyodide.asm.wasm", "vendor/pyodide/python_stdlib.zip"])
def test_missing_runtime_file_is_named(browser, serve_with, path):
    context, driver, _, _ = broken_page(browser, serve_with(**{path: None}))
    assert path in driver.status and "reload" in driver.status.lower()
    context.close()


def test_missing_numpy_wheel_is_named(browser, serve_with):
    import json

    from build.vendor import VENDOR

    wheel = json.loads((VENDOR / "pyodide" / "pyodide-lock.json").read_text())["packages"]["numpy"]["file_name"]
    context, driver, _, _ = broken_page(browser, serve_with(**{f"vendor/pyodide/{wheel}": None}))
    assert wheel in driver.status
    context.close()
