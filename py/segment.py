"""Split ink into digits, left to right.

Connected components of the ink, then the components that belong to one digit
are merged: pieces that overlap a lot horizontally (a 7's crossbar, the top bar
of a 5 written apart), a short piece nearly touching a taller one (the bar of
an open 4), and small specks next to a digit. Pure numpy, vectorised where it
counts, so it is fast in Pyodide too.
"""

from dataclasses import dataclass

import numpy as np

from preprocess import INK_FLOOR, SIZE, block_sums, digit_input, ink_bounds, min_max_filter
from steps import finish

INK = 0.2  # ink level that counts as part of a stroke when splitting
OVERLAP = 0.5  # merge pieces whose column ranges overlap by this share of the narrower one
SPECK = 0.02  # pieces under this share of the largest piece's ink are specks
NEAR = 0.25  # a gap under this share of a digit's height is "nearly touching"
PARTIAL = 0.8  # a piece shorter than this share of its neighbour is only part of a digit
MARGIN = 2  # pixels of faint stroke edge kept around each digit
COARSE = 200  # cells a side of the grid that connectivity is worked out on


@dataclass(frozen=True)
class Part:
    """One digit: its box in the image (exclusive ends) and its own ink only."""

    top: int
    bottom: int
    left: int
    right: int
    ink: np.ndarray  # the box's ink, with other digits' strokes removed

    def in_frame(self, top, left, scale, shape):
        """This part, found in an image of `scale` frame pixels a pixel (preprocess.working_scale) whose
        top-left was (top, left) of a frame of `shape`: its box in the frame's pixels (its ink stays as found)."""
        h, w = shape
        return Part(
            top + int(self.top * scale),
            min(top + int(np.ceil(self.bottom * scale)), h),
            left + int(self.left * scale),
            min(left + int(np.ceil(self.right * scale)), w),
            self.ink,
        )


def runs(mask):
    """The horizontal runs of a boolean image: (row, start, end) arrays (end exclusive), in raster order."""
    h, w = mask.shape
    padded = np.zeros((h, w + 2), dtype=np.int8)  # paper left and right of every row
    padded[:, 1:-1] = mask
    edges = np.diff(padded, axis=1)  # +1 where a run starts, -1 just after it ends
    row, start = np.nonzero(edges == 1)
    _, end = np.nonzero(edges == -1)
    return row, start, end


def touching_runs(row, start, end, width):
    """Pairs (a, b) of runs, b in the row below a, that touch (8-connected: sharing a column or a corner).

    Runs are in raster order, so those of the next row that reach a run's columns are one contiguous
    stretch, found for all runs at once by binary search on (row, column) keys.
    """
    stride = width + 2
    below = (row + 1) * stride
    first = np.searchsorted(row * stride + end, below + start, side="left")  # first below ending at or after start
    last = np.searchsorted(row * stride + start, below + end, side="right")  # past the last below starting by end
    counts = np.maximum(last - first, 0)
    a = np.repeat(np.arange(row.size), counts)
    b = np.repeat(first, counts) + np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return a, b


def label(mask):
    """Connected components (8-connected) of a boolean image: int32 labels, -1 for background, numbered
    in the raster order of their first pixel.

    Works on horizontal runs, a stroke's row at a time rather than its every pixel: union-find in
    whole-array steps links every two touching runs to the smaller of their roots, then jumps pointers
    until each run points at its root; a handful of rounds suffices.
    """
    h, w = mask.shape
    row, start, end = runs(mask)
    u, v = touching_runs(row, start, end, w)
    parent = np.arange(row.size, dtype=np.intp)  # intp (int32 in Pyodide): the index type, used throughout
    while True:
        pu, pv = parent[u], parent[v]
        differ = pu != pv
        if not differ.any():
            break
        # Hook the larger root under a smaller one; where several compete any one will do
        # (all are connected), and plain assignment is far faster than ufunc.at.
        parent[np.maximum(pu, pv)[differ]] = np.minimum(pu, pv)[differ]
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
    _, ids = np.unique(parent, return_inverse=True)
    lengths = end - start
    pixels = np.arange(lengths.sum()) + np.repeat(row * w + start - (np.cumsum(lengths) - lengths), lengths)
    labels = np.full(h * w, -1, dtype=np.int32)
    labels[pixels] = np.repeat(ids.astype(np.int32), lengths)
    return labels.reshape(h, w)


def label_coarse(mask, side=COARSE):
    """label() on a grid of at most `side` cells a side, mapped back to every pixel.

    Connectivity needs no more detail than that, and it is several times
    faster; strokes closer than one cell count as touching.
    """
    if max(mask.shape) <= side:
        return label(mask)
    labels, _, k = label_cells(mask, side)
    return np.where(mask, spread(labels, k, mask.shape), -1)


def label_cells(mask, side=COARSE):
    """label() on a grid of at most `side` cells a side: (the cells' labels, the mask's pixels in each
    cell, the cells' side in pixels)."""
    k = max(1, -(-max(mask.shape) // side))
    counts = block_sums(mask, k)
    return label(counts > 0), counts, k


def spread(cells, k, shape):
    """Each cell's value over its k x k pixels, cut to `shape`: the image that cells were made of."""
    # Columns first, on the few rows of cells: repeating whole rows is a copy of memory.
    return np.repeat(np.repeat(cells, k, axis=1)[:, : shape[1]], k, axis=0)[: shape[0]]


def boxes(labels, count):
    """(top, bottom, left, right, pixels) for each label 0..count-1 (exclusive ends)."""
    rows, cols = np.nonzero(labels >= 0)
    if count == 1:  # most drawings: one piece of ink
        return np.array([[rows[0], rows[-1] + 1, cols.min(), cols.max() + 1, rows.size]], dtype=np.int64)
    ids = labels[rows, cols]
    order = np.argsort(ids, kind="stable")
    rows, cols, ids = rows[order], cols[order], ids[order]
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    out = np.empty((count, 5), dtype=np.int64)
    out[:, 0] = np.minimum.reduceat(rows, starts)
    out[:, 1] = np.maximum.reduceat(rows, starts) + 1
    out[:, 2] = np.minimum.reduceat(cols, starts)
    out[:, 3] = np.maximum.reduceat(cols, starts) + 1
    out[:, 4] = np.diff(np.r_[starts, len(ids)])
    return out


def belong_together(a, b):
    """Two pieces (top, bottom, left, right, pixels) of one digit?

    Yes if their columns overlap a lot (a 7's crossbar, a 5's detached top bar),
    or if they nearly touch and one is much shorter than the other (the bar
    of an open 4 beside its stem); two whole digits side by side are neither.
    """
    overlap = min(a[3], b[3]) - max(a[2], b[2])
    narrower = min(a[3] - a[2], b[3] - b[2])
    if overlap >= OVERLAP * narrower:
        return True
    heights = sorted((a[1] - a[0], b[1] - b[0]))
    return -overlap < NEAR * heights[1] and heights[0] < PARTIAL * heights[1]


def group(pieces):
    """Which pieces form one digit: a group id per piece (pieces: N x 5 from boxes)."""
    n = len(pieces)
    groups = np.arange(n)
    largest = pieces[:, 4].max()

    def join(a, b):
        ga, gb = groups[a], groups[b]
        groups[groups == max(ga, gb)] = min(ga, gb)

    for a in range(n):
        for b in range(a + 1, n):
            if belong_together(pieces[a], pieces[b]):
                join(a, b)
    # A speck joins the nearest real piece (by horizontal gap) rather than standing as a digit.
    real = pieces[:, 4] >= SPECK * largest
    for a in np.flatnonzero(~real):
        gaps = np.maximum(0, np.maximum(pieces[real, 2] - pieces[a, 3], pieces[a, 2] - pieces[real, 3]))
        join(a, np.flatnonzero(real)[np.argmin(gaps)])
    return groups


def split(ink, one_piece=False):
    """The digits in an ink image (float, ink high), ordered left to right; [] if blank.

    one_piece: the ink is known to be one piece (drawn in one stroke), which is one digit: the
    pieces need not be found.
    """
    ink = np.asarray(ink, dtype=np.float32)
    if ink.size == 0 or ink.max() <= INK_FLOOR:
        return []
    if one_piece:
        return [whole(ink)]
    mask = ink > max(INK * float(ink.max()), INK_FLOOR)
    labels = label_coarse(mask)
    pieces = boxes(labels, int(labels.max()) + 1)
    groups = group(pieces)
    ids = np.unique(groups)
    if len(ids) == 1:
        return [whole(ink)]
    # Each digit's strokes with their faint edges (not in the mask), without the strokes of its
    # neighbours: a pixel is a digit's if its piece is, or if that digit's strokes are the only ones
    # within MARGIN of it (the largest and the smallest digit number around it are the same).
    n = len(ids)
    owner = np.append(np.searchsorted(ids, groups), -1).astype(np.int32)[labels]  # -1: paper
    highest = min_max_filter(owner, MARGIN, np.maximum)
    lowest = n - min_max_filter(np.where(owner >= 0, n - owner, 0), MARGIN, np.maximum)
    claimed = np.where(highest == lowest, highest, owner)
    parts = []
    h, w = ink.shape
    for g in range(n):
        members = groups == ids[g]
        top, bottom = max(pieces[members, 0].min() - MARGIN, 0), min(pieces[members, 1].max() + MARGIN, h)
        left, right = max(pieces[members, 2].min() - MARGIN, 0), min(pieces[members, 3].max() + MARGIN, w)
        piece = np.where(claimed[top:bottom, left:right] == g, ink[top:bottom, left:right], 0)
        t, b, lo, hi = ink_bounds(piece)  # never None: own pixels are above INK_FLOOR
        parts.append(Part(int(top + t), int(top + b), int(left + lo), int(left + hi), piece[t:b, lo:hi]))
    return sorted(parts, key=lambda p: (p.left + p.right) / 2)


def whole(ink):
    """One digit: all of the ink, faint edges included, exactly as to_mnist would take it."""
    top, bottom, left, right = ink_bounds(ink)
    return Part(top, bottom, left, right, ink[top:bottom, left:right])


def read_parts(ink):
    """The digits in an ink image and their 28x28 model inputs (N x 28 x 28), left to right."""
    return finish(parts_steps(ink))


def parts_steps(ink, one_piece=False):
    """read_parts in steps (steps.py): the ink split (split's one_piece), then the inputs made."""
    found = split(ink, one_piece)
    yield
    parts, inputs = [], []
    for part in found:
        digit = digit_input(part.ink)
        if digit is not None:
            parts.append(part)
            inputs.append(digit)
    return parts, np.stack(inputs) if inputs else np.zeros((0, SIZE, SIZE), dtype=np.float32)
