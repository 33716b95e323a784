// Duties (履职) on the deputy's workbench, prepared through the API only: an administrator makes a deputy account
// for D-004 and plans activities at XH-01 that invite D-004: one under way now (its check-in is open: the server's
// clock cannot be moved here, so the activity is planned around the present), one next week, one cancelled. The
// deputy scans the check-in QR code on a phone that is not signed in yet: signs in, is checked in straight away
// (a large answer with the activity's title and time), the token leaves the address, and the list shows them
// present. A wrong code, a check-in that has not opened, and a cancelled activity are said in words. Every
// state: axe, 48 px targets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenSuite, checkPage, PASSWORD } from './helpers.js';

const s = screenSuite();
const check = (page, name) => checkPage(page, name, { minTarget: 48 });
const EVIL = '<img src=x onerror="window.__pwned = 1">';
const at = (minutes) => new Date(Date.now() + minutes * 60000).toISOString();

let prepared;
const setup = () => (prepared ??= prepare());

async function prepare() {
  const admin = await s.server.adminToken();
  await s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'duty.deputy', display_name: '刘代表', role: 'deputy', password: PASSWORD, deputy: 'D-004' } });
  const plan = (body) => s.api('/api/v1/stations/XH-01/activities', { method: 'POST', token: admin, body: { invited: ['D-004'], ...body } });
  const now = await plan({ kind: 'survey', title: `调研社区食堂${EVIL}`, place: '和谐里社区食堂', starts_at: at(-10), ends_at: at(60) });
  const later = await plan({ kind: 'meeting', title: '下周选民座谈会', starts_at: at(7 * 24 * 60), ends_at: at(7 * 24 * 60 + 120) });
  const cancelled = await plan({ kind: 'training', title: '履职培训', starts_at: at(-5), ends_at: at(90) });
  await s.api(`/api/v1/activities/${cancelled.id}`, { method: 'PATCH', token: admin, body: { status: 'cancelled' } });
  return { now, later, cancelled };
}

/** The token a check-in address carries. */
const tokenOf = (url) => url.split('/').pop();

let phone;

test('scanning the check-in code before signing in: sign in, checked in, the token gone from the address', async () => {
  const { now } = await setup();
  assert.match(now.check_in_url, new RegExp(`/deputy/#/check-in/${now.id}/`));
  const page = await s.phonePage({ viewport: { width: 360, height: 780 } });
  phone = page;
  await page.goto(now.check_in_url.replace(/^https?:\/\/[^/]+/, s.server.url));
  await page.waitForSelector('main[data-view="signin"]');
  await page.waitForSelector('#signin-wanted');
  assert.match(await page.textContent('#signin-wanted'), /签到/);
  await page.click('#switch-mode');
  await page.fill('#username', 'duty.deputy');
  await page.fill('#password', PASSWORD);
  await page.click('#password-submit');

  await page.waitForSelector('main[data-view="duties"][data-check-in="ok"]');
  assert.equal(await page.textContent('#checkin-title'), '签到成功');
  assert.equal(await page.textContent('#checkin-activity'), `调研社区食堂${EVIL}`);
  assert.match(await page.textContent('#checkin-when'), /\d{2}:\d{2}.*–.*\d{2}:\d{2}/, 'its hours (both days when it runs past midnight)');
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'markup in the title stays text');
  // The token is out of the address and out of the tab's storage.
  assert.equal(new URL(page.url()).hash, '#/duties');
  assert.ok(!page.url().includes(tokenOf(now.check_in_url)));
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  assert.ok(!stored.includes(tokenOf(now.check_in_url)), 'no check-in token kept in storage');
  assert.equal(await page.getAttribute('#nav-duties', 'aria-current'), 'page');

  // The list shows the deputy present; the next week's meeting is coming up.
  await page.waitForSelector(`main[data-state="ready"] li.duty[data-id="${now.id}"][data-attendance="present"]`);
  assert.match(await page.textContent(`li.duty[data-id="${now.id}"]`), /已出席/);
  const recorded = await s.api(`/api/v1/activities/${now.id}`, { token: await s.server.adminToken() });
  assert.deepEqual(recorded.attendance.map((a) => [a.deputy, a.attendance, a.source]), [['D-004', 'present', 'check_in']]);
  await check(page, 'deputy-duties-01-checked-in');
});

test('a wrong code, check-in not open yet, a cancelled activity: said in words', async () => {
  const { now, later, cancelled } = await setup();
  const page = phone;
  await page.goto(`${s.server.url}/deputy/#/check-in/${now.id}/${'0'.repeat(64)}`);
  await page.waitForSelector('main[data-view="duties"][data-check-in="problem"]');
  assert.equal(await page.getAttribute('#checkin-result', 'data-result'), 'wrong_check_in_code');
  assert.match(await page.textContent('#checkin-why'), /签到二维码不对/);
  assert.equal(new URL(page.url()).hash, '#/duties');
  await check(page, 'deputy-duties-02-wrong-code');

  await page.goto(`${s.server.url}/deputy/#/check-in/${later.id}/${tokenOf(later.check_in_url)}`);
  await page.waitForSelector('#checkin-result[data-result="check_in_closed"]');
  assert.match(await page.textContent('#checkin-why'), /签到还没有开始/);
  assert.equal(await page.textContent('#checkin-activity'), '下周选民座谈会');

  await page.goto(`${s.server.url}/deputy/#/check-in/${cancelled.id}/${tokenOf(cancelled.check_in_url)}`);
  await page.waitForSelector('#checkin-result[data-result="activity_cancelled"]');
  assert.match(await page.textContent('#checkin-why'), /已经取消/);

  // The list, in English too.
  await page.click('#nav-duties');
  await page.waitForSelector('main[data-view="duties"][data-state="ready"]:not([data-check-in])');
  await page.waitForSelector(`#duties-upcoming li.duty[data-id="${later.id}"]`);
  await page.click('#lang');
  await page.waitForSelector(`li.duty[data-id="${now.id}"] >> text=Present`);
  await check(page, 'deputy-duties-03-list-en');
  await page.click('#lang');
});
