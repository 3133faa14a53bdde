"""MNIST's own normalisation, applied to anything a person draws.

MNIST digits were made by fitting each digit's bounding box into 20x20 pixels
(keeping the aspect ratio, anti-aliased) and then moving the centre of mass to
the centre of a 28x28 field. Doing exactly that to a drawing is what makes a
model trained on MNIST read it well, whatever its size or position.

Pure numpy and no DOM: the browser, the CPython tests and the build's
evaluation all run this same module.
"""

import numpy as np

from contract import SIDE as SIZE  # side of the model's input

BOX = 20  # longest side of the digit inside it
CENTRE = 14.0  # where MNIST puts the centre of mass (row and column index)
INK_FLOOR = 0.02  # ink weaker than this (about 5/255) is background noise
STROKE = 0.13  # MNIST's strokes are about this share of the digit's longer side (2.6 px of 20, median)


def ink_from_rgba(rgba, background=(255, 255, 255)):
    """Ink intensity in [0, 1] of an RGBA image drawn on `background`.

    Any ink colour works: ink is how far a pixel is from the background,
    after compositing its alpha over it, scaled so the strongest ink is 1.
    Only the part that is not fully transparent is computed: on the pad that
    is the drawing's box, a small share of the canvas.
    """
    rgba = np.asarray(rgba, dtype=np.uint8)
    ink = np.zeros(rgba.shape[:2], dtype=np.float32)
    alpha = rgba[..., 3]
    rows = np.flatnonzero(alpha.any(axis=1))
    if rows.size == 0:
        return ink
    cols = np.flatnonzero(alpha.any(axis=0))
    box = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
    part = rgba[box]
    distance = np.abs(part[..., :3].astype(np.int16) - np.asarray(background, dtype=np.int16)).max(axis=-1)
    ink[box] = distance * part[..., 3].astype(np.float32) / (255.0 * 255.0)
    return normalise_ink(ink)


def normalise_ink(ink):
    """Scale ink so its strongest pixel is 1; all zeros stay zeros."""
    ink = np.asarray(ink, dtype=np.float32)
    peak = float(ink.max()) if ink.size else 0.0
    if peak < INK_FLOOR:
        return np.zeros(ink.shape, dtype=np.float32)
    return ink / peak


def ink_bounds(ink):
    """(top, bottom, left, right) of the ink, exclusive ends; None if blank."""
    mask = ink > INK_FLOOR
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(mask.any(axis=0))
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def area_weights(n_in, scale):
    """Matrix that resamples n_in pixels by `scale` with area averaging.

    Output pixel j covers input span [j/scale, (j+1)/scale); its value is the
    mean of the input over that span, so thin strokes fade instead of
    vanishing or turning into blocks (what nearest-pixel scaling does).
    """
    n_out = max(1, int(np.ceil(n_in * scale - 1e-6)))
    edges_out = np.arange(n_out + 1, dtype=np.float64) / scale
    lo = np.maximum(edges_out[:-1, None], np.arange(n_in)[None, :])
    hi = np.minimum(edges_out[1:, None], np.arange(1, n_in + 1)[None, :])
    return (np.clip(hi - lo, 0.0, None) * scale).astype(np.float32)


def fit_box(ink):
    """Scale cropped ink so its longer side is BOX pixels."""
    h, w = ink.shape
    scale = BOX / max(h, w)
    return area_weights(h, scale) @ ink @ area_weights(w, scale).T


def centre_of_mass(img):
    total = float(img.sum())
    rows = np.arange(img.shape[0], dtype=np.float64)
    cols = np.arange(img.shape[1], dtype=np.float64)
    return (
        float(img.sum(axis=1) @ rows) / total,
        float(img.sum(axis=0) @ cols) / total,
    )


def place_by_mass(digit):
    """Put the digit in a SIZE x SIZE field with its centre of mass at CENTRE.

    Whole-pixel shifts, as MNIST did; a lopsided digit is kept inside the field.
    """
    h, w = digit.shape
    cy, cx = centre_of_mass(digit)
    top = min(max(int(round(CENTRE - cy)), 0), SIZE - h)
    left = min(max(int(round(CENTRE - cx)), 0), SIZE - w)
    field = np.zeros((SIZE, SIZE), dtype=np.float32)
    field[top : top + h, left : left + w] = digit
    return field


def min_max_filter(ink, steps, fn):
    """`steps` passes of a 3x3 erosion (fn=np.minimum) or dilation (fn=np.maximum); grey or boolean."""
    out = ink
    for _ in range(steps):
        padded = np.pad(out, 1)
        h, w = out.shape
        acc = out.copy()
        for dy in (0, 1, 2):
            for dx in (0, 1, 2):
                acc = fn(acc, padded[dy : dy + h, dx : dx + w])
        out = acc
    return out


def stroke_width(mask):
    """Mean stroke width in pixels: a stroke of width w and length L covers w*L pixels with 2*L on its edge."""
    area = int(mask.sum())
    padded = np.pad(mask, 1)
    inner = mask & padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:]
    return 2.0 * area / max(area - int(inner.sum()), 1)


def normalise_stroke(ink):
    """Bring strokes near MNIST's thickness for the digit's size.

    A fixed brush on a small digit draws strokes several times thicker than
    MNIST's, a pen photographed from afar draws hairlines: both read worse.
    """
    ink = np.asarray(ink, dtype=np.float32)
    if ink.size == 0 or ink.max() <= INK_FLOOR:
        return ink
    width = stroke_width(ink > 0.5 * ink.max())
    target = STROKE * max(ink.shape)
    steps = int(round((width - target) / 2))
    if steps > 0:  # keep at least a 2-pixel core of each stroke
        return min_max_filter(ink, min(steps, int(width / 2) - 1), np.minimum)
    if steps < 0:
        return min_max_filter(np.pad(ink, -steps), -steps, np.maximum)
    return ink


def to_mnist(ink):
    """28x28 float32 in [0, 1], ink high, normalised like MNIST; None if blank."""
    ink = normalise_ink(ink)
    bounds = ink_bounds(ink)
    if bounds is None:
        return None
    top, bottom, left, right = bounds
    digit = fit_box(ink[top:bottom, left:right])
    return np.clip(place_by_mass(digit), 0.0, 1.0)


def digit_input(ink):
    """The model's 28x28 input for one digit's ink (any size, ink high): strokes brought to MNIST's
    thickness for the digit's size, then MNIST's normalisation; None if blank."""
    bounds = ink_bounds(normalise_ink(ink))
    if bounds is None:
        return None
    top, bottom, left, right = bounds
    return to_mnist(normalise_stroke(np.asarray(ink, dtype=np.float32)[top:bottom, left:right]))


def from_mnist_image(image):
    """The page's preprocessing applied to an MNIST image (uint8, 0 = paper)."""
    return to_mnist(np.asarray(image, dtype=np.float32) / 255.0)
