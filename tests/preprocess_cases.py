"""A fixed set of drawings and photos, for pinning preprocessing's results (tests/test_working_scale.py).

Drawings: UNIPEN validation writers' digits drawn alone and as 4-digit numbers on a desktop pad
(418 device pixels) and a phone's (1074), with a 3% pen (the pad's when the reference was made: the
same drawings whatever the pad's pen is now); photos: generated numbers from MNIST's
test digits, shaded like a photo. Every case is made the same way on every run.
"""

import numpy as np

from build import handwriting, mnist, render, unipen
from build.synthetic import random_number, shade

PADS = (418, 1074)  # device pixels a side: the page on a desktop, on a phone (DPR 3)
SINGLES = 24
NUMBERS = 12
PHOTOS = 12
INK_COLOUR = (20, 24, 31)
PEN = 0.03  # of the pad's side


def pad_rgba(strokes, side):
    rgba = np.zeros((side, side, 4), dtype=np.uint8)
    rgba[..., :3] = INK_COLOUR
    rgba[..., 3] = render.alpha(strokes, side, PEN)
    return rgba


def drawings():
    """[(name, RGBA of the pad)]."""
    rng = np.random.default_rng(2026)
    digits = unipen.digits_of("validation", quality=("OK",))
    out = []
    for i in range(SINGLES):
        digit = digits[int(rng.integers(len(digits)))]
        side = PADS[i % 2]
        out.append((f"single {digit['label']} on {side}", pad_rgba(handwriting.single(digit["strokes"], rng), side)))
    for i in range(NUMBERS):
        chosen = [digits[int(j)] for j in rng.integers(len(digits), size=4)]
        side = PADS[i % 2]
        strokes = handwriting.number([d["strokes"] for d in chosen], rng, PEN)
        out.append((f"number {''.join(str(d['label']) for d in chosen)} on {side}", pad_rgba(strokes, side)))
    return out


def photos():
    """[(name, RGBA of the photo)]."""
    images, labels = mnist.load("t10k")
    rng = np.random.default_rng(2026)
    out = []
    for i in range(PHOTOS):
        rgba, number = random_number(images, labels, rng)
        out.append((f"photo of {number}", shade(rgba) if i % 2 else rgba))
    return out
