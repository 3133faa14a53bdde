// The visible start-up status: which stage is loading and how far along it is,
// then ready, or an error that says what failed and what to do.

import { STAGES } from "./contract.js";

// Each stage: its download (first visit only) is the first half, starting it the second.
// PyScript's own progress messages (0.6.66), mapped onto our stages: Pyodide
// installs numpy before it fetches the app's files.
const PYSCRIPT = {
  "Loading Pyodide": [["runtime", 0.6], ["numpy", 0.5]],
  "Loading files": [["runtime", 1], ["numpy", 1], ["app", 0.5]],
  "Loaded Pyodide": [["app", 0.8]],
};

export class Status {
  constructor(element) {
    this.element = element;
    this.text = element.querySelector("[data-role=text]");
    this.bar = element.querySelector("progress");
    this.note = element.querySelector("[data-role=offline]");
    this.done = Object.fromEntries(Object.keys(STAGES).map((k) => [k, 0]));
    // Resolves once start-up is over, ready or failed.
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }

  get state() {
    return this.element.dataset.state;
  }

  // fraction in [0, 1] of one stage; shows the stage and the overall percent.
  stage(name, fraction) {
    if (this.state !== "loading") return;
    this.done[name] = Math.max(this.done[name], Math.min(1, fraction));
    const total = Object.entries(STAGES).reduce((sum, [k, { weight }]) => sum + weight * this.done[k], 0);
    const percent = Math.round(100 * total);
    // Every stage under way (they load in parallel), else the next one.
    const pending = Object.keys(STAGES).filter((k) => this.done[k] < 1);
    const current = pending.filter((k) => this.done[k] > 0);
    const names = (current.length ? current : [pending[0] || "app"]).map((k) => STAGES[k].label);
    this.bar.value = percent;
    this.text.textContent = `Loading ${names.join(", ")}… ${percent}%`;
  }

  // Bytes the service worker has downloaded so far for a stage.
  download(name, loaded, total) {
    this.stage(name, (0.5 * loaded) / Math.max(total, 1));
  }

  pyProgress(message) {
    for (const [name, fraction] of PYSCRIPT[message] || []) this.stage(name, fraction);
  }

  ready(message) {
    if (this.state === "error") return;
    performance.mark("app-ready"); // the start-up benchmark reads this
    this.element.dataset.state = "ready";
    this.bar.hidden = true;
    this.text.textContent = message;
    this.settle();
  }

  // Whether every file is in the service worker's cache (the page then works offline).
  offline(cached, file) {
    this.element.dataset.offline = cached ? "ready" : "failed";
    this.note.textContent = cached ? "Works offline." : `Not available offline (${file} could not be saved).`;
  }

  fail(message) {
    this.element.dataset.state = "error";
    this.bar.hidden = true;
    this.text.textContent = message;
    this.settle();
  }
}
