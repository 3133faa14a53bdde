import numpy as np

import verdict


def test_confident_reading_names_one_digit():
    p = np.full(10, 0.01)
    p[7] = 0.91
    r = verdict.read(p)
    assert (r.digit, r.sure) == (7, True)
    assert r.message == "It's a 7 (91% sure)."


def test_low_top_probability_says_not_sure_with_the_two_candidates():
    p = np.zeros(10)
    p[4], p[9], p[1] = 0.48, 0.44, 0.08
    r = verdict.read(p)
    assert not r.sure and (r.digit, r.runner_up) == (4, 9)
    assert r.message == "Not sure: 4 or 9?"


def test_rounded_up_certainty_is_not_shown_as_100_percent():
    p = np.zeros(10)
    p[3] = 0.99996
    assert verdict.read(p).message == "It's a 3 (99.9% sure)."


def test_eight_takes_an():
    p = np.zeros(10)
    p[8] = 0.9
    assert verdict.read(p).message == "It's an 8 (90% sure)."
    assert [verdict.a_digit(d) for d in (0, 1, 8, 9)] == ["a 0", "a 1", "an 8", "a 9"]


def test_a_number_reads_left_to_right_and_names_unsure_digits():
    sure, unsure = np.full(10, 0.0), np.zeros(10)
    sure[2] = 1.0
    unsure[7], unsure[1] = 0.6, 0.4
    readings = [verdict.read(sure), verdict.read(unsure), verdict.read(sure)]
    assert verdict.number(readings) == "272"
    assert verdict.message(readings) == "Not sure of digit 2 (7 or 1): probably 272."
    assert verdict.message([verdict.read(sure)] * 2) == "It reads 22."
    several = [verdict.read(unsure), verdict.read(sure), verdict.read(unsure), verdict.read(unsure)]
    assert verdict.message(several) == "Not sure of digits 1, 3 and 4: probably 7277."
