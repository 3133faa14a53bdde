"""Real handwriting benchmark: UNIPEN writers the model never saw write on the page, stroke by stroke.

    python -m bench.strokes [--writers test|validation] [--singles N] [--numbers 200] [--length 4]
                            [--gaps LOW HIGH] [--phone] [--brush W] [--site DIR] [--seed 0] [--json FILE]
                            [--gallery DIR]

Each checked ("OK") digit of the held-out writers (build/unipen.py) is placed on the cleared pad at a
random size and place (build/handwriting.py) and drawn with real pointer events, pen down, through
every point, pen up, stroke after stroke: the mouse on a desktop page (1280x800), or a phone's touch
events (--phone: 390x844, DPR 3). Then numbers: --length digits of one writer across the pad as one
drawing, spaced as people space them or (--gaps) by the ink seen between them in that range of the
digit height (below 0 they touch: `--length 2 --gaps -0.05 0`, two digits written touching, alone).
The same command replays the same drawings (placements seeded by --seed and the writer).

Prints single-digit accuracy overall, per class, per writer (worst first; and the mean over writers)
and per style MNIST barely has, the most frequent misreads, and for numbers the share read whole,
the share with the right count of digits, and digit accuracy where the count is right. Writes a
gallery of the misreads the page was surest of (the pad and what the model saw) to artifacts/strokes/.
"""

import argparse
import hashlib
import heapq
import html
import itertools
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

from build import ROOT, handwriting, unipen
from build.pagedriver import CONTEXTS, ready_page
from contract import CLASSES

SHOWN = {"singles": 60, "numbers": 30}  # misreads in the gallery, surest first
TITLES = {"singles": "Single digits", "numbers": "Numbers"}
CONFUSIONS = 15  # most frequent misreads printed


def writer_rng(seed, writer, purpose):
    """A writer's own random numbers for one purpose (the order of their singles, where the singles
    go, which digits make their numbers and how): the same whatever else is measured, so that a
    smaller run replays a prefix of a larger one."""
    return np.random.default_rng([seed, int.from_bytes(hashlib.sha256(f"{purpose} {writer}".encode()).digest()[:8])])


def in_turn(writers, seed):
    """A digit of every writer in turn, each writer's in a random order: a capped run still spans
    the writers and the classes (writers wrote 0 to 9 in order)."""
    lists = [
        [writers[name][i] for i in writer_rng(seed, name, "order").permutation(len(writers[name]))]
        for name in sorted(writers)
    ]
    return [d for row in itertools.zip_longest(*lists) for d in row if d is not None]


def reading(driver, strokes, touch):
    """(the number read, the page's probability for that reading, whether the page moved under the pen)
    of strokes drawn on the cleared pad."""
    driver.click("clear")
    driver.write(strokes, touch)
    parts = driver.part_probabilities
    p = float(np.prod(parts.max(axis=1))) if len(parts) else 0.0
    return driver.prediction, p, moved(driver.page.evaluate("digitPad.pad.readStrokes()"), strokes)


def moved(held, meant):
    """Whether the pad holds strokes elsewhere than they were drawn: its layout moved it mid-stroke (a
    reading shown above it grew). Compared by each stroke's box: a touch screen drops repeated points."""

    def boxes(strokes):
        return np.array([[*np.min(s, axis=0), *np.max(s, axis=0)] for s in strokes])

    return len(held) != len(meant) or bool(np.abs(boxes(held) - boxes(meant)).max() > 1e-3)


def share(right):
    return {"n": len(right), "accuracy": float(np.mean(right)) if right else None}


def grouped(keys, right):
    groups = {}
    for key, ok in zip(keys, right):
        groups.setdefault(key, []).append(ok)
    return {key: share(oks) for key, oks in groups.items()}


def write_singles(driver, digits, seed, touch, gallery):
    """Each digit alone on the pad, somewhere, at some size."""
    rngs = {name: writer_rng(seed, name, "singles") for name in {d["writer"] for d in digits}}
    rows = []
    for digit in digits:
        read, p, shifted = reading(driver, handwriting.single(digit["strokes"], rngs[digit["writer"]]), touch)
        row = {
            "truth": str(digit["label"]),
            "read": read,
            "p": p,
            "moved": shifted,
            "writer": digit["writer"],
            "style": handwriting.style(digit["label"], digit["strokes"]) or "other",
        }
        rows.append(row)
        if read != row["truth"] and gallery is not None:
            gallery.offer("singles", row)
    right = [r["read"] == r["truth"] for r in rows]
    writers = grouped([r["writer"] for r in rows], right)
    misreads = sorted((r for r in rows if r["read"] != r["truth"]), key=lambda r: -r["p"])
    return {
        **share(right),
        "moved": sum(r["moved"] for r in rows),
        "per_class": {
            str(c): share([ok for r, ok in zip(rows, right) if r["truth"] == str(c)]) for c in range(CLASSES)
        },
        "per_writer": dict(sorted(writers.items(), key=lambda item: item[1]["accuracy"])),
        "writer_mean": float(np.mean([w["accuracy"] for w in writers.values()])) if writers else None,
        "per_style": grouped([r["style"] for r in rows], right),
        "confusion": [[t, r, n] for (t, r), n in Counter((m["truth"], m["read"]) for m in misreads).most_common()],
        "misreads": misreads,
    }


def write_numbers(driver, writers, count, length, seed, touch, gallery, pen, gaps=None):
    """`count` numbers, each of `length` digits of one writer (the writers in turn), across the pad,
    spaced by the ink seen with the page's pen (gaps: its range, shares of the digit height; default
    handwriting.GAP)."""
    names = sorted(writers)
    rngs = {name: writer_rng(seed, name, "numbers") for name in names}
    rows = []
    for i in range(count):
        name = names[i % len(names)]
        own, rng = writers[name], rngs[name]
        pick = [own[j] for j in rng.choice(len(own), length, replace=len(own) < length)]
        seen = None if gaps is None else rng.uniform(*gaps, size=length - 1)
        read, p, shifted = reading(driver, handwriting.number([d["strokes"] for d in pick], rng, pen, seen), touch)
        truth = "".join(str(d["label"]) for d in pick)
        row = {"truth": truth, "read": read, "p": p, "moved": shifted, "writer": name}
        rows.append(row)
        if read != row["truth"] and gallery is not None:
            gallery.offer("numbers", row)
    counted = [r for r in rows if len(r["read"]) == len(r["truth"])]
    return {
        "n": count,
        "length": length,
        "moved": sum(r["moved"] for r in rows),
        "accuracy": float(np.mean([r["read"] == r["truth"] for r in rows])) if rows else None,
        "right_count": len(counted) / count if count else None,
        "digit_accuracy": float(np.mean([a == b for r in counted for a, b in zip(r["read"], r["truth"])]))
        if counted
        else None,
        "misreads": sorted((r for r in rows if r["read"] != r["truth"]), key=lambda r: -r["p"]),
    }


def measure(driver, digits, singles=None, numbers=200, length=4, seed=0, touch=False, gallery=None, gaps=None):
    """Figures for these UNIPEN digits written on the page `driver` holds, with the pad's brush as it is:
    at most `singles` single digits (default: all) and `numbers` numbers of `length` digits (gaps: see
    write_numbers); touch: with touch events (a phone's page). {"brush", "singles": {...}, "numbers":
    {...}}, every share in 0..1; gallery: a Gallery that keeps the pictures of the misreads the page was
    surest of."""
    writers = unipen.by_writer(digits)
    brush = driver.page.evaluate("digitPad.pad.brush")
    return {
        "brush": brush,
        "singles": write_singles(driver, in_turn(writers, seed)[:singles], seed, touch, gallery),
        "numbers": write_numbers(driver, writers, numbers, length, seed, touch, gallery, brush, gaps),
    }


class Gallery:
    """Screenshots of the misreads the page was surest of, taken while each is on screen."""

    def __init__(self, driver):
        self.driver = driver
        self.kept = {kind: [] for kind in SHOWN}  # min-heaps of (p, order, row, pngs)
        self.order = itertools.count()

    def offer(self, kind, row):
        heap = self.kept[kind]
        if len(heap) == SHOWN[kind] and row["p"] <= heap[0][0]:
            return
        # What the model saw: a single's 28x28; a number's digits as found (none when nothing was read).
        seen = "preview" if kind == "singles" else "parts" if row["read"] else None
        shots = [self.shot(testid) for testid in ("pad", seen) if testid]
        entry = (row["p"], next(self.order), row, shots)
        (heapq.heappush if len(heap) < SHOWN[kind] else heapq.heappushpop)(heap, entry)

    def shot(self, testid):
        return self.driver.page.locator(f"[data-testid={testid}]").screenshot(scale="css")

    def write(self, folder, title, figures):
        """index.html and the pictures in `folder` (replacing an earlier gallery's); figures: measure()'s."""
        folder.mkdir(parents=True, exist_ok=True)
        for old in [f for kind in SHOWN for f in folder.glob(f"{kind}-*.png")]:
            old.unlink()
        sections = []
        for kind, heap in self.kept.items():
            items = []
            for rank, (p, _, row, shots) in enumerate(sorted(heap, key=lambda e: -e[0])):
                images = ""
                for i, png in enumerate(shots):
                    (folder / f"{kind}-{rank:02d}-{i}.png").write_bytes(png)
                    images += f'<img src="{kind}-{rank:02d}-{i}.png" alt="">'
                style = f", {row['style']}" if "style" in row else ""
                style += ", the pad moved under the pen" if row["moved"] else ""
                items.append(
                    f"<figure>{images}<figcaption>{row['truth']} read as {row['read'] or 'nothing'} "
                    f"(p {p:.3f})<br>{html.escape(row['writer'])}{style}</figcaption></figure>"
                )
            sections.append(
                f"<h2>{TITLES[kind]}: the {len(heap)} misreads the page was surest of, "
                f"of {len(figures[kind]['misreads'])}</h2>\n" + "\n".join(items)
            )
        (folder / "index.html").write_text(
            f"<!doctype html><meta charset=utf-8><title>Misreads</title>"
            "<style>figure{display:inline-block;margin:6px;font:13px sans-serif}"
            "img{display:block;max-width:300px;border:1px solid #ccc}</style>"
            f"<h1>{html.escape(title)}</h1>\n" + "\n".join(sections) + "\n"
        )


def percent(value):
    return "-" if value is None else f"{100 * value:.2f}%"


def report(figures, heading):
    s, n = figures["singles"], figures["numbers"]
    print(heading)
    print(f"single digits: {percent(s['accuracy'])} of {s['n']}")
    print("per class:  " + "  ".join(f"{c}: {percent(g['accuracy'])} ({g['n']})" for c, g in s["per_class"].items()))
    print(f"per writer, worst first (mean over {len(s['per_writer'])} writers: {percent(s['writer_mean'])}):")
    for name, g in s["per_writer"].items():
        print(f"  {name:28} {g['n']:4d} {percent(g['accuracy']):>8}")
    print("per style:")
    for name, g in sorted(s["per_style"].items(), key=lambda item: item[0] == "other"):
        print(f"  {name:14} {g['n']:4d} {percent(g['accuracy']):>8}")
    print(
        "most frequent misreads (truth -> read: count): "
        + ", ".join(f"{t} -> {r or 'nothing'}: {k}" for t, r, k in s["confusion"][:CONFUSIONS])
    )
    print(
        f"numbers of {n['length']} digits: {percent(n['accuracy'])} of {n['n']} read whole, "
        f"{percent(n['right_count'])} with the right count, {percent(n['digit_accuracy'])} of their digits right"
    )
    print(f"drawings the page moved under the pen (its layout, mid-stroke): {s['moved']} singles, {n['moved']} numbers")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", choices=("test", "validation"), default="test")
    parser.add_argument("--singles", type=int, help="at most N single digits (default: all)")
    parser.add_argument("--numbers", type=int, default=200)
    parser.add_argument("--length", type=int, default=4, help="digits in a number")
    parser.add_argument(
        "--gaps", type=float, nargs=2, metavar=("LOW", "HIGH"), help="ink between a number's digits, of their height"
    )
    parser.add_argument("--phone", action="store_true", help="a phone's page, drawn with touch events")
    parser.add_argument("--brush", type=float, help="the pad's pen width, a share of its side (default: the page's)")
    parser.add_argument("--site", type=Path, help="another built site root (default: www/)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--gallery", type=Path, default=ROOT / "artifacts" / "strokes")
    parser.add_argument("--unipen", help="folder with the UNIPEN file")
    args = parser.parse_args(argv)
    digits = unipen.digits_of(args.writers, args.unipen, quality=("OK",))
    device = "phone" if args.phone else "desktop"
    started = time.perf_counter()
    with ready_page(args.site, **CONTEXTS[device]) as driver:
        if args.brush is not None:
            driver.page.evaluate("(w) => { digitPad.pad.brush = w; }", args.brush)
        gallery = Gallery(driver)
        figures = measure(
            driver, digits, args.singles, args.numbers, args.length, args.seed, args.phone, gallery, args.gaps
        )
    figures.update(writers=args.writers, device=device, site=str(args.site or "www"), seed=args.seed, gaps=args.gaps)
    heading = (
        f"UNIPEN {args.writers} writers (quality OK, never used to train), {device} "
        f"({'390x844, DPR 3, touch events' if args.phone else '1280x800, mouse pointer events'}), "
        f"brush {figures['brush']}, site {figures['site']}, seed {args.seed}"
        + ("" if args.gaps is None else f", gaps between digits {args.gaps[0]} to {args.gaps[1]} of their height")
    )
    report(figures, heading)
    gallery.write(args.gallery, heading, figures)
    print(f"gallery of misreads: {args.gallery / 'index.html'}; took {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
