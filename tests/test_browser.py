"""The page in headless Chromium: drawing with real mouse events, recognition, Clear, Undo, blank."""

import numpy as np
import pytest

from strokes import DIGITS


@pytest.mark.parametrize("digit", sorted(DIGITS))
def test_drawn_digit_is_recognised(fresh, digit):
    fresh.draw(DIGITS[digit])
    assert fresh.prediction == str(digit), fresh.probabilities.round(3)
    p = fresh.probabilities
    assert p.argmax() == digit and abs(p.sum() - 1) < 1e-3


def test_small_in_corner_and_large_in_centre_read_alike(fresh):
    fresh.draw(DIGITS[7], box=(0.03, 0.03, 0.28))
    small = fresh.probabilities
    fresh.click("clear")
    fresh.draw(DIGITS[7], box=(0.08, 0.08, 0.84))
    large = fresh.probabilities
    assert small.argmax() == large.argmax() == 7
    assert np.abs(small - large).max() < 0.1, (small.round(3), large.round(3))


def test_undo_removes_the_last_stroke(fresh):
    fresh.draw(DIGITS[4])
    assert fresh.prediction == "4"
    fresh.click("undo")  # the 4's upright goes; what is left is not a 4
    assert fresh.page.evaluate("digitPad.pad.readStrokes().length") == 1
    fresh.click("undo")
    assert fresh.prediction == ""
    assert fresh.page.evaluate("digitPad.pad.isEmpty")


def test_one_stroke_that_leaves_the_pad_and_comes_back_can_be_two_digits(fresh):
    """A drawing of one stroke is read as one piece of ink, unless the stroke left the pad: then what
    shows may be two pieces, here two 1s joined off the pad's top edge."""
    left, right = [(0.3, 0.2 + 0.06 * i) for i in range(11)], [(0.6, 0.2 + 0.06 * i) for i in range(11)]
    stroke = left[::-1] + [(0.3, -0.2), (0.6, -0.2)] + right  # up the left 1, over the top, down the right
    fresh.after(lambda: fresh.page.evaluate("(s) => digitPad.pad.drawStrokes(s)", [stroke]))
    assert not fresh.page.evaluate("digitPad.pad.onePiece")
    assert fresh.prediction == "11", fresh.probabilities.round(3)
    fresh.click("clear")
    fresh.after(lambda: fresh.page.evaluate("(s) => digitPad.pad.drawStrokes(s)", [left]))
    assert fresh.page.evaluate("digitPad.pad.onePiece") and fresh.prediction == "1"


def test_clear_empties_the_pad_and_the_result(fresh):
    fresh.draw(DIGITS[3])
    assert fresh.prediction == "3"
    fresh.click("clear")
    assert fresh.prediction == ""
    assert fresh.probabilities.sum() == 0
    assert fresh.pad_rgba(whole=True)[..., 3].max() == 0


def test_blank_canvas_shows_an_invitation_not_a_guess(fresh):
    fresh.click("clear")
    assert fresh.prediction == ""
    assert "Draw a digit" in fresh.page.text_content("#verdict")
    preview = fresh.page.evaluate(
        "Array.from(document.querySelector('[data-testid=preview]').getContext('2d').getImageData(0,0,28,28).data)"
    )
    assert max(preview[0::4]) == 0  # nothing shown as the model's input


def test_keyboard_undo_and_clear(fresh):
    fresh.draw(DIGITS[1])
    fresh.after(lambda: fresh.page.keyboard.press("Control+z"))
    assert fresh.page.evaluate("digitPad.pad.isEmpty")
    fresh.draw(DIGITS[1])
    fresh.after(lambda: fresh.page.keyboard.press("Escape"))
    assert fresh.prediction == ""


def test_preview_shows_the_28x28_the_model_saw(fresh):
    fresh.draw(DIGITS[0])
    preview = np.array(
        fresh.page.evaluate(
            "Array.from(document.querySelector('[data-testid=preview]').getContext('2d').getImageData(0,0,28,28).data)"
        ),
        dtype=np.uint8,
    ).reshape(28, 28, 4)[..., 0]
    rows, cols = np.nonzero(preview > 20)
    assert max(np.ptp(rows), np.ptp(cols)) + 1 in (19, 20, 21)  # fitted into 20 pixels, as MNIST
    assert abs(rows.mean() - 14) < 3 and abs(cols.mean() - 14) < 3


def test_drawing_before_python_is_ready_is_read_once_it_is(browser, site):
    from build.pagedriver import PageDriver, new_page

    # Python's start is held back (its loader's request kept waiting) until the digit is drawn.
    # No service worker: else the worker, not the page, fetches it.
    context, page, requests, errors = new_page(browser, service_workers="block")
    held = []
    page.route("**/js/python.mjs", lambda route: held.append(route))
    page.goto(site + "/")
    driver = PageDriver(page)
    page.wait_for_selector("[data-testid=pad]")
    driver.draw(DIGITS[7], wait=False)
    assert page.get_attribute("[data-testid=status]", "data-state") == "loading"  # drawn before Python
    held[0].continue_()
    assert driver.wait_ready() == "ready"
    page.wait_for_function("+document.querySelector('[data-testid=probabilities]').dataset.seq > 0")
    assert driver.prediction == "7"
    assert errors == [] and requests.foreign(site) == []
    context.close()


def test_about_panel_shows_the_model_card(app):
    import json

    from build.site import model_dir

    card = json.loads((model_dir() / "card.json").read_text())
    app.page.click("#about summary")
    text = app.page.text_content("[data-testid=model-card]")
    assert f"{100 * card['test']['accuracy_keras']:.2f}%" in text
    assert f"{100 * card['test']['accuracy_browser']:.2f}%" in text
    assert f"{card['parameters']:,} parameters" in text
    writers = card["writers"]  # real people's pen strokes, written on the page (build/evaluate.py)
    assert f"{writers['writers']} people the model never saw" in text
    assert f"{100 * writers['accuracy']:.2f}% of {writers['digits']:,} single digits" in text
    assert f"{100 * writers['number_accuracy']:.2f}% of {writers['numbers']:,}" in text
    heat = app.page.evaluate(
        "(() => { const c = document.getElementById('confusion'); return [c.width, Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data).filter((v, i) => i % 4 === 1 && v === 150).length]; })()"
    )
    assert heat[0] == 80 and heat[1] > 0  # drawn, with the green diagonal


@pytest.mark.parametrize("ink", [None, "#ffffff"])  # the dark scheme's own ink, and white ink (no distance from white)
def test_dark_mode_reads_as_light_mode_does(browser, site, fresh, ink):
    from build.pagedriver import PageDriver, open_page

    context, page, requests, errors = open_page(browser, site + "/", color_scheme="dark")
    dark = PageDriver(page)
    assert dark.wait_ready() == "ready"
    if ink:
        page.add_style_tag(content=f":root {{ --ink: {ink}; }}")
    assert page.evaluate("digitPad.pad.paper") != fresh.page.evaluate("digitPad.pad.paper")  # a dark pad
    dark.draw(DIGITS[3])
    fresh.draw(DIGITS[3])
    assert dark.prediction == "3"
    assert np.abs(dark.probabilities - fresh.probabilities).max() < 1e-3
    assert errors == [] and requests.foreign(site) == []
    context.close()
