"""What personal adaptation (py/adapt.py) needs of a model, written beside it as adaptation.json.

    python -m build.adaptation [--model www/models/mnist] [--tune]

The mean feature over MNIST's training digits and each class's prototype, computed with the
exported model (what ships; build/train.py writes them too, for a model it trains); kappa and scale,
then near and width, chosen by --tune on the validation writers of UNIPEN (build/unipen.py: never
the test writers): each writer writes their digits in order, drawn as on the page's pads, and
corrects every misread one, as a person would. Rerun it after training: the features, and so the
settings that are safe, change with the weights.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np

import preprocess
from adapt import Adaptation, Corrections, unit_rows
from build import handwriting, mnist, render, unipen
from build.dataset import mnist_side, preprocess_all
from build.export import load
from build.model import feature_model
from build.site import model_dir, weights_id
from contract import ADAPTATION, BRUSH, CLASSES, SIDE

KAPPA, SCALE, NEAR, WIDTH = 32.0, 48.0, 4.0, 0.04  # chosen by --tune on the validation writers (the README's tables)
GRID = {"kappa": [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0], "scale": [4.0, 8.0, 16.0, 24.0, 32.0, 48.0, 64.0]}
NEAR_GRID = {"near": [2.0, 4.0, 8.0, 16.0], "width": [0.01, 0.02, 0.04]}  # tried with the kappa and scale kept
SLIPS = 3  # clear digits of each class given each wrong label, one at a time, by a slip of the finger
ROUNDS = 3  # times each validation writer writes all their digits on each pad (the model alone misreads 1-2%)
COST = 0.002  # the most MNIST accuracy one writer's corrections may take away (bench/personal.py's target)


def statistics(model, inputs, labels, with_features=False):
    """(mean feature, unit class prototypes) over digits the model was trained on
    (and their features and probabilities, with_features)."""
    features, probabilities = feature_model(model).predict(inputs, batch_size=500, verbose=0)
    mean = features.mean(axis=0)
    g = unit_rows(features - mean)
    prototypes = unit_rows(np.stack([g[labels == c].mean(axis=0) for c in range(CLASSES)]))
    return (mean, prototypes, features, probabilities) if with_features else (mean, prototypes)


def slips(adaptation, features, probabilities, labels):
    """The largest share of a class's clear digits (MNIST's) that one wrong correction turns
    into the wrong label: each of the class's first SLIPS clear digits given each wrong label."""
    worst = 0.0
    for true in range(CLASSES):
        clear = np.flatnonzero((labels == true) & (probabilities[:, true] > 0.99))
        for slip in clear[:SLIPS]:
            others = clear[clear != slip]
            for wrong in sorted(set(range(CLASSES)) - {true}):
                corrections = Corrections(adaptation)
                corrections.add(features[slip], wrong)
                answers = corrections.apply(probabilities[others], features[others]).argmax(axis=1)
                worst = max(worst, float((answers == wrong).mean()))
    return worst


def drawn_inputs(digits, seed, side):
    """The 28x28 input of each pen-written digit written alone on a pad of `side` pixels with the pad's pen,
    at a size and place a person might (build/handwriting.py's drawing `seed`); zeros where it is blank."""
    ones, _ = handwriting.drawings(digits, len(digits), 0, seed, BRUSH)
    inputs = np.zeros((len(digits), SIDE, SIDE, 1), dtype=np.float32)
    for i, (strokes, _) in enumerate(ones):
        image = preprocess.digit_input(render.ink(strokes, side, BRUSH))
        if image is not None:
            inputs[i, ..., 0] = image
    return inputs


def replay(adaptation, features, probabilities, labels):
    """A writer's digits in order, each misread one corrected: (base right, adapted right, corrections before)."""
    corrections = Corrections(adaptation)
    base, adapted, before = [], [], []
    for f, p, label in zip(features, probabilities, labels):
        answer = int(corrections.apply(p[None], f[None]).argmax())
        base.append(int(p.argmax()) == label)
        adapted.append(answer == label)
        before.append(len(corrections))
        if answer != label:
            corrections.add(f, label)
    return np.array(base), np.array(adapted), np.array(before)


def score(results):
    """(error reduction over every digit of every writer, each read with the corrections made before
    it; the largest accuracy loss of one writer). Few validation writers make five corrections, so
    the reduction counts from the first one: the benchmark measures the target itself."""
    base_errors = adapted_errors = 0
    worst = 0.0
    for base, adapted, _ in results:
        worst = max(worst, base.mean() - adapted.mean())
        base_errors += (~base).sum()
        adapted_errors += (~adapted).sum()
    return 1 - adapted_errors / max(base_errors, 1), worst


def writers_features(model, side, unipen_dir=None, rounds=ROUNDS):
    """{writer: (features, probabilities, labels)} for one side of the writer split: each writer writes all
    their digits in order, on the desktop's pad then the phone's, `rounds` times over, as a
    person goes on writing in their own style."""
    net = feature_model(model)
    digits = unipen.digits_of(side, unipen_dir, quality=("OK",))
    labels = np.array([d["label"] for d in digits])
    writers = np.array([d["writer"] for d in digits])
    drawn = [
        net.predict(drawn_inputs(digits, seed, pad), batch_size=500, verbose=0)
        for seed in range(rounds)
        for pad in handwriting.PADS.values()
    ]
    out = {}
    for writer in dict.fromkeys(writers):
        mine = writers == writer
        out[writer] = tuple(np.concatenate(part) for part in zip(*[(f[mine], p[mine], labels[mine]) for f, p in drawn]))
    return out


def cost(adaptation, writers, replays, held_out):
    """The most MNIST accuracy that one writer's corrections take away: those each validation writer made
    writing their digits once (on the desktop's pad), over held_out (features, probabilities, labels)."""
    features, probabilities, labels = held_out
    alone = np.mean(probabilities.argmax(axis=1) == labels)
    worst = 0.0
    for (f, _, y), (_, adapted, _) in zip(writers.values(), replays):
        wrong = np.flatnonzero(~adapted[: len(y) // (ROUNDS * len(handwriting.PADS))])
        if wrong.size:
            corrections = Corrections(adaptation)
            corrections.replace(f[wrong], y[wrong])
            worst = max(worst, alone - np.mean(corrections.apply(probabilities, features).argmax(axis=1) == labels))
    return worst


def tune(model, mnist_train, held_out, unipen_dir=None):
    """(settings, mean, prototypes): kappa and scale chosen first (without the nearest correction), then near
    and width with them, each the fewest errors on the validation writers among the settings where no writer
    loses more than a point, one wrong correction turns at most 0.5% of a class's clear digits, and one
    writer's corrections cost at most COST of MNIST's held-out images (held_out: images, labels)."""
    mean, prototypes, features, probabilities = statistics(model, *mnist_train, with_features=True)
    held_out = (*feature_model(model).predict(held_out[0], batch_size=500, verbose=0), held_out[1])
    writers = writers_features(model, "validation", unipen_dir)
    base = np.concatenate([p.argmax(axis=1) == y for _, p, y in writers.values()])
    print(
        f"{len(writers)} validation writers, {len(base)} digits written ({ROUNDS} times on each pad), "
        f"base accuracy {100 * base.mean():.2f}%"
    )
    settings = [dict(kappa=k, scale=s, near=0.0, width=1.0) for k in GRID["kappa"] for s in GRID["scale"]]
    kept = chosen(settings, mean, prototypes, writers, (features, probabilities, mnist_train[1]), held_out)
    # The first stage's choice (near 0: any width reads the same) stays a candidate.
    settings = [kept] + [{**kept, "near": n, "width": w} for n in NEAR_GRID["near"] for w in NEAR_GRID["width"]]
    kept = chosen(settings, mean, prototypes, writers, (features, probabilities, mnist_train[1]), held_out)
    return kept, mean, prototypes


def chosen(settings, mean, prototypes, writers, clear, held_out):
    """Of settings (Adaptation's keyword arguments), the one with the fewest errors on the validation
    writers among those that pass tune's checks (ties: the fewer slips, then the smaller scale and near,
    the less the corrections overrule the model); prints each one's figures. clear: MNIST training digits'
    (features, probabilities, labels), for slips."""
    table = []
    for setting in settings:
        adaptation = Adaptation(mean, prototypes, **setting)
        replays = [replay(adaptation, *w) for w in writers.values()]
        reduction, worst = score(replays)
        slip = slips(adaptation, *clear)
        taken = cost(adaptation, writers, replays, held_out)
        table.append((setting, reduction, worst, slip, taken))
        print(
            ", ".join(f"{k} {v:g}" for k, v in setting.items())
            + f": errors {-100 * reduction:+6.1f}%, worst writer {-100 * worst:+.1f} points, "
            f"one slip turns {100 * slip:.2f}% of a class, "
            f"one writer's corrections cost MNIST {100 * taken:.2f} points",
            flush=True,
        )
    safe = [row for row in table if row[2] <= 0.01 and row[3] <= 0.005 and row[4] <= COST + 1e-9]
    best = max(safe, key=lambda row: (round(row[1], 6), -row[3], -row[0]["scale"], -row[0]["near"]))
    return best[0]


def write(folder, mean, prototypes, settings=None):
    """adaptation.json: the statistics and settings (Adaptation's keyword arguments; default: the chosen ones)."""
    settings = settings or dict(kappa=KAPPA, scale=SCALE, near=NEAR, width=WIDTH)
    data = {
        "model": weights_id(folder),  # corrections record it: features are recomputed for another model
        **settings,
        "mean": [round(float(v), 5) for v in mean],
        "prototypes": [[round(float(v), 5) for v in row] for row in prototypes],
    }
    (Path(folder) / ADAPTATION).write_text(json.dumps(data) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(model_dir()), help="the model's folder (default: the site's default)")
    parser.add_argument("--data", help="folder with the MNIST IDX files")
    parser.add_argument("--unipen", help="folder with the UNIPEN file (for --tune)")
    parser.add_argument("--tune", action="store_true", help="choose kappa and scale on UNIPEN's validation writers")
    args = parser.parse_args(argv)
    try:
        model = load(args.model)
        images, labels = mnist.load("train", args.data)
        if args.tune:
            held_out = mnist_side("validation", args.data)
            settings, mean, prototypes = tune(
                model, (preprocess_all(images), labels), (preprocess_all(held_out[0]), held_out[1]), args.unipen
            )
            print("chosen: " + ", ".join(f"{k} {v:g}" for k, v in settings.items()))
        else:
            settings = None
            mean, prototypes = statistics(model, preprocess_all(images), labels)
    except (mnist.DataError, unipen.DataError) as err:
        sys.exit(f"error: {err}")
    write(args.model, mean, prototypes, settings)


if __name__ == "__main__":
    main()
