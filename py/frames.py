"""How smoothly the pad draws, from when its frames ran while a stroke was drawn (js/pad.js records them).

A pen moving steadily sends moves all the time; each waits for the next frame to be painted. A move
made in a gap of g ms between two frames waits between 0 and g ms, so the share of moves that wait
longer than x is the share of the stroke's time spent in gaps, beyond their first x ms. At 60 frames a
second the 95th percentile is 15.8 ms; a reading that holds the main thread for 40 ms makes one gap of
about 56 ms. Unlike timing test input (a driven browser waits for each move to be handled, so moves
never queue behind a busy page), this counts the moves a person's pen would have made meanwhile.
Pure numpy: the page (live.py) and the speed benchmark use it.
"""

import numpy as np


def move_to_paint(*strokes, share=0.95):
    """The `share` percentile (ms) of how long a steadily moving pen's moves wait to be painted, over
    strokes each given as its frames' times; None with no gap between two frames."""
    gaps = np.concatenate([np.diff(np.asarray(frames, dtype=np.float64)) for frames in strokes])
    gaps = np.sort(gaps[gaps > 0])[::-1]
    if gaps.size == 0:
        return None
    # The share of time in which a move waits longer than x, sum(max(g - x, 0)) / sum(g), falls
    # linearly between gap lengths: with x between the i-th and (i+1)-th longest gaps it is
    # (sum of the i longest - i x) / total. Solve for it to be 1 - share, in the first stretch that holds x.
    total = gaps.sum()
    count = np.arange(1, gaps.size + 1)
    x = (np.cumsum(gaps) - (1 - share) * total) / count
    return float(x[np.argmax(x >= np.append(gaps[1:], 0.0))])
