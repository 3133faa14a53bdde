"""Pen paths for the ten digits, drawn the way people commonly write them.

Each digit is a list of strokes; each stroke a list of (x, y) in 0..1 of the
box it is drawn in. Tests replay them as real pointer events.
"""

import math


def line(*points, steps=12):
    """A polyline through `points`, densely sampled like a moving pen."""
    out = [points[0]]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        out += [(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps) for i in range(1, steps + 1)]
    return out


def arc(cx, cy, rx, ry, start, end, steps=40):
    """Elliptic arc; angles in degrees, 0 = right, 90 = down (screen coordinates)."""
    return [
        (cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a)))
        for a in (start + (end - start) * i / steps for i in range(steps + 1))
    ]


DIGITS = {
    0: [arc(0.5, 0.5, 0.3, 0.42, -90, 275)],
    1: [line((0.45, 0.2), (0.55, 0.06), (0.55, 0.94))],
    2: [arc(0.5, 0.3, 0.3, 0.22, 200, 360) + line((0.8, 0.3), (0.2, 0.92), (0.85, 0.92))],
    3: [arc(0.48, 0.28, 0.28, 0.22, 210, 450) + arc(0.48, 0.71, 0.32, 0.23, -90, 150)],
    4: [line((0.3, 0.06), (0.18, 0.58), (0.85, 0.58)), line((0.68, 0.2), (0.68, 0.95))],
    5: [line((0.78, 0.08), (0.3, 0.08), (0.26, 0.46)) + arc(0.5, 0.67, 0.3, 0.26, -120, 150)],
    6: [arc(0.75, 0.55, 0.5, 0.5, 235, 180) + arc(0.5, 0.7, 0.25, 0.23, 180, 540)],
    7: [line((0.15, 0.1), (0.85, 0.1), (0.4, 0.95))],
    8: [arc(0.5, 0.27, 0.21, 0.2, 90, 450), arc(0.5, 0.7, 0.26, 0.24, -90, 270)],
    9: [arc(0.5, 0.3, 0.24, 0.22, 0, 360), line((0.74, 0.3), (0.7, 0.95))],
}
