"""UNIPEN's pen-written digits as the model sees them on the page: drawn as the pad draws them
(build/render.py), then through the page's own preprocessing (py/preprocess.py).

Each drawing varies the way people and pads do, not only by warping a finished image: the hand's
slant, rotation and width, the digit's size in device pixels (a desktop pad or a phone's), the
brush's width for that size (a lone digit filling the pad, or a small one in a number), and where it
falls on the pixel grid. Drawings are seeded by (seed, variant, digit), so a build draws the same
images whatever the number of processes drawing them.
"""

import math
from concurrent.futures import ProcessPoolExecutor

import numpy as np

import build  # noqa: F401  (puts py/ on the path)
from build import render
from build.handwriting import SINGLE
from contract import BRUSH, SIDE
from preprocess import digit_input

SLANT = 0.35  # x shifts by up to this much of the height from bottom to top, either way
ROTATE_DEG = 8.0
ASPECT = 0.2  # width scaled by up to 1 +/- this
# A 10-digit number across the pad is written with digits down to about this share of its side
# (handwriting.number: 0.066 at the 1st percentile, 0.088 the median, UNIPEN's digits).
SMALLEST_DIGIT = 0.066
# The digit's height in device pixels (log-uniform): the smallest digits of a long number on a desktop's
# pad (418 px: 28 px) up to sizes the working scale brings larger digits down to.
HEIGHT_PX = (28, 192)
# The brush's width over the digit's height (log-uniform), for the pad's brush: from a lone digit at its
# tallest (0.02 / 0.85 = 0.024) to a long number's smallest digits (0.02 / 0.066 = 0.30).
BRUSH_TO_HEIGHT = (BRUSH / SINGLE[1], BRUSH / SMALLEST_DIGIT)


def pen_variation(strokes, rng):
    """Strokes (any units, y down) slanted, rotated and widened as another hand would; centred at 0."""
    points = np.concatenate([np.asarray(s, dtype=np.float64) for s in strokes])
    centre = (points.min(axis=0) + points.max(axis=0)) / 2
    height = max(np.ptp(points[:, 1]), 1e-9)
    angle = math.radians(rng.uniform(-ROTATE_DEG, ROTATE_DEG))
    slant = rng.uniform(-SLANT, SLANT)
    widen = 1 + rng.uniform(-ASPECT, ASPECT)
    rotate = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    # x' = widen * x - slant * y: the top leans right for slant > 0 (y is down).
    shape = rotate @ np.array([[widen, -slant], [0.0, 1.0]]) / height
    return [(np.asarray(s, dtype=np.float64) - centre) @ shape.T for s in strokes]


def draw(strokes, rng):
    """One drawing of a digit's strokes: its 28x28 model input (float32), or None if it comes out blank."""
    varied = pen_variation(strokes, rng)
    points = np.concatenate(varied)
    height_px = math.exp(rng.uniform(*np.log(HEIGHT_PX)))
    brush_px = height_px * math.exp(rng.uniform(*np.log(BRUSH_TO_HEIGHT)))
    # A pad of `side` pixels on which the digit is height_px tall, at a random place on the pixel grid.
    extent = max(np.ptp(points[:, 1]), np.ptp(points[:, 0]), 1e-9)
    side = 4 * height_px * extent
    offset = (brush_px + rng.uniform(0, 2)) / side - points.min(axis=0) / (4 * extent)
    on_pad = [(s / (4 * extent) + offset).tolist() for s in varied]
    return digit_input(render.ink(on_pad, side, brush_px / side))


def draw_one(job):
    seed, variant, index, strokes = job
    digit = draw(strokes, np.random.default_rng([seed, variant, index]))
    return np.zeros((SIDE, SIDE), dtype=np.float32) if digit is None else digit


def images(digits, variants, seed, processes=None):
    """Drawings (N x 28 x 28 x 1 float32) and their labels: variant-major, digits in order.

    variants: how many drawings of each digit, one count for all or a count a digit.
    """
    counts = np.broadcast_to(variants, (len(digits),))
    jobs = [
        (seed, v, i, d["strokes"]) for v in range(max(counts, default=0)) for i, d in enumerate(digits) if v < counts[i]
    ]
    with ProcessPoolExecutor(processes) as pool:
        drawn = list(pool.map(draw_one, jobs, chunksize=64))
    labels = np.array([digits[i]["label"] for _, _, i, _ in jobs], dtype=np.int64)
    return np.stack(drawn)[..., None], labels
