"""The shipped form of the network (build/export.reading_form): batch normalisation and ReLU folded into
each convolution, Dropout gone, and the same function of the input as the trained network."""

import numpy as np
from contract import HEAD, SIDE

from build.export import reading_form
from build.model import build_model
from build.tf_env import keras


def trained_like():
    """The shipped architecture with batch normalisations whose statistics are not the identity's."""
    model = build_model()
    rng = np.random.default_rng(0)
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            n = layer.gamma.shape[0]
            layer.set_weights(
                [rng.uniform(0.5, 2, n), rng.normal(0, 0.5, n), rng.normal(0, 0.5, n), rng.uniform(0.2, 3, n)]
            )
    return model


def test_the_reading_form_computes_what_the_trained_network_does():
    model = trained_like()
    reader = reading_form(model)
    kinds = {type(layer).__name__ for layer in reader.layers}
    assert not kinds & {"BatchNormalization", "ReLU", "Dropout"}, kinds
    assert reader.get_layer(HEAD).get_config()["units"] == model.get_layer(HEAD).get_config()["units"]
    x = np.random.default_rng(1).random((16, SIDE, SIDE, 1)).astype(np.float32)
    expected = model(x, training=False).numpy()
    got = reader(x, training=False).numpy()
    assert np.abs(got - expected).max() < 1e-5
    assert (got.argmax(axis=1) == expected.argmax(axis=1)).all()


def test_a_model_already_in_reading_form_is_unchanged():
    reader = reading_form(trained_like())
    again = reading_form(reader)
    assert [type(layer) for layer in again.layers] == [type(layer) for layer in reader.layers]
    for a, b in zip(again.get_weights(), reader.get_weights()):
        np.testing.assert_array_equal(a, b)
