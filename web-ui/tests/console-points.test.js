// The points archive (积分档案) and report-backs to voters (述职评议) in the station console, prepared through the
// API only: an administrator makes a staff account for XH-01 and a committee account, and D-004 is marked present
// at an activity under way (the server's clock cannot be moved, so it is planned around the present). Staff read
// the station's year (totals and points by rule, rule names in words), download it as CSV (fetched with the
// token, never in an address; parsed here and compared with the API), pick another year and open a deputy's
// every point with its source. Staff schedule a report-back whose voting opened a minute ago; a citizen signed in
// by a phone code votes through the API; the results show with the small-sample warning in words and the comment
// as text; the deputy's record (成绩单) prints alone; staff cancel it (asked twice). A session whose voting closed
// a minute ago (made through the API: the server takes past windows) is published by the committee. Every state:
// the page policy, axe, 44 px targets, no sideways scrolling.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenSuite, checkPage, waitUntil, PASSWORD } from './helpers.js';

const s = screenSuite();
const DESKTOP = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };
const EVIL = '<img src=x onerror="window.__pwned = 1">';
const VOTER = '13700000031';
const check = (page, name) => checkPage(page, name);
const at = (minutes) => new Date(Date.now() + minutes * 60000).toISOString();
/** `YYYY-MM-DDTHH:mm` in China time, `minutes` from now (what a datetime-local field holds). */
const chinaLocal = (minutes) => new Date(Date.now() + minutes * 60000 + 8 * 3600000).toISOString().slice(0, 16);
const thisYear = () => Number(new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 4));

let prepared;
const setup = () => (prepared ??= prepare());

async function prepare() {
  const admin = await s.server.adminToken();
  const account = (body) => s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { password: PASSWORD, ...body } });
  await account({ username: 'points.staff', display_name: '吴工作', role: 'staff', stations: ['XH-01'] });
  await account({ username: 'points.committee', display_name: '工委郑', role: 'committee' });
  const activity = await s.api('/api/v1/stations/XH-01/activities', {
    method: 'POST', token: admin, body: { kind: 'survey', title: `调研社区助餐${EVIL}`, starts_at: at(-20), ends_at: at(60), invited: ['D-004'] },
  });
  await s.api(`/api/v1/activities/${activity.id}/attendance/D-004`, { method: 'PUT', token: admin, body: { attendance: 'present' } });
  return { admin, activity };
}

async function signIn(username, hash = '') {
  const page = await s.phonePage(DESKTOP);
  await page.goto(`${s.server.url}/console/${hash}`);
  await page.waitForSelector('main[data-view="signin"] #username');
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('#password-submit');
  return page;
}

/** The newest sign-in code the server's SMS outbox holds for `phone`. */
function smsCode(phone) {
  try {
    const lines = readFileSync(join(s.server.dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    return lines.reverse().find((l) => l.phone === phone && l.code)?.code;
  } catch {
    return undefined;
  }
}

/** A citizen's access token: signed in with the code sent to `phone`. */
async function citizenToken(phone) {
  await s.api('/api/v1/auth/phone/code', { method: 'POST', body: { phone } });
  const code = await waitUntil(() => smsCode(phone), { message: `the SMS code for ${phone}` });
  return (await s.api('/api/v1/auth/phone/verify', { method: 'POST', body: { phone, code } })).access_token;
}

/** A CSV file's rows as arrays of cells (quoted cells, doubled quotes, a BOM). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

let staffPage;

test('the points archive: totals and points by rule, the CSV download, another year, a deputy\u2019s every point', async () => {
  const { admin, activity } = await setup();
  const page = await signIn('points.staff');
  staffPage = page;
  await page.waitForSelector('#nav-archive');
  await page.click('#nav-archive');
  await page.waitForSelector('main[data-view="archive"][data-state="ready"] #archive-table');
  const year = thisYear();
  const api = await s.api(`/api/v1/stations/XH-01/archive?year=${year}`, { token: admin });
  const d4 = api.items.find((d) => d.deputy === 'D-004');
  assert.ok(d4.by_rule.activity_present, 'D-004 has points for the activity');
  assert.equal(await page.getAttribute('#archive-table tr[data-deputy="D-004"] td.total', 'data-total'), String(d4.total));
  for (const d of api.items) {
    assert.equal(await page.getAttribute(`#archive-table tr[data-deputy="${d.deputy}"] td.total`, 'data-total'), String(d.total), `${d.deputy}'s total`);
  }
  assert.equal(await page.textContent('#archive-table th[data-rule="activity_present"]'), '出席履职活动');
  assert.match(await page.textContent('#archive-table tr[data-deputy="D-004"] td[data-rule="activity_present"]'), /^\+\d+（1 次）$/);
  await check(page, 'console-points-01-archive');

  // The CSV: fetched with the token and saved through an object URL; the same totals as the API.
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#archive-csv')]);
  await page.waitForSelector('#archive-csv-done');
  assert.equal(download.suggestedFilename(), `points-XH-01-${year}.csv`);
  assert.match(download.url(), /^blob:/);
  assert.ok(requests.every((url) => !/token|Bearer/i.test(url)), 'no token in any address');
  const rows = parseCsv(readFileSync(await download.path(), 'utf8'));
  const head = rows[0];
  assert.deepEqual(head.slice(0, 5), ['deputy', 'name', 'year', 'rules_version', 'total']);
  const byCode = new Map(rows.slice(1).filter((r) => r.length > 1).map((r) => [r[0], r]));
  assert.equal(byCode.size, api.items.length);
  for (const d of api.items) assert.equal(byCode.get(d.deputy)[head.indexOf('total')], String(d.total), `${d.deputy} in the CSV`);
  assert.equal(byCode.get('D-004')[head.indexOf('activity_present')], String(d4.by_rule.activity_present.points));
  await check(page, 'console-points-02-archive-csv');

  // Another year: its own address, an empty year said in the table.
  await page.selectOption('#archive-year', String(year - 1));
  await page.waitForFunction((y) => location.hash === `#/archive/${y}`, year - 1);
  await page.waitForSelector('main[data-view="archive"][data-state="ready"] #archive-table');
  assert.match(await page.textContent('#archive-table caption'), new RegExp(String(year - 1)));
  await page.selectOption('#archive-year', String(year));
  await page.waitForSelector(`#archive-table tr[data-deputy="D-004"]`);

  // A deputy's every point, with its source.
  await page.click('#archive-table tr[data-deputy="D-004"] a');
  await page.waitForSelector('main[data-view="archive-deputy"][data-state="ready"]');
  assert.match(await page.textContent('#view-heading'), /刘洋（D-004）/);
  assert.equal(await page.textContent('#deputy-archive-total'), String(d4.total));
  const entry = page.locator('#deputy-archive-entries tr[data-source="activity"]');
  assert.match(await entry.textContent(), /出席履职活动/);
  assert.equal(await entry.locator('a').textContent(), `调研社区助餐${EVIL}`);
  assert.equal(await entry.locator('a').getAttribute('href'), `${s.server.url}/console/#/activities/${activity.id}`);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'markup stays text');
  await check(page, 'console-points-03-deputy');
});

let openId;
let closedId;

test('a report-back scheduled in the console: voting open, a vote counted, the results and the record', async () => {
  const page = staffPage;
  await page.click('#nav-report-backs');
  await page.waitForSelector('main[data-view="report-backs"][data-state="ready"]');
  await page.waitForSelector('#report-backs-none');
  await check(page, 'console-points-04-report-backs-empty');

  await page.click('#report-back-new');
  await page.waitForSelector('#rb-form');
  // Closing before opening is caught before sending.
  await page.selectOption('#rb-deputy', 'D-004');
  assert.equal(await page.inputValue('#rb-title-input'), '刘洋代表向选民述职', 'the title follows the deputy');
  await page.fill('#rb-place', '新华街道联络站一楼');
  await page.fill('#rb-opens', chinaLocal(-1));
  await page.fill('#rb-closes', chinaLocal(-30));
  await page.click('#rb-save');
  await page.waitForSelector('#rb-invalid');
  assert.equal(await page.getAttribute('#rb-closes', 'aria-invalid'), 'true');
  await check(page, 'console-points-05-schedule-invalid');
  await page.fill('#rb-closes', chinaLocal(120));
  await page.click('#rb-save');
  await page.waitForSelector('main[data-view="report-back"][data-state="ready"]');
  openId = new URL(page.url()).hash.split('/')[2];
  assert.match(await page.textContent('#flash'), /已安排/);
  assert.equal(await page.textContent('#report-back-state'), '投票中');
  assert.equal(await page.$('#report-back-publish'), null, 'staff do not publish');
  assert.equal(await page.textContent('#results-total'), '0');
  // The deputy's record: their year in the archive.
  await page.waitForSelector('#record-sheet #record-total');
  const archive = await s.api(`/api/v1/deputies/D-004/archive?year=${thisYear()}`, { token: await s.server.adminToken() });
  assert.equal(await page.textContent('#record-total'), String(archive.total));
  assert.match(await page.textContent('#record-rules'), /出席履职活动/);

  // A citizen signed in by a phone code votes.
  const citizen = await citizenToken(VOTER);
  await s.api(`/api/v1/report-backs/${openId}/votes`, { method: 'POST', token: citizen, body: { verdict: 'mostly', comment: `希望多来社区。${EVIL}` } });
  await page.reload();
  await page.waitForSelector('main[data-view="report-back"][data-state="ready"] #results[data-total="1"]');
  assert.equal(await page.textContent('#results-table tr[data-verdict="mostly"] td'), '1');
  assert.match(await page.textContent('#results-share'), /100\.0%（1\/1）/);
  assert.match(await page.textContent('#results-small'), /只有 1 票，不到 10 票/);
  assert.equal(await page.textContent('#results-comments li'), `希望多来社区。${EVIL}`);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await check(page, 'console-points-06-report-back-open');

  // The record prints alone.
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => document.body.classList.add('print-record'));
  const shown = await page.evaluate(() => Object.fromEntries(['record-sheet', 'results', 'report-back-facts', 'view-heading', 'record-print']
    .map((id) => [id, document.getElementById(id).checkVisibility()])));
  assert.deepEqual(shown, { 'record-sheet': true, results: false, 'report-back-facts': false, 'view-heading': false, 'record-print': false });
  await page.evaluate(() => document.body.classList.remove('print-record'));
  await page.emulateMedia({ media: 'screen' });

  // The list shows it open, with its results.
  await page.click('#back');
  await page.waitForSelector(`#report-backs-table tr[data-id="${openId}"][data-state="open"]`);
  assert.match(await page.textContent(`#report-backs-table tr[data-id="${openId}"]`), /投票中.*1 票/s);
  await check(page, 'console-points-07-report-backs');
});

test('staff cancel a session (asked twice); the committee publishes a closed one', async () => {
  const { admin } = await setup();
  const page = staffPage;
  const closed = await s.api('/api/v1/stations/XH-01/report-backs', {
    method: 'POST', token: admin, body: { deputy: 'D-003', title: '张敏代表向选民述职', place: '光明社区', opens_at: at(-120), closes_at: at(-1) },
  });
  closedId = closed.id;
  await page.goto(`${s.server.url}/console/#/report-backs/${openId}`);
  await page.waitForSelector('main[data-view="report-back"][data-state="ready"]');
  await page.click('#report-back-cancel');
  await page.waitForSelector('#report-back-cancel-yes');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'report-back-cancel-yes');
  await check(page, 'console-points-08-cancel-ask');
  await page.click('#report-back-cancel-no');
  await page.waitForSelector('#report-back-cancel');
  await page.click('#report-back-cancel');
  await page.click('#report-back-cancel-yes');
  await page.waitForSelector('#rb-step-done');
  assert.equal(await page.textContent('#report-back-state'), '已取消');
  assert.equal(await page.$('#report-back-cancel'), null);
  assert.equal((await s.api(`/api/v1/report-backs/${openId}`, { token: admin })).cancelled, true);

  // Closed: staff may not publish.
  await page.goto(`${s.server.url}/console/#/report-backs/${closedId}`);
  await page.waitForSelector('main[data-view="report-back"][data-state="ready"]');
  assert.equal(await page.textContent('#report-back-state'), '投票已结束，待公示');
  assert.equal(await page.$('#report-back-publish'), null);

  const committee = await signIn('points.committee', `#/report-backs/${closedId}`);
  await committee.waitForSelector('main[data-view="report-back"][data-state="ready"]');
  assert.equal(await committee.$('#report-back-cancel'), null, 'the committee does not cancel');
  assert.match(await committee.textContent('#results-share'), /暂无投票/);
  await check(committee, 'console-points-09-committee-closed');
  await committee.click('#report-back-publish');
  await committee.waitForSelector('#rb-step-done');
  assert.equal(await committee.textContent('#report-back-state'), '已公示');
  await committee.waitForSelector('#report-back-published');
  assert.equal(await committee.$('#report-back-publish'), null);
  const board = await s.api('/api/v1/results/report-backs?station=XH-01');
  assert.ok(board.items.some((rb) => rb.id === closedId), 'on the results board');
  await check(committee, 'console-points-10-published');

  // The committee's station picker starts at the first station: XH-01 is picked.
  await committee.click('#back');
  await committee.waitForSelector('main[data-view="report-backs"][data-state="ready"]');
  await committee.selectOption('#station', 'XH-01');
  await committee.waitForSelector(`#report-backs-table tr[data-id="${closedId}"][data-state="published"]`);
  await committee.waitForSelector(`#report-backs-table tr[data-id="${openId}"][data-state="cancelled"]`);
  assert.equal(await committee.$('#report-back-new'), null, 'the committee schedules nothing');
  await committee.click('#lang');
  await committee.waitForSelector(`#report-backs-table tr[data-id="${closedId}"] >> text=Published`);
  await check(committee, 'console-points-11-committee-list-en');
  await committee.click('#nav-archive');
  await committee.waitForSelector('main[data-view="archive"][data-state="ready"] #archive-table');
  assert.equal(await committee.textContent('#archive-table th[data-rule="activity_present"]'), 'Present at an activity');
  await check(committee, 'console-points-12-committee-archive-en');
  await committee.click('#lang');
  await committee.context().close();
});
