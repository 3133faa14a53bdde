"""The probabilities the page shows equal Keras's in CPython on the same input, to 1e-4.

"Same input": the pad's pixels as the page's Python read them, preprocessed
here by the same module (py/preprocess.py) and run through the exported model
loaded back into Keras.
"""

import numpy as np
import pytest

import preprocess
from build import ROOT, mnist
from build.export import load
from strokes import DIGITS

TOLERANCE = 1e-4


@pytest.fixture(scope="module")
def keras_model():
    return load(ROOT / "www" / "model")


def keras_probabilities(model, rgba):
    digit = preprocess.to_mnist(preprocess.ink_from_rgba(rgba))
    return model.predict(digit[None, ..., None], verbose=0)[0]


def test_drawn_digits(fresh, keras_model):
    for digit in (2, 5, 8):
        fresh.click("clear")
        fresh.draw(DIGITS[digit], box=(0.2, 0.05, 0.6))
        expected = keras_probabilities(keras_model, fresh.pad_rgba())
        assert np.abs(fresh.probabilities - expected).max() < TOLERANCE


def test_mnist_fixture_images(fresh, keras_model):
    images, _ = mnist.load("t10k")
    for index in (0, 1, 2, 3, 4, 7, 8, 11, 18, 61):  # ten different digits, some hard
        fresh.show_image(images[index], box=(0.15, 0.15, 0.7))
        expected = keras_probabilities(keras_model, fresh.pad_rgba())
        assert np.abs(fresh.probabilities - expected).max() < TOLERANCE, index
