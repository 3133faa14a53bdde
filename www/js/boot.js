// Start-up: the pad works at once; tfjs + model and PyScript + Pyodide + numpy
// load in parallel behind it. Python (app/main.py) takes over recognition when
// ready; everything here is what must run before Python exists.

import { DrawingPad } from "./pad.js";
import { loadModel } from "./model.js";
import { Status } from "./status.js";

const $ = (id) => document.getElementById(id);

const status = new Status($("status"));
const pad = new DrawingPad($("pad"));

$("clear").addEventListener("click", () => pad.clear());
$("undo").addEventListener("click", () => pad.undo());
document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, textarea, [contenteditable]")) return;
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z") {
    event.preventDefault();
    pad.undo();
  } else if (event.key === "Escape" || event.key === "Delete") {
    pad.clear();
  }
});

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`the runtime file ${src} could not be loaded`));
    document.head.append(script);
  });
}

async function startModel() {
  status.stage("model", 0);
  await loadScript("vendor/tfjs/tf.es2017.min.js");
  await loadScript("vendor/tfjs/tf-backend-wasm.es2017.min.js");
  const loaded = await loadModel((fraction) => status.stage("model", fraction));
  status.stage("model", 1);
  return loaded;
}

async function startPython() {
  status.stage("runtime", 0);
  addEventListener("py:progress", ({ detail }) => status.pyProgress(detail));
  try {
    await import("../vendor/pyscript/core.js");
  } catch (error) {
    throw new Error(`the runtime file vendor/pyscript/core.js could not be loaded (${error.message})`);
  }
}

// The contract with app/main.py: what it needs from JS, in one place.
const model = startModel();
model.catch((error) => status.fail(`Could not load the recogniser: ${error.message}. Reload the page; if it persists, rebuild the site.`));
window.digitPad = { pad, status, model };

startPython().catch((error) => status.fail(`Could not start Python: ${error.message}. Reload the page; if it persists, rebuild the site.`));
