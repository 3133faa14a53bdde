// Makes the Python snapshot that later visits start from (see python.mjs),
// under the cache key the page sends.
import { makeSnapshot } from "./python.mjs";

onmessage = ({ data: key }) =>
  makeSnapshot(key).then(
    () => postMessage("saved"),
    (error) => postMessage(error.message),
  );
