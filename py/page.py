"""The page's Python: reads the pad or a picture, preprocesses with numpy, asks the model, shows the answer.

A thin bridge. The numbers come from preprocess.py, segment.py, touching.py, photo.py and
verdict.py, which the CPython tests and the build's evaluation run too; tfjs is
reached only through tfjs_model.py. JS (js/boot.js) hands over the drawing pad,
the status line and the loading model in `window.digitPad`.
"""

import asyncio
import importlib
import json
from pathlib import Path

from pyodide.ffi import JsException, create_proxy, to_js
from pyscript import document, window

import about
import contract
import photo
import preprocess
import touching
from errors import FAULT, Unreadable
from holds import DRAWING, PICTURE, for_each_source
from live import LiveReading
from personal import Personal, wire_personal
from read_cache import ReadCache
from sources import decode, rgba_of, wire_pictures
from steps import finish, paced
from tfjs_model import TfjsModel
from view import ResultView

app = window.digitPad
STEP_BATCH = 2  # inputs the model reads in one step of a reading done in steps (a few ms each)
# Inputs remembered with the model's answers: a few readings' worth of a long number's digits and divisions.
CACHED = 64


def now():
    return window.performance.now()


def measure(name, start, duration=None):
    """A User Timing entry (seen in DevTools; the benchmarks read them): from start to now, or lasting `duration`."""
    span = {"start": start, "end": now()} if duration is None else {"start": start, "duration": duration}
    window.performance.measure(name, to_js(span, dict_converter=window.Object.fromEntries))


class TimedModel:
    """A model's read, with the time spent in it added up (milliseconds)."""

    def __init__(self, read):
        self.reads = read
        self.spent = 0.0

    def read(self, inputs):
        started = now()
        try:
            return self.reads(inputs)
        finally:
            self.spent += now() - started


class Reader:
    """Drawing or picture -> ink -> digits -> model (adapted to the person) -> result panel."""

    def __init__(self, model, view, personal=None, holds=None):
        self.cache = ReadCache(model.read, CACHED)  # what the model has read lately, not read again
        self.view = view
        self.personal = personal  # None where the model has no adaptation.json
        self.holds = holds  # {source: holds.Holds} (holds.SOURCES); None where the model has no holds.json
        # The reading on screen as the model gave it: (parts, inputs, features, probabilities, picture).
        self.last = None
        self.took = 0.0  # ms the last reading took, from the pixels to the answer shown
        self.readings = 0  # readings begun: one in steps that a later one overtook is never shown

    async def corrections_loaded(self):
        if self.personal is not None:
            await self.personal.loaded  # no reading before the person's corrections are in

    def read_ink(self, ink, started, one_piece=False):
        """Reads a drawing's ink at once: the answer at pen-up, never overtaken. one_piece: the ink is known
        to be one piece (touching.reading_steps)."""
        self.begin()
        model = TimedModel(self.cache)
        steps = touching.reading_steps(ink, model.read, one_piece=one_piece, holds=self.told(DRAWING))
        self.present(finish(steps), model, started)

    async def read_in_steps(self, reading, ink, started, picture=None, one_piece=False):
        """Reads ink in short steps, the page drawing and taking input between them; shown only if no
        reading began after this one (number `reading`, from begin()): pen-up's, or another picture's."""
        model = TimedModel(self.cache)
        told = self.told(DRAWING if picture is None else PICTURE)
        steps = touching.reading_steps(ink, model.read, batch=STEP_BATCH, one_piece=one_piece, holds=told)
        result = await paced(steps)
        await asyncio.sleep(0)
        if not self.overtaken(reading, started):
            self.present(result, model, started, picture)

    def told(self, source):
        """The model's holds for ink from `source` (holds.SOURCES), or None."""
        return None if self.holds is None else self.holds[source]

    def begin(self):
        """A reading begins: its number (any reading in steps begun before will not be shown)."""
        self.readings += 1
        return self.readings

    def overtaken(self, reading, started):
        """Has a reading begun after this one? Then this one is not shown: an 'overtaken' entry instead
        (DevTools and the tests see it)."""
        if reading == self.readings:
            return False
        measure("overtaken", started)
        return True

    def present(self, reading, model, started, picture=None):
        parts, inputs, features, probabilities = reading
        # The model may be called several times (a lone digit in doubt is read divided too; a reading in
        # steps reads a few inputs a call): its time is their sum.
        preprocessed = now() - started - model.spent  # before the measures, which take time too
        measure("inference", started, model.spent)
        measure("preprocess", started, preprocessed)
        self.last = None
        if not parts:
            if picture is None:
                self.view.clear()
                return
            raise Unreadable(photo.NO_DIGITS, picture)
        self.last = (parts, inputs, features, probabilities, picture)
        self.show()
        self.took = now() - started
        measure("recognition", started)

    def show(self, same_selection=False):
        """The reading on screen, adapted to the person's corrections as they are now (after one: at once)."""
        if self.last is None:
            return
        parts, inputs, features, probabilities, picture = self.last
        if self.personal is not None:
            probabilities = self.personal.apply(probabilities, features)
        self.view.show(parts, inputs, probabilities, picture, self.view.selected if same_selection else None)

    async def drawing(self, live=False):
        """Reads the pad: at once at pen-up; in steps while the pen moves (live), so drawing stays smooth."""
        await self.corrections_loaded()
        started = now()
        ink = preprocess.ink_from_pad(rgba_of(app.pad.pixels()))
        one_piece = app.pad.onePiece  # one stroke that stayed on the pad: no need to look for pieces
        if live:
            await self.read_in_steps(self.begin(), ink, started, one_piece=one_piece)
        else:
            self.read_ink(ink, started, one_piece)

    async def picture(self, rgba):
        await self.corrections_loaded()
        started = now()
        reading = self.begin()
        # A photo is about a tenth of a second of numpy and model: done in steps, the page stays responsive meanwhile.
        try:
            ink = await paced(photo.ink_steps(rgba))
        except Unreadable as error:
            if self.overtaken(reading, started):
                return  # what is on screen now is a later reading's
            raise Unreadable(str(error), rgba) from None
        await self.read_in_steps(reading, ink, started, rgba)

    async def file(self, file):
        started = now()
        rgba = await decode(file)
        measure("decode", started)
        await self.picture(rgba)


def reported(handler, view):
    """An event handler whose failures are told to the person in the result panel, never thrown into the page."""
    return create_proxy(reporting(handler, view))


def reporting(handler, view):
    """handler, with its failures told to the person in the result panel."""

    async def run(*args):
        try:
            result = handler(*args)
            if hasattr(result, "__await__"):
                await result
        except Unreadable as error:
            view.clear(str(error), "error", error.picture)
        except Exception as error:  # a bad frame or file must not break the page
            view.clear(FAULT.format(error), "error")

    return run


def listen(target, event, handler, view):
    """target: an element's id, or an object with addEventListener (the document)."""
    element = document.getElementById(target) if isinstance(target, str) else target
    element.addEventListener(event, reported(handler, view))


async def load_evaluation(model, personal):
    """The build's evaluation hook (evaluation.py), fetched only when asked for: not in the person's start-up."""
    response = await window.fetch(contract.APP + contract.EVALUATION)
    if not response.ok:
        raise RuntimeError(f"{contract.APP}{contract.EVALUATION}: HTTP {response.status}")
    Path(contract.EVALUATION).write_text(await response.text())  # where PyScript puts the app's modules
    importlib.invalidate_caches()
    importlib.import_module(Path(contract.EVALUATION).stem).install(app, model, personal)


async def load_personal(model):
    """Personal adaptation for this model (None where it ships no adaptation data); the person's
    stored corrections load alongside start-up, and readings wait for them (personal.loaded)."""
    response = await window.fetch(model.path + contract.ADAPTATION)
    if not response.ok:
        return None
    personal = Personal(model, json.loads(await response.text()), app.corrections)

    async def load():
        started = now()
        await personal.load()
        measure("corrections-loaded", started)

    personal.loaded = asyncio.ensure_future(load())
    return personal


async def load_holds(model):
    """How this model tells what a piece of ink holds (None where it ships no readable holds.json: then
    every way of dividing a number's digits is read)."""
    response = await window.fetch(model.path + contract.HOLDS)
    if not response.ok:
        return None
    try:
        return for_each_source(json.loads(await response.text()))
    except (ValueError, KeyError, TypeError):
        return None


async def start():
    try:
        model = TfjsModel(await app.model)
    except JsException:
        return  # boot.js has already said what failed and what to do
    view = ResultView()
    personal, holds = await asyncio.gather(load_personal(model), load_holds(model))
    reader = Reader(model, view, personal, holds)

    def here(target, event, handler):
        listen(target, event, handler, view)

    app.pad.addEventListener("change", reported(lambda event: reader.drawing(), view))
    live = LiveReading(reader, app.pad, lambda handler: reporting(handler, view))
    app.pad.addEventListener("draw", create_proxy(live.on_draw))
    app.pad.addEventListener("change", create_proxy(live.on_change))
    here("live", "change", live.on_toggle)
    here("parts", "click", view.on_parts_click)
    wire_pictures(reader, here)
    if personal is not None:
        wire_personal(personal, reader, view, here)
    if not app.pad.isEmpty:
        asyncio.ensure_future(reporting(reader.drawing, view)())  # what was drawn while Python was loading
    app.loadEvaluation = create_proxy(lambda: load_evaluation(model, personal))
    app.status.ready(f"Ready: draw a digit (TensorFlow.js on {model.backend}).")
    await about.show_model_card(model)
