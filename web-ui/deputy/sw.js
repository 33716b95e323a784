// The workbench's service worker: shows a Web Push notice (the server sends `{ title, body, url, … }`,
// encrypted for this browser) and, on a tap, opens the report it names in the workbench (an open
// workbench tab is reused). It caches nothing: the workbench always talks to the server.

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let notice = {};
  try {
    notice = event.data ? event.data.json() : {};
  } catch {
    notice = { body: event.data ? event.data.text() : '' };
  }
  const title = typeof notice.title === 'string' && notice.title ? notice.title : '代表工作台';
  event.waitUntil(self.registration.showNotification(title, {
    body: typeof notice.body === 'string' ? notice.body : '',
    tag: typeof notice.id === 'string' ? notice.id : undefined,
    data: { url: typeof notice.url === 'string' ? notice.url : '' },
    lang: 'zh-CN',
  }));
});

/** The notice's address when it is a page of this workbench; the inbox otherwise. */
function target(url) {
  const scope = new URL(self.registration.scope);
  try {
    const wanted = new URL(url, scope);
    if (wanted.origin === scope.origin && wanted.pathname.startsWith(scope.pathname)) return wanted.href;
  } catch {
    // Not an address.
  }
  return new URL('#/inbox', scope).href;
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = target(event.notification.data?.url || '');
  event.waitUntil((async () => {
    const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of open) {
      if (client.url.startsWith(self.registration.scope) && 'focus' in client) {
        await client.navigate(url).catch(() => {});
        return client.focus();
      }
    }
    return self.clients.openWindow(url);
  })());
});
