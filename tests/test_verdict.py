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
