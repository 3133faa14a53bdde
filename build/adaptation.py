"""What personal adaptation (py/adapt.py) needs of a model, written beside it as adaptation.json.

    python -m build.adaptation [--model www/models/mnist] [--tune]

The mean feature over MNIST's training digits and each class's prototype, computed with the
exported model (what ships; build/train.py writes them too, for a model it trains); kappa and scale, chosen by --tune on the validation writers of UNIPEN
(build/unipen.py: never the test writers) by replaying each writer's digits in order and
correcting every misread one, as a person would.
"""

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

import preprocess
from adapt import Adaptation, Corrections, unit_rows
from build import mnist, unipen
from build.dataset import preprocess_all
from build.export import load
from build.render import render
from build.site import model_dir
from build.tf_env import keras
from contract import ADAPTATION, CLASSES, HEAD, SIDE

KAPPA, SCALE = 2.0, 12.0  # the shipped settings: chosen by --tune on the validation writers (see the README)
GRID = {"kappa": [1.0, 2.0, 4.0, 8.0], "scale": [2.0, 4.0, 8.0, 12.0, 16.0]}
FIRST = 5  # the targets count errors after each writer's first corrections
PAD = 280  # pixels a side of the pad the tuning draws on


def feature_model(model):
    """The model with two outputs: its features (the last layer's input) and its probabilities."""
    return keras.Model(model.inputs, [model.get_layer(HEAD).input, model.output])


def statistics(model, inputs, labels):
    """(mean feature, unit class prototypes) over digits the model was trained on."""
    features, _ = feature_model(model).predict(inputs, batch_size=500, verbose=0)
    mean = features.mean(axis=0)
    g = unit_rows(features - mean)
    prototypes = unit_rows(np.stack([g[labels == c].mean(axis=0) for c in range(CLASSES)]))
    return mean, prototypes


def drawn_inputs(digits):
    """The 28x28 input of each pen-written digit drawn on a pad-sized canvas (None where it is blank)."""
    inputs = np.zeros((len(digits), SIDE, SIDE, 1), dtype=np.float32)
    for i, digit in enumerate(digits):
        strokes = unipen.fit_to_box(digit["strokes"], (0, 0, 1))
        image = preprocess.to_mnist(preprocess.ink_from_rgba(render([(strokes, (0.15, 0.15, 0.7))], (PAD, PAD))))
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
    """(error reduction on the digits after each writer's first corrections, summed over writers;
    the largest accuracy loss of one writer; how many writers had that many corrections)."""
    base_errors = adapted_errors = writers = 0
    worst = 0.0
    for base, adapted, before in results:
        worst = max(worst, base.mean() - adapted.mean())
        later = before >= FIRST
        writers += bool(later.any())
        base_errors += (~base[later]).sum()
        adapted_errors += (~adapted[later]).sum()
    return 1 - adapted_errors / max(base_errors, 1), worst, writers


def writers_features(model, side, unipen_dir=None):
    """{writer: (features, probabilities, labels)} for one side of the writer split."""
    net = feature_model(model)
    out = {}
    for writer, digits in unipen.by_writer(unipen.digits_of(side, unipen_dir, quality=("OK",))).items():
        features, probabilities = net.predict(drawn_inputs(digits), batch_size=500, verbose=0)
        out[writer] = (features, probabilities, np.array([d["label"] for d in digits]))
    return out


def tune(model, mean, prototypes, unipen_dir=None):
    writers = writers_features(model, "validation", unipen_dir)
    base = np.concatenate([p.argmax(axis=1) == y for _, p, y in writers.values()])
    print(f"{len(writers)} validation writers, {len(base)} digits, base accuracy {100 * base.mean():.1f}%")
    table = []
    for kappa in GRID["kappa"]:
        for scale in GRID["scale"]:
            adaptation = Adaptation(mean, prototypes, kappa, scale)
            reduction, worst, n = score([replay(adaptation, *w) for w in writers.values()])
            table.append((kappa, scale, reduction, worst, n))
            print(
                f"kappa {kappa:4.1f} scale {scale:5.1f}: error -{100 * reduction:5.1f}% on {n} writers, "
                f"worst writer {-100 * worst:+.1f} points",
                flush=True,
            )
    return max((row for row in table if row[3] <= 0.01), key=lambda row: row[2])


def weights_id(folder):
    digest = hashlib.sha256()
    for path in sorted(Path(folder).glob("group*-shard*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def write(folder, mean, prototypes, kappa=KAPPA, scale=SCALE):
    data = {
        "model": weights_id(folder),  # corrections record it: features are recomputed for another model
        "kappa": kappa,
        "scale": scale,
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
        mean, prototypes = statistics(model, preprocess_all(images), labels)
        kappa, scale = KAPPA, SCALE
        if args.tune:
            kappa, scale, reduction, worst, n = tune(model, mean, prototypes, args.unipen)
            print(f"chosen: kappa {kappa}, scale {scale} (error -{100 * reduction:.1f}%, worst {-100 * worst:+.1f})")
    except (mnist.DataError, unipen.DataError) as err:
        sys.exit(f"error: {err}")
    write(args.model, mean, prototypes, kappa, scale)


if __name__ == "__main__":
    main()
