// Enrollment: the setup screen trades a one-time code for the kiosk's credentials; a kiosk staff deactivated
// keeps its reports until it is enrolled again, then sends them once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kioskSuite, checkScreen, readOutbox, problem, waitUntil } from './helpers.js';

const k = kioskSuite({ enrolled: false });

test('enrollment: the setup screen trades a code for the kiosk credentials', async () => {
  const { page, server } = k;
  // A new kiosk: staff open `?setup` (or the landing page's staff link).
  await page.goto(`${server.url}/kiosk/?heartbeat=1000`);
  await k.onScreen('landing');
  await page.click('#staff-setup');
  await k.onScreen('setup');
  assert.match(page.url(), /\/kiosk\/\?setup$/);
  await checkScreen(page, '01-setup');
  await page.fill('#enrollment-code', 'AAAA-BBBB-CCCC');
  await page.click('#setup-go');
  await page.waitForFunction(() => document.querySelector('#setup-error')?.textContent.includes('启用码不对'));
  await page.fill('#enrollment-code', (await server.enrollmentCode()).toLowerCase());
  await page.click('#setup-go');
  await k.onScreen('attract');
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('liaison.kiosk.credentials')));
  assert.equal(saved.kiosk.station, 'XH-01');
  assert.ok(saved.refresh_token);
  assert.doesNotMatch(page.url(), /setup/, 'a reload starts the kiosk, not the setup screen');
  await page.reload();
  await k.onScreen('attract');
});

test('a deactivated kiosk (403): the report is kept, not refused, and goes out once the kiosk is enrolled again', async () => {
  const { page, server } = k;
  await k.home();
  const before = (await server.stationReports()).length;
  await k.fillReport('（停用测试）', { photos: 1 });
  let forbidden = 0;
  await page.route('**/api/v1/reports', (route) => {
    forbidden += 1;
    return route.fulfill(problem(403, 'forbidden'));
  });
  await page.click('#submit');
  await page.waitForSelector('#saved-notice');
  // The background retries meet 403 too.
  await waitUntil(() => forbidden >= 3, { timeout: 10000, message: 'three attempts, each answered 403' });
  assert.equal(await k.pending(), 1, 'still kept');
  assert.equal((await page.evaluate(readOutbox))[0].photos, 1, 'with its photo');
  assert.match(await page.textContent('#status'), /重新启用/);
  assert.equal(await page.getAttribute('#status', 'data-refused'), '0');

  // Staff enroll the kiosk again; the kept report goes out then, once.
  await page.unroute('**/api/v1/reports');
  await page.goto(`${server.url}/kiosk/?setup&heartbeat=1000`);
  await k.onScreen('setup');
  await page.fill('#enrollment-code', await server.enrollmentCode());
  await page.click('#setup-go');
  await k.onScreen('attract');
  await k.waitForPending(0);
  assert.equal((await server.stationReports()).length, before + 1, 'exactly one report');
  assert.doesNotMatch(await page.textContent('#status'), /重新启用/);
});
