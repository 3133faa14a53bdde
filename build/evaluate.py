"""Evaluate the exported model on the 10,000 MNIST test digits, in Keras and in the browser, and on
UNIPEN's test writers (people never seen in training or tuning) writing on the page.

    python -m build.evaluate [--model www/models/mnist] [--data DIR] [--numbers 200]

Both MNIST paths start from the same preprocessing (py/preprocess.py). Keras runs it
in CPython; the browser runs the exported tfjs model in headless Chromium with
the page's own Python doing the preprocessing in Pyodide. The test writers' digits and 4-digit
numbers are written on the same page with pointer events (bench/strokes.py). The figures, the
per-class accuracy, the confusion matrix and the training record go into
card.json next to the model, which the page shows under "About this model".
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

from build import mnist, unipen
from build.dataset import test as test_set
from build.export import load
from build.site import WWW, model_dir, staged_site, write_precache

MODEL = model_dir()
CHUNK = 1000  # images per call into the page
NUMBERS = 200  # the test writers' 4-digit numbers written on the page


def in_the_page(images, model_dir, numbers):
    """(N x 10 for the MNIST images, the test writers' figures) from the page in headless Chromium,
    deployed with `model_dir` as its model."""
    from bench import strokes
    from build.pagedriver import ready_page

    with tempfile.TemporaryDirectory() as tmp, ready_page(staged_site(model_dir, Path(tmp) / "www")) as driver:
        p = np.concatenate([driver.recognise_images(images[i : i + CHUNK]) for i in range(0, len(images), CHUNK)])
        return p, strokes.measure(driver, unipen.digits_of("test", quality=("OK",)), numbers=numbers)


def writers_card(figures):
    """What the model card keeps of bench/strokes.py's figures."""
    singles, numbers = figures["singles"], figures["numbers"]
    return {
        "writers": len(singles["per_writer"]),
        "digits": singles["n"],
        "accuracy": singles["accuracy"],
        "writer_mean": singles["writer_mean"],
        "per_class_accuracy": [singles["per_class"][str(c)]["accuracy"] for c in range(10)],
        "per_style": singles["per_style"],
        "numbers": numbers["n"],
        "length": numbers["length"],
        "number_accuracy": numbers["accuracy"],
        "brush": figures["brush"],
    }


def weight_info(model_dir):
    manifest = json.loads((model_dir / "model.json").read_text())["weightsManifest"]
    total = sum((model_dir / path).stat().st_size for group in manifest for path in group["paths"])
    dtypes = {w.get("quantization", {}).get("dtype", w["dtype"]) for group in manifest for w in group["weights"]}
    return total, "/".join(sorted(dtypes))


def evaluate(model_dir=MODEL, data_dir=None, limit=None, browser=True, numbers=NUMBERS):
    model_dir = Path(model_dir)
    images, labels = mnist.load("t10k", data_dir)
    x, y = test_set(data_dir, limit)
    images = images[: len(y)]
    model = load(model_dir)
    keras_p = model.predict(x, batch_size=500, verbose=0)
    predicted = keras_p.argmax(axis=1)
    confusion = np.zeros((10, 10), dtype=int)
    np.add.at(confusion, (y, predicted), 1)
    test = {
        "images": int(len(y)),
        "accuracy_keras": float((predicted == y).mean()),
        "per_class_accuracy": [float(confusion[d, d] / max(confusion[d].sum(), 1)) for d in range(10)],
        "confusion": confusion.tolist(),
    }
    if browser:
        browser_p, writers = in_the_page(images, model_dir, numbers)
        test["accuracy_browser"] = float((browser_p.argmax(axis=1) == y).mean())
        test["max_probability_difference"] = float(np.abs(browser_p - keras_p).max())
        test["same_answer"] = float((browser_p.argmax(axis=1) == predicted).mean())
    weight_bytes, dtype = weight_info(model_dir)
    training_file = model_dir / "training.json"
    training = json.loads(training_file.read_text()) if training_file.is_file() else {}
    training.pop("history", None)
    card = {
        "test": test,
        "parameters": int(model.count_params()),
        "weight_bytes": weight_bytes,
        "weight_dtype": dtype,
        "training": training,
        "data_sha256": {**mnist.checksums(), "unipen": unipen.SHA256},
    }
    if browser:
        card["writers"] = writers_card(writers)
    if browser and limit is None:
        (model_dir / "card.json").write_text(json.dumps(card, indent=1) + "\n")
        if model_dir.resolve() == MODEL.resolve():
            write_precache(WWW)  # the card is part of the site: a new version for the service worker
    return card


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(MODEL), help="folder with model.json (default: www/model)")
    parser.add_argument("--data", help="folder with the MNIST IDX files")
    parser.add_argument("--limit", type=int, help="only the first N test images (card.json is then not written)")
    parser.add_argument("--no-browser", action="store_true", help="Keras only")
    parser.add_argument("--numbers", type=int, default=NUMBERS, help="test writers' 4-digit numbers to write")
    args = parser.parse_args(argv)
    try:
        card = evaluate(args.model, args.data, args.limit, not args.no_browser, args.numbers)
    except (mnist.DataError, unipen.DataError) as err:
        sys.exit(f"error: {err}")
    t = card["test"]
    print(f"test images:        {t['images']}")
    print(f"accuracy (Keras):   {100 * t['accuracy_keras']:.2f}%")
    if "accuracy_browser" in t:
        print(f"accuracy (browser): {100 * t['accuracy_browser']:.2f}%")
        print(
            f"max |p_browser - p_keras|: {t['max_probability_difference']:.2e}; same answer: {100 * t['same_answer']:.2f}%"
        )
    print("per class:          " + " ".join(f"{d}:{100 * a:.2f}" for d, a in enumerate(t["per_class_accuracy"])))
    if "writers" in card:
        w = card["writers"]
        print(
            f"test writers ({w['writers']}, on the page): {100 * w['accuracy']:.2f}% of {w['digits']} digits, "
            f"{100 * w['number_accuracy']:.2f}% of {w['numbers']} {w['length']}-digit numbers"
        )
        print("  per class:        " + " ".join(f"{d}:{100 * a:.2f}" for d, a in enumerate(w["per_class_accuracy"])))
        print(
            "  per style:        "
            + ", ".join(f"{k} {100 * g['accuracy']:.1f}% ({g['n']})" for k, g in w["per_style"].items())
        )
    print(f"parameters: {card['parameters']:,}; weights: {card['weight_bytes']:,} bytes ({card['weight_dtype']})")


if __name__ == "__main__":
    main()
