"""Digits that touch or lean into each other: written fast, neighbours in a number run into each other
and make one piece of ink, or lean over each other so that splitting (segment.py) takes them for
pieces of one digit. A digit found that is wide enough to be two or three is cut at its thinnest
columns and along the way through it with the least ink (bending around strokes that lean over each
other's columns), and one made of several pieces of ink is also read as two, the pieces on the left
and those on the right. The reading kept is the one whose least sure digit the model is surest of. In a
number, the model's holds (py/holds.py) also says how likely each piece is to hold one digit rather
than part of one or several: a digit is tried divided only where the model doubts it or it likely
holds several (then cut even if narrower than two or three digits usually are, a 1 touching its
neighbour, and in four too), and each input's sureness is its answer's probability times that
likelihood (the network alone reads two touching 8s as one 8 at 0.9999). A lone piece that the holds
find likely several (two or three digits written touching, and nothing else) is read as a number's
piece, its likeliest cuts in two into a digit and several cut again, but divided only where that
leaves half the doubt (a wide 0 can look likely several too); any other, or one left whole, is divided
only when the model doubts it, and by a clear margin (a wide 0 cut in two can look like two 1s, an open
4's stem like a 1, but never very surely).

Pure numpy: the model is passed in as a function, so the page (tfjs), the build and the tests (Keras)
read numbers the same way.
"""

import numpy as np

from holds import KINDS
from preprocess import SIZE, at_working_scale, digit_input, ink_bounds, min_max_filter
from segment import INK, MARGIN, Part, label_coarse, parts_steps
from steps import finish, in_batches

WIDE = 0.95  # a piece at least this wide for its height may be two digits
THREE = 1.7  # ... and this wide, three
# In a number, a piece the holds find LIKELY to hold several digits is tried cut from narrower: in two from
# NARROW (a 1 touching its neighbour makes a piece narrower than WIDE), in three from NARROW_THREE (`410`),
# and in four (only such a piece) from FOUR (`3008`). On the validation writers' 4-, 6- and 10-digit numbers
# (both pads, two drawings, 1,800), each in turn: 8, 13 and 11 more read whole, none fewer in any of the 12
# sets. Others read fewer in some: 0.75 for NARROW, or cutting every narrow digit tried; 1.5 and 1.4 for
# NARROW_THREE (as many more or 3, with 5-10% more inputs); 2.0 for FOUR read as many with more inputs.
NARROW = 0.6
NARROW_THREE = 1.6
FOUR = 2.2
LIKELY = 0.5
# CUTS and DOUBT are given for each kind of piece read: one of a number's pieces, a lone piece that holds
# find likely several digits (LONE_SEVERAL: "touching"), or any other lone piece (most often one digit).
# Thinnest columns tried for a cut in two: in a number, a third cut made 16% more inputs and read no
# more numbers right on validation (700 numbers, both pads); a lone piece, divided only when in doubt,
# tries three (two touching digits written alone, with a 3% pen: 15 of 30 read right, 11 with two); one
# likely several, as many as lie far enough apart (four; validation writers' touching pairs written
# alone, two drawings, taking any division with less doubt: 3-8 more of 150 read right than with two).
CUTS = {"number": 2, "touching": 4, "alone": 3}
# How much less doubt (1 - the probability of its answer) than the whole a division must leave in its
# least sure digit: in a number, where a digit found too wide is more likely two, any less; in a lone
# piece likely several, half (see LONE_SEVERAL); in any other drawing of one piece, most often a lone
# (wide) digit, far less.
DOUBT = {"number": 1.0, "touching": 0.5, "alone": 0.05}
# Three digits written touching alone: a cut in two leaves one digit and two touching, where the bands of a cut in
# three often miss the digits (a narrow 1 beside a wide 0). The AGAIN divisions in two of a lone piece likely
# several whose pieces are likeliest one digit and several have each piece tried as a number's is, and divided
# once more. Chosen on UNIPEN's validation writers' digits written touching alone (both pads, 6 drawings): threes
# 43.9% -> 71.3% of 362 for 45 inputs against 17 (every division in two: 72.1%, 88), fours 36.4% -> 43.8% of 121,
# pairs 80.8% -> 80.4% of 454 (a 5 read as 55); none of 34,111 single digits read otherwise. Another drawing, not
# chosen on: threes 48.8% -> 81.8% of 242, fours 25.9% -> 28.4% of 81, pairs 80.3% -> 79.6% of 152.
AGAIN = 2
# Four touching digits cut in two and again still leave a piece of two: of the divisions cut again, those likely
# (LIKELY) to leave one piece of several and the rest one digit each are cut once more, up to LEVELS times in all.
# The validation writers' fours written touching alone (as AGAIN's): 43.8% -> 64.5% of 121, another drawing 28.4% ->
# 51.9% of 81; pairs, threes and the 164 single digits likeliest several read the same, for 2 more inputs a three;
# pictures the same (600 of each kind). Every such division cut once more, whatever its likelihood: fours 69.4%
# and 58.0%, threes one fewer, pictures of touching digits 14 more of 600, for 35-60% more inputs.
LEVELS = 2
PIECES = 4  # a digit of more pieces of ink than this is not divided by pieces (specks of a photo)
# A lone digit read with less doubt than this is not tried divided. With DOUBT's 0.05, chosen together
# on the validation writers with the pad's pen: their single digits read the same (97.5% desktop, 98.0%
# phone, of 400) with 0.1, 0.03 and 0.01, and two touching digits written alone 8, 13 and 15 of 30
# (build/pen.py's drawing; 0.01 reads 1.17 inputs a digit against 1.04).
SURE = 0.01
# A lone piece that the holds find at least this likely to hold several digits (two or three written so fast
# that they touch) is read as a number's piece, with DOUBT's half. Chosen with it on UNIPEN's validation writers
# (12 drawings of their 800 single digits and of 150 pairs and 60 threes written touching as one piece, each
# pad) and the training writers' 3,732 single digits (2 drawings): no single digit lost with 0.5-0.8 (and
# half), against 8 of 34,128 with 0.7 and any less doubt (the test writers, session 22: 3 of 800), 102 with
# 0.5; pairs 60% -> 81%, threes 34% -> 49%. Pictures of MNIST's validation digits, alone the same (5,000), pairs
# touching 47% -> 57%.
LONE_SEVERAL = 0.7
ONE, SEVERAL = KINDS.index("one"), KINDS.index("several")
SMOOTH = 5  # columns averaged when looking for the thinnest (a stroke's own wobble is not a gap)
MOVE = 0.1  # what a bent cut's step sideways costs, in a pixel's ink (straight through paper is cheaper)


def thinnest(ink, low, high, count):
    """Up to `count` columns between shares low..high of the width with the least ink, far apart."""
    w = ink.shape[1]
    profile = np.convolve(ink.sum(axis=0), np.ones(SMOOTH) / SMOOTH, mode="same")
    lo, hi = max(1, int(low * w)), min(w - 1, int(high * w))
    chosen = []
    for column in lo + np.argsort(profile[lo:hi], kind="stable"):
        if all(abs(column - c) >= w / 8 for c in chosen):
            chosen.append(int(column))
        if len(chosen) == count:
            break
    return chosen


def least_ink_path(ink, low, high):
    """The way from the top row to the bottom through the least ink, within shares low..high of the
    width, moving at most a column a row (each move costs MOVE): its column in each row; None if no
    column lies there (a dot).

    Digits that lean into each other overlap in every column between them; a cut that bends
    around the strokes keeps each digit whole where a straight one takes a piece of one.
    """
    h, w = ink.shape
    lo, hi = max(1, int(low * w)), min(w - 1, int(high * w))
    if hi <= lo:
        return None
    band = ink[:, lo:hi].astype(np.float64)
    cost = band[0].copy()
    came = np.empty((h, hi - lo), dtype=np.intp)  # each row's step from the row above: -1, 0 or +1
    for row in range(1, h):
        left = np.r_[np.inf, cost[:-1]] + MOVE  # from the column to the left in the row above
        right = np.r_[cost[1:], np.inf] + MOVE
        steps = np.argmin(np.stack([left, cost, right]), axis=0)
        cost = np.choose(steps, (left, cost, right)) + band[row]
        came[row] = steps - 1
    path = np.empty(h, dtype=np.intp)
    path[-1] = int(np.argmin(cost))
    for row in range(h - 1, 0, -1):
        path[row - 1] = path[row] + came[row, path[row]]
    return path + lo


def cuttings(part, count, narrow=False):
    """Ways of cutting one piece into digits, each a list of cut lines left to right (a column a row,
    relative to the piece): `count` straight cuts in two at its thinnest columns and one bent through
    the least ink; for a piece wide enough for three, a straight and a bent way in three too. narrow:
    the piece is likely several digits, and may be as narrow as NARROW (NARROW_THREE for three), and
    one FOUR as wide as tall is tried in four too."""
    h, w = part.ink.shape
    if w < (NARROW if narrow else WIDE) * h:
        return []
    ways = [[np.full(h, c)] for c in thinnest(part.ink, 0.25, 0.75, count)]
    ways.append([least_ink_path(part.ink, 0.25, 0.75)])
    if w >= (NARROW_THREE if narrow else THREE) * h:
        ways += ways_through(part.ink, ((0.2, 0.45), (0.55, 0.8)))
    if narrow and w >= FOUR * h:
        ways += ways_through(part.ink, ((0.15, 0.35), (0.4, 0.6), (0.65, 0.85)))
    return [lines for lines in ways if all(line is not None for line in lines)]


def ways_through(ink, bands):
    """Two ways of cutting ink with a line in each band (shares of its width, left to right): straight at each
    band's thinnest column, and bent through each band's least ink."""
    columns = [thinnest(ink, low, high, 1) for low, high in bands]
    straight = [[np.full(ink.shape[0], c[0]) for c in columns]] if all(columns) else []
    return straight + [[least_ink_path(ink, low, high) for low, high in bands]]


def separations(part):
    """Ways of dividing a digit of several pieces of ink in two: for each k, its k leftmost pieces and the rest
    (each with the faint edges of its own strokes)."""
    labels = label_coarse(part.ink > INK * float(part.ink.max()))
    count = int(labels.max()) + 1
    if not 2 <= count <= PIECES:
        return []
    cols = np.arange(part.ink.shape[1])
    centres = [cols[(labels == i).any(axis=0)].mean() for i in range(count)]
    order = np.argsort(centres)
    ways = []
    for k in range(1, count):
        left = np.isin(labels, order[:k])
        right = np.isin(labels, order[k:])
        pieces = [
            trimmed(part, np.where(min_max_filter(own, MARGIN, np.maximum) & ~other, part.ink, 0))
            for own, other in ((left, right), (right, left))
        ]
        if all(p is not None for p in pieces) and side_by_side(*pieces):
            ways.append(pieces)
    return ways


def side_by_side(a, b):
    """Two pieces that overlap by less than half the narrower one's width (a 0's slash or a 7's cross
    lies within its digit: such pieces are one digit)."""
    overlap = min(a.right, b.right) - max(a.left, b.left)
    return overlap < 0.5 * min(a.right - a.left, b.right - b.left)


def trimmed(part, ink):
    """A Part of `ink` (some of part's, in its box) trimmed to its ink; None if blank."""
    bounds = ink_bounds(ink)
    if bounds is None:
        return None
    t, b, lo, hi = bounds
    return Part(part.top + t, part.top + b, part.left + lo, part.left + hi, ink[t:b, lo:hi])


def cut(part, lines):
    """The pieces of `part` between its cut lines (from cuttings), each trimmed to its ink; None if
    one is blank."""
    h, w = part.ink.shape
    columns = np.arange(w)
    edges = [np.zeros(h, dtype=np.intp), *lines, np.full(h, w)]
    pieces = [
        trimmed(part, np.where((columns >= left[:, None]) & (columns < right[:, None]), part.ink, 0))
        for left, right in zip(edges, edges[1:])
    ]
    return None if any(p is None for p in pieces) else pieces


def divisions(part, cuts, narrow=False):
    """Every way of reading one digit found as several: cuts through touching ink (straight and bent),
    then its pieces apart (narrow: see cuttings)."""
    ways = [cut(part, lines) for lines in cuttings(part, cuts, narrow)] + separations(part)
    return [pieces for pieces in ways if pieces is not None]


def division_steps(parts, which, cuts, narrow=()):
    """(which digit, its pieces, their inputs) for every division of the digits `which` (those also in
    `narrow` likely several: see cuttings); a step a division."""
    options = []
    for i in which:
        ways = divisions(parts[i], cuts, i in narrow)
        yield
        for pieces in ways:
            digits = [digit_input(p.ink) for p in pieces]
            if all(d is not None for d in digits):
                options.append((i, pieces, np.stack(digits)))
            yield
    return options


def redivision_steps(options, features, probabilities, holds, cuts, count, deeper=False):
    """(which digit, its pieces, their inputs) for the `count` divisions in two of each digit among `options`
    that most likely leave one digit and several (deeper: divisions of any number of pieces that LIKELY
    leave one of several and the rest one digit each; features and probabilities: of the options' pieces,
    in order), each of their pieces tried as a number's are divided once more; a step a division, as
    division_steps."""
    pieces = [piece for _, division, _ in options for piece in division]
    held = kinds(holds, features, pieces)
    sure = probabilities.max(axis=1) * held[:, ONE]
    starts = np.cumsum([0] + [len(division) for _, division, _ in options])

    def one_and_several(o):
        span = range(starts[o], starts[o + 1])
        return max(held[j, SEVERAL] * np.prod([sure[m] for m in span if m != j]) for j in span)

    likelihood = [one_and_several(o) for o in range(len(options))]
    candidates = {}
    for o, (i, division, _) in enumerate(options):
        if len(division) > 1 and (likelihood[o] >= LIKELY if deeper else len(division) == 2):
            candidates.setdefault(i, []).append(o)
    likeliest = []
    for ways in candidates.values():
        likeliest += sorted(ways, key=likelihood.__getitem__, reverse=True)[:count]
    again = []
    for o in sorted(likeliest):
        i, division, digits = options[o]
        span = slice(starts[o], starts[o + 1])
        narrow = set(np.flatnonzero(held[span, SEVERAL] >= LIKELY).tolist())
        ways = yield from division_steps(division, tried(probabilities[span], held[span], holds), cuts, narrow)
        for j, parts, inputs in ways:
            inputs = np.concatenate([digits[:j], inputs, digits[j + 1 :]])
            again.append((i, division[:j] + parts + division[j + 1 :], inputs))
    return again


def read_digits(ink, read, less_doubt=DOUBT, holds=None):
    """(parts, inputs N x 28 x 28, features, probabilities) of the digits in ink, touching ones divided."""
    return finish(reading_steps(ink, read, less_doubt, holds=holds))


def reading_steps(ink, read, less_doubt=DOUBT, batch=None, one_piece=False, holds=None):
    """read_digits in steps (steps.py): pauses between its heavy steps and between calls of the model.

    read: N x 28 x 28 inputs -> (features N x D, probabilities N x 10), the model.
    The ink is cut to its box and shrunk to a working scale first (the digits' height brought near
    preprocess.WORK); the parts' boxes are given in the ink's pixels, their ink at the working scale.
    holds: the model's holds.Holds, which tells what a piece of ink holds (part of a digit, one, several):
    a number's digits are read whole first, and only those in doubt or likely several are tried divided,
    read after them (the model's time grows with every input it reads). Without it, in a number every
    division is read with the digits (touching digits are often read as one digit with confidence). A
    lone piece is read as a number's only if holds find it LONE_SEVERAL likely several; any other lone
    digit, or one so read and left whole, is divided only if the model is unsure of it whole, without
    holds' sureness: a lone piece cut in two reads as two digits less surely than as a part and a part
    (two touching digits written alone, tests/test_touching.py, with a 3% pen: 1 of 30 read right with
    holds asked for every lone piece and any less doubt, 12 without). Of a lone piece likely several, the
    AGAIN likeliest divisions in two into a digit and several are divided once more (three touching
    digits), and those likely to leave a piece of several again (four); of each of a number's digits tried
    divided, holds' `again` likeliest (pictures' digits overlap more than a pen's). batch: the most inputs
    the model reads in one call and step (None: all in one call, the fastest; the page's readings in steps
    give a few, so that no step is long). one_piece: the ink is known to be one piece (one pen stroke): see
    segment.split.
    """
    ink = np.asarray(ink, dtype=np.float32)
    drawing = at_working_scale(ink)
    if drawing is None:
        return [], np.zeros((0, SIZE, SIZE), dtype=np.float32), None, None
    top, left, k, working = drawing
    parts, inputs = yield from parts_steps(working, one_piece)
    if not parts:
        return [], inputs, None, None
    n = len(parts)
    if n > 1 and holds is None:
        kind = "number"
        options = yield from division_steps(parts, range(n), CUTS[kind])
        every = np.concatenate([inputs] + [digits for _, _, digits in options])
        features, probabilities = yield from in_batches(read, every, batch)
    else:
        features, probabilities = yield from in_batches(read, inputs, batch)
        held = kinds(holds, features, parts)
        likely_several = holds is not None and held[0, SEVERAL] >= LONE_SEVERAL
        kind = "number" if n > 1 else "touching" if likely_several else "alone"
        if kind == "alone":
            holds, held = None, kinds(None, features, parts)
        which = tried(probabilities, held, holds)
        narrow = set(np.flatnonzero(held[:, SEVERAL] >= LIKELY).tolist())  # none without holds (a lone digit)
        options = yield from division_steps(parts, which, CUTS[kind], narrow)
        every = np.concatenate([inputs] + [digits for _, _, digits in options])
        if options:
            features, probabilities = yield from read_after(read, every[n:], features, probabilities, batch)
        count = AGAIN if kind == "touching" else holds.again if kind == "number" else 0
        latest, start = options, n  # the divisions last made, and where their inputs begin
        for level in range(LEVELS if count else 0):
            again = yield from redivision_steps(
                latest, features[start:], probabilities[start:], holds, CUTS[kind], count, deeper=level > 0
            )
            if not again:
                break
            options, latest, start = options + again, again, len(every)
            cut_again = np.concatenate([digits for _, _, digits in again])
            every = np.concatenate([every, cut_again])
            features, probabilities = yield from read_after(read, cut_again, features, probabilities, batch)
    # How sure each input is right: its answer's probability, times the chance that it holds one digit.
    pieces = parts + [piece for _, division, _ in options for piece in division]
    sure = probabilities.max(axis=1) * kinds(holds, features, pieces)[:, ONE]
    chosen = chosen_divisions(parts, options, sure, less_doubt[kind])
    if kind == "touching" and len(chosen[0][0]) == 1 and tried(probabilities[:1], None, None).size:
        # Left whole, a piece likely several may still be one digit in doubt: read as any lone piece.
        chosen = chosen_divisions(parts, options, probabilities.max(axis=1), less_doubt["alone"])
    keep = np.concatenate([np.arange(span.start, span.stop) for _, span in chosen])
    found = [part.in_frame(top, left, k, ink.shape) for division, _ in chosen for part in division]
    return found, every[keep], features[keep], probabilities[keep]


def read_after(read, inputs, features, probabilities, batch):
    """(features, probabilities) of the inputs read so far followed by those of `inputs`, read in steps."""
    more = yield from in_batches(read, inputs, batch)
    return tuple(np.concatenate(pair) for pair in zip((features, probabilities), more))


def chosen_divisions(parts, options, sure, less_doubt):
    """[(pieces, their inputs' slice)] of each part: whole, unless one of its divisions (options, their inputs
    after the parts' in `sure`) leaves less doubt in its least sure digit, by the share `less_doubt` of the
    whole's."""
    chosen = [([part], slice(i, i + 1)) for i, part in enumerate(parts)]
    score = [1.0 - sure[i] for i in range(len(parts))]
    start = len(parts)
    for i, division, digits in options:
        span = slice(start, start + len(digits))
        start += len(digits)
        left_in_doubt = (1.0 - sure[span].min()) / less_doubt
        if left_in_doubt < score[i]:
            score[i] = left_in_doubt
            chosen[i] = (division, span)
    return chosen


def kinds(holds, features, pieces):
    """What each piece (the inputs' first len(pieces)) holds, N x len(KINDS); one digit each without holds."""
    if holds is None:
        return np.eye(len(KINDS))[np.full(len(pieces), ONE)]
    return holds.kinds(features[: len(pieces)], [piece.ink.shape for piece in pieces])


def tried(probabilities, held, holds):
    """Which digits read whole are tried divided: those the model doubts, or likely several digits."""
    in_doubt = 1.0 - probabilities.max(axis=1)
    if holds is None:  # a lone digit
        return np.flatnonzero(in_doubt >= SURE)
    return np.flatnonzero((in_doubt >= holds.divide) | (held[:, SEVERAL] >= holds.several))
