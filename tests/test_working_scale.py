"""Preprocessing at a working scale gives the model the same inputs as working at the pad's full resolution,
for a drawing or photo at least preprocess.WORK pixels tall (one shorter is enlarged to it: tested apart).

The reference (tests/data/preprocess-reference.npz) holds the 28x28 inputs that the implementation
before the working scale (commit 0aa5297: every step at the canvas's resolution) made of the fixed
drawings and photos of tests/preprocess_cases.py. Tolerances, measured: 86% of digits within 0.01 mean
absolute difference and 98% within 0.02, the largest 0.048 (one erosion step more or less, or the
centre of mass rounded to the other pixel); one number of 36 on the phone's pad is found as 3 digits
rather than 4, two of its digits less than a working pixel apart (touching.py's cuts read those).
Five of the 12 photos (digits 42-63 pixels tall) are enlarged, and so not compared with the reference.
"""

import numpy as np
import pytest

import photo
import preprocess
import preprocess_cases as cases
import touching
from build import ROOT

REFERENCE = ROOT / "tests" / "data" / "preprocess-reference.npz"
SAME_COUNT = 0.95  # share of drawings and photos found with as many digits as before
CLOSE = 0.02  # mean absolute difference of two 28x28 inputs that agree
CLOSE_SHARE = 0.95  # of digits
STEP = 0.06  # no digit differs by more than one of MNIST's discrete steps


def unsure(inputs):
    """A model equally unsure of everything: read_digits then keeps every digit as found, undivided."""
    return np.zeros((len(inputs), 1), np.float32), np.full((len(inputs), 10), 0.1, np.float32)


def binary_photo_ink(rgba):
    """A photo's ink as the reference found it: the threshold's yes or no (photo.py now keeps its strength)."""
    return (photo.ink_from_photo(rgba) > 0).astype(np.float32)


@pytest.fixture(scope="module")
def compared():
    """(whether each case has its count of digits, mean absolute difference of each digit's input)."""
    reference = np.load(REFERENCE)
    same, differences = [], []
    for kind, made, ink_of in (
        ("drawing", cases.drawings, preprocess.ink_from_pad),
        ("photo", cases.photos, binary_photo_ink),
    ):
        for i, (_, rgba) in enumerate(made()):
            ink = ink_of(rgba)
            if preprocess.at_working_scale(ink)[2] < 1:
                continue
            _, inputs, _, _ = touching.read_digits(ink, unsure)
            before = reference[f"{kind}{i:02d}"]
            same.append(len(inputs) == len(before))
            if same[-1]:
                differences += list(np.abs(inputs - before).mean(axis=(1, 2)))
    return np.array(same), np.array(differences)


def test_the_same_digits_are_found(compared):
    same, _ = compared
    assert same.mean() >= SAME_COUNT


def test_the_model_sees_the_same_inputs(compared):
    _, differences = compared
    assert np.mean(differences <= CLOSE) >= CLOSE_SHARE, np.sort(differences)[-8:]
    assert differences.max() <= STEP


def test_the_heavy_steps_see_few_pixels():
    """A digit filling a phone's pad (about 1000 pixels tall) is worked on at 64-127 pixels."""
    ink = np.zeros((1000, 700), np.float32)
    ink[100:900, 340:380] = 1
    k = preprocess.working_scale(800)
    assert 64 <= 800 // k < 128 and preprocess.shrink(ink, k).shape == (-(-1000 // k), -(-700 // k))


def test_a_small_drawing_is_enlarged_to_the_working_scale():
    """A digit 40 pixels tall (one of a 10-digit number on a desktop's pad) is worked on at 80, each pixel
    repeated: its ink, and the paper between strokes, stay as drawn."""
    assert preprocess.working_scale(40) == 0.5 and preprocess.working_scale(10) == 1 / preprocess.ENLARGE
    ink = np.zeros((40, 30), np.float32)
    ink[:, 12:14] = 1
    ink[:, 15:17] = 0.5  # one pixel of paper between two strokes
    big = preprocess.to_working_scale(ink, preprocess.working_scale(40))
    assert big.shape == (80, 60)
    assert all(np.array_equal(big[i::2, j::2], ink) for i in (0, 1) for j in (0, 1))
    assert not big[:, 28:30].any()


def test_an_enlarged_number_is_found_where_it_is_drawn():
    """Parts found at the enlarged scale are placed back in the drawing's own pixels."""
    ink = np.zeros((60, 200), np.float32)
    ink[10:50, 20:26] = 1  # a 1
    ink[10:50, 100:130] = 1  # a blot
    parts, inputs, _, _ = touching.read_digits(ink, unsure)
    assert len(inputs) == 2
    found = np.array([(p.top, p.bottom, p.left, p.right) for p in parts])
    assert np.array_equal(found, [(10, 50, 20, 26), (10, 50, 100, 130)])
