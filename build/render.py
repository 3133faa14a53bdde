"""Strokes drawn in numpy the way the pad draws them: a round brush along each stroke, a dot for a tap.

Used where a drawing is needed without a browser (tests, tuning). The pad in the page smooths its
strokes with quadratic curves through the midpoints; the straight segments here differ from it by
a fraction of a pixel at the pad's usual point spacing.
"""

import numpy as np

from contract import BRUSH


def render(layout, size, colour=(20, 24, 31), width=BRUSH):
    """RGBA (transparent paper) of strokes drawn as the pad draws them.

    layout: [(strokes, (left, top, side))] in fractions of the canvas; width: brush as a fraction of its side.
    """
    h, w = size
    radius = width * min(h, w) / 2
    ys, xs = np.mgrid[:h, :w] + 0.5
    ink = np.zeros((h, w), dtype=bool)
    for strokes, (left, top, side) in layout:
        for stroke in strokes:
            points = [((left + side * x) * w, (top + side * y) * h) for x, y in stroke]
            for (x0, y0), (x1, y1) in zip(points, points[1:] or points):
                dx, dy = x1 - x0, y1 - y0
                t = np.clip(((xs - x0) * dx + (ys - y0) * dy) / max(dx * dx + dy * dy, 1e-9), 0, 1)
                ink |= (xs - x0 - t * dx) ** 2 + (ys - y0 - t * dy) ** 2 <= radius**2
    rgba = np.zeros((h, w, 4), dtype=np.uint8)
    rgba[ink] = (*colour, 255)
    return rgba
