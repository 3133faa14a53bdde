"""From a photo or an uploaded image to ink: grey, even out the light, polarity, threshold, specks removed;
the ink found keeps its strength (how far from the paper towards the ink around it).

Pure numpy. The page decodes and scales the image in the browser first; this
turns its pixels into an ink image that segment.py can split into digits. The
work comes in steps (ink_steps), between which the page lets the browser draw
and take input: a megapixel photo is some 40-80 ms of numpy in Pyodide.
"""

import numpy as np

from errors import Unreadable
from segment import label_cells, spread
from steps import finish, in_bands

MIN_CONTRAST = 0.15  # ink and paper closer than this (grey levels 0..1) make one flat colour
SPECK = 0.05  # blobs under this share of the largest blob are specks
MAX_INK = 0.35  # more ink than this share of the image is no handwritten number
LIGHT_CELLS = 24  # the light is followed on a grid this many cells along the longer side


NO_DIGITS = "No digits found in the image."


class NoDigits(Unreadable):
    """The image holds nothing that looks like written digits; the message says why."""


LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32) / 255.0  # of each 8-bit channel
SAMPLE = 1 << 17  # about this many pixels, evenly spread, decide the polarity and the threshold


def grey_from_rgba(rgba):
    """Luminance in [0, 1], with transparency composited over white."""
    rgba = np.asarray(rgba, dtype=np.uint8)
    # A channel at a time: several times faster in Pyodide than a matrix product over the pixels.
    grey = rgba[..., 0] * LUMA[0]
    grey += rgba[..., 1] * LUMA[1]
    grey += rgba[..., 2] * LUMA[2]
    if rgba[..., 3].min() < 255:  # photos and camera frames are opaque: most images skip this
        alpha = rgba[..., 3] * np.float32(1 / 255)
        grey -= 1.0
        grey *= alpha
        grey += 1.0
    return grey


def otsu(grey):
    """Otsu's threshold of a grey image in [0, 1], and the contrast between its two classes.

    The contrast (difference of the class means) does not shrink when the ink
    is a small share of a large photo, unlike the variance Otsu maximises.
    """
    hist = np.bincount(np.clip((grey * 255).astype(np.intp), 0, 255).ravel(), minlength=256).astype(np.float64)
    p = hist / hist.sum()
    levels = np.arange(256) / 255.0
    weight = np.cumsum(p)
    mean = np.cumsum(p * levels)
    total = mean[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = np.nan_to_num((total * weight - mean) ** 2 / (weight * (1.0 - weight)))
    t = int(np.argmax(between))
    if not 0.0 < weight[t] < 1.0:
        return (t + 0.5) / 255.0, 0.0
    dark = mean[t] / weight[t]
    light = (total - mean[t]) / (1.0 - weight[t])
    return (t + 0.5) / 255.0, float(light - dark)


def cells_of(grey):
    """The grey image as a coarse grid of square cells, LIGHT_CELLS along its longer side (the ragged
    last row and column padded with their edge): rows x k x columns x k, and k."""
    h, w = grey.shape
    k = max(1, -(-max(h, w) // LIGHT_CELLS))
    rows, cols = -(-h // k), -(-w // k)
    return np.pad(grey, ((0, rows * k - h), (0, cols * k - w)), mode="edge").reshape(rows, k, cols, k), k


def local_level(cells, pick):
    """pick (np.max or np.min) of the grey level in and around each cell.

    Each cell also looks at its eight neighbours, so a cell covered by a
    thick stroke still sees the paper beside it.
    """
    rows, cols = cells.shape[0], cells.shape[2]
    padded = np.pad(pick(cells, axis=(1, 3)), 1, mode="edge")
    return pick(np.stack([padded[dy : dy + rows, dx : dx + cols] for dy in range(3) for dx in range(3)]), axis=0)


def ink_strength(grey, paper, span, light_paper):
    """How far each pixel is from the paper around it towards the ink around it, in [0, 1].

    Measured against the local range of grey (span), so a number half in shadow, or chalk that is
    dimmer where the light is weak, reads the same everywhere.
    """
    return np.clip((paper - grey if light_paper else grey - paper) / span, 0.0, 1.0)


def ink_steps(rgba):
    """ink_from_photo in steps (steps.py): pauses between its heavy steps, returns the ink."""
    rgba = np.asarray(rgba, dtype=np.uint8)
    if rgba.size == 0:
        raise NoDigits("The image is empty.")
    grey = yield from in_bands(grey_from_rgba, rgba)
    cells, k = cells_of(grey)
    brightest = local_level(cells, np.max)
    yield
    darkest = local_level(cells, np.min)
    # Where the local range of grey is narrower than MIN_CONTRAST there is no ink to find.
    span = np.maximum(brightest - darkest, MIN_CONTRAST)
    yield
    # Dark ink on light paper or light chalk on a dark board: read the wrong way round, the paper
    # next to every stroke counts as ink, so the right reading is the one with less of it. Both are
    # judged, and the threshold found, on an even sample of the pixels: a fraction of the work, and
    # the same histogram.
    every = max(1, int((grey.size / SAMPLE) ** 0.5))
    sample = grey[::every, ::every]
    rows, cols = np.arange(0, grey.shape[0], every) // k, np.arange(0, grey.shape[1], every) // k
    sampled_span = span[rows][:, cols]
    readings = []
    for light_paper, paper in ((True, brightest), (False, darkest)):
        strength = ink_strength(sample, paper[rows][:, cols], sampled_span, light_paper)
        threshold, contrast = otsu(strength)
        readings.append((np.count_nonzero(strength > threshold) / strength.size, light_paper, threshold, contrast))
        yield
    share, light_paper, threshold, contrast = min(readings)
    if contrast < MIN_CONTRAST:
        raise NoDigits("The image is one flat colour: no digits to read.")
    if share > MAX_INK:
        raise NoDigits("No written digits found: the picture is mostly ink, not paper with a number on it.")
    # The ink keeps its strength, not only the threshold's yes or no: a stroke's soft edge is what the
    # model learnt from MNIST's grey levels and the pad's anti-aliased pen (README: pictures of MNIST's
    # validation digits read 15 more of 1,200 whole, with fewer inputs).
    paper = spread(brightest if light_paper else darkest, k, grey.shape)
    strength = ink_strength(grey, paper, spread(span, k, grey.shape), light_paper)
    yield
    mask = strength > threshold
    blobs = label_cells(mask)
    yield
    return without_specks(strength, mask, *blobs)


def without_specks(strength, mask, labels, counts, k):
    """The ink (float32, its strength where the mask has ink) less the mask's blobs under SPECK of the
    largest (labels, counts, k: the mask's label_cells); NoDigits if none is left."""
    found = labels >= 0
    sizes = np.bincount(labels[found], weights=counts[found])
    if sizes.size == 0:
        raise NoDigits(NO_DIGITS)
    keep = sizes >= SPECK * sizes.max()
    if not keep.all():
        mask &= spread(np.append(keep, False)[labels], k, mask.shape)  # label -1 (no ink) indexes the last
    return np.where(mask, strength, 0.0).astype(np.float32)


def ink_from_photo(rgba):
    """Ink (float32 in [0, 1], 0 = paper) of a picture of written digits; NoDigits if there are none."""
    return finish(ink_steps(rgba))
