// Offline support from the page's side: register the service worker (early
// already, by js/register.js), report its download progress, have it cache
// every file once the page has started, and offer a reload when a new version
// is ready.

// Resolves once the page is served by the service worker (which then caches
// every file as it is fetched; on a first visit, a moment after the page
// starts), or at once where there is none (unsupported, not a secure context,
// blocked). Files fetched before that are revalidated by the worker later,
// not downloaded again.

import { INSTALL_CHANNEL, MESSAGES } from "./contract.js";

export function serveOffline(status, updateBanner) {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return Promise.resolve(false);
  const sw = navigator.serviceWorker;
  new BroadcastChannel(INSTALL_CHANNEL).onmessage = ({ data }) => {
    if (data.type === MESSAGES.progress) status.download(data.stage, data.loaded, data.total);
    else if (data.type === MESSAGES.cached) status.offline(true);
    else if (data.type === MESSAGES.notCached) status.offline(false, data.file);
  };
  const controlled = new Promise((resolve) => {
    if (sw.controller) resolve(true);
    else sw.addEventListener("controllerchange", () => resolve(true), { once: true });
    const without = (why) => {
      console.warn("working without offline support:", why);
      resolve(false);
    };
    sw.register("sw.js", { updateViaCache: "none" }).then(
      // No registration and no error: seen where the browser blocks workers (automation, policies).
      (registration) => (registration ? watchForUpdates(registration, updateBanner) : without("no registration")),
      without,
    );
  });
  // Whatever this visit does not fetch itself is cached too, for the next one
  // offline: once the page has started, so that it does not compete with it.
  return controlled.then((yes) => {
    if (yes) status.settled.then(() => sw.controller.postMessage(MESSAGES.cacheAll));
    return yes;
  });
}

function watchForUpdates(registration, banner) {
  const offer = () => {
    if (!registration.waiting || !navigator.serviceWorker.controller) return;
    banner.hidden = false;
    banner.querySelector("button").onclick = () => {
      navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
      registration.waiting.postMessage(MESSAGES.skipWaiting);
    };
  };
  offer();
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker.addEventListener("statechange", () => worker.state === "installed" && offer());
  });
  // Look for a new deploy whenever the person comes back to the page.
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && registration.update());
}
