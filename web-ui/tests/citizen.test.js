// The citizen's phone app (/m/) on a phone against the real server, prepared through the API only. A resident
// opens a station's QR page (#/station/XH-01), picks deputy D-003, reports with a photo and a pin on the map,
// signs in by a code texted to the phone (read from the server's SMS outbox) halfway through without losing the
// draft, and finds the report in 我的反映; the deputy answers it through the API; the resident rates it. Also:
// withdrawing another after a confirmation, a report sent while offline that waits on the phone and goes out once,
// and text and a file name carrying script that never runs; deputies' portraits (set through the API), initials for
// those without one or whose picture does not load. Every screen: axe, 48 px targets, a screenshot.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenSuite, checkPage, waitUntil, png, PASSWORD } from './helpers.js';
import { ZH } from '../citizen/strings-zh.js';
import { EN } from '../citizen/strings-en.js';

const s = screenSuite();
const PHONE = '13700000020';
const EVIL = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
const check = (page, name) => checkPage(page, `citizen-${name}`, { minTarget: 48 });

/** The newest sign-in code the server's SMS outbox holds for `phone`. */
function smsCode(phone) {
  try {
    const lines = readFileSync(join(s.server.dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    return lines.reverse().find((l) => l.phone === phone && l.code)?.code;
  } catch {
    return undefined;
  }
}

let deputyToken;
async function deputy() {
  if (!deputyToken) {
    const admin = await s.server.adminToken();
    await s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'zhang.min', display_name: '张敏', role: 'deputy', password: PASSWORD, deputy: 'D-003' } });
    deputyToken = (await s.api('/api/v1/auth/login', { method: 'POST', body: { username: 'zhang.min', password: PASSWORD } })).access_token;
  }
  return deputyToken;
}

/** The report's id (for the people handling it) from its tracking code. */
async function reportId(code) {
  const items = await s.server.stationReports('XH-01');
  return items.find((r) => r.tracking_code === code)?.id;
}

const ready = (page, view) => page.waitForSelector(`main[data-view="${view}"][data-state="ready"]`);
const atStep = (page, step) => page.waitForSelector(`main[data-step="${step}"][data-state="ready"]`);

test('the app has every word in both languages', () => {
  assert.deepEqual(Object.keys(EN).sort(), Object.keys(ZH).sort());
  for (const [key, text] of Object.entries(EN)) assert.ok(text.trim(), `English for ${key}`);
});

test('a resident reports from a station QR page with a photo and a pin, signs in by phone code, and rates the answer', async () => {
  const page = await s.phonePage();
  await page.goto(`${s.server.url}/m/#/station/XH-01`);
  await ready(page, 'station');
  assert.match(await page.textContent('h1'), /新华街道/);
  assert.ok(await page.locator('#deputies [data-deputy]').count() >= 4);
  assert.ok(await page.locator('#reception-days li').count() >= 1);
  await check(page, 'home');

  // The deputy's profile, and a report to them.
  await page.click('[data-deputy="D-003"]');
  await ready(page, 'deputy');
  await check(page, 'deputy');
  await page.click('#write-deputy');
  await atStep(page, 'category');
  assert.match(await page.textContent('#to-deputy'), /张敏/);
  await check(page, 'category');

  // An emergency category shows the numbers to call first.
  await page.click('[data-category="public_safety"]');
  await atStep(page, 'emergency');
  assert.equal(await page.getAttribute('[data-number="110"]', 'href'), 'tel:110');
  await check(page, 'emergency');
  await page.click('#next');
  await atStep(page, 'describe');
  await page.click('.chip[data-phrase="消防通道被占"]');
  assert.equal(await page.getAttribute('.chip[data-phrase="消防通道被占"]', 'aria-pressed'), 'true');
  await page.fill('#description', `消防通道被占，电动车堵住楼门 ${EVIL}`);
  assert.equal(await page.locator('#voice').count(), await page.evaluate(() => Number(Boolean(window.SpeechRecognition || window.webkitSpeechRecognition))));
  await check(page, 'describe');
  await page.click('#next');

  // A photo from the album (3000×2000, redrawn to 1600 px), and a file that is not one: its name stays text.
  await atStep(page, 'photos');
  await page.setInputFiles('#pick-photos', [
    { name: `door${EVIL}.jpg`, mimeType: 'image/jpeg', buffer: await s.jpeg(3000, 2000) },
    { name: `notes${EVIL}.txt`, mimeType: 'text/plain', buffer: Buffer.from('not a photo') },
  ]);
  await page.waitForSelector('#photo-list li[data-photo="0"]');
  assert.match(await page.textContent('#photo-notice'), /notes<script>/);
  const size = await page.evaluate(() => new Promise((resolve) => {
    const img = document.querySelector('#photo-list img');
    const done = () => resolve([img.naturalWidth, img.naturalHeight]);
    if (img.complete) done();
    else img.addEventListener('load', done);
  }));
  assert.deepEqual(size, [1600, 1067]);
  await check(page, 'photos');
  await page.click('#next');

  // The place: a pin inside one of the station's grids, drawn on the map from their boundaries.
  await atStep(page, 'place');
  await page.check('input[name="place-mode"][value="pin"]');
  await page.waitForSelector('#place-map[data-drawn="true"]');
  assert.ok(Number(await page.getAttribute('#place-map', 'data-grids')) >= 1, 'the grids are drawn');
  await page.locator('#place-map path.leaflet-interactive').first().click();
  await page.waitForSelector('#place-map[data-pin="set"]');
  await page.fill('#place-detail', '3号楼东侧');
  await check(page, 'place');
  await page.click('#next');

  // Signing in halfway (by a code texted to the phone) keeps the draft.
  await atStep(page, 'contact');
  await check(page, 'contact');
  await page.click('#contact-signin');
  await ready(page, 'signin');
  await page.fill('#phone', PHONE);
  await page.click('#send-code');
  await page.waitForSelector('#code');
  await check(page, 'signin');
  await page.fill('#code', await waitUntil(() => smsCode(PHONE), { message: 'the SMS code' }));
  await page.click('#signin-submit');
  await atStep(page, 'contact');
  await page.waitForSelector('#signed-in-note');
  await page.check('#consent-publish');
  await page.check('#consent-publish_photos');
  await page.click('#next');
  await atStep(page, 'review');
  assert.match(await page.textContent('#review-description'), /<script>/);
  assert.match(await page.textContent('#review-place'), /3号楼东侧/);
  await check(page, 'review');
  await page.click('#next');
  await atStep(page, 'receipt');
  const code = (await page.textContent('#tracking-code')).trim();
  assert.match(code, /^[A-Z0-9-]{6,}$/);
  await check(page, 'receipt');

  // In 我的反映, with its status; the server has the pin and the photo, and no script ran.
  await page.click('#nav-mine');
  await ready(page, 'mine');
  await page.waitForSelector(`#my-reports [data-code="${code}"]`);
  assert.match(await page.textContent('#my-phone'), /137\*+0020/);
  await check(page, 'mine');
  const id = await reportId(code);
  const detail = await s.api(`/api/v1/reports/${id}`, { token: await s.server.adminToken() });
  assert.equal(detail.routing?.deputy?.code, 'D-003', JSON.stringify(detail.routing));
  assert.ok(detail.location && Math.abs(detail.location.lat - 39.1175) < 0.02, JSON.stringify(detail.location));
  assert.equal(detail.photos.length, 1);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);

  // The deputy answers through the API; the resident reads the answer and rates it.
  const token = await deputy();
  await s.api(`/api/v1/reports/${id}/actions`, { method: 'POST', token, body: { action: 'accept' } });
  await s.api(`/api/v1/reports/${id}/actions`, { method: 'POST', token, body: { action: 'answer', text: `已清理消防通道 ${EVIL}`, outcome: 'resolved' } });
  await page.click(`#my-reports [data-code="${code}"]`);
  await ready(page, 'tracked');
  assert.match(await page.textContent('#track-answer'), /已清理消防通道 <script>/);
  await page.waitForSelector('[data-verdict="mostly"]');
  await check(page, 'report-answered');
  await page.click('[data-verdict="mostly"]');
  await page.fill('#rate-comment', '还算及时');
  await page.click('#rate-send');
  await page.waitForSelector('#verdict');
  assert.match(await page.textContent('#verdict'), /基本满意/);
  await check(page, 'report-rated');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);

  // Allowed on the board, with its photo: it shows there, as text.
  await page.click('#nav-home');
  await ready(page, 'home');
  await page.click('#go-results');
  await ready(page, 'results');
  const shown = page.locator('#results .result', { hasText: '消防通道被占' });
  await shown.waitFor();
  assert.match(await shown.textContent(), /<script>window.__pwned = 1<\/script>/);
  assert.equal(await shown.locator('.result-photos img').count(), 1);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.context().close();
});

test('a resident looks a report up by its code, adds information and a photo, and withdraws it after confirming', async () => {
  const response = await fetch(`${s.server.url}/api/v1/reports`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ category: 'environment', channel: 'web', station: 'XH-01', description: '（撤回测试）楼下垃圾没有清运' }),
  });
  const { tracking_code: code } = await response.json();
  const page = await s.phonePage();
  await page.goto(`${s.server.url}/m/#/track`);
  await ready(page, 'track');
  await check(page, 'track');
  await page.fill('#tracking-input', code.toLowerCase());
  await page.click('#track-submit');
  await ready(page, 'tracked');
  await check(page, 'report-open');

  // 补充: words and a photo added to the open report; the timeline shows the words, as text.
  await page.click('#add-open');
  await page.fill('#add-text', `东门也有一堆 ${EVIL}`);
  await page.setInputFiles('#add-photos', { name: `more${EVIL}.jpg`, mimeType: 'image/jpeg', buffer: await s.jpeg(800, 600, '#2e7d32') });
  await page.waitForSelector('#add-form-photos img');
  await check(page, 'add-information');
  await page.click('#add-send');
  await page.waitForSelector('#step-done');
  await page.waitForSelector('#timeline li[data-kind="supplemented"]');
  assert.match(await page.textContent('#timeline li[data-kind="supplemented"]'), /东门也有一堆 <script>/);
  assert.equal((await s.api(`/api/v1/reports/track/${code}`)).photo_count, 1);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);

  await page.click('#withdraw');
  await page.waitForSelector('#withdraw-confirm');
  await check(page, 'withdraw-confirm');
  await page.click('#withdraw-no');
  assert.equal(await page.locator('#withdraw-confirm').count(), 0);
  await page.click('#withdraw');
  await page.click('#withdraw-yes');
  await page.waitForSelector('#step-done');
  await waitUntil(async () => (await s.api(`/api/v1/reports/track/${code}`)).status === 'closed', { message: 'the report closed' });
  // The page redraws once it has read the report again (a done notice from the 补充 may still be showing).
  await page.waitForSelector('#withdraw', { state: 'detached' });
  await page.context().close();
});

test('a report sent while offline waits on the phone and goes out once when the network is back', async () => {
  const page = await s.phonePage();
  await page.goto(`${s.server.url}/m/#/report/XH-01`);
  await atStep(page, 'category');
  await page.click('[data-category="environment"]');
  await atStep(page, 'describe');
  await page.fill('#description', '（离线测试）垃圾桶满了');
  await page.click('#next');
  await atStep(page, 'photos');
  await page.click('#next');
  await atStep(page, 'place');
  await page.check('input[name="place-mode"][value="building"]');
  await page.selectOption('#building', 'HP-XH-GM-G1|HP-XH-GM-G1-B2');
  await page.click('#next');
  await atStep(page, 'contact');
  await page.click('#next');
  await atStep(page, 'review');
  const before = (await s.server.stationReports('XH-01')).length;
  await page.context().setOffline(true);
  await page.click('#next');
  await atStep(page, 'receipt');
  await page.waitForSelector('#receipt-waiting');
  await check(page, 'receipt-waiting');
  await page.context().setOffline(false);
  await page.waitForSelector('#tracking-code', { timeout: 30000 });
  const code = (await page.textContent('#tracking-code')).trim();
  const after = await s.server.stationReports('XH-01');
  assert.equal(after.length, before + 1);
  const filed = after.find((r) => r.tracking_code === code);
  assert.equal(filed.address, '光明里2号楼');
  await page.context().close();
});

test('without a QR code: the phone finds the nearest station, and the app speaks English on request', async () => {
  const page = await s.phonePage({ geolocation: { latitude: 39.1030, longitude: 117.2100 }, permissions: ['geolocation'] });
  await page.goto(`${s.server.url}/m/`);
  await ready(page, 'home');
  await check(page, 'home-no-station');
  await page.click('#pick-station');
  await ready(page, 'stations');
  await page.click('#locate');
  await page.waitForSelector('#station-list .distance');
  assert.equal(await page.getAttribute('#station-list li:first-child a', 'data-station'), 'NH-01');
  await check(page, 'stations');
  await page.click('#station-list li:first-child a');
  await ready(page, 'station');
  assert.match(await page.textContent('h1'), /湖滨/);
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('h1'), /Hubin/);
  assert.equal(await page.textContent('#nav-mine'), 'Mine');
  await check(page, 'home-en');
  // Large text for older eyes: still no sideways scrolling, still readable by axe.
  await page.click('#large');
  await page.waitForSelector('html.large-text');
  await check(page, 'home-large');
  await page.context().close();
});

test('deputies with a portrait show it, in the station’s list and on their profile; the others, their initials', async () => {
  const form = new FormData();
  form.append('photo', new Blob([png(90, 120, [40, 110, 190])], { type: 'image/png' }), 'portrait.png');
  const set = await fetch(`${s.server.url}/api/v1/deputies/D-002/photo`, { method: 'PUT', body: form, headers: { Authorization: `Bearer ${await s.server.adminToken()}` } });
  assert.equal(set.status, 200, await set.clone().text());
  const { photo_url: url } = await set.json();

  const page = await s.phonePage();
  await page.goto(`${s.server.url}/m/#/station/XH-01`);
  await ready(page, 'station');
  const photo = page.locator('[data-deputy="D-002"] img.avatar');
  assert.equal(await photo.getAttribute('src'), `${s.server.url}${url}`);
  assert.equal(await photo.getAttribute('alt'), '', 'the name is written beside it: read once');
  assert.equal(await photo.getAttribute('loading'), 'lazy');
  assert.deepEqual([await photo.getAttribute('width'), await photo.getAttribute('height')], ['64', '64']);
  // Lazy: it loads once it is scrolled near.
  await photo.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-deputy="D-002"] img.avatar')?.naturalWidth > 0);
  assert.equal(await page.locator('[data-deputy="D-001"] img').count(), 0);
  assert.equal(await page.textContent('[data-deputy="D-001"] .avatar'), '王');
  await check(page, 'home-portrait');
  await page.click('[data-deputy="D-002"]');
  await ready(page, 'deputy');
  await page.waitForFunction(() => document.querySelector('.profile-head img.avatar-large')?.naturalWidth > 0);
  await check(page, 'deputy-portrait');
  await page.context().close();

  // A picture that does not load: the initials instead.
  const broken = await s.phonePage();
  await broken.route('**/api/v1/deputies/D-002/photo**', (route) => route.fulfill({ status: 404, body: '' }));
  await broken.goto(`${s.server.url}/m/#/station/XH-01`);
  await ready(broken, 'station');
  await broken.locator('[data-deputy="D-002"]').scrollIntoViewIfNeeded();
  await broken.waitForSelector('[data-deputy="D-002"] span.avatar[data-portrait="initials"]');
  assert.equal(await broken.textContent('[data-deputy="D-002"] .avatar'), '李');
  await check(broken, 'home-portrait-broken');
  await broken.context().close();
});
