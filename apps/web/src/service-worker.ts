/// <reference lib="webworker" />
/**
 * Keeps the web app (its files, never the ledger's data) in the browser's cache, so that a tablet
 * at an event can reload the page with no connection; entries made offline live in IndexedDB.
 * Requests outside /app/ (the API) are not touched.
 */
// A module, so that this `self` (the worker's own scope) shadows the global one.
export {};
declare const self: ServiceWorkerGlobalScope;

// Replaced at build time by the list of this build's files (see vite.config.ts).
const FILES = '__PRECACHE_MANIFEST__' as unknown as string[];
/** One cache per build: its name changes with the list of (content-hashed) files. */
const CACHE = `ledger-app-${hash(JSON.stringify(FILES))}`;
const SCOPE = new URL(self.registration.scope).pathname;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES.map((file) => new URL(file, self.registration.scope).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('ledger-app-') && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith(SCOPE)) return;
  // The page itself: the network first, so a new build shows as soon as it can; the cached one offline.
  if (event.request.mode === 'navigate') {
    event.respondWith(fetch(event.request).catch(async () => (await caches.match(SCOPE, { cacheName: CACHE })) ?? Response.error()));
    return;
  }
  // Bundles are named by their content: the cached copy is the right one.
  event.respondWith(caches.match(event.request, { cacheName: CACHE }).then((cached) => cached ?? fetch(event.request)));
});

function hash(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
}
