"""The person's corrections: teach the app a digit, keep it in this browser, forget, export, import;
and the page's controls for them.

The numbers are adapt.py's; the records live in IndexedDB (js/personal-store.js). A record keeps
the 28x28 input itself, so that a new model recomputes the features from it. Nothing of it leaves
the device: export is a file the person saves, import one they choose.
"""

import json

import numpy as np
from pyodide.ffi import JsException, create_once_callable, to_js
from pyscript import document, window

import contract
from adapt import Adaptation, Corrections
from errors import Unreadable

EXPORT_NAME = "digit-pad-corrections.json"


def js_object(**values):
    return to_js(values, dict_converter=window.Object.fromEntries)


def float32_array(values):
    flat = np.ascontiguousarray(values, dtype=np.float32).reshape(-1)
    array = window.Float32Array.new(flat.size)
    array.assign(flat)
    return array


def from_float32_array(array, shape):
    out = np.empty(array.length, dtype=np.float32)
    array.assign_to(out)
    return out.reshape(shape)


class Personal:
    """Corrections in memory (for reading) and in the store (for the next visit)."""

    def __init__(self, model, adaptation, store):
        self.model = model
        self.model_id = adaptation["model"]
        self.corrections = Corrections(Adaptation.from_json(adaptation))
        self.store = store
        self.inputs = np.zeros((0, contract.SIDE, contract.SIDE), dtype=np.float32)
        self.kept = True  # whether this browser keeps them for later visits
        self.loaded = None  # the stored corrections' load (page.py starts it)
        self.panel = document.querySelector("[data-testid=personal]")
        self.count = self.panel.querySelector("[data-role=count]")

    async def load(self):
        """The stored corrections; features recomputed from their inputs where another model made them."""
        try:
            stored = await self.store.packed(self.model_id)
        except JsException:  # no IndexedDB here (some private windows): corrections last this visit only
            self.kept = False
            return self.show_count()
        if not stored.count:
            return self.show_count()
        inputs = from_float32_array(stored.inputs, (stored.count, contract.SIDE, contract.SIDE))
        labels = np.empty(stored.count, dtype=np.int32)
        stored.labels.assign_to(labels)
        if stored.features is not None:
            features = from_float32_array(stored.features, (stored.count, -1))
        else:
            features, _ = self.model.read(inputs)
            await self.store.replace(self.records(inputs, labels, features))
        self.remember(inputs, labels, features)

    def remember(self, inputs, labels, features):
        self.inputs = inputs
        self.corrections.replace(features, labels)
        self.show_count()

    def records(self, inputs, labels, features):
        return to_js(
            [
                js_object(input=float32_array(i), label=int(y), model=self.model_id, features=float32_array(f))
                for i, y, f in zip(inputs, labels, features)
            ]
        )

    def show_count(self):
        n = len(self.corrections)
        self.panel.dataset.count = str(n)
        where = "kept in this browser only" if self.kept else "for this visit only: this browser keeps no data"
        self.count.textContent = (
            f"Learnt from {n} correction{'s' if n != 1 else ''} of yours ({where})."
            if n
            else f"Correct a misread digit and the app learns your handwriting ({where})."
        )

    def apply(self, probabilities, features):
        return self.corrections.apply(probabilities, features)

    def teach(self, digit_input, label):
        """Learns the correction at once; returns the promise of it stored."""
        features, _ = self.model.read(digit_input[None])
        self.remember(
            np.concatenate([self.inputs, digit_input[None]]),
            np.append(self.corrections.labels, label),
            np.vstack([self.corrections.features, features]),
        )
        return self.store.add(self.records(digit_input[None], [label], features))

    async def forget(self):
        await self.store.clear()
        self.remember(self.inputs[:0], [], self.corrections.features[:0])

    def export_text(self):
        rows = [
            {"label": int(y), "input": [round(float(v), 4) for v in x.reshape(-1)]}
            for x, y in zip(self.inputs, self.corrections.labels)
        ]
        return json.dumps({"format": contract.PERSONAL_FORMAT, "version": 1, "corrections": rows})

    async def import_text(self, text, name):
        """Corrections from an exported file, added to the ones kept here."""
        try:
            data = json.loads(text)
            rows = data["corrections"] if data.get("format") == contract.PERSONAL_FORMAT else None
            inputs = np.array([row["input"] for row in rows], dtype=np.float32).reshape(
                -1, contract.SIDE, contract.SIDE
            )
            labels = np.array([row["label"] for row in rows], dtype=np.int64)
        except (ValueError, KeyError, TypeError, AttributeError):
            raise Unreadable(f"{name} is not a file of corrections exported by this app.") from None
        if len(labels) != len(inputs) or not np.isin(labels, range(contract.CLASSES)).all():
            raise Unreadable(f"{name} is not a file of corrections exported by this app.")
        if not len(labels):
            return
        features, _ = self.model.read(np.clip(inputs, 0, 1))
        await self.store.add(self.records(inputs, labels, features))
        self.remember(
            np.concatenate([self.inputs, inputs]),
            np.append(self.corrections.labels, labels),
            np.vstack([self.corrections.features, features]),
        )


def save_file(text, name):
    """Hands the person a file to save (a download made in the page: nothing is sent anywhere)."""
    blob = window.Blob.new(to_js([text]), js_object(type="application/json"))
    url = window.URL.createObjectURL(blob)
    link = document.createElement("a")
    link.href = url
    link.download = name
    link.click()
    window.setTimeout(create_once_callable(lambda: window.URL.revokeObjectURL(url)), 0)


def wire_personal(personal, reader, view, listen):
    """The correction buttons, digit keys, and the forget, export and import controls.

    reader.show() shows the reading on screen again, adapted; listen(element id or object, event, handler).
    """

    async def teach(label):
        digit_input = view.selected_input()
        if digit_input is None:
            return
        stored = personal.teach(digit_input, label)
        reader.show(same_selection=True)  # the drawing read again, adapted: before the correction is stored
        await stored

    async def clicked(event):
        button = event.target.closest("button")
        if button is not None:
            await teach(int(button.dataset.digit))

    async def typed(event):
        if event.key in "0123456789" and len(event.key) == 1 and not event.ctrlKey and not event.metaKey:
            if event.target.closest("input, textarea, [contenteditable]") is None and view.selected is not None:
                event.preventDefault()
                await teach(int(event.key))

    async def forget(event):
        if window.confirm("Forget your handwriting? The corrections kept in this browser are deleted."):
            await personal.forget()
            reader.show()

    def export(event):
        save_file(personal.export_text(), EXPORT_NAME)

    upload = document.getElementById("import-personal")

    async def imported(event):
        if upload.files.length:
            file = upload.files.item(0)
            await personal.import_text(await file.text(), file.name)
            reader.show()
        upload.value = ""

    listen("correct", "click", clicked)
    listen(document, "keydown", typed)
    listen("forget", "click", forget)
    listen("export-personal", "click", export)
    listen("import-personal", "change", imported)
    document.getElementById("personal").hidden = False
