// The person's corrections in IndexedDB: in this browser only, kept across visits and offline.
// Python (py/personal.py) decides what they mean; this only stores and reads them, because
// IndexedDB's callbacks are JS's. A record: { input: Float32Array, label, model, features: Float32Array }.

import { PERSONAL_DB } from "./contract.js";

const STORE = "corrections";

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(PERSONAL_DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { autoIncrement: true });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Runs `work(store)` in one transaction; resolves with its request's result once committed.
async function transaction(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request?.result);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

// Every record in three arrays, for one copy each into numpy (record by record, 500 corrections
// cost Python over 100 ms of proxies): { count, inputs, labels, features }. `features` is null
// unless every record was made by `model`.
async function packed(model) {
  const records = await transaction("readonly", (store) => store.getAll());
  const join = (arrays) => {
    const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
    arrays.reduce((at, a) => (out.set(a, at), at + a.length), 0);
    return out;
  };
  const same = records.every((r) => r.model === model);
  return {
    count: records.length,
    inputs: join(records.map((r) => r.input)),
    labels: Int32Array.from(records, (r) => r.label),
    features: same ? join(records.map((r) => r.features)) : null,
  };
}

export const corrections = {
  packed,
  add: (records) => transaction("readwrite", (store) => records.forEach((r) => store.add(r))),
  // Every record at once (their features recomputed for another model).
  replace: (records) =>
    transaction("readwrite", (store) => {
      store.clear();
      records.forEach((r) => store.add(r));
    }),
  clear: () => transaction("readwrite", (store) => store.clear()),
};
