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

export const corrections = {
  all: () => transaction("readonly", (store) => store.getAll()),
  add: (records) => transaction("readwrite", (store) => records.forEach((r) => store.add(r))),
  // Every record at once (features recomputed for another model, or an import).
  replace: (records) =>
    transaction("readwrite", (store) => {
      store.clear();
      records.forEach((r) => store.add(r));
    }),
  clear: () => transaction("readwrite", (store) => store.clear()),
};
