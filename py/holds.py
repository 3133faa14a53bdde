"""What a piece of ink holds: part of a digit, one digit, or several digits that touch.

Written fast, a number's digits touch, and the network, which has only ever seen one digit at a
time, reads two touching 8s as one 8 with near certainty; and a digit cut in two (one way of
dividing it) can read as two digits almost as surely. Its features (the input of its last layer,
which the page gets with every reading) tell these apart all the same: a softmax regression on
them and on the piece's aspect (log of width over height), fitted by build/holds.py and shipped
beside the model as holds.json with the settings the reading uses (py/touching.py). One for each
SOURCE of ink, whose pieces differ: drawings on the pad (fitted on the pieces that UNIPEN's training
writers' numbers break into as the page finds them), and pictures (photos and images, fitted on
pictures of numbers made of MNIST's training digits, thick and broken where the pen's are not).

Pure numpy: the page, the CPython tests and the build share it.
"""

from dataclasses import dataclass

import numpy as np

KINDS = ("part", "one", "several")  # of a digit, one digit, several digits
DRAWING, PICTURE = SOURCES = ("drawing", "picture")  # ink drawn on the pad; ink found in a photo or image


@dataclass
class Holds:
    weights: np.ndarray  # (D, len(KINDS)) on the model's features
    aspect: np.ndarray  # (len(KINDS),) on the log of the piece's width over its height
    bias: np.ndarray  # (len(KINDS),)
    divide: float  # a number's digit read with at least this doubt is tried divided...
    several: float  # ... and so is one at least this likely to hold several digits
    again: int  # of each digit so divided, this many divisions in two into a digit and several are divided again

    @classmethod
    def from_json(cls, data):
        return cls(
            np.asarray(data["weights"], dtype=np.float64).reshape(-1, len(KINDS)),
            np.asarray(data["aspect"], dtype=np.float64).reshape(len(KINDS)),
            np.asarray(data["bias"], dtype=np.float64).reshape(len(KINDS)),
            float(data["divide"]),
            float(data["several"]),
            int(data["again"]),
        )

    def kinds(self, features, shapes):
        """N x len(KINDS) probabilities of what each piece holds: features N x D, shapes [(height, width)]
        of their ink."""
        z = np.asarray(features, dtype=np.float64) @ self.weights
        z += aspects(shapes)[:, None] * self.aspect + self.bias
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)


def aspects(shapes):
    """The log of each piece's width over its height: shapes [(height, width)]."""
    shapes = np.asarray(shapes, dtype=np.float64).reshape(-1, 2)
    return np.log(shapes[:, 1] / shapes[:, 0])


def for_each_source(data):
    """{source: Holds} of holds.json's data."""
    return {source: Holds.from_json(data[source]) for source in SOURCES}
