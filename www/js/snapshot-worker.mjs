// Makes the Python snapshot that later visits start from (see python.mjs).
import { makeSnapshot } from "./python.mjs";

makeSnapshot().then(
  () => postMessage("saved"),
  (error) => postMessage(error.message),
);
