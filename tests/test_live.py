"""Reading as you write (py/live.py): readings while the pen moves, the final reading at pen-up, the
setting, and turning itself off where it would make drawing jerky."""

import time

import numpy as np
import pytest

from build.pagedriver import PageDriver, open_page
from frames import move_to_paint
from strokes import DIGITS

PACE = 0.015  # seconds between moves: a pen drawing steadily
LONGEST = 10.0  # seconds of drawing before a test gives up waiting for a live reading
ZERO = DIGITS[0][0]  # one long stroke


def live_box(app):
    return app.page.is_checked("[data-testid=live]")


def set_live(app, on):
    """The person's own choice (clicked, so the page does not turn it off by itself)."""
    if live_box(app) == on:
        app.page.click("[data-testid=live]")
    app.page.click("[data-testid=live]")
    assert live_box(app) == on


def draw_slowly(app, stroke, until=None, seconds=None):
    """One stroke, pen held down, going over `stroke` again and again at PACE, until until() holds or
    `seconds` have passed; returns how many readings were shown while the pen was down."""
    at = app.pad_point((0.1, 0.1, 0.8))
    app.page.mouse.move(*at(*stroke[0]))
    before = app.results_seen
    app.page.mouse.down()
    started = time.monotonic()
    path = stroke + stroke[::-1]
    i = 0
    while time.monotonic() - started < (seconds or LONGEST):
        app.page.mouse.move(*at(*path[i % len(path)]))
        i += 1
        time.sleep(PACE)
        if until is not None and i % 10 == 0 and until(app.results_seen - before):
            break
    shown = app.results_seen - before
    app.page.mouse.up()
    return shown


def test_the_answer_follows_the_pen_and_the_last_reading_is_of_the_whole_drawing(fresh):
    set_live(fresh, True)
    shown = []
    fresh.after_pen_up(lambda: shown.append(draw_slowly(fresh, ZERO, until=lambda n: n > 0)))
    assert shown[0] > 0, "no reading while the pen moved"
    final, parts = fresh.probabilities, fresh.part_probabilities
    strokes = fresh.page.evaluate("digitPad.pad.readStrokes()")
    fresh.click("clear")
    fresh.after(lambda: fresh.page.evaluate("(s) => digitPad.pad.drawStrokes(s)", strokes))
    assert np.array_equal(fresh.probabilities, final) and np.array_equal(fresh.part_probabilities, parts)


def test_turned_off_it_reads_at_pen_up_only_and_stays_off(fresh):
    set_live(fresh, False)
    try:
        shown = []
        fresh.after_pen_up(lambda: shown.append(draw_slowly(fresh, ZERO, seconds=2.0)))
        assert shown[0] == 0
        assert fresh.prediction != ""
        fresh.page.reload()
        assert fresh.wait_ready() == "ready"
        assert not live_box(fresh)  # the person's choice, kept in this browser
    finally:
        set_live(fresh, True)


def test_it_turns_itself_off_where_drawing_would_be_jerky(browser, site):
    """A phone many times slower than this machine (CPU throttled): after one stroke, reading as you
    write is off and the page says why; the person may still turn it on."""
    context, page, _, errors = open_page(browser, site + "/")
    try:
        app = PageDriver(page)
        assert app.wait_ready() == "ready"
        assert live_box(app)  # on by default
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 20})
        app.after_pen_up(lambda: draw_slowly(app, ZERO, seconds=2.0))
        frames = page.evaluate("digitPad.pad.frames")
        assert move_to_paint(frames) > 16
        assert not live_box(app)
        assert "off" in page.text_content("[data-testid=live-note]")
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize(
    "gaps, expected",
    [
        ([1000 / 60] * 60, 0.95 * 1000 / 60),  # every frame on time: a move waits up to one frame
        ([10.0], 9.5),
        # One frame held 60 ms in 700: the moves of its last 35 ms (5%) wait longer than 25 ms.
        ([16.0] * 20 + [60.0] + [16.0] * 20, 25.0),
    ],
)
def test_move_to_paint_from_frame_gaps(gaps, expected):
    assert move_to_paint(np.cumsum([0.0] + gaps)) == pytest.approx(expected, abs=0.05)
