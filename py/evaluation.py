"""The build's evaluation hook: MNIST images through the page's own path (numpy in Pyodide, then tfjs).

Not part of the person's page: fetched and imported only when the build's evaluation (or a test)
asks for it through digitPad.loadEvaluation() (page.py).
"""

import numpy as np
from pyodide.ffi import create_proxy
from pyscript import window

import preprocess
from contract import SIDE


def install(app, model):
    """Sets app.recogniseImages(uint8 bytes of N SIDE x SIDE images, N) -> Float32Array of N x CLASSES."""

    def recognise_images(data, count):
        images = np.empty((count, SIDE, SIDE), dtype=np.uint8)
        data.assign_to(images)
        digits = np.stack([preprocess.from_mnist_image(image) for image in images])
        probabilities = model.predict(digits).reshape(-1)
        out = window.Float32Array.new(probabilities.size)
        out.assign(probabilities)
        return out

    app.recogniseImages = create_proxy(recognise_images)
