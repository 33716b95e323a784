// 为代表评议 on the kiosk, prepared through the API only: staff schedule D-003's report-back at XH-01, open from a
// minute ago for an hour (the server's clock cannot be moved here), and open it on the kiosk at
// `/kiosk/#/report-back/{id}`. A resident reads the record in large type, taps a rating, types a mobile number and
// the texted code (read from the server's SMS outbox) on the keypad, and the vote is counted; the attract screen
// then offers 「为代表评议」. The same number again is refused in words; a vote half entered is wiped by the idle
// reset. A kiosk nobody opened a session on finds its station's open sessions itself; the one staff opened comes
// first while it is open; one that has closed or was cancelled leaves the attract screen.
// (The wait before a number's next code is cut to a second here.) Every screen: axe, 60 px targets, 24 px text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kioskSuite, checkScreen, waitUntil } from './helpers.js';

const k = kioskSuite({ env: { LIAISON_RATE_LIMITS__PHONE_CODE_INTERVAL_SECS: '1' } });
const EVIL = '<img src=x onerror="window.__pwned = 1">';
const at = (ms) => new Date(Date.now() + ms).toISOString();

/** The newest code the server's SMS outbox holds for `phone`, texted at `since` or later. */
function smsCode(phone, since) {
  try {
    const lines = readFileSync(join(k.server.dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    return lines.reverse().find((l) => l.phone === phone && l.code && Date.parse(l.at) >= since)?.code;
  } catch {
    return undefined;
  }
}

async function codeFor(phone, since) {
  let code;
  await waitUntil(() => (code = smsCode(phone, since)), { message: `the SMS code for ${phone}` });
  return code;
}

const stage = (name, options) => k.page.waitForSelector(`main[data-screen="report-back"][data-stage="${name}"]:not([data-settling])`, options);
const typeDigits = async (digits) => { for (const d of digits) await k.page.click(`[data-key="${d}"]`); };

const schedule = async (body) => k.server.json('/api/v1/stations/XH-01/report-backs', {
  method: 'POST', token: await k.server.adminToken(), body: { deputy: 'D-003', place: '联络站一楼大厅', ...body },
});

let session;

async function results(id) {
  const listed = await k.server.json('/api/v1/stations/XH-01/report-backs', { token: await k.server.adminToken() });
  return listed.items.find((i) => i.id === id).results;
}

test('opened by staff: the record in large type, a rating, the number and the code on the keypad; counted', async () => {
  const { page, server } = k;
  session = await schedule({ title: `张敏代表向选民述职${EVIL}`, opens_at: at(-60000), closes_at: at(3600000) });
  const { record } = await server.json(`/api/v1/report-backs/${session.id}/record`);
  await page.goto(`${server.url}/kiosk/?heartbeat=1000#/report-back/${session.id}`);
  await stage('record');
  assert.equal(new URL(page.url()).hash, '', 'the address no longer names the session');
  assert.equal(await page.textContent('#rb-session'), `张敏代表向选民述职${EVIL}`);
  assert.equal(await page.getAttribute('#rb-total', 'data-total'), String(record.total));
  for (const [rule, tally] of Object.entries(record.by_rule)) {
    assert.equal(await page.textContent(`#rb-rules tr[data-rule="${rule}"] td`), String(tally.count), rule);
  }
  assert.match(await page.textContent('#rb-rules'), /进站接待选民/);
  await checkScreen(page, '40-report-back-record');
  await page.click('#btn-lang');
  await page.waitForSelector('[data-verdict="mostly"] >> text=Mostly satisfied');
  assert.match(await page.textContent('#rb-rules'), /Reception day at the station/);
  await checkScreen(page, '40-report-back-record-en');
  await page.click('#btn-lang');
  await page.waitForSelector('[data-verdict="mostly"] >> text=基本满意');

  await page.click('[data-verdict="satisfied"]');
  await stage('phone');
  assert.match(await page.textContent('#rb-verdict'), /满意/);
  await page.click('#rb-send-code');
  assert.match(await page.textContent('#rb-message'), /11 位数字/);
  await typeDigits('13700000061');
  assert.equal(await page.textContent('#rb-phone-display'), '137 0000 0061');
  await checkScreen(page, '41-report-back-phone');

  const since = Date.now() - 1000;
  await page.click('#rb-send-code');
  await stage('code');
  assert.match(await page.textContent('#rb-code-sent'), /137\*+0061/);
  const code = await codeFor('13700000061', since);
  await typeDigits(code === '000000' ? '111111' : '000000');
  await page.click('#rb-submit');
  await page.waitForSelector('#rb-message:not(:empty)');
  assert.match(await page.textContent('#rb-message'), /验证码不对或已过期/);
  assert.equal(await page.textContent('#rb-code-display'), '—', 'the wrong code is cleared');
  await checkScreen(page, '42-report-back-code');

  await typeDigits(code);
  await page.click('#rb-submit');
  await stage('done');
  assert.match(await page.textContent('#rb-done-count'), /已有 1 人/);
  await checkScreen(page, '43-report-back-done');
  assert.deepEqual([(await results(session.id)).satisfied, (await results(session.id)).total], [1, 1]);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'markup in the title stays text');

  // Back home, the attract screen offers the session it remembers.
  await page.click('[data-nav="home"]');
  await k.onScreen('attract');
  await page.waitForSelector(`#report-back[data-id="${session.id}"] #start-report-back`);
  assert.equal(await page.textContent('#report-back .report-back-session'), `张敏代表向选民述职${EVIL}`);
  await checkScreen(page, '44-attract-report-back');
});

test('the same number again is refused in words; the idle reset wipes a vote half entered', async () => {
  const { page } = k;
  await k.home('&idle=10');
  await page.waitForSelector('#start-report-back');
  await page.click('#start-report-back');
  await stage('record');
  await page.click('[data-verdict="not_satisfied"]');
  await stage('phone');
  await typeDigits('13700000061');
  const since = Date.now() - 1000;
  await page.click('#rb-send-code');
  await stage('code');
  await typeDigits(await codeFor('13700000061', since));
  await page.click('#rb-submit');
  await stage('refused');
  assert.match(await page.textContent('#rb-refused'), /已经评议过了/);
  await checkScreen(page, '45-report-back-already');
  assert.equal((await results(session.id)).total, 1);

  // Half entered, then the resident walks away.
  await page.click('[data-nav="home"]');
  await k.onScreen('attract');
  await page.click('#start-report-back');
  await stage('record');
  await page.click('[data-verdict="mostly"]');
  await stage('phone');
  await typeDigits('1390000');
  await k.onScreen('attract', { timeout: 30000 });
  await page.waitForSelector('#start-report-back');
  await page.click('#start-report-back');
  await stage('record');
  assert.equal(await page.locator('[data-verdict][aria-pressed="true"]').count(), 0, 'no rating chosen');
  await page.click('[data-verdict="mostly"]');
  await stage('phone');
  assert.equal(await page.textContent('#rb-phone-display'), '—', 'no number left');
});

test('the kiosk finds its station’s open sessions itself; one that closed or was cancelled leaves the attract screen', async () => {
  const { page, server } = k;
  // A kiosk nobody opened a session on: the server lists the station's open session.
  await page.evaluate(() => localStorage.removeItem('liaison.kiosk.report-back'));
  await k.home('&report_backs_every=500');
  await page.waitForSelector(`#report-back[data-id="${session.id}"] #start-report-back`);

  // Staff open a shorter session here: it comes first while it is open, then the other one again.
  const closesAt = Date.now() + 6000;
  const short = await schedule({ title: '张敏代表年中述职', opens_at: at(-60000), closes_at: new Date(closesAt).toISOString() });
  await page.goto(`${server.url}/kiosk/?heartbeat=1000&report_backs_every=500#/report-back/${short.id}`);
  await stage('record');
  await page.click('[data-nav="home"]');
  await k.onScreen('attract');
  await page.waitForSelector(`#report-back[data-id="${short.id}"]`);
  await page.waitForSelector(`#report-back[data-id="${session.id}"]`, { timeout: 20000 });
  assert.ok(Date.now() >= closesAt, 'the other session once voting closed');
  assert.equal(await page.evaluate(() => localStorage.getItem('liaison.kiosk.report-back')), null, 'forgotten');

  // Cancelled by staff: nothing is offered.
  await server.json(`/api/v1/report-backs/${session.id}/cancel`, { method: 'POST', token: await server.adminToken() });
  await page.waitForSelector('#report-back', { state: 'hidden', timeout: 20000 });
});
