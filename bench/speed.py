"""Speed benchmark: how fast the page reads what is drawn and shown, from its own performance marks.

    python -m bench.speed [--drawings 100] [--phone] [--seed 0] [--site DIR] [--against OTHER_SITE]

In headless Chromium on this machine, with the built site:
- drawings: UNIPEN validation writers' digits, alone and as 4-digit numbers, put on the pad as one
  drawing each (the pad's drawStrokes, one reading each); the page's own User Timing entries give
  preprocessing (numpy, from reading the pad to the model's call), inference (tfjs) and the whole
  recognition, medians and 95th percentiles.
This machine's speed drifts (slow spells make everything twice as slow): to compare two builds, give
--against another built site; each drawing is then read by both pages in turn.
"""

import argparse

import numpy as np

from build import handwriting, unipen
from build.pagedriver import ready_pages

CONTEXTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3},
}
MEASURES = ("preprocess", "inference", "recognition")
# Draws strokes as one drawing and resolves with the page's measures of its reading.
READ_DRAWING = """async (strokes) => {
    const bars = document.querySelector("[data-testid=probabilities]");
    const shown = async (action) => {
        const seq = +bars.dataset.seq;
        action();
        while (+bars.dataset.seq <= seq) await new Promise((r) => setTimeout(r, 1));
    };
    await shown(() => digitPad.pad.clear());
    performance.clearMeasures();
    await shown(() => digitPad.pad.drawStrokes(strokes));
    return Object.fromEntries(%s.map((name) => [name, performance.getEntriesByName(name, "measure").at(-1)?.duration]));
}""" % list(MEASURES)


def drawings(count, seed):
    """(singles, numbers): `count` of each, strokes in pad units, from the validation writers."""
    digits = unipen.digits_of("validation", quality=("OK",))
    rng = np.random.default_rng(seed)
    singles = [handwriting.single(digits[i]["strokes"], rng) for i in rng.integers(len(digits), size=count)]
    numbers = [
        handwriting.number([digits[i]["strokes"] for i in rng.integers(len(digits), size=4)], rng) for _ in range(count)
    ]
    return singles, numbers


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
    args = parser.parse_args(argv)
    singles, numbers = drawings(args.drawings, args.seed)
    context = CONTEXTS["phone" if args.phone else "desktop"]
    sites = {"this build": args.site} | ({f"against {args.against}": args.against} if args.against else {})
    with ready_pages(list(sites.values()), **context) as drivers:
        pages = dict(zip(sites, drivers))
        side = next(iter(pages.values())).page.evaluate("digitPad.pad.canvas.width")
        print(f"{'phone' if args.phone else 'desktop'} page, pad {side} device pixels a side; {args.drawings} drawings of each kind")
        for kind, shown in (("one digit", singles), ("4-digit number", numbers)):
            timings = {name: [] for name in pages}
            for driver in pages.values():
                driver.page.evaluate(READ_DRAWING, shown[0])  # the first reading compiles what later ones reuse
            for strokes in shown:
                for name, driver in pages.items():
                    timings[name].append(driver.page.evaluate(READ_DRAWING, strokes))
            for name, measured in timings.items():
                for measure in MEASURES:
                    print(f"  {kind:15s} {measure:12s} {summary([t[measure] for t in measured])}   {name if len(pages) > 1 else ''}")


if __name__ == "__main__":
    main()
