"""The probabilities the page shows equal Keras's in CPython on the same input, to 1e-4.

"Same input": the pad's pixels as the page's Python read them, preprocessed
and split here by the same modules (py/preprocess.py, py/segment.py, py/touching.py)
and run through the exported model loaded back into Keras. Every digit found is compared.
"""

import numpy as np
import pytest

import preprocess
import touching
from build import holds, mnist
from build.export import load
from build.model import reader
from build.site import model_dir
from strokes import DIGITS

TOLERANCE = 1e-4


@pytest.fixture(scope="module")
def keras_model():
    return load(model_dir())


def assert_page_matches_keras(page, model):
    ink = preprocess.ink_from_pad(page.pad_rgba())
    *_, expected = touching.read_digits(ink, reader(model), holds=holds.load(model_dir()))
    shown = page.part_probabilities
    assert shown.shape == expected.shape
    assert np.abs(shown - expected).max() < TOLERANCE


def test_drawn_digits(fresh, keras_model):
    for digit in (2, 5, 8):
        fresh.click("clear")
        fresh.draw(DIGITS[digit], box=(0.2, 0.05, 0.6))
        assert_page_matches_keras(fresh, keras_model)


def test_drawn_number(fresh, keras_model):
    for i, digit in enumerate((4, 0, 9)):
        fresh.draw(DIGITS[digit], box=(0.03 + 0.32 * i, 0.3, 0.3))
    assert_page_matches_keras(fresh, keras_model)


def test_mnist_fixture_images(fresh, keras_model):
    images, _ = mnist.load("t10k")
    for index in (0, 1, 2, 3, 4, 7, 8, 11, 18, 61):  # ten different digits, some hard
        fresh.show_image(images[index], box=(0.15, 0.15, 0.7))
        assert_page_matches_keras(fresh, keras_model)
