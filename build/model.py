"""The shipped CNN: small, batch-normalised, with learned (strided) downsampling.

Shaped after Chris Deotte's MNIST CNN (the best-published small single model):
two blocks of conv-conv-strided conv, then a 4x4 conv to one 128-vector.
About 327k parameters; shipped with each batch normalisation folded into its convolution
(build/export.py), 326k: 651 KB of float16 weights.
"""

import numpy as np

from build.tf_env import keras
from contract import CLASSES, HEAD, SIDE

L = keras.layers
BATCH = 1024  # inputs read in one call: the build reads thousands at once, and a call's memory grows with them


def conv_bn(x, filters, kernel, strides=1, padding="valid"):
    x = L.Conv2D(filters, kernel, strides=strides, padding=padding, use_bias=False)(x)
    x = L.BatchNormalization()(x)
    return L.ReLU()(x)


def build_model(widths=(32, 64), head=128, dropout=0.3):
    inputs = keras.Input((SIDE, SIDE, 1), name="digit")
    x = inputs
    for width in widths:
        x = conv_bn(x, width, 3)
        x = conv_bn(x, width, 3)
        x = conv_bn(x, width, 5, strides=2, padding="same")
        x = L.Dropout(dropout)(x)
    x = conv_bn(x, head, 4)
    x = L.Flatten()(x)
    x = L.Dropout(dropout)(x)
    outputs = L.Dense(CLASSES, activation="softmax", name=HEAD)(x)
    return keras.Model(inputs, outputs, name="digit_cnn")


def feature_model(model):
    """The model with two outputs, as the page builds it (js/model.js): its features (the last
    layer's input, what personal adaptation uses) and its probabilities."""
    return keras.Model(model.inputs, [model.get_layer(HEAD).input, model.output])


def reader(model):
    """The model as py/touching.read_digits calls it: N x 28 x 28 -> (features, probabilities), BATCH at a time."""
    net = feature_model(model)

    def read(inputs):
        calls = [net(inputs[i : i + BATCH, ..., None], training=False) for i in range(0, max(len(inputs), 1), BATCH)]
        return [np.concatenate([call[k].numpy() for call in calls]) for k in range(2)]

    return read
