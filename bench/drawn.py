"""Drawn-digits benchmark: MNIST test digits re-drawn on the page's canvas the way people draw.

    python -m bench.drawn [--count 1000] [--seed 0]

MNIST images are already normalised; a person's drawing is not. Each test
digit is enlarged, its strokes made thinner or thicker, and painted onto the
pad at a random size and position; the page then reads it through its full
path (canvas -> numpy in Pyodide -> tfjs). Reported next to the accuracy on
the same digits as MNIST gives them: a gap of more than half a point means the
preprocessing or the augmentation needs work.
"""

import argparse

import numpy as np
from build import mnist
from build.pagedriver import ready_page

UPSCALE = 4  # the digit is re-drawn at 112x112 before the browser scales it again
STROKE_STEPS = (-2, -1, 0, 1, 2, 3)  # thinner or thicker, in 1/4 MNIST pixels (1/112 of the digit)
SIDES = (0.25, 0.9)  # digit box as a fraction of the pad's side


def enlarge(image, factor=UPSCALE):
    """Bilinear enlargement of a 28x28 uint8 image."""
    n = image.shape[0]
    coords = (np.arange(n * factor) + 0.5) / factor - 0.5
    rows = np.array([np.interp(coords, np.arange(n), row) for row in image.astype(np.float32)])
    return np.array([np.interp(coords, np.arange(n), col) for col in rows.T]).T


def morph(image, steps):
    """Grey dilation (steps > 0) or erosion (steps < 0) with a 3x3 cross, |steps| times."""
    out = image
    for _ in range(abs(steps)):
        padded = np.pad(out, 1)
        shifted = [padded[1:-1, 1:-1], padded[:-2, 1:-1], padded[2:, 1:-1], padded[1:-1, :-2], padded[1:-1, 2:]]
        out = np.max(shifted, axis=0) if steps > 0 else np.min(shifted, axis=0)
    return out


def drawn_variant(image, rng):
    steps = int(rng.choice(STROKE_STEPS))
    big = np.clip(morph(enlarge(image), steps), 0, 255).astype(np.uint8)
    side = rng.uniform(*SIDES)
    left, top = rng.uniform(0, 1 - side, size=2)
    return big, (left, top, side), steps


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", help="folder with the MNIST IDX files")
    args = parser.parse_args(argv)
    images, labels = mnist.load("t10k", args.data)
    rng = np.random.default_rng(args.seed)
    pick = rng.choice(len(images), size=args.count, replace=False)
    with ready_page() as driver:
        plain = driver.recognise_images(images[pick]).argmax(axis=1) == labels[pick]
        drawn, steps, sides = [], [], []
        for index in pick:
            big, box, step = drawn_variant(images[index], rng)
            driver.show_image(big, box)
            drawn.append(driver.probabilities.argmax() == labels[index])
            steps.append(step)
            sides.append(box[2])
    drawn, steps, sides = np.array(drawn), np.array(steps), np.array(sides)
    print(f"digits: {args.count} MNIST test digits (seed {args.seed})")
    print(f"accuracy as MNIST gives them:    {100 * plain.mean():.2f}%")
    print(
        f"accuracy re-drawn on the canvas: {100 * drawn.mean():.2f}%  (gap {100 * (plain.mean() - drawn.mean()):+.2f} points)"
    )
    for step in STROKE_STEPS:
        chosen = steps == step
        print(f"  stroke {step:+d}/4 px: {100 * drawn[chosen].mean():6.2f}%  ({chosen.sum()} digits)")
    for low, high in ((0.25, 0.45), (0.45, 0.7), (0.7, 0.9)):
        chosen = (sides >= low) & (sides < high)
        print(f"  size {low:.2f}-{high:.2f} of pad: {100 * drawn[chosen].mean():6.2f}%  ({chosen.sum()} digits)")


if __name__ == "__main__":
    main()
