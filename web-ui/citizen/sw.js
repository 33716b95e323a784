// The citizen app's service worker (a module): sends the reports waiting on the phone when the browser fires a
// Background Sync, even with the page closed — the kiosk's outbox code (/kiosk/js/outbox.js), the same request,
// the same Idempotency-Key and the same lock as the page's sending, so a report is filed once. A signed-in
// citizen's report (it names the account) waits for the app instead: the worker has no token. Nothing is cached.

import { SYNC_TAG, sendFromWorker } from '/kiosk/js/outbox.js';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('sync', (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(sendFromWorker({ lastChance: event.lastChance }));
});
