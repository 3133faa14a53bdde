"""MNIST's recipe in numpy (py/preprocess.py), pinned down in CPython."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import preprocess as pp
from contract import BRUSH


def canvas(size, strokes, colour=(20, 24, 31), width=None):
    """An RGBA canvas (transparent paper) with thick round-ended segments, like the pad draws."""
    h, w = size
    width = width or max(1.0, BRUSH * min(h, w))
    ys, xs = np.mgrid[:h, :w] + 0.5
    ink = np.zeros((h, w), dtype=bool)
    for (x0, y0), (x1, y1) in strokes:
        dx, dy = x1 - x0, y1 - y0
        t = np.clip(((xs - x0) * dx + (ys - y0) * dy) / max(dx * dx + dy * dy, 1e-9), 0, 1)
        ink |= (xs - x0 - t * dx) ** 2 + (ys - y0 - t * dy) ** 2 <= (width / 2) ** 2
    rgba = np.zeros((h, w, 4), dtype=np.uint8)
    rgba[ink] = (*colour, 255)
    return rgba


SEVEN = [((0.2, 0.15), (0.8, 0.15)), ((0.8, 0.15), (0.4, 0.9))]


def seven(size, left, top, side, **kw):
    strokes = [
        ((left + side * x0, top + side * y0), (left + side * x1, top + side * y1)) for (x0, y0), (x1, y1) in SEVEN
    ]
    return canvas(size, strokes, **kw)


def test_output_is_28x28_float32_in_unit_range_with_ink_high():
    out = pp.to_mnist(pp.ink_from_pad(seven((300, 300), 30, 30, 240, width=9)))  # a 3% pen (a 2% one peaks at 0.898)
    assert out.shape == (28, 28) and out.dtype == np.float32
    assert out.min() >= 0 and out.max() <= 1 and out.max() > 0.9
    assert out[0].max() == 0 and out[:, 0].max() == 0  # margins are paper


def test_longer_side_is_fitted_into_20_pixels_and_mass_centred():
    # A thick pen: a thin 7's mass sits so far up and right that keeping it inside the field moves it off-centre.
    out = pp.to_mnist(pp.ink_from_pad(seven((300, 300), 30, 30, 240, width=24)))
    rows, cols = np.nonzero(out > pp.INK_FLOOR)
    assert max(np.ptp(rows), np.ptp(cols)) + 1 == 20
    cy, cx = pp.centre_of_mass(out)
    assert abs(cy - 14) <= 0.5 and abs(cx - 14) <= 0.5


def test_small_in_a_corner_equals_large_in_the_middle():
    small = pp.to_mnist(pp.ink_from_pad(seven((400, 400), 5, 5, 80, width=80 * BRUSH)))
    large = pp.to_mnist(pp.ink_from_pad(seven((400, 400), 60, 60, 280, width=280 * BRUSH)))
    assert np.abs(small - large).mean() < 0.03
    assert np.abs(small - large).max() < 0.5


def test_thin_vertical_one_is_not_stretched_into_a_blob():
    one = canvas((280, 280), [((140, 30), (140, 250))], width=10)
    out = pp.to_mnist(pp.ink_from_pad(one))
    cols = np.nonzero(out.max(axis=0) > 0.1)[0]
    assert np.ptp(cols) + 1 <= 3  # stays a stroke about 1-2 pixels wide
    assert np.ptp(np.nonzero(out.max(axis=1) > 0.1)[0]) + 1 == 20


def test_blank_canvas_is_reported_blank():
    blank = pp.ink_from_pad(np.zeros((200, 200, 4), np.uint8))
    assert blank.size == 0 and pp.to_mnist(blank) is None


def test_faint_noise_is_no_drawing():
    """Alpha under INK_FLOOR everywhere (5/255) is background noise, as for any ink: blank, not a digit."""
    rgba = seven((200, 200), 20, 20, 160)
    rgba[..., 3] = np.where(rgba[..., 3] > 0, 4, 0)
    assert pp.to_mnist(pp.ink_from_pad(rgba)) is None


def test_the_ink_colour_does_not_matter():
    """The pad draws light ink on a transparent canvas over dark paper in the dark colour scheme."""
    dark = pp.to_mnist(pp.ink_from_pad(seven((200, 200), 20, 20, 160, colour=(0, 0, 0))))
    light = pp.to_mnist(pp.ink_from_pad(seven((200, 200), 20, 20, 160, colour=(240, 240, 240))))
    assert np.array_equal(dark, light)


def test_ink_is_cropped_to_the_drawing():
    rgba = seven((200, 200), 20, 30, 100)
    rows, cols = np.nonzero(rgba[..., 3])
    ink = pp.ink_from_pad(rgba)
    assert ink.shape == (np.ptp(rows) + 1, np.ptp(cols) + 1) and ink.max() == 1


def test_area_weights_average_and_preserve_mass():
    w = pp.area_weights(7, 20 / 7)
    assert w.shape == (20, 7)
    assert np.allclose(w.sum(axis=1), 1, atol=1e-6)  # each output pixel is an average
    down = pp.area_weights(100, 0.2)
    assert np.allclose(down @ np.ones(100), 1, atol=1e-6)


def test_mnist_images_come_back_almost_unchanged():
    """MNIST was made by this recipe, so applying it again changes little (a 1-pixel shift at most)."""
    from build import mnist

    images, _ = mnist.load("t10k")
    out = np.stack([pp.from_mnist_image(image) for image in images[:500]])
    unchanged = np.abs(out - images[:500] / 255).max(axis=(1, 2)) < 1e-6
    assert unchanged.mean() > 0.8


@settings(max_examples=150, deadline=None)
@given(
    h=st.integers(1, 160),
    w=st.integers(1, 160),
    colour=st.tuples(*[st.integers(0, 255)] * 3),
    segments=st.lists(st.tuples(*[st.floats(-0.2, 1.2, allow_nan=False)] * 4), min_size=0, max_size=4),
    width=st.floats(0.5, 30),
)
def test_any_canvas_any_colour_any_placement(h, w, colour, segments, width):
    strokes = [((x0 * w, y0 * h), (x1 * w, y1 * h)) for x0, y0, x1, y1 in segments]
    rgba = canvas((h, w), strokes, colour=colour, width=width)
    out = pp.to_mnist(pp.ink_from_pad(rgba))
    if out is None:
        return  # reported blank: no ink, or ink the colour of the paper
    assert out.shape == (28, 28) and out.dtype == np.float32
    assert np.isfinite(out).all() and out.min() >= 0 and out.max() <= 1 and out.max() > 0


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 64), st.integers(1, 64), st.binary(min_size=0, max_size=64 * 64 * 4))
def test_arbitrary_pixels_never_raise(h, w, noise):
    data = np.frombuffer(noise.ljust(h * w * 4, b"\0")[: h * w * 4], np.uint8).reshape(h, w, 4)
    out = pp.to_mnist(pp.ink_from_pad(data))
    assert out is None or (out.shape == (28, 28) and 0 <= out.min() <= out.max() <= 1)


def test_stroke_width_is_brought_near_mnist_whatever_the_brush():
    import segment
    from build.render import render
    from strokes import DIGITS

    widths = []
    for side, brush in [(0.22, BRUSH), (0.8, BRUSH), (0.8, 0.015)]:  # small digit, big digit, hairline
        rgba = render([(DIGITS[2], (0.1, 0.1, side))], (420, 420), width=brush)
        _, inputs = segment.read_parts(pp.ink_from_pad(rgba))
        widths.append(pp.stroke_width(inputs[0] > 0.5))
    assert all(1.8 <= w <= 3.6 for w in widths), widths  # MNIST's middle 80%: 2.1 to 3.7 pixels


def test_mnist_strokes_are_left_alone():
    from build import mnist

    images, _ = mnist.load("t10k")
    unchanged = 0
    for image in images[:200]:
        top, bottom, left, right = pp.ink_bounds(image / 255.0)
        digit = (image / 255.0)[top:bottom, left:right].astype(np.float32)
        unchanged += np.array_equal(pp.normalise_stroke(digit), digit)
    assert unchanged >= 180  # only MNIST's unusually thick or thin digits are touched
