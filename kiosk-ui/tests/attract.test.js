// The attract screen of an enrolled kiosk: the station, who is on duty (fetched again when the station's board
// changes), and the station's deputies.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kioskSuite, checkScreen, waitUntil, assertFavicon } from './helpers.js';

const k = kioskSuite();

/** Until the duty list shows what was fetched (its "loading" line is a paragraph too, so a selector is not enough). */
const dutyShown = () => k.page.waitForFunction(() => {
  const duty = document.getElementById('duty');
  return Boolean(duty && (duty.querySelector('ul') || duty.querySelector('p:not(:first-child)')) && !/正在加载|Loading/.test(duty.textContent));
});

test('attract: station name, deputies on duty today, one big button; the status light is green', async () => {
  const { page } = k;
  await page.reload();
  await k.onScreen('attract');
  await dutyShown();
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
  await dutyShown();
  const before = dutyLoads.length;
  // Someone files a report for the station from a phone.
  await k.fileFromPhone('（实时测试）楼里停水两天了');
  await waitUntil(() => dutyLoads.length > before, { timeout: 5000, message: 'the duty list fetched again' });
  page.off('request', onRequest);
  await dutyShown();
});

test('attract: back on the attract screen the duty list shows at once, and is fetched again in the background', async () => {
  const { page } = k;
  await k.home();
  await dutyShown();
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
    await dutyShown();
  }
  assert.doesNotMatch(known, /正在加载/);
  await page.unroute('**/on-duty');
});

test('attract: the station’s results in turn — its rates, and the answers residents let be shown, as text', async () => {
  const { page, server } = k;
  const admin = await server.adminToken();
  const filed = [];
  for (const description of ['公示一：路灯已修好 <img src=x onerror="window.__pwned=1">', '公示二：垃圾已清运']) {
    filed.push(await server.json('/api/v1/reports', {
      method: 'POST',
      body: { category: 'environment', description, station: 'XH-01', channel: 'web', deputy: 'D-003', consent: { publish: true } },
    }));
  }
  const password = 'attract-results-Pa55word!';
  await server.json('/api/v1/accounts', {
    method: 'POST', token: admin,
    body: { username: 'attract.deputy', display_name: '张敏', role: 'deputy', password, deputy: 'D-003' },
  });
  const { access_token: deputy } = await server.json('/api/v1/auth/login', { method: 'POST', body: { username: 'attract.deputy', password } });
  for (const report of filed) {
    await server.json(`/api/v1/reports/${report.id}/actions`, { method: 'POST', token: deputy, body: { action: 'accept' } });
    await server.json(`/api/v1/reports/${report.id}/actions`, { method: 'POST', token: deputy, body: { action: 'answer', text: '已办结，谢谢反映', outcome: 'resolved' } });
  }
  await page.goto(`${server.url}/kiosk/?results_every=300`);
  await k.onScreen('attract');
  await page.waitForSelector('#results .result-rates [data-rate="response"]');
  const seen = new Set();
  await waitUntil(async () => {
    const text = await page.textContent('#results .result-item');
    if (text.includes('公示一')) seen.add(1);
    if (text.includes('公示二')) seen.add(2);
    return seen.size === 2;
  }, { message: 'both answers shown in turn' });
  assert.match(await page.textContent('#results .result-item'), /答复：已办结，谢谢反映/);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'markup a resident typed stays text');
  await checkScreen(page, '02b-attract-results');
});
