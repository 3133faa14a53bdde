// Runs a Python script in Pyodide under Node, with the host's folder of each
// path argument mounted at the same path:
//   node build/pyodide_run.mjs script.py [args...]
// For build steps that need Pyodide's own CPython (its bytecode format).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { loadPyodide } = await import(`${root}/node_modules/pyodide/pyodide.mjs`);

const [script, ...args] = process.argv.slice(2).map((path) => resolve(path));
const pyodide = await loadPyodide();
for (const folder of new Set([script, ...args].map(dirname))) {
  pyodide.FS.mkdirTree(folder);
  pyodide.mountNodeFS(folder, folder);
}
pyodide.pyimport("sys").argv = pyodide.toPy([script, ...args]);
pyodide.runPython(readFileSync(script, "utf8"), { filename: script });
