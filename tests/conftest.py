"""Shared fixtures: the site served on 127.0.0.1, headless Chromium, and the page driven like a person would."""

import pytest
from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

from build import ROOT, serve
from build.browser import launch
from build.pagedriver import PageDriver, open_page

# Hypothesis keeps its examples beside pytest's cache (pyproject.toml), not in the project folder.
settings.register_profile("project", database=DirectoryBasedExampleDatabase(ROOT / ".venv" / "hypothesis"))
settings.load_profile("project")


def pytest_collection_modifyitems(items):
    for item in items:
        if "page" in getattr(item, "fixturenames", ()) or "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    if not (ROOT / "www" / "vendor" / "pyodide" / "pyodide.mjs").is_file():
        pytest.fail("www/vendor is missing: run `python3 -m digitpad test` (or `.venv/bin/python -m build.site`)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright):
    chromium = launch(playwright)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def site():
    server = serve.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def own_server():
    """Servers of the test's own (another root, files swapped or missing, or to stop mid-test).

    start(root=www/, **overrides) -> (server, url); overrides map a site path to a folder, or to None for a 404.
    """
    servers = []

    def start(root=ROOT / "www", **overrides):
        server = serve.start(root=root, overrides={k: v if v is None else str(v) for k, v in overrides.items()})
        servers.append(server)
        return server, f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def app(browser, site):
    """One ready page for a module's tests (start-up is the slow part); checked for privacy and errors at the end."""
    context, page, requests, errors = open_page(browser, site + "/")
    app = PageDriver(page)
    assert app.wait_ready() == "ready", page.text_content("[data-testid=status]")
    yield app
    assert requests.foreign(site) == [], "requests left the page's origin"
    assert errors == [], errors
    context.close()


@pytest.fixture
def fresh(app):
    """The module's page with an empty pad."""
    if app.page.evaluate("!digitPad.pad.isEmpty"):
        app.click("clear")
    return app
