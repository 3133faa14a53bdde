"""Shared fixtures: the site served on 127.0.0.1, headless Chromium, and the page driven like a person would."""

import base64
from urllib.parse import urlsplit

import numpy as np
import pytest

from build import ROOT, serve
from build.browser import launch

READY_TIMEOUT_MS = 90_000  # cold start on a loaded 2-core CI machine


def pytest_collection_modifyitems(items):
    for item in items:
        if "page" in getattr(item, "fixturenames", ()) or "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    if not (ROOT / "www" / "vendor" / "pyodide" / "pyodide.mjs").is_file():
        pytest.fail("www/vendor is missing: run `python -m build.site` (or `python -m build test`)")
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


class Requests:
    """Every request a browser context makes; the privacy check reads it."""

    def __init__(self, context):
        self.urls = []
        self.failed = []
        context.on("request", lambda r: self.urls.append(r.url))
        context.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))

    def foreign(self, origin):
        return [u for u in self.urls if urlsplit(u)._replace(path="", query="", fragment="").geturl() != origin
                and not u.startswith(("data:", "blob:"))]


class App:
    """The page, driven through its test contract (data-testid) and real mouse events."""

    def __init__(self, page):
        self.page = page

    def wait_ready(self):
        self.page.wait_for_function(
            "document.querySelector('[data-testid=status]').dataset.state !== 'loading'", timeout=READY_TIMEOUT_MS
        )
        return self.page.get_attribute("[data-testid=status]", "data-state")

    @property
    def results_seen(self):
        return int(self.page.get_attribute("[data-testid=probabilities]", "data-seq") or 0)

    def after(self, action):
        """Run an action that changes the drawing and wait until the page has shown its result."""
        before = self.results_seen
        action()
        self.page.wait_for_function(
            f"+document.querySelector('[data-testid=probabilities]').dataset.seq > {before}", timeout=10_000
        )

    def draw(self, strokes, box=(0.1, 0.1, 0.8)):
        """Draw strokes (0..1 coordinates) into the square box (left, top, side) of the pad, as fractions."""
        pad = self.page.locator("[data-testid=pad]").bounding_box()
        left, top, side = box

        def to_screen(x, y):
            return pad["x"] + pad["width"] * (left + side * x), pad["y"] + pad["height"] * (top + side * y)

        mouse = self.page.mouse
        for stroke in strokes:

            def one_stroke(stroke=stroke):
                mouse.move(*to_screen(*stroke[0]))
                mouse.down()
                for point in stroke[1:]:
                    mouse.move(*to_screen(*point))
                mouse.up()

            self.after(one_stroke)

    def click(self, testid):
        self.after(lambda: self.page.click(f"[data-testid={testid}]"))

    @property
    def prediction(self):
        return self.page.text_content("[data-testid=prediction]")

    @property
    def probabilities(self):
        items = self.page.locator("[data-testid=probabilities] > *")
        assert items.count() == 10
        return np.array([float(items.nth(i).get_attribute("data-p")) for i in range(10)])

    def pad_rgba(self):
        """The pad's pixels exactly as the page's Python read them."""
        encoded, width, height = self.page.evaluate(
            """() => {
                const image = digitPad.pad.pixels();
                let text = "";
                for (let i = 0; i < image.data.length; i += 8192)
                    text += String.fromCharCode(...image.data.subarray(i, i + 8192));
                return [btoa(text), image.width, image.height];
            }"""
        )
        return np.frombuffer(base64.b64decode(encoded), dtype=np.uint8).reshape(height, width, 4)

    def show_image(self, image):
        """Paint a 28x28 uint8 image (0 = paper) over the whole pad and let the page read it."""
        pixels = base64.b64encode(np.ascontiguousarray(image, dtype=np.uint8).tobytes()).decode()

        def paint():
            self.page.evaluate(
                """(pixels) => {
                    const bytes = Uint8Array.from(atob(pixels), (c) => c.charCodeAt(0));
                    const small = new OffscreenCanvas(28, 28);
                    const image = new ImageData(28, 28);
                    for (let i = 0; i < 784; i++) image.data.set([20, 24, 31, bytes[i]], 4 * i);
                    small.getContext("2d").putImageData(image, 0, 0);
                    const pad = digitPad.pad;
                    pad.context.clearRect(0, 0, pad.canvas.width, pad.canvas.height);
                    pad.context.drawImage(small, 0, 0, pad.canvas.width, pad.canvas.height);
                    pad.emit("stroke");
                }""",
                pixels,
            )

        self.after(paint)


def open_app(browser, url, **context_options):
    context = browser.new_context(**context_options)
    requests = Requests(context)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return context, page, requests, errors


@pytest.fixture(scope="module")
def app(browser, site):
    """One ready page for a module's tests (start-up is the slow part); checked for privacy and errors at the end."""
    context, page, requests, errors = open_app(browser, site + "/")
    app = App(page)
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
