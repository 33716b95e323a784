// What the kiosk offers beyond the form: 请工作人员帮忙 calls staff (who answer through the API, as their console
// will), photos sent from the resident's own phone join the report on the kiosk, and a wrong link opened on a
// phone is a page a person can read, not JSON.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kioskSuite, checkScreen, PHONE } from './helpers.js';

const k = kioskSuite();

test('help: the resident calls staff, staff answer, the kiosk says they are coming', async () => {
  const { page, server } = k;
  await k.home();
  assert.equal(await page.isVisible('#btn-help'), true, 'the button is on the kiosk');
  await page.click('#btn-help');
  await page.waitForSelector('#help:not([hidden])');
  await page.waitForFunction(() => /已通知工作人员/.test(document.getElementById('help-text').textContent));
  await checkScreen(page, '30-help-called');

  const token = await server.adminToken();
  const { items } = await server.json('/api/v1/stations/XH-01/help-calls', { token });
  assert.equal(items.length, 1);
  assert.equal(items[0].kiosk_label, '大厅一号机');
  await server.json(`/api/v1/help-calls/${items[0].id}/answer`, { method: 'POST', token, body: {} });
  await page.waitForFunction(() => /马上就来/.test(document.getElementById('help-text').textContent), null, { timeout: 15000 });
  await checkScreen(page, '31-help-answered');
  await page.click('#help-close');
  await page.waitForSelector('#help[hidden]', { state: 'attached' });
  await k.onScreen('attract');
});

test('photos from the phone: scan, choose, and the photo is on the kiosk and in the report', async () => {
  const { page, server } = k;
  await k.home('&drop_poll=500');
  await page.click('#start-report');
  await k.onScreen('category');
  await page.click('[data-category="property_management"]');
  await k.onScreen('describe');
  await k.typeDescription('（手机传照片）');
  await k.next();
  await k.onScreen('photos');
  await page.click('#drop-open');
  await page.waitForSelector('#drop-qr');
  assert.equal(await page.evaluate(() => document.getElementById('drop-qr').naturalWidth > 0), true, 'the QR code is drawn');
  await checkScreen(page, '32-photos-from-phone-qr');
  // The code and the way forward are on the screen together, without scrolling.
  for (const selector of ['#drop-qr', '[data-nav="next"]']) {
    const inView = await page.locator(selector).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
    });
    assert.equal(inView, true, `${selector} is on the screen`);
  }
  const link = await page.evaluate(() => window.liaisonKiosk.phonePhotosLink());
  assert.match(link, /\/p\/[A-Za-z0-9_-]{20,}$/);

  const phone = await k.newContext(PHONE);
  const mobile = await phone.newPage();
  await mobile.goto(link);
  await mobile.waitForSelector('#drop-pick');
  await checkScreen(mobile, '33-phone-drop-page');
  // Something that is not a photo is named, not silently dropped.
  await mobile.setInputFiles('#drop-file', { name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
  await mobile.waitForSelector('text=「说明.txt」不是照片');
  const photo = await mobile.screenshot({ type: 'jpeg', quality: 70 });
  await mobile.setInputFiles('#drop-file', { name: 'lift.jpg', mimeType: 'image/jpeg', buffer: photo });
  await mobile.waitForSelector('#drop-sent');
  assert.match(await mobile.textContent('#drop-count'), /已收到 1 张，还可以传 2 张/);
  await checkScreen(mobile, '34-phone-drop-sent');

  await page.waitForFunction(() => document.querySelectorAll('.shot').length === 1, null, { timeout: 15000 });
  await page.waitForFunction(() => /已收到 1 张照片/.test(document.getElementById('drop-status')?.textContent || ''));
  await k.next();
  await k.onScreen('place');
  await page.click('[data-place="station"]');
  await k.onScreen('contact');
  await page.click('#no-phone');
  await k.onScreen('review');
  await page.click('#submit');
  await k.onScreen('receipt');
  const trackingCode = (await page.textContent('#tracking-code')).trim();
  const tracked = await server.json(`/api/v1/reports/track/${trackingCode}`);
  assert.equal(tracked.photo_count, 1, 'the report carries the photo from the phone');
  await phone.close();
});

test('a wrong station QR code opened on a phone is a page in words, with a way back', async () => {
  const { server } = k;
  const phone = await k.newContext(PHONE);
  const mobile = await phone.newPage();
  const response = await mobile.goto(`${server.url}/q/s/NO-SUCH-STATION`);
  assert.equal(response.status(), 404);
  await mobile.waitForSelector('h1');
  assert.equal(await mobile.textContent('h1'), '找不到这个联络站');
  assert.equal(await mobile.getAttribute('a[href="/kiosk/"]', 'href'), '/kiosk/');
  await checkScreen(mobile, '35-phone-wrong-station-link');
  await phone.close();
});
