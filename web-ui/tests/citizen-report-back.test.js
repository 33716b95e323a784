// 述职评议 in the citizen app (/m/#/report-back/{id}) against the real server, prepared through the API only: staff
// schedule D-003's report-back at XH-01, open from a minute ago for an hour (the server's clock cannot be moved
// here). A resident signed in by a texted code reads the deputy's record and rates them; a second vote from that
// number is refused in words. A resident without an account rates with a number proven by a code (read from the
// server's SMS outbox); a wrong code and a comment too long are refused in words (a number gets one code a
// minute, so the number that voted is not tried again here: the signed-in second vote covers "rated already"). A second session closes a few
// seconds after it opens: a vote sent after it closed is refused in words, and once the committee publishes its
// results they show on the session's page and on the results board (公示). Every state: axe, 48 px targets;
// markup in the title and comments stays text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenSuite, checkPage, waitUntil } from './helpers.js';

const s = screenSuite();
const check = (page, name) => checkPage(page, `citizen-vote-${name}`, { minTarget: 48 });
const EVIL = '<img src=x onerror="window.__pwned = 1">';
const at = (ms) => new Date(Date.now() + ms).toISOString();

function smsCode(phone, after = 0) {
  try {
    const lines = readFileSync(join(s.server.dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    return lines.reverse().find((l) => l.phone === phone && l.code && Date.parse(l.at) >= after)?.code;
  } catch {
    return undefined;
  }
}

/** A code texted to `phone` now (the page's button, or the API), read from the outbox. */
async function freshCode(phone, send) {
  const since = Date.now() - 1000;
  await send();
  return waitUntil(() => smsCode(phone, since), { message: `the SMS code for ${phone}` });
}

const schedule = async (body) => s.api('/api/v1/stations/XH-01/report-backs', {
  method: 'POST', token: await s.server.adminToken(), body: { deputy: 'D-003', place: '新华街道联络站会议室', ...body },
});

let prepared;
const setup = () => (prepared ??= schedule({ title: `张敏代表向选民述职${EVIL}`, opens_at: at(-60000), closes_at: at(3600000) }));

async function votePage(id) {
  const page = await s.phonePage();
  await page.goto(`${s.server.url}/m/#/report-back/${id}`);
  await page.waitForSelector('main[data-view="report-back"][data-state="ready"]');
  return page;
}

test('a signed-in resident reads the record and rates the deputy; a second vote is refused in words', async () => {
  const session = await setup();
  const { record } = await s.api(`/api/v1/report-backs/${session.id}/record`);
  const page = await s.phonePage();
  await page.goto(`${s.server.url}/m/#/signin`);
  await page.fill('#phone', '13700000041');
  const code = await freshCode('13700000041', () => page.click('#send-code'));
  await page.fill('#code', code);
  await page.click('#signin-submit');
  await page.waitForSelector('main[data-view="mine"]');

  await page.goto(`${s.server.url}/m/#/report-back/${session.id}`);
  await page.waitForSelector('main[data-view="report-back"][data-stage="open"] #vote-form');
  assert.equal(await page.textContent('#view-heading'), `张敏代表向选民述职${EVIL}`);
  assert.equal(await page.textContent('#vote-state'), '正在评议');
  assert.match(await page.textContent('#vote-as'), /137\*+0041|137.*0041/);
  assert.equal(await page.$('#phone'), null, 'no phone code asked of a signed-in resident');
  // The record: each rule's total, the year's total.
  assert.equal(await page.getAttribute('#vote-record-total', 'data-total'), String(record.total));
  for (const [rule, tally] of Object.entries(record.by_rule)) {
    assert.equal(await page.textContent(`#vote-record-rules tr[data-rule="${rule}"] td`), String(tally.count), rule);
  }
  assert.match(await page.textContent('#vote-record-rules'), /进站接待选民/);
  // Voters see the totals, not the entries: those name citizens' reports by their tracking codes.
  assert.deepEqual(record.entries, []);
  assert.equal(await page.locator('#vote-record-more').count(), 0);
  await check(page, '01-record');

  await page.click('#vote-submit');
  assert.match(await page.textContent('#vote-problem'), /请先选择/);
  await page.check('#vote-satisfied');
  await page.fill('#vote-comment', `多为老年人办实事。${EVIL}`);
  await page.click('#vote-submit');
  await page.waitForSelector('main[data-stage="voted"] #vote-done');
  assert.match(await page.textContent('#vote-done'), /感谢您的评议[\s\S]*已有 1 人/);
  await check(page, '02-voted');

  await page.reload();
  await page.waitForSelector('main[data-stage="open"] #vote-form');
  await page.check('#vote-mostly');
  await page.click('#vote-submit');
  await page.waitForSelector('#vote-problem .problem-code');
  assert.match(await page.textContent('#vote-problem'), /已经评议过了/);
  assert.match(await page.textContent('#vote-problem .problem-code'), /already_voted/);
  await check(page, '03-already-voted');
  await page.context().close();
});

test('without an account: a number proven by a code; a wrong code and a long comment said in words', async () => {
  const session = await setup();
  const page = await votePage(session.id);
  await page.check('#vote-mostly');
  await page.click('#vote-submit');
  assert.match(await page.textContent('#vote-problem'), /11位手机号码/);
  await page.fill('#phone', '13700000042');
  await page.click('#vote-submit');
  assert.match(await page.textContent('#vote-problem'), /先获取短信验证码/);
  await check(page, '04-phone');

  const code = await freshCode('13700000042', () => page.click('#send-code'));
  await page.waitForSelector('#code-sent');
  await page.fill('#code', code === '000000' ? '111111' : '000000');
  await page.click('#vote-submit');
  await page.waitForSelector('#vote-problem .problem-code');
  assert.match(await page.textContent('#vote-problem'), /验证码不对或已过期/);
  assert.equal(await page.getAttribute('#code', 'aria-invalid'), 'true');
  await check(page, '05-wrong-code');

  // A comment over 500 characters (the field stops at 500; the server is asked anyway).
  await page.evaluate(() => document.getElementById('vote-comment').removeAttribute('maxlength'));
  await page.fill('#vote-comment', '意'.repeat(501));
  await page.fill('#code', code);
  await page.click('#vote-submit');
  await page.waitForSelector('#vote-problem');
  assert.match(await page.textContent('#vote-problem'), /最多 500 字/);

  await page.fill('#vote-comment', '希望多来社区。');
  await page.click('#vote-submit');
  await page.waitForSelector('main[data-stage="voted"] #vote-done');
  assert.match(await page.textContent('#vote-done'), /已有 2 人/);
  await check(page, '06-voted-by-code');

  const listed = await s.api('/api/v1/stations/XH-01/report-backs', { token: await s.server.adminToken() });
  const results = listed.items.find((i) => i.id === session.id).results;
  assert.deepEqual([results.satisfied, results.mostly, results.not_satisfied], [1, 1, 0]);
  assert.ok(results.comments.includes(`多为老年人办实事。${EVIL}`));
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.context().close();
});

test('a vote after voting closed is refused in words; published results show on the page and the board', async () => {
  const closesAt = Date.now() + 10000;
  const short = await schedule({ title: '张敏代表年中述职', opens_at: at(-60000), closes_at: new Date(closesAt).toISOString() });
  for (const [phone, verdict, comment] of [['13700000051', 'satisfied', `道路修好了${EVIL}`], ['13700000052', 'not_satisfied', '']]) {
    const code = await freshCode(phone, () => s.api('/api/v1/auth/phone/code', { method: 'POST', body: { phone } }));
    await s.api(`/api/v1/report-backs/${short.id}/votes`, { method: 'POST', body: { verdict, comment, phone, code } });
  }
  const page = await votePage(short.id);
  await page.check('#vote-satisfied');
  await page.fill('#phone', '13700000053');
  const code = await freshCode('13700000053', () => page.click('#send-code'));
  await page.fill('#code', code);
  await waitUntil(() => Date.now() > closesAt + 500, { timeout: 20000, message: 'the session to close' });
  await page.click('#vote-submit');
  await page.waitForSelector('#vote-problem');
  assert.match(await page.textContent('#vote-problem'), /评议已经结束/);
  await page.waitForSelector('main[data-stage="closed"]');
  await check(page, '07-closed');

  await s.api(`/api/v1/report-backs/${short.id}/publish`, { method: 'POST', token: await s.server.adminToken() });
  await page.reload();
  await page.waitForSelector('main[data-stage="published"] #vote-results');
  assert.equal(await page.getAttribute('#vote-results .vote-results', 'data-total'), '2');
  assert.match(await page.textContent('#vote-results'), /参加评议的不到 10 人/);
  assert.equal(await page.textContent('#vote-results .vote-comments li'), `道路修好了${EVIL}`);
  assert.equal(await page.$('#vote-form'), null);
  await check(page, '08-published');

  await page.goto(`${s.server.url}/m/#/results/XH-01`);
  await page.waitForSelector(`#report-back-list li[data-id="${short.id}"]`);
  const card = page.locator(`#report-back-list li[data-id="${short.id}"]`);
  assert.match(await card.textContent(), /张敏代表年中述职/);
  assert.equal(await card.locator('[data-verdict="satisfied"] .rate-value').textContent(), '1');
  assert.equal(await card.locator('[data-verdict="not_satisfied"] .rate-value').textContent(), '1');
  assert.match(await card.locator('.vote-share').textContent(), /50%/);
  await check(page, '09-board');
  await page.click('#lang');
  await page.waitForSelector('#report-back-results-title >> text=Deputies’ report-backs');
  await check(page, '10-board-en');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.context().close();
});
