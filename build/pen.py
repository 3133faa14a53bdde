"""The pad's pen width, chosen by measurement on UNIPEN's validation writers (never the test writers).

    python -m build.pen [--model www/models/mnist] [--singles 400] [--numbers 150] [--lengths 4 10] [--seed 0]

For each width, the writers' single digits and numbers of each length (build/handwriting.py) are
drawn as the pad draws them (build/render.py) on a desktop's and a phone's pad, and read as the page
reads them (py/touching.py and the exported model in Keras). A wide pen fills the loops of a number's
small digits, the more the longer the number (a 10-digit number across the pad is written a tenth of
its side high); a thin one is thickened back for a big digit and loses nothing, down to where a
phone's finger-drawn line gets too thin to see. bench/strokes.py then measures the chosen width in
the page itself, on the test writers.
"""

import argparse

import numpy as np

from build import holds, render, unipen
from build.export import load
from build.handwriting import PADS, drawings
from build.model import reader
from build.site import model_dir
from touching import read_digits

WIDTHS = [0.02, 0.025, 0.03, 0.04, 0.05, 0.08]
LENGTHS = (4, 10)  # numbers measured: the usual, and a phone number written across the pad


def reading(strokes, side, width, read, told=None):
    """The number the page would show for strokes drawn on a pad of `side` pixels with a pen of `width`
    (told: the model's holds.Holds)."""
    _, _, _, probabilities = read_digits(render.ink(strokes, side, width), read, holds=told)
    return "" if probabilities is None else "".join(str(d) for d in probabilities.argmax(axis=1))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(model_dir()))
    parser.add_argument("--singles", type=int, default=400)
    parser.add_argument("--numbers", type=int, default=150)
    parser.add_argument("--widths", type=float, nargs="+", default=WIDTHS)
    parser.add_argument("--lengths", type=int, nargs="+", default=LENGTHS, help="digits of the numbers measured")
    parser.add_argument("--seed", type=int, default=0, help="another drawing of the same writers (build/holds.py tunes on 0)")
    args = parser.parse_args(argv)
    read, told = reader(load(args.model)), holds.load(args.model)
    digits = unipen.digits_of("validation", quality=("OK",))
    digits = digits[:: max(1, len(digits) // args.singles)]
    lengths = " / ".join(f"{n}-digit" for n in args.lengths)
    print(f"validation writers: {min(args.singles, len(digits))} single digits, {args.numbers} numbers of each length")
    print("width  " + "  ".join(f"{pad:>8}: one / {lengths}" for pad in PADS))
    for width in args.widths:
        ones, _ = drawings(digits, args.singles, 0, args.seed, width)
        numbers = {n: drawings(digits, 0, args.numbers, args.seed, width, n)[1] for n in args.lengths}
        cells = []
        for side in PADS.values():
            shares = [np.mean([reading(s, side, width, read, told) == t for s, t in drawn])
                      for drawn in [ones, *numbers.values()]]
            cells.append(" / ".join(f"{100 * share:6.2f}%" for share in shares))
        print(f"{width:<6} " + "  ".join(cells), flush=True)


if __name__ == "__main__":
    main()
