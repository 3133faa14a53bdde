"""The page's Python: reads the pad or a picture, preprocesses with numpy, asks tfjs, shows the answer.

A thin bridge. The numbers come from preprocess.py, segment.py, photo.py and
verdict.py, which the CPython tests and the build's evaluation run too. JS
(js/boot.js) hands over the drawing pad, the status line and the loading
model in `window.digitPad`.
"""

import json

import numpy as np
from pyodide.ffi import JsException, create_proxy, to_js
from pyscript import document, window

import card
import contract
import photo
import preprocess
import segment
import verdict
from sources import Camera, SourceError, decode, rgba_of
from view import ResultView, put_pixels

app = window.digitPad


def now():
    return window.performance.now()


def measure(name, start):
    """A User Timing entry (seen in DevTools; the benchmarks read them)."""
    window.performance.measure(name, to_js({"start": start, "end": now()}, dict_converter=window.Object.fromEntries))


def predict(runtime, digits):
    """Probabilities (N x 10) for N 28x28 inputs, in one tfjs call."""
    flat = np.ascontiguousarray(digits, dtype=np.float32).reshape(-1)
    data = window.Float32Array.new(flat.size)
    data.assign(flat)
    x = runtime.tf.tensor4d(data, to_js([len(digits), contract.SIDE, contract.SIDE, 1]))
    y = runtime.model.predict(x)
    try:
        out = np.empty(len(digits) * contract.CLASSES, dtype=np.float32)
        y.dataSync().assign_to(out)
    finally:
        x.dispose()
        y.dispose()
    return out.reshape(-1, contract.CLASSES)


class Reader:
    """Drawing or picture -> ink -> digits -> model -> result panel."""

    def __init__(self, runtime, view):
        self.runtime = runtime
        self.view = view

    def read_ink(self, ink, started, picture=None):
        parts, inputs = segment.read_parts(ink)
        measure("preprocess", started)
        if not parts:
            if picture is None:
                self.view.clear(verdict.BLANK_MESSAGE, "blank")
            else:
                self.view.clear(photo.NO_DIGITS, "error", picture)
            return
        inferring = now()
        probabilities = predict(self.runtime, inputs)
        measure("inference", inferring)
        self.view.show(parts, inputs, probabilities, picture)
        measure("recognition", started)

    def drawing(self):
        started = now()
        self.read_ink(preprocess.ink_from_rgba(rgba_of(app.pad.pixels())), started)

    def picture(self, rgba):
        started = now()
        try:
            ink = photo.ink_from_photo(rgba)
        except photo.NoDigits as error:
            self.view.clear(str(error), "error", rgba)
            return
        self.read_ink(ink, started, rgba)

    async def file(self, file):
        started = now()
        try:
            rgba = await decode(file)
        except SourceError as error:
            self.view.clear(str(error), "error")
            return
        measure("decode", started)
        self.picture(rgba)


def guarded(handler, view):
    """An event handler that reports failures in the result panel instead of throwing into the page."""

    async def run(*args):
        try:
            result = handler(*args)
            if hasattr(result, "__await__"):
                await result
        except Exception as error:  # a bad frame or file must not break the page
            view.clear(f"Something went wrong reading that: {error}", "error")

    return create_proxy(run)


def listen(element_id, event, handler, view):
    document.getElementById(element_id).addEventListener(event, guarded(handler, view))


def wire_pictures(reader, view):
    """Upload, drag-and-drop and camera: all end in reader.picture()."""
    upload = document.getElementById("upload")

    async def uploaded(event):
        files = upload.files
        if files.length:
            await reader.file(files.item(0))
        upload.value = ""  # choosing the same file again reads it again

    drop = document.getElementById("drop")

    def dragging(event):
        event.preventDefault()
        drop.dataset.dragging = ""

    def left(event):
        drop.removeAttribute("data-dragging")

    async def dropped(event):
        event.preventDefault()
        drop.removeAttribute("data-dragging")
        files = event.dataTransfer.files
        if files.length:
            await reader.file(files.item(0))

    camera = Camera(document.getElementById("camera-video"))
    camera_view = document.getElementById("camera-view")

    async def open_camera(event):
        camera_view.hidden = False
        try:
            await camera.start()
        except SourceError as error:
            camera_view.hidden = True
            view.clear(str(error), "error")

    def capture(event):
        reader.picture(camera.capture())

    def close_camera(event):
        camera.stop()
        camera_view.hidden = True

    listen("upload", "change", uploaded, view)
    listen("drop", "dragover", dragging, view)
    listen("drop", "dragleave", left, view)
    listen("drop", "drop", dropped, view)
    listen("camera", "click", open_camera, view)
    listen("capture", "click", capture, view)
    listen("camera-close", "click", close_camera, view)
    upload.disabled = False
    document.getElementById("camera").disabled = False


def recognise_images(runtime, data, count):
    """JS-callable: N MNIST-style images (uint8, N x SIDE x SIDE) through the page's own path -> Float32Array N*CLASSES.

    The build's evaluation runs the whole test set through this.
    """
    images = np.empty((count, contract.SIDE, contract.SIDE), dtype=np.uint8)
    data.assign_to(images)
    digits = np.stack([preprocess.from_mnist_image(image) for image in images])
    probabilities = predict(runtime, digits).reshape(-1)
    out = window.Float32Array.new(probabilities.size)
    out.assign(probabilities)
    return out


async def show_model_card():
    """Fill "About this model" from model/card.json (written by build/evaluate.py)."""
    response = await window.fetch(contract.MODEL + "card.json")
    if not response.ok:
        return  # a model without a card still works; the panel keeps its placeholder
    data = json.loads(await response.text())
    document.getElementById("card").innerHTML = card.summary_html(data)
    put_pixels(document.getElementById("confusion"), card.heat_map(data["test"]["confusion"]))


async def start():
    try:
        runtime = await app.model
    except JsException:
        return  # boot.js has already said what failed and what to do
    view = ResultView()
    reader = Reader(runtime, view)
    app.pad.addEventListener("change", guarded(lambda event: reader.drawing(), view))
    listen("parts", "click", view.on_parts_click, view)
    wire_pictures(reader, view)
    if not app.pad.isEmpty:
        reader.drawing()  # what was drawn while Python was loading
    app.recogniseImages = create_proxy(lambda data, count: recognise_images(runtime, data, count))
    app.status.ready(f"Ready: draw a digit (TensorFlow.js on {runtime.backend}).")
    await show_model_card()
