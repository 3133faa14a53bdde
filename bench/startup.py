"""Start-up and size benchmark: serves the built site on localhost and measures, in headless Chromium.

    python -m bench.startup [--runs 5] [--against OTHER_SITE]

Per run, in a fresh browser profile: bytes downloaded on the first visit (all
of it, the service worker's precache included) against the site's total,
time to a usable canvas, time to ready on a cold visit, then on a warm
(cached) reload, then offline (server stopped); both start Python from the
snapshot the first visit saved. Then the median time per
recognition, split into preprocessing (numpy in Pyodide) and inference (tfjs).
Times are from navigation start, read from the page's performance marks.

This machine's speed drifts by a few hundred milliseconds from one minute to
the next: to compare two builds, give the other one (a copy of www/ built at
another commit) with --against; each run then measures both, one after the
other, and both are reported.
"""

import argparse
import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright

from build import mnist, serve
from build.browser import launch
from build.pagedriver import PageDriver, open_page
from build.site import WWW, write_precache

MARK = "(name) => performance.getEntriesByName(name)[0]?.startTime"
DURATIONS = "(name) => performance.getEntriesByName(name).map(e => e.duration)"


def one_run(browser, images, root):
    server = serve.start(root=root)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    context, page, _, _ = open_page(browser, url)
    driver = PageDriver(page)
    if driver.wait_ready() != "ready":
        raise SystemExit(f"the page did not start: {driver.status}")
    run = {"canvas_ms": page.evaluate(MARK, "pad-ready"), "cold_ready_ms": page.evaluate(MARK, "app-ready")}
    page.wait_for_selector("[data-testid=status][data-offline=ready]")  # everything downloaded
    run["first_visit_bytes"] = server.bytes_sent
    for image in images:
        driver.show_image(image, box=(0.1, 0.1, 0.8))
    for name in ("preprocess", "inference", "recognition"):
        run[name] = page.evaluate(DURATIONS, name)
    driver.wait_python_snapshot()  # what a later visit starts from
    page.reload()
    driver.wait_ready()
    run["warm_ready_ms"] = page.evaluate(MARK, "app-ready")
    server.shutdown()
    server.server_close()
    context.set_offline(True)
    page.reload()
    driver.wait_ready()
    run["offline_ready_ms"] = page.evaluate(MARK, "app-ready")
    context.close()
    return run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--digits", type=int, default=20, help="recognitions timed per run")
    parser.add_argument("--against", type=Path, help="another built site, measured in the same runs")
    args = parser.parse_args(argv)
    sites = [WWW, args.against] if args.against else [WWW]
    images = mnist.load("t10k")[0][: args.digits]
    with sync_playwright() as p:
        browser = launch(p)
        runs = {site: [] for site in sites}
        for _ in range(args.runs):
            for site in sites:
                runs[site].append(one_run(browser, images, site))
        browser.close()
    print(f"runs: {args.runs} (fresh profile each), {args.digits} recognitions per run")
    for site in sites:
        if args.against:
            print(f"\n{site}:")
        report(runs[site], sum(f["bytes"] for f in write_precache(site)[1]))


def report(runs, total):
    def median(key):
        return statistics.median(r[key] for r in runs)

    def spread(key):
        values = [r[key] for r in runs]
        return f"{statistics.median(values):.0f} ms (runs: {min(values):.0f}-{max(values):.0f})"

    def median_all(key):
        return statistics.median(x for r in runs for x in r[key])

    print(f"site assets:               {total / 1e6:.2f} MB")
    print(
        f"first-visit bytes:         {median('first_visit_bytes') / 1e6:.2f} MB ({median('first_visit_bytes') / total:.1%} of assets)"
    )
    print(f"canvas usable:             {median('canvas_ms'):.0f} ms")
    print(f"ready, cold visit:         {spread('cold_ready_ms')}")
    print(f"ready, warm visit:         {spread('warm_ready_ms')}")
    print(f"ready, offline:            {spread('offline_ready_ms')}")
    if not any(r["recognition"] for r in runs):
        return  # --digits 0: start-up only (say, against a build whose pad API differs)
    print(f"recognition (median):      {median_all('recognition'):.1f} ms")
    print(f"  preprocessing (numpy):   {median_all('preprocess'):.1f} ms")
    print(f"  inference (tfjs):        {median_all('inference'):.1f} ms")


if __name__ == "__main__":
    main()
