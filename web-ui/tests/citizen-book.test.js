// Booking a reception (预约接待) in the citizen app against the real server: staff open a slot tomorrow with one
// place; two residents on two phones, both signed in by a code texted to them, book it at the same moment — one
// gets the place, the other is told it is full; the winner finds it under 我的 and cancels it after a confirmation,
// and the place is free again. Axe on every screen.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenSuite, checkPage, waitUntil } from './helpers.js';

const s = screenSuite();
const check = (page, name) => checkPage(page, `citizen-${name}`, { minTarget: 48 });

function smsCode(phone) {
  try {
    const lines = readFileSync(join(s.server.dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    return lines.reverse().find((l) => l.phone === phone && l.code)?.code;
  } catch {
    return undefined;
  }
}

/** Tomorrow's date in China. */
function tomorrow() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 24 * 3600 * 1000));
}

/** A phone signed in by a texted code, on the booking page. */
async function residentOn(path, phone, { screens = false } = {}) {
  const page = await s.phonePage();
  await page.goto(`${s.server.url}/m/#${path}`);
  await page.waitForSelector('#book-signin');
  if (screens) await check(page, 'book-signed-out');
  await page.click('#book-signin');
  await page.fill('#phone', phone);
  await page.click('#send-code');
  await page.fill('#code', await waitUntil(() => smsCode(phone), { message: `the SMS code for ${phone}` }));
  await page.click('#signin-submit');
  await page.waitForSelector('main[data-view="book"][data-state="ready"] #slots');
  return page;
}

test('two residents race for the last place: one books it, the other hears it is full; cancelling frees it', async () => {
  const admin = await s.server.adminToken();
  const slot = await s.api('/api/v1/stations/XH-01/reception-days', {
    method: 'POST', token: admin, body: { date: tomorrow(), start: '19:00', end: '20:30', deputies: ['D-003'], capacity: 1 },
  });
  const [first, second] = await Promise.all([residentOn('/book/XH-01', '13700000031', { screens: true }), residentOn('/book/XH-01', '13700000032')]);
  for (const page of [first, second]) {
    await page.check(`input[name="day"][value="${slot.id}"]`);
    await page.fill('#topic', '小区加装电梯的进度<script>window.__pwned = 1</script>');
    await page.selectOption('#book-category', 'housing_construction');
  }
  await check(first, 'book');
  await Promise.all([first.click('#book-submit'), second.click('#book-submit')]);
  const outcome = async (page) => page.waitForSelector('#book-done, #book-error').then((el) => el.getAttribute('id'));
  const results = await Promise.all([outcome(first), outcome(second)]);
  assert.deepEqual([...results].sort(), ['book-done', 'book-error']);
  const [winner, loser] = results[0] === 'book-done' ? [first, second] : [second, first];
  assert.match(await loser.textContent('#book-error'), /约满/);
  assert.equal(await loser.getAttribute(`[data-day="${slot.id}"]`, 'data-bookable'), 'false');
  await check(loser, 'book-full');
  await check(winner, 'book-done');
  const booked = await s.api(`/api/v1/reception-days/${slot.id}/bookings`, { token: admin });
  assert.equal((booked.items ?? booked).filter((b) => b.status === 'booked').length, 1);

  // 我的: the booking, cancelled after a confirmation; the place is free again.
  await winner.click('#book-mine');
  await winner.waitForSelector('#my-bookings [data-status="booked"]');
  assert.match(await winner.textContent('#my-bookings'), /小区加装电梯的进度<script>/);
  await check(winner, 'mine-bookings');
  await winner.click('[data-action="cancel-booking"]');
  await check(winner, 'booking-cancel-confirm');
  await winner.click('[data-action="confirm-cancel"]');
  await winner.waitForSelector('#my-bookings [data-status="cancelled"]');
  const days = await s.api('/api/v1/stations/XH-01/reception-days?days=7');
  assert.equal(days.items.find((d) => d.id === slot.id).bookable, true);
  for (const page of [winner, loser]) assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await first.context().close();
  await second.context().close();
});
