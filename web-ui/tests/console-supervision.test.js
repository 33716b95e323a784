// The console's supervision (督办), prepared through the API: a deputy asks for an extension, answers one report
// and returns another; staff expedite one report at triage (take on within an hour). Staff see each list and
// grant the extension from the report's page. Then the server is started again on the same data a few days
// later (libfaketime moves its clock; the browser keeps the real one), supervision runs, and the expedited
// report is on the overdue board at the station head's level, for staff and for the committee.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { screenSuite, checkPage, waitUntil, PASSWORD } from './helpers.js';

const s = screenSuite();
const DESKTOP = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };
const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

let prepared;
const setup = () => (prepared ??= prepare());

async function file(extra) {
  const body = { category: 'environment', channel: 'web', station: 'XH-01', description: '（督办测试）小区垃圾清运不及时', ...extra };
  const response = await fetch(`${s.server.url}/api/v1/reports`, {
    method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
  });
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()).id;
}

async function prepare() {
  const admin = await s.server.adminToken();
  await s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'xh.staff', display_name: '李工作', role: 'staff', password: PASSWORD, stations: ['XH-01'] } });
  await s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'gongwei', display_name: '工委王', role: 'committee', password: PASSWORD } });
  await s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'zhang.min', display_name: '张敏', role: 'deputy', password: PASSWORD, deputy: 'D-003' } });
  const staff = (await s.api('/api/v1/auth/login', { method: 'POST', body: { username: 'xh.staff', password: PASSWORD } })).access_token;
  const deputy = (await s.api('/api/v1/auth/login', { method: 'POST', body: { username: 'zhang.min', password: PASSWORD } })).access_token;
  const act = (id, token, body) => s.api(`/api/v1/reports/${id}/actions`, { method: 'POST', token, body });

  const extension = await file({ deputy: 'D-003', description: '（督办测试）路面塌陷需要协调施工' });
  await act(extension, deputy, { action: 'accept' });
  await act(extension, deputy, { action: 'request_extension', working_days: 5, reason: '需协调施工单位' });
  const answered = await file({ deputy: 'D-003', description: '（督办测试）路灯不亮' });
  await act(answered, deputy, { action: 'accept' });
  await act(answered, deputy, { action: 'answer', text: '路灯已修好', outcome: 'resolved' });
  const returned = await file({ deputy: 'D-003', description: '（督办测试）物业纠纷' });
  await act(returned, deputy, { action: 'return', reason: '属物业纠纷，不在我联系范围' });
  const urgent = await file({ category: 'legal_petition', description: '（督办测试）紧急：老人被困需要法律援助' });
  await act(urgent, staff, { action: 'expedite', accept_hours: 1, answer_hours: 24, reason: '老人安全' });
  return { admin, extension, answered, returned, urgent };
}

async function signIn(page, username, hash) {
  await page.goto(`${s.server.url}/console/${hash}`);
  await page.waitForSelector('main[data-view="signin"] #username');
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('#password-submit');
}

let page;

test('staff see what needs them: extension requests, returned reports, reports waiting for a rating', async () => {
  const { extension, answered, returned } = await setup();
  page = await s.phonePage(DESKTOP);
  await signIn(page, 'xh.staff', '#/supervision/extensions');
  await page.waitForSelector(`#extensions-table tr[data-id="${extension}"]`);
  await checkPage(page, 'console-10-extensions');
  await page.click('#tab-returned');
  await page.waitForSelector(`#returned-table tr[data-id="${returned}"]`);
  assert.match(await page.textContent('#returned-table'), /属物业纠纷/);
  await page.click('#tab-awaiting_rating');
  await page.waitForSelector(`#rating-table tr[data-id="${answered}"]`);
  // Notices no channel reached (the station has no targets here): each can be sent again.
  await page.click('#tab-dead_letters');
  await page.waitForSelector('#dead-empty, #dead-table');
  if (await page.$('#dead-table')) {
    await page.click('#dead-table tbody tr button');
    await page.waitForSelector('#resend-result');
  }
  await checkPage(page, 'console-11-dead-letters');

  // Grant the extension from the report's page.
  await page.goto(`${s.server.url}/console/#/reports/${extension}`);
  await page.waitForSelector('#act-decide');
  await page.keyboard.press('d');
  await page.waitForSelector('#form-decide');
  await page.fill('#decide-reason', '同意，需协调施工');
  await page.click('#submit-decide');
  await page.waitForSelector('#action-done');
  const after = await s.api(`/api/v1/reports/${extension}`, { token: await s.server.adminToken() });
  assert.equal(after.progress.extension_pending_days, null);
});

test('days later, the expedited report is on the overdue board at the station head’s level', { skip: !existsSync(FAKETIME_LIB) && 'libfaketime is not installed' }, async () => {
  const { urgent } = await setup();
  // The same data, two days on (the server's clock only; supervision every second).
  await s.server.stop();
  s.server.extraEnv = {
    ...s.server.extraEnv, LD_PRELOAD: FAKETIME_LIB, FAKETIME: '+2d', FAKETIME_DONT_FAKE_MONOTONIC: '1', FAKETIME_NO_CACHE: '1',
    LIAISON_WORKFLOW__SUPERVISION_INTERVAL_SECS: '1',
  };
  s.server.admin = null;
  await s.server.start();
  const board = await waitUntil(async () => {
    const page1 = await s.api('/api/v1/overdue?station=XH-01&limit=100', { token: await s.server.adminToken() });
    const line = page1.items.find((r) => r.id === urgent);
    return line && line.escalation_level >= 1 ? page1 : null;
  }, { timeout: 30000, message: 'supervision escalating the expedited report' });
  const line = board.items.find((r) => r.id === urgent);
  assert.equal(line.escalation_level, 1, 'two days over is the station head’s, not yet the committee’s');

  await page.goto(`${s.server.url}/console/#/supervision/overdue`);
  await page.waitForSelector(`#overdue-table tr[data-id="${urgent}"]`);
  const levelOne = board.items.filter((r) => r.escalation_level === 1).length;
  assert.equal(await page.textContent('#level-1 .level-count'), String(levelOne));
  await page.click('#level-1');
  await page.waitForSelector(`#overdue-table tr[data-id="${urgent}"]`);
  assert.match(await page.textContent(`#overdue-table tr[data-id="${urgent}"]`), /已报站长/);
  await checkPage(page, 'console-12-overdue');

  const committee = await s.phonePage(DESKTOP);
  await signIn(committee, 'gongwei', '#/supervision');
  // The committee watches every station: the switcher picks XH-01.
  await committee.waitForSelector('main[data-view="supervision"][data-state="ready"]');
  await committee.selectOption('#station', 'XH-01');
  await committee.waitForSelector(`#overdue-table tr[data-id="${urgent}"]`);
  assert.equal(await committee.$('#act-assign'), null);
  await committee.click(`#overdue-table tr[data-id="${urgent}"] a`);
  await committee.waitForSelector('#report-heading');
  assert.equal(await committee.$('#act-assign'), null, 'the committee reads, it does not handle');
  await checkPage(committee, 'console-13-committee-report');
});
