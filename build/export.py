"""Export a trained Keras model to the tfjs layers format the page loads.

What ships is the network in its reading form (`reading_form`): each batch
normalisation folded into its convolution's kernel and bias, each ReLU into
the convolution, no Dropout. The same function of the input, but tfjs runs one
fused kernel per convolution instead of three layers: a digit reads about a
quarter faster in the page.

Weights are stored as float16 (half the bytes, no measurable accuracy loss).
The trained model is rounded to float16 before folding and the folded one
again after, so that a model loaded back (evaluation, re-export) folds to the
same weights, and Keras in CPython and tfjs in the browser compute with
identical ones.
"""

import json
from pathlib import Path

import numpy as np

from build.tf_env import keras  # legacy Keras, imported before tensorflowjs

import tensorflowjs as tfjs  # noqa: E402


def round_to_float16(model):
    model.set_weights([w.astype(np.float16).astype(np.float32) for w in model.get_weights()])


def reading_form(model):
    """The same chain of layers for reading only: Conv2D -> BatchNormalization -> ReLU becomes one
    Conv2D with a bias and a relu activation (y = relu(s * (conv(x) - mean) + beta), s = gamma /
    sqrt(var + eps)), and Dropout (the identity when reading) goes. Names are kept (the page finds
    the head by name); a model already in this form comes back unchanged."""
    layers = [layer for layer in model.layers[1:] if not isinstance(layer, keras.layers.Dropout)]
    x = inputs = keras.Input(model.inputs[0].shape[1:], name=model.layers[0].name)
    weights = []
    while layers:
        layer = layers.pop(0)
        config, values = layer.get_config(), layer.get_weights()
        if isinstance(layer, keras.layers.Conv2D) and layers and isinstance(layers[0], keras.layers.BatchNormalization):
            norm, relu = layers.pop(0), layers.pop(0)
            if not isinstance(relu, keras.layers.ReLU) or layer.use_bias or config["activation"] != "linear":
                raise ValueError(f"{layer.name}: only a bias-free Conv2D -> BatchNormalization -> ReLU folds")
            gamma, beta, mean, var = norm.get_weights()
            scale = gamma / np.sqrt(var + norm.epsilon)
            config.update(use_bias=True, activation="relu")
            values = [values[0] * scale, beta - mean * scale]
        new = type(layer).from_config(config)
        x = new(x)
        weights.append((new, values))
    reader = keras.Model(inputs, x, name=model.name)
    for layer, values in weights:
        layer.set_weights(values)
    return reader


def export(model, out, record):
    """Write the model's reading form, float16, to `out` with the training record; returns what was
    written, as a Keras model."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("group*-shard*"):
        old.unlink()
    round_to_float16(model)
    shipped = reading_form(model)
    round_to_float16(shipped)
    tfjs.converters.save_keras_model(shipped, str(out), quantization_dtype_map={"float16": "*"})
    (out / "training.json").write_text(json.dumps(record, indent=1) + "\n")
    return shipped


def load(out):
    """The exported model back in Keras: what evaluation and parity tests check is what ships."""
    return tfjs.converters.load_keras_model(str(Path(out) / "model.json"))
