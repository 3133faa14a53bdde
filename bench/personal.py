"""Personal adaptation benchmark: UNIPEN's test writers (never used to train or tune) write their
digits on the page in order, and every misread digit is corrected through the page, as a person would.

    python -m bench.personal [--writers N] [--mnist 2000]

Prints, per writer, the accuracy of the model alone and with the corrections made so far, and the
targets: for writers under 95% alone, the error on the digits after their first 5 corrections,
relative to the model alone on the same digits; the worst change of any writer; each style MNIST
barely has (slashed 0, flagged 1, ...), alone and with corrections; MNIST test accuracy
with one writer's corrections loaded; the time a correction takes to show; start-up with 500 stored
corrections against none.
"""

import argparse
import json
import statistics
import tempfile
from pathlib import Path

import numpy as np

from bench.strokes import grouped
from build import handwriting, mnist, unipen
from build.pagedriver import PageDriver, ready_page
from contract import PERSONAL_FORMAT, SIDE

FIRST = 5  # corrections before the error rate is compared
BOX = (0.15, 0.15, 0.7)  # where each digit is written on the pad

# Time from pressing a correction button to the new answer on screen (an attribute observer, not polling).
TIMED_CORRECTION = """async (digit) => {
    const bars = document.querySelector("[data-testid=probabilities]");
    const shown = new Promise((resolve) =>
        new MutationObserver((_, observer) => { observer.disconnect(); resolve(performance.now()); })
            .observe(bars, { attributes: true, attributeFilter: ["data-seq"] }));
    const start = performance.now();
    document.querySelector(`[data-testid=correct] [data-digit="${digit}"]`).click();
    return (await shown) - start;
}"""


def write(driver, digit):
    """Writes one UNIPEN digit on the pad (through the pad's public API); the page's reading."""
    strokes = unipen.fit_to_box(digit["strokes"], BOX)
    driver.after(lambda: driver.page.evaluate("(s) => { digitPad.pad.clear(); digitPad.pad.drawStrokes(s); }", strokes))
    return driver.prediction


def forget(driver):
    driver.page.once("dialog", lambda dialog: dialog.accept())
    driver.page.click("[data-testid=forget]")
    driver.page.wait_for_function("document.querySelector('[data-testid=personal]').dataset.count === '0'")


def corrections_held(driver):
    return int(driver.page.get_attribute("[data-testid=personal]", "data-count"))


def replay(driver, digits):
    """(right alone, right with corrections, corrections before each digit, correction times in ms)."""
    forget(driver)
    alone = [write(driver, d) == str(d["label"]) for d in digits]
    adapted, before, times = [], [], []
    for digit in digits:
        answer = write(driver, digit)
        before.append(corrections_held(driver))
        adapted.append(answer == str(digit["label"]))
        if answer != str(digit["label"]) and driver.page.is_visible("[data-testid=correct]"):
            times.append(driver.page.evaluate(TIMED_CORRECTION, digit["label"]))
    return np.array(alone), np.array(adapted), np.array(before), times


def visit(driver):
    """(ms to ready, ms the stored corrections took to load) of a warm visit."""
    driver.page.reload()
    driver.wait_ready()
    driver.page.wait_for_function("performance.getEntriesByName('corrections-loaded').length > 0")
    return driver.page.evaluate(
        """[performance.getEntriesByName('app-ready')[0].startTime,
            performance.getEntriesByName('corrections-loaded')[0].duration]"""
    )


def startup_compare(driver, corrections, visits=9):
    """Medians of (ready, corrections loaded) over warm visits, without and with these corrections stored:
    two browser contexts (each its own IndexedDB), visits alternating (this machine drifts more than this)."""
    forget(driver)
    context = driver.page.context.browser.new_context()
    other = PageDriver(context.new_page())
    other.page.goto(driver.page.url)
    other.wait_ready()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corrections.json"
        path.write_text(json.dumps({"format": PERSONAL_FORMAT, "version": 1, "corrections": corrections}))
        other.page.set_input_files("[data-testid=import-personal]", str(path))
        other.page.wait_for_function(  # the page reads the file after set_input_files returns: keep it till then
            "document.querySelector('[data-testid=personal]').dataset.count !== '0'"
        )
    assert corrections_held(other) == len(corrections), other.message
    runs = [(visit(driver), visit(other)) for _ in range(visits)]
    context.close()
    return [tuple(statistics.median(run[i][k] for run in runs) for k in (0, 1)) for i in (0, 1)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, help="only the first N test writers")
    parser.add_argument("--mnist", type=int, default=2000, help="MNIST test digits read with a writer's corrections")
    parser.add_argument("--unipen", help="folder with the UNIPEN file")
    args = parser.parse_args(argv)
    writers = unipen.by_writer(unipen.digits_of("test", args.unipen, quality=("OK",)))
    names = sorted(writers)[: args.writers]
    images, labels = mnist.load("t10k")
    rows, reductions, worst, times = [], [], 0.0, []
    styles, right_alone, right_adapted = [], [], []  # over every writer's digits, in turn
    mnist_alone = mnist_adapted = None
    with ready_page() as driver:
        for name in names:
            alone, adapted, before, took = replay(driver, writers[name])
            times += took
            styles += [handwriting.style(d["label"], d["strokes"]) for d in writers[name]]
            right_alone += list(alone)
            right_adapted += list(adapted)
            worst = min(worst, adapted.mean() - alone.mean())
            reduction = None
            if alone.mean() < 0.95:
                # A writer who needed fewer than FIRST corrections: the digits after their last one.
                later = before >= min(FIRST, before.max())
                reduction = 1 - (~adapted[later]).sum() / max((~alone[later]).sum(), 1)
                reductions.append(reduction)
            rows.append((name, len(alone), alone.mean(), adapted.mean(), corrections_held(driver), reduction))
            if alone.mean() < 0.95 and mnist_adapted is None:  # one writer's corrections loaded
                pick = images[: args.mnist]
                mnist_alone = (driver.recognise_images(pick).argmax(1) == labels[: args.mnist]).mean()
                mnist_adapted = (driver.recognise_images(pick, adapted=True).argmax(1) == labels[: args.mnist]).mean()
        stored = [
            {"label": int(y), "input": np.round(np.random.default_rng(0).random(SIDE * SIDE), 3).tolist()}
            for y in np.arange(500) % 10
        ]
        (start_none, load_none), (start_500, load_500) = startup_compare(driver, stored)
    print(
        f"{len(names)} test writers, {sum(r[1] for r in rows)} digits (UNIPEN, quality OK, never used to train or tune)"
    )
    print(f"{'writer':28} {'digits':>6} {'alone':>7} {'adapted':>8} {'corrections':>11} {'error after 5':>14}")
    for name, n, a, b, c, r in rows:
        print(
            f"{name:28} {n:6d} {100 * a:6.1f}% {100 * b:7.1f}% {c:11d} {'' if r is None else f'{-100 * r:+.0f}%':>14}"
        )
    alone_all = np.mean([r[2] for r in rows])
    print(f"mean writer accuracy: {100 * alone_all:.2f}% alone, {100 * np.mean([r[3] for r in rows]):.2f}% adapted")
    if reductions:
        print(
            f"writers under 95% alone: {len(reductions)}; error after their first {FIRST} corrections (or all they needed): "
            f"{-100 * np.mean(reductions):+.0f}% on average (target: -50% or better), "
            f"{sum(r >= 0.5 for r in reductions)} of {len(reductions)} at least halved"
        )
    print(f"worst writer change: {100 * worst:+.1f} points (target: no worse than -1)")
    by_style, adapted_by_style = grouped(styles, right_alone), grouped(styles, right_adapted)
    print(
        "per style, alone -> with the writer's corrections so far: "
        + ", ".join(
            f"{style} {100 * by_style[style]['accuracy']:.1f}% -> {100 * adapted_by_style[style]['accuracy']:.1f}% "
            f"({by_style[style]['n']})"
            for style in sorted(style for style in by_style if style)  # None: a style MNIST has
        )
    )
    if mnist_adapted is not None:
        print(
            f"MNIST test ({args.mnist} digits) with one writer's corrections: {100 * mnist_adapted:.2f}% "
            f"vs {100 * mnist_alone:.2f}% alone ({100 * (mnist_adapted - mnist_alone):+.2f} points; target >= -0.2)"
        )
    if times:
        print(
            f"a correction shown: median {statistics.median(times):.0f} ms, "
            f"p95 {np.percentile(times, 95):.0f} ms over {len(times)} (target <= 50 ms)"
        )
    print(
        f"ready, warm visit: {start_none:.0f} ms with no corrections, {start_500:.0f} ms with 500 "
        f"({start_500 - start_none:+.0f} ms; target <= +100 ms)"
    )
    print(
        f"500 stored corrections loaded (alongside start-up, before the first reading): {load_500:.0f} ms "
        f"({load_none:.0f} ms with none)"
    )


if __name__ == "__main__":
    main()
