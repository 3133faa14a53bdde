"""UNIPEN split by writer, never by sample: no writer on two sides, every side has writers."""

from build import unipen


def test_each_writer_is_on_one_side_only_and_each_side_has_its_share():
    digits = unipen.load()
    assert len(digits) == 10643
    sides = [unipen.digits_of(side, quality=("OK",)) for side in unipen.SPLIT]
    writers = [{d["writer"] for d in side} for side in sides]
    assert not (writers[0] & writers[1] or writers[0] & writers[2] or writers[1] & writers[2])
    checked = sum(len(side) for side in sides)
    for side, share in zip(sides, unipen.SPLIT.values()):
        assert abs(len(side) / checked - share) < 0.05, (len(side), checked)
    assert all(len(w) >= 10 for w in writers), [len(w) for w in writers]


def test_a_digit_is_fitted_into_its_box_keeping_its_shape():
    strokes = unipen.fit_to_box([[[100, 50], [100, 250]], [[80, 60], [120, 60]]], (0.1, 0.2, 0.5))
    points = [p for s in strokes for p in s]
    assert min(y for _, y in points) == 0.2 and max(y for _, y in points) == 0.7  # the tall side fills the box
    assert abs((max(x for x, _ in points) - min(x for x, _ in points)) - 0.1) < 1e-9  # 40 of 200 units wide
