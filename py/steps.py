"""Work done in steps: generators that pause (yield) between their heavy steps and return a result.

finish() runs one through in one go (the CPython tests, the build, a drawing's reading, which must
not be interleaved with another); the page awaits paced() for a picture, so that the browser draws
and takes input between the steps and no single task holds the main thread for long.
"""

import asyncio


def finish(steps):
    """The result of a generator of steps, run to its end at once."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


async def paced(steps):
    """The result of a generator of steps, giving the browser's event loop a turn between steps."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
        await asyncio.sleep(0)
