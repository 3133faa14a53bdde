"""What to tell the person, given the model's ten probabilities.

Pure Python and numpy: the page and the tests share it.
"""

from dataclasses import dataclass

import numpy as np

from contract import CLASSES

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
            return f"It's {a_digit(self.digit)} ({percent(self.probability)} sure)."
        return f"Not sure: {self.digit} or {self.runner_up}?"


def a_digit(digit):
    """The digit with its article, as it is said: "an 8", "a 7"."""
    return f"an {digit}" if digit == 8 else f"a {digit}"


def percent(p):
    """Whole percents, but never a rounded-up 100%: the model is never certain."""
    return f"{min(100 * p, 99.9):.1f}%" if p >= 0.995 else f"{100 * p:.0f}%"


def read(probabilities):
    p = np.asarray(probabilities, dtype=np.float64).reshape(CLASSES)
    first, second = (int(i) for i in np.argsort(p)[::-1][:2])
    return Reading(first, float(p[first]), second, bool(p[first] >= SURE))


def number(readings):
    return "".join(str(r.digit) for r in readings)


def message(readings):
    """One short sentence for the whole drawing or photo: what is in doubt first, as the page may show
    only its first two lines beside the number (each digit's alternatives are also in its crop's
    label and bars)."""
    if len(readings) == 1:
        return readings[0].message
    unsure = [i for i, r in enumerate(readings) if not r.sure]
    if not unsure:
        return f"It reads {number(readings)}."
    if len(unsure) == 1:
        r = readings[unsure[0]]
        return f"Not sure of digit {unsure[0] + 1} ({r.digit} or {r.runner_up}): probably {number(readings)}."
    listed = ", ".join(str(i + 1) for i in unsure[:-1]) + f" and {unsure[-1] + 1}"
    return f"Not sure of digits {listed}: probably {number(readings)}."
