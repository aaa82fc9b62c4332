// A service worker of the portal, written by the server for one part of it (its scope) with
// the current bundle's file names: a release with other files is another script, whose install
// fetches the new files and whose activation drops the old cache. Pages are fetched from the
// network while it answers and kept as the signed-in member last saw them; the bundle, whose
// names change with its content, is served from the cache.
const CACHE = '__CACHE__';
const PREFIX = '__PREFIX__';
const PAGES = __PAGES__;
const FILES = __FILES__;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(FILES);
    await Promise.all(PAGES.map((page) => keepPage(cache, page)));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const name of await caches.keys()) {
      if (!name.startsWith(PREFIX) || name === CACHE) continue;
      // A page the install could not fetch (nobody signed in) is carried over from the old
      // cache: the device stays ready for an outage across a release.
      const old = await caches.open(name);
      for (const page of PAGES) {
        if (!(await cache.match(page))) {
          const kept = await old.match(page);
          if (kept) await cache.put(page, kept);
        }
      }
      await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    const page = PAGES.find((p) => url.pathname === p);
    if (page) event.respondWith(pageFromNetwork(request, page, url.search === ''));
  } else if (FILES.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((kept) => kept || fetch(request)));
  }
});

// Only the page as a signed-in member sees it is kept: never a sign-in form or an error page.
async function keepPage(cache, page) {
  try {
    const response = await fetch(page, { credentials: 'same-origin', redirect: 'manual' });
    if (response.status === 200) await cache.put(page, response);
  } catch (_) {
    // Unreachable while installing: the page is kept the next time it loads.
  }
}

// A link that drops packets answers neither yes nor no: after this long the kept page is served.
const NETWORK_TIMEOUT_MS = 8000;

// Only the page itself (`bare`: no customer or receipt in its address) is kept.
async function pageFromNetwork(request, page, bare) {
  const cache = await caches.open(CACHE);
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), NETWORK_TIMEOUT_MS)),
    ]);
    if (response.status < 500) {
      if (bare && response.status === 200 && !response.redirected) await cache.put(page, response.clone());
      return response;
    }
    return (await cache.match(page)) || response;
  } catch (unreachable) {
    const kept = await cache.match(page);
    if (kept) return kept;
    throw unreachable;
  }
}
