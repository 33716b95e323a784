// `/kiosk/` on a phone without a station's QR code: the public landing page (how to report, the stations, tracking
// by code), with enrollment only behind the staff link; and the phone's receipt (a link to /t/{code}, no QR code,
// no print button, the code on one line).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kioskSuite, checkScreen, PHONE } from './helpers.js';

const k = kioskSuite({ enrolled: false });

const onScreen = (page, name) => page.waitForSelector(`main[data-screen="${name}"]`);

test('a phone without a station: the landing page, not enrollment; then a report and its phone receipt', async () => {
  const { server } = k;
  const phone = await k.newContext(PHONE);
  const mobile = await phone.newPage();
  await mobile.goto(`${server.url}/kiosk/`);
  await onScreen(mobile, 'landing');
  assert.equal(await mobile.locator('#enrollment-code').count(), 0, 'no enrollment form');
  await mobile.waitForSelector('#stations a[data-station="XH-01"]');
  assert.match(await mobile.textContent('main'), /扫一扫/);
  assert.equal(await mobile.getAttribute('#staff-setup', 'href'), '?setup', 'staff reach enrollment by an explicit link');
  assert.ok(await mobile.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  await checkScreen(mobile, '23-phone-landing');
  await mobile.click('#btn-lang');
  await mobile.waitForFunction(() => /How to report/.test(document.querySelector('main').textContent));
  await checkScreen(mobile, '23b-phone-landing-en');
  await mobile.click('#btn-lang');

  // Tracking by code, and back.
  await mobile.click('#start-track');
  await onScreen(mobile, 'track');
  await mobile.click('[data-nav="home"]');
  await onScreen(mobile, 'landing');

  // A station from the list: its form.
  await mobile.click('#stations a[data-station="XH-01"]');
  await onScreen(mobile, 'category');
  assert.match(mobile.url(), /\/kiosk\/\?station=XH-01#report$/);
  await mobile.click('[data-category="environment"]');
  await onScreen(mobile, 'describe');
  await mobile.fill('#description', '（落地页测试）门口垃圾桶满了');
  await mobile.click('[data-nav="next"]');
  await onScreen(mobile, 'photos');
  await mobile.click('[data-nav="next"]');
  await onScreen(mobile, 'place');
  await mobile.click('[data-place="station"]');
  await onScreen(mobile, 'contact');
  await mobile.click('#no-phone');
  await onScreen(mobile, 'review');
  await mobile.click('#submit');
  await mobile.waitForSelector('#tracking-code');
  const code = (await mobile.textContent('#tracking-code')).trim();
  assert.equal(await mobile.locator('img.qr').count(), 0, 'no QR code on the phone that would scan it');
  assert.equal(await mobile.locator('#print').count(), 0, 'no print button');
  assert.equal(await mobile.getAttribute('#track-link', 'href'), `/t/${code}`);
  const oneLine = () => mobile.evaluate(() => {
    const el = document.querySelector('#tracking-code');
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    return tops.size === 1 && el.scrollWidth <= el.clientWidth && document.documentElement.scrollWidth <= window.innerWidth;
  });
  assert.ok(await oneLine(), 'the code on one line, inside the screen');
  await checkScreen(mobile, '24-phone-receipt');
  await mobile.click('#btn-large');
  await mobile.waitForFunction(() => document.documentElement.classList.contains('large'));
  assert.ok(await oneLine(), 'also with 大字');
  await mobile.click('#track-link');
  await mobile.waitForURL(`**/t/${code}`);
  await phone.close();
});
