"""Splitting ink into digits and turning photos into ink, on synthetic numbers made from MNIST."""

from collections import deque

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import photo
import preprocess
import segment
import touching
from build import handwriting, mnist, unipen
from build import render as pad
from build.synthetic import number_image, number_picture, random_number, shade
from build.render import render
from steps import finish
from strokes import DIGITS, arc, line


@pytest.fixture(scope="module")
def test_digits():
    return mnist.load("t10k")


def reference_labels(mask):
    """Plain breadth-first 8-connected labelling, to check the vectorised one."""
    labels = np.full(mask.shape, -1)
    count = 0
    for start in zip(*np.nonzero(mask)):
        if labels[start] >= 0:
            continue
        labels[start] = count
        queue = deque([start])
        while queue:
            y, x = queue.popleft()
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    q = (y + dy, x + dx)
                    if 0 <= q[0] < mask.shape[0] and 0 <= q[1] < mask.shape[1] and mask[q] and labels[q] < 0:
                        labels[q] = count
                        queue.append(q)
        count += 1
    return labels


@settings(max_examples=60, deadline=None)
@given(arrays(bool, st.tuples(st.integers(1, 30), st.integers(1, 30))))
def test_labels_match_a_plain_flood_fill(mask):
    ours, ref = segment.label(mask), reference_labels(mask)
    assert ((ours >= 0) == mask).all()
    # Same partition: a one-to-one map between the two labelings.
    pairs = set(zip(ours[mask].tolist(), ref[mask].tolist()))
    assert len(pairs) == len({a for a, _ in pairs}) == len({b for _, b in pairs}) == ref.max() + 1


def test_three_digits_side_by_side_in_order(test_digits):
    images, labels = test_digits
    rgba = number_image(images[[0, 1, 2]], gaps=[6, 6], scale=4)
    ink = photo.ink_from_photo(rgba)
    parts, inputs = segment.read_parts(ink)
    assert len(parts) == 3 and inputs.shape == (3, 28, 28)
    centres = [(p.left + p.right) / 2 for p in parts]
    assert centres == sorted(centres)


def test_digits_pictured_close_touch_and_each_centre_lies_in_its_own_ink(test_digits):
    """build/synthetic.py's pictures of digits written close (a negative gap): what the picture holds
    fits the pieces of ink holds.json is fitted on (build/holds.py)."""
    images, _ = test_digits
    rgba, centres = number_picture(images[[0, 1, 2]], gaps=[-2, 6], scale=4)
    ink = photo.ink_from_photo(rgba)
    parts = segment.split(ink)
    assert len(parts) == 2  # the 7 and the 2 touch, the 1 stands apart
    assert [sum(p.left <= c < p.right for c in centres) for p in parts] == [2, 1]
    apart, _ = number_picture(images[[0, 1, 2]], gaps=[6, 6], scale=4)
    assert apart.shape[1] - rgba.shape[1] == 8 * 4  # each pixel of gap at MNIST's scale is 4 of the picture's
    alone, (centre,) = number_picture(images[[0]], gaps=[], scale=4)
    assert centre == alone.shape[1] / 2


@pytest.mark.parametrize("light_on_dark", [False, True])
def test_polarity_is_detected(test_digits, light_on_dark):
    images, _ = test_digits
    rgba = number_image(images[[3, 4]], gaps=[8], scale=3, light_on_dark=light_on_dark)
    ink = photo.ink_from_photo(rgba)
    assert 0.02 < ink.mean() < 0.3  # ink is the digits, not the paper
    assert len(segment.split(ink)) == 2


OPEN_FOUR = [line((0.3, 0.06), (0.15, 0.58), (0.55, 0.58)), line((0.72, 0.2), (0.72, 0.95))]
BROKEN_FIVE = [line((0.32, 0.06), (0.8, 0.06)), line((0.28, 0.2), (0.26, 0.46)) + arc(0.5, 0.67, 0.3, 0.26, -120, 150)]


@pytest.mark.parametrize("light_on_dark", [False, True])
def test_uneven_light_is_evened_out(test_digits, light_on_dark):
    images, _ = test_digits
    rgba = shade(number_image(images[[3, 2, 1, 18]], gaps=[7, 9, 6], scale=6, light_on_dark=light_on_dark))
    grey = photo.grey_from_rgba(rgba)
    threshold, _ = photo.otsu(grey)
    assert (grey < threshold).mean() > 0.35  # one global threshold takes the shadow for ink
    ink = photo.ink_from_photo(rgba)
    assert ink.mean() < 0.25
    assert len(segment.split(ink)) == 4


@pytest.mark.parametrize("strokes", [OPEN_FOUR, BROKEN_FIVE], ids=["open 4", "broken 5"])
def test_strokes_of_one_digit_are_merged(strokes):
    ink = preprocess.ink_from_pad(render([(strokes, (0.1, 0.1, 0.8))], size=(200, 200)))
    assert segment.label(ink > 0.2).max() + 1 == 2  # two pieces that do not touch
    assert len(segment.split(ink)) == 1


def test_a_drawn_number_splits_into_its_digits():
    layout = [(DIGITS[d], (0.02 + 0.25 * i, 0.3, 0.22)) for i, d in enumerate((2, 0, 4, 7))]
    parts = segment.split(preprocess.ink_from_pad(render(layout, size=(300, 300))))
    assert len(parts) == 4


def test_specks_are_not_digits(test_digits):
    images, _ = test_digits
    rgba = number_image(images[[5, 6]], gaps=[8], scale=3)
    rgba[5:7, 5:7, :3] = 20  # dust on the paper
    assert len(segment.split(photo.ink_from_photo(rgba))) == 2


@pytest.mark.parametrize("value", [0, 255, 128])
def test_flat_images_have_no_digits(value):
    rgba = np.full((50, 80, 4), value, dtype=np.uint8)
    rgba[..., 3] = 255
    with pytest.raises(photo.NoDigits, match="flat colour"):
        photo.ink_from_photo(rgba)


def test_empty_image_has_no_digits():
    with pytest.raises(photo.NoDigits):
        photo.ink_from_photo(np.zeros((0, 0, 4), dtype=np.uint8))


@pytest.mark.parametrize("light_on_dark", [False, True])
def test_a_photos_ink_keeps_its_strength(test_digits, light_on_dark):
    """Printed at MNIST's scale, a digit's ink comes back as MNIST's own grey levels (within two) wherever
    the threshold finds ink (a stroke's soft edge included), and the paper as 0."""
    images, _ = test_digits
    drawn = np.pad(images[0] / 255.0, 10)
    paper, pen = (20, 230) if light_on_dark else (230, 20)
    rgba = np.empty(drawn.shape + (4,), np.uint8)
    rgba[..., :3] = np.round(paper + (pen - paper) * drawn)[..., None]
    rgba[..., 3] = 255
    ink = photo.ink_from_photo(rgba)
    found = ink > 0
    assert np.abs(ink[found] - drawn[found]).max() <= 2 / 255  # the picture's 8-bit rounding
    assert (drawn[~found] < 0.5).all() and (found & (ink < 0.9)).sum() >= 10


def test_noise_is_not_a_number():
    rgba = np.random.default_rng(0).integers(0, 256, (120, 160, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    with pytest.raises(photo.NoDigits):
        photo.ink_from_photo(rgba)


def test_otsu_splits_a_two_level_image():
    grey = np.concatenate([np.full(100, 0.2), np.full(300, 0.9)]).reshape(20, 20)
    threshold, contrast = photo.otsu(grey)
    assert 0.2 < threshold < 0.9 and abs(contrast - 0.7) < 0.01


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_generated_numbers_never_raise_and_boxes_are_in_order(seed):
    images, labels = mnist.load("t10k")
    rgba, _ = random_number(images, labels, np.random.default_rng(seed))
    try:
        ink = photo.ink_from_photo(rgba)
    except photo.NoDigits:
        return
    parts, inputs = segment.read_parts(ink)
    h, w = ink.shape
    assert len(parts) == len(inputs) >= 1
    for part in parts:
        assert 0 <= part.top < part.bottom <= h and 0 <= part.left < part.right <= w
        assert part.ink.shape == (part.bottom - part.top, part.right - part.left)
    centres = [(p.left + p.right) / 2 for p in parts]
    assert centres == sorted(centres)
    assert np.isfinite(inputs).all() and inputs.min() >= 0 and inputs.max() <= 1


@settings(max_examples=60, deadline=None)
@given(arrays(np.float32, st.tuples(st.integers(1, 40), st.integers(1, 40)), elements=st.floats(0, 1, width=32)))
def test_any_ink_splits_without_error(ink):
    parts, inputs = segment.read_parts(ink)
    assert len(parts) == len(inputs)
    assert [p.left + p.right for p in parts] == sorted(p.left + p.right for p in parts)


def test_a_drawing_told_to_be_one_stroke_reads_the_same():
    """The page tells the reading when a drawing is one stroke (one piece of ink, so its pieces are
    not looked for): real people's one-stroke digits, on a desktop's pad and a phone's, give the same
    digits and inputs either way."""
    digits = [d for d in unipen.digits_of("validation", quality=("OK",)) if len(d["strokes"]) == 1]
    rng = np.random.default_rng(0)

    def sure(inputs):  # a model sure of every digit: no digit is divided
        return np.zeros((len(inputs), 1), np.float32), np.eye(10, dtype=np.float32)[np.zeros(len(inputs), int)]

    for i in rng.choice(len(digits), 120, replace=False):
        ink = pad.ink(handwriting.single(digits[i]["strokes"], rng), side=(418, 1170)[i % 2])
        told = finish(touching.reading_steps(ink, sure, one_piece=True))
        found = finish(touching.reading_steps(ink, sure))
        ((a,), (b,)) = told[0], found[0]
        assert (a.top, a.bottom, a.left, a.right) == (b.top, b.bottom, b.left, b.right)
        assert np.array_equal(a.ink, b.ink) and np.array_equal(told[1], found[1])
