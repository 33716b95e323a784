// Deputies check in here: while an activity is under way at the kiosk's station, the attract screen shows its
// title and the QR code of its check-in address, drawn on the kiosk, which decodes (jsQR) to exactly the address
// the server gave; an unannounced inspection is not shown; a cancelled activity leaves the screen at the next
// poll (shortened here with `?activities_every`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { kioskSuite, checkScreen } from './helpers.js';

const k = kioskSuite();
const at = (minutes) => new Date(Date.now() + minutes * 60000).toISOString();
const EVIL = '<img src=x onerror="window.__pwned = 1">';

/** What the QR code at `selector` says, read from its pixels as a phone's scanner would. */
async function decode(page, selector) {
  const { width, height, pixels } = await page.evaluate(async (sel) => {
    const img = document.querySelector(sel);
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 400;
    canvas.height = 400;
    const g = canvas.getContext('2d');
    g.imageSmoothingEnabled = false;
    g.drawImage(img, 0, 0, 400, 400);
    return { width: 400, height: 400, pixels: Array.from(g.getImageData(0, 0, 400, 400).data) };
  }, selector);
  return jsQR(Uint8ClampedArray.from(pixels), width, height)?.data ?? null;
}

test('an activity under way: the attract screen shows its check-in QR code, which decodes to its address', async () => {
  const { page, server } = k;
  const asked = page.waitForResponse((r) => r.url().endsWith('/api/v1/kiosks/me/activities'));
  await k.home();
  await asked;
  assert.equal(await page.isVisible('#check-in'), false, 'nothing under way, nothing shown');

  const admin = await server.adminToken();
  const plan = (body) => server.json('/api/v1/stations/XH-01/activities', { method: 'POST', token: admin, body: { invited: ['D-001'], ...body } });
  const meeting = await plan({ kind: 'meeting', title: `选民座谈会${EVIL}`, starts_at: at(-10), ends_at: at(60) });
  const secret = await plan({ kind: 'inspection', unannounced: true, title: '暗访菜市场', starts_at: at(-5), ends_at: at(30) });

  // Arriving at the attract screen, the kiosk asks at once.
  await page.click('#start-deputies');
  await k.onScreen('deputies');
  await page.click('[data-nav="home"]');
  await k.onScreen('attract');
  await page.waitForSelector(`#check-in .check-in-item[data-id="${meeting.id}"]`);
  await page.waitForFunction(() => document.querySelector('#check-in .check-in-qr')?.naturalWidth > 0);
  assert.equal(await page.textContent('#check-in-title'), '代表签到');
  assert.equal(await page.textContent('#check-in .check-in-activity'), `选民座谈会${EVIL}`);
  assert.equal(await page.$(`#check-in .check-in-item[data-id="${secret.id}"]`), null, 'an unannounced inspection stays off the kiosk');
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'markup in the title stays text');
  assert.equal(await decode(page, '#check-in .check-in-qr'), meeting.check_in_url);
  await checkScreen(page, '02c-attract-check-in');

  // Polled while the attract screen shows: cancelled, it is gone at the next poll, and a new one comes.
  await k.home('&activities_every=500');
  await page.waitForSelector(`#check-in .check-in-item[data-id="${meeting.id}"]`);
  await server.json(`/api/v1/activities/${meeting.id}`, { method: 'PATCH', token: admin, body: { status: 'cancelled' } });
  await page.waitForSelector('#check-in', { state: 'hidden' });
  const training = await plan({ kind: 'training', title: '代表履职培训', starts_at: at(-1), ends_at: at(45) });
  await page.waitForSelector(`#check-in .check-in-item[data-id="${training.id}"]`);
  assert.equal(await decode(page, '#check-in .check-in-qr'), training.check_in_url);
});
