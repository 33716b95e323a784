// Deputies' activities (履职活动) in the station console, prepared through the API only: an administrator makes a
// staff account for XH-01 and a committee account. Staff plan an inspection that is under way (so that presence
// can be marked), with markup in its title; see it listed with its attendance counted; open it; mark who came,
// record the minutes and findings, add a photo, see the check-in QR code (fetched with the token, shown through
// an object URL), mark it held. A presence marked too early is refused in words. The committee reads the same
// page without the steps. Every state: the page policy, axe, 44 px targets, no sideways scrolling.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenSuite, checkPage, waitUntil, PASSWORD } from './helpers.js';

const s = screenSuite();
const DESKTOP = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };
const EVIL = '<img src=x onerror="window.__pwned = 1">';
const TITLE = `视察老旧小区加装电梯${EVIL}`;
const check = (page, name) => checkPage(page, name);
/** `YYYY-MM-DDTHH:mm` in China time, `minutes` from now (what a datetime-local field holds). */
const chinaLocal = (minutes) => new Date(Date.now() + minutes * 60000 + 8 * 3600000).toISOString().slice(0, 16);

let prepared;
const setup = () => (prepared ??= prepare());

async function prepare() {
  const admin = await s.server.adminToken();
  await s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'act.staff', display_name: '陈工作', role: 'staff', password: PASSWORD, stations: ['XH-01'] } });
  await s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'act.committee', display_name: '工委刘', role: 'committee', password: PASSWORD } });
  return { admin };
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

const activity = async (id) => s.api(`/api/v1/activities/${id}`, { token: await s.server.adminToken() });

let staffPage;
let activityId;

test('staff plan an activity: the form checks the times, 暗访 only for inspections, markup stays text', async () => {
  await setup();
  const page = await signIn('act.staff');
  staffPage = page;
  await page.waitForSelector('#nav-activities');
  assert.deepEqual(await page.$$eval('#nav-list a', (links) => links.map((a) => a.id)),
    ['nav-triage', 'nav-supervision', 'nav-reception', 'nav-activities', 'nav-opinions', 'nav-suggestions', 'nav-archive', 'nav-report-backs', 'nav-dashboard', 'nav-directory', 'nav-plan', 'nav-year-end']);
  await page.click('#nav-activities');
  await page.waitForSelector('main[data-view="activities"][data-state="ready"]');
  await page.waitForSelector('#activities-none-upcoming');
  await check(page, 'console-activities-01-empty');

  await page.click('#activity-new');
  await page.waitForSelector('#plan');
  assert.equal(await page.$('#plan-unannounced'), null, 'no 暗访 box for a meeting');
  await page.selectOption('#plan-kind', 'inspection');
  await page.waitForSelector('#plan-unannounced');
  await page.fill('#plan-title-input', TITLE);
  await page.fill('#plan-topic', '加装电梯进度');
  await page.fill('#plan-place', '幸福里小区');
  await page.check('#plan-deputy-D-001');
  await page.check('#plan-deputy-D-002');
  // An end before the start is caught before sending.
  await page.fill('#plan-starts', chinaLocal(-10));
  await page.fill('#plan-ends', chinaLocal(-20));
  await page.click('#plan-save');
  await page.waitForSelector('#plan-invalid');
  assert.equal(await page.getAttribute('#plan-ends', 'aria-invalid'), 'true');
  await check(page, 'console-activities-02-plan-invalid');

  await page.fill('#plan-ends', chinaLocal(60));
  await page.click('#plan-save');
  await page.waitForSelector('main[data-view="activity"][data-state="ready"]');
  activityId = new URL(page.url()).hash.split('/')[2];
  assert.match(await page.textContent('#flash'), /已安排/);
  assert.equal(await page.textContent('#view-heading'), TITLE);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'markup in the title stays text');
  const saved = await activity(activityId);
  assert.equal(saved.kind, 'inspection');
  assert.equal(saved.unannounced, false);
  assert.equal(saved.place, '幸福里小区');
  assert.deepEqual(saved.attendance.map((a) => a.deputy), ['D-001', 'D-002']);
  assert.ok(Math.abs(new Date(saved.starts_at).getTime() - (Date.now() - 10 * 60000)) < 2 * 60000, `China time read right: ${saved.starts_at}`);

  await page.click('#back');
  await page.waitForSelector(`#activities-upcoming tr[data-id="${activityId}"]`);
  const row = await page.textContent(`#activities-upcoming tr[data-id="${activityId}"]`);
  assert.match(row, /视察/);
  assert.match(row, /进行中/);
  assert.match(row, /出席 0 · 请假 0 · 缺席 0 · 邀请 2/);
  await check(page, 'console-activities-03-list');
});

test('the activity page: attendance, minutes and findings, a photo, the check-in QR code, held', async () => {
  const page = staffPage;
  await page.click(`#activities-upcoming tr[data-id="${activityId}"] a`);
  await page.waitForSelector('main[data-view="activity"][data-state="ready"]');
  // The QR code arrives with the token, never in an address.
  await page.waitForFunction(() => document.querySelector('#check-in-qr')?.naturalWidth > 0);
  assert.match(await page.getAttribute('#check-in-qr', 'src'), /^blob:/);
  await check(page, 'console-activities-04-page');

  await page.selectOption('#att-D-001', 'present');
  await page.waitForSelector('#attendance-done');
  await page.selectOption('#att-D-002', 'excused');
  await waitUntil(async () => (await page.textContent('#attendance-done')).includes('请假'), { message: 'D-002 excused' });
  const marked = await activity(activityId);
  assert.deepEqual(marked.attendance.map((a) => [a.deputy, a.attendance, a.source]), [['D-001', 'present', 'staff'], ['D-002', 'excused', 'staff']]);

  await page.fill('#minutes', `与会代表察看了3栋和5栋的电梯井道。${EVIL}`);
  await page.fill('#findings', '5栋施工围挡占用消防通道。');
  await page.click('#record-save');
  await page.waitForSelector('#record-done');
  const recorded = await activity(activityId);
  assert.equal(recorded.minutes, `与会代表察看了3栋和5栋的电梯井道。${EVIL}`);
  assert.equal(recorded.findings, '5栋施工围挡占用消防通道。');

  await page.setInputFiles('#photos-pick', { name: 'site.jpg', mimeType: 'image/jpeg', buffer: await s.jpeg(800, 600) });
  await page.click('#photos-upload');
  await page.waitForSelector('#photos-done');
  await page.waitForFunction(() => [...document.querySelectorAll('#photo-list img')].length === 1
    && [...document.querySelectorAll('#photo-list img')].every((img) => img.complete && img.naturalWidth > 0));
  assert.equal((await activity(activityId)).photos.length, 1);
  await check(page, 'console-activities-05-recorded');

  await page.click('#activity-held');
  await page.waitForSelector('#activity-done');
  assert.equal(await page.textContent('#activity-status'), '已举行');
  assert.equal(await page.$('#activity-cancelled'), null, 'a held activity cannot be cancelled');
  assert.equal((await activity(activityId)).status, 'held');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);

  // The plan changed: a new place.
  await page.click('#activity-edit');
  await page.waitForSelector('#edit');
  assert.equal(await page.inputValue('#edit-title-input'), TITLE);
  await page.fill('#edit-place', '幸福里小区5栋');
  await page.click('#edit-save');
  await page.waitForSelector('#activity-done');
  assert.equal(await page.textContent('#activity-place'), '幸福里小区5栋');
  assert.equal((await activity(activityId)).place, '幸福里小区5栋');
});

test('presence marked before an activity is refused in words', async () => {
  const page = staffPage;
  const { admin } = await setup();
  const later = await s.api('/api/v1/stations/XH-01/activities', {
    method: 'POST', token: admin,
    body: { kind: 'meeting', title: '下周座谈会', starts_at: new Date(Date.now() + 7 * 86400000).toISOString(), ends_at: new Date(Date.now() + 7 * 86400000 + 7200000).toISOString(), invited: ['D-003'] },
  });
  await page.goto(`${s.server.url}/console/#/activities/${later.id}`);
  await page.waitForSelector('main[data-view="activity"][data-state="ready"]');
  await page.selectOption('#att-D-003', 'present');
  await page.waitForSelector('#attendance-problem');
  assert.match(await page.textContent('#attendance-problem'), /开始前 1 小时/);
  await check(page, 'console-activities-06-too-early');
  // Excused is fine at any time.
  await page.selectOption('#att-D-003', 'excused');
  await page.waitForSelector('#attendance-done');
  await page.click('#activity-cancelled');
  await page.waitForSelector('#activity-done');
  assert.equal(await page.textContent('#activity-status'), '已取消');
  await page.waitForSelector('#activity-planned');
});

test('the committee reads an activity without the steps', async () => {
  const page = await signIn('act.committee', `#/activities/${activityId}`);
  await page.waitForSelector('main[data-view="activity"][data-state="ready"]');
  assert.deepEqual(await page.$$eval('#nav-list a', (links) => links.map((a) => a.id)), ['nav-supervision', 'nav-reception', 'nav-activities', 'nav-opinions', 'nav-suggestions', 'nav-archive', 'nav-report-backs', 'nav-dashboard', 'nav-plan', 'nav-year-end']);
  assert.equal(await page.$('#att-D-001'), null);
  assert.equal(await page.$('#minutes'), null);
  assert.equal(await page.$('#check-in'), null);
  assert.equal(await page.$('#activity-steps'), null);
  assert.equal(await page.textContent('#minutes-text'), `与会代表察看了3栋和5栋的电梯井道。${EVIL}`);
  assert.match(await page.textContent('#attendance-table'), /出席/);
  await page.waitForFunction(() => document.querySelector('#photo-list img')?.naturalWidth > 0);
  await check(page, 'console-activities-07-committee');
  // In English, the list too.
  await page.click('#lang');
  await page.waitForSelector('#attendance-table >> text=Present');
  await page.click('#nav-activities');
  await page.waitForSelector('main[data-view="activities"][data-state="ready"]');
  await check(page, 'console-activities-08-committee-list-en');
  await page.click('#lang');
  await page.context().close();
});
