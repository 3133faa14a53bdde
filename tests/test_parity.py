"""The probabilities the page shows equal Keras's in CPython on the same input, to 1e-4.

"Same input": the pad's pixels as the page's Python read them (or an uploaded picture's), preprocessed
and split here by the same modules (py/preprocess.py, py/photo.py, py/segment.py, py/touching.py)
and run through the exported model loaded back into Keras. Every digit found is compared.
"""

import numpy as np
import pytest

import photo
import preprocess
import touching
from build import holds, mnist
from build.dataset import mnist_side
from build.export import load
from build.synthetic import number_picture, png_bytes
from holds import DRAWING, PICTURE, SOURCES
from build.model import reader
from build.site import model_dir
from strokes import DIGITS

TOLERANCE = 1e-4


@pytest.fixture(scope="module")
def keras_model():
    return load(model_dir())


def assert_page_matches_keras(page, model):
    ink = preprocess.ink_from_pad(page.pad_rgba())
    *_, expected = touching.read_digits(ink, reader(model), holds=holds.load(model_dir(), DRAWING))
    assert_shown(page, expected)


def assert_shown(page, expected):
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


def test_two_digits_written_touching_alone(fresh, keras_model):
    """Two digits whose ink runs together, and nothing else on the pad: the holds find the one piece
    likely several, so it is read as a number's piece, two digits (the model alone reads an 8)."""
    fresh.draw(DIGITS[8], box=(0.2, 0.3, 0.3))
    fresh.draw(DIGITS[0], box=(0.36, 0.3, 0.3))
    assert fresh.prediction == "80", fresh.part_probabilities.round(3)
    assert_page_matches_keras(fresh, keras_model)


def test_three_digits_written_touching_alone(fresh, keras_model):
    """Three digits whose ink runs together, alone: cut in two, and the two touching digits cut again
    (touching.AGAIN; without it, "02")."""
    for i, digit in enumerate((0, 2, 4)):
        fresh.draw(DIGITS[digit], box=(0.1 + 0.16 * i, 0.3, 0.3))
    assert fresh.prediction == "024", fresh.part_probabilities.round(3)
    assert_page_matches_keras(fresh, keras_model)


def test_mnist_fixture_images(fresh, keras_model):
    images, _ = mnist.load("t10k")
    for index in (0, 1, 2, 3, 4, 7, 8, 11, 18, 61):  # ten different digits, some hard
        fresh.show_image(images[index], box=(0.15, 0.15, 0.7))
        assert_page_matches_keras(fresh, keras_model)


def test_uploaded_picture(fresh, keras_model, tmp_path):
    """A picture is read with the holds fitted on pictures (build/holds.py): shown one that the drawings'
    holds read otherwise (the first of a seeded series of pictures of MNIST validation images)."""
    read = reader(keras_model)
    images, _ = mnist_side("validation")
    rng = np.random.default_rng(0)
    for _ in range(200):
        rgba, _ = number_picture(images[rng.choice(len(images), 4)], rng.integers(-1, 6, 3), scale=3)
        ink = photo.ink_from_photo(rgba)
        readings = {s: touching.read_digits(ink, read, holds=holds.load(model_dir(), s))[3] for s in SOURCES}
        if readings[DRAWING].shape != readings[PICTURE].shape or not np.allclose(*readings.values(), atol=0.01):
            break
    else:
        pytest.fail("no picture that the two holds read apart")
    path = tmp_path / "number.png"
    path.write_bytes(png_bytes(rgba))
    fresh.after(lambda: fresh.page.set_input_files("[data-testid=upload]", str(path)))
    assert_shown(fresh, readings[PICTURE])
