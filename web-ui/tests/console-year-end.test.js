// The year-end report (年度报告) and reception-day absences in the station console, prepared through the API only:
// an administrator makes a committee account and a staff account for XH-01, holds an activity at XH-01 with D-004
// present, files a report, plans a task for XH-01, and schedules a reception slot yesterday (so it has begun) with
// D-003 and D-004 on duty. Staff mark D-004 absent with a reason from the calendar and take it back, then mark D-003;
// the committee reads the same slot without the buttons. The year-end page's every number equals
// `GET /api/v1/year-end/{year}` for the same year and station (staff: their own; the committee: every station, then
// one), the XLSX downloads and opens with the same activities held, and on paper the navigation and the controls are
// gone. Every state: the page policy, axe, 44 px targets, no sideways scrolling.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { screenSuite, checkPage, waitUntil, readXlsx, PASSWORD } from './helpers.js';

const s = screenSuite();
const DESKTOP = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };
const EVIL = '<img src=x onerror="window.__pwned = 1">';
const check = (page, name) => checkPage(page, name);
const at = (minutes) => new Date(Date.now() + minutes * 60000).toISOString();
/** `YYYY-MM-DD` in China time, `days` from today. */
const chinaDay = (days = 0) => new Date(Date.now() + days * 86400000 + 8 * 3600000).toISOString().slice(0, 10);
const YEAR = Number(chinaDay().slice(0, 4));

let prepared;
const setup = () => (prepared ??= prepare());

async function prepare() {
  const admin = await s.server.adminToken();
  const account = (body) => s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { password: PASSWORD, ...body } });
  await account({ username: 'ye.committee', display_name: '工委韩', role: 'committee' });
  await account({ username: 'ye.staff', display_name: '曹工作', role: 'staff', stations: ['XH-01'] });
  const activity = await s.api('/api/v1/stations/XH-01/activities', {
    method: 'POST', token: admin, body: { kind: 'meeting', title: '年终选民座谈会', starts_at: at(-30), ends_at: at(30), invited: ['D-003', 'D-004'] },
  });
  await s.api(`/api/v1/activities/${activity.id}/attendance/D-004`, { method: 'PUT', token: admin, body: { attendance: 'present' } });
  await s.api(`/api/v1/activities/${activity.id}`, { method: 'PATCH', token: admin, body: { status: 'held' } });
  const response = await fetch(`${s.server.url}/api/v1/reports`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ category: 'legal_petition', channel: 'web', station: 'XH-01', description: '（年度报告测试）小区路灯坏了一个月没人修' }),
  });
  assert.equal(response.status, 201);
  await s.api('/api/v1/plan-tasks', {
    method: 'POST', token: admin, body: { year: YEAR, title: `完成年度述职评议${EVIL}`, detail: '', due_on: `${YEAR}-12-31`, owner_kind: 'station', owner: 'XH-01' },
  });
  // Yesterday's slot has begun (and ended): its absences can be marked.
  const slot = await s.api('/api/v1/stations/XH-01/reception-days', {
    method: 'POST', token: admin, body: { date: chinaDay(-1), start: '09:00', end: '11:30', deputies: ['D-003', 'D-004'] },
  });
  return { admin, slot };
}

async function signIn(username, hash = '') {
  const page = await s.phonePage({ ...DESKTOP, acceptDownloads: true });
  await page.goto(`${s.server.url}/console/${hash}`);
  await page.waitForSelector('main[data-view="signin"] #username');
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('#password-submit');
  return page;
}

async function token(username) {
  return (await s.api('/api/v1/auth/login', { method: 'POST', body: { username, password: PASSWORD } })).access_token;
}

const turns = async (slot) => (await s.api(`/api/v1/reception-days/${slot.id}/absences`, { token: await s.server.adminToken() })).turns;

/** Every number on the year-end page equals the same place in `report` (the API's JSON); how many were compared. */
async function sameNumbers(page, report) {
  const cells = await page.$$eval('main [data-figure]', (els) => els.map((el) => ({ ...el.dataset, text: el.textContent })));
  for (const cell of cells) {
    const value = cell.figure.split('.').reduce((o, key) => o?.[key], report);
    assert.notEqual(value, undefined, `${cell.figure} is in the report`);
    if (cell.kind === 'count') assert.equal(cell.text, String(value), cell.figure);
    else if (cell.kind === 'rate') {
      assert.deepEqual([cell.numerator, cell.denominator, cell.smallSample], [String(value.numerator), String(value.denominator), String(value.small_sample)], cell.figure);
      if (value.denominator) assert.ok(cell.text.includes(`${value.numerator}/${value.denominator}`), `${cell.figure}: ${cell.text}`);
      if (value.small_sample) assert.match(cell.text, /样本少|few reports/, `${cell.figure} says the sample is small`);
    } else if (cell.kind === 'rating') assert.deepEqual([cell.total, cell.smallSample], [String(value.total), String(value.small_sample)], cell.figure);
    else if (cell.kind === 'hours') assert.equal(cell.value, value === null ? '' : String(value), cell.figure);
    else assert.fail(`${cell.figure}: kind ${cell.kind}`);
  }
  return cells.length;
}

test('a reception slot that has begun: staff mark a deputy absent with a reason and take it back', async () => {
  const { slot } = await setup();
  const page = await signIn('ye.staff', `#/reception/${slot.date.slice(0, 7)}`);
  await page.waitForSelector(`main[data-view="reception"][data-state="ready"] #turns-${slot.id}`);
  // Slots yet to begin offer no absences.
  const later = await page.$$eval('li.slot', (items) => items.map((li) => li.dataset.slot));
  const upcoming = (await s.api(`/api/v1/stations/XH-01/reception-days?from=${chinaDay(1)}&days=20`)).items.map((x) => x.id).filter((id) => later.includes(id));
  for (const id of upcoming) assert.equal(await page.$(`#turns-${id}`), null, `slot ${id} has not begun`);

  await page.click(`#turns-${slot.id}`);
  await page.waitForSelector('#turns-table');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'turns-title');
  assert.deepEqual(await page.$$eval('#turns-table tbody tr', (trs) => trs.map((tr) => [tr.dataset.deputy, tr.dataset.absent])), [['D-003', 'false'], ['D-004', 'false']]);
  await check(page, 'console-absences-01-turns');

  await page.fill('#absence-reason-D-004', `临时公务未到${EVIL}`);
  await page.click('#absence-mark-D-004');
  await page.waitForSelector('#turns-table tr[data-deputy="D-004"][data-absent="true"]');
  assert.match(await page.textContent('#turns-done'), /已登记刘洋缺席/);
  assert.equal(await page.textContent('#turns-table tr[data-deputy="D-004"] .absence-reason'), `原因：临时公务未到${EVIL}`);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'markup stays text');
  let now = await turns(slot);
  assert.deepEqual(now.map((x) => [x.deputy, x.absent, x.reason]), [['D-003', false, null], ['D-004', true, `临时公务未到${EVIL}`]]);
  await check(page, 'console-absences-02-marked');

  // Taken back, with the keyboard.
  await page.focus('#absence-undo-D-004');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#turns-table tr[data-deputy="D-004"][data-absent="false"]');
  now = await turns(slot);
  assert.equal(now.find((x) => x.deputy === 'D-004').absent, false);

  // D-003 stays absent (the year-end report counts it).
  await page.click('#absence-mark-D-003');
  await page.waitForSelector('#turns-table tr[data-deputy="D-003"][data-absent="true"]');
  // Esc closes the panel and puts focus back on the slot's button.
  await page.keyboard.press('Escape');
  await waitUntil(() => page.evaluate((id) => document.activeElement?.id === id, `turns-${slot.id}`), { message: 'focus back on the slot' });
  assert.equal(await page.$('#turns'), null);
  await page.context().close();
});

test('the committee reads the calendar and the absences without the steps', async () => {
  const { slot } = await setup();
  const page = await signIn('ye.committee', `#/reception/${slot.date.slice(0, 7)}`);
  await page.waitForSelector('main[data-view="reception"][data-state="ready"]');
  await page.selectOption('#station', 'XH-01');
  await page.waitForSelector(`main[data-view="reception"][data-state="ready"] #turns-${slot.id}`);
  assert.equal(await page.$('#slot-new'), null);
  assert.equal(await page.$(`#receive-${slot.id}`), null);
  assert.equal(await page.$(`#cancel-${slot.id}`), null);
  assert.ok(await page.$('#reception-read-only'));
  await page.click(`#turns-${slot.id}`);
  await page.waitForSelector('#turns-table tr[data-deputy="D-003"][data-absent="true"]');
  assert.equal(await page.$('#turns-table button, #turns-table input'), null, 'no steps');
  await check(page, 'console-absences-03-committee');
  // Filing for a walk-in is not the committee's.
  await page.goto(`${s.server.url}/console/#/reception/file/${slot.id}`);
  await page.waitForSelector('main[data-view="forbidden"]');
  await page.context().close();
});

test('staff: the year-end page shows the API\u2019s numbers, downloads the XLSX and prints without the navigation', async () => {
  await setup();
  const page = await signIn('ye.staff', '#/year-end');
  await page.waitForSelector('main[data-view="year-end"][data-state="ready"]');
  assert.equal(await page.getAttribute('#nav-year-end', 'aria-current'), 'page');
  const api = await s.api(`/api/v1/year-end/${YEAR}?station=XH-01`, { token: await token('ye.staff') });
  assert.ok(api.activities.held >= 1 && api.reports.received >= 1, 'the prepared record is counted');
  assert.ok(await sameNumbers(page, api) > 40, 'every section\u2019s numbers');
  assert.equal(await page.$('#ye-station'), null, 'staff read their own station only');
  assert.match(await page.textContent('#ye-whose'), /新华街道人大代表联络站（XH-01）/);
  assert.match(await page.textContent('#view-heading'), new RegExp(`${YEAR} 年度履职报告`));
  assert.ok(await page.$(`#ye-tasks-table tr[data-standing]`));
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'a task\u2019s title stays text');
  await check(page, 'console-year-end-01-staff');

  // The workbook: fetched with the token, opened, the same activities held.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ye-xlsx')]);
  const bytes = readFileSync(await download.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const book = readXlsx(bytes);
  const summary = book.sheets[Object.keys(book.sheets).find((name) => /summary/.test(name))];
  assert.ok(summary, `a summary sheet among ${Object.keys(book.sheets)}`);
  const held = summary.find((row) => /activities/.test(row[0] || '') && /held/.test(row[1] || ''));
  assert.ok(held, 'the activities held row');
  assert.equal(Number(held[2]), api.activities.held);
  await page.waitForSelector('#ye-xlsx-done');
  assert.ok(!page.url().includes('token'));

  // On paper: the report, without the navigation, the pickers or the buttons.
  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() => Object.fromEntries(['side', 'view-heading', 'ye-whose', 'ye-reports', 'ye-points', 'ye-plan', 'ye-year', 'ye-xlsx', 'ye-print', 'ye-xlsx-done']
    .map((id) => [id, document.getElementById(id).checkVisibility()])));
  assert.deepEqual(shown, {
    side: false, 'view-heading': true, 'ye-whose': true, 'ye-reports': true, 'ye-points': true, 'ye-plan': true, 'ye-year': false, 'ye-xlsx': false, 'ye-print': false, 'ye-xlsx-done': false,
  });
  assert.equal(await page.evaluate(() => document.querySelector('.bar').checkVisibility()), false);
  await page.screenshot({ path: `${process.env.ARTIFACTS || 'artifacts'}/console-year-end-02-print.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.context().close();
});

test('the committee: every station, then one, the same numbers as the API; in English', async () => {
  await setup();
  const page = await signIn('ye.committee', `#/year-end/${YEAR}`);
  await page.waitForSelector('main[data-view="year-end"][data-state="ready"]');
  const committee = await token('ye.committee');
  assert.equal(await page.inputValue('#ye-station'), 'all');
  assert.equal(await page.textContent('#ye-whose'), '全部联络站');
  const all = await s.api(`/api/v1/year-end/${YEAR}`, { token: committee });
  await sameNumbers(page, all);
  assert.deepEqual(await page.$$eval('#ye-stations-table tbody tr', (trs) => trs.map((tr) => tr.dataset.station)), all.reports_by_station.map((x) => x.station));
  await check(page, 'console-year-end-03-all');

  await page.selectOption('#ye-station', 'XH-01');
  await page.waitForSelector('main[data-view="year-end"][data-state="ready"] #ye-whose >> text=XH-01');
  assert.equal(new URL(page.url()).hash, `#/year-end/${YEAR}/XH-01`);
  const one = await s.api(`/api/v1/year-end/${YEAR}?station=XH-01`, { token: committee });
  await sameNumbers(page, one);

  await page.click('#lang');
  await page.waitForSelector(`#view-heading >> text=Year-end report ${YEAR}`);
  await sameNumbers(page, one);
  await check(page, 'console-year-end-04-en');
  await page.click('#lang');
  await page.context().close();
});
