"""The one place where the page's Python talks to TensorFlow.js: a loaded model, numpy in and out.

js/model.js loads tfjs and the model (it must start before Python is up) and hands over
{tf, model, backend}; one TfjsModel wraps each model loaded that way.
"""

import numpy as np
from pyodide.ffi import to_js
from pyscript import window

from contract import SIDE


class TfjsModel:
    def __init__(self, loaded):
        self.tf = loaded.tf
        self.model = loaded.model
        self.backend = loaded.backend  # "wasm", or "cpu" where wasm is unavailable
        self.name = loaded.name
        self.path = loaded.path  # its folder in the site: model.json, weights, card.json

    def read(self, digits):
        """(features N x D, probabilities N x CLASSES) for N SIDE x SIDE inputs, in one tfjs call."""
        flat = np.ascontiguousarray(digits, dtype=np.float32).reshape(-1)
        data = window.Float32Array.new(flat.size)
        data.assign(flat)  # one copy into JS memory
        x = self.tf.tensor4d(data, to_js([len(digits), SIDE, SIDE, 1]))
        features, probabilities = self.model.predict(x)
        try:
            return copy_out(features, len(digits)), copy_out(probabilities, len(digits))
        finally:
            for tensor in (x, features, probabilities):
                tensor.dispose()

    def predict(self, digits):
        """Probabilities (N x CLASSES) of the model alone."""
        return self.read(digits)[1]


def copy_out(tensor, rows):
    out = np.empty(tensor.size, dtype=np.float32)
    tensor.dataSync().assign_to(out)
    return out.reshape(rows, -1)
