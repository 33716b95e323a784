// What the kiosk's browser tests share: one real server and one headless Chromium per test file, the enrolled
// kiosk's page, walking through the screens, the checks every screen gets (axe-core, target and text sizes, a
// screenshot), the kiosk's outbox, and waiting for things to happen (never for a fixed time).

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Server } from './server.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const ARTIFACTS = process.env.ARTIFACTS || join(import.meta.dirname, 'artifacts');
const KIOSK_VIEWPORT = { width: 1280, height: 1024 };
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

// ---- Waiting --------------------------------------------------------------------------------------------------

/** Polls `predicate` (may be async) until it answers truthy; fails with `message` after `timeout` ms. */
export async function waitUntil(predicate, { timeout = 20000, interval = 100, message = 'the condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

// ---- The suite ------------------------------------------------------------------------------------------------

/**
 * Starts the server and the browser before the file's tests and stops them after. The returned object is filled
 * in then: `server`, `browser`, `kiosk` (the kiosk's browser context: its credentials and outbox live there)
 * and `page`; with `enrolled` the page has been through the setup screen and shows the attract screen. `env`: more
 * server settings (`LIAISON_*`) for the file.
 */
export function kioskSuite({ enrolled = true, env = {} } = {}) {
  const suite = new Suite();
  before(async () => {
    suite.server = await Server.create({ env });
    suite.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--lang=zh-CN',
      ],
    });
    suite.kiosk = await suite.newContext({ viewport: KIOSK_VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await suite.kiosk.grantPermissions(['camera'], { origin: suite.server.url });
    suite.page = await suite.kiosk.newPage();
    suite.page.setDefaultTimeout(15000);
    suite.page.on('pageerror', (err) => console.error('page error:', err));
    if (enrolled) await suite.enroll();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.dispose();
    assert.deepEqual(policyViolations, [], 'Content-Security-Policy violations');
  });
  return suite;
}

// ---- The pages' Content-Security-Policy ---------------------------------------------------------------------

// Every violation in any page of the file's browser contexts: the server's policy allows no inline script or
// style, so a violation is a bug (checkScreen and the end of the file fail on one).
const policyViolations = [];

/** Records `context`'s policy violations: Chromium logs each one, and the page's event is echoed to the log. */
export async function watchPolicy(context) {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} in ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy|CSP violation/i.test(message.text())) {
      policyViolations.push(`${message.location().url}: ${message.text()}`);
    }
  });
  return context;
}

class Suite {
  /** A new browser context (a kiosk, a phone) whose pages' policy violations fail the tests. */
  async newContext(options) {
    return watchPolicy(await this.browser.newContext(options));
  }

  /** Opens the kiosk (with `query`, e.g. '&idle=8') and waits for the attract screen. */
  async home(query = '') {
    await this.page.goto(`${this.server.url}/kiosk/?heartbeat=1000${query}`);
    await this.onScreen('attract');
  }

  onScreen(name, options) {
    return this.page.waitForSelector(`main[data-screen="${name}"]`, options);
  }

  /** Until the screen on display takes taps again (a new screen ignores them for a moment, router.js). */
  settled() {
    return this.page.waitForSelector('main[data-screen]:not([data-settling])');
  }

  /** The middle of `selector`'s box (for taps at a place, whatever is there then). */
  async middle(selector) {
    const box = await this.page.locator(selector).boundingBox();
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  next() {
    return this.page.click('[data-nav="next"]');
  }

  /** Makes the page a kiosk of XH-01 through the setup screen (`?setup`), as staff do. */
  async enroll() {
    await this.page.goto(`${this.server.url}/kiosk/?setup&heartbeat=1000`);
    await this.onScreen('setup');
    await this.page.fill('#enrollment-code', await this.server.enrollmentCode());
    await this.page.click('#setup-go');
    await this.onScreen('attract');
  }

  /** The first common phrase, then `text` typed after it. */
  async typeDescription(text) {
    await this.page.click('.chip >> nth=0');
    await this.page.locator('#description').press('End');
    await this.page.locator('#description').pressSequentially(text);
  }

  /**
   * From the attract screen to the review screen: a report of `text`, with `photos` photos (and a `phone`), from
   * near the station (the place step's explicit choice).
   */
  async fillReport(text, { photos = 1, phone = null } = {}) {
    const { page } = this;
    await page.click('#start-report');
    await this.onScreen('category');
    await page.click('[data-category="environment"]');
    await this.onScreen('describe');
    await this.typeDescription(text);
    await this.next();
    await this.onScreen('photos');
    await page.waitForFunction(() => document.querySelector('#preview')?.videoWidth > 0);
    for (let i = 0; i < photos; i++) {
      await page.click('#take-photo');
      await page.waitForFunction((n) => document.querySelectorAll('.shot').length === n, i + 1);
    }
    await this.next();
    await this.onScreen('place');
    await page.click('[data-place="station"]');
    await this.onScreen('contact');
    if (phone) {
      for (const digit of phone) await page.click(`[data-key="${digit}"]`);
      await page.click('#consent-personal');
      await this.next();
    } else {
      await page.click('#no-phone');
    }
    await this.onScreen('review');
  }

  pending() {
    return this.page.evaluate(() => window.liaisonKiosk.pending());
  }

  /** Until the kiosk's outbox holds `n` reports. */
  waitForPending(n, timeout = 20000) {
    return waitUntil(async () => (await this.pending()) === n, { timeout, interval: 200, message: `${n} reports in the outbox` });
  }

  /**
   * Resolves once the page has started `n` heartbeats (GET /health/ready) from now: a heartbeat starts only after
   * the one before it has finished, so `n` of them have finished by the next one.
   */
  heartbeats(n, timeout = 20000) {
    const { page } = this;
    return new Promise((resolve, reject) => {
      let seen = 0;
      const onRequest = (request) => {
        if (new URL(request.url()).pathname === '/health/ready' && ++seen >= n) finish(resolve);
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`only ${seen} of ${n} heartbeats in ${timeout} ms`))), timeout);
      const finish = (then) => {
        clearTimeout(timer);
        page.off('request', onRequest);
        then();
      };
      page.on('request', onRequest);
    });
  }

  /** Files a report for XH-01 as a phone does (online mailbox), without the browser; its answer (201). */
  async fileFromPhone(description, category = 'utilities') {
    const form = new FormData();
    form.append('category', category);
    form.append('description', description);
    form.append('channel', 'web');
    form.append('station', 'XH-01');
    const filed = await fetch(`${this.server.url}/api/v1/reports`, {
      method: 'POST', body: form, headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
    assert.equal(filed.status, 201, await filed.clone().text());
    return filed.json();
  }
}

// ---- Checks every screen gets ---------------------------------------------------------------------------------

async function axeViolations(target) {
  // Evaluated, not added as a <script>: the page's policy refuses inline scripts.
  if (!(await target.evaluate(() => Boolean(window.axe)))) await target.evaluate(AXE);
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

/**
 * No Content-Security-Policy violation so far, axe-core (no serious or critical violations), targets of at
 * least 60×60 px, text of at least `minText` px.
 */
export async function checkScreen(target, name, { minText = 24 } = {}) {
  assert.deepEqual(policyViolations, [], `${name}: Content-Security-Policy violations`);
  await target.evaluate(() => document.fonts.ready);
  await target.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  assert.deepEqual(await axeViolations(target), [], `${name}: accessibility`);
  assert.deepEqual(await smallTargets(target), [], `${name}: targets under 60×60 px`);
  assert.deepEqual(await smallText(target, minText), [], `${name}: text under ${minText} px`);
}

// ---- The kiosk's outbox (IndexedDB) ---------------------------------------------------------------------------

/** What the kiosk keeps in its outbox, photos as a count. Runs in the page. */
export function readOutbox() {
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
export function putOutbox(record) {
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

/** The page's icon: linked (no inline data), an SVG file of the kiosk app, served as one. */
export async function assertFavicon(target) {
  const href = await target.evaluate(() => document.querySelector('link[rel="icon"]')?.href);
  assert.match(href ?? '', /^http:\/\/[^/]+\/kiosk\/favicon\.svg$/, 'an icon linked from the page');
  const icon = await fetch(href);
  assert.equal(icon.status, 200);
  assert.match(icon.headers.get('content-type'), /^image\/svg\+xml/);
  assert.match(await icon.text(), /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
}

/** A problem+json answer for `page.route`. */
export const problem = (status, code) => ({
  status, contentType: 'application/problem+json', body: JSON.stringify({ title: code, status, code, detail: code }),
});
