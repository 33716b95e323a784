// The console's views against loads that finish late: each view's load is held (`page.route`) until the person
// has moved on to another view, then let through; the view left draws nothing over the one now shown (no
// content, no title, no focus). Directory tabs, accounts, the audit log, triage, a report, supervision, reception
// days, the annual plan and the year-end report, as an administrator (who may open them all) on station XH-01.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenSuite } from './helpers.js';
import { ADMIN } from '../../kiosk-ui/tests/server.js';

const s = screenSuite();
const DESKTOP = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };

async function asAdmin() {
  const page = await s.phonePage(DESKTOP);
  await page.goto(`${s.server.url}/console/#/directory/units`);
  await page.waitForSelector('main[data-view="signin"] #username');
  await page.fill('#username', ADMIN.username);
  await page.fill('#password', ADMIN.password);
  await page.click('#password-submit');
  await page.waitForSelector('main[data-view="directory"][data-state="ready"]');
  await page.selectOption('#station', 'XH-01');
  await page.waitForSelector('main[data-view="directory"][data-tab="units"][data-state="ready"] #units-table');
  return page;
}

async function open(page, hash, tab) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(`main[data-view="directory"][data-tab="${tab}"][data-state="ready"]`);
}

/** Lets the page finish what a response started (its JSON read, a redraw): two frames and a task. */
const settle = (page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)))));

test('a view whose load finishes after the person moved on draws nothing over the next view', async () => {
  const page = await asAdmin();
  const filed = await s.api('/api/v1/reports', { method: 'POST', body: { category: 'legal_petition', channel: 'web', station: 'XH-01', description: '（名录测试）迟到的加载' } });
  const views = [
    { hash: '#/directory/kiosks', hold: /\/api\/v1\/stations\/XH-01\/kiosks$/, left: '#kiosk-form' },
    { hash: '#/directory/deputies', hold: /\/api\/v1\/directory$/, left: '#deputies-table' },
    { hash: '#/directory/accounts', hold: /\/api\/v1\/accounts$/, left: '#accounts-table' },
    { hash: '#/audit', hold: /\/api\/v1\/audit\?/, left: '#audit-form' },
    { hash: '#/triage', hold: /\/api\/v1\/stations\/XH-01\/triage\?/, left: '#keys-toggle' },
    { hash: `#/reports/${filed.id}`, hold: new RegExp(`/api/v1/reports/${filed.id}$`), left: '#back' },
    { hash: '#/supervision', hold: /\/api\/v1\/overdue\?/, left: '#tab-heading' },
    { hash: '#/reception', hold: /\/api\/v1\/stations\/XH-01\/reception-days\?/, left: '#calendar, #month-prev' },
    { hash: '#/plan', hold: /\/api\/v1\/plan-tasks\?/, left: '#plan-table, #plan-none' },
    { hash: '#/year-end', hold: /\/api\/v1\/year-end\/\d{4}/, left: '#ye-reports' },
  ];
  for (const view of views) {
    let release;
    const gate = new Promise((resolve) => { release = resolve; });
    let heard;
    const held = new Promise((resolve) => { heard = resolve; });
    const hold = async (route) => {
      heard();
      await gate;
      await route.continue().catch(() => {});
    };
    const matches = (url) => view.hold.test(new URL(url).pathname + new URL(url).search);
    await page.route(matches, hold);
    await page.evaluate((h) => { location.hash = h; }, view.hash);
    await held;
    // Moved on while the load is still out: the next view is drawn.
    await open(page, '#/directory/units', 'units');
    await page.waitForSelector('#units-table');
    const focused = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
    const finished = page.waitForEvent('requestfinished', { predicate: (r) => matches(r.url()) });
    release();
    await finished;
    await settle(page);
    assert.equal(await page.getAttribute('main', 'data-view'), 'directory', view.hash);
    assert.equal(await page.getAttribute('main', 'data-tab'), 'units', view.hash);
    assert.ok(await page.$('#units-table'), `${view.hash}: the next view is still there`);
    assert.equal(await page.$(view.left), null, `${view.hash} drew nothing once left`);
    assert.match(await page.title(), /名录与设备/, view.hash);
    assert.equal(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName), focused, `${view.hash} took no focus`);
    await page.unroute(matches, hold);
  }
});
