// What the screens' browser tests share: the real server (the kiosk's harness, kiosk-ui/tests/server.js), one
// headless Chromium per file whose pages fail the tests on any Content-Security-Policy violation, the checks
// every state of a page gets (the policy, axe-core, target sizes, no sideways scrolling, a screenshot), a
// loopback listener that catches the server's webhook notices, waiting for things to happen (never for a fixed time),
// and reading a downloaded XLSX workbook.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { crc32, deflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { unzipSync, strFromU8 } from 'fflate';
import { Server } from '../../kiosk-ui/tests/server.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const ARTIFACTS = process.env.ARTIFACTS || join(import.meta.dirname, 'artifacts');
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
export const PASSWORD = 'web-ui-browser-tests-Pa55word!';

/** Polls `predicate` (may be async) until it answers truthy; fails with `message` after `timeout` ms. */
export async function waitUntil(predicate, { timeout = 20000, interval = 100, message = 'the condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

// ---- Webhook notices ------------------------------------------------------------------------------------------

/** A loopback HTTP server that takes the server's webhook posts (JSON notices) and keeps them, by path. */
export class NoticeCatcher {
  static async start() {
    const catcher = new NoticeCatcher();
    catcher.received = [];
    catcher.http = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        try {
          catcher.received.push({ path: req.url, notice: JSON.parse(body) });
        } catch {
          catcher.received.push({ path: req.url, notice: null });
        }
        res.writeHead(204).end();
      });
    });
    await new Promise((resolve) => catcher.http.listen(0, '127.0.0.1', resolve));
    catcher.url = `http://127.0.0.1:${catcher.http.address().port}`;
    return catcher;
  }

  /** The first notice at `path` that `matches`, once the relay has delivered it. */
  waitFor(path, matches = () => true, timeout = 20000) {
    return waitUntil(() => this.received.find((r) => r.path === path && r.notice && matches(r.notice))?.notice,
      { timeout, message: `a notice at ${path}` });
  }

  close() {
    return new Promise((resolve) => this.http.close(resolve));
  }
}

// ---- The suite ------------------------------------------------------------------------------------------------

const pageFaults = [];

/**
 * Starts the server (its webhooks allowed to reach this machine, and signed), a notice catcher and the browser
 * before the file's tests, and stops them after; fails the file on any policy violation. The returned object
 * is filled in then: `server`, `hooks`, `browser`. `fakes(suite)` starts fakes of outside services and returns
 * the server settings (`LIAISON_*`) pointing at them; it may set `suite.closeFakes`.
 */
export function screenSuite({ fakes = null } = {}) {
  const suite = new ScreenSuite();
  before(async () => {
    suite.hooks = await NoticeCatcher.start();
    // Fakes of outside services the file needs (a provider's API on loopback): they start first and give the
    // server's settings that point at them.
    const env = fakes ? await fakes(suite) : {};
    suite.server = await Server.create({
      env: { LIAISON_NOTIFY__ALLOW_PRIVATE_TARGETS: 'true', LIAISON_NOTIFY__WEBHOOK_SECRET: 'web-ui-browser-tests-webhook-secret', ...env },
    });
    suite.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--lang=zh-CN'],
    });
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.dispose();
    await suite.hooks?.close();
    await suite.closeFakes?.();
    assert.deepEqual(pageFaults, [], 'Content-Security-Policy violations and page errors');
  });
  return suite;
}

class ScreenSuite {
  /** A phone-sized page in a context of its own (fresh storage), watched for policy violations. */
  async phonePage(options = {}) {
    const context = await this.browser.newContext({ ...PHONE, ...options });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} in ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    context.on('console', (message) => {
      if (message.type() === 'error' && /Content.Security.Policy|CSP violation/i.test(message.text())) {
        pageFaults.push(`${message.location().url}: ${message.text()}`);
      }
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    page.on('pageerror', (err) => pageFaults.push(`page error: ${err.message}`));
    return page;
  }

  /** A JPEG of `width`×`height`, drawn by the browser (no image library needed). */
  async jpeg(width = 640, height = 480, colour = '#3a7bd5') {
    const page = await this.browser.newPage();
    try {
      const dataUrl = await page.evaluate(({ width, height, colour }) => {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const g = canvas.getContext('2d');
        g.fillStyle = colour;
        g.fillRect(0, 0, width, height);
        g.fillStyle = '#ffffff';
        g.fillRect(width / 4, height / 4, width / 2, height / 2);
        return canvas.toDataURL('image/jpeg', 0.9);
      }, { width, height, colour });
      return Buffer.from(dataUrl.split(',')[1], 'base64');
    } finally {
      await page.close();
    }
  }

  /** The API as someone signed in with `token` (or anonymously); the answer's JSON, or an error naming the status. */
  api(path, options = {}) {
    return this.server.json(path, options);
  }
}

/**
 * A PNG of `width`×`height` in one colour (`[r, g, b]`), built from bytes (a deputy's portrait, say): the
 * signature, IHDR (8-bit RGB), the rows deflated in one IDAT, IEND.
 */
export function png(width = 48, height = 48, [r, g, b] = [200, 60, 60]) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])));
    return Buffer.concat([head, Buffer.from(type, 'ascii'), data, tail]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

// ---- Checks every state gets ----------------------------------------------------------------------------------

async function axeViolations(page) {
  // Evaluated, not added as a <script>: the page's policy refuses inline scripts.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

async function smallTargets(page, minimum) {
  return page.evaluate((min) => {
    const selector = 'button, a[href], input:not([type=hidden]), textarea, select, [role=button], [tabindex]:not([tabindex="-1"])';
    return [...document.querySelectorAll(selector)]
      .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { what: `${el.tagName.toLowerCase()}#${el.id} “${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 20)}”`, w: r.width, h: r.height };
      })
      .filter((t) => t.w < min - 0.5 || t.h < min - 0.5)
      .map((t) => `${t.what}: ${Math.round(t.w)}×${Math.round(t.h)}`);
  }, minimum);
}

/**
 * No policy violation so far, no axe-core violation of any impact, every target at least `minTarget` px each
 * way (44 unless told), no sideways scrolling; a full-page screenshot in artifacts/`name`.png.
 */
export async function checkPage(page, name, { minTarget = 44 } = {}) {
  assert.deepEqual(pageFaults, [], `${name}: Content-Security-Policy violations and page errors`);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  assert.deepEqual(await axeViolations(page), [], `${name}: accessibility`);
  assert.deepEqual(await smallTargets(page, minTarget), [], `${name}: targets under ${minTarget}×${minTarget} px`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name}: no sideways scrolling`);
}

/** A problem+json answer for `page.route`. */
export const problem = (status, code, detail = code) => ({
  status, contentType: 'application/problem+json', body: JSON.stringify({ type: `urn:liaison:problem:${code}`, title: code, status, code, detail, request_id: 'req-test-0001' }),
});

/** The sheets of an XLSX workbook by name, each as rows of cell texts (shared strings resolved, numbers as
 * written), read with a zip reader and the Office Open XML layout: enough to check what the ledger holds. */
export function readXlsx(bytes) {
  const files = unzipSync(new Uint8Array(bytes));
  const xml = (path) => strFromU8(files[path]);
  const unescape = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const shared = [...xml('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)]
    .map((m) => unescape([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
  const targets = Object.fromEntries([...xml('xl/_rels/workbook.xml.rels').matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  const sheets = {};
  for (const m of xml('xl/workbook.xml').matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)) {
    const rows = [...xml(`xl/${targets[m[2]].replace(/^\/?xl\//, '')}`).matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)].map((row) =>
      [...row[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].reduce((cells, c) => {
        const column = [...c[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
        const value = /<v>([\s\S]*?)<\/v>/.exec(c[3] || '')?.[1];
        cells[column] = value === undefined ? '' : / t="s"/.test(c[2]) ? shared[Number(value)] : unescape(value);
        return cells;
      }, []));
    sheets[unescape(m[1])] = rows;
  }
  return { sheets };
}
