"""The page's Python: reads the pad or a picture, preprocesses with numpy, asks the model, shows the answer.

A thin bridge. The numbers come from preprocess.py, segment.py, photo.py and
verdict.py, which the CPython tests and the build's evaluation run too; tfjs is
reached only through tfjs_model.py. JS (js/boot.js) hands over the drawing pad,
the status line and the loading model in `window.digitPad`.
"""

import importlib
from pathlib import Path

from pyodide.ffi import JsException, create_proxy, to_js
from pyscript import document, window

import about
import contract
import photo
import preprocess
import segment
from errors import FAULT, Unreadable
from sources import decode, rgba_of, wire_pictures
from tfjs_model import TfjsModel
from view import ResultView

app = window.digitPad


def now():
    return window.performance.now()


def measure(name, start):
    """A User Timing entry (seen in DevTools; the benchmarks read them)."""
    window.performance.measure(name, to_js({"start": start, "end": now()}, dict_converter=window.Object.fromEntries))


class Reader:
    """Drawing or picture -> ink -> digits -> model -> result panel."""

    def __init__(self, model, view):
        self.model = model
        self.view = view

    def read_ink(self, ink, started, picture=None):
        parts, inputs = segment.read_parts(ink)
        measure("preprocess", started)
        if not parts:
            if picture is None:
                self.view.clear()
                return
            raise Unreadable(photo.NO_DIGITS, picture)
        inferring = now()
        probabilities = self.model.predict(inputs)
        measure("inference", inferring)
        self.view.show(parts, inputs, probabilities, picture)
        measure("recognition", started)

    def drawing(self):
        started = now()
        pixels = rgba_of(app.pad.pixels())
        self.read_ink(preprocess.ink_from_rgba(pixels, background=css_rgb(app.pad.paper)), started)

    def picture(self, rgba):
        started = now()
        try:
            ink = photo.ink_from_photo(rgba)
        except Unreadable as error:
            raise Unreadable(str(error), rgba) from None
        self.read_ink(ink, started, rgba)

    async def file(self, file):
        started = now()
        rgba = await decode(file)
        measure("decode", started)
        self.picture(rgba)


def css_rgb(colour):
    """(r, g, b) of a computed CSS colour such as "rgb(12, 16, 22)"."""
    return tuple(int(float(v)) for v in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3])


def reported(handler, view):
    """An event handler whose failures are told to the person in the result panel, never thrown into the page."""

    async def run(*args):
        try:
            result = handler(*args)
            if hasattr(result, "__await__"):
                await result
        except Unreadable as error:
            view.clear(str(error), "error", error.picture)
        except Exception as error:  # a bad frame or file must not break the page
            view.clear(FAULT.format(error), "error")

    return create_proxy(run)


def listen(element_id, event, handler, view):
    document.getElementById(element_id).addEventListener(event, reported(handler, view))


async def load_evaluation(model):
    """The build's evaluation hook (evaluation.py), fetched only when asked for: not in the person's start-up."""
    response = await window.fetch(contract.APP + contract.EVALUATION)
    if not response.ok:
        raise RuntimeError(f"{contract.APP}{contract.EVALUATION}: HTTP {response.status}")
    Path(contract.EVALUATION).write_text(await response.text())  # where PyScript puts the app's modules
    importlib.invalidate_caches()
    importlib.import_module(Path(contract.EVALUATION).stem).install(app, model)


async def start():
    try:
        model = TfjsModel(await app.model)
    except JsException:
        return  # boot.js has already said what failed and what to do
    view = ResultView()
    reader = Reader(model, view)
    app.pad.addEventListener("change", reported(lambda event: reader.drawing(), view))
    listen("parts", "click", view.on_parts_click, view)
    wire_pictures(reader, lambda element_id, event, handler: listen(element_id, event, handler, view))
    if not app.pad.isEmpty:
        reader.drawing()  # what was drawn while Python was loading
    app.loadEvaluation = create_proxy(lambda: load_evaluation(model))
    app.status.ready(f"Ready: draw a digit (TensorFlow.js on {model.backend}).")
    await about.show_model_card(model)
