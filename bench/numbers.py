"""Whole-number benchmark: generated pictures of numbers uploaded to the page, and timings.

    python -m bench.numbers [--count 1000] [--seed 0]

Each picture holds 2 to 6 MNIST test digits with random gaps, size and
polarity (build/synthetic.py); it goes through the page's real upload path
(decode in the browser, numpy in Pyodide, tfjs). Reports digit accuracy
(position by position, when the count of digits is right), whole-number
accuracy, and how often the count of digits is right; then the time to
recognise a 4-digit drawing and a 12-megapixel photo.
"""

import argparse
import statistics
import tempfile
from pathlib import Path

import numpy as np
from build import mnist
from build.pagedriver import ready_page
from build.synthetic import number_image, png_bytes, random_number

DURATION = "(name) => performance.getEntriesByName(name).at(-1).duration"
DRAWN = [  # a 4-digit number as pen strokes: 1, 9, 7, 0
    ([[(0.5, 0.05), (0.5, 0.95)]], 0.02),
    ([[(0.8, 0.3), (0.5, 0.05), (0.2, 0.3), (0.5, 0.5), (0.8, 0.3), (0.75, 0.95)]], 0.27),
    ([[(0.15, 0.1), (0.85, 0.1), (0.4, 0.95)]], 0.52),
    ([[(0.5, 0.05), (0.15, 0.5), (0.5, 0.95), (0.85, 0.5), (0.5, 0.05)]], 0.76),
]


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
    parser.add_argument("--timings", type=int, default=5, help="repeats of each timed recognition")
    args = parser.parse_args(argv)
    images, labels = mnist.load("t10k")
    rng = np.random.default_rng(args.seed)
    with tempfile.TemporaryDirectory() as tmp, ready_page() as driver:
        page = driver.page
        pairs = []
        for i in range(args.count):
            rgba, expected = random_number(images, labels, rng)
            path = Path(tmp) / f"number{i % 2}.png"
            path.write_bytes(png_bytes(rgba))
            pairs.append((upload(driver, path), expected))

        drawing, photo = [], []
        for _ in range(args.timings):
            driver.click("clear")
            for strokes, left in DRAWN:
                driver.draw(strokes, box=(left, 0.35, 0.22))
            drawing.append(page.evaluate(DURATION, "recognition"))
        # 12 megapixels: a 4-digit number written large on a 4000 x 3000 sheet of paper.
        sheet = np.full((3000, 4000), 232, dtype=np.uint8)
        number = number_image(images[:4], gaps=[8, 8, 8], scale=20)[..., 0]
        sheet[900 : 900 + number.shape[0], 600 : 600 + number.shape[1]] = number
        big = Path(tmp) / "photo-12mp.png"
        big.write_bytes(png_bytes(sheet))
        for _ in range(args.timings):
            driver.click("clear")
            upload(driver, big)
            photo.append(page.evaluate(DURATION, "decode") + page.evaluate(DURATION, "recognition"))
    digit_acc, number_acc, count_acc = accuracy(pairs)
    print(f"pictures: {args.count} generated numbers (2-6 digits, both polarities, seed {args.seed})")
    print(f"digit accuracy:        {100 * digit_acc:.2f}%")
    print(f"whole-number accuracy: {100 * number_acc:.2f}%")
    print(f"right count of digits: {100 * count_acc:.2f}%")
    print(f"4-digit drawing:       {statistics.median(drawing):.1f} ms (median of {args.timings}, pixels to result)")
    print(f"12-megapixel photo:    {statistics.median(photo):.1f} ms (median of {args.timings}, decode to result)")


if __name__ == "__main__":
    main()
