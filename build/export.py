"""Export a trained Keras model to the tfjs layers format the page loads.

Weights are stored as float16 (half the bytes, no measurable accuracy loss).
The Keras model is rounded to the same float16 values first, so that Keras in
CPython and tfjs in the browser compute with identical weights.
"""

import json
from pathlib import Path

import numpy as np

from build.tf_env import keras  # noqa: F401  (legacy Keras before tensorflowjs)

import tensorflowjs as tfjs  # noqa: E402


def round_to_float16(model):
    model.set_weights([w.astype(np.float16).astype(np.float32) for w in model.get_weights()])


def export(model, out, record):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("group*-shard*"):
        old.unlink()
    round_to_float16(model)
    tfjs.converters.save_keras_model(model, str(out), quantization_dtype_map={"float16": "*"})
    (out / "training.json").write_text(json.dumps(record, indent=1) + "\n")


def load(out):
    """The exported model back in Keras: what evaluation and parity tests check is what ships."""
    return tfjs.converters.load_keras_model(str(Path(out) / "model.json"))
