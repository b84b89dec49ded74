// Install the service worker (/sw.js) that keeps the diary and the public pages last read for
// reading without a signal. Nothing needs it: without JavaScript, or in a browser without
// service workers, the site works as before, only not offline.
if ("serviceWorker" in navigator) {
  const shownBefore = !navigator.serviceWorker.controller;
  navigator.serviceWorker
    .register("/sw.js", { scope: "/" })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      // This page was shown before the worker looked after the site: ask it to keep the page
      // and what it needs (the worker applies its own rules about what may be kept).
      if (shownBefore && registration.active) {
        const assets = [...document.querySelectorAll("link[rel=stylesheet][href], script[src], link[rel=icon][href]")]
          .map((el) => el.href || el.src);
        registration.active.postMessage({ type: "keep", urls: [window.location.href, ...assets] });
      }
    })
    .catch(() => {
      // No worker (private browsing, a blocked file): the site still works online.
    });
}
