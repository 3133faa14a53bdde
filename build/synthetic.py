"""Pictures of written numbers made from MNIST digits, for tests and benchmarks (never committed).

Digits are trimmed to their ink, placed side by side with the given gaps,
enlarged, and printed dark on light paper or light on a dark board.
"""

import numpy as np


def trim(image):
    cols = np.flatnonzero(image.max(axis=0) > 0)
    return image[:, cols[0] : cols[-1] + 1] if cols.size else image


def side_by_side(digits, gaps):
    """The digits' ink side by side (28 x W uint8), `gaps` pixels apart (at 28x28 scale; a negative gap
    overlaps two digits, the stronger ink kept, as digits written close touch), and each digit's
    centre column in it."""
    trimmed = [trim(digit) for digit in digits]
    starts = np.r_[0, np.cumsum([t.shape[1] + g for t, g in zip(trimmed, gaps)], dtype=np.intp)]
    starts -= starts.min()
    row = np.zeros((28, max(s + t.shape[1] for s, t in zip(starts, trimmed))), dtype=np.uint8)
    for start, digit in zip(starts, trimmed):
        np.maximum(row[:, start : start + digit.shape[1]], digit, out=row[:, start : start + digit.shape[1]])
    return row, [start + t.shape[1] / 2 for start, t in zip(starts, trimmed)]


def number_picture(digits, gaps, scale=3, margin=10, light_on_dark=False, paper=235, ink=25):
    """(RGBA picture (uint8) of MNIST digit images side by side, each digit's centre column in it).

    digits: 28x28 uint8 images (0 = paper); gaps: pixels between them (at 28x28 scale, see side_by_side).
    """
    row, centres = side_by_side(digits, gaps)
    border = margin // scale + 1
    strength = np.kron(np.pad(row, border), np.ones((scale, scale))) / 255.0
    if light_on_dark:
        paper, ink = 255 - paper, 255 - ink
    grey = (paper + (ink - paper) * strength).round().astype(np.uint8)
    rgba = np.empty(grey.shape + (4,), dtype=np.uint8)
    rgba[..., :3] = grey[..., None]
    rgba[..., 3] = 255
    return rgba, [(border + c) * scale for c in centres]


def number_image(digits, gaps, **picture):
    """The RGBA picture alone (number_picture)."""
    return number_picture(digits, gaps, **picture)[0]


def shade(rgba, darkest=0.35):
    """The same picture under uneven light: dimmer to the left and in the lower-left corner."""
    h, w = rgba.shape[:2]
    yy, xx = np.mgrid[:h, :w]
    corner = 1 - 0.4 * np.exp(-((yy - h) ** 2 + xx**2) / (0.3 * w) ** 2)
    light = (darkest + (1 - darkest) * xx / w) * corner
    out = rgba.astype(np.float32)
    out[..., :3] *= light[..., None]
    return out.clip(0, 255).astype(np.uint8)


GAPS = (3, 11)  # pixels between a generated number's digits at MNIST's scale, at least and at most


def random_number(images, labels, rng, count=None, gaps=GAPS):
    """(rgba, digits as a string) with 2-6 digits, random gaps (in the range `gaps`; negative: the digits
    overlap and touch), size and polarity."""
    count = count or int(rng.integers(2, 7))
    pick = rng.integers(0, len(images), size=count)
    gaps = rng.integers(gaps[0], gaps[1] + 1, size=count - 1)
    rgba = number_image(images[pick], gaps, scale=int(rng.integers(2, 6)), light_on_dark=bool(rng.integers(0, 2)))
    return rgba, "".join(str(int(labels[i])) for i in pick)


def sheet_photo(images, size=(3000, 4000)):
    """A photo-sized grey picture (12 megapixels by default) of a 4-digit number written large on paper:
    MNIST's first four test digits, 20 times their size."""
    sheet = np.full(size, 232, dtype=np.uint8)
    number = number_image(images[:4], gaps=[8, 8, 8], scale=20)[..., 0]
    top, left = int(size[0] * 0.3), int(size[1] * 0.15)
    sheet[top : top + number.shape[0], left : left + number.shape[1]] = number
    return sheet


def png_bytes(image):
    """A PNG file of a grey (H x W) or RGBA (H x W x 4) uint8 image."""
    import struct
    import zlib

    image = np.ascontiguousarray(image, dtype=np.uint8)
    h, w = image.shape[:2]
    colour_type = 0 if image.ndim == 2 else 6
    rows = np.concatenate([np.zeros((h, 1), np.uint8), image.reshape(h, -1)], axis=1)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", w, h, 8, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows.tobytes(), 6))
        + chunk(b"IEND", b"")
    )


def y4m_bytes(rgba, frames=30):
    """A still video (YUV4MPEG2, 4:2:0) of an RGBA picture, for Chromium's fake camera."""
    rgb = rgba[..., :3].astype(np.float32)
    h, w = (rgb.shape[0] // 2) * 2, (rgb.shape[1] // 2) * 2
    rgb = rgb[:h, :w]
    y = 16 + 0.257 * rgb[..., 0] + 0.504 * rgb[..., 1] + 0.098 * rgb[..., 2]
    u = 128 - 0.148 * rgb[..., 0] - 0.291 * rgb[..., 1] + 0.439 * rgb[..., 2]
    v = 128 + 0.439 * rgb[..., 0] - 0.368 * rgb[..., 1] - 0.071 * rgb[..., 2]
    half = lambda c: c.reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))  # noqa: E731
    frame = b"FRAME\n" + b"".join(np.clip(c, 0, 255).round().astype(np.uint8).tobytes() for c in (y, half(u), half(v)))
    return f"YUV4MPEG2 W{w} H{h} F30:1 Ip A1:1 C420jpeg\n".encode() + frame * frames
