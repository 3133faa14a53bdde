"""Strokes drawn in numpy exactly as the pad draws them, for training and tools without a browser.

js/pad.js draws each stroke as one path through the midpoints of its points (a straight start, then
quadratic curves with each point as the control, a straight end) with a round brush, and a lone point
as a dot; the canvas anti-aliases by coverage and composites strokes over each other. Here each curve
is flattened into segments much finer than a pixel's worth of bend, each pixel's coverage is taken
from its distance to the path (1 inside, a one-pixel ramp at the edge), and strokes composite with
8-bit alpha as the canvas does. tests/test_render.py holds it to the pad's own pixels in Chromium.
"""

import numpy as np

from contract import BRUSH

FLATNESS = 0.05  # pixels: the most a flattened curve strays from the true one


def centre_line(points):
    """The pad's path through `points` (pixels) as a polyline: the start, then every curve flattened."""
    points = np.asarray(points, dtype=np.float64)
    if len(points) < 2:
        return points
    mids = (points[:-1] + points[1:]) / 2
    line = [points[:1], mids[:1]]  # the first curve's control is its start: a straight line
    for start, control, end in zip(mids[:-1], points[1:-1], mids[1:]):
        bend = np.abs(start - 2 * control + end).max() / 4  # how far the curve leaves its chord
        n = max(1, int(np.ceil(np.sqrt(bend / FLATNESS))))
        t = np.arange(1, n + 1)[:, None] / n
        line.append((1 - t) ** 2 * start + 2 * t * (1 - t) * control + t**2 * end)
    line.append(points[-1:])
    return np.concatenate(line)


def coverage(line, radius, shape):
    """How much of each pixel a round brush of `radius` along the polyline covers, 0..1 (float32)."""
    h, w = shape
    out = np.zeros(shape, dtype=np.float32)
    starts, ends = (line[:-1], line[1:]) if len(line) > 1 else (line, line)
    reach = radius + 1
    for (x0, y0), (x1, y1) in zip(starts, ends):
        top, bottom = max(int(min(y0, y1) - reach), 0), min(int(max(y0, y1) + reach) + 1, h)
        left, right = max(int(min(x0, x1) - reach), 0), min(int(max(x0, x1) + reach) + 1, w)
        if top >= bottom or left >= right:
            continue
        ys = np.arange(top, bottom)[:, None] + 0.5 - y0
        xs = np.arange(left, right)[None, :] + 0.5 - x0
        dx, dy = x1 - x0, y1 - y0
        t = np.clip((xs * dx + ys * dy) / max(dx * dx + dy * dy, 1e-12), 0.0, 1.0)
        distance = np.sqrt((xs - t * dx) ** 2 + (ys - t * dy) ** 2)
        window = out[top:bottom, left:right]
        np.maximum(window, np.clip(radius + 0.5 - distance, 0.0, 1.0), out=window)
    return out


def alpha(strokes, side, width=BRUSH, box=None):
    """The pad's alpha (uint8) for strokes in 0..1 pad units on a pad of `side` device pixels.

    box: (top, left, height, width) of the pad's pixels to draw (default: all of it); pixels outside
    it are not computed, so a digit is drawn at the pad's full resolution for the cost of its size.
    """
    top, left, h, w = box or (0, 0, side, side)
    radius = width * side / 2
    out = np.zeros((h, w), dtype=np.uint8)
    for stroke in strokes:
        line = centre_line(np.asarray(stroke, dtype=np.float64) * side - (left, top))
        a = np.round(coverage(line, radius, (h, w)) * 255).astype(np.uint16)
        # Source-over of one colour: alpha + (1 - alpha) * under, in the canvas's 8 bits.
        out = (a + (255 - a) * out.astype(np.uint16) // 255).astype(np.uint8) if out.any() else a.astype(np.uint8)
    return out


def ink_box(strokes, side, width=BRUSH):
    """(top, left, height, width) of the pad's pixels that strokes can touch (the brush's reach included)."""
    points = np.concatenate([np.asarray(s, dtype=np.float64) for s in strokes]) * side
    reach = width * side / 2 + 2
    top, left = np.maximum(np.floor(points.min(axis=0)[::-1] - reach), 0).astype(int)
    bottom, right = np.minimum(np.ceil(points.max(axis=0)[::-1] + reach), side).astype(int)
    return int(top), int(left), int(bottom - top), int(right - left)


def ink(strokes, side, width=BRUSH):
    """Ink (float32 0..1, as py/preprocess.ink_from_pad reads the pad: its alpha) of strokes, cropped to their reach."""
    return alpha(strokes, side, width, ink_box(strokes, side, width)).astype(np.float32) / 255.0


def render(layout, size, colour=(20, 24, 31), width=BRUSH):
    """RGBA (transparent paper) of a pad of `size` (h, w) device pixels with strokes drawn on it.

    layout: [(strokes, (left, top, side))]: each digit's strokes (0..1) placed in a box of the pad.
    """
    h, w = size
    if h != w:
        raise ValueError("the pad is square")
    strokes = [
        [[left + side * x, top + side * y] for x, y in stroke]
        for digit, (left, top, side) in layout
        for stroke in digit
    ]
    rgba = np.zeros((h, w, 4), dtype=np.uint8)
    rgba[..., :3] = colour
    rgba[..., 3] = alpha(strokes, h, width)
    return rgba
