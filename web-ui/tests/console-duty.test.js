// Review opinions (审议意见) and deputies' suggestions (议案建议) in the station console, prepared through the API
// only: an administrator makes a staff account for XH-01, a committee account and a deputy account for D-004;
// an activity is held with findings recorded. Staff draft an opinion from the activity's page (its findings as
// the body), list its problems as rows (added and removed), send it, record the department's reply and close
// each problem with its evidence (销号) until the opinion closes; it prints as the written opinion alone. The
// deputy writes a suggestion drawing on a report assigned to them and sends it for review (through the API, with
// their own account); staff return it with a comment (通过 stays disabled until all three checks hold), the
// deputy sends it again, staff approve, submit it to an organ, extend the deadline and record the answer; the
// deputy rates it and the page shows the rating. The committee reads both without the steps. Every state: the
// page policy, axe, 44 px targets, no sideways scrolling.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenSuite, checkPage, waitUntil, PASSWORD } from './helpers.js';

const s = screenSuite();
const DESKTOP = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };
const EVIL = '<img src=x onerror="window.__pwned = 1">';
const FINDINGS = `5栋施工围挡占用消防通道。${EVIL}`;
const check = (page, name) => checkPage(page, name);
const at = (minutes) => new Date(Date.now() + minutes * 60000).toISOString();

let prepared;
const setup = () => (prepared ??= prepare());

async function prepare() {
  const admin = await s.server.adminToken();
  const account = (body) => s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { password: PASSWORD, ...body } });
  await account({ username: 'duty.staff', display_name: '周工作', role: 'staff', stations: ['XH-01'] });
  await account({ username: 'duty.committee', display_name: '工委孙', role: 'committee' });
  await account({ username: 'duty.deputy', display_name: '刘代表', role: 'deputy', deputy: 'D-004' });
  const activity = await s.api('/api/v1/stations/XH-01/activities', {
    method: 'POST', token: admin, body: { kind: 'inspection', title: `视察消防通道${EVIL}`, starts_at: at(-30), ends_at: at(30), invited: ['D-004'] },
  });
  await s.api(`/api/v1/activities/${activity.id}`, { method: 'PATCH', token: admin, body: { findings: FINDINGS, status: 'held' } });
  return { admin, activity };
}

/** The deputy's access token (their own account, signed in with the password). */
async function deputyToken() {
  const tokens = await s.api('/api/v1/auth/login', { method: 'POST', body: { username: 'duty.deputy', password: PASSWORD } });
  return tokens.access_token;
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

const asAdmin = async (path, options = {}) => s.api(path, { token: await s.server.adminToken(), ...options });

let staffPage;
let opinionId;

test('the new sections are in the navigation; a review opinion is drafted from an activity\u2019s findings', async () => {
  const { activity } = await setup();
  const page = await signIn('duty.staff');
  staffPage = page;
  await page.waitForSelector('#nav-opinions');
  assert.deepEqual(await page.$$eval('#nav-list a', (links) => links.map((a) => a.id)), [
    'nav-triage', 'nav-supervision', 'nav-reception', 'nav-activities', 'nav-opinions', 'nav-suggestions', 'nav-archive', 'nav-report-backs', 'nav-dashboard', 'nav-directory', 'nav-plan', 'nav-year-end',
  ]);
  assert.equal(await page.getAttribute('#nav-directory', 'aria-keyshortcuts'), 'Alt+0', 'the tenth section is Alt+0');
  await page.keyboard.press('Alt+5');
  await page.waitForSelector('main[data-view="opinions"][data-state="ready"]');
  await page.waitForSelector('#opinions-none');
  await check(page, 'console-duty-01-opinions-empty');

  // From the activity's page: 写审议意见 opens the draft with the activity and its findings.
  await page.goto(`${s.server.url}/console/#/activities/${activity.id}`);
  await page.waitForSelector('main[data-view="activity"][data-state="ready"]');
  await page.click('#activity-opinion');
  await page.waitForSelector('main[data-view="opinions"] #draft');
  assert.equal(await page.inputValue('#draft-body'), FINDINGS);
  assert.match(await page.inputValue('#draft-title-input'), /视察消防通道/);
  assert.equal(await page.textContent('#draft-from a'), `视察消防通道${EVIL}`);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'draft-unit');

  // Nothing chosen yet: said beside the field before sending.
  await page.fill('#draft-title-input', '关于消防通道被占用问题的审议意见');
  await page.click('#draft-save');
  await page.waitForSelector('#draft-invalid');
  assert.equal(await page.getAttribute('#draft-unit', 'aria-invalid'), 'true');
  await page.selectOption('#draft-unit', 'HP-ZJ');
  // Problems as rows: the only row cannot be removed; rows are added and removed with the keyboard.
  assert.equal(await page.isDisabled('#draft-remove-0'), true);
  await page.fill('#draft-item-0', '施工围挡占用消防通道');
  await page.focus('#draft-add-item');
  await page.keyboard.press('Enter');
  await waitUntil(() => page.evaluate(() => document.activeElement?.id === 'draft-item-1'), { message: 'focus on the new row' });
  await page.keyboard.type('夜间施工噪声扰民');
  await page.click('#draft-add-item');
  await page.waitForSelector('#draft-item-2');
  // An empty row is caught before sending.
  await page.click('#draft-save');
  await page.waitForSelector('#draft-invalid');
  assert.match(await page.textContent('#draft-invalid'), /第 3 条问题是空的/);
  assert.equal(await page.getAttribute('#draft-item-2', 'aria-invalid'), 'true');
  await check(page, 'console-duty-02-opinion-draft');
  await page.click('#draft-remove-2');
  await waitUntil(async () => (await page.$$('#draft-items .item-row')).length === 2, { message: 'two rows left' });
  await page.click('#draft-save');

  await page.waitForSelector('main[data-view="opinion"][data-state="ready"]');
  opinionId = new URL(page.url()).hash.split('/')[2];
  assert.match(await page.textContent('#flash'), /已保存草稿/);
  assert.equal(await page.textContent('#opinion-status'), '草稿');
  assert.equal(await page.textContent('#opinion-body'), FINDINGS);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'markup stays text');
  const saved = await asAdmin(`/api/v1/opinions/${opinionId}`);
  assert.equal(saved.activity_id, activity.id);
  assert.equal(saved.unit, 'HP-ZJ');
  assert.deepEqual(saved.items.map((i) => i.text), ['施工围挡占用消防通道', '夜间施工噪声扰民']);
  const days = (new Date(saved.due_at) - Date.now()) / 86400000;
  assert.ok(days > 59 && days < 62, `due in about two months: ${saved.due_at}`);
  await check(page, 'console-duty-03-opinion-draft-page');
});

test('the opinion is sent, the reply recorded, each problem closed with its evidence; it prints alone', async () => {
  const page = staffPage;
  await page.click('#opinion-send');
  await page.waitForSelector('#send-done');
  assert.equal(await page.textContent('#opinion-status'), '已发送');
  assert.equal(await page.$('#opinion-edit'), null, 'a sent opinion is not rewritten');
  assert.equal(await page.$('#close-0'), null, 'problems are closed once the reply is in');

  await page.click('#reply-save');
  await page.waitForSelector('#reply-problem');
  assert.equal(await page.getAttribute('#reply-text', 'aria-invalid'), 'true');
  await page.fill('#reply-text', '区住建委已责令施工单位三日内移除围挡，并限定施工时间。');
  await page.click('#reply-save');
  await page.waitForSelector('#reply-done');
  assert.equal(await page.textContent('#opinion-status'), '已答复');
  assert.match(await page.textContent('#opinion-reply'), /三日内移除围挡/);
  await check(page, 'console-duty-04-opinion-answered');

  await page.fill('#evidence-0', `现场核实：围挡已移除。${EVIL}`);
  await page.click('#close-0');
  await page.waitForSelector('#item-0-done');
  assert.equal(await page.getAttribute('#item-0', 'data-status'), 'closed');
  assert.equal(await page.textContent('#evidence-text-0'), `现场核实：围挡已移除。${EVIL}`);
  assert.equal(await page.textContent('#opinion-status'), '已答复');
  // Without evidence: said beside the problem.
  await page.click('#close-1');
  await page.waitForSelector('#item-1-problem');
  assert.equal(await page.getAttribute('#evidence-1', 'aria-invalid'), 'true');
  await page.fill('#evidence-1', '施工时间已调整为 8:00–18:00，居民确认。');
  await page.click('#close-1');
  await page.waitForSelector('#item-1-done');
  assert.match(await page.textContent('#item-1-done'), /已办结/);
  assert.equal(await page.textContent('#opinion-status'), '已办结');
  assert.equal(await page.$('#reply'), null, 'a closed opinion takes no more steps');
  const closed = await asAdmin(`/api/v1/opinions/${opinionId}`);
  assert.equal(closed.status, 'closed');
  assert.deepEqual(closed.items.map((i) => i.evidence), [`现场核实：围挡已移除。${EVIL}`, '施工时间已调整为 8:00–18:00，居民确认。']);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await check(page, 'console-duty-05-opinion-closed');

  // On paper: the written opinion, without the navigation, the facts or the steps.
  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() => Object.fromEntries(['opinion-doc', 'view-heading', 'opinion-facts', 'opinion-steps', 'back', 'side', 'evidence-text-0']
    .map((id) => [id, document.getElementById(id).checkVisibility()])));
  assert.deepEqual(shown, { 'opinion-doc': true, 'view-heading': true, 'opinion-facts': false, 'opinion-steps': false, back: false, side: false, 'evidence-text-0': true });
  await page.emulateMedia({ media: 'screen' });

  // The list: filtered by status, and the overdue filter leaves it out.
  await page.click('#back');
  await page.waitForSelector(`#opinions-table tr[data-id="${opinionId}"]`);
  assert.match(await page.textContent(`#opinions-table tr[data-id="${opinionId}"]`), /已办结.*已销号 2\/2/s);
  await page.selectOption('#opinions-status', 'draft');
  await page.waitForSelector('#opinions-none');
  await page.selectOption('#opinions-status', 'closed');
  await page.waitForSelector(`#opinions-table tr[data-id="${opinionId}"]`);
  await page.check('#opinions-overdue');
  await page.waitForSelector('#opinions-none');
  await check(page, 'console-duty-06-opinions-filtered');
});

let suggestionId;
let reportCode;

test('a suggestion is returned with a comment, approved once sent again, submitted, extended and answered', async () => {
  const { admin } = await setup();
  // A citizen's report, assigned to the deputy, that the suggestion draws on.
  const response = await fetch(`${s.server.url}/api/v1/reports`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ category: 'legal_petition', channel: 'web', station: 'XH-01', description: '（建议测试）社区老年食堂排队时间长，饭菜不够' }),
  });
  assert.equal(response.status, 201);
  const report = await response.json();
  reportCode = report.tracking_code;
  await s.api(`/api/v1/reports/${report.id}/actions`, { method: 'POST', token: admin, body: { action: 'assign', deputy: 'D-004' } });
  const deputy = await deputyToken();
  const drafted = await s.api('/api/v1/me/suggestions', {
    method: 'POST', token: deputy,
    body: { title: `关于加快社区老年食堂建设的建议${EVIL}`, facts: '辖区60岁以上老人约3200人，现有食堂1处。', cause: '场地不足。', measures: '', reports: [reportCode] },
  });
  suggestionId = drafted.id;
  await s.api(`/api/v1/suggestions/${suggestionId}/actions`, { method: 'POST', token: deputy, body: { action: 'for_review' } });

  const page = staffPage;
  await page.click('#nav-suggestions');
  await page.waitForSelector(`#suggestions-table tr[data-id="${suggestionId}"]`);
  assert.equal(await page.getAttribute('#suggestions-table tbody tr', 'data-status'), 'in_review', 'those in review come first');
  assert.match(await page.textContent('#suggestions-summary'), /待审核 1 件/);
  await check(page, 'console-duty-07-suggestions');
  await page.click(`#suggestions-table tr[data-id="${suggestionId}"] a`);
  await page.waitForSelector('main[data-view="suggestion"][data-state="ready"]');
  assert.equal(await page.textContent('#view-heading'), `关于加快社区老年食堂建设的建议${EVIL}`);
  assert.equal(await page.textContent('#suggestion-measures'), '还没有写。');
  // The report's tracking code opens the report's page.
  await page.waitForSelector(`#suggestion-reports a[data-code="${reportCode}"]`);
  assert.equal(await page.getAttribute(`#suggestion-reports a[data-code="${reportCode}"]`, 'href'), `${s.server.url}/console/#/reports/${report.id}`);

  // 通过 only with all three checks; returning wants a comment.
  assert.equal(await page.isDisabled('#review-approve'), true);
  await page.check('#review-facts');
  await page.check('#review-cause');
  assert.equal(await page.isDisabled('#review-approve'), true);
  await page.click('#review-return');
  await page.waitForSelector('#review-problem');
  assert.equal(await page.getAttribute('#review-comment', 'aria-invalid'), 'true');
  await check(page, 'console-duty-08-suggestion-review');
  await page.fill('#review-comment', `请补充具体的建议措施。${EVIL}`);
  await page.click('#review-return');
  await page.waitForSelector('#step-done');
  assert.equal(await page.textContent('#suggestion-status'), '退回修改中');
  assert.equal(await page.getAttribute('#review-0', 'data-approved'), 'false');
  assert.match(await page.textContent('#review-0'), /情况清楚：是；原因分析到位：是；措施可行：否/);
  assert.match(await page.textContent('#review-0'), /请补充具体的建议措施/);
  assert.equal(await page.$('#review'), null, 'nothing to review while the deputy revises');

  // The deputy writes the measures and sends it again.
  await s.api(`/api/v1/suggestions/${suggestionId}`, {
    method: 'PATCH', token: deputy,
    body: { title: drafted.title, facts: drafted.facts, cause: drafted.cause, measures: '利用社区闲置用房新建助餐点2处。', reports: [reportCode] },
  });
  await s.api(`/api/v1/suggestions/${suggestionId}/actions`, { method: 'POST', token: deputy, body: { action: 'for_review' } });
  await page.reload();
  await page.waitForSelector('#review');
  assert.equal(await page.textContent('#suggestion-measures'), '利用社区闲置用房新建助餐点2处。');
  for (const c of ['facts', 'cause', 'measures']) await page.check(`#review-${c}`);
  assert.equal(await page.isDisabled('#review-approve'), false);
  await page.fill('#review-comment', '情况清楚，措施可行。');
  await page.click('#review-approve');
  await page.waitForSelector('#step-done');
  assert.equal(await page.textContent('#suggestion-status'), '审核通过，待交办');

  // Submitted to an organ.
  await page.waitForSelector('#submit');
  await page.click('#submit-save');
  await page.waitForSelector('#submit-problem');
  await page.selectOption('#submit-unit', 'HP-MZ');
  await page.click('#submit-save');
  await page.waitForSelector('#step-done');
  assert.match(await page.textContent('#step-done'), /和平区民政局/);
  assert.equal(await page.textContent('#suggestion-status'), '已交办');
  const submitted = await asAdmin(`/api/v1/suggestions/${suggestionId}`);
  assert.equal(submitted.unit, 'HP-MZ');
  await check(page, 'console-duty-09-suggestion-submitted');

  // The deadline moved to the latest day allowed: six months after submission.
  const latest = await page.getAttribute('#extend-due', 'max');
  await page.fill('#extend-due', latest);
  await page.click('#extend-save');
  await page.waitForSelector('#step-done');
  const extended = await asAdmin(`/api/v1/suggestions/${suggestionId}`);
  const months = (new Date(extended.due_at) - new Date(extended.submitted_at)) / (30.4 * 86400000);
  assert.ok(months > 5.8 && months <= 6.1, `due about six months after submission: ${extended.due_at}`);

  await page.fill('#answer-text', '区民政局将于明年上半年新建助餐点2处。');
  await page.click('#answer-save');
  await page.waitForSelector('#step-done');
  assert.equal(await page.textContent('#suggestion-status'), '已答复，待代表评价');
  assert.match(await page.textContent('#suggestion-answer-text'), /新建助餐点2处/);
  assert.equal(await page.textContent('#suggestion-no-verdict'), '代表还没有评价答复。');

  // The deputy rates it; the page shows the rating.
  await s.api(`/api/v1/suggestions/${suggestionId}/actions`, { method: 'POST', token: deputy, body: { action: 'rate', verdict: 'mostly' } });
  await page.reload();
  await page.waitForSelector('#suggestion-verdict');
  assert.match(await page.textContent('#suggestion-verdict'), /代表评价：\s*基本满意/);
  assert.equal(await page.textContent('#suggestion-status'), '已办结');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await check(page, 'console-duty-10-suggestion-closed');
});

test('the committee reads opinions and suggestions without the steps, in both languages', async () => {
  const page = await signIn('duty.committee', `#/opinions/${opinionId}`);
  await page.waitForSelector('main[data-view="opinion"][data-state="ready"]');
  assert.deepEqual(await page.$$eval('#nav-list a', (links) => links.map((a) => a.id)),
    ['nav-supervision', 'nav-reception', 'nav-activities', 'nav-opinions', 'nav-suggestions', 'nav-archive', 'nav-report-backs', 'nav-dashboard', 'nav-plan', 'nav-year-end']);
  assert.equal(await page.$('#reply'), null);
  assert.match(await page.textContent('#opinion-items'), /现场核实：围挡已移除/);
  await check(page, 'console-duty-11-committee-opinion');
  await page.click('#nav-opinions');
  await page.waitForSelector('main[data-view="opinions"][data-state="ready"]');
  assert.equal(await page.$('#opinion-new'), null, 'the committee drafts nothing');
  await page.goto(`${s.server.url}/console/#/suggestions/${suggestionId}`);
  await page.waitForSelector('main[data-view="suggestion"][data-state="ready"]');
  assert.equal(await page.$('#review'), null);
  assert.equal(await page.$('#answer'), null);
  // Tracking codes stay text for those who do not handle the station's reports.
  await page.waitForSelector(`#suggestion-reports span[data-code="${reportCode}"]`);
  await page.click('#lang');
  await page.waitForSelector('#suggestion-status >> text=Closed');
  assert.match(await page.textContent('#suggestion-verdict'), /Mostly satisfied/);
  await check(page, 'console-duty-12-committee-suggestion-en');
  await page.click('#nav-suggestions');
  await page.waitForSelector('main[data-view="suggestions"][data-state="ready"]');
  await check(page, 'console-duty-13-committee-suggestions-en');
  await page.click('#lang');
  await page.context().close();
});
