// Pyodide for PyScript (the "interpreter" in pyscript.json), started from a
// memory snapshot when this browser has one.
//
// Starting Python compiles and runs its whole bootstrap: over a second here.
// Restoring a snapshot of the heap as it is right after that takes a fraction
// of it. A visit without a usable snapshot starts Python as usual and, once
// the app has started, has a worker make one (Python started there, with the
// standard-library modules the app imports later already imported) and keep it
// in Cache Storage. Later visits, online or offline, restore it and load numpy
// as usual (the snapshot is made before any package is loaded: Pyodide 0.27
// cannot restore a heap that holds a package's wasm code). A snapshot that
// cannot be restored (another Pyodide build, damaged) is dropped and Python
// starts as usual.
//
// Why a worker: making a snapshot needs Pyodide's _makeSnapshot mode, which
// wraps the JS globals in a proxy that breaks PyScript, and would block the
// page for the length of a Python start.

import { loadPyodide as startPyodide, version } from "../vendor/pyodide/pyodide.mjs";
import { PYODIDE, PYODIDE_LOCK, PYTHON_SNAPSHOT_CACHE } from "./contract.js";

export { version }; // PyScript names its package cache after it

const SITE = new URL("../", import.meta.url);
const INDEX_URL = new URL(PYODIDE, SITE).href;
const CONFIG_URL = new URL("pyscript.json", SITE).href;
// Modules numpy, Pyodide's package loader and the app import after start-up,
// beyond the ones Python's bootstrap imports: in the snapshot, already compiled.
const PREIMPORT = [
  "base64", "calendar", "csv", "ctypes", "dataclasses", "datetime", "email.message", "email.utils",
  "html", "importlib.metadata", "json", "numbers", "pickle", "platform", "tarfile",
];
// `runtime`: pyscript.json's python_snapshot, a hash of Pyodide's files (build/site.py).
const snapshotKey = (runtime) => new URL(`python-${version}-${runtime}.snapshot?modules=${PREIMPORT.join(",")}`, INDEX_URL).href;

// The saved snapshot (a Response: its 20 MB are read while Pyodide loads its
// own files), or null.
async function savedSnapshot(key) {
  if (!globalThis.caches) return null; // not a secure context: no snapshots
  try {
    return (await (await caches.open(PYTHON_SNAPSHOT_CACHE)).match(key)) || null;
  } catch {
    return null;
  }
}

// `snapshot`: a promise of its bytes.
async function restore(options, snapshot) {
  try {
    const pyodide = await startPyodide({ ...options, _loadSnapshot: snapshot });
    // The snapshot froze the random module's state: every visit would draw the same numbers.
    pyodide.runPython("import random; random.seed()");
    performance.mark("python-from-snapshot");
    return pyodide;
  } catch (error) {
    console.warn("Python snapshot not usable, starting Python afresh:", error.message);
    await caches.delete(PYTHON_SNAPSHOT_CACHE).catch(() => {});
    return null;
  }
}

function snapshotLater(key) {
  if (!globalThis.caches || !globalThis.Worker) return;
  // After the app's own start (PyScript's py:done), not competing with it.
  addEventListener(
    "py:done",
    () => {
      const worker = new Worker(new URL("snapshot-worker.mjs", import.meta.url), { type: "module" });
      worker.postMessage(key);
      worker.onmessage = ({ data }) => {
        worker.terminate();
        if (data === "saved") performance.mark("python-snapshot-saved");
        else console.warn("Python will start without a snapshot next time:", data);
      };
    },
    { once: true },
  );
}

// Run in snapshot-worker.mjs.
export async function makeSnapshot(key) {
  const pyodide = await startPyodide({ indexURL: INDEX_URL, _makeSnapshot: true });
  pyodide.runPython(`import ${PREIMPORT.join(", ")}`);
  const snapshot = pyodide.makeMemorySnapshot();
  const cache = await caches.open(PYTHON_SNAPSHOT_CACHE);
  for (const request of await cache.keys()) await cache.delete(request); // another version's
  await cache.put(key, new Response(snapshot, { headers: { "content-type": "application/octet-stream" } }));
}

// What Python needs once it is up, fetched (into the service worker's cache)
// while it starts: the packages' wheels, and the app's modules (pyscript.json's
// `files`, which PyScript fetches only then). Wheels are not left to
// loadPyodide's own `packages`: a wheel that fails to download before Pyodide's
// wasm is up makes Pyodide 0.27 throw an unrelated error; loaded afterwards,
// it is reported (and app/main.py names it).
async function prefetch({ packages = [], files = {} }) {
  const lock = await (await fetch(new URL(PYODIDE_LOCK, SITE))).json();
  const wheels = packages.filter((name) => name in lock.packages).map((name) => new URL(lock.packages[name].file_name, INDEX_URL));
  const modules = Object.keys(files).map((path) => new URL(path, CONFIG_URL));
  await Promise.all([...wheels, ...modules].map((url) => fetch(url).then((response) => response.arrayBuffer())));
}

// `config`: PyScript's config, or a promise of it; `served`: resolves once the
// page is served by the service worker, which then keeps each file as it is
// downloaded. Until then only the small files load; Pyodide's 20 MB wait for it.
async function start(config, served) {
  const settings = await config;
  const key = snapshotKey(settings.python_snapshot);
  const saved = await savedSnapshot(key);
  await served;
  prefetch(settings).catch(() => {}); // a missing file is reported when it is used
  const options = { indexURL: INDEX_URL };
  let pyodide = saved && (await restore(options, saved.arrayBuffer()));
  if (!pyodide) {
    snapshotLater(key);
    pyodide = await startPyodide(options);
  }
  await pyodide.loadPackage(settings.packages || [], { messageCallback() {} });
  return pyodide;
}

let started = null;

// Called by boot.js at once: Python starts while PyScript itself loads.
export function startEarly(served) {
  if (started) return;
  const config = fetch(CONFIG_URL, { cache: "no-cache" });
  started = start(config.then((response) => response.json()), served);
  started.catch(() => {}); // reported to PyScript, which asks for it below
}

// What PyScript calls, with its config's packages.
export async function loadPyodide({ packages = [], stdout, stderr }) {
  const pyodide = await (started ?? start({ packages }));
  if (stdout) pyodide.setStdout({ batched: stdout });
  if (stderr) pyodide.setStderr({ batched: stderr });
  return pyodide;
}
