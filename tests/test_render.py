"""build/render.py draws strokes as the pad in Chromium does, so that training sees what the page sees.

Real people's digits (UNIPEN's validation writers) are drawn on the pad with the mouse (pointer
events); the strokes the pad recorded are drawn again in numpy, and both go through the page's
preprocessing. Tolerances, measured: the canvas's anti-aliased edges differ from the renderer's by
2.7/255 on average over the ink at worst (Skia outlines a stroke with curves of its own, about 1 in
100 edge pixels differs by up to 40/255). The 28x28 inputs agree to 0.003 mean absolute difference
for 9 in 10 digits; the rest are one step of MNIST's own discrete choices (the centre of mass
rounded to the other whole pixel, one erosion step more or less), at most 0.07 in 100 digits.
"""

import numpy as np
import pytest

from build import handwriting, render, unipen
from contract import BRUSH
from preprocess import digit_input

DIGITS = 40
ALPHA_MEAN = 4 / 255  # mean absolute difference of the pad's alpha over the ink, each digit
CLOSE = 0.01  # mean absolute difference of two 28x28 inputs that agree
CLOSE_SHARE = 0.85  # of digits
STEP = 0.1  # no digit's 28x28 differs by more than one of MNIST's discrete steps


@pytest.fixture(scope="module")
def drawings(app):
    """(strokes as the pad recorded them, the pad's alpha, its side in pixels, brush) per digit."""
    rng = np.random.default_rng(0)
    digits = unipen.digits_of("validation", quality=("OK",))[:: 800 // DIGITS][:DIGITS]
    out = []
    for i, digit in enumerate(digits):
        brush = (BRUSH, 2 * BRUSH)[i % 2]
        app.page.evaluate("(brush) => { digitPad.pad.clear(); digitPad.pad.brush = brush; }", brush)
        app.draw(handwriting.single(digit["strokes"], rng), box=(0, 0, 1), wait=False)
        strokes = app.page.evaluate("digitPad.pad.readStrokes()")
        rgba = app.pad_rgba(whole=True)
        out.append((strokes, rgba[..., 3], rgba.shape[0], brush))
    app.page.evaluate(f"digitPad.pad.brush = {BRUSH}")
    app.click("clear")
    return out


def test_the_pads_pixels(drawings):
    for strokes, alpha, side, brush in drawings:
        drawn = render.alpha(strokes, side, brush)
        ink = (alpha > 0) | (drawn > 0)
        assert np.abs(alpha.astype(int) - drawn)[ink].mean() <= ALPHA_MEAN * 255


def test_the_models_inputs(drawings):
    differences = []
    for strokes, alpha, side, brush in drawings:
        page = digit_input(alpha / 255.0)
        here = digit_input(render.ink(strokes, side, brush))
        differences.append(np.abs(page - here).mean())
    differences = np.array(differences)
    assert np.mean(differences <= CLOSE) >= CLOSE_SHARE, np.sort(differences)[-8:]
    assert differences.max() <= STEP
