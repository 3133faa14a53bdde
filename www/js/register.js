// Registers the service worker while the page's modules are still loading: on
// a first visit, Python waits until the worker serves the page. js/offline.js
// registers again (the same registration) and does the rest.
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("sw.js", { updateViaCache: "none" }).catch(() => {}); // offline.js reports failures
}
