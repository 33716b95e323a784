// The idle reset: large text and English undone, a visible countdown that "continue" stops, everything a resident
// entered cleared when time runs out, and a report still sending then filed once without reaching the next one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kioskSuite, checkScreen } from './helpers.js';

const k = kioskSuite();

test('large text and English, both undone by the idle reset', async () => {
  const { page } = k;
  await k.home('&idle=8');
  await page.click('#btn-large');
  await page.click('#btn-lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).fontSize), '30px');
  assert.equal((await page.textContent('#start-report')).trim(), 'Report a problem');
  await checkScreen(page, '15-attract-large-english', { minText: 30 });
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN', null, { timeout: 20000 });
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('large')), false);
});

test('idle: a visible countdown, “continue” keeps the report, and time running out clears everything', async () => {
  const { page } = k;
  await k.home('&idle=14');
  await page.click('#start-report');
  await k.onScreen('category');
  await page.click('[data-category="roads_traffic"]');
  await k.onScreen('describe');
  await page.fill('#description', '路灯不亮，晚上很黑');
  await page.waitForSelector('#idle:not([hidden])');
  assert.match(await page.textContent('#idle-text'), /\d+ 秒后回到首页/);
  await checkScreen(page, '16-idle-countdown');
  await page.click('#idle-continue');
  await page.waitForSelector('#idle', { state: 'hidden' });
  assert.equal(await page.inputValue('#description'), '路灯不亮，晚上很黑');

  await k.onScreen('attract', { timeout: 30000 }); // nobody touches it again
  const left = await page.evaluate(() => window.liaisonKiosk.draft());
  assert.equal(left.description, '');
  assert.equal(left.category, null);
  await page.click('#start-report');
  await k.onScreen('category');
  assert.equal(await page.locator('[aria-pressed="true"]').count(), 0);
  await page.click('[data-category="roads_traffic"]');
  assert.equal(await page.inputValue('#description'), '');
});

test('idle reset while sending: the report is filed once, and its receipt never reaches the next resident', async () => {
  const { page, server } = k;
  await k.home('&idle=8');
  const before = (await server.stationReports()).length;
  await k.fillReport('（发送中离开测试）', { photos: 1 });
  // A slow upload: it goes through only once the resident has walked away and the next one has started.
  let finishUpload;
  const nextResident = new Promise((resolve) => { finishUpload = resolve; });
  await page.route('**/api/v1/reports', async (route) => {
    await nextResident;
    await route.continue().catch(() => {});
  });
  await page.click('#submit');
  await k.onScreen('attract', { timeout: 20000 }); // nobody touched it
  await page.click('#start-report'); // the next resident
  await k.onScreen('category');
  await page.click('[data-category="property_management"]');
  await k.onScreen('describe');
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/reports');
  finishUpload();
  await answered;
  await k.waitForPending(0);
  await k.heartbeats(2); // the kiosk has long taken in the answer by the end of the next heartbeat
  await page.unroute('**/api/v1/reports');
  assert.equal(await page.getAttribute('main', 'data-screen'), 'describe', 'still the next resident’s report');
  assert.equal(await page.locator('#tracking-code, #saved-notice').count(), 0);
  assert.equal((await page.textContent('#print-receipt')).trim(), '', 'nothing for the receipt printer');
  const draft = await page.evaluate(() => window.liaisonKiosk.draft());
  assert.equal(draft.category.code, 'property_management');
  assert.equal(draft.sending, false);
  await k.heartbeats(4); // three more heartbeats: nothing is sent again
  assert.equal((await server.stationReports()).length, before + 1, 'exactly one report');
});
