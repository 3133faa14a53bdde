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
# The heavy steps (labelling, thickening strokes) see a drawing this to twice this many pixels tall (a big
# one shrunk, a small one enlarged): a few times MNIST's 20, whatever the screen (a phone's pad is 1074
# pixels a side; a 10-digit number's digits on a desktop's pad are 40 pixels tall).
WORK = 64
ENLARGE = 4  # at most, so a speck or a long thin line stays a few times its own pixels


def ink_from_pad(rgba):
    """The pad's ink in [0, 1], cropped to the drawing's box (an empty array if nothing is drawn).

    The pad draws in one colour on a transparent canvas, so how much ink a pixel holds is how opaque
    it is, whatever the colour scheme: the ink is the alpha, scaled so the strongest is 1. Pixels are
    read as one 32-bit word each (alpha in the top byte), which finds the box in two passes.
    """
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    words = rgba.view("<u4").reshape(rgba.shape[:2])
    rows = np.flatnonzero(words.any(axis=1))
    if rows.size == 0:
        return np.zeros((0, 0), dtype=np.float32)
    band = words[rows[0] : rows[-1] + 1]
    cols = np.flatnonzero(across_rows(band))
    alpha = (band[:, cols[0] : cols[-1] + 1] >> 24).astype(np.uint8)
    peak = int(alpha.max())
    if peak < INK_FLOOR * 255:  # nothing but background noise, as normalise_ink has it
        return np.zeros(alpha.shape, dtype=np.float32)
    return np.multiply(alpha, np.float32(1 / peak), dtype=np.float32)


def normalise_ink(ink):
    """Scale ink so its strongest pixel is 1; all zeros stay zeros."""
    ink = np.asarray(ink, dtype=np.float32)
    peak = float(ink.max()) if ink.size else 0.0
    if peak < INK_FLOOR:
        return np.zeros(ink.shape, dtype=np.float32)
    return ink if peak == 1.0 else ink / peak


def across_rows(image):
    """Bitwise or of an image's rows (for a mask: which columns hold any), halving the rows each step:
    whole rows at a time are many times faster in Pyodide than numpy's reduction down the columns."""
    while len(image) > 1:
        half = len(image) // 2
        top = image[:half] | image[half : 2 * half]
        if len(image) % 2:
            top[0] |= image[-1]
        image = top
    return image[0]


def ink_bounds(ink):
    """(top, bottom, left, right) of the ink, exclusive ends; None if blank."""
    h, w = ink.shape
    # Ink on all four edges (most often a box already cut to its ink): the whole, without a scan.
    if h and w and min(ink[0].max(), ink[-1].max(), ink[:, 0].max(), ink[:, -1].max()) > INK_FLOOR:
        return 0, h, 0, w
    mask = ink > INK_FLOOR
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(across_rows(mask[rows[0] : rows[-1] + 1]))
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


def working_scale(length):
    """The ink's pixels per working pixel that bring `length` pixels to between WORK and 2 * WORK: a whole
    block size to shrink by (1: left as it is), or 1/m to enlarge a drawing shorter than WORK m times."""
    length = max(int(length), 1)
    return length // WORK if length >= WORK else 1 / min(-(-WORK // length), ENLARGE)


def to_working_scale(ink, scale):
    """Ink brought to a working scale (working_scale's): shrunk by block means, or enlarged."""
    return shrink(ink, scale) if scale >= 1 else enlarge(ink, round(1 / scale))


def at_working_scale(ink):
    """(top, left, scale, working ink) of a drawing: its ink's box (top-left in the ink's pixels) brought to
    the working scale for the box's height (working_scale); None if blank."""
    bounds = ink_bounds(normalise_ink(ink))
    if bounds is None:
        return None
    top, bottom, left, right = bounds
    scale = working_scale(bottom - top)
    return top, left, scale, to_working_scale(ink[top:bottom, left:right], scale)


def enlarge(ink, m):
    """Each pixel repeated m x m times. A small drawing (a 10-digit number on a desktop's pad, digits 40
    pixels tall) is then thinned and cut in steps as fine as a big one's: in its own few pixels one
    thinning step is a third of a stroke, and an 8's small loops close up (read as 3). Its ink and gaps
    stay as drawn: interpolating spreads each edge, and joins digits a pixel apart."""
    return np.repeat(np.repeat(np.asarray(ink, dtype=np.float32), m, axis=0), m, axis=1)


def shrink(ink, k):
    """Mean over k x k blocks (a ragged last row or column of blocks counts its missing pixels as paper)."""
    if k == 1:
        return ink
    return block_sums(ink, k) * np.float32(1 / (k * k))


def block_sums(image, k):
    """Sums over k x k blocks (float32; a ragged last row or column of blocks counts its missing pixels as 0)."""
    # Sums of every k-th row, then of every k-th column: strided whole-array additions, many times
    # faster in Pyodide than numpy's reductions over a reshaped array.
    h, w = image.shape
    rows, cols = -(-h // k), -(-w // k)
    padded = np.zeros((rows * k, cols * k), dtype=np.float32)
    padded[:h, :w] = image
    summed = padded[0::k].copy()
    for i in range(1, k):
        summed += padded[i::k]
    out = summed[:, 0::k].copy()
    for j in range(1, k):
        out += summed[:, j::k]
    return out


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
    """`steps` passes of a 3x3 erosion (fn=np.minimum) or dilation (fn=np.maximum), beyond the edges
    paper (0); grey or boolean. A square's minimum is its rows' minimum of its columns': each pass is
    two 3-pixel passes, four whole-array operations."""
    out = ink
    for _ in range(steps):
        for axis in (0, 1):
            src, out = out, out.copy()
            ahead = (slice(None),) * axis + (slice(1, None),)
            behind = (slice(None),) * axis + (slice(None, -1),)
            fn(out[ahead], src[behind], out=out[ahead])
            fn(out[behind], src[ahead], out=out[behind])
            if fn is np.minimum:  # the paper beyond the edge erodes the edge's pixels
                edges = (slice(None),) * axis + ([0, -1],)
                out[edges] = 0
    return out


def stroke_width(mask):
    """Mean stroke width in pixels: a stroke of width w and length L covers w*L pixels with 2*L on its edge."""
    area = int(mask.sum())
    inner = mask.copy()  # pixels whose four neighbours are ink too (beyond the edges: paper)
    inner[1:] &= mask[:-1]
    inner[:-1] &= mask[1:]
    inner[:, 1:] &= mask[:, :-1]
    inner[:, :-1] &= mask[:, 1:]
    inner[[0, -1]] = False
    inner[:, [0, -1]] = False
    return 2.0 * area / max(area - int(inner.sum()), 1)


def normalise_stroke(ink):
    """Bring strokes near MNIST's thickness for the digit's size.

    A fixed brush on a small digit draws strokes several times thicker than
    MNIST's, a pen photographed from afar draws hairlines: both read worse.
    """
    ink = np.asarray(ink, dtype=np.float32)
    peak = float(ink.max()) if ink.size else 0.0
    if peak <= INK_FLOOR:
        return ink
    width = stroke_width(ink > 0.5 * peak)
    target = STROKE * max(ink.shape)
    steps = int(round((width - target) / 2))
    if steps > 0:  # keep at least a 2-pixel core of each stroke
        return min_max_filter(ink, min(steps, int(width / 2) - 1), np.minimum)
    if steps < 0:  # room around the digit for its strokes to grow into
        h, w = ink.shape
        grown = np.zeros((h - 2 * steps, w - 2 * steps), dtype=np.float32)
        grown[-steps : h - steps, -steps : w - steps] = ink
        return min_max_filter(grown, -steps, np.maximum)
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
    """The model's 28x28 input for one digit's ink (any size, ink high): brought to a working scale,
    strokes brought to MNIST's thickness for the digit's size, then MNIST's normalisation; None if blank."""
    bounds = ink_bounds(normalise_ink(ink))
    if bounds is None:
        return None
    top, bottom, left, right = bounds
    digit = np.asarray(ink, dtype=np.float32)[top:bottom, left:right]
    # Shrunk if big; a small one is enlarged with its whole drawing (touching.py), not again on its own: the
    # model learnt pen digits 48-191 pixels tall read this way, and enlarging a number's small pieces again
    # read the validation writers' numbers a little worse (6-digit, phone's pad: 91.3% against 92.7% of 150).
    return to_mnist(normalise_stroke(shrink(digit, max(working_scale(max(digit.shape)), 1))))


def from_mnist_image(image):
    """The page's preprocessing applied to an MNIST image (uint8, 0 = paper)."""
    return to_mnist(np.asarray(image, dtype=np.float32) / 255.0)
