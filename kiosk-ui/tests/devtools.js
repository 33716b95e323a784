// What the browser tests ask of Chromium's DevTools protocol (shared by the kiosk's and web-ui's tests, like
// server.js): the id of a page's service worker registration, which `ServiceWorker.dispatchSyncEvent` and
// `ServiceWorker.deliverPushMessage` need.

/**
 * Watches `page`'s browser context for the service worker registered at `scope`; resolves with the DevTools
 * session and a promise of the registration's id.
 */
export async function watchServiceWorker(page, scope) {
  const cdp = await page.context().newCDPSession(page);
  let found;
  const registrationId = new Promise((resolve) => { found = resolve; });
  cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
    const mine = registrations.find((r) => r.scopeURL === scope && !r.isDeleted);
    if (mine) found(mine.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  return { cdp, registrationId };
}
