"""The page on phones: drawn with real touch events, the answer in view without scrolling, nothing cut off."""

import numpy as np
import pytest

import verdict
from build.pagedriver import PageDriver, open_page
from strokes import DIGITS

PHONES = {"390x844": (390, 844), "320x640": (320, 640)}


@pytest.fixture(params=sorted(PHONES), scope="module")
def phone(request, browser, site):
    width, height = PHONES[request.param]
    context, page, requests, errors = open_page(
        browser,
        site + "/",
        viewport={"width": width, "height": height},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=3,
    )
    driver = PageDriver(page)
    assert driver.wait_ready() == "ready", driver.status
    yield driver
    assert requests.foreign(site) == [] and errors == [], (requests.foreign(site), errors)
    context.close()


def in_viewport(page, testid):
    return page.evaluate(
        f"""(() => {{
            const box = document.querySelector('[data-testid={testid}]').getBoundingClientRect();
            return box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth;
        }})()"""
    )


@pytest.mark.parametrize("digit", [3, 7])
def test_a_digit_drawn_by_touch_is_read_and_shown_beside_the_pad(phone, digit):
    page = phone.page
    if page.evaluate("!digitPad.pad.isEmpty"):
        phone.click("clear")
    before = page.evaluate("[scrollX, scrollY, visualViewport.scale]")
    phone.touch(DIGITS[digit])
    assert phone.prediction == str(digit), phone.probabilities.round(3)
    assert "sure" in phone.message  # the confidence, in words
    assert page.evaluate("[scrollX, scrollY, visualViewport.scale]") == before  # drawing neither scrolled nor zoomed
    assert in_viewport(page, "prediction") and in_viewport(page, "message") and in_viewport(page, "pad")


def test_nothing_is_cut_off_or_scrolls_sideways(phone):
    overflow = phone.page.evaluate(
        """[document.documentElement.scrollWidth - innerWidth,
            ...Array.from(document.querySelectorAll('main *, header *'))
                .filter((e) => e.getClientRects().length && !e.closest('.visually-hidden'))
                .map((e) => e.getBoundingClientRect().right - innerWidth)]"""
    )
    assert max(overflow) <= 0.5, overflow


def test_keyboard_hints_only_where_there_is_a_keyboard(phone, app):
    hidden = "(s) => getComputedStyle(document.querySelector(s)).display === 'none'"
    assert phone.page.evaluate(hidden, ".hint .with-keyboard")
    assert not app.page.evaluate(hidden, ".hint .with-keyboard")  # the desktop page: a mouse, so a keyboard


# Puts a number and its sentence above the pad, as py/view.py does.
ANSWER = """([number, sentence]) => {
    document.getElementById('prediction').textContent = number;
    document.getElementById('verdict').textContent = sentence;
}"""


def test_the_pad_stays_put_whatever_the_answer_says(phone, app):
    """Readings are shown while the pen is down (reading as you write): the answer above the pad keeps
    its height for all it says, the longest included (a long number with every digit in doubt), so the
    pad never moves under the pen; and nothing spills sideways. On a phone and on the desktop page."""
    p_doubtful, p_sure = np.zeros(10), np.zeros(10)
    p_doubtful[4], p_doubtful[9], p_sure[7] = 0.5, 0.4, 0.999
    doubtful, sure = verdict.read(p_doubtful), verdict.read(p_sure)
    said = [[sure], [doubtful], [sure, doubtful] * 2, [doubtful] * 12]
    for page in (phone.page, app.page):
        blank = page.evaluate(
            "[document.getElementById('prediction').textContent, document.getElementById('verdict').textContent]"
        )
        tops, overflow = [], []
        for number, sentence in [blank] + [(verdict.number(r), verdict.message(r)) for r in said] + [blank]:
            page.evaluate(ANSWER, [number, sentence])
            tops.append(page.evaluate("document.getElementById('pad').getBoundingClientRect().top"))
            overflow.append(
                page.evaluate("document.querySelector('.answer').getBoundingClientRect().right - innerWidth")
            )
        assert max(tops) - min(tops) < 0.5, tops
        assert max(overflow) <= 0.5, overflow
        # An error is said whole, however long (it comes from an upload or the camera, not mid-stroke).
        page.evaluate(
            ANSWER, ["", "my-homework-page-three.png could not be read as an image (PNG, JPEG or WebP). " * 2]
        )
        page.evaluate("document.getElementById('verdict').dataset.kind = 'error'")
        assert page.evaluate("(e => e.scrollHeight <= e.clientHeight)(document.getElementById('verdict'))")
        page.evaluate(ANSWER, blank)
        page.evaluate("document.getElementById('verdict').dataset.kind = ''")
