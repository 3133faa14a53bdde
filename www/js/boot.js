// Start-up: the pad works at once; tfjs + model and Pyodide + numpy (started
// from js/python.mjs ahead of PyScript, which then runs app/main.py) load in
// parallel. Python takes over recognition when ready; this file holds only
// what must run before Python exists.

import { TFJS_SCRIPTS } from "./contract.js";
import { DrawingPad } from "./pad.js";
import { loadModel } from "./model.js";
import { serveOffline } from "./offline.js";
import { corrections } from "./personal-store.js";
import { Status } from "./status.js";

const $ = (id) => document.getElementById(id);

const status = new Status($("status"));
const pad = new DrawingPad($("pad"));
// The contract with app/main.py (and with tests): what Python needs from JS, in one place.
// `model` is added once loading starts; pythonFailed tells the person Python could not start;
// corrections is the store of the person's corrections (IndexedDB).
window.digitPad = { pad, status, pythonFailed, corrections };

$("clear").addEventListener("click", () => pad.clear());
$("undo").addEventListener("click", () => pad.undo());
performance.mark("pad-ready"); // the start-up benchmark reads this

document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, textarea, [contenteditable]")) return;
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z") {
    event.preventDefault();
    pad.undo();
  } else if (event.key === "Escape" || event.key === "Delete") {
    pad.clear();
  }
});

function loadScripts(sources) {
  const load = (src) =>
    new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = false; // run in the order inserted, not as each arrives
      script.onload = resolve;
      script.onerror = () => reject(new Error(`the runtime file ${src} could not be loaded`));
      document.head.append(script);
    });
  return Promise.all(sources.map(load));
}

async function startModel() {
  await loadScripts(TFJS_SCRIPTS); // downloaded together, run in order
  const loaded = await loadModel((fraction) => status.stage("model", 0.5 + 0.5 * fraction));
  status.stage("model", 1);
  return loaded;
}

function pythonFailed(what) {
  status.fail(`Could not start Python: ${what}. Reload the page; if it persists, rebuild the site (python3 -m digitpad serve).`);
}

// Pyodide does not report a runtime file that fails to load (it just stops), so
// watch the responses of Python's files and name the first one that failed.
// (tfjs's loaders name theirs; without its wasm files it runs on its cpu backend.)
const SITE = new URL(".", document.baseURI).href;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const path = entry.name.startsWith(SITE) ? entry.name.slice(SITE.length) : entry.name;
    if (entry.responseStatus >= 400 && /^(vendor\/(pyodide|pyscript)|app)\/|^pyscript\.json$/.test(path) && status.state === "loading") {
      pythonFailed(`the runtime file ${path} could not be loaded (HTTP ${entry.responseStatus})`);
    }
  }
}).observe({ type: "resource", buffered: true });

// `served`: resolves once the service worker serves the page (on a first
// visit, a moment after it starts). Python's 20 MB wait for it, so that each
// file is downloaded once, into its cache; its loaders and PyScript do not.
async function startPython(served) {
  addEventListener("py:progress", ({ detail }) => status.pyProgress(detail));
  // PyScript reports a failed start as an unhandled rejection or error event, not to its caller.
  addEventListener("unhandledrejection", ({ reason }) => status.state === "loading" && pythonFailed(String(reason?.message || reason)));
  addEventListener("error", ({ message }) => status.state === "loading" && pythonFailed(message));
  import("./python.mjs").then((python) => python.startEarly(served)); // ahead of PyScript, which uses it
  await import("../vendor/pyscript/core.js");
}

function start() {
  // The model's few files load at once; the worker revalidates them later.
  startPython(serveOffline(status, $("update"))).catch((error) => pythonFailed(error.message));
  const model = startModel();
  model.catch((error) =>
    status.fail(`Could not load the recogniser: ${error.message}. Reload the page; if it persists, rebuild the model (python3 -m digitpad train).`),
  );
  window.digitPad.model = model;
}

start();
