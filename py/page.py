"""The page's Python: reads the pad, preprocesses with numpy, asks tfjs, shows the answer.

A thin bridge. The numbers come from preprocess.py and verdict.py, which the
CPython tests and the build's evaluation run too. JS (js/boot.js) hands over
the drawing pad, the status line and the loading model in `window.digitPad`.
"""

import functools
import json

import numpy as np
from pyodide.ffi import JsException, create_proxy, to_js
from pyscript import document, window

import card
import preprocess
import verdict

app = window.digitPad
results = document.getElementById("probabilities")
bars = results.children
prediction = document.getElementById("prediction")
message = document.getElementById("verdict")
preview = document.getElementById("preview").getContext("2d")


def pad_pixels():
    """The pad's RGBA pixels as an H x W x 4 uint8 array (one memcpy)."""
    image = app.pad.pixels()
    rgba = np.empty((image.height, image.width, 4), dtype=np.uint8)
    image.data.assign_to(rgba)
    return rgba


def predict(runtime, digits):
    """Probabilities (N x 10) for N 28x28 inputs, in one tfjs call."""
    flat = np.ascontiguousarray(digits, dtype=np.float32).reshape(-1)
    data = window.Float32Array.new(flat.size)
    data.assign(flat)
    x = runtime.tf.tensor4d(data, to_js([len(digits), 28, 28, 1]))
    y = runtime.model.predict(x)
    try:
        out = np.empty(len(digits) * 10, dtype=np.float32)
        y.dataSync().assign_to(out)
    finally:
        x.dispose()
        y.dispose()
    return out.reshape(-1, 10)


def show_preview(digit):
    image = preview.createImageData(28, 28)
    grey = np.zeros((28, 28), dtype=np.uint8) if digit is None else (digit * 255).round().astype(np.uint8)
    rgba = np.empty((28, 28, 4), dtype=np.uint8)
    rgba[..., :3] = grey[..., None]
    rgba[..., 3] = 255
    image.data.assign(rgba.reshape(-1))
    preview.putImageData(image, 0, 0)


def show_probabilities(probabilities):
    top = int(np.argmax(probabilities)) if probabilities.any() else -1
    for digit, p in enumerate(probabilities):
        bar = bars[digit]
        bar.dataset.p = f"{p:.6f}"
        bar.querySelector(".fill").style.width = f"{100 * p:.1f}%"
        bar.querySelector(".value").textContent = f"{100 * p:.0f}%"
        if digit == top:
            bar.dataset.top = ""
        else:
            bar.removeAttribute("data-top")


def show(reading, probabilities, digit):
    show_preview(digit)
    show_probabilities(probabilities)
    results.dataset.seq = str(int(results.dataset.seq) + 1)  # lets tests wait for this result
    if reading is None:
        prediction.textContent = ""
        message.textContent = verdict.BLANK_MESSAGE
        message.dataset.kind = "blank"
        return
    prediction.textContent = str(reading.digit)
    message.textContent = reading.message
    message.dataset.kind = "sure" if reading.sure else "unsure"


def measure(name, start):
    """A User Timing entry (seen in DevTools; the benchmarks read them)."""
    window.performance.measure(name, to_js({"start": start, "end": window.performance.now()}, dict_converter=window.Object.fromEntries))


def recognise(runtime):
    started = window.performance.now()
    digit = preprocess.to_mnist(preprocess.ink_from_rgba(pad_pixels()))
    measure("preprocess", started)
    if digit is None:
        show(None, np.zeros(10, dtype=np.float32), None)
        return
    inferring = window.performance.now()
    probabilities = predict(runtime, digit[None])[0]
    measure("inference", inferring)
    show(verdict.read(probabilities), probabilities, digit)
    measure("recognition", started)


def recognise_images(runtime, data, count):
    """JS-callable: N MNIST-style images (uint8, N*784) through the page's own path -> Float32Array N*10.

    The build's evaluation runs the whole test set through this.
    """
    images = np.empty((count, 28, 28), dtype=np.uint8)
    data.assign_to(images)
    digits = np.stack([preprocess.from_mnist_image(image) for image in images])
    probabilities = predict(runtime, digits).reshape(-1)
    out = window.Float32Array.new(probabilities.size)
    out.assign(probabilities)
    return out


async def show_model_card():
    """Fill "About this model" from model/card.json (written by build/evaluate.py)."""
    response = await window.fetch("model/card.json")
    if not response.ok:
        return  # a model without a card still works; the panel keeps its placeholder
    data = json.loads(await response.text())
    document.getElementById("card").innerHTML = card.summary_html(data)
    canvas = document.getElementById("confusion")
    pixels = card.heat_map(data["test"]["confusion"])
    image = canvas.getContext("2d").createImageData(pixels.shape[1], pixels.shape[0])
    image.data.assign(pixels.reshape(-1))
    canvas.getContext("2d").putImageData(image, 0, 0)


async def start():
    try:
        runtime = await app.model
    except JsException:
        return  # boot.js has already said what failed and what to do

    def on_change(event):
        try:
            recognise(runtime)
        except Exception as error:  # a bad frame must not break the page
            message.textContent = f"Could not read the drawing: {error}"
            message.dataset.kind = "error"

    app.pad.addEventListener("change", create_proxy(on_change))
    if not app.pad.isEmpty:
        on_change(None)  # what was drawn while Python was loading
    app.recogniseImages = create_proxy(functools.partial(recognise_images, runtime))
    app.status.ready(f"Ready: draw a digit (TensorFlow.js on {runtime.backend}).")
    await show_model_card()
