// The annual plan (年度计划) in the station console and the deputy's workbench, prepared through the API only: an
// administrator makes a committee account, a staff account for XH-01 and a deputy account for D-004. The committee
// plans three tasks through the form (one for XH-01, one for D-004, one for the committee itself, due in January so
// it is overdue), a title carrying markup shown as text, and edits one; staff see the whole plan and mark only their
// station's task done with a note; the deputy marks theirs done in the workbench's 我的年度任务 with a note; the
// committee drops its own task, the reason asked for before sending. Every state: the page policy, axe, 44 px
// targets (48 on the deputy's phone), no sideways scrolling.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenSuite, checkPage, waitUntil, PASSWORD } from './helpers.js';

const s = screenSuite();
const DESKTOP = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };
const EVIL = '<img src=x onerror="window.__pwned = 1">';
const YEAR = Number(new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 4));
const check = (page, name) => checkPage(page, name);

let prepared;
const setup = () => (prepared ??= prepare());

async function prepare() {
  const admin = await s.server.adminToken();
  const account = (body) => s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { password: PASSWORD, ...body } });
  await account({ username: 'plan.committee', display_name: '工委冯', role: 'committee' });
  await account({ username: 'plan.staff', display_name: '何工作', role: 'staff', stations: ['XH-01'] });
  await account({ username: 'plan.deputy', display_name: '刘代表', role: 'deputy', deputy: 'D-004' });
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

const plan = async () => (await s.api(`/api/v1/plan-tasks?year=${YEAR}`, { token: await s.server.adminToken() })).items;
const rows = (page) => page.$$eval('#plan-table tbody tr[data-id]', (trs) => trs.map((tr) => tr.dataset.id));

let committee;
const tasks = {};

test('the committee plans a task for a station, one for a deputy and one for itself, and edits one', async () => {
  await setup();
  const page = await signIn('plan.committee', `#/plan/${YEAR}`);
  committee = page;
  await page.waitForSelector('main[data-view="plan"][data-state="ready"] #plan-none');
  assert.deepEqual(await page.$$eval('#nav-list a', (links) => links.map((a) => a.id)),
    ['nav-supervision', 'nav-reception', 'nav-activities', 'nav-opinions', 'nav-suggestions', 'nav-archive', 'nav-report-backs', 'nav-dashboard', 'nav-plan', 'nav-year-end']);
  assert.equal(await page.getAttribute('#nav-plan', 'aria-current'), 'page');
  assert.equal(await page.inputValue('#plan-year'), String(YEAR));
  await check(page, 'console-plan-01-empty');

  // Nothing written: said beside the field, before sending.
  await page.click('#task-new');
  await waitUntil(() => page.evaluate(() => document.activeElement?.id === 'task-title'), { message: 'focus on the title' });
  await page.click('#task-save');
  await page.waitForSelector('#task-invalid');
  assert.equal(await page.getAttribute('#task-title', 'aria-invalid'), 'true');
  await page.fill('#task-title', `开展加装电梯专题调研${EVIL}`);
  await page.fill('#task-detail', '走访三个老旧小区，形成调研报告。');
  await page.fill('#task-due', `${YEAR}-12-30`);
  // A station is the owner unless told; it has to be chosen.
  await page.click('#task-save');
  await page.waitForSelector('#task-invalid');
  assert.equal(await page.getAttribute('#task-owner-pick', 'aria-invalid'), 'true');
  await page.selectOption('#task-owner-pick', 'XH-01');
  await check(page, 'console-plan-02-form');
  await page.click('#task-save');
  await page.waitForSelector('#plan-done');
  assert.match(await page.textContent('#plan-done'), /已添加任务/);

  // A deputy's task: the deputies listed by station.
  await page.click('#task-new');
  await page.fill('#task-title', '走访联系选民不少于 20 户');
  await page.fill('#task-due', `${YEAR}-12-31`);
  await page.check('#task-owner-deputy');
  await page.waitForSelector('#task-owner-pick optgroup option[value="D-004"]', { state: 'attached' });
  await page.selectOption('#task-owner-pick', 'D-004');
  await page.click('#task-save');
  await page.waitForSelector('#plan-done');

  // The committee's own, due in January: overdue by now.
  await page.click('#task-new');
  await page.fill('#task-title', '制定联络站年度考核办法');
  await page.fill('#task-due', `${YEAR}-01-15`);
  await page.check('#task-owner-committee');
  assert.equal(await page.$('#task-owner-pick'), null, 'the committee needs no list');
  await page.click('#task-save');
  await page.waitForSelector('#plan-done');
  await waitUntil(async () => (await rows(page)).length === 3, { message: 'three tasks listed' });

  const saved = await plan();
  for (const task of saved) tasks[task.owner_kind] = task;
  assert.deepEqual(saved.map((task) => [task.owner_kind, task.owner, task.due_on]),
    [['committee', null, `${YEAR}-01-15`], ['station', 'XH-01', `${YEAR}-12-30`], ['deputy', 'D-004', `${YEAR}-12-31`]]);
  assert.equal(tasks.station.title, `开展加装电梯专题调研${EVIL}`);
  assert.equal(tasks.station.detail, '走访三个老旧小区，形成调研报告。');
  // By due date, as the API lists them; where each stands in words.
  assert.deepEqual(await rows(page), saved.map((task) => task.id));
  assert.equal(await page.textContent(`tr[data-id="${tasks.station.id}"] .task-title`), `开展加装电梯专题调研${EVIL}`);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'markup stays text');
  assert.equal(await page.textContent(`tr[data-id="${tasks.committee.id}"] .standing`), '已逾期');
  assert.equal(await page.textContent(`tr[data-id="${tasks.deputy.id}"] .standing`), '进行中');
  assert.match(await page.textContent(`tr[data-id="${tasks.deputy.id}"]`), /刘洋（D-004）/);
  assert.match(await page.textContent('#plan-summary'), /共 3 项/);

  // Edited: the form holds the task's words; the owner and date change.
  await page.click(`#task-edit-${tasks.deputy.id}`);
  assert.equal(await page.inputValue('#task-title'), '走访联系选民不少于 20 户');
  assert.equal(await page.isChecked('#task-owner-deputy'), true);
  assert.equal(await page.inputValue('#task-owner-pick'), 'D-004');
  await page.fill('#task-title', '走访联系选民不少于 30 户');
  await page.fill('#task-due', `${YEAR}-12-25`);
  await page.click('#task-save');
  await page.waitForSelector('#plan-done');
  const edited = (await plan()).find((task) => task.id === tasks.deputy.id);
  assert.equal(edited.title, '走访联系选民不少于 30 户');
  assert.equal(edited.due_on, `${YEAR}-12-25`);
  await check(page, 'console-plan-03-planned');
});

test('station staff see the whole plan and mark only their station\u2019s task done, with a note', async () => {
  const page = await signIn('plan.staff', `#/plan/${YEAR}`);
  await page.waitForSelector('main[data-view="plan"][data-state="ready"] #plan-table');
  assert.equal((await rows(page)).length, 3, 'the whole plan');
  assert.equal(await page.$('#task-new'), null, 'staff add no tasks');
  assert.equal(await page.$(`#task-edit-${tasks.station.id}`), null);
  assert.equal(await page.$(`#task-done-${tasks.deputy.id}`), null, 'a deputy\u2019s task is the deputy\u2019s');
  assert.equal(await page.$(`#task-done-${tasks.committee.id}`), null);
  assert.equal(await page.$(`#task-drop-${tasks.station.id}`), null, 'only the committee drops');

  await page.click(`#task-done-${tasks.station.id}`);
  await waitUntil(() => page.evaluate(() => document.activeElement?.id === 'step-note'), { message: 'focus on the note' });
  // Esc closes the step and puts focus back on its button.
  await page.keyboard.press('Escape');
  await waitUntil(() => page.evaluate((id) => document.activeElement?.id === id, `task-done-${tasks.station.id}`), { message: 'focus back on the button' });
  await page.keyboard.press('Enter');
  await page.waitForSelector('#step-note');
  await page.fill('#step-note', `已走访和谐里、幸福里、光明里三个小区，报告已报工委。${EVIL}`);
  await check(page, 'console-plan-04-staff-step');
  await page.click('#step-save');
  await page.waitForSelector('#plan-done');
  await page.waitForSelector(`tr[data-id="${tasks.station.id}"][data-standing="done_on_time"]`);
  assert.equal(await page.textContent(`tr[data-id="${tasks.station.id}"] .standing`), '按期完成');
  assert.equal(await page.textContent(`tr[data-id="${tasks.station.id}"] .task-note`), `已走访和谐里、幸福里、光明里三个小区，报告已报工委。${EVIL}`);
  assert.ok(await page.$(`#task-reopen-${tasks.station.id}`), 'put back if marked by mistake');
  const done = (await plan()).find((task) => task.id === tasks.station.id);
  assert.equal(done.status, 'done');
  assert.equal(done.standing, 'done_on_time');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await check(page, 'console-plan-05-staff-done');
  await page.context().close();
});

test('the deputy marks their task done in the workbench, with a note', async () => {
  const page = await s.phonePage({ viewport: { width: 360, height: 780 } });
  await page.goto(`${s.server.url}/deputy/#/tasks`);
  await page.waitForSelector('main[data-view="signin"]');
  await page.click('#switch-mode');
  await page.fill('#username', 'plan.deputy');
  await page.fill('#password', PASSWORD);
  await page.click('#password-submit');
  await page.waitForSelector('main[data-view="tasks"][data-state="ready"] #tasks-list');
  assert.equal(await page.getAttribute('#duty-nav-tasks', 'aria-current'), 'page');
  assert.equal(await page.getAttribute('#nav-duties', 'aria-current'), 'page');
  // Only their own task.
  assert.deepEqual(await page.$$eval('#tasks-list li', (items) => items.map((li) => li.dataset.id)), [tasks.deputy.id]);
  assert.match(await page.textContent(`li[data-id="${tasks.deputy.id}"]`), /走访联系选民不少于 30 户.*进行中|进行中.*走访联系选民不少于 30 户/s);
  await checkPage(page, 'deputy-tasks-01-list', { minTarget: 48 });

  await page.click(`#task-done-${tasks.deputy.id}`);
  await page.waitForSelector('#task-note');
  await page.fill('#task-note', '已走访 32 户，意见已转联络站。');
  await checkPage(page, 'deputy-tasks-02-step', { minTarget: 48 });
  await page.click('#task-save');
  await page.waitForSelector('#tasks-done');
  await page.waitForSelector(`li[data-id="${tasks.deputy.id}"][data-standing="done_on_time"]`);
  assert.match(await page.textContent(`li[data-id="${tasks.deputy.id}"]`), /按期完成/);
  assert.match(await page.textContent(`li[data-id="${tasks.deputy.id}"]`), /已走访 32 户/);
  const done = (await plan()).find((task) => task.id === tasks.deputy.id);
  assert.equal(done.status, 'done');
  assert.equal(done.note, '已走访 32 户，意见已转联络站。');
  await page.click('#lang');
  await page.waitForSelector(`li[data-id="${tasks.deputy.id}"] >> text=Done on time`);
  await checkPage(page, 'deputy-tasks-03-done-en', { minTarget: 48 });
  await page.click('#lang');
  await page.context().close();
});

test('the committee drops its own task with a reason, and sees the others done', async () => {
  const page = committee;
  await page.reload();
  await page.waitForSelector(`main[data-view="plan"][data-state="ready"] tr[data-id="${tasks.deputy.id}"][data-standing="done_on_time"]`);
  await page.click(`#task-drop-${tasks.committee.id}`);
  // No reason: asked for before sending.
  await page.click('#step-save');
  await page.waitForSelector('#step-invalid');
  assert.equal(await page.getAttribute('#step-note', 'aria-invalid'), 'true');
  assert.match(await page.textContent('#step-invalid'), /取消的原因/);
  await page.fill('#step-note', '并入明年的联络站建设规划一并制定。');
  await page.click('#step-save');
  await page.waitForSelector(`tr[data-id="${tasks.committee.id}"][data-standing="dropped"]`);
  assert.equal(await page.textContent(`tr[data-id="${tasks.committee.id}"] .standing`), '已取消');
  assert.equal(await page.textContent(`tr[data-id="${tasks.committee.id}"] .task-note`), '并入明年的联络站建设规划一并制定。');
  const dropped = (await plan()).find((task) => task.id === tasks.committee.id);
  assert.equal(dropped.status, 'dropped');
  assert.equal(dropped.note, '并入明年的联络站建设规划一并制定。');
  assert.equal(await page.$(`#task-drop-${tasks.committee.id}`), null, 'dropped once');
  assert.match(await page.textContent('#plan-summary'), /按期完成 2/);
  await check(page, 'console-plan-06-dropped');

  // In English; another year has its own (empty) plan.
  await page.click('#lang');
  await page.waitForSelector(`tr[data-id="${tasks.committee.id}"] .standing >> text=Dropped`);
  await check(page, 'console-plan-07-en');
  await page.click('#lang');
  await page.selectOption('#plan-year', String(YEAR + 1));
  await page.waitForSelector(`main[data-view="plan"][data-state="ready"] #plan-none`);
  assert.equal(new URL(page.url()).hash, `#/plan/${YEAR + 1}`);
  await page.context().close();
});
