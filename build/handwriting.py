"""Real pen strokes laid out on the pad the way people write: one digit, or a number across the pad.

The one place that decides where and how big writing lands on the pad (and the pads measured: a
desktop's and a phone's), shared by training (what the model sees), tuning and the strokes benchmark
(what the page is measured on); and the styles that MNIST barely has, recognised from the strokes, so
that results can be given per style.
"""

import hashlib

import numpy as np

from build.unipen import by_writer, fit_to_box
from contract import BRUSH

SINGLE = (0.35, 0.85)  # a lone digit's height, as a share of the pad's side
NUMBER = (0.15, 0.3)  # a number's digit height
GAP = (-0.05, 0.45)  # seen between a number's digits' ink, as a share of the digit height (below 0: they touch)
WOBBLE = 0.06  # a number's digits rise and fall by up to this share of their height
MARGIN = 0.03  # of the pad, kept free on every side
NARROWEST = 0.25  # a digit box is at least this wide for its height (a "1" is a line)
PADS = {"desktop": 418, "phone": 1074}  # device pixels a side: the pad at 1280x800, and at 390x844 with DPR 3
LENGTH = 4  # digits of a number


def extent(strokes):
    points = np.concatenate([np.asarray(s, dtype=np.float64) for s in strokes])
    return points.min(axis=0), points.max(axis=0)


def aspect(strokes):
    """Width over height of the digit's strokes."""
    low, high = extent(strokes)
    width, height = high - low
    return max(width, 1e-9) / max(height, 1e-9)


def placed(strokes, left, top, height):
    """Strokes scaled to `height` (pad units), aspect kept, their box's top-left at (left, top)."""
    low, high = extent(strokes)
    scale = height / max(high[1] - low[1], 1e-9)
    return [[[left + (x - low[0]) * scale, top + (y - low[1]) * scale] for x, y in s] for s in strokes]


def single(strokes, rng):
    """One digit at a random height and place on the pad (0..1 pad units)."""
    side = rng.uniform(*SINGLE)
    room = 1 - 2 * MARGIN - side
    return fit_to_box(strokes, (MARGIN + rng.uniform(0, room), MARGIN + rng.uniform(0, room), side))


def number(digits, rng, pen=BRUSH, seen=None):
    """Several digits' strokes written left to right across the pad, as one drawing (0..1 pad units).

    People space digits by the ink they see: the gaps are between the edges of strokes `pen` wide.
    seen: those gaps as shares of the digit height (default: random within GAP).
    """
    height = rng.uniform(*NUMBER)
    widths = np.array([max(aspect(s), NARROWEST) for s in digits])
    seen = rng.uniform(*GAP, size=len(digits) - 1) if seen is None else np.asarray(seen, dtype=np.float64)
    # A long number is written smaller, so that it fits.
    height = min(height, (1 - 2 * MARGIN - pen * len(seen)) / (widths.sum() + seen.sum()))
    gaps = np.append(seen * height + pen, 0.0)  # pad units, between the strokes' centre lines
    span = widths.sum() * height + gaps.sum()
    left = MARGIN + rng.uniform(0, max(0.0, 1 - 2 * MARGIN - span))
    top = MARGIN + WOBBLE * height + rng.uniform(0, 1 - 2 * MARGIN - (1 + 2 * WOBBLE) * height)
    out = []
    for strokes, width, gap in zip(digits, widths, gaps):
        real = aspect(strokes) * height
        x = left + (width * height - real) / 2  # a narrow digit in the middle of its box
        out += placed(strokes, x, top + rng.uniform(-WOBBLE, WOBBLE) * height, height)
        left += width * height + gap
    return out


def drawings(digits, singles, numbers, seed, pen, length=LENGTH):
    """[(strokes on the pad, truth)]: single digits, then numbers of `length` digits and a pen `pen`
    wide, each writer's from its own digits."""
    writers = by_writer(digits)
    rng = {w: np.random.default_rng([seed, int(hashlib.sha256(w.encode()).hexdigest()[:8], 16)]) for w in writers}
    ones = [(single(d["strokes"], rng[d["writer"]]), str(d["label"])) for d in digits[:singles]]
    many, names = [], sorted(writers)
    for i in range(numbers):
        writer = names[i % len(names)]
        chosen = rng[writer].choice(len(writers[writer]), length)
        picked = [writers[writer][j] for j in chosen]
        truth = "".join(str(d["label"]) for d in picked)
        many.append((number([d["strokes"] for d in picked], rng[writer], pen), truth))
    return ones, many


def style(label, strokes):
    """The style MNIST barely has that a digit is written in, or None (heuristics on the strokes)."""
    low, high = extent(strokes)
    width, height = np.maximum(high - low, 1e-9)
    if label == 0 and len(strokes) >= 2:
        return "slashed 0"
    if label == 1 and width >= 0.35 * height:
        return "flagged 1"
    if label == 7 and any(below_top(s, low, height) for s in strokes[1:]):
        return "crossed 7"
    if label == 4 and len(strokes) >= 2 and open_top(strokes, height):
        return "open 4"
    if label == 9 and len(strokes) == 1 and loop_height(strokes[0]) < 0.35 * height:
        return "small-loop 9"
    return None


def below_top(stroke, low, height):
    """A stroke that lies wholly below the digit's top fifth (a 7's cross, not its top bar)."""
    return min(y for _, y in stroke) > low[1] + 0.2 * height


def open_top(strokes, height):
    """A 4 whose two strokes do not meet at the top: the first stroke's top is far from the second's."""
    tops = [min(s, key=lambda p: p[1]) for s in strokes[:2]]
    return np.hypot(tops[0][0] - tops[1][0], tops[0][1] - tops[1][1]) > 0.15 * height


def loop_height(stroke):
    """How tall a 9's loop is: the stroke from its start to where it comes back closest to it,
    once it has gone a quarter of the digit's height away."""
    points = np.asarray(stroke, dtype=np.float64)
    height = max(np.ptp(points[:, 1]), 1e-9)
    distance = np.hypot(*(points - points[0]).T)
    away = np.flatnonzero(distance > 0.25 * height)
    if away.size == 0:
        return height
    later = distance[away[0] : max(away[0] + 1, int(0.8 * len(points)))]
    return np.ptp(points[: away[0] + int(np.argmin(later)) + 1, 1])
