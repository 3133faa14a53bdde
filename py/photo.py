"""From a photo or an uploaded image to ink: grey, polarity, threshold, specks removed.

Pure numpy. The page decodes and scales the image in the browser first; this
turns its pixels into an ink image that segment.py can split into digits.
"""

import numpy as np

from segment import boxes, label_coarse

MIN_CONTRAST = 0.15  # ink and paper closer than this (grey levels 0..1) make one flat colour
SPECK = 0.05  # blobs under this share of the largest blob are specks
MAX_INK = 0.35  # more ink than this share of the image is no handwritten number


class NoDigits(ValueError):
    """The image holds nothing that looks like written digits; the message says why."""


def grey_from_rgba(rgba):
    """Luminance in [0, 1], with transparency composited over white."""
    rgba = np.asarray(rgba, dtype=np.float32) / 255.0
    alpha = rgba[..., 3]
    luma = rgba[..., 0] * 0.299 + rgba[..., 1] * 0.587 + rgba[..., 2] * 0.114
    return luma * alpha + (1.0 - alpha)


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


def ink_from_photo(rgba):
    """Binary ink (float32, 1 = ink) of a picture of written digits; NoDigits if there are none."""
    grey = grey_from_rgba(rgba)
    if grey.size == 0:
        raise NoDigits("The image is empty.")
    threshold, contrast = otsu(grey)
    if contrast < MIN_CONTRAST:
        raise NoDigits("The image is one flat colour: no digits to read.")
    dark = grey < threshold
    # Ink is the minority: dark on light paper, or light on a dark board.
    ink = dark if dark.mean() <= 0.5 else ~dark
    if ink.mean() > MAX_INK:
        raise NoDigits("No written digits found: the picture is mostly ink, not paper with a number on it.")
    labels = label_coarse(ink)
    count = int(labels.max()) + 1
    if count == 0:
        raise NoDigits("No digits found in the image.")
    sizes = boxes(labels, count)[:, 4]
    keep = sizes >= SPECK * sizes.max()
    return np.where(labels >= 0, keep[np.maximum(labels, 0)], False).astype(np.float32)
