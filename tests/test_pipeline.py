"""The whole build in small: train a tiny model on MNIST and pen strokes, export it, load it in Chromium
through the page, and check that browser and Keras agree, on MNIST images and on a real person's
digit written on the pad. The full training is not part of the tests."""

import numpy as np
import pytest

import json

import preprocess
import touching
from build import handwriting, holds, mnist, serve, unipen
from build.export import load
from build.model import reader
from build.site import staged_site
from build.pagedriver import PageDriver, open_page
from build.train import train
from contract import HOLDS


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    out = tmp_path_factory.mktemp("model")
    train(epochs=1, limit=3000, out=out)
    return out


def test_tiny_model_agrees_in_keras_and_browser(browser, tiny_model, tmp_path):
    assert {"model.json", "training.json", HOLDS} <= {p.name for p in tiny_model.iterdir()}
    assert json.loads((tiny_model / "training.json").read_text())["train_pen_drawings"] > 0
    server = serve.start(root=staged_site(tiny_model, tmp_path / "www"))
    url = f"http://127.0.0.1:{server.server_address[1]}"
    context, page, requests, errors = open_page(browser, url + "/")
    try:
        driver = PageDriver(page)
        assert driver.wait_ready() == "ready", driver.status
        images, _ = mnist.load("t10k")
        pen_digit = unipen.digits_of("validation", quality=("OK",))[0]
        keras = load(tiny_model)

        batch = images[:200]
        expected = keras.predict(np.stack([preprocess.from_mnist_image(i) for i in batch])[..., None], verbose=0)
        assert np.abs(driver.recognise_images(batch) - expected).max() < 1e-4

        for draw in (
            lambda: driver.show_image(images[0], box=(0.1, 0.1, 0.8)),
            lambda: driver.write(handwriting.single(pen_digit["strokes"], np.random.default_rng(0))),
        ):
            driver.click("clear")
            draw()
            ink = preprocess.ink_from_pad(driver.pad_rgba())
            *_, shown = touching.read_digits(ink, reader(keras), holds=holds.load(tiny_model))
            assert np.abs(driver.part_probabilities - shown).max() < 1e-4
        assert requests.foreign(url) == [] and errors == []
    finally:
        context.close()
        server.shutdown()
