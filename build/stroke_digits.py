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
from contract import SIDE
from preprocess import digit_input

SLANT = 0.35  # x shifts by up to this much of the height from bottom to top, either way
ROTATE_DEG = 8.0
ASPECT = 0.2  # width scaled by up to 1 +/- this
HEIGHT_PX = (48, 192)  # the digit's height in device pixels (log-uniform)
# The brush's width over the digit's height (log-uniform): a lone digit filling a phone's pad with a thin
# brush up to a small digit of a long number with a wide one. The pad's brush over a digit's share of
# the pad: 0.03 / 0.85 = 0.035 to 0.03 / 0.12 = 0.25.
BRUSH_TO_HEIGHT = (0.03, 0.25)


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
    """(N * variants) x 28 x 28 x 1 float32 drawings and their labels: variant-major, digits in order."""
    jobs = [(seed, v, i, d["strokes"]) for v in range(variants) for i, d in enumerate(digits)]
    with ProcessPoolExecutor(processes) as pool:
        drawn = list(pool.map(draw_one, jobs, chunksize=64))
    labels = np.tile(np.array([d["label"] for d in digits], dtype=np.int64), variants)
    return np.stack(drawn)[..., None], labels
