// The station console (/console/), prepared through the API only: an administrator makes a staff account for
// XH-01 and a committee account; residents file reports that routing leaves for triage (legal petitions), two of
// them alike, one whose title and description carry markup. Staff sign in on a desktop browser, see only their
// sections, triage the queue with the keyboard and buttons (merge the twins, assign one with a note, close one
// with an explanation), watch a new report arrive live, and answer a kiosk's call for help. Every screen: the
// page policy, axe, 44 px targets, no sideways scrolling.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenSuite, checkPage, waitUntil, PASSWORD } from './helpers.js';
import { ADMIN } from '../../kiosk-ui/tests/server.js';

const s = screenSuite();
const DESKTOP = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };
const EVIL = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
const check = (page, name) => checkPage(page, name);

let prepared;
const setup = () => (prepared ??= prepare());

async function prepare() {
  const admin = await s.server.adminToken();
  await s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'xh.staff', display_name: '李工作', role: 'staff', password: PASSWORD, stations: ['XH-01'] } });
  await s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'gongwei', display_name: '工委王', role: 'committee', password: PASSWORD } });
  const twinA = await file({ description: '（控制台测试）邻居在楼道堆放杂物，多次协商无果，想咨询如何起诉' });
  const twinB = await file({ description: '（控制台测试）邻居在楼道堆放杂物，多次协商无果，想咨询如何起诉邻居' });
  const toAssign = await file({ description: '（控制台测试）工资被拖欠三个月，想了解劳动仲裁的办法' });
  const toClose = await file({ description: '（控制台测试）想对法院判决提出申诉' });
  const evil = await file({ title: `标题${EVIL}`, description: `描述${EVIL}` });
  return { admin, twinA, twinB, toAssign, toClose, evil };
}

/** Files a report that routing leaves for XH-01's triage; its id and tracking code. */
async function file(extra) {
  const body = { category: 'legal_petition', channel: 'web', station: 'XH-01', ...extra };
  const response = await fetch(`${s.server.url}/api/v1/reports`, {
    method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
  });
  assert.equal(response.status, 201, await response.clone().text());
  const { id, tracking_code: code } = await response.json();
  return { id, code };
}

async function desk() {
  return s.phonePage(DESKTOP);
}

async function signIn(page, username, hash = '') {
  await page.goto(`${s.server.url}/console/${hash}`);
  await page.waitForSelector('main[data-view="signin"] #username');
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('#password-submit');
}

const detail = async (id) => s.api(`/api/v1/reports/${id}`, { token: await s.server.adminToken() });

let staffPage;

test('the console has every word in both languages', async () => {
  const { STRINGS, PARTS } = await import('../console/strings.js');
  const zh = Object.keys(STRINGS.zh).sort();
  assert.deepEqual(Object.keys(STRINGS.en).sort(), zh);
  for (const key of zh) assert.ok(!/[\u4e00-\u9fff]/.test(STRINGS.en[key]), `en.${key} is English`);
  // Each part's files have the same keys, and a key lives in one part only.
  const owner = new Map();
  for (const [name, part] of Object.entries(PARTS)) {
    assert.deepEqual(Object.keys(part.en).sort(), Object.keys(part.zh).sort(), `strings-${name}: the same keys in both languages`);
    for (const key of Object.keys(part.zh)) {
      assert.ok(!owner.has(key), `${key} is in strings-${owner.get(key)} and strings-${name}`);
      owner.set(key, name);
    }
  }
});

test('staff sign in and see only their sections; the committee sees supervision and figures', async () => {
  await setup();
  const page = await desk();
  staffPage = page;
  const response = await page.goto(`${s.server.url}/console/`);
  assert.ok(!response.headers()['content-security-policy'].includes('unsafe-'));
  await page.waitForSelector('main[data-view="signin"] #username');
  await check(page, 'console-01-signin');
  await page.fill('#username', 'xh.staff');
  await page.fill('#password', 'wrong-password');
  await page.click('#password-submit');
  await page.waitForSelector('#signin-error');
  await page.fill('#password', PASSWORD);
  await page.click('#password-submit');
  await page.waitForSelector('main[data-view="triage"][data-state="ready"]');
  const nav = await page.$$eval('#nav-list a', (links) => links.map((a) => a.id));
  assert.deepEqual(nav, ['nav-triage', 'nav-supervision', 'nav-reception', 'nav-activities', 'nav-opinions', 'nav-suggestions', 'nav-archive', 'nav-report-backs', 'nav-dashboard', 'nav-directory', 'nav-plan', 'nav-year-end']);
  assert.match(await page.textContent('#who'), /李工作/);
  assert.ok(!page.url().includes('token'));

  const committee = await desk();
  await signIn(committee, 'gongwei');
  await committee.waitForSelector('main[data-view="supervision"]');
  assert.deepEqual(await committee.$$eval('#nav-list a', (links) => links.map((a) => a.id)), ['nav-supervision', 'nav-reception', 'nav-activities', 'nav-opinions', 'nav-suggestions', 'nav-archive', 'nav-report-backs', 'nav-dashboard', 'nav-plan', 'nav-year-end']);
  await committee.goto(`${s.server.url}/console/#/triage`);
  await committee.waitForSelector('main[data-view="forbidden"]');
  await committee.context().close();
});

test('triage: merge the twins, assign one with a note, close one with an explanation, markup stays text', async () => {
  const { twinA, twinB, toAssign, toClose, evil } = await setup();
  const page = staffPage;
  await page.waitForSelector(`#queue tr[data-id="${twinB.id}"]`);
  const rows = await page.$$eval('#queue tbody tr', (trs) => trs.map((tr) => tr.dataset.id));
  for (const r of [twinA, twinB, toAssign, toClose, evil]) assert.ok(rows.includes(r.id), `${r.code} is in the queue`);
  await check(page, 'console-02-triage-queue');

  // The keyboard: j opens the first report (the oldest, twin A).
  await page.keyboard.press('j');
  await page.waitForSelector(`#queue tr.current[data-id="${twinA.id}"]`);
  await page.waitForSelector('#routing-reason');
  await page.waitForSelector('#load-table tr[data-deputy="D-001"]');
  // Merge twin B into twin A: open B, compare side by side, merge.
  await page.goto(`${s.server.url}/console/#/triage/${twinB.id}`);
  await page.waitForSelector(`#compare-${twinA.id}`);
  await page.click(`#compare-${twinA.id}`);
  await page.waitForSelector('#compare-that');
  assert.match(await page.textContent('#compare-that'), /想咨询如何起诉/);
  await check(page, 'console-03-triage-compare');
  await page.click('#merge-compared');
  await page.waitForSelector('#action-done');
  const merged = await detail(twinB.id);
  assert.equal(merged.status, 'closed');
  assert.equal(merged.outcome, 'duplicate');
  assert.equal(merged.progress.merged_into, twinA.id);

  // Assign with the keyboard: a, choose the deputy, a note.
  await page.goto(`${s.server.url}/console/#/triage/${toAssign.id}`);
  await page.waitForSelector('#load-table');
  await page.locator('#report-heading').focus();
  await page.keyboard.press('a');
  await page.waitForSelector('#form-assign');
  await page.selectOption('#assign-deputy', 'D-002');
  await page.fill('#assign-note', '请联系劳动监察大队');
  await check(page, 'console-04-assign');
  await page.click('#submit-assign');
  await page.waitForSelector('#action-done');
  const assigned = await detail(toAssign.id);
  assert.equal(assigned.status, 'assigned');
  assert.equal(assigned.routing.deputy.code, 'D-002');
  // The note reaches the record (the audit log; the timeline's public step speaks plain words).
  const audit = await s.api(`/api/v1/audit?report_id=${toAssign.id}`, { token: await s.server.adminToken() });
  assert.ok(JSON.stringify(audit).includes('请联系劳动监察大队'), JSON.stringify(audit));
  await waitUntil(async () => !(await page.$(`#queue tr[data-id="${toAssign.id}"]`)), { message: 'the assigned report leaves the queue' });

  // Close with the explanation the citizen reads; a missing explanation is caught first.
  await page.goto(`${s.server.url}/console/#/triage/${toClose.id}`);
  await page.waitForSelector('#act-close');
  await page.click('#act-close');
  await page.selectOption('#close-outcome', 'referred');
  await page.fill('#close-reason', '属司法程序事项');
  await page.click('#submit-close');
  await page.waitForSelector('#form-invalid');
  await page.fill('#close-explanation', '此事需向法院申诉，可到区法院诉讼服务中心咨询。');
  await page.click('#submit-close');
  await page.waitForSelector('#action-done');
  const closed = await detail(toClose.id);
  assert.equal(closed.status, 'closed');
  assert.equal(closed.outcome, 'referred');
  const tracked = await s.api(`/api/v1/reports/track/${toClose.code}`);
  assert.match(JSON.stringify(tracked), /区法院诉讼服务中心/);

  // Markup a resident typed is shown as text and never runs.
  await page.goto(`${s.server.url}/console/#/triage/${evil.id}`);
  await page.waitForSelector('#description');
  assert.equal(await page.textContent('#description'), `描述${EVIL}`);
  assert.equal(await page.textContent('#report-title'), `标题${EVIL}`);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.$('#detail img[src="x"]'), null);
});

test('a new report appears in the queue live', async () => {
  await setup();
  const page = staffPage;
  await page.goto(`${s.server.url}/console/#/triage`);
  await page.waitForSelector('main[data-view="triage"][data-state="ready"]');
  await page.waitForFunction(() => document.documentElement.dataset.live === 'open');
  const fresh = await file({ description: '（控制台测试）实时到达的反映' });
  await page.waitForSelector(`#queue tr[data-id="${fresh.id}"]`);
});

test('a kiosk calls for help: the band shows it and “I’m coming” reaches the kiosk', async () => {
  await setup();
  const page = staffPage;
  const code = await s.server.enrollmentCode('XH-01');
  const kiosk = await s.api('/api/v1/kiosks/enroll', { method: 'POST', body: { enrollment_code: code } });
  const call = await s.api('/api/v1/kiosks/me/help-calls', { method: 'POST', token: kiosk.tokens.access_token });
  await page.waitForSelector(`#help-answer-${call.id}`);
  assert.match(await page.textContent('#help-calls'), /大厅一号机/);
  await check(page, 'console-05-help-call');
  await page.click(`#help-answer-${call.id}`);
  await page.waitForSelector(`#help-done-${call.id}`);
  const seen = await s.api(`/api/v1/kiosks/me/help-calls/${call.id}`, { token: kiosk.tokens.access_token });
  assert.ok(seen.answered_at, 'the kiosk sees the answer');
});

test('reception days: schedule, move and cancel slots; a walk-in is filed and the receipt printed', async () => {
  await setup();
  const page = staffPage;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  await page.goto(`${s.server.url}/console/#/reception`);
  await page.waitForSelector('main[data-view="reception"][data-state="ready"] #calendar');
  await page.click('#slot-new');
  await page.fill('#slot-date', today);
  await page.fill('#slot-start', '00:30');
  await page.fill('#slot-end', '23:30');
  await page.click('#slot-save');
  await page.waitForSelector('#slot-invalid');
  await page.check('#slot-deputy-D-001');
  await page.check('#slot-deputy-D-002');
  await page.click('#slot-save');
  await page.waitForSelector('#slot-done');
  // The demo data has slots of its own: this test's have D-001 on duty.
  const listed = async () => (await s.api(`/api/v1/stations/XH-01/reception-days?from=${today}&days=1`)).items
    .filter((slot) => slot.deputies.some((d) => d.code === 'D-001'));
  const [first] = await listed();
  assert.deepEqual(first.deputies.map((d) => d.code), ['D-001', 'D-002']);
  await page.waitForSelector(`td[data-date="${today}"] li[data-slot="${first.id}"]`);
  await check(page, 'console-06-reception');

  // Move it half an hour earlier: the new slot replaces the old one.
  await page.click(`#move-${first.id}`);
  await page.waitForSelector('#slot-form-title');
  await page.fill('#slot-start', '00:00');
  await page.click('#slot-save');
  await page.waitForSelector('#slot-done');
  const moved = await listed();
  assert.equal(moved.length, 1);
  assert.equal(moved[0].start, '00:00');
  assert.notEqual(moved[0].id, first.id);

  // A walk-in during the slot, filed for the resident to D-001.
  await page.click(`#receive-${moved[0].id}`);
  await page.waitForSelector('main[data-view="walkin"] #walkin-form');
  await page.selectOption('#walkin-category', 'environment');
  await page.selectOption('#walkin-deputy', 'D-001');
  await page.fill('#walkin-description', '（接待日）小区门口的路灯坏了一个月');
  await page.fill('#walkin-name', '王阿姨');
  await page.fill('#walkin-phone', '13800000001');
  await page.click('#walkin-submit');
  await page.waitForSelector('#walkin-invalid');
  await page.check('#walkin-personal');
  await check(page, 'console-07-walkin');
  await page.click('#walkin-submit');
  await page.waitForSelector('#receipt-code');
  await page.waitForFunction(() => document.getElementById('receipt-qr').complete && document.getElementById('receipt-qr').naturalWidth > 0);
  const code = (await page.textContent('#receipt-code')).trim();
  const tracked = await s.api(`/api/v1/reports/track/${code}`);
  assert.equal(tracked.channel ?? 'reception', 'reception');
  const staffList = await s.api('/api/v1/stations/XH-01/reports', { token: await s.server.adminToken() });
  const filed = staffList.items.find((r) => r.tracking_code === code);
  assert.equal(filed.channel, 'reception');
  assert.equal(filed.deputy.code, 'D-001');
  const full = await detail(filed.id);
  assert.equal(full.filed_by.kind, 'staff');
  await check(page, 'console-08-receipt');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#side'), false, 'the navigation is not printed');
  assert.equal(await page.isVisible('#receipt-print'), false, 'nor the buttons');
  assert.ok(await page.isVisible('#receipt-qr'));
  await page.screenshot({ path: `${process.env.ARTIFACTS || 'artifacts'}/console-08-receipt-print.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  // Cancel the slot.
  await page.goto(`${s.server.url}/console/#/reception`);
  await page.waitForSelector(`#cancel-${moved[0].id}`);
  await page.click(`#cancel-${moved[0].id}`);
  await page.waitForSelector('#slot-done');
  assert.equal((await listed()).length, 0);
});

test('directory: a deputy binding code is made, a kiosk enrolled and revoked; the audit log as an administrator', async () => {
  await setup();
  const page = staffPage;
  await page.goto(`${s.server.url}/console/#/directory/deputies`);
  await page.waitForSelector('#deputies-table tr[data-deputy="D-004"]');
  await page.click('#binding-D-004');
  await page.waitForSelector('#made-code');
  const code = (await page.textContent('#made-code')).trim();
  await page.waitForFunction(() => document.getElementById('binding-qr')?.naturalWidth > 0);
  await check(page, 'console-14-binding-code');
  // The code binds a deputy's account to D-004.
  const admin = await s.server.adminToken();
  await s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'chen.deputy', display_name: '陈代表', role: 'deputy', password: PASSWORD } });
  const deputy = (await s.api('/api/v1/auth/login', { method: 'POST', body: { username: 'chen.deputy', password: PASSWORD } })).access_token;
  const bound = await s.api('/api/v1/me/deputy-binding', { method: 'POST', token: deputy, body: { binding_code: code } });
  assert.equal(bound.deputy, 'D-004');

  await page.click('#tab-kiosks');
  await page.waitForSelector('#kiosk-form');
  await page.fill('#kiosk-label', '二楼接待室');
  await page.click('#kiosk-enroll');
  await page.waitForSelector('#made-code');
  const enrollment = (await page.textContent('#made-code')).trim();
  const kiosk = await s.api('/api/v1/kiosks/enroll', { method: 'POST', body: { enrollment_code: enrollment } });
  await check(page, 'console-15-kiosks');
  await page.click(`#revoke-${kiosk.kiosk.id}`);
  await page.waitForSelector('#made-revoked');
  const refused = await fetch(`${s.server.url}/api/v1/kiosks/me/help-calls`, { method: 'POST', headers: { Authorization: `Bearer ${kiosk.tokens.access_token}` } });
  assert.equal(refused.status, 401, 'a revoked kiosk is refused');

  const adminPage = await desk();
  await adminPage.goto(`${s.server.url}/console/#/audit`);
  await adminPage.waitForSelector('#username');
  await adminPage.fill('#username', ADMIN.username);
  await adminPage.fill('#password', ADMIN.password);
  await adminPage.click('#password-submit');
  await adminPage.waitForSelector('#nav-audit');
  await adminPage.waitForSelector('main[data-view="audit"][data-state="ready"] #audit-table');
  await adminPage.fill('#audit-action', 'kiosk.');
  await adminPage.click('#audit-apply');
  await adminPage.waitForFunction(() => document.querySelectorAll('#audit-table tbody tr').length >= 2);
  await check(adminPage, 'console-16-audit');
});
