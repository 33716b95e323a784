// The deputy's workbench (/deputy/), prepared as a deployment would be, through the API only: the
// administrator makes a deputy account with the deputy's phone number on file and a one-time binding code for
// D-003, points D-003's notices and the handling unit HP-CG's at this test's webhook listener. A resident
// files; the deputy's notice arrives with its link; the deputy opens it on a phone, signs in with a code sent
// to the phone (read from the server's SMS outbox), binds with the code, lands on the report, accepts,
// forwards it to HP-CG, records the unit's reply and answers, and the citizen's tracking view changes. Also:
// a connection lost mid-step (the answer lost, or offline) retried without a double step, a 409 race, and a
// report whose text and document name carry markup (nothing runs); the deputy's own portrait, set and removed on
// “me”. Every screen: axe, 48 px targets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenSuite, checkPage, waitUntil, png, PASSWORD } from './helpers.js';
import { watchServiceWorker } from '../../kiosk-ui/tests/devtools.js';

const s = screenSuite();
const PHONE = '13900000003';
const EVIL = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
const DESCRIPTION = '（工作台测试）小区东门路灯坏了两周，晚上很黑';
const ANSWER_DETAIL = '已更换东门两盏路灯';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n'
  + '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n'
  + '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n'
  + 'trailer << /Root 1 0 R >>\n%%EOF\n');
const check = (page, name) => checkPage(page, name, { minTarget: 48 });

let prepared;
const setup = () => (prepared ??= prepare());

async function prepare() {
  const { server, hooks } = s;
  const admin = await server.adminToken();
  const account = await s.api('/api/v1/accounts', {
    method: 'POST', token: admin, body: { username: 'zhao.deputy', display_name: '赵代表', role: 'deputy', password: PASSWORD },
  });
  await s.api(`/api/v1/accounts/${account.id}/phone`, { method: 'PUT', token: admin, body: { phone: PHONE } });
  const binding = await s.api('/api/v1/deputies/D-003/binding-codes', { method: 'POST', token: admin, body: {} });
  await s.api('/api/v1/deputies/D-003/notification-targets/webhook', { method: 'PUT', token: admin, body: { target: `${hooks.url}/D-003` } });
  await s.api('/api/v1/deputies/D-003/notification-channels', { method: 'PUT', token: admin, body: { channels: ['webhook'] } });
  await s.api('/api/v1/handling-units/HP-CG/notification-targets/webhook', { method: 'PUT', token: admin, body: { target: `${hooks.url}/HP-CG` } });
  return { admin, binding };
}

/** Files a report to D-003 from the web mailbox; its id and tracking code. */
async function file(description, extra = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ category: 'environment', description, channel: 'web', station: 'XH-01', deputy: 'D-003', ...extra })) form.append(name, value);
  form.append('photos', new Blob([await s.jpeg()], { type: 'image/jpeg' }), 'photo.jpg');
  const filed = await fetch(`${s.server.url}/api/v1/reports`, { method: 'POST', body: form, headers: { 'Idempotency-Key': crypto.randomUUID() } });
  assert.equal(filed.status, 201, await filed.clone().text());
  const { id, tracking_code: code } = await filed.json();
  return { id, code };
}

/** The newest sign-in code the server's SMS outbox holds for `phone`. */
function smsCode(phone) {
  const lines = readFileSync(join(s.server.dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  return lines.reverse().find((l) => l.phone === phone && l.code)?.code;
}

/** A deputy's API token (a session of its own, as on another device). */
async function deputyToken() {
  return (await s.api('/api/v1/auth/login', { method: 'POST', body: { username: 'zhao.deputy', password: PASSWORD } })).access_token;
}

const timelineActions = async (id, token) => (await s.api(`/api/v1/reports/${id}`, { token })).timeline.map((e) => e.action).filter(Boolean);
const openReport = async (page, id) => {
  await page.goto(`${s.server.url}/deputy/#/reports/${id}`);
  await page.waitForSelector(`main[data-view="report"][data-state="ready"]`);
};
const step = async (page, action) => {
  await page.click(`#act-${action}`);
  await page.waitForSelector(`#form-${action}`);
};

// The signed-in page of the first test, reused (a deputy's phone stays signed in).
let phone;

test('the workbench has every word in both languages', async () => {
  const { STRINGS } = await import('../deputy/strings.js');
  const zh = Object.keys(STRINGS.zh).sort();
  assert.deepEqual(Object.keys(STRINGS.en).sort(), zh);
  for (const key of zh) assert.ok(!/[\u4e00-\u9fff]/.test(STRINGS.en[key]), `en.${key} is English`);
});

test('from the notice to the answer: sign in by phone code, bind, accept, forward, the unit’s reply, answer', async () => {
  const { binding } = await setup();
  const { id, code } = await file(DESCRIPTION);
  const notice = await s.hooks.waitFor('/D-003', (n) => n.tracking_code === code);
  assert.equal(notice.url, `${s.server.url}/deputy/#/reports/${id}`);

  const page = await s.phonePage({ viewport: { width: 360, height: 780 } });
  phone = page;
  const response = await page.goto(notice.url);
  assert.ok(!response.headers()['content-security-policy'].includes('unsafe-'));
  await page.waitForSelector('main[data-view="signin"] #phone');
  assert.ok(await page.isVisible('#signin-wanted'), 'the page says the report opens after signing in');
  await check(page, 'deputy-01-signin');

  await page.fill('#phone', PHONE);
  await page.click('#send-code');
  await page.waitForSelector('#code');
  await page.fill('#code', await waitUntil(() => smsCode(PHONE), { message: 'the SMS code' }));
  await page.click('#signin-submit');
  // First use: the account is not bound yet.
  await page.waitForSelector('main[data-view="bind"] #binding-code');
  await check(page, 'deputy-02-bind');
  await page.fill('#binding-code', binding.binding_code.toLowerCase());
  await page.click('#bind-submit');
  // Straight on to the report the notice named.
  await page.waitForSelector('main[data-view="report"][data-state="ready"]');
  assert.equal(new URL(page.url()).hash, `#/reports/${id}`);
  assert.equal(await page.textContent('#description'), DESCRIPTION);
  assert.match(await page.textContent('#flash'), /D-003/);
  for (const key of await page.evaluate(() => Object.keys(localStorage))) assert.ok(!page.url().includes(key));
  assert.ok(!page.url().includes('token'), 'no token in the address');
  await page.waitForFunction(() => [...document.querySelectorAll('#photo-list img')].every((img) => img.complete && img.naturalWidth > 0));
  await check(page, 'deputy-03-report');

  // Tap to zoom.
  await page.click('#photo-list .photo-open');
  await page.waitForSelector('#zoom img');
  await check(page, 'deputy-04-photo-zoom');
  await page.click('#zoom-close');

  // Accept, confirmed first.
  await step(page, 'accept');
  await page.click('#act-confirm');
  await page.waitForSelector('#act-result');
  assert.equal(await page.getAttribute('#report-status', 'data-status'), 'accepted');

  // Forward: search the unit, pick it, a note.
  await step(page, 'forward');
  await page.waitForSelector('#unit-list');
  await page.fill('#unit-search', 'HP-CG');
  await page.check('#unit-HP-CG');
  await page.fill('#act-text', '请尽快更换路灯');
  await check(page, 'deputy-05-forward');
  await page.click('#act-confirm');
  await page.waitForSelector('main[data-status="forwarded"] #act-result');
  assert.match(await page.textContent('#act-result'), /HP-CG|城管|前/);
  const unitNotice = await s.hooks.waitFor('/HP-CG', (n) => n.tracking_code === code);

  // The unit's reply, recorded by the deputy; and a document the unit attaches through its link.
  await step(page, 'unit_reply');
  await page.fill('#act-text', '已安排维修，三天内更换。');
  await page.click('#act-confirm');
  await page.waitForSelector('main[data-status="unit_replied"] #act-result');
  const form = new FormData();
  form.append('documents', new Blob([PDF], { type: 'application/pdf' }), `${EVIL}.pdf`);
  const attached = await fetch(`${s.server.url}/api/v1/unit-links/${encodeURIComponent(unitNotice.url.split('#')[1])}/attachments`, { method: 'POST', body: form });
  assert.equal(attached.status, 200, await attached.clone().text());

  // Answer the citizen: outcome, template, the words previewed as the citizen sees them.
  await step(page, 'answer');
  await page.check('#outcome-resolved');
  await page.click('#use-template');
  const template = await page.inputValue('#act-text');
  assert.match(template, /处理完毕/);
  await page.fill('#act-text', template.replace('（请补充具体情况）', ANSWER_DETAIL));
  assert.match(await page.textContent('#preview-text'), new RegExp(ANSWER_DETAIL));
  assert.match(await page.textContent('#preview-outcome'), /已解决/);
  await check(page, 'deputy-06-answer');
  await page.click('#act-confirm');
  await page.waitForSelector('main[data-status="answered"] #act-result');
  await page.waitForSelector('#documents');
  await check(page, 'deputy-07-answered');

  const tracked = await s.api(`/api/v1/reports/track/${code}`);
  assert.equal(tracked.status, 'answered');
  assert.match(JSON.stringify(tracked), new RegExp(ANSWER_DETAIL));
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'the document name stays text');
});

test('the inbox: nearest deadline first, tabs with counts, live updates, and the record on “me”', async () => {
  const page = phone;
  await page.goto(`${s.server.url}/deputy/#/inbox`);
  await page.waitForSelector('main[data-view="inbox"][data-state="ready"]');
  const before = Number(await page.getAttribute('#tab-all', 'data-count'));
  // A new report arrives while the inbox is open: the live stream brings it in.
  const { id } = await file('（工作台测试）垃圾箱满了没人清');
  await page.waitForSelector(`#inbox-list a[data-id="${id}"]`, { timeout: 20000 });
  assert.equal(Number(await page.getAttribute('#tab-all', 'data-count')), before + 1);
  assert.ok(Number(await page.getAttribute('#tab-new', 'data-count')) >= 1);
  assert.match(await page.textContent(`#inbox-list a[data-id="${id}"] .badge`), /按时|即将到期|已超期/);
  // Nearest deadline first; those without one (answered, waiting for the citizen) last.
  const dues = (await page.$$eval('#inbox-list a.card', (cards) => cards.map((c) => c.dataset.due))).map((d) => (d ? Date.parse(d) : Infinity));
  assert.deepEqual(dues, [...dues].sort((a, b) => a - b));
  await check(page, 'deputy-08-inbox');
  // Pull to refresh: a finger dragged down from the top of the list asks for it again.
  await page.evaluate(() => window.scrollTo(0, 0));
  const cdp = await page.context().newCDPSession(page);
  const reloaded = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/me/inbox', { timeout: 10000 });
  const finger = (type, y) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: 180, y }] });
  await finger('touchStart', 200);
  await finger('touchMove', 260);
  await finger('touchMove', 330);
  await finger('touchEnd', 330);
  await reloaded;
  await cdp.detach();
  await page.click('#tab-new');
  await page.waitForSelector('#tab-new[aria-current="page"]');
  await check(page, 'deputy-09-inbox-new');

  await page.click('#nav-me');
  await page.waitForSelector('main[data-view="me"] #record');
  assert.match(await page.textContent('#rec-response'), /^\d+ \/ \d+/);
  // The notification channels in their order; one added, moved to the top, and the server has that order.
  await page.waitForSelector('#channel-order, #channel-order-empty');
  await check(page, 'deputy-10-me');
  await page.click('[data-add="sms"]');
  await page.waitForSelector('#channels-note');
  await page.waitForSelector('[data-channel="sms"]');
  await page.click('[data-channel="sms"] [data-move="up"]');
  await page.waitForFunction(() => document.querySelector('#channel-order li')?.dataset.channel === 'sms');
  const order = await page.$$eval('#channel-order li', (items) => items.map((li) => li.dataset.channel));
  assert.deepEqual(order, ['sms', 'webhook']);
  assert.match(await page.textContent('[data-channel="sms"]'), /还没有设置接收方式/);
  assert.doesNotMatch(await page.textContent('[data-channel="webhook"]'), /还没有设置接收方式/);
  // A test message goes to the webhook (the only channel with a target) and says so.
  await page.click('#channels-test');
  await page.waitForSelector('#channels-tested [data-tested="webhook"]');
  assert.match(await page.textContent('#channels-tested [data-tested="webhook"]'), /已送出/);
  await check(page, 'deputy-10b-me-channels');
  const stored = await s.api('/api/v1/deputies/D-003/notification-channels', { token: await s.server.adminToken() });
  assert.deepEqual(stored.channels, ['sms', 'webhook'], 'the order is the server\'s');
  // Back as it was for the tests after this one (webhook first).
  await page.click('[data-channel="webhook"] [data-move="up"]');
  await page.waitForFunction(() => document.querySelector('#channel-order li')?.dataset.channel === 'webhook');
});

test('on “me” the deputy sets their own portrait and removes it after a confirmation', async () => {
  const page = phone;
  const shown = async () => (await s.api('/api/v1/deputies/D-003')).deputy.photo_url;
  await page.goto(`${s.server.url}/deputy/#/me`);
  await page.waitForSelector('#portrait[data-photo="no"] [data-portrait="initials"]');
  await page.setInputFiles('#portrait-file', { name: 'me.png', mimeType: 'image/png', buffer: png(100, 100, [30, 140, 90]) });
  await page.waitForSelector('#portrait[data-photo="yes"] #portrait-done');
  await page.waitForFunction(() => document.querySelector('#portrait img[data-portrait="photo"]')?.naturalWidth > 0);
  assert.match(await shown() ?? '', /^\/api\/v1\/deputies\/D-003\/photo\?v=[0-9a-f]{16}$/);
  assert.equal(await page.textContent('#portrait-done'), '照片已更新。');
  await check(page, 'deputy-10c-me-portrait');
  await page.click('#portrait-remove');
  await page.waitForSelector('#portrait-remove-yes:focus');
  await check(page, 'deputy-10d-me-portrait-remove');
  await page.click('#portrait-remove-yes');
  await page.waitForSelector('#portrait[data-photo="no"] #portrait-done');
  assert.equal(await shown(), null);
});

test('a connection lost mid-step is retried with the same key: the step is taken once', async () => {
  const token = await deputyToken();
  const { id } = await file('（工作台测试）断网重试');
  const page = phone;
  await openReport(page, id);

  // The answer is lost on the way back: the server took the step, the phone never heard.
  let dropped = 0;
  await page.route('**/actions', async (route) => {
    if (dropped === 0) {
      dropped += 1;
      await route.fetch();
      await route.abort('internetdisconnected');
    } else {
      await route.continue();
    }
  });
  await step(page, 'accept');
  await page.click('#act-confirm');
  await page.waitForSelector('main[data-status="accepted"] #act-result');
  assert.match(await page.textContent('#act-result'), /没有重复办理/);
  await page.unroute('**/actions');
  assert.deepEqual((await timelineActions(id, token)).filter((a) => a === 'accept'), ['accept']);

  // Offline altogether: the page says so and keeps the step; back online, "try again" sends it once.
  await step(page, 'request_extension');
  await page.fill('#act-days', '5');
  await page.fill('#act-text', '等待施工排期');
  await page.context().setOffline(true);
  await page.click('#act-confirm');
  await page.waitForSelector('#act-error', { timeout: 20000 });
  assert.match(await page.textContent('#act-error'), /网络断开/);
  await check(page, 'deputy-11-offline');
  await page.context().setOffline(false);
  await page.click('#act-confirm');
  await page.waitForSelector('#act-result');
  assert.deepEqual((await timelineActions(id, token)).filter((a) => a === 'request_extension'), ['request_extension']);
});

test('someone else acts first: the 409 is explained and the report shown as it is', async () => {
  const token = await deputyToken();
  const { id } = await file('（工作台测试）并发处理');
  await s.api(`/api/v1/reports/${id}/actions`, { method: 'POST', token, body: { action: 'accept' } });
  const page = phone;
  await openReport(page, id);
  await step(page, 'answer');
  await page.check('#outcome-explained');
  await page.fill('#act-text', '已向群众解释。');
  // Meanwhile, on another device, the report is forwarded.
  await s.api(`/api/v1/reports/${id}/actions`, { method: 'POST', token, body: { action: 'forward', unit: 'HP-CG' } });
  await page.click('#act-confirm');
  await page.waitForSelector('#act-result');
  assert.match(await page.textContent('#act-result'), /别人处理过.*已转办/);
  assert.equal(await page.getAttribute('#report-status', 'data-status'), 'forwarded');
  await check(page, 'deputy-12-conflict');
  assert.ok(!(await timelineActions(id, token)).includes('answer'));
});

test('a citizen’s markup is shown as text and never runs', async () => {
  const { id } = await file(`（工作台测试）${EVIL}`, { address: EVIL, 'contact.name': '<img src=x onerror=alert(1)>', 'contact.phone': '13812340000', 'consent.phone_call': 'true', 'consent.personal_info': 'true' });
  const page = phone;
  await openReport(page, id);
  assert.equal(await page.textContent('#description'), `（工作台测试）${EVIL}`);
  assert.equal(await page.textContent('#address'), EVIL);
  assert.equal(await page.locator('main script, main img[onerror], #description *, #address *').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  // The phone is masked; "call" discloses it through the audited endpoint.
  assert.match(await page.textContent('#masked-phone'), /^138\*{4}0000$/);
  await page.click('#call-reveal');
  await page.click('#unmask-confirm');
  await page.waitForSelector('#call-link');
  assert.equal(await page.getAttribute('#call-link', 'href'), 'tel:13812340000');
  await check(page, 'deputy-14-call');
});

test('the place: grid, building and address, and the grid drawn from its boundary with the reported point', async () => {
  const { id } = await file('（工作台测试）电梯坏了', {
    area: 'HP-XH-HX-G2', building: 'HP-XH-HX-G2-B2', address: '和谐里4号楼 2单元 5层',
    'location.lat': '39.1180', 'location.lng': '117.1920',
  });
  const page = phone;
  await openReport(page, id);
  await page.waitForSelector('svg.place-map path');
  assert.equal(await page.textContent('#place-building'), '和谐里4号楼');
  assert.equal(await page.textContent('#address'), '和谐里4号楼 2单元 5层');
  assert.equal(await page.locator('svg.place-map circle[data-point="report"]').count(), 1, 'the point is marked');
  assert.match(await page.getAttribute('svg.place-map', 'aria-label'), /红点是反映的位置/);
  // The inbox card names the place in the citizen's words.
  await page.goto(`${s.server.url}/deputy/#/inbox`);
  await page.waitForSelector('main[data-view="inbox"][data-state="ready"]');
  await page.waitForSelector(`#inbox-list a[data-id="${id}"] .card-place`);
  assert.equal(await page.textContent(`#inbox-list a[data-id="${id}"] .card-place`), '和谐里4号楼 2单元 5层');
  await check(page, 'deputy-14-place');
});

test('a Web Push notice is shown by the workbench’s service worker, with the report’s link', async () => {
  await setup();
  const page = await s.phonePage();
  await page.context().grantPermissions(['notifications'], { origin: s.server.url });
  const { cdp, registrationId: registration } = await watchServiceWorker(page, `${s.server.url}/deputy/`);
  await page.goto(`${s.server.url}/deputy/`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const registrationId = await registration;
  const url = `${s.server.url}/deputy/#/reports/0192f3c4-0000-7000-8000-000000000000`;
  const data = JSON.stringify({ id: 'n-1', title: '新交办：环境卫生', body: '小区东门路灯坏了', url });
  // The worker must be active to take a push; a push that arrived while it was starting is delivered again (the
  // notice's tag makes a second one replace the first).
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated');
  const notifications = () => page.evaluate(async () => {
    const list = await (await navigator.serviceWorker.ready).getNotifications();
    return list.length ? list.map((n) => ({ title: n.title, body: n.body, url: n.data?.url, tag: n.tag })) : null;
  });
  let shown = null;
  for (let attempt = 0; attempt < 3 && !shown; attempt++) {
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: s.server.url, registrationId, data });
    shown = await waitUntil(notifications, { timeout: 4000, message: 'the notification' }).catch(() => null);
  }
  assert.deepEqual(shown, [{ title: '新交办：环境卫生', body: '小区东门路灯坏了', url, tag: 'n-1' }]);
  await page.context().close();
});

test('signing out forgets the session here and on the server; the password fallback signs in again', async () => {
  const page = phone;
  await page.goto(`${s.server.url}/deputy/#/me`);
  await page.waitForSelector('#sign-out');
  const { refresh_token: refresh } = await page.evaluate(() => JSON.parse(localStorage.getItem('liaison.deputy.session')));
  await page.click('#sign-out');
  await page.waitForSelector('main[data-view="signin"]');
  assert.equal(await page.evaluate(() => localStorage.getItem('liaison.deputy.session')), null);
  await assert.rejects(s.api('/api/v1/auth/refresh', { method: 'POST', body: { refresh_token: refresh } }), /401/);
  // Password fallback.
  await page.click('#switch-mode');
  await page.fill('#username', 'zhao.deputy');
  await page.fill('#password', 'wrong-password-123');
  await page.click('#password-submit');
  await page.waitForSelector('#signin-error');
  await check(page, 'deputy-13-signin-refused');
  await page.fill('#password', PASSWORD);
  await page.click('#password-submit');
  await page.waitForSelector('main[data-view="inbox"]');
  await page.context().close();
});
