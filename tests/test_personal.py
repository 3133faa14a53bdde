"""Learning a person's handwriting in the page: corrections adapt the reading, survive reloads and
offline use, can be forgotten, and move to another browser as an exported file."""

import json

import numpy as np
import pytest

from build.pagedriver import PageDriver, open_page
from contract import PERSONAL_FORMAT
from strokes import line

# A 1 with a long flag, which the model (trained on pen strokes) reads as a 1: written by a person whose
# 7s look like that, it must learn to read it as their 7.
FLAGGED_ONE = [line((0.2, 0.4), (0.6, 0.05), (0.6, 0.95))]


def flagged_one(variant):
    """The same style, as a person writes it again: a little different each time."""
    rng = np.random.default_rng(variant)
    return [[(x + rng.normal(0, 0.012), y + rng.normal(0, 0.012)) for x, y in stroke] for stroke in FLAGGED_ONE]


def write(driver, variant):
    if not driver.page.evaluate("digitPad.pad.isEmpty"):
        driver.click("clear")
    driver.draw(flagged_one(variant))
    return driver.prediction


def count(driver):
    return int(driver.page.get_attribute("[data-testid=personal]", "data-count"))


def correct(driver, digit):
    driver.after(lambda: driver.page.click(f"[data-testid=correct] [data-digit='{digit}']"))


@pytest.fixture
def person(browser, site):
    """A browser context of its own: its IndexedDB holds one person's corrections."""
    context, page, requests, errors = open_page(browser, site + "/")
    driver = PageDriver(page)
    assert driver.wait_ready() == "ready", driver.status
    yield driver
    assert requests.foreign(site) == [], "corrections must never leave the page's origin"
    assert errors == [], errors
    context.close()


def test_corrections_teach_a_style_that_stays_taught(person, browser, site, tmp_path):
    assert write(person, 0) == "1"  # the base model reads this style as most people mean it
    assert count(person) == 0
    for variant in range(3):
        if variant:
            write(person, variant)
        correct(person, 7)  # the drawing is read again at once
        assert count(person) == variant + 1
    assert write(person, 3) == "7"  # a fourth one, never corrected

    person.page.reload()
    assert person.wait_ready() == "ready"
    assert write(person, 4) == "7" and count(person) == 3  # a reading waits for the stored corrections

    person.page.wait_for_function("document.querySelector('[data-testid=status]').dataset.offline === 'ready'")
    person.page.context.set_offline(True)
    person.page.reload()
    assert person.wait_ready() == "ready"
    assert write(person, 5) == "7" and count(person) == 3
    person.page.context.set_offline(False)

    with person.page.expect_download() as download:
        person.page.click("[data-testid=export-personal]")
    exported = tmp_path / "corrections.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text())
    assert data["format"] == PERSONAL_FORMAT and [c["label"] for c in data["corrections"]] == [7, 7, 7]

    person.page.once("dialog", lambda dialog: dialog.accept())
    person.after(lambda: person.page.click("[data-testid=forget]"))
    assert count(person) == 0 and person.prediction == "1"  # back to the base model's answer

    context, page, requests, errors = open_page(browser, site + "/")  # another browser: nothing learnt yet
    other = PageDriver(page)
    assert other.wait_ready() == "ready"
    assert write(other, 6) == "1"
    other.after(lambda: page.set_input_files("[data-testid=import-personal]", str(exported)))
    assert count(other) == 3 and other.prediction == "7"
    assert requests.foreign(site) == [] and errors == []
    context.close()


def test_digit_keys_correct_the_selected_digit(person):
    write(person, 7)
    person.after(lambda: person.page.keyboard.press("7"))
    assert count(person) == 1 and person.prediction == "7"


def test_a_file_that_is_not_corrections_is_refused_with_a_message(person, tmp_path):
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": 1}')
    person.after(lambda: person.page.set_input_files("[data-testid=import-personal]", str(bad)))
    assert "not a file of corrections" in person.message and count(person) == 0
