"""Drives the page through its test contract (data-testid) like a person would.

Shared by the browser tests, the evaluation (build/evaluate.py) and the benchmarks.
"""

import base64
from contextlib import ExitStack, contextmanager
from urllib.parse import urlsplit

import numpy as np
from contract import CLASSES, SIDE

READY_TIMEOUT_MS = 90_000  # cold start on a loaded 2-core machine
# Browser contexts the benchmarks run the page in (Playwright's options).
CONTEXTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 3,
    },
}
# Bytes out of the page as base64 (JSON would spell out every number); prefixed to scripts that need it.
TO_BASE64 = """const toBase64 = (bytes) => {
    let text = "";
    for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return btoa(text);
};
"""
# The results count as each pen-up reaches the page, before the pad hears of it (a capture listener on
# the window runs first): a result counted after the last one is a reading of the whole drawing.
MARK_PEN_UPS = """() => {
    const bars = document.querySelector("[data-testid=probabilities]");
    if (!("seqAtPenUp" in window))
        addEventListener("pointerup", () => { window.seqAtPenUp = +bars.dataset.seq; }, { capture: true });
    window.seqAtPenUp = null;
}"""
# Long tasks of the main thread from now on, in window.longTasks as [startTime, duration] (ms; the
# Long Tasks API: over 50 ms). PageDriver.long_tasks() reads them.
WATCH_LONG_TASKS = """() => {
    window.longTasks = [];
    if (!window.longTaskObserver) {
        window.longTaskObserver = new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) window.longTasks.push([entry.startTime, entry.duration]);
        });
        window.longTaskObserver.observe({ type: "longtask" });
    }
}"""
# The browser's turns from now on: a message the page posts to itself again each time it arrives, so
# that any other task the main thread runs comes between two arrivals (their times, ms, in
# window.turns). PageDriver.turns_during() stops it.
COUNT_TURNS = """() => {
    window.turns = [];
    window.countingTurns = true;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
        window.turns.push(performance.now());
        if (window.countingTurns) channel.port2.postMessage(null);
    };
    channel.port2.postMessage(null);
}"""
READ_SINCE_PEN_UP = """window.seqAtPenUp !== null
    && +document.querySelector("[data-testid=probabilities]").dataset.seq > window.seqAtPenUp"""


class Requests:
    """Every request a browser context makes: the privacy checks read it."""

    def __init__(self, context):
        self.urls = []
        self.failed = []
        context.on("request", lambda r: self.urls.append(r.url))
        context.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))

    def foreign(self, origin):
        """Requests to anywhere but `origin` (data: and blob: URLs never leave the page)."""
        return [
            url
            for url in self.urls
            if not url.startswith(("data:", "blob:")) and "{0.scheme}://{0.netloc}".format(urlsplit(url)) != origin
        ]


class PageDriver:
    def __init__(self, page):
        self.page = page

    def wait_ready(self, timeout=READY_TIMEOUT_MS):
        """Waits until the status leaves 'loading'; returns 'ready' or 'error'."""
        self.page.wait_for_function(
            "document.querySelector('[data-testid=status]').dataset.state !== 'loading'", timeout=timeout
        )
        return self.page.get_attribute("[data-testid=status]", "data-state")

    def wait_python_snapshot(self, timeout=READY_TIMEOUT_MS):
        """Waits until the page has saved the Python snapshot that later visits start from (js/python.mjs)."""
        self.page.wait_for_function("performance.getEntriesByName('python-snapshot-saved').length > 0", timeout=timeout)

    @property
    def python_from_snapshot(self):
        """Whether this page's Python was restored from a snapshot instead of started afresh."""
        return self.page.evaluate("performance.getEntriesByName('python-from-snapshot').length > 0")

    @property
    def status(self):
        return self.page.text_content("[data-testid=status]").strip()

    @property
    def results_seen(self):
        return int(self.page.get_attribute("[data-testid=probabilities]", "data-seq") or 0)

    def after(self, action):
        """Run an action that changes the drawing; wait until the page has shown its result."""
        before = self.results_seen
        action()
        self.page.wait_for_function(
            f"+document.querySelector('[data-testid=probabilities]').dataset.seq > {before}", timeout=10_000
        )

    def pad_point(self, box):
        """Viewport coordinates of a point of the box on the pad, scrolled into view as a person would."""
        locator = self.page.locator("[data-testid=pad]")
        locator.scroll_into_view_if_needed()
        pad = locator.bounding_box()
        left, top, side = box
        return lambda x, y: (pad["x"] + pad["width"] * (left + side * x), pad["y"] + pad["height"] * (top + side * y))

    def mouse_stroke(self, stroke, at):
        """One stroke with the mouse: button down at its first point, through every point, up.
        at(x, y): the viewport point of a pad point."""
        mouse = self.page.mouse
        mouse.move(*at(*stroke[0]))
        mouse.down()
        for point in stroke[1:]:
            mouse.move(*at(*point))
        mouse.up()

    @staticmethod
    def touch_stroke(cdp, stroke, at):
        """One stroke with a finger, as a phone's touch screen sends it (CDP touch events)."""
        for kind, point in [("touchStart", stroke[0])] + [("touchMove", p) for p in stroke[1:]]:
            x, y = at(*point)
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    def draw(self, strokes, box=(0.1, 0.1, 0.8), wait=True):
        """Draw strokes (0..1 coordinates) with the mouse into a square box (left, top, side) of the pad.

        wait: after each stroke, wait for the page to show its reading of the drawing so far (not
        before Python is ready; readings shown while the pen moved do not count).
        """
        at = self.pad_point(box)
        for stroke in strokes:
            if wait:
                self.after_pen_up(lambda stroke=stroke: self.mouse_stroke(stroke, at))
            else:
                self.mouse_stroke(stroke, at)

    def touch(self, strokes, box=(0.1, 0.1, 0.8)):
        """Draw strokes with a finger, as a phone's touch screen sends them (CDP touch events),
        waiting after each stroke for the page to show its reading of the drawing so far."""
        at = self.pad_point(box)
        cdp = self.page.context.new_cdp_session(self.page)
        try:
            for stroke in strokes:
                self.after_pen_up(lambda stroke=stroke: self.touch_stroke(cdp, stroke, at))
        finally:
            cdp.detach()

    def after_pen_up(self, action):
        """Run an action that draws; wait until the page has shown a reading made after its last pen-up."""
        self.page.evaluate(MARK_PEN_UPS)
        action()
        self.page.wait_for_function(READ_SINCE_PEN_UP, timeout=10_000)

    def write(self, strokes, touch=False):
        """Draw strokes (0..1 pad units) as a person writes: pen down, every point, pen up, stroke after
        stroke, with the mouse's pointer events or (touch) a phone's touch events. Waits only for the
        reading of the whole drawing; the page may show readings of the first strokes on the way.
        The pad is found again at each pen-down, as a person sees where it is (a reading shown may move it)."""
        cdp = self.page.context.new_cdp_session(self.page) if touch else None

        def written():
            for stroke in strokes:
                at = self.pad_point((0, 0, 1))
                if touch:
                    self.touch_stroke(cdp, stroke, at)
                else:
                    self.mouse_stroke(stroke, at)

        try:
            self.after_pen_up(written)
        finally:
            if cdp is not None:
                cdp.detach()

    def long_tasks(self):
        """[(start, duration)] (ms) of the main thread's long tasks since WATCH_LONG_TASKS ran; waits a
        moment first, as long tasks are reported a moment after they end."""
        self.page.evaluate("new Promise((r) => setTimeout(r, 100))")
        return [tuple(task) for task in self.page.evaluate("window.longTasks")]

    def turns_during(self, measure):
        """Stops COUNT_TURNS; the times (ms) of the browser's turns within the page's last `measure` entry."""
        start, end = self.page.evaluate(
            """(name) => {
                window.countingTurns = false;
                const { startTime, duration } = performance.getEntriesByName(name, "measure").at(-1);
                return [startTime, startTime + duration];
            }""",
            measure,
        )
        return [t for t in self.page.evaluate("window.turns") if start < t < end]

    def click(self, testid):
        self.after(lambda: self.page.click(f"[data-testid={testid}]"))

    @property
    def prediction(self):
        return self.page.text_content("[data-testid=prediction]")

    @property
    def probabilities(self):
        values = self.page.eval_on_selector_all("[data-testid=probabilities] > *", "els => els.map(e => e.dataset.p)")
        assert len(values) == CLASSES, values
        return np.array([float(v) for v in values])

    @property
    def part_probabilities(self):
        """N x 10: the probabilities of each digit found, left to right."""
        rows = self.page.eval_on_selector_all(
            "[data-testid=parts] > li", "els => els.map(e => e.dataset.probabilities)"
        )
        return np.array([[float(v) for v in row.split()] for row in rows]).reshape(-1, CLASSES)

    @property
    def message(self):
        return self.page.text_content("[data-testid=message]")

    def pad_rgba(self, whole=False):
        """The pad's pixels exactly as the page's Python reads them (the drawing's part), or the whole pad's."""
        encoded, width, height = self.page.evaluate(
            TO_BASE64
            + f"""const image = digitPad.pad.pixels({"true" if whole else "false"});
            [toBase64(image.data), image.width, image.height];"""
        )
        return np.frombuffer(base64.b64decode(encoded), dtype=np.uint8).reshape(height, width, 4)

    def show_image(self, image, box=(0, 0, 1)):
        """Paint a grey image (uint8, 0 = paper) scaled into a box of the empty pad; the page reads it."""
        image = np.ascontiguousarray(image, dtype=np.uint8)
        pixels = base64.b64encode(image.tobytes()).decode()
        h, w = image.shape

        def paint():
            self.page.evaluate(
                """([pixels, h, w, box]) => {
                    const bytes = Uint8Array.from(atob(pixels), (c) => c.charCodeAt(0));
                    const small = new OffscreenCanvas(w, h);
                    const image = new ImageData(w, h);
                    for (let i = 0; i < w * h; i++) image.data[4 * i + 3] = bytes[i];  // the grey as ink strength
                    small.getContext("2d").putImageData(image, 0, 0);
                    digitPad.pad.paintImage(small, box);
                }""",
                [pixels, h, w, list(box)],
            )

        self.after(paint)

    def recognise_images(self, images, adapted=False):
        """N x 10 probabilities from the page's own path for N 28x28 MNIST images (numpy in Pyodide, then tfjs);
        adapted: through the person's corrections, as the page reads drawings."""
        images = np.ascontiguousarray(images, dtype=np.uint8)
        encoded = self.page.evaluate(
            f"""async ([pixels, adapted]) => {{
                {TO_BASE64}
                if (!digitPad.recogniseImages) await digitPad.loadEvaluation();
                const bytes = Uint8Array.from(atob(pixels), (c) => c.charCodeAt(0));
                const p = digitPad.recogniseImages(bytes, bytes.length / {SIDE * SIDE}, adapted);
                return toBase64(new Uint8Array(p.buffer));
            }}""",
            [base64.b64encode(images.tobytes()).decode(), adapted],
        )
        return np.frombuffer(base64.b64decode(encoded), dtype=np.float32).reshape(len(images), CLASSES)


def new_page(browser, **context_options):
    """(context, page, requests, errors) for a page in a new context, not navigated yet."""
    context = browser.new_context(**context_options)
    requests = Requests(context)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, requests, errors


def open_page(browser, url, **context_options):
    """(context, page, requests, errors) for a new context showing `url`."""
    context, page, requests, errors = new_page(browser, **context_options)
    page.goto(url)
    return context, page, requests, errors


@contextmanager
def ready_page(root=None, **context_options):
    """The built site (www/, or another root) served on 127.0.0.1 and a ready page on it, in a browser
    context with these options (Playwright's: viewport, is_mobile...); yields its PageDriver."""
    with ready_pages([root], **context_options) as (driver,):
        yield driver


@contextmanager
def ready_pages(roots, **context_options):
    """ready_page for several built sites at once (None: www/), each on its own server, in one browser;
    yields their PageDrivers."""
    from playwright.sync_api import sync_playwright

    from build import serve
    from build.browser import launch
    from build.site import check_current

    if None in roots:  # www/ as built from this checkout (another root is a deliberate other build)
        check_current()
    with ExitStack() as stack:
        servers = []
        for root in roots:
            servers.append(serve.start(root=root or serve.SITE))
            stack.callback(servers[-1].server_close)
            stack.callback(servers[-1].shutdown)
        p = stack.enter_context(sync_playwright())
        browser = launch(p)
        stack.callback(browser.close)
        drivers = []
        for server in servers:
            _, page, _, _ = open_page(browser, f"http://127.0.0.1:{server.server_address[1]}/", **context_options)
            drivers.append(PageDriver(page))
        for driver in drivers:
            if driver.wait_ready() != "ready":
                raise RuntimeError(f"the page did not start: {driver.status}")
        yield drivers
