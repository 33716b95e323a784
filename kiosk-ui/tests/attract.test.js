// The attract screen of an enrolled kiosk: the station, who is on duty (fetched again when the station's board
// changes), and the station's deputies.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kioskSuite, checkScreen, waitUntil, assertFavicon } from './helpers.js';

const k = kioskSuite();

test('attract: station name, deputies on duty today, one big button; the status light is green', async () => {
  const { page } = k;
  await page.reload();
  await k.onScreen('attract');
  await page.waitForSelector('#duty ul, #duty p:not(:first-child)');
  await page.waitForSelector('#status[data-state="online"]');
  assert.match(await page.textContent('h1'), /新华街道人大代表联络站/);
  assert.equal((await page.textContent('#start-report')).trim(), '我要反映');
  const box = await page.locator('#start-report').boundingBox();
  assert.ok(box.height >= 150 && box.width >= 600, `the button is big: ${JSON.stringify(box)}`);
  await checkScreen(page, '02-attract');
  await assertFavicon(page);
});

test('deputies: who serves the station, reception times, who is here now', async () => {
  const { page } = k;
  await k.home();
  await page.click('#start-deputies');
  await k.onScreen('deputies');
  await page.waitForSelector('.deputy');
  assert.ok((await page.locator('.deputy').count()) >= 2);
  await checkScreen(page, '14-deputies');
  await page.click('[data-nav="home"]');
  await k.onScreen('attract');
});

test('attract: the duty list is fetched again when the station’s board changes (live events)', async () => {
  const { page } = k;
  const dutyLoads = [];
  const onRequest = (request) => { if (request.url().includes('/on-duty')) dutyLoads.push(request.url()); };
  page.on('request', onRequest);
  const streaming = page.waitForResponse((r) => r.url().endsWith('/api/v1/live') && r.status() === 200);
  const dutyLoaded = page.waitForResponse((r) => r.url().includes('/on-duty'));
  await k.home();
  await streaming;
  await dutyLoaded;
  await page.waitForSelector('#duty ul, #duty p:not(:first-child)');
  const before = dutyLoads.length;
  // Someone files a report for the station from a phone.
  await k.fileFromPhone('（实时测试）楼里停水两天了');
  await waitUntil(() => dutyLoads.length > before, { timeout: 5000, message: 'the duty list fetched again' });
  page.off('request', onRequest);
  await page.waitForSelector('#duty ul, #duty p:not(:first-child)');
});

test('attract: back on the attract screen the duty list shows at once, and is fetched again in the background', async () => {
  const { page } = k;
  await k.home();
  await page.waitForSelector('#duty ul, #duty p:not(:first-child)');
  const known = await page.textContent('#duty');
  // From now on the duty list answers only when the test lets it: what shows meanwhile is what the kiosk knew.
  const held = [];
  const letThrough = () => held.splice(0).forEach((release) => release());
  let asked = 0;
  await page.route('**/on-duty', async (route) => {
    asked += 1;
    await new Promise((release) => held.push(release));
    await route.continue();
  });
  const askedFor = (n, what) => waitUntil(() => asked >= n, { timeout: 5000, message: `the duty list asked for ${what}` });
  const ways = [
    ['#start-track', '[data-nav="home"]', 'track'],
    ['#start-report', '[data-nav="cancel"]', 'category'],
    ['#start-deputies', '[data-nav="home"]', 'deputies'],
  ];
  for (const [open, back, screen] of ways) {
    const opened = asked;
    await page.click(open);
    await k.onScreen(screen);
    if (screen === 'deputies') {
      await askedFor(opened + 1, 'by the deputies screen');
      letThrough();
      await page.waitForSelector('.deputy');
    }
    const before = asked;
    await page.click(back);
    await k.onScreen('attract');
    assert.equal(await page.textContent('#duty'), known, `back from ${screen}: the list at once`);
    await askedFor(before + 1, `again after ${screen}`);
    const fetched = page.waitForResponse((r) => r.url().includes('/on-duty'));
    letThrough();
    await fetched;
    await page.waitForSelector('#duty ul, #duty p:not(:first-child)');
  }
  assert.doesNotMatch(known, /正在加载/);
  await page.unroute('**/on-duty');
});
