// The kiosk end to end in headless Chromium: enrollment, the attract screen, a report with a photo from the
// (fake) camera, the receipt, tracking on the kiosk and on a phone-sized page, the deputies, large text and
// English, the idle reset, and submissions while the server is down or its answer is lost (sent exactly once).
// Every screen is scanned with axe-core (no serious or critical violations), its interactive elements measured
// (at least 60×60 px) and its text sizes checked (at least 24 px), and a screenshot is saved.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Server } from './server.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const ARTIFACTS = process.env.ARTIFACTS || join(import.meta.dirname, 'artifacts');
const KIOSK_VIEWPORT = { width: 1280, height: 1024 };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let server;
let browser;
let kiosk; // the enrolled kiosk's browser context (its credentials and outbox live there)
let page;
let trackingCode;

before(async () => {
  server = await Server.create();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--lang=zh-CN',
    ],
  });
  kiosk = await browser.newContext({ viewport: KIOSK_VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await kiosk.grantPermissions(['camera'], { origin: server.url });
  page = await kiosk.newPage();
  page.setDefaultTimeout(15000);
  page.on('pageerror', (err) => console.error('page error:', err));
});

after(async () => {
  await browser?.close();
  await server?.dispose();
});

// ---- Checks every screen gets ---------------------------------------------------------------------------------

async function axeViolations(target) {
  if (!(await target.evaluate(() => Boolean(window.axe)))) await target.addScriptTag({ content: AXE });
  const result = await target.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

async function smallTargets(target) {
  return target.evaluate(() => {
    const selector = 'button, a[href], input:not([type=hidden]), textarea, select, [role=button], label.file-pick, [tabindex]:not([tabindex="-1"])';
    return [...document.querySelectorAll(selector)]
      .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { what: `${el.tagName.toLowerCase()} “${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 20)}”`, w: r.width, h: r.height };
      })
      .filter((t) => t.w < 59.5 || t.h < 59.5)
      .map((t) => `${t.what}: ${Math.round(t.w)}×${Math.round(t.h)}`);
  });
}

async function smallText(target, minimum = 24) {
  return target.evaluate((min) => {
    const small = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      if (!node.textContent.trim() || !el || !el.getClientRects().length) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < min - 0.1) small.push(`“${node.textContent.trim().slice(0, 20)}”: ${size}px`);
    }
    return small;
  }, minimum);
}

async function checkScreen(target, name, { minText = 24 } = {}) {
  await target.evaluate(() => document.fonts.ready);
  await target.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  assert.deepEqual(await axeViolations(target), [], `${name}: accessibility`);
  assert.deepEqual(await smallTargets(target), [], `${name}: targets under 60×60 px`);
  assert.deepEqual(await smallText(target, minText), [], `${name}: text under ${minText} px`);
}

async function home(query = '') {
  await page.goto(`${server.url}/kiosk/?heartbeat=1000${query}`);
  await onScreen('attract');
}

const onScreen = (name) => page.waitForSelector(`main[data-screen="${name}"]`);
const next = () => page.click('[data-nav="next"]');

async function typeDescription(text) {
  await page.click('.chip >> nth=0');
  await page.locator('#description').press('End');
  await page.locator('#description').pressSequentially(text);
}

/** From the attract screen to the review screen: a report of `text`, with `photos` photos (and a `phone`). */
async function fillReport(text, { photos = 1, phone = null } = {}) {
  await page.click('#start-report');
  await onScreen('category');
  await page.click('[data-category="environment"]');
  await onScreen('describe');
  await typeDescription(text);
  await next();
  await onScreen('photos');
  await page.waitForFunction(() => document.querySelector('#preview')?.videoWidth > 0);
  for (let i = 0; i < photos; i++) {
    await page.click('#take-photo');
    await page.waitForFunction((n) => document.querySelectorAll('.shot').length === n, i + 1);
  }
  await next();
  await onScreen('place');
  await next();
  await onScreen('contact');
  if (phone) {
    for (const digit of phone) await page.click(`[data-key="${digit}"]`);
    await page.click('#consent-personal');
    await next();
  } else {
    await page.click('#no-phone');
  }
  await onScreen('review');
}

/** What the kiosk keeps in its outbox (IndexedDB), photos as a count. Runs in the page. */
function readOutbox() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('liaison-kiosk', 1);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const all = db.transaction('outbox').objectStore('outbox').getAll();
      all.onerror = () => reject(all.error);
      all.onsuccess = () => {
        db.close();
        resolve(all.result.map((r) => ({ ...r, photos: r.photos ? r.photos.length : undefined })));
      };
    };
  });
}

/** Puts `record` into the kiosk's outbox as it is. Runs in the page. */
function putOutbox(record) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('liaison-kiosk', 1);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('outbox', 'readwrite');
      tx.objectStore('outbox').put(record);
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  });
}

const problem = (status, code) => ({
  status, contentType: 'application/problem+json', body: JSON.stringify({ title: code, status, code, detail: code }),
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until the kiosk's outbox holds `n` reports (waitForFunction takes a promise for a truthy answer). */
async function waitForPending(n, timeout = 20000) {
  const end = Date.now() + timeout;
  while ((await page.evaluate(() => window.liaisonKiosk.pending())) !== n) {
    if (Date.now() > end) throw new Error(`the outbox never held ${n}`);
    await sleep(200);
  }
}

// ---- The flows ------------------------------------------------------------------------------------------------

test('enrollment: the setup screen trades a code for the kiosk credentials', async () => {
  await page.goto(`${server.url}/kiosk/?heartbeat=1000`);
  await onScreen('setup');
  await checkScreen(page, '01-setup');
  await page.fill('#enrollment-code', 'AAAA-BBBB-CCCC');
  await page.click('#setup-go');
  await page.waitForFunction(() => document.querySelector('#setup-error')?.textContent.includes('启用码不对'));
  await page.fill('#enrollment-code', (await server.enrollmentCode()).toLowerCase());
  await page.click('#setup-go');
  await onScreen('attract');
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('liaison.kiosk.credentials')));
  assert.equal(saved.kiosk.station, 'XH-01');
  assert.ok(saved.refresh_token);
});

test('attract: station name, deputies on duty today, one big button; the status light is green', async () => {
  await page.reload();
  await onScreen('attract');
  await page.waitForSelector('#duty ul, #duty p:not(:first-child)');
  await page.waitForSelector('#status[data-state="online"]');
  assert.match(await page.textContent('h1'), /新华街道人大代表联络站/);
  assert.equal((await page.textContent('#start-report')).trim(), '我要反映');
  const box = await page.locator('#start-report').boundingBox();
  assert.ok(box.height >= 150 && box.width >= 600, `the button is big: ${JSON.stringify(box)}`);
  await checkScreen(page, '02-attract');
});

test('report: category → words → photo (capture, retake, remove) → place → phone → review → receipt, in under a minute', async () => {
  const started = Date.now();
  await page.click('#start-report');
  await onScreen('category');
  await checkScreen(page, '03-category');
  await page.click('[data-category="environment"]');
  await onScreen('describe');
  await next();
  assert.match(await page.textContent('#describe-error'), /请先写几句话/, 'an empty description is explained, not sent');
  await typeDescription('，3号楼东侧垃圾桶');
  await checkScreen(page, '04-describe');
  await next();

  await onScreen('photos');
  await page.waitForFunction(() => document.querySelector('#preview')?.videoWidth > 0);
  await page.click('#take-photo');
  await page.waitForFunction(() => document.querySelectorAll('.shot').length === 1);
  await page.click('#take-photo');
  await page.waitForFunction(() => document.querySelectorAll('.shot').length === 2);
  const firstPhoto = await page.getAttribute('.shot[data-photo="0"] img', 'src');
  await page.click('.shot[data-photo="0"] [data-action="retake"]');
  await page.click('#take-photo');
  await page.waitForFunction((old) => document.querySelector('.shot[data-photo="0"] img').src !== old, firstPhoto);
  assert.equal(await page.locator('.shot').count(), 2, 'a retake replaces, it does not add');
  await page.click('.shot[data-photo="1"] [data-action="remove"]');
  await page.waitForFunction(() => document.querySelectorAll('.shot').length === 1);
  await checkScreen(page, '05-photos');
  await next();

  await onScreen('place');
  assert.equal(await page.getAttribute('[data-place=""]', 'aria-pressed'), 'true', 'this station by default');
  await page.click('[data-place="HP-XH-HX"]');
  await checkScreen(page, '06-place');
  await next();

  await onScreen('contact');
  for (const digit of '13812345678') await page.click(`[data-key="${digit}"]`);
  await next();
  assert.match(await page.textContent('#contact-error'), /同意/, 'a phone needs consent');
  await page.click('#consent-personal');
  await checkScreen(page, '07-contact');
  await next();

  await onScreen('review');
  assert.match(await page.textContent('main'), /138 1234 5678/);
  assert.match(await page.textContent('main'), /和谐社区/);
  await checkScreen(page, '08-review');
  const credentials = () => page.evaluate(() => JSON.parse(localStorage.getItem('liaison.kiosk.credentials')));
  const enrolled = await credentials();
  await page.click('#submit');

  await onScreen('receipt');
  trackingCode = (await page.textContent('#tracking-code')).trim();
  assert.match(trackingCode, /^LS-[2-9A-Z]{3}-[2-9A-Z]{3}-[2-9A-Z]{3}$/);
  await page.waitForFunction(() => document.querySelector('img.qr')?.naturalWidth > 0);
  assert.notEqual((await credentials()).refresh_token, enrolled.refresh_token, 'the old access token was renewed first');
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 60000, `filed in ${elapsed} ms`);
  await checkScreen(page, '09-receipt');

  // The receipt printer gets the receipt alone.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#screen'), false);
  assert.equal(await page.isVisible('#print-receipt'), true);
  assert.match(await page.textContent('#print-receipt'), new RegExp(trackingCode));
  await page.screenshot({ path: join(ARTIFACTS, '09b-receipt-print.png') });
  await page.emulateMedia({ media: 'screen' });

  const tracked = await server.json(`/api/v1/reports/track/${trackingCode}`);
  assert.equal(tracked.photo_count, 1);
  assert.equal(tracked.category.code, 'environment');
  assert.equal(tracked.station.code, 'XH-01');

  await page.click('#done');
  await onScreen('attract');
});

test('phone tracking page: status and timeline at a phone size, and the rating form once answered', async () => {
  const phone = await browser.newContext({ ...PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const mobile = await phone.newPage();
  await mobile.goto(`${server.url}/t/${trackingCode.toLowerCase().replaceAll('-', '')}`);
  await mobile.waitForSelector('#track-status');
  assert.equal((await mobile.textContent('h1')).trim(), trackingCode);
  assert.ok((await mobile.locator('.timeline li').count()) >= 1);
  assert.ok(await mobile.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  await checkScreen(mobile, '10-phone-track');

  // Answering needs a deputy's account; the page's part is shown with the answered view.
  const view = await server.json(`/api/v1/reports/track/${trackingCode}`);
  const answered = {
    ...view, status: 'answered', status_label: { zh: '已答复', en: 'Answered' }, may_rate: true,
    answer: { text: '垃圾桶已清运，并增加了清运次数。', answered_at: new Date().toISOString(), outcome: 'resolved' },
  };
  let rated = null;
  await mobile.route('**/api/v1/reports/track/*', (route) => route.fulfill({ json: answered }));
  await mobile.route('**/api/v1/reports/track/*/actions', async (route) => {
    rated = route.request().postDataJSON();
    await route.fulfill({ json: { ...answered, status: 'closed', may_rate: false, verdict: rated.verdict } });
  });
  await mobile.click('#refresh');
  await mobile.waitForSelector('[data-verdict="satisfied"]');
  await checkScreen(mobile, '11-phone-rate');
  await mobile.click('#rate-send');
  assert.match(await mobile.textContent('#rate-message'), /请先选一项/);
  await mobile.click('[data-verdict="mostly"]');
  await mobile.fill('#rate-comment', '希望保持');
  await mobile.click('#rate-send');
  await mobile.waitForSelector('#verdict');
  assert.deepEqual(rated, { action: 'rate', verdict: 'mostly', comment: '希望保持' });
  await phone.close();
});

test('a station QR code on a phone: the same form, filed through the online mailbox', async () => {
  const phone = await browser.newContext({ ...PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const mobile = await phone.newPage();
  await mobile.goto(`${server.url}/q/s/XH-01`);
  await mobile.waitForSelector('main[data-screen="category"]');
  assert.match(mobile.url(), /\/kiosk\/\?station=XH-01#report$/);
  assert.ok(await mobile.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  await checkScreen(mobile, '19-phone-report');
  await mobile.click('[data-category="utilities"]');
  await mobile.fill('#description', '（手机测试）楼里停水两天了');
  await mobile.click('[data-nav="next"]');
  await mobile.waitForSelector('main[data-screen="photos"]');
  await mobile.click('[data-nav="next"]');
  await mobile.waitForSelector('main[data-screen="place"]');
  await mobile.click('[data-nav="next"]');
  await mobile.click('#no-phone');
  await mobile.waitForSelector('main[data-screen="review"]');
  await mobile.click('#submit');
  await mobile.waitForSelector('#tracking-code');
  const code = (await mobile.textContent('#tracking-code')).trim();
  const filed = (await server.stationReports()).find((r) => r.tracking_code === code);
  assert.equal(filed.channel, 'web');
  await phone.close();
});

test('track on the kiosk: the code on a big keypad → status and timeline', async () => {
  await home();
  await page.click('#start-track');
  await onScreen('track');
  for (const symbol of 'ZZZZZZZZZ') await page.click(`[data-key="${symbol}"]`);
  await page.click('#track-go');
  await page.waitForFunction(() => document.querySelector('#track-error')?.textContent.includes('没有找到'));
  await page.click('[data-key="clear"]');
  for (const symbol of trackingCode.slice(3).replaceAll('-', '')) await page.click(`[data-key="${symbol}"]`);
  assert.equal((await page.textContent('#code-display')).trim(), trackingCode);
  await checkScreen(page, '12-track-keypad');
  await page.click('#track-go');
  await page.waitForSelector('#track-status');
  assert.ok((await page.locator('.timeline li').count()) >= 1);
  await checkScreen(page, '13-track-result');
  await page.click('[data-nav="home"]');
  await onScreen('attract');
});

test('deputies: who serves the station, reception times, who is here now', async () => {
  await home();
  await page.click('#start-deputies');
  await onScreen('deputies');
  await page.waitForSelector('.deputy');
  assert.ok((await page.locator('.deputy').count()) >= 2);
  await checkScreen(page, '14-deputies');
  await page.click('[data-nav="home"]');
  await onScreen('attract');
});

test('large text and English, both undone by the idle reset', async () => {
  await page.goto(`${server.url}/kiosk/?idle=8&heartbeat=1000`);
  await onScreen('attract');
  await page.click('#btn-large');
  await page.click('#btn-lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).fontSize), '30px');
  assert.equal((await page.textContent('#start-report')).trim(), 'Report a problem');
  await checkScreen(page, '15-attract-large-english', { minText: 30 });
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN', null, { timeout: 20000 });
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('large')), false);
});

test('idle: a visible countdown, “continue” keeps the report, and time running out clears everything', async () => {
  await page.goto(`${server.url}/kiosk/?idle=14&heartbeat=1000`);
  await onScreen('attract');
  await page.click('#start-report');
  await onScreen('category');
  await page.click('[data-category="roads_traffic"]');
  await onScreen('describe');
  await page.fill('#description', '路灯不亮，晚上很黑');
  await page.waitForSelector('#idle:not([hidden])');
  assert.match(await page.textContent('#idle-text'), /\d+ 秒后回到首页/);
  await checkScreen(page, '16-idle-countdown');
  await page.click('#idle-continue');
  await page.waitForSelector('#idle', { state: 'hidden' });
  assert.equal(await page.inputValue('#description'), '路灯不亮，晚上很黑');

  await page.waitForSelector('main[data-screen="attract"]', { timeout: 30000 }); // nobody touches it again
  const left = await page.evaluate(() => window.liaisonKiosk.draft());
  assert.equal(left.description, '');
  assert.equal(left.category, null);
  await page.click('#start-report');
  await onScreen('category');
  assert.equal(await page.locator('[aria-pressed="true"]').count(), 0);
  await page.click('[data-category="roads_traffic"]');
  assert.equal(await page.inputValue('#description'), '');
});

test('offline: with the server down the report is kept, the receipt says so, and it is sent once when it is back', async () => {
  await page.goto(`${server.url}/kiosk/?heartbeat=1000`);
  await onScreen('attract');
  const before = (await server.stationReports()).length;
  await fillReport('（离线测试）', { photos: 1 });

  await server.stop(); // pulled down mid-flow
  await page.waitForSelector('#status[data-state="offline"]');
  await page.click('#submit');
  await page.waitForSelector('#saved-notice');
  assert.match(await page.textContent('#saved-notice'), /已保存，网络恢复后自动发送/);
  assert.equal(await page.evaluate(() => window.liaisonKiosk.pending()), 1);
  await page.waitForSelector('#status[data-state="offline"]');
  await checkScreen(page, '17-receipt-saved');

  // A reload while it is down loses nothing either.
  await page.reload();
  await onScreen('attract');
  assert.equal(await page.evaluate(() => window.liaisonKiosk.pending()), 1);

  await server.start();
  await page.waitForSelector('#status[data-state="online"]', { timeout: 20000 });
  await waitForPending(0);
  const reports = await server.stationReports();
  assert.equal(reports.length, before + 1, 'exactly one report');
  const tracked = await server.json(`/api/v1/reports/track/${reports[0].tracking_code}`);
  assert.equal(tracked.photo_count, 1, 'with its photo');
});

test('a lost answer: the retry carries the same Idempotency-Key, so the report exists once', async () => {
  await page.goto(`${server.url}/kiosk/?heartbeat=1000`);
  await onScreen('attract');
  const before = (await server.stationReports()).length;
  await fillReport('（丢失应答测试）', { photos: 1 });
  const keys = [];
  await page.route('**/api/v1/reports', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    if (keys.length === 1) {
      await route.fetch(); // the server files it...
      await route.abort('connectionreset'); // ...and the answer never arrives
    } else {
      await route.continue();
    }
  });
  await page.click('#submit');
  await onScreen('receipt');
  // The saved receipt turns into the tracking code once the retry goes through.
  await page.waitForSelector('#tracking-code', { timeout: 20000 });
  await page.unroute('**/api/v1/reports');
  assert.ok(keys.length >= 2, `retried: ${keys.length}`);
  assert.ok(keys.every((k) => k === keys[0]), 'one key for every attempt');
  const reports = await server.stationReports();
  assert.equal(reports.length, before + 1, 'exactly one report');
  assert.equal((await page.textContent('#tracking-code')).trim(), reports[0].tracking_code);
  await checkScreen(page, '18-receipt-synced');
});

test('refused in the background: the report’s words, photos and phone leave the kiosk, staff see only a count', async () => {
  await page.goto(`${server.url}/kiosk/?heartbeat=1000`);
  await onScreen('attract');
  await fillReport('（拒收测试）', { photos: 1, phone: '13900001111' });
  let attempts = 0;
  await page.route('**/api/v1/reports', (route) => {
    attempts += 1;
    // The first attempt does not get through (kept, the resident leaves); the retry is refused for good.
    return attempts === 1 ? route.abort('internetdisconnected') : route.fulfill(problem(422, 'validation_failed'));
  });
  await page.click('#submit');
  await page.waitForSelector('#saved-notice');
  await page.waitForSelector('#status[data-refused="1"]', { timeout: 20000 });
  await page.unroute('**/api/v1/reports');
  assert.match(await page.textContent('#status'), /1 件被拒收/);
  assert.equal(await page.evaluate(() => window.liaisonKiosk.pending()), 0);
  const kept = await page.evaluate(readOutbox);
  assert.equal(kept.length, 1, 'a note of the refusal');
  assert.equal(kept[0].fields, undefined, 'no words, place or phone');
  assert.equal(kept[0].photos, undefined, 'no photos');
  assert.ok(!JSON.stringify(kept).includes('13900001111'));

  // What an older version kept whole is stripped at start, too.
  await page.evaluate(putOutbox, {
    key: 'old-refused', created_at: 1, rejected: true, error: 'validation_failed',
    fields: [['description', '旧的'], ['contact.phone', '13700002222']], photos: [],
  });
  await page.goto(`${server.url}/kiosk/?setup&heartbeat=1000`);
  await onScreen('setup');
  await page.waitForSelector('#refused-note:not([hidden])');
  assert.match(await page.textContent('#refused-note'), /拒收了本机保存的 2 件反映/);
  const scrubbed = await page.evaluate(readOutbox);
  assert.equal(scrubbed.length, 2);
  assert.ok(scrubbed.every((r) => r.fields === undefined && r.photos === undefined), JSON.stringify(scrubbed));
  assert.ok(!JSON.stringify(scrubbed).includes('1370000'));
  await checkScreen(page, '20-setup-refused');
  await page.click('#refused-clear');
  await page.waitForSelector('#refused-note[hidden]', { state: 'attached' });
  assert.deepEqual(await page.evaluate(readOutbox), []);
});

test('a deactivated kiosk (403): the report is kept, not refused, and goes out once the kiosk is enrolled again', async () => {
  await page.goto(`${server.url}/kiosk/?heartbeat=1000`);
  await onScreen('attract');
  const before = (await server.stationReports()).length;
  await fillReport('（停用测试）', { photos: 1 });
  let forbidden = 0;
  await page.route('**/api/v1/reports', (route) => {
    forbidden += 1;
    return route.fulfill(problem(403, 'forbidden'));
  });
  await page.click('#submit');
  await page.waitForSelector('#saved-notice');
  for (let i = 0; i < 100 && forbidden < 3; i++) await sleep(100); // the background retries meet 403 too
  assert.ok(forbidden >= 3, `retried: ${forbidden}`);
  assert.equal(await page.evaluate(() => window.liaisonKiosk.pending()), 1, 'still kept');
  assert.equal((await page.evaluate(readOutbox))[0].photos, 1, 'with its photo');
  assert.match(await page.textContent('#status'), /重新启用/);
  assert.equal(await page.getAttribute('#status', 'data-refused'), '0');

  // Staff enroll the kiosk again; the kept report goes out then, once.
  await page.unroute('**/api/v1/reports');
  await page.goto(`${server.url}/kiosk/?setup&heartbeat=1000`);
  await onScreen('setup');
  await page.fill('#enrollment-code', await server.enrollmentCode());
  await page.click('#setup-go');
  await onScreen('attract');
  await waitForPending(0);
  assert.equal((await server.stationReports()).length, before + 1, 'exactly one report');
  assert.doesNotMatch(await page.textContent('#status'), /重新启用/);
});

// getUserMedia, slowed by `?gumdelay=ms` and with every stream it opened kept in `window.__streams`.
async function watchCamera() {
  await page.addInitScript(() => {
    const original = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices);
    if (!original) return;
    const delay = Number(new URLSearchParams(location.search).get('gumdelay')) || 0;
    window.__streams = [];
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      window.__streams.push(stream);
      await new Promise((resolve) => setTimeout(resolve, delay));
      return stream;
    };
  });
}

const liveTracks = () => page.evaluate(() => window.__streams.map((s) => s.getTracks().filter((t) => t.readyState === 'live').length));

test('camera: leaving while it is still opening turns it off, and a photo waiting for it stays out of the next report', async () => {
  await watchCamera();
  await page.goto(`${server.url}/kiosk/?heartbeat=1000&gumdelay=1500`);
  await onScreen('attract');
  await page.click('#start-report');
  await onScreen('category');
  await page.click('[data-category="environment"]');
  await onScreen('describe');
  await typeDescription('（相机测试）');
  await next();
  await onScreen('photos');
  await page.click('#take-photo'); // the camera is not on yet: the photo waits for it
  await page.click('[data-nav="cancel"]');
  await onScreen('attract');
  await page.click('#start-report'); // the next resident
  await onScreen('category');
  await sleep(4000);
  const live = await liveTracks();
  assert.ok(live.length >= 1, 'the camera was asked for');
  assert.deepEqual(live, live.map(() => 0), 'no camera left on');
  assert.equal((await page.evaluate(() => window.liaisonKiosk.draft())).photos, 0, 'no photo in the next report');

  // Two overlapping attaches: the first stream is stopped, not lost.
  const answers = await page.evaluate(async () => {
    window.__streams = [];
    const camera = await import('/kiosk/js/camera.js');
    return Promise.all([camera.attach(document.createElement('video')), camera.attach(document.createElement('video'))]);
  });
  assert.deepEqual(answers, [false, true]);
  assert.deepEqual(await liveTracks(), [0, 1]);
  await page.evaluate(async () => (await import('/kiosk/js/camera.js')).stop());
  assert.deepEqual(await liveTracks(), [0, 0]);
});

test('idle reset while sending: the report is filed once, and its receipt never reaches the next resident', async () => {
  await page.goto(`${server.url}/kiosk/?heartbeat=1000&idle=8`);
  await onScreen('attract');
  const before = (await server.stationReports()).length;
  await fillReport('（发送中离开测试）', { photos: 1 });
  await page.route('**/api/v1/reports', async (route) => {
    await sleep(10000); // a slow upload: the resident walks away meanwhile
    await route.continue().catch(() => {});
  });
  await page.click('#submit');
  await page.waitForSelector('main[data-screen="attract"]', { timeout: 20000 }); // nobody touched it
  await page.click('#start-report'); // the next resident
  await onScreen('category');
  await page.click('[data-category="utilities"]');
  await onScreen('describe');
  await waitForPending(0);
  await sleep(500);
  await page.unroute('**/api/v1/reports');
  assert.equal(await page.getAttribute('main', 'data-screen'), 'describe', 'still the next resident’s report');
  assert.equal(await page.locator('#tracking-code, #saved-notice').count(), 0);
  assert.equal((await page.textContent('#print-receipt')).trim(), '', 'nothing for the receipt printer');
  const draft = await page.evaluate(() => window.liaisonKiosk.draft());
  assert.equal(draft.category.code, 'utilities');
  assert.equal(draft.sending, false);
  await sleep(2000); // a few heartbeats: nothing is sent again
  assert.equal((await server.stationReports()).length, before + 1, 'exactly one report');
});

test('attract: the duty list is fetched again when the station’s board changes (live events)', async () => {
  const dutyLoads = [];
  const onRequest = (request) => { if (request.url().includes('/on-duty')) dutyLoads.push(request.url()); };
  page.on('request', onRequest);
  const streaming = page.waitForResponse((r) => r.url().endsWith('/api/v1/live') && r.status() === 200);
  await home();
  await streaming;
  await page.waitForSelector('#duty ul, #duty p:not(:first-child)');
  await sleep(500);
  const before = dutyLoads.length;
  // Someone files a report for the station from a phone.
  const form = new FormData();
  form.append('category', 'utilities');
  form.append('description', '（实时测试）楼里停水两天了');
  form.append('channel', 'web');
  form.append('station', 'XH-01');
  const filed = await fetch(`${server.url}/api/v1/reports`, {
    method: 'POST', body: form, headers: { 'Idempotency-Key': crypto.randomUUID() },
  });
  assert.equal(filed.status, 201, await filed.text());
  for (let i = 0; i < 50 && dutyLoads.length === before; i++) await sleep(100);
  page.off('request', onRequest);
  assert.ok(dutyLoads.length > before, 'the duty list was fetched again');
  await page.waitForSelector('#duty ul, #duty p:not(:first-child)');
});
