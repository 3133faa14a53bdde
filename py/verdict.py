"""What to tell the person, given the model's ten probabilities.

Pure Python and numpy: the page and the tests share it.
"""

from dataclasses import dataclass

import numpy as np

SURE = 0.75  # below this the page says it is unsure instead of stating one digit


@dataclass(frozen=True)
class Reading:
    digit: int
    probability: float
    runner_up: int
    sure: bool

    @property
    def message(self):
        if self.sure:
            return f"It's a {self.digit} ({self.probability:.0%} sure)."
        return f"Not sure: {self.digit} or {self.runner_up}?"


def read(probabilities):
    p = np.asarray(probabilities, dtype=np.float64).reshape(10)
    first, second = (int(i) for i in np.argsort(p)[::-1][:2])
    return Reading(first, float(p[first]), second, bool(p[first] >= SURE))


BLANK_MESSAGE = "Draw a digit in the box."
