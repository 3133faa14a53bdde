"""MNIST as the model sees it: every image passed through the page's preprocessing.

Training and evaluation both use py/preprocess.py, so the model learns exactly
the input distribution that the browser produces.
"""

import numpy as np

import build  # noqa: F401  (puts py/ on the path)
from build import mnist
from contract import SIDE
from preprocess import from_mnist_image

VALIDATION = 5000  # training images held out to choose the checkpoint
SEED = 1  # the shipped model's: it draws this split and the training's random state (build/train.py)


def preprocess_all(images):
    """N x 28 x 28 x 1 float32; an empty image stays empty."""
    out = np.zeros((len(images), SIDE, SIDE, 1), dtype=np.float32)
    for i, image in enumerate(images):
        digit = from_mnist_image(image)
        if digit is not None:
            out[i, ..., 0] = digit
    return out


def split(count, seed=0, limit=None):
    """(training, validation) indices into the 60k training images: a seeded split (limit: of the first
    `limit` of a seeded order)."""
    order = np.random.default_rng(seed).permutation(count)
    if limit:
        order = order[:limit]
    n_val = min(VALIDATION, len(order) // 10)
    return order[n_val:], order[:n_val]


def mnist_side(side, directory=None, seed=SEED):
    """(images, labels) of the model's `side` ("train" or "validation") of MNIST's training images."""
    images, labels = mnist.load("train", directory)
    chosen = dict(zip(("train", "validation"), split(len(images), seed)))[side]
    return images[chosen], labels[chosen]


def train_validation(directory=None, seed=0, limit=None):
    """(x_train, y_train, x_val, y_val): a seeded split of the 60k training images."""
    images, labels = mnist.load("train", directory)
    training, validation = split(len(images), seed, limit)
    return (
        preprocess_all(images[training]),
        labels[training].astype(np.int64),
        preprocess_all(images[validation]),
        labels[validation].astype(np.int64),
    )


def test(directory=None, limit=None):
    images, labels = mnist.load("t10k", directory)
    if limit:
        images, labels = images[:limit], labels[:limit]
    return preprocess_all(images), labels.astype(np.int64)
