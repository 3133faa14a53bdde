"""Training's pen drawings: each digit drawn as many times as asked, the same drawings whatever else is drawn,
and the styles read too unsurely drawn more often than the rest."""

import numpy as np

from build import handwriting, stroke_digits, train, unipen


def test_a_digit_drawn_more_often_keeps_its_first_drawings():
    digits = unipen.digits_of("validation", quality=("OK",))[:4]
    plain, plain_labels = stroke_digits.images(digits, 2, seed=3, processes=1)
    more, more_labels = stroke_digits.images(digits, [2, 4, 2, 3], seed=3, processes=1)
    assert len(more) == 11
    assert np.array_equal(more[:8], plain) and np.array_equal(more_labels[:8], plain_labels)
    assert more_labels[8:].tolist() == [digits[i]["label"] for i in (1, 3, 1)]  # variant-major: 3rd, then 4th
    assert not np.array_equal(more[8], more[1])  # another drawing of the same digit


def test_the_oversampled_styles_are_drawn_more_often():
    x, y, _, _ = train.stroke_sets(seed=0, limit=300)
    drawn = [d for d in unipen.digits_of("train") if train.plausible(d)][:300]
    styled = sum(handwriting.style(d["label"], d["strokes"]) in train.OVERSAMPLED_STYLES for d in drawn)
    assert 0 < styled < len(drawn)
    extra = train.STYLE_VARIANTS - train.STROKE_VARIANTS
    assert len(x) == len(y) == train.STROKE_VARIANTS * len(drawn) + extra * styled
