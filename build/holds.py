"""What the page ships to tell what a piece of ink holds: part of a digit, one digit, several (py/holds.py).

    python -m build.holds [--model www/models/mnist] [--tune]   # fit (and choose its settings), write holds.json

Fitted on the pieces that numbers of UNIPEN's training writers break into as the page finds them
(py/segment.py), half of the numbers written so close that digits touch: each piece's features from
the model and its aspect, and how many digits' centres lie inside its box (one, or several); and on
the pieces that the page's ways of dividing a digit (py/touching.py) cut those holding one into
(parts of a digit). Its two settings (which of a number's digits are tried divided) were chosen by
--tune on the validation writers' 4-, 6- and 10-digit numbers on both pads, read as the page reads them;
the test writers are never looked at here.
"""

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from build import handwriting, pen, render, unipen
from build.export import load as load_model
from build.model import reader
from build.site import model_dir, weights_id
from contract import BRUSH, HOLDS
from holds import KINDS, Holds, aspects
from preprocess import at_working_scale, digit_input
from read_cache import ReadCache
from segment import parts_steps
from steps import finish
from touching import CUTS, divisions, read_digits

NUMBERS = 2400  # training writers' numbers drawn for the fit (7,445 pieces, and 4,643 parts cut from them)
LENGTHS = (2, 6)  # their digits, at least and at most
TOUCHING = (-0.15, 0.05)  # the gaps of half the numbers (of the digit height): most of their digits touch
PENALTY = 1.0  # L2 on the standardised weights
SEED = 5
# The doubt that has a number's digit tried divided, and how likely several digits it must be: chosen by
# --tune among GRID for the pad's pen (most validation numbers read whole, then fewest inputs; nearly
# every setting read more of them whole than reading every division does, with 9-20% fewer inputs; README).
DIVIDE = 0.05
SEVERAL = 0.2
GRID = {"divide": (0.001, 0.01, 0.05), "several": (0.05, 0.2, 0.5)}
CHECK = {"numbers": 150, "lengths": (4, 6, 10)}  # validation numbers of each length, on each of pen.PADS


def pieces_of(job):
    """(inputs, shapes, kinds) of one number's pieces as the page finds them and of the pieces that
    those holding one digit are divided into: their 28x28 inputs, the shapes of their ink, and what
    each holds (an index of KINDS: a piece holds as many digits as it has digits' centres inside its box)."""
    digits, seed = job
    rng = np.random.default_rng(seed)
    side = list(pen.PADS.values())[seed[-1] % len(pen.PADS)]
    seen = rng.uniform(*TOUCHING, size=len(digits) - 1) if rng.random() < 0.5 else None
    strokes = handwriting.number(digits, rng, seen=seen)
    box = render.ink_box(strokes, side)
    ink = render.alpha(strokes, side, box=box).astype(np.float32) / 255
    centres, at = [], 0
    for digit in digits:
        points = np.concatenate([np.asarray(s) for s in strokes[at : at + len(digit)]]) * side
        at += len(digit)
        centres.append((points[:, 0].min() + points[:, 0].max()) / 2 - box[1])
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


def writers_pieces(side="train", numbers=NUMBERS, seed=SEED):
    """(inputs N x 28 x 28, shapes N x 2, what each holds N) of the pieces of numbers that the `side`
    writers (build/unipen.py) write, each of their own digits."""
    writers = unipen.by_writer(unipen.digits_of(side, quality=("OK",)))
    names = sorted(writers)
    rng = np.random.default_rng(seed)
    jobs = []
    for i in range(numbers):
        own = writers[names[i % len(names)]]
        chosen = rng.choice(len(own), rng.integers(LENGTHS[0], LENGTHS[1] + 1))
        jobs.append(([own[j]["strokes"] for j in chosen], [seed, i]))
    with ProcessPoolExecutor() as pool:
        found = list(pool.map(pieces_of, jobs, chunksize=32))
    inputs = np.stack([x for f in found for x in f[0]])
    shapes = np.array([s for f in found for s in f[1]], dtype=np.float64)
    kinds = np.array([c for f in found for c in f[2]])
    return inputs, shapes, kinds


def fit(features, shapes, kinds, penalty=PENALTY):
    """Softmax regression of `kinds` (indices of KINDS) on standardised features and log aspect, by
    Newton's method; a Holds on the raw features, with the chosen settings."""
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
    return Holds(raw[:-1], raw[-1], w[-1] - mean @ raw, divide=DIVIDE, several=SEVERAL)


def validation_numbers(numbers=CHECK["numbers"], lengths=CHECK["lengths"]):
    """{(length, pad): [(ink, truth)]}: the validation writers' numbers, drawn as on each pad."""
    digits = unipen.digits_of("validation", quality=("OK",))
    out = {}
    for length in lengths:
        _, many = pen.drawings(digits, 0, numbers, 0, BRUSH, length)
        for name, side in pen.PADS.items():
            out[length, name] = [(render.ink(strokes, side), truth) for strokes, truth in many]
    return out


def number_figures(drawn, read, holds):
    """{(length, pad): (share read whole, inputs read a number)} with `holds` (None: every division read)."""
    figures = {}
    for key, numbers in drawn.items():
        right, inputs = 0, 0

        def counted(batch):
            nonlocal inputs
            inputs += len(batch)
            return read(batch)

        for ink, truth in numbers:
            *_, probabilities = read_digits(ink, counted, holds=holds)
            right += "".join(str(d) for d in probabilities.argmax(axis=1)) == truth
        figures[key] = (right / len(numbers), inputs / len(numbers))
    return figures


def choose(holds, drawn, read):
    """holds with the settings that read the most validation numbers whole (fewest inputs on ties);
    prints every setting's figures beside the reading without it."""

    def row(name, figures):
        cells = "  ".join(f"{100 * share:5.1f}% ({inputs:.2f})" for share, inputs in figures.values())
        print(f"{name:<22} {cells}", flush=True)

    print(f"{'':<22} " + "  ".join(f"{length}-digit {pad:<8}" for length, pad in drawn))
    row("every division read", number_figures(drawn, read, None))
    best = None
    for divide in GRID["divide"]:
        for several in GRID["several"]:
            holds.divide, holds.several = divide, several
            figures = number_figures(drawn, read, holds)
            row(f"divide {divide}, several {several}", figures)
            key = (np.mean([share for share, _ in figures.values()]), -np.mean([n for _, n in figures.values()]))
            if best is None or key > best[0]:
                best = (key, divide, several)
    holds.divide, holds.several = best[1:]
    return holds


def build(folder, numbers=NUMBERS, tune=False):
    """Fits (tune: and chooses the settings) and writes holds.json in the model's folder; returns the Holds."""
    read = ReadCache(reader(load_model(folder)))  # settings tried over the same drawings
    inputs, shapes, kinds = writers_pieces("train", numbers)
    features, _ = read(inputs)
    holds = fit(features, shapes, kinds)
    if tune:
        holds = choose(holds, validation_numbers(), read)
    data = {
        "model": weights_id(folder),
        "pen": BRUSH,  # the pieces' ink was drawn with the pad's pen: a new pen needs a new fit
        "kinds": KINDS,
        "divide": holds.divide,
        "several": holds.several,
        "aspect": np.round(holds.aspect, 6).tolist(),
        "bias": np.round(holds.bias, 6).tolist(),
        "weights": np.round(holds.weights, 6).tolist(),
        "pieces": {kind: int((kinds == i).sum()) for i, kind in enumerate(KINDS)},
    }
    (Path(folder) / HOLDS).write_text(json.dumps(data) + "\n")
    return holds


def load(folder):
    """The model's Holds, or None where it ships none."""
    path = Path(folder) / HOLDS
    return Holds.from_json(json.loads(path.read_text())) if path.is_file() else None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(model_dir()), help="the model's folder (default: the site's default)")
    parser.add_argument("--numbers", type=int, default=NUMBERS, help="training writers' numbers to fit on")
    parser.add_argument("--tune", action="store_true", help="choose the settings on the validation writers' numbers")
    args = parser.parse_args(argv)
    try:
        holds = build(args.model, args.numbers, args.tune)
    except unipen.DataError as err:
        sys.exit(f"error: {err}")
    print(f"chosen: divide {holds.divide}, several {holds.several}")


if __name__ == "__main__":
    main()
