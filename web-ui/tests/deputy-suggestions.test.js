// 我的建议 and 我的积分 on the deputy's workbench, prepared through the API only: an administrator makes a deputy
// account for D-003, and residents file three reports to D-003 (two on elderly canteens, one on a street light).
// The deputy picks the two canteen reports by a filter, drafts a suggestion and sends it for review; the station
// (the administrator, through the API) returns it with comments, and the deputy reads the checklist and the
// comment, rewrites it and sends it again; once it is approved, submitted and answered (API), the deputy rates it
// 不满意 (sent back once, due within a month) and, after the second answer, 基本满意 (closed). Then the points
// archive: every rule's total and every entry with its source, a year picker, and the one-page record printed as
// one page. Every state: axe, 48 px targets; markup in titles and comments stays text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenSuite, checkPage, PASSWORD } from './helpers.js';

const s = screenSuite();
const check = (page, name) => checkPage(page, `deputy-sugg-${name}`, { minTarget: 48 });
const EVIL = '<img src=x onerror="window.__pwned = 1">';

let prepared;
const setup = () => (prepared ??= prepare());

async function fileReport(title, description) {
  const form = new FormData();
  const fields = { category: 'elderly_care', title, description, channel: 'web', station: 'XH-01', deputy: 'D-003' };
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const filed = await fetch(`${s.server.url}/api/v1/reports`, { method: 'POST', body: form, headers: { 'Idempotency-Key': crypto.randomUUID() } });
  assert.equal(filed.status, 201, await filed.clone().text());
  return filed.json();
}

async function prepare() {
  const admin = await s.server.adminToken();
  await s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'sugg.deputy', display_name: '张敏', role: 'deputy', password: PASSWORD, deputy: 'D-003' } });
  const canteen = await fileReport('社区老年食堂太少', '和谐里附近没有老年食堂，老人吃饭不方便。');
  const price = await fileReport(`老年食堂饭菜价格偏高${EVIL}`, '老年食堂一顿饭要二十元。');
  const light = await fileReport('路灯不亮', '3号楼前的路灯坏了一个月。');
  return { admin, canteen, price, light };
}

const staff = async (id, body) => s.api(`/api/v1/suggestions/${id}/actions`, { method: 'POST', token: (await setup()).admin, body });

let phone;
let suggestionId;

test('the deputy picks the canteen reports, drafts a suggestion and sends it for review', async () => {
  const { canteen, price, light } = await setup();
  const page = await s.phonePage();
  phone = page;
  await page.goto(`${s.server.url}/deputy/#/suggestions`);
  await page.waitForSelector('main[data-view="signin"]');
  await page.click('#switch-mode');
  await page.fill('#username', 'sugg.deputy');
  await page.fill('#password', PASSWORD);
  await page.click('#password-submit');
  await page.waitForSelector('main[data-view="suggestions"][data-state="ready"] #sugg-none');
  assert.equal(await page.getAttribute('#nav-duties', 'aria-current'), 'page');
  assert.equal(await page.getAttribute('#duty-nav-suggestions', 'aria-current'), 'page');
  await check(page, '01-none');

  await page.click('#sugg-new');
  await page.waitForSelector('main[data-view="suggestion-form"][data-state="ready"] #sugg-picker-items');
  assert.equal(await page.locator('#sugg-picker-items li.pick').count(), 3);
  await page.fill('#f-filter', '老年食堂');
  await page.waitForFunction(() => document.querySelectorAll('#sugg-picker-items li.pick').length === 2);
  assert.equal(await page.locator(`li.pick[data-code="${light.tracking_code}"]`).count(), 0, 'the street light is filtered out');
  await page.check(`#pick-${canteen.tracking_code}`);
  await page.check(`#pick-${price.tracking_code}`);
  assert.equal(await page.textContent('#sugg-chosen'), '已选 2 件');
  // A tracking code by hand: a wrong one is refused in words.
  await page.fill('#f-code', 'LS-123');
  await page.click('#f-code-add');
  assert.match(await page.textContent('#sugg-code-note'), /查询码的格式不对/);

  // Nothing written yet: said field by field.
  await page.click('#sugg-save-review');
  await page.waitForSelector('#sugg-form-problem');
  assert.match(await page.textContent('#sugg-form-problem'), /请填写标题/);
  assert.equal(await page.getAttribute('#f-title', 'aria-invalid'), 'true');
  assert.equal(await page.textContent('#sugg-chosen'), '已选 2 件', 'the picked reports stay picked');
  await check(page, '02-form-problem');

  await page.fill('#f-title', `关于加快社区老年食堂建设的建议${EVIL}`);
  await page.fill('#f-facts', '和谐里社区六十岁以上老人两千多人，只有一处老年食堂。');
  await page.fill('#f-cause', '场地难找。');
  await page.fill('#f-measures', '利用社区用房新建两处老年食堂。');
  await page.click('#sugg-save');
  await page.waitForSelector('main[data-view="suggestion"][data-state="ready"][data-status="draft"]');
  suggestionId = new URL(page.url()).hash.split('/')[2];
  assert.equal(await page.textContent('#flash'), '建议已保存。');
  assert.equal(await page.textContent('#view-heading'), `关于加快社区老年食堂建设的建议${EVIL}`);
  assert.deepEqual((await page.locator('#sugg-reports li').allTextContents()).sort(), [canteen.tracking_code, price.tracking_code].sort());
  assert.equal(await page.textContent('#sugg-status'), '草稿');
  await check(page, '03-draft');

  await page.click('#sugg-for-review');
  await page.waitForSelector('main[data-status="in_review"] #sugg-done');
  assert.equal(await page.textContent('#sugg-status'), '联络站审核中');
  assert.equal(await page.$('#sugg-edit'), null, 'no editing during the review');
  const stored = await s.api(`/api/v1/suggestions/${suggestionId}`, { token: (await setup()).admin });
  assert.equal(stored.status, 'in_review');
  assert.deepEqual([...stored.reports].sort(), [canteen.tracking_code, price.tracking_code].sort());
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'markup in titles stays text');
  await check(page, '04-in-review');
});

test('returned with comments: the deputy reads the checklist, rewrites it and sends it again', async () => {
  const page = phone;
  await staff(suggestionId, { action: 'review', approve: false, checklist: { facts: true, cause: false, measures: true }, comment: `原因分析太简单，请补充。${EVIL}` });
  await page.click('#duty-nav-suggestions');
  await page.waitForSelector(`main[data-view="suggestions"][data-state="ready"] a[data-id="${suggestionId}"][data-status="revising"]`);
  assert.match(await page.textContent(`a[data-id="${suggestionId}"]`), /退回修改/);
  await page.click(`a[data-id="${suggestionId}"]`);
  await page.waitForSelector('main[data-view="suggestion"][data-status="revising"]');
  assert.match(await page.textContent('#sugg-revising'), /按审核意见修改/);
  assert.match(await page.textContent('#sugg-checklist li[data-check="cause"]'), /原因分析到位：未达标/);
  assert.match(await page.textContent('#sugg-checklist li[data-check="facts"]'), /情况清楚：达标/);
  assert.equal(await page.textContent('#sugg-reviews .review-comment'), `原因分析太简单，请补充。${EVIL}`);
  await check(page, '05-returned');

  await page.click('#sugg-edit');
  await page.waitForSelector('main[data-view="suggestion-form"][data-state="ready"] #sugg-picker-items');
  assert.equal(await page.inputValue('#f-cause'), '场地难找。');
  assert.equal(await page.textContent('#sugg-chosen'), '已选 2 件');
  await page.fill('#f-cause', '场地难找，运营补贴不足，老人用餐需求分散。');
  await check(page, '06-edit');
  await page.click('#sugg-save-review');
  await page.waitForSelector('main[data-view="suggestion"][data-status="in_review"]');
  assert.equal(await page.textContent('#flash'), '已提交联络站审核。');
  assert.match(await page.textContent('#sugg-cause'), /运营补贴不足/);
});

test('answered: the deputy rates it; 不满意 sends it back once, the second rating closes it', async () => {
  const page = phone;
  await staff(suggestionId, { action: 'review', approve: true, checklist: { facts: true, cause: true, measures: true }, comment: '可以提交。' });
  await staff(suggestionId, { action: 'submit', unit: 'HP-MZ' });
  await page.click('#duty-nav-suggestions');
  await page.waitForSelector(`a[data-id="${suggestionId}"][data-status="submitted"]`);
  assert.match(await page.textContent(`a[data-id="${suggestionId}"]`), /机关办理中[\s\S]*未超期[\s\S]*答复期限/);
  assert.match(await page.textContent(`a[data-id="${suggestionId}"]`), /和平区民政局/);
  await check(page, '07-list-submitted');

  await staff(suggestionId, { action: 'answer', text: `明年新建一处老年食堂。${EVIL}` });
  await page.click(`a[data-id="${suggestionId}"]`);
  await page.waitForSelector('main[data-view="suggestion"][data-status="answered"] #sugg-rate');
  assert.equal(await page.textContent('#sugg-answer'), `明年新建一处老年食堂。${EVIL}`);
  assert.match(await page.textContent('#sugg-rate-explain'), /不满意.*重新办理一次.*一个月内/);
  await page.click('#sugg-rate-send');
  assert.match(await page.textContent('#sugg-action-problem'), /请先选择一项评价/);
  await check(page, '08-rate');

  await page.check('#rate-not_satisfied');
  await page.click('#sugg-rate-send');
  await page.waitForSelector('main[data-status="rehandling"] #sugg-done');
  assert.match(await page.textContent('#sugg-done'), /退回机关重新办理/);
  assert.match(await page.textContent('#sugg-rehandling'), /重新办理/);
  assert.match(await page.textContent('#sugg-due'), /答复期限/);
  await check(page, '09-rehandling');

  await staff(suggestionId, { action: 'answer', text: '已选定场地，三月开业。' });
  await page.reload();
  await page.waitForSelector('main[data-view="suggestion"][data-status="answered"] #sugg-rate');
  assert.match(await page.textContent('#sugg-rate-explain'), /最终评价/);
  await page.check('#rate-mostly');
  await page.click('#sugg-rate-send');
  await page.waitForSelector('main[data-status="closed"] #sugg-done');
  assert.equal(await page.textContent('#sugg-status'), '已办结');
  assert.match(await page.textContent('#sugg-verdict'), /基本满意/);
  const stored = await s.api(`/api/v1/suggestions/${suggestionId}`, { token: (await setup()).admin });
  assert.deepEqual([stored.status, stored.verdict, stored.rehandled], ['closed', 'mostly', true]);

  await page.click('#lang');
  await page.waitForSelector('#sugg-status >> text=Closed');
  assert.match(await page.textContent('#sugg-verdict'), /Mostly satisfied/);
  await check(page, '10-closed-en');
  await page.click('#lang');
});

test('the points archive: each rule’s total, every entry with its source, a year picker, a one-page record', async () => {
  const page = phone;
  const token = (await s.api('/api/v1/auth/login', { method: 'POST', body: { username: 'sugg.deputy', password: PASSWORD } })).access_token;
  const archive = await s.api('/api/v1/me/archive', { token });
  assert.ok(archive.by_rule.suggestion_submitted, 'the submitted suggestion scored');

  await page.click('#nav-duties');
  await page.waitForSelector('main[data-view="duties"]');
  await page.click('#duty-nav-points');
  await page.waitForSelector('main[data-view="points"][data-state="ready"] #points-by-rule');
  assert.equal(await page.getAttribute('#points-total', 'data-total'), String(archive.total));
  for (const [rule, tally] of Object.entries(archive.by_rule)) {
    const row = page.locator(`#points-by-rule tr[data-rule="${rule}"]`);
    assert.equal(await row.count(), 1, rule);
    assert.equal(await row.locator('td').first().textContent(), String(tally.count));
  }
  assert.match(await page.textContent('#points-by-rule tr[data-rule="suggestion_submitted"] th'), /提出建议/);
  assert.equal(await page.locator('#points-entries li').count(), archive.entries.length);
  const entry = page.locator(`#points-entries li[data-source="suggestion"][data-rule="suggestion_submitted"]`);
  assert.match(await entry.textContent(), /建议：/);
  assert.ok((await entry.locator('a').getAttribute('href')).endsWith(`/deputy/#/suggestions/${suggestionId}`));
  assert.equal(await entry.locator('.entry-label').textContent(), `关于加快社区老年食堂建设的建议${EVIL}`);
  await check(page, '11-points');

  // Another year: nothing scored then.
  const last = archive.year - 1;
  await page.selectOption('#points-year', String(last));
  await page.click('#points-year-go');
  await page.waitForSelector(`main[data-view="points"][data-state="ready"] #points-total[data-total="0"]`);
  assert.equal(new URL(page.url()).hash, `#/points/${last}`);
  await page.waitForSelector('#points-by-rule-none');

  // The one-page record.
  await page.goto(`${s.server.url}/deputy/#/points/${archive.year}`);
  await page.waitForSelector('main[data-view="points"][data-state="ready"] #points-by-rule');
  await page.click('#points-print-open');
  await page.waitForSelector('main[data-view="points"][data-state="ready"] #record-sheet #points-by-rule');
  assert.equal(await page.textContent('#view-heading'), `${archive.year} 年度履职成绩单`);
  assert.match(await page.textContent('#record-deputy'), /张敏（D-003）/);
  await check(page, '12-record');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#tabbar'), false, 'no tab bar on paper');
  assert.equal(await page.isVisible('#points-print'), false, 'no buttons on paper');
  assert.equal(await page.isVisible('#points-by-rule'), true);
  const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
  assert.equal(pdf.match(/\/Type\s*\/Page[^s]/g)?.length, 1, 'the record fits one page');
  await page.emulateMedia({ media: 'screen' });

  await page.click('#lang');
  await page.waitForSelector('#points-by-rule tr[data-rule="suggestion_submitted"] >> text=Suggestion submitted');
  await check(page, '13-record-en');
  await page.click('#lang');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
});
