// A phone's report kept while it is offline goes out with the page closed: the page asks for a Background Sync,
// and the service worker sends it (the same request, the same Idempotency-Key) when the browser fires the event,
// which the tests do through the DevTools protocol (ServiceWorker.dispatchSyncEvent). Each report exists once
// however often the event fires; a refusal is kept with its reason; a page open meanwhile is told.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kioskSuite, checkScreen, waitUntil, readOutbox, problem, PHONE } from './helpers.js';
import { watchServiceWorker } from './devtools.js';

const k = kioskSuite({ enrolled: false });

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const TAG = 'liaison-outbox';
const onScreen = (page, name) => page.waitForSelector(`main[data-screen="${name}"]`);

/**
 * A phone: its browser context, and a second tab outside the app (`/health/ready`, same origin, not under the
 * service worker's `/kiosk/` scope) that stays open when the form's tab is closed. Through it the test fires
 * the service worker's sync event (a DevTools session of the phone's context) and hears what the service
 * worker tells open pages (its BroadcastChannel).
 */
async function openPhone() {
  const { server } = k;
  const context = await k.newContext(PHONE);
  const watcher = await context.newPage();
  await watcher.goto(`${server.url}/health/ready`);
  await watcher.evaluate((tag) => {
    window.notices = [];
    new BroadcastChannel(tag).onmessage = (e) => window.notices.push(e.data);
  }, TAG);
  const { cdp, registrationId: registration } = await watchServiceWorker(watcher, `${server.url}/kiosk/`);
  return {
    context,
    watcher,
    /** Fires the sync event in the phone's service worker, as the browser does once the phone is online. */
    async sync({ lastChance = false } = {}) {
      const registrationId = await within(registration, 'the service worker registration');
      await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: server.url, registrationId, tag: TAG, lastChance });
    },
    /** The notices heard so far (from the service worker and the app's pages). */
    notices: () => watcher.evaluate(() => window.notices),
    /** Until a notice with all of `fields` (e.g. `{type: 'sent', key}`) has been heard. */
    heard(fields) {
      return watcher.waitForFunction((want) => window.notices.some((n) => Object.entries(want).every(([name, value]) => n[name] === value)),
        fields, { timeout: 20000 });
    },
  };
}

async function within(promise, what, ms = 15000) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The phone's form for XH-01 (from the station's QR code), once its service worker is active: up to review. */
async function fillOnPhone(context, text, { url = `${k.server.url}/kiosk/?station=XH-01#report`, sync = true } = {}) {
  const mobile = await context.newPage();
  mobile.setDefaultTimeout(15000);
  mobile.on('pageerror', (err) => console.error('page error:', err));
  await mobile.goto(url);
  await onScreen(mobile, 'category');
  assert.equal(await mobile.evaluate(async () => Boolean((await navigator.serviceWorker.ready).sync && window.SyncManager)), sync, 'Background Sync');
  await mobile.click('[data-category="environment"]');
  await onScreen(mobile, 'describe');
  await mobile.fill('#description', text);
  await mobile.click('[data-nav="next"]');
  await onScreen(mobile, 'photos');
  await mobile.setInputFiles('input[type="file"]', [{ name: 'door.png', mimeType: 'image/png', buffer: PNG }]);
  await mobile.waitForFunction(() => document.querySelectorAll('.shot').length === 1);
  await mobile.click('[data-nav="next"]');
  await onScreen(mobile, 'place');
  await mobile.click('[data-place="station"]');
  await onScreen(mobile, 'contact');
  await mobile.click('#no-phone');
  await onScreen(mobile, 'review');
  return mobile;
}

const sentFor = (n, key) => n.type === 'sent' && n.key === key;

test('offline on a phone, page closed: the service worker sends the report once the phone is online, and once only', async () => {
  const { server } = k;
  const phone = await openPhone();
  const before = (await server.stationReports()).length;
  const mobile = await fillOnPhone(phone.context, '（后台发送测试）路口的井盖松了');

  await phone.context.setOffline(true);
  await mobile.click('#submit');
  await mobile.waitForSelector('#saved-notice');
  assert.match(await mobile.textContent('#saved-how'), /现在可以关闭这个页面/);
  await checkScreen(mobile, '40-phone-saved-background');
  const [kept] = await mobile.evaluate(readOutbox);
  assert.equal(kept.kiosk, false);
  assert.equal(kept.photos, 1);
  await mobile.close();
  assert.equal((await server.stationReports()).length, before, 'nothing went out while offline');

  await phone.context.setOffline(false);
  await phone.sync();
  await phone.heard({ type: 'sent', key: kept.key });
  await phone.heard({ type: 'flushed', left: 0, lastChance: false });
  const reports = await server.stationReports();
  assert.equal(reports.length, before + 1, 'exactly one report');
  const sent = (await phone.notices()).find((n) => sentFor(n, kept.key));
  assert.equal(sent.created.tracking_code, reports[0].tracking_code);
  const tracked = await server.json(`/api/v1/reports/track/${reports[0].tracking_code}`);
  assert.equal(tracked.photo_count, 1, 'with its photo');

  // The browser may fire the event again (it did not hear the answer, or it is its last chance): nothing more.
  await phone.sync({ lastChance: true });
  await phone.heard({ type: 'flushed', left: 0, lastChance: true });
  assert.equal((await server.stationReports()).length, before + 1, 'still exactly one report');

  // The phone's form, opened again, shows the tracking code it was sent under, until the resident removes it.
  const again = await phone.context.newPage();
  await again.goto(`${server.url}/kiosk/?station=XH-01#report`);
  await onScreen(again, 'category');
  await again.waitForSelector(`#earlier-reports li[data-state="sent"][data-key="${kept.key}"]`);
  assert.equal((await again.textContent('#earlier-reports .earlier-code')).trim(), reports[0].tracking_code);
  assert.equal(await again.getAttribute('#earlier-reports a.btn', 'href'), `/t/${reports[0].tracking_code}`);
  await checkScreen(again, '41-phone-earlier-sent');
  await again.click(`[data-dismiss="${kept.key}"]`);
  await again.waitForSelector('#earlier-reports[hidden]', { state: 'attached' });
  assert.deepEqual(await again.evaluate(readOutbox), []);
  await phone.context.close();
});

test('busy, then the answer lost: the service worker waits for Retry-After, and every attempt carries one key', async () => {
  const { server } = k;
  const phone = await openPhone();
  const before = (await server.stationReports()).length;
  const mobile = await fillOnPhone(phone.context, '（后台重试测试）楼道灯坏了');
  await phone.context.setOffline(true);
  await mobile.click('#submit');
  await mobile.waitForSelector('#saved-notice');
  const [kept] = await mobile.evaluate(readOutbox);
  await mobile.close();

  // Requests of the service worker, as the context sees them: busy (503, Retry-After: 1), then filed but the
  // answer never arrives, then through (the server replays its first answer). Chromium may fire the event by
  // itself as well when the phone is back online: what is checked holds however many events there are.
  const attempts = [];
  let replayed = null;
  await phone.context.route('**/api/v1/reports', async (route) => {
    attempts.push({ key: route.request().headers()['idempotency-key'], at: Date.now() });
    if (attempts.length === 1) {
      await route.fulfill({ ...problem(503, 'service_unavailable'), headers: { 'Retry-After': '1' } });
    } else if (attempts.length === 2) {
      await route.fetch(); // the server files it...
      await route.abort('connectionreset'); // ...and the answer never arrives
    } else {
      const response = await route.fetch();
      replayed = response.headers()['idempotent-replayed'] ?? 'no';
      await route.fulfill({ response });
    }
  });
  await phone.context.setOffline(false);
  await phone.sync();
  await phone.heard({ type: 'flushed', left: 1, lastChance: false });
  assert.ok(attempts.length >= 2, `${attempts.length} attempts`);
  assert.ok(attempts[1].at - attempts[0].at >= 900, `waited ${attempts[1].at - attempts[0].at} ms as the server asked`);
  assert.equal((await server.stationReports()).length, before + 1, 'filed by the attempt whose answer was lost');

  // The browser fires the event again later: the same key, the server's first answer, no second report.
  await phone.sync();
  await phone.heard({ type: 'sent', key: kept.key });
  await phone.heard({ type: 'flushed', left: 0, lastChance: false });
  await phone.context.unroute('**/api/v1/reports');
  assert.equal(attempts.length, 3);
  assert.ok(attempts.every((a) => a.key === kept.key), 'one key for every attempt');
  assert.equal(replayed, 'true', 'the answer replayed, nothing filed again');
  const reports = await server.stationReports();
  assert.equal(reports.length, before + 1, 'exactly one report');
  const sent = (await phone.notices()).find((n) => sentFor(n, kept.key));
  assert.equal(sent.created.tracking_code, reports[0].tracking_code, 'the replayed answer');
  assert.deepEqual((await phone.watcher.evaluate(readOutbox)).map((r) => r.delivered), [true], 'only its tracking code stays');
  await phone.context.close();
});

test('with the page open: the receipt turns into the code the service worker got, or says why it was refused', async () => {
  const { server } = k;
  const phone = await openPhone();
  const before = (await server.stationReports()).length;
  // A long heartbeat, and the page's own attempts kept from the server: what happens is the service worker's.
  const url = `${server.url}/kiosk/?station=XH-01&heartbeat=600000#report`;
  const mobile = await fillOnPhone(phone.context, '（后台通知测试）垃圾没人收', { url });
  await mobile.route('**/api/v1/reports', (route) => route.abort('internetdisconnected'));
  await phone.context.setOffline(true);
  await mobile.click('#submit');
  await mobile.waitForSelector('#saved-notice');
  await phone.context.setOffline(false);
  await phone.sync();
  await mobile.waitForSelector('#tracking-code', { timeout: 20000 });
  const reports = await server.stationReports();
  assert.equal(reports.length, before + 1);
  assert.equal((await mobile.textContent('#tracking-code')).trim(), reports[0].tracking_code);
  await waitUntil(async () => (await mobile.evaluate(readOutbox)).length === 0, { message: 'the receipt to forget the code it shows' });

  // The next one is refused for good (422): the receipt says why; the report stays on the phone, whole.
  await mobile.click('#done');
  await onScreen(mobile, 'category');
  await mobile.click('[data-category="environment"]');
  await onScreen(mobile, 'describe');
  await mobile.fill('#description', '（后台拒收测试）这段话会被拒收');
  await mobile.click('[data-nav="next"]');
  await onScreen(mobile, 'photos');
  await mobile.click('[data-nav="next"]');
  await onScreen(mobile, 'place');
  await mobile.click('[data-place="station"]');
  await onScreen(mobile, 'contact');
  await mobile.click('#no-phone');
  await onScreen(mobile, 'review');
  await phone.context.setOffline(true);
  await mobile.click('#submit');
  await mobile.waitForSelector('#saved-notice');
  await phone.context.route('**/api/v1/reports', (route) => route.fulfill({
    status: 422, contentType: 'application/problem+json',
    body: JSON.stringify({ title: 'Unprocessable', status: 422, code: 'validation_failed', detail: '描述不符合要求' }),
  }));
  await phone.context.setOffline(false);
  await phone.sync();
  await mobile.waitForSelector('#refused-notice');
  assert.match(await mobile.textContent('#refused-reason'), /原因：描述不符合要求/);
  await checkScreen(mobile, '42-phone-refused-background');
  await phone.heard({ type: 'flushed', left: 0, lastChance: false });
  await phone.context.unroute('**/api/v1/reports');
  assert.equal((await server.stationReports()).length, before + 1, 'nothing filed for the refused one');
  const kept = await mobile.evaluate(readOutbox);
  assert.equal(kept.length, 1);
  assert.equal(kept[0].rejected, true);
  assert.equal(kept[0].reason, '描述不符合要求');
  assert.ok(kept[0].fields.some(([name, value]) => name === 'description' && value === '（后台拒收测试）这段话会被拒收'), 'kept whole');

  // Listed on the form's first screen with the reason and the words, in both languages, until removed.
  await mobile.click('#done');
  await onScreen(mobile, 'category');
  await mobile.waitForSelector(`#earlier-reports li[data-state="refused"][data-key="${kept[0].key}"]`);
  assert.match(await mobile.textContent('#earlier-reports'), /没有被受理。原因：描述不符合要求/);
  assert.match(await mobile.textContent('#earlier-reports blockquote'), /这段话会被拒收/);
  await checkScreen(mobile, '43-phone-earlier-refused');
  await mobile.click('#btn-lang');
  await mobile.waitForFunction(() => /Your earlier reports/.test(document.querySelector('#earlier-reports').textContent));
  await checkScreen(mobile, '43b-phone-earlier-refused-en');
  await mobile.click(`[data-dismiss="${kept[0].key}"]`);
  await mobile.waitForSelector('#earlier-reports[hidden]', { state: 'attached' });
  assert.deepEqual(await mobile.evaluate(readOutbox), []);
  await phone.context.close();
});

test('without Background Sync: the receipt asks to keep the page open, which sends when it is shown again', async () => {
  const { server } = k;
  const context = await k.newContext(PHONE);
  await context.addInitScript(() => { delete window.SyncManager; }); // as in Safari
  const before = (await server.stationReports()).length;
  // A long heartbeat: the page sends when it is shown again, not on its timer.
  const url = `${server.url}/kiosk/?station=XH-01&heartbeat=600000#report`;
  const mobile = await fillOnPhone(context, '（前台重试测试）路灯不亮', { url, sync: false });
  await mobile.route('**/api/v1/reports', (route) => route.abort('internetdisconnected'));
  await mobile.click('#submit');
  await mobile.waitForSelector('#saved-notice');
  assert.match(await mobile.textContent('#saved-how'), /请先不要关闭这个页面/);
  await checkScreen(mobile, '44-phone-saved-keep-open');
  await mobile.unroute('**/api/v1/reports');
  // The resident comes back to the tab (the page hears `visibilitychange`; headless it never was hidden).
  await mobile.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await mobile.waitForSelector('#tracking-code', { timeout: 20000 });
  const reports = await server.stationReports();
  assert.equal(reports.length, before + 1, 'exactly one report');
  assert.equal((await mobile.textContent('#tracking-code')).trim(), reports[0].tracking_code);
  await context.close();
});
