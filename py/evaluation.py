"""The build's evaluation hook: MNIST images through the page's own path (numpy in Pyodide, then tfjs).

Not part of the person's page: fetched and imported only when the build's evaluation (or a test)
asks for it through digitPad.loadEvaluation() (page.py).
"""

import numpy as np
from pyodide.ffi import create_proxy
from pyscript import window

import preprocess
from contract import SIDE


def install(app, model, personal):
    """Sets app.recogniseImages(uint8 bytes of N SIDE x SIDE images, N, adapted) -> Float32Array of N x CLASSES.

    adapted: through the person's corrections (personal.py) as the page reads, else the model alone.
    """

    def recognise_images(data, count, adapted=False):
        images = np.empty((count, SIDE, SIDE), dtype=np.uint8)
        data.assign_to(images)
        digits = np.stack([preprocess.from_mnist_image(image) for image in images])
        features, probabilities = model.read(digits)
        if adapted and personal is not None:
            probabilities = personal.apply(probabilities, features)
        probabilities = probabilities.reshape(-1)
        out = window.Float32Array.new(probabilities.size)
        out.assign(probabilities)
        return out

    app.recogniseImages = create_proxy(recognise_images)
