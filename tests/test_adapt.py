"""Personal adaptation in numpy (py/adapt.py): the base model untouched without corrections, finite
for any input, corrections pull towards their label, and one wrong correction does not take over."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from adapt import Adaptation, Corrections, unit_rows
from contract import CLASSES

D = 16
finite = st.floats(-1e3, 1e3, allow_nan=False, width=32)


def adaptation(seed=0, kappa=4.0, scale=8.0, near=4.0, width=0.02):
    rng = np.random.default_rng(seed)
    return Adaptation(rng.normal(size=D), unit_rows(rng.normal(size=(CLASSES, D))), kappa, scale, near, width)


def softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@given(arrays(np.float32, (3, D), elements=finite), arrays(np.float32, (3, CLASSES), elements=finite))
@settings(max_examples=100, deadline=None)
def test_without_corrections_the_answer_is_the_models_exactly(features, logits):
    p = softmax(logits.astype(np.float64)).astype(np.float32)
    assert np.array_equal(Corrections(adaptation()).apply(p, features), p)
    # The formula itself, with P = MU, changes nothing either (beyond float rounding).
    a = adaptation()
    np.testing.assert_allclose(a.apply(p, features, a.personal(np.zeros((0, D)), [])), p, atol=1e-5)


@given(
    arrays(np.float32, (4, D), elements=finite),
    st.lists(st.integers(0, CLASSES - 1), min_size=4, max_size=4),
    arrays(np.float32, (2, D), elements=finite),
    arrays(np.float32, (2, CLASSES), elements=st.floats(0, 1, width=32)),
)
@settings(max_examples=150, deadline=None)
def test_scores_are_finite_probabilities_for_any_input(corrected, labels, features, p):
    corrections = Corrections(adaptation())
    corrections.replace(corrected, labels)
    out = corrections.apply(p, features)
    assert np.isfinite(out).all() and (out >= 0).all()
    np.testing.assert_allclose(out.sum(axis=1), 1, atol=1e-5)


def test_corrections_pull_a_misread_style_towards_its_label():
    a = adaptation(1)
    rng = np.random.default_rng(2)
    style = a.mean + 3 * a.prototypes[7] + 2 * rng.normal(size=D)  # a writer's 7, not quite MNIST's
    samples = style + 0.3 * rng.normal(size=(4, D))
    p = np.full((4, CLASSES), 0.02)
    p[:, 1], p[:, 7] = 0.7, 0.14  # the model reads it as a 1
    corrections = Corrections(a)
    for f in samples[:3]:
        corrections.add(f, 7)
    assert corrections.apply(p[3:], samples[3:]).argmax() == 7


def test_the_nearest_correction_lifts_its_label_only_for_digits_very_like_it():
    a = adaptation(6, kappa=1e6)  # prototypes that do not move: the nearest correction alone
    rng = np.random.default_rng(7)
    corrected = a.mean + rng.normal(size=D)  # a person's 1, which the model reads as a 7
    alike = corrected + 0.01 * rng.normal(size=(1, D))
    unlike = a.mean + rng.normal(size=(1, D))
    p = np.full((1, CLASSES), 0.02)
    p[0, 7], p[0, 1] = 0.7, 0.14
    corrections = Corrections(a)
    corrections.add(corrected, 1)
    assert corrections.apply(p, alike).argmax() == 1
    assert corrections.apply(p, unlike).argmax() == 7


def test_one_wrong_correction_does_not_take_over_a_clear_digit():
    a = adaptation(3)
    rng = np.random.default_rng(4)
    threes = a.mean + 3 * a.prototypes[3] + 0.5 * rng.normal(size=(20, D))
    p = np.full((20, CLASSES), 1e-4)
    p[:, 3] = 1 - 9e-4  # clear 3s
    corrections = Corrections(a)
    corrections.add(threes[0], 8)  # a slip: a clear 3 labelled 8
    assert (corrections.apply(p[1:], threes[1:]).argmax(axis=1) == 3).all()


@pytest.mark.parametrize("labels", [[], [5], [5, 5, 2]])
def test_personal_prototypes_are_unit_rows(labels):
    a = adaptation()
    features = np.random.default_rng(5).normal(size=(len(labels), D))
    np.testing.assert_allclose(np.linalg.norm(a.personal(features, labels), axis=1), 1, atol=1e-9)


@pytest.fixture(scope="module")
def shipped_readings():
    """(shipped Adaptation, features, probabilities, labels) of each class's first 300 MNIST test digits,
    read by the shipped model."""
    import json

    from build import mnist
    from build.dataset import preprocess_all
    from build.export import load
    from build.model import feature_model
    from build.site import model_dir
    from contract import ADAPTATION

    images, labels = mnist.load("t10k")
    pick = np.concatenate([np.flatnonzero(labels == c)[:300] for c in range(CLASSES)])
    features, p = feature_model(load(model_dir())).predict(preprocess_all(images[pick]), verbose=0)
    shipped = Adaptation.from_json(json.loads((model_dir() / ADAPTATION).read_text()))
    return shipped, features, p, labels[pick]


def test_with_the_shipped_model_one_wrong_correction_leaves_clear_threes_alone(shipped_readings):
    shipped, features, p, labels = shipped_readings
    features, p = features[labels == 3], p[labels == 3]
    corrections = Corrections(shipped)
    corrections.add(features[0], 8)  # a clear 3 labelled 8 by a slip of the finger
    clear = p[1:, 3] > 0.99
    adapted = corrections.apply(p[1:], features[1:]).argmax(axis=1)
    assert clear.sum() > 250 and (adapted[clear] == 3).all(), np.bincount(adapted[clear], minlength=CLASSES)


def test_with_the_shipped_model_no_wrong_correction_takes_over_a_class(shipped_readings):
    """The shipped settings are safe for the shipped weights (they were once tuned for other weights, and a
    clear digit corrected to a wrong label by a slip of the finger then made most of its class read so):
    each class's first clear MNIST test digits, given each wrong label, turn at most 0.5% of its other clear ones."""
    from build import adaptation

    assert adaptation.slips(*shipped_readings) <= 0.005
