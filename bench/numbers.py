"""Whole-number benchmark: generated pictures of numbers uploaded to the page.

    python -m bench.numbers [--count 1000] [--seed 0] [--gaps 3 11]

Each picture holds 2 to 6 MNIST test digits with random gaps, size and
polarity (build/synthetic.py; --gaps -3 0: digits that overlap and touch, as
written close); it goes through the page's real upload path
(decode in the browser, numpy in Pyodide, tfjs). Reports digit accuracy
(position by position, when the count of digits is right), whole-number
accuracy, and how often the count of digits is right. (Timings: bench/speed.py.)
"""

import argparse
import tempfile
from pathlib import Path

import numpy as np

from build import mnist
from build.pagedriver import ready_page
from build.synthetic import GAPS, png_bytes, random_number


def upload(driver, path):
    driver.after(lambda: driver.page.set_input_files("[data-testid=upload]", str(path)))
    return driver.prediction


def accuracy(pairs):
    digits = total = whole = count_right = 0
    for got, want in pairs:
        total += len(want)
        whole += got == want
        if len(got) == len(want):
            count_right += 1
            digits += sum(a == b for a, b in zip(got, want))
    n = len(pairs)
    return digits / total, whole / n, count_right / n


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--gaps", type=int, nargs=2, default=GAPS, metavar=("LEAST", "MOST"), help="pixels between digits (MNIST's)"
    )
    args = parser.parse_args(argv)
    images, labels = mnist.load("t10k")
    rng = np.random.default_rng(args.seed)
    with tempfile.TemporaryDirectory() as tmp, ready_page() as driver:
        pairs = []
        for i in range(args.count):
            rgba, expected = random_number(images, labels, rng, gaps=args.gaps)
            path = Path(tmp) / f"number{i % 2}.png"
            path.write_bytes(png_bytes(rgba))
            pairs.append((upload(driver, path), expected))

    digit_acc, number_acc, count_acc = accuracy(pairs)
    gaps = f"{args.gaps[0]} to {args.gaps[1]} pixels apart"
    print(f"pictures: {args.count} generated numbers (2-6 digits {gaps}, both polarities, seed {args.seed})")
    print(f"digit accuracy:        {100 * digit_acc:.2f}%")
    print(f"whole-number accuracy: {100 * number_acc:.2f}%")
    print(f"right count of digits: {100 * count_acc:.2f}%")


if __name__ == "__main__":
    main()
