"""UNIPEN 1a: real people's pen-written digits as strokes, split by writer (never by sample).

    ../shared/datasets/unipen/unipen-1a-digits.json.gz  (or $UNIPEN_DIR, or --unipen DIR)

Each digit: label, writer ("lab/writer"), quality ("OK" or "?") and strokes (lists of [x, y] in
the tablet's units, y down). Writers, never single digits, are assigned to train, validation or
test: the most prolific first, each to the side furthest below its share of the checked ("OK")
digits, so that each side gets its share of digits and not only of writers (a few writers
wrote hundreds of digits, most a few dozen).
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
SPLIT = {"train": 0.7, "validation": 0.15, "test": 0.15}  # share of the checked digits


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


def split(digits):
    """{writer: 'train', 'validation' or 'test'}."""
    checked = {}
    for digit in digits:
        checked[digit["writer"]] = checked.get(digit["writer"], 0) + (digit["quality"] == "OK")
    total = sum(checked.values())
    given = dict.fromkeys(SPLIT, 0)
    sides = {}
    # Largest first (the greedy that balances best), ties in the order of a hash of the id.
    for writer in sorted(checked, key=lambda w: (-checked[w], hashlib.sha256(w.encode()).hexdigest())):
        side = max(SPLIT, key=lambda s: SPLIT[s] * total - given[s])
        sides[writer] = side
        given[side] += checked[writer]
    return sides


def digits_of(side, directory=None, quality=("OK", "?")):
    digits = load(directory)
    sides = split(digits)
    return [d for d in digits if sides[d["writer"]] == side and d["quality"] in quality]


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
