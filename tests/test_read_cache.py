"""The page's memory of what the model read (py/read_cache.py): the same answers as the model, each
distinct input read once, and no more remembered than asked."""

import numpy as np

from read_cache import ReadCache


class CountingModel:
    """A deterministic stand-in for the network's read: features and probabilities from the pixels."""

    def __init__(self):
        self.read_inputs = 0

    def __call__(self, inputs):
        self.read_inputs += len(inputs)
        flat = inputs.reshape(len(inputs), -1)
        features = np.stack([flat.sum(axis=1), flat.max(axis=1)], axis=1)
        logits = flat[:, :10] * 3
        probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        return features, probabilities


def inputs(seed, n):
    return np.random.default_rng(seed).random((n, 28, 28), dtype=np.float32)


def test_answers_are_the_models_in_the_order_asked():
    model, cache = CountingModel(), ReadCache(CountingModel())
    batch = np.concatenate([inputs(0, 3), inputs(1, 2)])
    cache(inputs(1, 2))  # some known beforehand
    for mine, theirs in zip(cache(batch), model(batch)):
        np.testing.assert_array_equal(mine, theirs)


def test_each_distinct_input_is_read_once():
    model = CountingModel()
    cache = ReadCache(model)
    digits = inputs(0, 4)
    cache(digits)
    cache(np.concatenate([digits[:3], inputs(1, 1), inputs(1, 1)]))  # a number with one digit new, twice
    assert model.read_inputs == 5


def test_it_forgets_the_least_recently_read_first():
    model = CountingModel()
    cache = ReadCache(model, size=3)
    a, b, c, d = inputs(0, 4)
    cache(np.stack([a, b, c]))
    cache(a[None])  # a is now the most recently used
    cache(d[None])  # b is forgotten
    assert len(cache.known) == 3
    read = model.read_inputs
    cache(np.stack([a, c, d]))
    assert model.read_inputs == read
    cache(b[None])
    assert model.read_inputs == read + 1
