"""Whole numbers and pictures in the browser: a drawn number, uploads, drag-and-drop, camera, bad input."""

import numpy as np
import pytest

from build import mnist
from build.browser import launch
from build.pagedriver import COUNT_TURNS, PageDriver, open_page
from build.synthetic import number_image, png_bytes, shade, sheet_photo, y4m_bytes
from strokes import DIGITS

# Test-set digits the model reads with certainty, so a wrong number means a wrong pipeline.
NUMBER = [3, 2, 1, 18]  # indices of a 0, a 1, a 2 and a 3 in t10k: "0123"


@pytest.fixture(scope="module")
def number_png(tmp_path_factory):
    images, labels = mnist.load("t10k")
    folder = tmp_path_factory.mktemp("pictures")
    expected = "".join(str(labels[i]) for i in NUMBER)
    files = {}
    for name, light in (("dark-on-light", False), ("light-on-dark", True)):
        files[name] = folder / f"{name}.png"
        files[name].write_bytes(png_bytes(number_image(images[NUMBER], gaps=[7, 9, 6], scale=4, light_on_dark=light)))
    files["shaded"] = folder / "shaded.png"
    files["shaded"].write_bytes(png_bytes(shade(number_image(images[NUMBER], gaps=[7, 9, 6], scale=6))))
    return files, expected


def upload(app, path):
    app.after(lambda: app.page.set_input_files("[data-testid=upload]", str(path)))


def test_drawn_three_digit_number(fresh):
    for i, digit in enumerate((3, 8, 5)):
        fresh.draw(DIGITS[digit], box=(0.02 + 0.33 * i, 0.3, 0.3))
    assert fresh.prediction == "385"
    assert fresh.page.locator("[data-testid=parts] > li").count() == 3


def test_one_digit_is_one_part(fresh):
    fresh.draw(DIGITS[6])
    assert fresh.prediction == "6"
    assert fresh.page.locator("[data-testid=parts] > li").count() == 1


@pytest.mark.parametrize("polarity", ["dark-on-light", "light-on-dark", "shaded"])
def test_uploaded_picture_of_a_number(fresh, number_png, polarity):
    files, expected = number_png
    upload(fresh, files[polarity])
    assert fresh.prediction == expected, fresh.message
    assert fresh.page.is_visible("[data-testid=photo]")
    assert fresh.page.locator("[data-testid=parts] > li").count() == len(expected)
    fresh.draw(DIGITS[1])  # drawing again reads the pad, not the photo
    assert fresh.prediction == "1"
    assert not fresh.page.is_visible("[data-testid=photo]")


def test_dropped_jpeg(fresh, number_png):
    files, expected = number_png
    png = files["dark-on-light"].read_bytes()

    def drop():
        fresh.page.evaluate(
            """async (bytes) => {
                const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: "image/png" }));
                const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
                canvas.getContext("2d").drawImage(bitmap, 0, 0);
                const jpeg = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.85 });
                const transfer = new DataTransfer();
                transfer.items.add(new File([jpeg], "number.jpg", { type: "image/jpeg" }));
                document.getElementById("drop").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }""",
            list(png),
        )

    fresh.after(drop)
    assert fresh.prediction == expected, fresh.message


def bad_file(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def flat(value, size=(60, 90)):
    return png_bytes(np.full(size, value, dtype=np.uint8))


@pytest.mark.parametrize(
    "name, make, says",
    [
        ("notes.png", lambda: b"this is not an image", "could not be read as an image"),
        ("empty.png", lambda: b"", "is empty"),
        ("black.png", lambda: flat(0), "flat colour"),
        ("white.png", lambda: flat(255), "flat colour"),
        ("noise.png", lambda: png_bytes(np.random.default_rng(1).integers(0, 256, (120, 160), dtype=np.uint8)), "No"),
        ("letter.txt", lambda: b"hello", "not a PNG, JPEG or WebP image"),
    ],
)
def test_bad_pictures_get_a_plain_message(fresh, tmp_path, name, make, says):
    upload(fresh, bad_file(tmp_path, name, make()))
    assert fresh.prediction == ""
    assert says in fresh.message
    assert fresh.page.get_attribute("[data-testid=message]", "data-kind") == "error"
    fresh.draw(DIGITS[7])  # and the app keeps working
    assert fresh.prediction == "7"


def test_fifty_megapixel_photo_is_scaled_down_and_read(fresh, tmp_path):
    images, labels = mnist.load("t10k")
    small = number_image(images[NUMBER[:2]], gaps=[8], scale=40)[..., 0]  # the number, large
    photo = np.full((7072, 7072), 235, dtype=np.uint8)  # 50 megapixels of paper
    top, left = 2000, 1500
    photo[top : top + small.shape[0], left : left + small.shape[1]] = small
    path = bad_file(tmp_path, "huge.png", png_bytes(photo))
    upload(fresh, path)
    assert fresh.prediction == "".join(str(labels[i]) for i in NUMBER[:2]), fresh.message
    width = fresh.page.evaluate("document.querySelector('[data-testid=photo]').width")
    assert width <= 1024


STEPS = 10  # a photo's reading gives the browser at least this many turns (it has about 20 steps)


def test_a_photo_is_read_without_holding_the_page(fresh, tmp_path):
    """A 12-megapixel photo: decoded and scaled off the main thread, its numpy work and the model's
    reading in steps, between which the browser runs its other tasks (draws, takes input). Read in one
    go, no other task would run during its recognition. How long each step takes is bench.speed's
    measure (a photo's longest reading step, from the same turns), as times vary on this machine."""
    images, labels = mnist.load("t10k")
    path = bad_file(tmp_path, "photo.png", png_bytes(sheet_photo(images)))
    fresh.page.evaluate(COUNT_TURNS)
    upload(fresh, path)
    assert fresh.prediction == "".join(str(labels[i]) for i in range(4)), fresh.message
    assert len(fresh.turns_during("recognition")) >= STEPS


def test_camera_refused_says_so(fresh):
    fresh.after(lambda: fresh.page.click("[data-testid=camera]"))
    assert "refused" in fresh.message or "No camera" in fresh.message
    assert fresh.page.is_hidden("[data-testid=camera-view]")


def test_camera_picture_of_a_number(playwright, site, tmp_path, number_png):
    images, _ = mnist.load("t10k")
    _, expected = number_png
    video = tmp_path / "number.y4m"
    video.write_bytes(y4m_bytes(number_image(images[NUMBER], gaps=[7, 9, 6], scale=4)))
    browser = launch(
        playwright,
        [
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context, page, requests, errors = open_page(browser, site + "/", permissions=["camera"])
        app = PageDriver(page)
        assert app.wait_ready() == "ready"
        page.click("[data-testid=camera]")
        page.wait_for_function("document.getElementById('camera-video').videoWidth > 0")
        app.after(lambda: page.click("[data-testid=capture]"))
        assert app.prediction == expected, app.message
        assert requests.foreign(site) == [] and errors == []
    finally:
        browser.close()


def test_a_drawing_made_while_a_photo_is_read_stays_on_screen(fresh, tmp_path):
    """A photo is read in steps; a drawing's reading that begins meanwhile overtakes it, and the photo's
    reading, when it ends, is not shown over the drawing's answer."""
    images, _ = mnist.load("t10k")
    path = bad_file(tmp_path, "photo.png", png_bytes(sheet_photo(images)))
    page = fresh.page
    page.evaluate("performance.clearMeasures()")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 20})  # the photo's reading now takes seconds
    try:
        page.set_input_files("[data-testid=upload]", str(path))
        page.wait_for_function("performance.getEntriesByName('decode').length > 0", timeout=60_000)
        # Drawn at once through the pad (the mouse's moves would give the photo's steps time to end).
        strokes = [[(0.1 + 0.8 * x, 0.1 + 0.8 * y) for x, y in stroke] for stroke in DIGITS[7]]
        page.evaluate("(strokes) => digitPad.pad.drawStrokes(strokes)", strokes)
        page.wait_for_function("performance.getEntriesByName('overtaken').length > 0", timeout=60_000)
    finally:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    assert fresh.prediction == "7"
    assert not page.is_visible("[data-testid=photo]")
