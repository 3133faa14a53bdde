// Loads the tfjs runtime's backend and the digit model. This is JS because it
// must start at once, in parallel with Python's start-up; Python drives the
// model once both are ready.

import { CLASSES, HEAD, MODEL_LIST, SIDE, TFJS } from "./contract.js";

const SITE = new URL("../", import.meta.url);
const VENDOR = new URL(TFJS, SITE).href;

// The default model's entry of models/index.json (build/site.py): { name, path }.
async function defaultModel() {
  try {
    const list = await (await fetch(new URL(MODEL_LIST, SITE))).json();
    return list.models.find((model) => model.name === list.default);
  } catch (error) {
    throw new Error(`the list of models (${MODEL_LIST}) could not be read: ${error.message}`);
  }
}

// wasm is fast here (about 2 ms a digit); cpu is the slow but sure fallback.
async function chooseBackend(tf) {
  // The threaded build needs cross-origin isolation, which static hosts may not give.
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  tf.wasm.setWasmPaths(VENDOR);
  try {
    if (await tf.setBackend("wasm")) return "wasm";
  } catch (error) {
    console.warn("tfjs wasm backend unavailable, using cpu:", error);
  }
  await tf.setBackend("cpu");
  return "cpu";
}

// Resolves to { tf, model, backend, name, path }; rejects with a message that names the file.
// `model` has two outputs: the features (its last layer's input, for personal adaptation) and the probabilities.
export async function loadModel(onProgress = () => {}) {
  const tf = window.tf;
  if (!tf || !tf.wasm) throw new Error(`the tfjs runtime (${TFJS}*.js) did not load`);
  const [backend, { name, path }] = await Promise.all([chooseBackend(tf), defaultModel()]);
  let model;
  try {
    model = await tf.loadLayersModel(new URL(`${path}model.json`, SITE).href, { onProgress });
  } catch (error) {
    throw new Error(`the model (${path}model.json and its weights) could not be loaded: ${error.message}`);
  }
  const [, h, w, c] = model.inputs[0].shape;
  if (h !== SIDE || w !== SIDE || c !== 1 || model.outputs[0].shape[1] !== CLASSES) {
    throw new Error(`the model file is not a ${SIDE}x${SIDE} digit model`);
  }
  const reader = tf.model({ inputs: model.inputs, outputs: [model.getLayer(HEAD).input, model.outputs[0]] });
  tf.tidy(() => reader.predict(tf.zeros([1, SIDE, SIDE, 1]))); // compile kernels now, not on the first digit
  return { tf, model: reader, backend, name, path };
}
