// The console's directory and devices (名录与设备) and audit log, prepared through the API only: an administrator
// edits a deputy (markup typed into the name stays text) and where the deputy is reached (a webhook on this
// machine takes the test message), marks another as having left after a confirmation, makes a handling unit and
// a category, creates a staff account and puts a phone on it, imports a buildings CSV with one bad line (the
// line's problem is listed, nothing written), fixes it and imports, enrolls a kiosk that then calls in (it shows
// when it was last online) and revokes it, sets a deputy's portrait (a file that is not a picture is refused in
// words) and removes it, and filters the audit log. The staff account made here sees only its station's deputies
// and kiosks. Every state: the page policy, axe, 44 px targets, no sideways scrolling.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenSuite, checkPage, png, PASSWORD } from './helpers.js';
import { ADMIN } from '../../kiosk-ui/tests/server.js';

const s = screenSuite();
const DESKTOP = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };
const EVIL = '<img src=x onerror="window.__pwned = 1">';
const check = (page, name) => checkPage(page, name);
const admin = async () => s.server.adminToken();
const directory = async () => s.api('/api/v1/directory', { token: await admin() });

let adminPage;

async function signIn(page, username, password, hash) {
  await page.goto(`${s.server.url}/console/${hash}`);
  await page.waitForSelector('main[data-view="signin"] #username');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#password-submit');
}

/** The administrator's page, signed in once, working on station XH-01. */
async function asAdmin() {
  if (adminPage) return adminPage;
  const page = await s.phonePage(DESKTOP);
  await signIn(page, ADMIN.username, ADMIN.password, '#/directory/deputies');
  await page.waitForSelector('main[data-view="directory"][data-state="ready"]');
  await page.selectOption('#station', 'XH-01');
  await page.waitForSelector('main[data-view="directory"][data-tab="deputies"][data-state="ready"] tr[data-deputy="D-001"]');
  adminPage = page;
  return page;
}

async function open(page, hash, tab) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(`main[data-view="directory"][data-tab="${tab}"][data-state="ready"]`);
}

const text = async (page, selector) => (await page.textContent(selector)).trim();

test('an administrator edits a deputy and their channels; markup typed into the name is shown as text', async () => {
  const page = await asAdmin();
  await check(page, 'directory-01-deputies');
  const before = (await directory()).deputies.find((d) => d.code === 'D-003');

  await page.click('#edit-D-003');
  await page.waitForSelector('main[data-tab="deputies"][data-state="ready"] #deputy-form');
  await check(page, 'directory-02-deputy');
  await page.fill('#deputy-name-zh', '');
  await page.click('#deputy-save');
  await page.waitForSelector('#deputy-name-zh-invalid');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'deputy-name-zh');
  await page.fill('#deputy-name-zh', `张敏${EVIL}`);
  await page.selectOption('#deputy-level', 'city');
  await page.fill('#deputy-constituency', '光明选区');
  await page.check('#deputy-status-on_leave');
  await page.check('#deputy-areas-HP-XH-GM-G2');
  await page.check('#deputy-buildings-HP-XH-GM-G1-B1');
  await page.check('#deputy-specialties-elderly_care');
  await page.fill('#deputy-profile-zh', '退休教师，熟悉养老服务。');
  await page.click('#deputy-save');
  await page.waitForSelector('#directory-done');
  const after = (await directory()).deputies.find((d) => d.code === 'D-003');
  assert.equal(after.name.zh, `张敏${EVIL}`);
  assert.equal(after.level, 'city');
  assert.equal(after.constituency, '光明选区');
  assert.equal(after.status, 'on_leave');
  assert.deepEqual([...after.areas].sort(), [...new Set([...before.areas, 'HP-XH-GM-G2'])].sort());
  assert.ok(after.buildings.includes('HP-XH-GM-G1-B1'));
  assert.ok(after.specialties.includes('elderly_care'));
  assert.equal(after.profile.zh, '退休教师，熟悉养老服务。');
  assert.deepEqual(after.stations, before.stations);
  assert.deepEqual(after.channels ?? [], before.channels ?? [], 'what the form does not show is sent as it was');
  assert.equal(await text(page, '#deputy-heading .user-text'), `张敏${EVIL}`);

  // Channels: add the webhook, point it at this machine, move it first, send a test.
  const path = `/api/v1/deputies/D-003/notification-channels`;
  const order = (await s.api(path, { token: await admin() })).channels;
  if (!order.includes('webhook')) {
    await page.click('#channel-add-webhook');
    await page.waitForSelector('#channel-order li[data-channel="webhook"]');
  }
  await page.selectOption('#target-channel', 'webhook');
  await page.fill('#target-value', `${s.hooks.url}/deputy-D-003`);
  await page.click('#target-save');
  await page.waitForSelector('#directory-done');
  if ((await s.api(path, { token: await admin() })).channels[0] !== 'webhook') {
    while (!(await page.isDisabled('#channel-up-webhook'))) {
      await page.click('#channel-up-webhook');
      await page.waitForSelector('#directory-done');
    }
  }
  assert.equal((await s.api(path, { token: await admin() })).channels[0], 'webhook');
  assert.ok((await s.api(path, { token: await admin() })).with_target.includes('webhook'));
  await page.click('#channels-test');
  await page.waitForSelector('#channels-tested li[data-tested="webhook"].ok');
  await s.hooks.waitFor('/deputy-D-003');
  await check(page, 'directory-03-channels');

  // In the list the name is text, and nothing it carries ran.
  await page.click('#back');
  await page.waitForSelector('main[data-tab="deputies"][data-state="ready"] tr[data-deputy="D-003"]');
  assert.match(await text(page, 'tr[data-deputy="D-003"] th'), /^张敏<img src=x onerror="window.__pwned = 1">（D-003）$/);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.$('main img[src="x"]'), null);
});

test('a deputy is marked as having left after a confirmation', async () => {
  const page = await asAdmin();
  await open(page, '#/directory/deputies', 'deputies');
  await page.click('#retire-D-008');
  await page.waitForSelector('#retire-confirm');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'retire-title');
  await check(page, 'directory-04-retire-confirm');
  await page.click('#retire-no');
  await page.waitForSelector('#retire-confirm', { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'retire-D-008');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#retire-confirm');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#retire-confirm', { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'retire-D-008', 'Esc closes it too');
  assert.equal((await directory()).deputies.find((d) => d.code === 'D-008').status, 'active');
  await page.click('#retire-D-008');
  await page.click('#retire-yes');
  await page.waitForSelector('#directory-done');
  await page.waitForSelector('tr[data-deputy="D-008"][data-status="left"]');
  assert.equal((await directory()).deputies.find((d) => d.code === 'D-008').status, 'left');
  assert.equal(await page.$('#retire-D-008'), null, 'no steps for a deputy who left');
});

test('an administrator makes and renames a handling unit, and makes and edits a category', async () => {
  const page = await asAdmin();
  await open(page, '#/directory/units', 'units');
  await check(page, 'directory-05-units');
  await page.click('#unit-save');
  await page.waitForSelector('#unit-code-invalid');
  await page.fill('#unit-code', 'HP-TEST');
  await page.fill('#unit-zh', '和平区测试办公室');
  await page.fill('#unit-en', 'Heping Test Office');
  await page.click('#unit-save');
  await page.waitForSelector('#directory-done');
  await page.waitForSelector('#units-table tr[data-unit="HP-TEST"]');
  await page.click('#unit-edit-HP-TEST');
  await page.waitForSelector('#unit-target-form');
  await page.fill('#unit-zh', '和平区测试服务中心');
  await page.click('#unit-save');
  await page.waitForSelector('#directory-done');
  const units = (await s.api('/api/v1/handling-units', { token: await admin() })).items;
  assert.deepEqual(units.find((u) => u.code === 'HP-TEST').name, { zh: '和平区测试服务中心', en: 'Heping Test Office' });
  await page.click('#unit-edit-HP-TEST');
  await page.selectOption('#unit-channel', 'webhook');
  await page.fill('#unit-target', `${s.hooks.url}/unit-HP-TEST`);
  await check(page, 'directory-06-unit-edit');
  await page.click('#unit-target-save');
  await page.waitForSelector('#directory-done');

  await open(page, '#/directory/categories', 'categories');
  await check(page, 'directory-07-categories');
  const other = (await directory()).categories.find((c) => c.code === 'other');
  await page.click('#category-new');
  await page.waitForSelector('main[data-tab="categories"][data-state="ready"] #category-form');
  await page.fill('#category-code', 'pets');
  await page.fill('#category-name-zh', '宠物管理');
  await page.fill('#category-name-en', 'Pets');
  await page.fill('#category-description-zh', '流浪猫狗、文明养犬');
  await page.fill('#category-accept', '0');
  await page.click('#category-save');
  await page.waitForSelector('#category-accept-invalid');
  await page.fill('#category-accept', '2');
  await page.fill('#category-answer', '10');
  await page.fill('#category-reply', '8');
  await page.check('#category-emergency-110');
  await check(page, 'directory-08-category-new');
  await page.click('#category-save');
  await page.waitForSelector('main[data-tab="categories"][data-state="ready"] #flash');
  await page.waitForSelector('#categories-table tr[data-category="pets"]');
  const pets = (await directory()).categories.find((c) => c.code === 'pets');
  assert.deepEqual([pets.name, pets.accept_deadline_working_days, pets.answer_deadline_working_days, pets.reply_deadline_working_days, pets.emergency],
    [{ zh: '宠物管理', en: 'Pets' }, 2, 10, 8, ['110']]);
  assert.ok((await s.api('/api/v1/categories')).items.some((c) => c.code === 'pets'), 'kiosks offer it');

  await page.click('#category-edit-other');
  await page.waitForSelector('main[data-tab="categories"][data-state="ready"] #category-form');
  await page.fill('#category-description-zh', '其他问题，工作人员会帮您分类。');
  await page.click('#category-save');
  await page.waitForSelector('main[data-tab="categories"][data-state="ready"] #flash');
  const edited = (await directory()).categories.find((c) => c.code === 'other');
  assert.equal(edited.description.zh, '其他问题，工作人员会帮您分类。');
  assert.deepEqual(edited.phrases, other.phrases, 'what the form does not show is sent as it was');
});

test('an administrator creates a staff account and puts a phone number on it', async () => {
  const page = await asAdmin();
  await open(page, '#/directory/accounts', 'accounts');
  await check(page, 'directory-09-accounts');
  await page.click('#account-create');
  await page.waitForSelector('#account-username-invalid');
  await page.fill('#account-username', 'dir.staff');
  await page.fill('#account-display-name', `目录测试员${EVIL}`);
  await page.fill('#account-password', PASSWORD);
  assert.ok(await page.isChecked('#account-stations-XH-01'), 'the station in use is chosen');
  await page.click('#account-create');
  await page.waitForSelector('#directory-done');
  await page.waitForSelector('#accounts-table tr[data-username="dir.staff"]');
  assert.equal(await text(page, 'tr[data-username="dir.staff"] th'), `目录测试员${EVIL}`);
  const account = (await s.api('/api/v1/accounts', { token: await admin() })).items.find((a) => a.username === 'dir.staff');
  assert.deepEqual([account.role, account.stations], ['staff', ['XH-01']]);

  await page.click(`#phone-${account.id}`);
  await page.waitForSelector('#phone-form');
  await page.fill('#phone-value', '1380000');
  await page.click('#phone-save');
  await page.waitForSelector('#phone-value-invalid');
  await page.fill('#phone-value', '138 0013 8000');
  await check(page, 'directory-10-phone');
  await page.click('#phone-save');
  await page.waitForSelector('#directory-done');
  assert.equal(await text(page, `tr[data-account="${account.id}"] td:nth-of-type(4)`), '138****8000');

  // Stopped after a confirmation: signed out at once; then started again.
  const signedIn = await s.api('/api/v1/auth/login', { method: 'POST', body: { username: 'dir.staff', password: PASSWORD } });
  await page.click(`#active-${account.id}`);
  await page.waitForSelector('#stop-confirm');
  await check(page, 'directory-10b-stop');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#stop-confirm', { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.id), `active-${account.id}`, 'focus back on the button');
  await page.click(`#active-${account.id}`);
  await page.click('#stop-yes');
  await page.waitForSelector('#directory-done');
  await page.waitForSelector(`tr[data-account="${account.id}"] .tag`);
  const refused = await fetch(`${s.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${signedIn.access_token}` } });
  assert.equal(refused.status, 401, 'the stopped account’s session has ended');
  await page.click(`#active-${account.id}`);
  await page.waitForSelector('#directory-done');
  await page.waitForSelector(`tr[data-account="${account.id}"] .tag`, { state: 'detached' });
  assert.ok((await s.api('/api/v1/auth/login', { method: 'POST', body: { username: 'dir.staff', password: PASSWORD } })).access_token);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
});

const BUILDINGS = (grid) => 'code,name,address,grid\nHP-XH-HX-G1-B9,和谐里9号楼,和平区和谐路30号,HP-XH-HX-G1\n'
  + `HP-XH-HX-G1-B10,和谐里10号楼,和平区和谐路32号,${grid}\n`;

test('an administrator imports a buildings file: the bad line’s problem is shown, nothing written, then it is fixed', async () => {
  const page = await asAdmin();
  await open(page, '#/directory/import', 'import');
  await check(page, 'directory-11-import');
  await page.click('#import-check');
  await page.waitForSelector('#import-none');
  await page.setInputFiles('#import-buildings', { name: 'buildings.csv', mimeType: 'text/csv', buffer: Buffer.from(BUILDINGS('NO-SUCH-GRID')) });
  await page.click('#import-check');
  await page.waitForSelector('#import-problems-table tr[data-file="buildings"][data-line="3"]');
  assert.match(await text(page, '#import-problems-table tr[data-line="3"]'), /NO-SUCH-GRID/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'import-outcome');
  await check(page, 'directory-12-import-problem');
  await page.click('#import-run');
  await page.waitForSelector('#import-problems-table tr[data-line="3"]');
  assert.ok(!(await directory()).buildings.some((b) => b.code.startsWith('HP-XH-HX-G1-B9')), 'nothing is written');

  await page.setInputFiles('#import-buildings', { name: 'buildings.csv', mimeType: 'text/csv', buffer: Buffer.from(BUILDINGS('HP-XH-HX-G1')) });
  await page.click('#import-check');
  await page.waitForSelector('#import-outcome[data-dry-run="true"]');
  assert.equal(await text(page, '#import-counts tr[data-count="buildings"] td'), '2');
  assert.ok(!(await directory()).buildings.some((b) => b.code === 'HP-XH-HX-G1-B9'), 'a check writes nothing');
  await page.click('#import-run');
  await page.waitForSelector('#import-outcome[data-dry-run="false"]');
  assert.match(await text(page, '#import-written'), /新增 2 条/);
  await check(page, 'directory-13-imported');
  const codes = (await directory()).buildings.map((b) => b.code);
  assert.ok(codes.includes('HP-XH-HX-G1-B9') && codes.includes('HP-XH-HX-G1-B10'));
});

test('a kiosk is enrolled, shows when it last called in, and is revoked', async () => {
  const page = await asAdmin();
  await open(page, '#/directory/kiosks', 'kiosks');
  await page.click('#kiosk-enroll');
  await page.waitForSelector('#kiosk-label-invalid');
  await page.fill('#kiosk-label', EVIL);
  await page.click('#kiosk-enroll');
  await page.waitForSelector('#made-code');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'made-code');
  const code = await text(page, '#made-code');
  const row = page.locator('#kiosks-table tbody tr', { hasText: EVIL });
  assert.equal(await row.getAttribute('data-status'), 'pending');
  assert.equal((await row.locator('.last-seen').textContent()).trim(), '还没有联网');
  await check(page, 'directory-14-kiosk-made');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#kiosk-form'), false, 'only the code is printed');
  assert.ok(await page.isVisible('#made-code'));
  await page.emulateMedia({ media: 'screen' });

  // The kiosk enrolls as a kiosk does and calls in.
  const kiosk = await s.api('/api/v1/kiosks/enroll', { method: 'POST', body: { enrollment_code: code } });
  await s.api('/api/v1/kiosks/me/reserved-codes', { method: 'POST', token: kiosk.tokens.access_token });
  await open(page, '#/directory/deputies', 'deputies');
  await open(page, '#/directory/kiosks', 'kiosks');
  const mine = `#kiosks-table tr[data-kiosk="${kiosk.kiosk.id}"]`;
  await page.waitForSelector(`${mine}[data-status="active"]`);
  assert.notEqual((await text(page, `${mine} .last-seen`)), '还没有联网', 'last seen once it called in');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await check(page, 'directory-15-kiosks');

  await page.click(`#revoke-${kiosk.kiosk.id}`);
  await page.waitForSelector('#made-revoked');
  await page.waitForSelector(`${mine}[data-status="revoked"]`);
  const refused = await fetch(`${s.server.url}/api/v1/kiosks/me/reserved-codes`, { method: 'POST', headers: { Authorization: `Bearer ${kiosk.tokens.access_token}` } });
  assert.equal(refused.status, 401, 'a revoked kiosk is refused');
});

test('a new deputy is added, an account made for them is unbound, and their channels reordered', async () => {
  const page = await asAdmin();
  await open(page, '#/directory/deputies', 'deputies');
  await page.click('#deputy-new');
  await page.waitForSelector('main[data-tab="deputies"][data-state="ready"] #deputy-form');
  await page.fill('#deputy-code', 'D 100');
  await page.fill('#deputy-name-zh', '新代表');
  await page.click('#deputy-save');
  await page.waitForSelector('#deputy-code-invalid');
  await page.fill('#deputy-code', 'D-100');
  await page.check('#deputy-areas-HP-XH-YL-G1');
  await check(page, 'directory-19-deputy-new');
  await page.click('#deputy-save');
  await page.waitForSelector('main[data-tab="deputies"][data-state="ready"] #flash');
  assert.match(await text(page, '#deputy-heading'), /新代表（D-100）/);
  const made = (await directory()).deputies.find((d) => d.code === 'D-100');
  assert.deepEqual([made.stations, made.areas, made.status], [['XH-01'], ['HP-XH-YL-G1'], 'active']);

  // A deputy's account made for D-100 at once.
  await open(page, '#/directory/accounts', 'accounts');
  await page.selectOption('#account-role', 'deputy');
  await page.waitForSelector('#account-deputy');
  assert.equal(await page.$('#account-stations'), null, 'deputies are not given stations here');
  await page.fill('#account-username', 'new.deputy');
  await page.fill('#account-display-name', '新代表');
  await page.fill('#account-password', PASSWORD);
  await page.selectOption('#account-deputy', 'D-100');
  await page.click('#account-create');
  await page.waitForSelector('#directory-done');
  const account = async () => s.api('/api/v1/accounts', { token: await admin() }).then((list) => list.items.find((a) => a.username === 'new.deputy'));
  assert.equal((await account()).deputy, 'D-100');

  await open(page, '#/directory/deputies/D-100', 'deputies');
  assert.equal(await text(page, '#deputy-bound'), '已绑定账号');
  await page.click('#unbind');
  await page.waitForSelector('#unbind-confirm');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'unbind-yes');
  await check(page, 'directory-20-unbind');
  await page.click('#unbind-yes');
  await page.waitForSelector('#directory-done');
  assert.equal(await text(page, '#deputy-bound'), '未绑定');
  assert.equal((await account()).deputy ?? null, null);
  // A new binding code, printed on its own.
  await page.click('#binding-D-100');
  await page.waitForSelector('#made-code');
  await page.waitForFunction(() => document.getElementById('binding-qr')?.naturalWidth > 0);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#deputy-form'), false, 'only the code is printed');
  assert.equal(await page.isVisible('#deputy-channels'), false);
  assert.ok(await page.isVisible('#made-code') && await page.isVisible('#binding-qr'));
  await page.screenshot({ path: `${process.env.ARTIFACTS || 'artifacts'}/directory-21-binding-print.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  // Channels: two added, the first moved down, the other taken out.
  const channels = async () => (await s.api('/api/v1/deputies/D-100/notification-channels', { token: await admin() })).channels;
  for (const c of await channels()) {
    await page.click(`#channel-remove-${c}`);
    await page.waitForSelector(`#channel-order li[data-channel="${c}"]`, { state: 'detached' });
  }
  await page.click('#channel-add-sms');
  await page.waitForSelector('#channel-order li[data-channel="sms"]');
  await page.click('#channel-add-webhook');
  await page.waitForSelector('#channel-order li[data-channel="webhook"]');
  await page.click('#channel-down-sms');
  await page.waitForFunction(() => document.querySelector('#channel-order li')?.dataset.channel === 'webhook');
  assert.deepEqual(await channels(), ['webhook', 'sms']);
  await page.click('#channel-remove-webhook');
  await page.waitForSelector('#channel-order li[data-channel="webhook"]', { state: 'detached' });
  assert.deepEqual(await channels(), ['sms']);
});

test('a deputy’s portrait is uploaded (a file that is not a picture is refused in words), listed publicly and removed', async () => {
  const page = await asAdmin();
  const listed = async () => (await s.api('/api/v1/stations/XH-01/deputies')).items.find((d) => d.code === 'D-001').photo_url;
  await open(page, '#/directory/deputies/D-001', 'deputies');
  assert.equal(await text(page, '#portrait[data-photo="no"] [data-portrait="initials"]'), '王');
  await check(page, 'directory-22-portrait-none');
  await page.setInputFiles('#portrait-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
  await page.waitForSelector('#portrait-problem:focus');
  assert.match(await text(page, '#portrait-problem'), /不是 JPEG、PNG 或 WebP 图片[\s\S]*unsupported_media_type/);
  await check(page, 'directory-23-portrait-refused');
  await page.setInputFiles('#portrait-file', { name: 'portrait.png', mimeType: 'image/png', buffer: png(120, 160) });
  await page.waitForSelector('#portrait[data-photo="yes"] #portrait-done');
  await page.waitForFunction(() => document.querySelector('#portrait img[data-portrait="photo"]')?.naturalWidth > 0);
  const url = await listed();
  assert.match(url ?? '', /^\/api\/v1\/deputies\/D-001\/photo\?v=[0-9a-f]{16}$/);
  assert.equal(await page.getAttribute('#portrait img', 'src'), `${s.server.url}${url}`);
  await check(page, 'directory-24-portrait');
  // Removed by keyboard after a confirmation (Esc first closes it).
  await page.focus('#portrait-remove');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#portrait-remove-yes:focus');
  await check(page, 'directory-25-portrait-remove');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#portrait-remove:focus');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#portrait-remove-yes:focus');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#portrait[data-photo="no"] #portrait-done');
  assert.equal(await listed(), null);
});

test('staff see their station’s deputies and kiosks only, and edit only their own deputies', async () => {
  if (!(await s.api('/api/v1/accounts', { token: await admin() })).items.some((a) => a.username === 'dir.staff')) {
    await s.api('/api/v1/accounts', { method: 'POST', token: await admin(), body: { username: 'dir.staff', display_name: '目录测试员', role: 'staff', password: PASSWORD, stations: ['XH-01'] } });
  }
  const page = await s.phonePage(DESKTOP);
  await signIn(page, 'dir.staff', PASSWORD, '#/directory/deputies');
  await page.waitForSelector('main[data-tab="deputies"][data-state="ready"] #deputies-table');
  assert.deepEqual(await page.$$eval('.tabs a', (links) => links.map((a) => a.id)), ['tab-deputies', 'tab-kiosks']);
  assert.equal(await page.$('#nav-audit'), null);
  const listed = await page.$$eval('#deputies-table tbody tr', (rows) => rows.map((r) => r.dataset.deputy));
  assert.ok(listed.includes('D-001') && !listed.includes('D-009'), 'only XH-01’s deputies');
  await check(page, 'directory-16-staff-deputies');

  await page.evaluate(() => { location.hash = '#/directory/accounts'; });
  await page.waitForSelector('main[data-view="directory"][data-state="ready"] #directory-forbidden');
  await page.evaluate(() => { location.hash = '#/audit'; });
  await page.waitForSelector('main[data-view="forbidden"]');

  await open(page, '#/directory/deputies/D-009', 'deputies');
  await page.waitForSelector('#deputy-readonly');
  assert.equal(await page.$('#deputy-form'), null);

  await open(page, '#/directory/deputies/D-001', 'deputies');
  await page.waitForSelector('#deputy-form');
  assert.equal(await page.$('#deputy-stations input'), null, 'staff do not move deputies between stations');
  await page.fill('#deputy-constituency', '和谐选区');
  await page.click('#deputy-save');
  await page.waitForSelector('#directory-done');
  assert.equal((await directory()).deputies.find((d) => d.code === 'D-001').constituency, '和谐选区');
  await check(page, 'directory-17-staff-deputy');
  // In English, the same page.
  await page.click('#lang');
  await page.waitForFunction(() => document.getElementById('deputy-save')?.textContent === 'Save');
  assert.equal(await text(page, '#tab-deputies'), 'Deputies');
  await check(page, 'directory-17-staff-deputy-en');
  await page.context().close();
});

test('the audit log is filtered by record, action and who did it', async () => {
  const page = await asAdmin();
  await page.evaluate(() => { location.hash = '#/audit'; });
  await page.waitForSelector('main[data-view="audit"][data-state="ready"] #audit-table');
  await page.fill('#audit-code', 'D-003');
  await page.click('#audit-apply');
  await page.waitForSelector('#audit-kind-invalid');
  await page.selectOption('#audit-kind', 'deputy');
  await page.click('#audit-apply');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#audit-table tbody tr')];
    return rows.length && rows.every((r) => r.textContent.includes('deputy:D-003'));
  });
  const actions = await page.$$eval('#audit-table tbody tr', (rows) => rows.map((r) => r.dataset.action));
  assert.ok(actions.includes('directory.deputy.update'), actions.join());
  assert.ok(actions.includes('notification_channels.set'), actions.join());
  const row = page.locator('#audit-table tbody tr[data-action="directory.deputy.update"]').first();
  await row.locator('summary').click();
  assert.match(await row.locator('pre').textContent(), /光明选区/);
  assert.match(await row.locator('td').first().textContent(), /管理员/);
  await check(page, 'directory-18-audit');

  await page.fill('#audit-from', '2026-12-02');
  await page.fill('#audit-to', '2026-12-01');
  await page.click('#audit-apply');
  await page.waitForSelector('#audit-to-invalid');
  await page.fill('#audit-from', '');
  await page.fill('#audit-to', '');
  await page.selectOption('#audit-kind', '');
  await page.fill('#audit-code', '');
  await page.fill('#audit-action', 'kiosk.');
  await page.selectOption('#audit-actor', 'admin');
  await page.click('#audit-apply');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#audit-table tbody tr')];
    return rows.length >= 2 && rows.every((r) => r.dataset.action.startsWith('kiosk.'));
  });
});
