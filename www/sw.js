// The service worker: the installable, offline web app (README "Install / offline",
// DESIGN.md "How does the page work offline…"). This is its source; `./x build` writes
// dist/sw.js from it (scripts/offline.mjs), preceded by two generated constants:
//
//   VERSION  the build's version: a hash of the content of every file listed
//   FILES    [address, integrity] of every file of the app: the page, its loaders, style,
//            script and wasm, the calculator's worker, the workbook reader, the icons and
//            manifest, and every built-in case's public market data
//
// Install fetches them all into the cache `redress-<VERSION>`, each with its integrity
// (exactly this build's bytes, whatever an HTTP cache or a half-finished upload holds),
// all or nothing. A new build's worker installs beside the old one and then waits: the
// old cache stays whole while any page of the old build is open, so that no page ever runs
// one build's page with another build's worker. It takes over once no such page is left,
// or when the only one asks before its app has started (www/boot.js), which then reloads;
// activating, it deletes every other Redress cache. Fetch answers the listed files from
// the cache (a query ignored: the workers' loaders carry one) and a navigation to the
// app's address with the page; anything else goes to the network, uncached, and no other
// origin is ever answered or cached here.
/* global VERSION, FILES */
const CACHE = `redress-${VERSION}`;
const PREFIX = 'redress-';
const SCOPE = self.registration.scope;
const at = (address) => new URL(address, SCOPE);
/** The cache key (a full address) of every path the app may ask for. */
const KEYS = new Map(FILES.map(([address]) => [at(address).pathname, at(address).href]));
KEYS.set(at('index.html').pathname, at('./').href);

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const queue = FILES.slice();
    // Three at a time, at low priority: the page the user is looking at comes first.
    const next = async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        const [address, integrity] = file;
        const url = at(address).href;
        const response = await fetch(url, { cache: 'no-cache', integrity, priority: 'low' });
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        // A navigation must never be answered with a redirected response.
        await cache.put(url, response.redirected ? new Response(await response.blob(), response) : response);
      }
    };
    try {
      await Promise.all([next(), next(), next()]);
    } catch (e) {
      queue.length = 0;
      await caches.delete(CACHE);
      throw e;
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;
  const key = KEYS.get(url.pathname);
  if (!key) return;
  event.respondWith((async () => {
    const hit = await (await caches.open(CACHE)).match(key);
    return hit ?? fetch(request);
  })());
});

self.addEventListener('message', (event) => {
  const { type, script } = event.data ?? {};
  const reply = (value) => event.ports[0]?.postMessage(value);
  const alone = async () => {
    const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    return open.every((client) => client.id === event.source?.id);
  };
  // (Each message is sent to one worker, the waiting or the active one, by www/boot.js.)
  if (type === 'take-over') {
    // To a waiting worker from a page of the old build, before its app starts: when that
    // page is the only one open, this worker takes over (and the page reloads once it is
    // in control). It answers whether it does.
    event.waitUntil(alone().then((yes) => {
      reply(yes);
      return yes ? self.skipWaiting() : undefined;
    }));
  } else if (type === 'alone') {
    // What a page of an earlier build asks before it sends `take-over` without a port.
    event.waitUntil(alone().then(reply));
  } else if (type === 'claim') {
    // A page loaded from the network before this worker was active: it comes under this
    // worker only when it is this build's page (its app script is listed).
    if (KEYS.has(at(String(script)).pathname)) event.waitUntil(self.clients.claim());
  }
});
