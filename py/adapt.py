"""Learning a person's handwriting from their corrections, in numpy, without training the network.

The model's feature vector f (the input of its last layer) is centred on the mean feature m over
MNIST's training digits and made unit length: g(f) = (f - m) / |f - m|. Each class has a prototype
MU[c], the normalised mean of g over its MNIST digits (build/adaptation.py ships m and MU with the
model). A person's corrections G (n x D, with labels y) pull the prototypes towards their style:

    P = normalise_rows(kappa * MU + onehot(y).T @ G)
    logits = log(p_base + 1e-12) + scale * (q @ P.T - q @ MU.T) + near * N,   q = g(f of the new digit)
    N[c] = max over the corrections i labelled c of exp((q . G[i] - 1) / width)

With no corrections P = MU, N = 0 and the answer is the base model's, exactly. kappa is how many
corrections a prototype is worth (more: one wrong correction moves it less); scale how far the
prototypes may overrule the model. A prototype moves a whole class, so it must move slowly (a slip
of the finger would move it too); the nearest correction of each class (N) lifts its label only for
digits very like it (width), the same person's same style, so one correction of it is enough. All
four are tuned on writers the model never saw.

Pure numpy: the page, the CPython tests and the benchmark share it.
"""

from dataclasses import dataclass

import numpy as np

from contract import CLASSES

FLOOR = 1e-12  # log(0) guard for probabilities the model rounds to zero


def unit_rows(x):
    x = np.asarray(x, dtype=np.float64)
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


@dataclass
class Adaptation:
    mean: np.ndarray  # (D,) mean feature over MNIST training
    prototypes: np.ndarray  # (CLASSES, D) unit rows
    kappa: float
    scale: float
    near: float
    width: float

    @classmethod
    def from_json(cls, data):
        return cls(
            np.asarray(data["mean"], dtype=np.float64),
            unit_rows(data["prototypes"]),
            float(data["kappa"]),
            float(data["scale"]),
            float(data["near"]),
            float(data["width"]),
        )

    def centred(self, features):
        """g(f): features centred on the MNIST mean, unit length (N x D)."""
        return unit_rows(np.asarray(features, dtype=np.float64).reshape(-1, self.mean.size) - self.mean)

    def personal(self, features, labels):
        """P: the prototypes pulled towards the corrections (their features and labels)."""
        labels = np.asarray(labels, dtype=np.int64).reshape(-1)
        pulled = self.kappa * self.prototypes
        if labels.size:
            np.add.at(pulled, labels, self.centred(features))
        return unit_rows(pulled)

    def apply(self, probabilities, features, personal, corrected=None, labels=()):
        """The base model's probabilities (N x CLASSES) adjusted by the personal prototypes and the nearest
        correction of each class (corrected: the corrections' centred features, with their labels)."""
        p = np.asarray(probabilities, dtype=np.float64).reshape(-1, CLASSES)
        q = self.centred(features)
        logits = np.log(np.clip(p, 0, 1) + FLOOR) + self.scale * (q @ personal.T - q @ self.prototypes.T)
        if corrected is not None and len(labels):
            nearest = np.zeros((CLASSES, len(q)))
            np.maximum.at(nearest, np.asarray(labels, dtype=np.int64), np.exp((corrected @ q.T - 1) / self.width))
            logits += self.near * nearest.T
        logits -= logits.max(axis=1, keepdims=True)
        adapted = np.exp(logits)
        return (adapted / adapted.sum(axis=1, keepdims=True)).astype(np.float32)


class Corrections:
    """The person's corrections as features and labels, and the prototypes they make."""

    def __init__(self, adaptation):
        self.adaptation = adaptation
        self.features = np.zeros((0, adaptation.mean.size), dtype=np.float32)
        self.labels = np.zeros(0, dtype=np.int64)
        self.centred = self.features.astype(np.float64)
        self.prototypes = adaptation.prototypes

    def __len__(self):
        return len(self.labels)

    def replace(self, features, labels):
        self.features = np.asarray(features, dtype=np.float32).reshape(-1, self.adaptation.mean.size)
        self.labels = np.asarray(labels, dtype=np.int64).reshape(-1)
        self.centred = self.adaptation.centred(self.features)
        self.prototypes = self.adaptation.personal(self.features, self.labels)

    def add(self, features, label):
        self.replace(np.vstack([self.features, np.reshape(features, (1, -1))]), np.append(self.labels, label))

    def apply(self, probabilities, features):
        if not len(self):
            return np.asarray(probabilities, dtype=np.float32)  # the base model, untouched
        return self.adaptation.apply(probabilities, features, self.prototypes, self.centred, self.labels)
