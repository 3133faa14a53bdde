"""Work done in steps: generators that pause (yield) between their heavy steps and return a result.

finish() runs one through in one go (the CPython tests, the build, the reading at pen-up); the page
awaits paced() for a picture and for readings while the pen moves, so that the browser draws and
takes input between the steps and no single task holds the main thread for long. Each step is
a few milliseconds of warm numpy in Pyodide, so that a cold first photo on a slow spell (several
times slower) still keeps its tasks short.
"""

import asyncio

import numpy as np

BAND = 1 << 18  # pixels of a photo worked on in one step (about 5 ms of elementwise numpy in Pyodide)


def finish(steps):
    """The result of a generator of steps, run to its end at once."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


async def paced(steps):
    """The result of a generator of steps, giving the browser's event loop a turn before each step
    (so that two paced generators, one after the other, do not join their last and first steps)."""
    while True:
        await asyncio.sleep(0)
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def in_bands(work, image):
    """work(image) done on bands of rows of about BAND pixels, a step each; their results stacked."""
    rows = max(1, BAND // max(1, image.shape[1]))
    done = []
    for top in range(0, image.shape[0], rows):
        done.append(work(image[top : top + rows]))
        yield
    return np.concatenate(done)


def in_batches(read, inputs, batch):
    """read(inputs) -> arrays, called on at most `batch` inputs at a time (None: all), a step each."""
    batch = batch or len(inputs)
    done = []
    for start in range(0, len(inputs), batch):
        done.append(read(inputs[start : start + batch]))
        yield
    return tuple(np.concatenate(arrays) for arrays in zip(*done))
