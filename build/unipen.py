"""UNIPEN 1a: real people's pen-written digits as strokes, split by writer (never by sample).

    ../shared/datasets/unipen/unipen-1a-digits.json.gz  (or $UNIPEN_DIR, or --unipen DIR)

Each digit: label, writer ("lab/writer"), quality ("OK" or "?") and strokes (lists of [x, y] in
the tablet's units, y down). Writers are assigned to train, validation or test by a hash of their
id: the same writer always lands on the same side, whatever else the data holds.
"""

import gzip
import hashlib
import json
import os
from pathlib import Path

from build import ROOT

DEFAULT_DIR = ROOT.parent / "shared" / "datasets" / "unipen"
FILE = "unipen-1a-digits.json.gz"
SHA256 = "34e9326238b837333fe5885fccc809a968bc9b32a92464e3ce5a48eeab733806"  # of the uncompressed JSON
SPLIT = {"train": 70, "validation": 15, "test": 15}  # percent of writers


class DataError(Exception):
    """The UNIPEN file is missing or not the one expected; the message says which."""


def load(directory=None):
    """Every digit, as a list of dicts."""
    directory = Path(directory or os.environ.get("UNIPEN_DIR") or DEFAULT_DIR)
    path = directory / FILE
    if not path.is_file():
        raise DataError(f"{path} is missing: pass --unipen DIR or set UNIPEN_DIR to the folder that holds {FILE}")
    raw = gzip.decompress(path.read_bytes())
    if hashlib.sha256(raw).hexdigest() != SHA256:
        raise DataError(f"{path} is not the expected UNIPEN file (sha256 differs)")
    return json.loads(raw)


def side_of(writer):
    """'train', 'validation' or 'test' for a writer id, by a hash of it."""
    bucket = int(hashlib.sha256(writer.encode()).hexdigest()[:8], 16) % 100
    edge = 0
    for side, share in SPLIT.items():
        edge += share
        if bucket < edge:
            return side
    raise AssertionError("SPLIT must add up to 100")


def digits_of(side, directory=None, quality=("OK", "?")):
    return [d for d in load(directory) if side_of(d["writer"]) == side and d["quality"] in quality]


def by_writer(digits):
    """{writer: [digits in the order written]}."""
    writers = {}
    for digit in digits:
        writers.setdefault(digit["writer"], []).append(digit)
    return writers


def fit_to_box(strokes, box=(0.1, 0.1, 0.8)):
    """Strokes scaled into a square box (left, top, side) of the pad, aspect kept and centred: 0..1 pad units."""
    points = [p for stroke in strokes for p in stroke]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    extent = max(width, height, 1e-9)
    left, top, side = box
    x0 = left + side * (1 - width / extent) / 2
    y0 = top + side * (1 - height / extent) / 2
    return [
        [[x0 + side * (x - min(xs)) / extent, y0 + side * (y - min(ys)) / extent] for x, y in stroke]
        for stroke in strokes
    ]
