"""From a photo or an uploaded image to ink: grey, even out the light, polarity, threshold, specks removed.

Pure numpy. The page decodes and scales the image in the browser first; this
turns its pixels into an ink image that segment.py can split into digits. The
work comes in steps (ink_steps), between which the page lets the browser draw
and take input: a megapixel photo is a few tenths of a second of numpy.
"""

import numpy as np

from errors import Unreadable
from segment import label_coarse
from steps import finish, in_bands

MIN_CONTRAST = 0.15  # ink and paper closer than this (grey levels 0..1) make one flat colour
SPECK = 0.05  # blobs under this share of the largest blob are specks
MAX_INK = 0.35  # more ink than this share of the image is no handwritten number
LIGHT_CELLS = 24  # the light is followed on a grid this many cells along the longer side


NO_DIGITS = "No digits found in the image."


class NoDigits(Unreadable):
    """The image holds nothing that looks like written digits; the message says why."""


LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32) / 255.0  # of each 8-bit channel


def grey_from_rgba(rgba):
    """Luminance in [0, 1], with transparency composited over white."""
    rgba = np.asarray(rgba, dtype=np.uint8)
    pixels = rgba.reshape(-1, 4).astype(np.float32)  # one row a pixel: a matrix product weighs its channels
    alpha = pixels[:, 3] * np.float32(1 / 255)
    return (pixels[:, :3] @ LUMA * alpha + (1.0 - alpha)).reshape(rgba.shape[:2])


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


def block_reduce(image, k, pick):
    """pick (np.max or np.min) over k x k blocks; edges padded with their own values."""
    h, w = image.shape
    rows, cols = -(-h // k), -(-w // k)
    padded = np.pad(image, ((0, rows * k - h), (0, cols * k - w)), mode="edge")
    return pick(padded.reshape(rows, k, cols, k), axis=(1, 3))


def local_level(grey, pick):
    """pick (np.max or np.min) of the grey level around each pixel, on a coarse grid.

    Each cell of the grid also looks at its eight neighbours, so a cell
    covered by a thick stroke still sees the paper beside it.
    """
    h, w = grey.shape
    k = max(1, -(-max(h, w) // LIGHT_CELLS))
    cells = block_reduce(grey, k, pick)
    padded = np.pad(cells, 1, mode="edge")
    rows, cols = cells.shape
    cells = pick(np.stack([padded[dy : dy + rows, dx : dx + cols] for dy in range(3) for dx in range(3)]), axis=0)
    return np.repeat(np.repeat(cells, k, axis=0), k, axis=1)[:h, :w]


def ink_strength(grey, brightest, darkest, light_paper):
    """How far each pixel is from the paper around it towards the ink around it, in [0, 1].

    Measured against the local range of grey (local_level's brightest and darkest), so a number
    half in shadow, or chalk that is dimmer where the light is weak, reads the same everywhere;
    where the range is narrower than MIN_CONTRAST there is no ink to find.
    """
    span = np.maximum(brightest - darkest, MIN_CONTRAST)
    return np.clip((brightest - grey if light_paper else grey - darkest) / span, 0.0, 1.0)


def ink_steps(rgba):
    """ink_from_photo in steps (steps.py): pauses between its heavy steps, returns the ink."""
    rgba = np.asarray(rgba, dtype=np.uint8)
    if rgba.size == 0:
        raise NoDigits("The image is empty.")
    grey = yield from in_bands(grey_from_rgba, rgba)
    brightest = local_level(grey, np.max)
    yield
    darkest = local_level(grey, np.min)
    yield
    # Dark ink on light paper or light chalk on a dark board: read the wrong way round, the paper
    # next to every stroke counts as ink, so the right reading is the one with less of it.
    readings = []
    for light_paper in (True, False):
        strength = ink_strength(grey, brightest, darkest, light_paper)
        yield
        threshold, contrast = otsu(strength)
        yield
        ink = strength > threshold
        readings.append((ink.mean(), ink, contrast))
        yield
    _, ink, contrast = min(readings, key=lambda r: r[0])
    if contrast < MIN_CONTRAST:
        raise NoDigits("The image is one flat colour: no digits to read.")
    if ink.mean() > MAX_INK:
        raise NoDigits("No written digits found: the picture is mostly ink, not paper with a number on it.")
    labels = label_coarse(ink)
    yield
    sizes = np.bincount(labels[labels >= 0])
    if sizes.size == 0:
        raise NoDigits(NO_DIGITS)
    keep = np.append(sizes >= SPECK * sizes.max(), False)  # label -1 (paper) indexes the last: never kept
    return keep[labels].astype(np.float32)


def ink_from_photo(rgba):
    """Binary ink (float32, 1 = ink) of a picture of written digits; NoDigits if there are none."""
    return finish(ink_steps(rgba))
