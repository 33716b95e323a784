// Submissions when the network or the server fails: kept in the outbox and sent exactly once when the server is
// back (also after a reload, and when only the answer was lost), and a refusal that keeps nothing of the report.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kioskSuite, checkScreen, readOutbox, putOutbox, problem } from './helpers.js';

const k = kioskSuite();

test('offline: with the server down the report is kept, the receipt says so, and it is sent once when it is back', async () => {
  const { page, server } = k;
  await k.home();
  const before = (await server.stationReports()).length;
  await k.fillReport('（离线测试）', { photos: 1 });

  await server.stop(); // pulled down mid-flow
  await page.waitForSelector('#status[data-state="offline"]');
  await page.click('#submit');
  await page.waitForSelector('#saved-notice');
  assert.match(await page.textContent('#saved-notice'), /已保存，网络恢复后自动发送/);
  // The code the report will have, reserved while the kiosk was online: trackable, in the keypad's alphabet.
  const reserved = (await page.textContent('#tracking-code[data-reserved="true"]')).trim();
  assert.match(reserved, /^LS-[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}$/);
  assert.equal(await k.pending(), 1);
  await page.waitForSelector('#status[data-state="offline"]');
  await checkScreen(page, '17-receipt-saved');

  // A reload while it is down loses nothing either.
  await page.reload();
  await k.onScreen('attract');
  assert.equal(await k.pending(), 1);

  await server.start();
  await page.waitForSelector('#status[data-state="online"]', { timeout: 20000 });
  await k.waitForPending(0);
  const reports = await server.stationReports();
  assert.equal(reports.length, before + 1, 'exactly one report');
  assert.equal(reports[0].tracking_code, reserved, 'under the code its receipt showed');
  const tracked = await server.json(`/api/v1/reports/track/${reports[0].tracking_code}`);
  assert.equal(tracked.photo_count, 1, 'with its photo');
});

test('a lost answer: the retry carries the same Idempotency-Key, so the report exists once', async () => {
  const { page, server } = k;
  await k.home();
  const before = (await server.stationReports()).length;
  await k.fillReport('（丢失应答测试）', { photos: 1 });
  const keys = [];
  await page.route('**/api/v1/reports', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    if (keys.length === 1) {
      await route.fetch(); // the server files it...
      await route.abort('connectionreset'); // ...and the answer never arrives
    } else {
      await route.continue();
    }
  });
  await page.click('#submit');
  await k.onScreen('receipt');
  // The saved receipt (already showing the code reserved for it) turns into the sent one once the retry goes
  // through.
  await page.waitForSelector('#tracking-code:not([data-reserved])', { timeout: 20000 });
  await page.unroute('**/api/v1/reports');
  assert.ok(keys.length >= 2, `retried: ${keys.length}`);
  assert.ok(keys.every((key) => key === keys[0]), 'one key for every attempt');
  const reports = await server.stationReports();
  assert.equal(reports.length, before + 1, 'exactly one report');
  assert.equal((await page.textContent('#tracking-code')).trim(), reports[0].tracking_code);
  await checkScreen(page, '18-receipt-synced');
});

test('refused in the background: the report’s words, photos and phone leave the kiosk, staff see only a count', async () => {
  const { page, server } = k;
  await k.home();
  await k.fillReport('（拒收测试）', { photos: 1, phone: '13900001111' });
  let attempts = 0;
  await page.route('**/api/v1/reports', (route) => {
    attempts += 1;
    // The first attempt does not get through (kept, the resident leaves); the retry is refused for good.
    return attempts === 1 ? route.abort('internetdisconnected') : route.fulfill(problem(422, 'validation_failed'));
  });
  await page.click('#submit');
  await page.waitForSelector('#saved-notice');
  await page.waitForSelector('#status[data-refused="1"]', { timeout: 20000 });
  await page.unroute('**/api/v1/reports');
  assert.match(await page.textContent('#status'), /1 件被拒收/);
  assert.equal(await k.pending(), 0);
  const kept = await page.evaluate(readOutbox);
  assert.equal(kept.length, 1, 'a note of the refusal');
  assert.equal(kept[0].fields, undefined, 'no words, place or phone');
  assert.equal(kept[0].photos, undefined, 'no photos');
  assert.ok(!JSON.stringify(kept).includes('13900001111'));

  // What an older version kept whole is stripped at start, too.
  await page.evaluate(putOutbox, {
    key: 'old-refused', created_at: 1, rejected: true, error: 'validation_failed',
    fields: [['description', '旧的'], ['contact.phone', '13700002222']], photos: [],
  });
  await page.goto(`${server.url}/kiosk/?setup&heartbeat=1000`);
  await k.onScreen('setup');
  await page.waitForSelector('#refused-note:not([hidden])');
  assert.match(await page.textContent('#refused-note'), /拒收了本机保存的 2 件反映/);
  const scrubbed = await page.evaluate(readOutbox);
  assert.equal(scrubbed.length, 2);
  assert.ok(scrubbed.every((r) => r.fields === undefined && r.photos === undefined), JSON.stringify(scrubbed));
  assert.ok(!JSON.stringify(scrubbed).includes('1370000'));
  await checkScreen(page, '20-setup-refused');
  await page.click('#refused-clear');
  await page.waitForSelector('#refused-note[hidden]', { state: 'attached' });
  assert.deepEqual(await page.evaluate(readOutbox), []);
});

test('a reserved code the server will not take: the report goes once more without it and gets a code of its own', async () => {
  const { page, server } = k;
  await k.home();
  const before = (await server.stationReports()).length;
  await k.fillReport('（预留码被占用）', { photos: 0 });
  const sent = [];
  await page.route('**/api/v1/reports', async (route) => {
    const body = route.request().postDataBuffer()?.toString('latin1') ?? '';
    sent.push({ key: route.request().headers()['idempotency-key'], reserved: body.includes('name="reserved_code"') });
    if (sent.length === 1) return route.fulfill(problem(409, 'reserved_code_used'));
    return route.continue();
  });
  await page.click('#submit');
  await k.onScreen('receipt');
  await page.waitForSelector('#tracking-code:not([data-reserved])');
  await page.unroute('**/api/v1/reports');
  assert.deepEqual(sent.map((s) => s.reserved), [true, false], 'first with the code, then without');
  assert.equal(sent[1].key, sent[0].key, 'under the same key (the server kept nothing of the first)');
  const reports = await server.stationReports();
  assert.equal(reports.length, before + 1, 'exactly one report');
  assert.equal((await page.textContent('#tracking-code')).trim(), reports[0].tracking_code);
});
