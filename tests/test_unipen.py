"""UNIPEN split by writer, never by sample: no writer on two sides, every side has writers."""

from build import unipen


def test_each_writer_is_on_one_side_only():
    digits = unipen.load()
    sides = {}
    for digit in digits:
        sides.setdefault(digit["writer"], set()).add(unipen.side_of(digit["writer"]))
    assert all(len(s) == 1 for s in sides.values())
    writers_per_side = {side: sum(s == {side} for s in sides.values()) for side in unipen.SPLIT}
    assert all(n >= 10 for n in writers_per_side.values()), writers_per_side
    assert len(digits) == 10643


def test_a_digit_is_fitted_into_its_box_keeping_its_shape():
    strokes = unipen.fit_to_box([[[100, 50], [100, 250]], [[80, 60], [120, 60]]], (0.1, 0.2, 0.5))
    points = [p for s in strokes for p in s]
    assert min(y for _, y in points) == 0.2 and max(y for _, y in points) == 0.7  # the tall side fills the box
    assert abs((max(x for x, _ in points) - min(x for x, _ in points)) - 0.1) < 1e-9  # 40 of 200 units wide
