// The service worker: keeps the diary and the public pages last read, for reading without a signal.
// Served at /sw.js by engage.public.views.service_worker (so that it may look after every page).
//
// Network first: a page is always fetched afresh when there is a connection; only when the fetch
// fails is the copy kept from the last visit shown, or the offline page when there is none.
//
// It never keeps anything personal. It stores a response only when all of these hold:
// - the request is a GET to this site, not under a staff, account or personal address (STAFF);
// - the response is a 200, not a redirect, and says `Cache-Control: public` with no `private`,
//   `no-store` or `no-cache` (what @public_page() sends for a page that is the same for everyone;
//   the server sends `private, no-store` for a form, a signed-in visitor or one person's page);
// - it sets no cookie: a browser never shows Set-Cookie to a service worker, so this rests on the
//   server, which turns any public response that sets a cookie private
//   (engage.core.public_cache.CacheHeadersMiddleware); the check below is a second line.
// Static files (styles, scripts, icons) are kept too, unless they say otherwise.

const VERSION = "engage-offline-v1";
const PAGES = `${VERSION}-pages`;
const ASSETS = `${VERSION}-assets`;
const OFFLINE_URL = "/offline/";
const MAX_PAGES = 60;

// Addresses whose pages are for staff or for one person: never stored, whatever they say.
const STAFF = [
  "/accounts/", "/django-admin/", "/activities/", "/alerts/", "/briefings/", "/concerns/",
  "/consultations/", "/decisions/", "/documents/", "/meetings/", "/messaging/", "/news/",
  "/places/", "/stakeholders/", "/surgeries/", "/language/", "/stay-informed/", "/u/",
  "/reply/", "/feedback/", "/media/",
];

function isStaff(url) {
  return STAFF.some((prefix) => url.pathname.startsWith(prefix));
}

function isAsset(url) {
  return url.pathname.startsWith("/static/");
}

function directives(response) {
  return (response.headers.get("Cache-Control") || "")
    .toLowerCase()
    .split(",")
    .map((d) => d.trim().split("=")[0]);
}

// Whether this response may be kept on the device (see the rules at the top).
function storable(request, response) {
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || isStaff(url)) {
    return false;
  }
  if (!response || response.status !== 200 || response.type !== "basic" || response.redirected) {
    return false;
  }
  if (response.headers.has("Set-Cookie")) {
    return false;
  }
  const said = directives(response);
  if (said.includes("no-store") || said.includes("private") || said.includes("no-cache")) {
    return false;
  }
  return isAsset(url) || said.includes("public");
}

async function keep(request, response) {
  const url = new URL(request.url);
  const cache = await caches.open(isAsset(url) ? ASSETS : PAGES);
  if (!isAsset(url)) {
    await cache.delete(request, { ignoreVary: true }); // read again: now the newest
  }
  await cache.put(request, response);
  if (!isAsset(url)) {
    const keys = await cache.keys();
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PAGES))) {
      await cache.delete(old);
    }
  }
}

async function fetchAndKeep(request) {
  const response = await fetch(request);
  if (storable(request, response)) {
    await keep(request, response.clone());
  }
  return response;
}

async function fromNetworkThenCache(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    if (storable(request, response)) {
      event.waitUntil(keep(request, response.clone()));
    }
    return response;
  } catch (error) {
    // The page is the same whatever the language cookie said: Vary is ignored on the way back.
    const kept = await caches.match(request, { ignoreVary: true });
    if (kept) {
      return kept;
    }
    if (request.mode === "navigate") {
      const offline = await caches.match(OFFLINE_URL, { ignoreVary: true });
      if (offline) {
        return offline;
      }
    }
    throw error;
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    fetchAndKeep(new Request(OFFLINE_URL, { credentials: "same-origin" })).then(() =>
      self.skipWaiting(),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((n) => !n.startsWith(`${VERSION}-`)).map((n) => caches.delete(n)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

// A staff or personal page: from the network only, never looked up in or added to the cache;
// without a signal, the offline page.
async function fromNetworkOnly(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const offline = await caches.match(OFFLINE_URL, { ignoreVary: true });
    if (offline) {
      return offline;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Forms being sent and other sites go straight to the network, untouched.
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (isStaff(url)) {
    if (request.mode === "navigate") {
      event.respondWith(fromNetworkOnly(request));
    }
    return;
  }
  event.respondWith(fromNetworkThenCache(event));
});

// The page that registered this worker was shown before it was in charge: offline.js sends its
// address and its styles and scripts, to be fetched and kept by the same rules.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) {
    return;
  }
  const requests = data.urls
    .map((u) => new URL(u, self.location.origin))
    .filter((u) => u.origin === self.location.origin && !isStaff(u))
    .map((u) => new Request(u.href, { credentials: "same-origin" }));
  event.waitUntil(
    Promise.all(requests.map((r) => fetchAndKeep(r).catch(() => undefined))),
  );
});
