"""Speed benchmark: how fast the page reads what is drawn and shown, from its own performance marks.

    python -m bench.speed [--drawings 100] [--written 20] [--phone] [--seed 0] [--site DIR] [--against OTHER_SITE]

In headless Chromium on this machine, with the built site:
- drawings: UNIPEN validation writers' digits, alone and as 4-digit numbers, put on the pad as one
  drawing each (the pad's drawStrokes, one reading each); the page's own User Timing entries give
  preprocessing (numpy, from reading the pad to the model's call), inference (tfjs) and the whole
  recognition, medians and 95th percentiles, and what is left of it after the model (personal
  adaptation and the result panel).
- writing: the same writers' digits and numbers drawn with the mouse at a pen's pace (a move every
  PACE ms), with reading as you write on and then off: how long a steadily moving pen's moves wait to
  be painted (py/frames.py, from the frames the pad saw during the strokes: median and 95th
  percentile over all of them), how many readings ran while the pen moved, how long each took from
  the pad's pixels to the answer shown (in steps, frames painted between them), how long the reading
  at each pen-up took (what the writer waits for), and the longest main-thread task that began while
  a pen was down (Long Tasks API); on every page given (--against).
- a 12-megapixel photo (a 4-digit number written large on paper, a PNG) uploaded: from the file to
  the answer shown (decode and scale in the browser, then recognition), and the longest task the
  main thread ran meanwhile (Long Tasks API: tasks over 50 ms; none is best), and the longest step of
  its recognition (the longest the browser waited for a turn of its own meanwhile: under 50 ms is the aim).
This machine's speed drifts (slow spells make everything twice as slow): to compare two builds, give
--against another built site; each drawing is then read by both pages in turn.
"""

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from build import handwriting, mnist, unipen
from build.pagedriver import CONTEXTS, COUNT_TURNS, WATCH_LONG_TASKS, ready_pages
from build.synthetic import png_bytes, sheet_photo
from frames import move_to_paint  # py/, on the path once build is imported

MEASURES = ("preprocess", "inference", "recognition")
PACE = 0.008  # seconds between pointer moves: a 125 Hz mouse or pen
DURATION = "(name) => performance.getEntriesByName(name, 'measure').at(-1).duration"
RECOGNITIONS = "performance.getEntriesByName('recognition', 'measure').map((e) => e.toJSON())"
# Draws strokes as one drawing and resolves with the page's measures of its reading.
READ_DRAWING = """async ([strokes, names]) => {
    const bars = document.querySelector("[data-testid=probabilities]");
    const shown = async (action) => {
        const seq = +bars.dataset.seq;
        action();
        while (+bars.dataset.seq <= seq) await new Promise((r) => setTimeout(r, 1));
    };
    await shown(() => digitPad.pad.clear());
    performance.clearMeasures();
    await shown(() => digitPad.pad.drawStrokes(strokes));
    return Object.fromEntries(names.map((name) => [name, performance.getEntriesByName(name, "measure").at(-1)?.duration]));
}"""


def drawings(count, seed):
    """(singles, numbers): `count` of each, strokes in pad units, from the validation writers."""
    digits = unipen.digits_of("validation", quality=("OK",))
    rng = np.random.default_rng(seed)
    singles = [handwriting.single(digits[i]["strokes"], rng) for i in rng.integers(len(digits), size=count)]
    numbers = [
        handwriting.number([digits[i]["strokes"] for i in rng.integers(len(digits), size=4)], rng) for _ in range(count)
    ]
    return singles, numbers


def write(driver, strokes):
    """Draws strokes (pad units) with the mouse, a move every PACE seconds, each stroke's reading at
    pen-up shown before the next; returns the frames the pad saw during each stroke, the readings
    shown while the pen was down, the readings at pen-up (measures) and the longest main-thread task
    that began while it was down (ms; 0 if none over 50)."""
    page, frames, live, down, pen_ups = driver.page, [], 0, [], []
    page.evaluate("digitPad.pad.clear()")
    page.evaluate(WATCH_LONG_TASKS)
    for stroke in strokes:
        at = driver.pad_point((0, 0, 1))
        page.mouse.move(*at(*stroke[0]))
        seq = page.evaluate("+document.querySelector('[data-testid=probabilities]').dataset.seq")
        page.mouse.down()
        since = page.evaluate("performance.now()")
        due = time.perf_counter()
        for point in stroke[1:]:
            due += PACE
            time.sleep(max(0.0, due - time.perf_counter()))
            page.mouse.move(*at(*point))
        live += page.evaluate("+document.querySelector('[data-testid=probabilities]').dataset.seq") - seq
        down.append((since, page.evaluate("performance.now()")))
        driver.after_pen_up(page.mouse.up)
        # A live reading under way at pen-up is never shown: the last reading shown is pen-up's.
        pen_ups.append(page.evaluate(f"({RECOGNITIONS}).at(-1)"))
        frames.append(page.evaluate("digitPad.pad.frames"))
    tasks = driver.long_tasks()
    held = max((length for start, length in tasks if any(a <= start < b for a, b in down)), default=0.0)
    return frames, live, pen_ups, held


def writing(driver, shown):
    """(frames of every stroke, live readings, their durations, the readings' durations at pen-up,
    the longest task while the pen was down in each drawing) over drawings, as written."""
    frames, live, durations, at_pen_up, held = [], 0, [], [], []
    for strokes in shown:
        driver.page.evaluate("performance.clearMeasures('recognition')")
        more, count, pen_ups, longest = write(driver, strokes)
        frames += more
        live += count
        held.append(longest)
        at_pen_up += [e["duration"] for e in pen_ups]
        durations += [e["duration"] for e in driver.page.evaluate(RECOGNITIONS) if e not in pen_ups]
    return frames, live, durations, at_pen_up, held


def photo_reading(driver, path):
    """(ms decoding and scaling, ms recognising, the longest main-thread task meanwhile in ms or 0,
    the longest wait between the browser's turns during the recognition in ms) of one upload."""
    page = driver.page
    driver.click("clear")
    page.evaluate(WATCH_LONG_TASKS)
    page.evaluate(COUNT_TURNS)
    driver.after(lambda: page.set_input_files("[data-testid=upload]", str(path)))
    turns = driver.turns_during("recognition")
    longest = max((length for _, length in driver.long_tasks()), default=0.0)
    step = max(np.diff(turns), default=0.0)
    return page.evaluate(DURATION, "decode"), page.evaluate(DURATION, "recognition"), longest, step


def summary(values):
    values = np.asarray(values, dtype=np.float64)
    return f"median {np.median(values):6.1f} ms   p95 {np.percentile(values, 95):6.1f} ms"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drawings", type=int, default=100, help="drawings of each kind")
    parser.add_argument("--phone", action="store_true", help="a phone's page (390x844, DPR 3) instead of a desktop's")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--site", help="the built site to serve (default www/)")
    parser.add_argument("--against", help="another built site, measured in the same run")
    parser.add_argument("--written", type=int, default=20, help="drawings of each kind written with the mouse")
    parser.add_argument("--photos", type=int, default=5, help="uploads of the 12-megapixel photo")
    args = parser.parse_args(argv)
    singles, numbers = drawings(args.drawings, args.seed)
    context = CONTEXTS["phone" if args.phone else "desktop"]
    sites = {"this build": args.site} | ({f"against {args.against}": args.against} if args.against else {})
    with ready_pages(list(sites.values()), **context) as drivers:
        pages = dict(zip(sites, drivers))
        side = next(iter(pages.values())).page.evaluate("digitPad.pad.canvas.width")
        print(
            f"{'phone' if args.phone else 'desktop'} page, pad {side} device pixels a side; {args.drawings} drawings of each kind"
        )
        for kind, shown in (("one digit", singles), ("4-digit number", numbers)):
            timings = {name: [] for name in pages}
            for driver in pages.values():
                driver.page.evaluate(
                    READ_DRAWING, [shown[0], MEASURES]
                )  # the first reading compiles what later ones reuse
            for strokes in shown:
                for name, driver in pages.items():
                    timings[name].append(driver.page.evaluate(READ_DRAWING, [strokes, MEASURES]))
            for name, measured in timings.items():
                rows = {measure: [t[measure] for t in measured] for measure in MEASURES}
                # What the reading spends after the model: personal adaptation and the result panel.
                rows["shown after"] = [t["recognition"] - t["preprocess"] - t["inference"] for t in measured]
                for measure, values in rows.items():
                    print(f"  {kind:15s} {measure:12s} {summary(values)}   {name if len(pages) > 1 else ''}")
        if args.photos:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "photo-12mp.png"
                path.write_bytes(png_bytes(sheet_photo(mnist.load("t10k")[0])))
                readings = {name: [] for name in pages}
                for _ in range(args.photos):
                    for name, driver in pages.items():
                        readings[name].append(photo_reading(driver, path))
            print(f"12-megapixel photo (PNG), {args.photos} uploads")
            for name, measured in readings.items():
                decode, recognition, longest, step = np.array(measured).T
                label = name if len(pages) > 1 else ""
                print(f"  file to answer             {summary(decode + recognition)}   {label}")
                print(f"    decode and scale         {summary(decode)}")
                print(f"    recognition              {summary(recognition)}")
                print(f"  longest main-thread task   {summary(longest)}")
                print(f"  longest reading step       {summary(step)}")
        if args.written:
            shown = singles[: args.written] + numbers[: args.written]
            print(
                f"written with the mouse, a move every {1000 * PACE:.0f} ms: {args.written} digits and {args.written} numbers"
            )
            for setting in ("on", "off"):
                for name, driver in pages.items():
                    # The person's own choice (clicked), which the page does not overrule.
                    if driver.page.is_checked("[data-testid=live]") == (setting == "on"):
                        driver.page.click("[data-testid=live]")
                    driver.page.click("[data-testid=live]")
                    frames, live, durations, at_pen_up, held = writing(driver, shown)
                    share = {p: move_to_paint(*frames, share=p / 100) for p in (50, 95)}
                    print(
                        f"  reading as you write {setting:3s}: move to paint median {share[50]:5.1f} ms   p95 {share[95]:5.1f} ms ({len(frames)} strokes)   {name if len(pages) > 1 else ''}"
                    )
                    if setting == "on":
                        print(f"    {live} readings while the pen moved; each {summary(durations)}")
                    print(f"    the reading at each pen-up   {summary(at_pen_up)}")
                    print(
                        f"    longest main-thread task while a pen was down (0: none over 50 ms): {summary(held)}; max {max(held):.0f} ms"
                    )


if __name__ == "__main__":
    main()
