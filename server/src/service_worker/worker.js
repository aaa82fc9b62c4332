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
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
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
    if (page) event.respondWith(pageFromNetwork(request, page));
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

async function pageFromNetwork(request, page) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.status < 500) {
      if (response.status === 200 && !response.redirected) await cache.put(page, response.clone());
      return response;
    }
    return (await cache.match(page)) || response;
  } catch (unreachable) {
    const kept = await cache.match(page);
    if (kept) return kept;
    throw unreachable;
  }
}
