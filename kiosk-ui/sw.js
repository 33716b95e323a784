// Keeps the kiosk app's own files so that it starts again after a reload or a power cut while the server is
// away (network first, the kept copy when the network fails). Reports waiting to be sent live in IndexedDB
// (js/outbox.js); a phone's go out from here too, on a Background Sync, when its page has been closed (below).

const CACHE = 'liaison-kiosk-v10';
const SHELL = [
  './', 'styles.css', 'favicon.svg', 'js/app.js', 'js/api.js', 'js/outbox.js', 'js/camera.js', 'js/catalog.js', 'js/i18n.js',
  'js/dom.js', 'js/track-view.js', 'js/state.js', 'js/router.js', 'js/idle.js', 'js/live.js', 'js/station.js',
  'js/ui.js', 'js/screens/setup.js', 'js/screens/landing.js', 'js/screens/attract.js', 'js/screens/category.js', 'js/screens/emergency.js',
  'js/screens/describe.js',
  'js/screens/photos.js', 'js/screens/place.js', 'js/screens/contact.js', 'js/screens/review.js',
  'js/screens/receipt.js', 'js/screens/track.js', 'js/screens/deputies.js', 'js/screens/report-back.js',
  'js/help.js', 'js/phone-photos.js', 'js/results-board.js', 'js/check-in-board.js', 'js/report-back-board.js', 'js/qr.js', 'vendor/qrcode/qrcode.mjs',
  // The pinyin pad and its word list (about 0.8 MB, fetched by the page only when a pad first opens): kept from
  // the start, so that the pad works on a kiosk that has lost its network since.
  'js/pinyin.js', 'js/pinyin-pad.js', 'vendor/pinyin/pinyin-words.txt',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith('/kiosk/')) return;
  event.respondWith((async () => {
    try {
      const response = await fetch(event.request);
      if (response.ok) {
        const cache = await caches.open(CACHE);
        await cache.put(url.pathname.endsWith('/') ? './' : event.request, response.clone());
      }
      return response;
    } catch (err) {
      const kept = await caches.match(url.pathname.endsWith('/') ? './' : event.request, { ignoreSearch: true });
      if (kept) return kept;
      throw err;
    }
  })());
});

// ---- Sending a phone's reports with the page closed -------------------------------------------------------------
// The page asks for a sync (outbox.sendInBackground) when a report could not go out; the browser fires it once
// the device is online again, open page or not. The same code as the page's, from the same module (this worker
// is registered as a module, app.js; an import is hoisted, so it may stand here): the same request, the same
// Idempotency-Key, under the same lock as the page's sending, so a report is filed once.

import { SYNC_TAG, sendFromWorker } from './js/outbox.js';

self.addEventListener('sync', (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(sendFromWorker({ lastChance: event.lastChance }));
});
