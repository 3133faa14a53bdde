"""Offline after the first visit, one download of each file, clean updates, installable."""

import json
import re

from build import ROOT
from build.pagedriver import PageDriver, Requests, open_page
from contract import PYTHON_SNAPSHOT_CACHE, SITE_CACHE, STAGES
from build.site import copy_writable, read_precache, write_precache
from strokes import DIGITS


def precache_total(root):
    return sum(f["bytes"] for f in read_precache(root)[1])


STAGE = "(?:" + "|".join(re.escape(stage["label"]) for stage in STAGES.values()) + ")"
PROGRESS = re.compile(rf"^Loading ({STAGE}(?:, {STAGE})*)… (\d+)%$")
RECORD_STATUS = """addEventListener("DOMContentLoaded", () => {
    const text = document.querySelector("[data-testid=status] [data-role=text]");
    window.statusTexts = [];
    new MutationObserver(() => statusTexts.push(text.textContent)).observe(text, { childList: true });
});"""


def test_first_visit_downloads_each_file_once_and_shows_progress(browser, own_server):
    server, url = own_server()
    context = browser.new_context()
    context.add_init_script(RECORD_STATUS)
    requests = Requests(context)
    page = context.new_page()
    page.goto(url + "/")
    driver = PageDriver(page)
    assert driver.wait_ready() == "ready", driver.status
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    page.wait_for_selector("[data-testid=status][data-offline=ready]")
    total = precache_total(ROOT / "www")
    assert server.bytes_sent <= 1.10 * total, (server.bytes_sent, total)
    assert requests.failed == []

    progress = [PROGRESS.match(t) for t in page.evaluate("statusTexts")[:-1]]  # the last one is "Ready…"
    assert progress and all(progress), page.evaluate("statusTexts")
    stages = {stage for m in progress for stage in m.group(1).split(", ")}
    percents = [int(m.group(2)) for m in progress]
    assert {"Python runtime", "model"} <= stages and percents == sorted(percents)
    context.close()


def test_manifest_is_valid_and_its_icons_exist(app):
    manifest = app.page.evaluate("fetch('manifest.webmanifest').then(r => r.json())")
    assert manifest["display"] == "standalone" and manifest["start_url"] == "./"
    assert manifest["name"] and manifest["short_name"] and manifest["theme_color"].startswith("#")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        status, kind = app.page.evaluate(
            "(src) => fetch(src).then(r => [r.status, r.headers.get('content-type')])", icon["src"]
        )
        assert status == 200 and kind == icon["type"]


def test_works_offline_after_the_first_visit(browser, own_server):
    server, url = own_server()
    context, page, requests, errors = open_page(browser, url + "/")
    driver = PageDriver(page)
    assert driver.wait_ready() == "ready"
    assert not driver.python_from_snapshot  # a first visit has none yet
    page.wait_for_selector("[data-testid=status][data-offline=ready]")
    assert "Works offline" in driver.status
    driver.wait_python_snapshot()
    server.shutdown()
    server.server_close()
    context.set_offline(True)

    page.reload()
    assert driver.wait_ready() == "ready", driver.status
    assert driver.python_from_snapshot
    driver.draw(DIGITS[7])
    assert driver.prediction == "7"

    second = PageDriver(context.new_page())
    second.page.goto(url + "/")
    assert second.wait_ready() == "ready", second.status
    assert second.python_from_snapshot
    second.draw(DIGITS[3])
    assert second.prediction == "3"
    assert requests.failed == [] and errors == []
    assert requests.foreign(url) == []
    context.close()


def test_new_deploy_is_offered_and_replaces_the_old_version(browser, own_server, tmp_path):
    site = tmp_path / "www"
    copy_writable(ROOT / "www", site)
    server, url = own_server(site)
    context, page, requests, errors = open_page(browser, url + "/")
    driver = PageDriver(page)
    assert driver.wait_ready() == "ready"
    page.wait_for_selector("[data-testid=status][data-offline=ready]")
    driver.wait_python_snapshot()
    old_caches = set(page.evaluate("caches.keys()")) - {PYTHON_SNAPSHOT_CACHE}
    assert len(old_caches) == 1

    # Deploy: change a file and rebuild the precache list.
    index = site / "index.html"
    index.write_text(index.read_text().replace("<h1>Digit Pad</h1>", "<h1>Digit Pad 2</h1>"))
    version, _ = write_precache(site)
    assert version not in old_caches.pop()
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    page.wait_for_selector("[data-testid=update]", state="visible", timeout=60_000)

    driver.draw(DIGITS[4])  # the open page keeps working on its own version
    assert driver.prediction == "4"
    assert page.text_content("h1") == "Digit Pad"

    with page.expect_navigation():
        page.click("[data-testid=update] button")
    assert driver.wait_ready() == "ready"
    assert page.text_content("h1") == "Digit Pad 2"
    page.wait_for_function("caches.keys().then(k => k.length === 2)")
    # The old version's cache is gone; the Python snapshot, which does not depend on it, is kept.
    assert set(page.evaluate("caches.keys()")) == {SITE_CACHE + version, PYTHON_SNAPSHOT_CACHE}
    assert driver.python_from_snapshot
    assert requests.foreign(url) == [] and errors == []
    context.close()


def test_page_works_where_service_workers_are_blocked(browser, own_server):
    _, url = own_server()
    context, page, _, _ = open_page(browser, url + "/", service_workers="block")
    driver = PageDriver(page)
    assert driver.wait_ready() == "ready", driver.status
    driver.draw(DIGITS[5])
    assert driver.prediction == "5"
    assert page.get_attribute("[data-testid=status]", "data-offline") is None  # no claim to work offline
    context.close()


def test_python_snapshot_follows_the_runtime(browser, own_server, tmp_path):
    site = tmp_path / "www"
    copy_writable(ROOT / "www", site)
    _, url = own_server(site)
    # Without the service worker: what is checked here is the snapshot's key, not the site's cache.
    context, page, _, _ = open_page(browser, url + "/", service_workers="block")
    driver = PageDriver(page)
    assert driver.wait_ready() == "ready" and not driver.python_from_snapshot
    driver.wait_python_snapshot()
    page.reload()
    assert driver.wait_ready() == "ready" and driver.python_from_snapshot

    # A deploy with another Pyodide runtime (build/site.py gives it another id): the old snapshot must not be used.
    config = site / "pyscript.json"
    config.write_text(config.read_text().replace(json.loads(config.read_text())["python_snapshot"], "another-runtime"))
    page.reload()
    assert driver.wait_ready() == "ready" and not driver.python_from_snapshot
    driver.draw(DIGITS[1])
    assert driver.prediction == "1"
    driver.wait_python_snapshot()
    keys = page.evaluate(f"caches.open('{PYTHON_SNAPSHOT_CACHE}').then(c => c.keys()).then(k => k.map(r => r.url))")
    assert len(keys) == 1 and "another-runtime" in keys[0]
    page.reload()
    assert driver.wait_ready() == "ready" and driver.python_from_snapshot
    context.close()
