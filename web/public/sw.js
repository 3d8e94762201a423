// Flywheel dashboard service worker: makes the app installable and opens the shell offline.
// Network first for the app's own pages and assets (always the newest build), the cache only when offline.
// The API, /ws, /metrics and /health are never touched: approvals must reach the gateway or fail visibly.
const CACHE = 'flywheel-shell-v2';
const SHELL = ['/', '/manifest.webmanifest', '/icon.svg', '/icon-192.png'];

// The shell and every built asset (the build writes precache.json, lazy route chunks included), so the
// installed app opens offline on any page.
const precache = () =>
  fetch('/precache.json', { cache: 'no-store' })
    .then((r) => (r.ok ? r.json() : []))
    .catch(() => []);

self.addEventListener('install', (event) => {
  event.waitUntil(
    Promise.all([caches.open(CACHE), precache()])
      .then(([c, assets]) => c.addAll([...SHELL, ...assets]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

const passThrough = (url) => /^\/(api|ws|metrics|health)(\/|$)/.test(url.pathname);

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || passThrough(url)) return;
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok && (req.mode === 'navigate' || url.pathname.startsWith('/assets/'))) {
          const copy = res.clone();
          void caches.open(CACHE).then((c) => c.put(req.mode === 'navigate' ? '/' : req, copy));
        }
        return res;
      })
      .catch(() => caches.match(req.mode === 'navigate' ? '/' : req).then((hit) => hit ?? Response.error())),
  );
});

// A notification click opens (or focuses) the inbox.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((list) => {
      const open = list.find((c) => new URL(c.url).origin === self.location.origin);
      return open ? open.focus().then((c) => c.navigate('/inbox')) : self.clients.openWindow('/inbox');
    }),
  );
});
