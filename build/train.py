"""Train the digit CNN on MNIST and real pen strokes, and export it for the page.

    python -m build.train                 # the shipped model (about 28 min on 2 cores)
    python -m build.train --epochs 1 --limit 3000 --out /tmp/m   # a quick smoke run

Training sees MNIST's training images and UNIPEN's training writers' digits drawn as the pad draws
them (build/stroke_digits.py), a new drawing of each per variant. The checkpoint is chosen on
held-out MNIST training images and UNIPEN's validation writers together; the test images and the
test writers are never looked at here (build/evaluate.py and bench/strokes.py do that). Beside the
model go what personal adaptation needs (build/adaptation.py) and what tells the pieces of a number
apart (build/holds.py, about 3 more minutes).
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from build import adaptation, handwriting, holds, mnist, stroke_digits, unipen
from build.augment import augment
from build.dataset import SEED, train_validation
from build.export import export
from build.model import build_model
from build.site import model_dir
from build.tf_env import keras, tf

# Plain config, nanoGPT style: the defaults are the shipped model's settings.
EPOCHS = 10
BATCH = 128
PEAK_LR = 3e-3
WARMUP_EPOCHS = 1
STROKE_VARIANTS = 3  # drawings of each training writer's digit (about 27k, beside MNIST's 55k)
VALIDATION_VARIANTS = 2
OUT = model_dir()


class OneCycle(keras.optimizers.schedules.LearningRateSchedule):
    """Linear warm-up to the peak rate, then cosine decay to zero."""

    def __init__(self, peak, warmup_steps, total_steps):
        self.peak, self.warmup, self.total = peak, warmup_steps, total_steps

    def __call__(self, step):
        step = tf.cast(step, tf.float32)
        warm = self.peak * (step + 1.0) / self.warmup
        progress = (step - self.warmup) / max(1.0, self.total - self.warmup)
        cosine = 0.5 * self.peak * (1.0 + tf.cos(np.pi * tf.minimum(progress, 1.0)))
        return tf.where(step < self.warmup, warm, cosine)

    def get_config(self):
        return {"peak": self.peak, "warmup_steps": self.warmup, "total_steps": self.total}


class KeepBest(keras.callbacks.Callback):
    """Restore the weights of the epoch with the best mean of MNIST's and the validation writers'
    accuracy (latest on ties); the writers' accuracy is logged as val_strokes_accuracy."""

    def __init__(self, x_strokes, y_strokes):
        super().__init__()
        self.strokes = (x_strokes, y_strokes)
        self.best, self.best_epoch, self.weights = -1.0, None, None

    def on_epoch_end(self, epoch, logs=None):
        x, y = self.strokes
        logs["val_strokes_accuracy"] = float(np.mean(self.model.predict(x, verbose=0).argmax(axis=1) == y))
        score = (logs["val_accuracy"] + logs["val_strokes_accuracy"]) / 2
        if score >= self.best:
            self.best, self.best_epoch = score, epoch + 1
            self.weights = self.model.get_weights()

    def on_train_end(self, logs=None):
        self.model.set_weights(self.weights)


def plausible(digit):
    """Not one of the unchecked UNIPEN samples cut wrong (several digits under one label: far too wide)."""
    return digit["quality"] == "OK" or (len(digit["strokes"]) <= 3 and handwriting.aspect(digit["strokes"]) <= 1.6)


def stroke_sets(seed, limit=None):
    """(x_train, y_train, x_val, y_val): training writers' digits (checked or plausible) and
    validation writers' checked digits, drawn as on the pad."""
    train = [d for d in unipen.digits_of("train") if plausible(d)][:limit]
    validation = unipen.digits_of("validation", quality=("OK",))[:limit]
    return (
        *stroke_digits.images(train, STROKE_VARIANTS, seed),
        *stroke_digits.images(validation, VALIDATION_VARIANTS, seed + 1),
    )


def batches(x, y, seed):
    data = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    data = data.batch(BATCH).map(lambda a, b: (augment(a), b), num_parallel_calls=tf.data.AUTOTUNE)
    return data.prefetch(tf.data.AUTOTUNE)


def train(data_dir=None, epochs=EPOCHS, limit=None, seed=SEED, out=OUT):
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()  # same seed, same model, on the same machine
    x_mnist, y_mnist, x_val, y_val = train_validation(data_dir, seed=seed, limit=limit)
    drawing = time.time()
    x_pen, y_pen, x_pen_val, y_pen_val = stroke_sets(seed, limit and limit // 10)
    drawing = time.time() - drawing
    x_train, y_train = np.concatenate([x_mnist, x_pen]), np.concatenate([y_mnist, y_pen])
    steps = int(np.ceil(len(x_train) / BATCH))
    model = build_model()
    schedule = OneCycle(PEAK_LR, WARMUP_EPOCHS * steps, epochs * steps)
    model.compile(keras.optimizers.Adam(schedule), "sparse_categorical_crossentropy", metrics=["accuracy"])
    best = KeepBest(x_pen_val, y_pen_val)
    started = time.time()
    history = model.fit(
        batches(x_train, y_train, seed),
        epochs=epochs,
        validation_data=(x_val, y_val),
        callbacks=[best],
        verbose=1 if sys.stdout.isatty() else 2,
    )
    seconds = time.time() - started
    record = {
        "epochs": epochs,
        "chosen_epoch": best.best_epoch,
        "validation_score": round(float(best.best), 5),
        "validation_score_is": "mean of MNIST validation accuracy and validation writers' accuracy",
        "train_images": int(len(x_train)),
        "train_pen_drawings": int(len(x_pen)),
        "stroke_variants": STROKE_VARIANTS,
        "validation_images": int(len(x_val)),
        "validation_pen_drawings": int(len(x_pen_val)),
        "batch_size": BATCH,
        "optimizer": f"Adam, one-cycle: {WARMUP_EPOCHS} warm-up epoch to {PEAK_LR}, cosine to 0",
        "augmentation": "pen strokes: slant, rotation, width, size in pixels, brush width, pixel phase "
        "(build/stroke_digits.py); all: rotation, zoom, aspect, shear, shift, stroke thickening/thinning (build/augment.py)",
        "seed": seed,
        "training_seconds": round(seconds, 1),
        "drawing_seconds": round(drawing, 1),
        "history": {k: [round(float(v), 5) for v in vs] for k, vs in history.history.items()},
        "data_sha256": {**mnist.checksums(), "unipen": unipen.SHA256},
    }
    shipped = export(model, Path(out), record)
    # Over MNIST's training images, as `python -m build.adaptation` computes them (and tunes with them).
    adaptation.write(
        out, *adaptation.statistics(shipped, np.concatenate([x_mnist, x_val]), np.concatenate([y_mnist, y_val]))
    )
    holds.build(out, numbers=limit // 10 if limit else holds.NUMBERS)
    return model, record


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--data", help="folder with the MNIST IDX files (default: $MNIST_DIR or ../shared/datasets/mnist)"
    )
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--limit", type=int, help="use only this many training images (smoke runs)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", default=str(OUT), help="folder for the tfjs model (default: the site's default model)")
    args = parser.parse_args(argv)
    try:
        _, record = train(args.data, args.epochs, args.limit, args.seed, args.out)
    except (mnist.DataError, unipen.DataError) as err:
        sys.exit(f"error: {err}")
    print(json.dumps({k: record[k] for k in ("chosen_epoch", "validation_score", "training_seconds")}))


if __name__ == "__main__":
    main()
