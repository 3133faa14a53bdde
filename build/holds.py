"""What the page ships to tell what a piece of ink holds: part of a digit, one digit, several (py/holds.py).

    python -m build.holds [--model www/models/mnist] [--tune]   # fit (and choose its settings), write holds.json

One fit for each source of ink. Drawings: fitted on the pieces that numbers of UNIPEN's training
writers break into as the page finds them (py/segment.py), half of the numbers written so close that
digits touch. Pictures: on those of pictures of numbers made of MNIST's training images (the model's
training side of them, build/dataset.split), as the page reads a photo (py/photo.py), half of them with
digits that touch. Each piece's features from the model and its aspect, and how many digits' centres
lie inside its box (one, or several); and the pieces that the page's ways of dividing a digit
(py/touching.py) cut those holding one into (parts of a digit). Two settings of each (which of a
number's digits are tried divided) were chosen by --tune: for drawings on the validation writers'
4-, 6- and 10-digit numbers on both pads, for pictures on pictures of MNIST's validation images, read as
the page reads them; the third (how many divisions are divided again) on the same numbers, apart. The test
writers and MNIST's test images are never looked at here.
"""

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from build import handwriting, render, unipen
from build.dataset import mnist_side
from build.export import load as load_model
from build.model import reader
from build.site import model_dir, weights_id
from build.synthetic import number_picture
from contract import BRUSH, HOLDS
from holds import DRAWING, KINDS, PICTURE, SOURCES, Holds, aspects
from photo import ink_from_photo
from preprocess import at_working_scale, digit_input
from read_cache import ReadCache
from segment import parts_steps
from steps import finish
from touching import CUTS, divisions, read_digits

NUMBERS = 2400  # numbers of each source drawn for the fit (drawings: 7,445 pieces, and 4,643 parts cut from them)
LENGTHS = (2, 6)  # their digits, at least and at most
TOUCHING = (-0.15, 0.05)  # the gaps of half the drawn numbers (of the digit height): most of their digits touch
PICTURE_GAPS = (1, 12)  # pixels between a picture's digits at MNIST's scale (bench/numbers.py's: 3-11) ...
PICTURE_TOUCHING = (-3, 1)  # ... or, for half of them, overlapping so that their ink touches
PICTURE_SCALES = (2, 6)  # a picture's pixels to a pixel of MNIST's
PENALTY = 1.0  # L2 on the standardised weights
SEED = 5
# The doubt that has a number's digit tried divided, and how likely several digits it must be: chosen by
# --tune among GRID for each source (most validation numbers read whole, then fewest inputs; for drawings
# with the pad's pen, nearly every setting read more of them whole than reading every division does,
# with 9-20% fewer inputs; README).
# How many of a number's likeliest divisions into a digit and several are divided again (touching.py) was
# chosen apart, on the same validation numbers (README): pictures' touching digits 15 more of 600 read whole;
# the drawings' as many within a few of 1,800, for 20-50% more inputs.
SETTINGS = {
    DRAWING: {"divide": 0.05, "several": 0.2, "again": 0},
    PICTURE: {"divide": 0.05, "several": 0.2, "again": 2},
}
GRID = {"divide": (0.001, 0.01, 0.05), "several": (0.05, 0.2, 0.5)}
CHECK = {"numbers": 150, "lengths": (4, 6, 10), "pictures": 300}  # validation numbers of each kind


def pieces(ink, centres):
    """(inputs, shapes, kinds) of the pieces that a number's ink breaks into as the page finds them and of
    the pieces that those holding one digit are divided into: their 28x28 inputs, the shapes of their ink,
    and what each holds (an index of KINDS: a piece holds as many digits as it has digits' centres inside
    its box). centres: each digit's centre column in the ink."""
    top, left, k, working = at_working_scale(ink)
    parts, inputs = finish(parts_steps(working))
    inputs, shapes, kinds = list(inputs), [p.ink.shape for p in parts], []
    for part in parts:
        framed = part.in_frame(top, left, k, ink.shape)
        held = sum(framed.left <= c < framed.right for c in centres)
        kinds.append(KINDS.index("one" if held <= 1 else "several"))
        if held == 1:
            for piece in (piece for division in divisions(part, CUTS["number"]) for piece in division):
                digit = digit_input(piece.ink)
                if digit is not None:
                    inputs.append(digit)
                    shapes.append(piece.ink.shape)
                    kinds.append(KINDS.index("part"))
    return inputs, shapes, kinds


def written_pieces(job):
    """pieces() of a number written with the pad's pen on one of handwriting.PADS: job (its digits' strokes, seed)."""
    digits, seed = job
    rng = np.random.default_rng(seed)
    side = list(handwriting.PADS.values())[seed[-1] % len(handwriting.PADS)]
    seen = rng.uniform(*TOUCHING, size=len(digits) - 1) if rng.random() < 0.5 else None
    strokes = handwriting.number(digits, rng, seen=seen)
    box = render.ink_box(strokes, side)
    ink = render.alpha(strokes, side, box=box).astype(np.float32) / 255
    centres, at = [], 0
    for digit in digits:
        points = np.concatenate([np.asarray(s) for s in strokes[at : at + len(digit)]]) * side
        at += len(digit)
        centres.append((points[:, 0].min() + points[:, 0].max()) / 2 - box[1])
    return pieces(ink, centres)


def picture_ink(images, rng, touch):
    """(ink as the page finds it in a photo, each digit's centre column in it) of a picture of a number made of
    28x28 MNIST `images` (build/synthetic.py), its digits touching or apart."""
    gaps = rng.integers(*(PICTURE_TOUCHING if touch else PICTURE_GAPS), size=len(images) - 1)
    light_on_dark = bool(rng.random() < 0.5)
    rgba, centres = number_picture(images, gaps, scale=int(rng.integers(*PICTURE_SCALES)), light_on_dark=light_on_dark)
    return ink_from_photo(rgba), centres


def pictured_pieces(job):
    """pieces() of a picture of a number, half of them with digits that touch: job (28x28 images, seed)."""
    images, seed = job
    rng = np.random.default_rng(seed)
    return pieces(*picture_ink(images, rng, rng.random() < 0.5))


def all_pieces(function, jobs):
    """(inputs N x 28 x 28, shapes N x 2, what each holds N) of function's pieces of each job."""
    with ProcessPoolExecutor() as pool:
        found = list(pool.map(function, jobs, chunksize=32))
    inputs = np.stack([x for f in found for x in f[0]])
    shapes = np.array([s for f in found for s in f[1]], dtype=np.float64)
    kinds = np.array([c for f in found for c in f[2]])
    return inputs, shapes, kinds


def writers_pieces(side="train", numbers=NUMBERS, seed=SEED):
    """all_pieces of numbers that the `side` writers (build/unipen.py) write, each of their own digits."""
    writers = unipen.by_writer(unipen.digits_of(side, quality=("OK",)))
    names = sorted(writers)
    rng = np.random.default_rng(seed)
    jobs = []
    for i in range(numbers):
        own = writers[names[i % len(names)]]
        chosen = rng.choice(len(own), rng.integers(LENGTHS[0], LENGTHS[1] + 1))
        jobs.append(([own[j]["strokes"] for j in chosen], [seed, i]))
    return all_pieces(written_pieces, jobs)


def pictures_pieces(side="train", numbers=NUMBERS, seed=SEED):
    """all_pieces of pictures of numbers made of the model's `side` MNIST images."""
    images, _ = mnist_side(side)
    rng = np.random.default_rng(seed)
    jobs = []
    for i in range(numbers):
        chosen = rng.choice(len(images), rng.integers(LENGTHS[0], LENGTHS[1] + 1))
        jobs.append((images[chosen], [seed, i]))
    return all_pieces(pictured_pieces, jobs)


PIECES = {DRAWING: writers_pieces, PICTURE: pictures_pieces}


def fit(features, shapes, kinds, penalty=PENALTY, divide=None, several=None, again=0):
    """Softmax regression of `kinds` (indices of KINDS) on standardised features and log aspect, by
    Newton's method; a Holds on the raw features, with the given settings."""
    x = np.c_[features, aspects(shapes)].astype(np.float64)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = np.c_[(x - mean) / scale, np.ones(len(x))]
    d = z.shape[1]
    c = len(KINDS)
    y = np.eye(c)[kinds]
    w = np.zeros((d, c))
    ridge = np.kron(np.eye(c), np.diag(np.r_[np.full(d - 1, penalty), 0.0]))  # the biases are not penalised
    for _ in range(25):
        logits = z @ w
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        gradient = (z.T @ (p - y)).T.reshape(-1) + ridge @ w.T.reshape(-1)
        hessian = np.empty((c * d, c * d))
        for a in range(c):
            for b in range(c):
                weight = p[:, a] * ((a == b) - p[:, b])
                hessian[a * d : (a + 1) * d, b * d : (b + 1) * d] = (z * weight[:, None]).T @ z
        step = np.linalg.lstsq(hessian + ridge, gradient, rcond=None)[0]  # softmax's Hessian is singular
        w -= step.reshape(c, d).T
    raw = w[:-1] / scale[:, None]
    return Holds(raw[:-1], raw[-1], w[-1] - mean @ raw, divide=divide, several=several, again=again)


def validation_numbers(numbers=CHECK["numbers"], lengths=CHECK["lengths"]):
    """{"L-digit pad": [(ink, truth)]}: the validation writers' numbers, drawn as on each pad."""
    digits = unipen.digits_of("validation", quality=("OK",))
    out = {}
    for length in lengths:
        _, many = handwriting.drawings(digits, 0, numbers, 0, BRUSH, length)
        for name, side in handwriting.PADS.items():
            out[f"{length}-digit {name}"] = [(render.ink(strokes, side), truth) for strokes, truth in many]
    return out


def validation_pictures(pictures=CHECK["pictures"], seed=SEED):
    """{"pictures, digits apart" / "touching": [(ink, truth)]}: pictures of numbers of 2-6 of the model's
    validation MNIST images."""
    images, labels = mnist_side("validation")
    out = {}
    for touch, name in enumerate(("pictures, digits apart", "touching")):
        rng = np.random.default_rng([seed, touch])
        out[name] = []
        for _ in range(pictures):
            chosen = rng.choice(len(images), rng.integers(LENGTHS[0], LENGTHS[1] + 1))
            ink, _ = picture_ink(images[chosen], rng, touch)
            out[name].append((ink, "".join(str(int(d)) for d in labels[chosen])))
    return out


CHECKS = {DRAWING: validation_numbers, PICTURE: validation_pictures}


def number_figures(numbers, read, holds):
    """{name: (share read whole, inputs read a number)} of {name: [(ink, truth)]} with `holds` (None: every
    division read)."""
    figures = {}
    for name, cases in numbers.items():
        right, inputs = 0, 0

        def counted(batch):
            nonlocal inputs
            inputs += len(batch)
            return read(batch)

        for ink, truth in cases:
            *_, probabilities = read_digits(ink, counted, holds=holds)
            right += "".join(str(d) for d in probabilities.argmax(axis=1)) == truth
        figures[name] = (right / len(cases), inputs / len(cases))
    return figures


def choose(holds, numbers, read):
    """holds with the settings that read the most validation numbers whole (fewest inputs on ties);
    prints every setting's figures beside the reading without it."""

    def row(name, figures):
        cells = "  ".join(f"{100 * share:5.1f}% ({inputs:5.2f})" for share, inputs in figures.values())
        print(f"{name:<28} {cells}", flush=True)

    print(f"{'':<28} " + "  ".join(f"{name:<16}" for name in numbers))
    row("every division read", number_figures(numbers, read, None))
    best = None
    for divide in GRID["divide"]:
        for several in GRID["several"]:
            holds.divide, holds.several = divide, several
            figures = number_figures(numbers, read, holds)
            row(f"divide {divide}, several {several}", figures)
            key = (np.mean([share for share, _ in figures.values()]), -np.mean([n for _, n in figures.values()]))
            if best is None or key > best[0]:
                best = (key, divide, several)
    holds.divide, holds.several = best[1:]
    return holds


def build(folder, numbers=NUMBERS, tune=False):
    """Fits (tune: and chooses the settings) and writes holds.json in the model's folder; returns
    {source: Holds}."""
    read = ReadCache(reader(load_model(folder)))  # settings tried over the same drawings
    data = {
        "model": weights_id(folder),
        "pen": BRUSH,  # the drawings' ink was drawn with the pad's pen: a new pen needs a new fit
        "kinds": KINDS,
    }
    fitted = {}
    for source in SOURCES:
        inputs, shapes, kinds = PIECES[source]("train", numbers)
        features, _ = read(inputs)
        holds = fit(features, shapes, kinds, **SETTINGS[source])
        if tune:
            print(source)
            holds = choose(holds, CHECKS[source](), read)
        fitted[source] = holds
        data[source] = {
            "divide": holds.divide,
            "several": holds.several,
            "again": holds.again,
            "aspect": np.round(holds.aspect, 6).tolist(),
            "bias": np.round(holds.bias, 6).tolist(),
            "weights": np.round(holds.weights, 6).tolist(),
            "pieces": {kind: int((kinds == i).sum()) for i, kind in enumerate(KINDS)},
        }
    (Path(folder) / HOLDS).write_text(json.dumps(data) + "\n")
    return fitted


def load(folder, source=DRAWING):
    """The model's Holds for ink from `source` (holds.SOURCES), or None where it ships none."""
    path = Path(folder) / HOLDS
    return Holds.from_json(json.loads(path.read_text())[source]) if path.is_file() else None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(model_dir()), help="the model's folder (default: the site's default)")
    parser.add_argument("--numbers", type=int, default=NUMBERS, help="numbers of each source to fit on")
    parser.add_argument("--tune", action="store_true", help="choose the settings on validation numbers")
    args = parser.parse_args(argv)
    try:
        fitted = build(args.model, args.numbers, args.tune)
    except unipen.DataError as err:
        sys.exit(f"error: {err}")
    for source, holds in fitted.items():
        print(f"{source}: divide {holds.divide}, several {holds.several}, again {holds.again}")


if __name__ == "__main__":
    main()
