// Page weight and time-to-usable of the deputy's workbench, measured (not a test: numbers to read, nothing
// that can flake). Starts the real server (the kiosk harness, with the demo data), signs a deputy in through
// the API, then in headless Chromium on a phone viewport with the cache off and the CPU slowed 4× (the
// DevTools protocol's Emulation.setCPUThrottlingRate) loads two first screens several times:
//   - the sign-in screen a notice's link opens on first use (no session yet),
//   - the inbox of a signed-in deputy (the session in localStorage), until its list is drawn.
// For each: the bytes transferred (Network.loadingFinished's encodedDataLength: compressed, headers
// included) and the milliseconds from navigation start to usable (the form, or the drawn list).
//
//   LIAISON_BIN=…/debug/liaison node bench-deputy.mjs   (run.sh's setup exports LIAISON_BIN; RUNS=5 default)

import { chromium } from 'playwright-core';
import { Server } from '../../kiosk-ui/tests/server.js';

const RUNS = Number(process.env.RUNS || 5);
const PASSWORD = 'bench-deputy-Pa55word!';

async function measure(browser, url, ready, { session } = {}) {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  if (session) {
    await context.addInitScript((saved) => localStorage.setItem('liaison.deputy.session', saved), session);
  }
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  const files = [];
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    files.push([urls.get(e.requestId), e.encodedDataLength]);
  });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector(ready, { timeout: 30000 });
  const usable = await page.evaluate(() => Math.round(performance.now()));
  await page.waitForLoadState('networkidle').catch(() => {});
  await context.close();
  return { bytes, usable, files };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await Server.create();
try {
  const admin = await server.adminToken();
  await server.json('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'bench.deputy', display_name: '测试代表', role: 'deputy', password: PASSWORD, deputy: 'D-003' } });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const results = {};
    for (const [name, ready, signedIn] of [['sign-in (first use, from a notice)', 'main[data-view="signin"] #phone', false], ['inbox (signed in)', 'main[data-view="inbox"][data-state="ready"]', true]]) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        let session;
        if (signedIn) {
          const pair = await server.json('/api/v1/auth/login', { method: 'POST', body: { username: 'bench.deputy', password: PASSWORD } });
          const now = Date.now();
          session = JSON.stringify({ ...pair, access_expires_at: now + pair.expires_in * 1000, access_lifetime_ms: pair.expires_in * 1000, refresh_expires_at: now + pair.refresh_expires_in * 1000 });
        }
        const url = signedIn ? `${server.url}/deputy/#/inbox` : `${server.url}/deputy/#/reports/00000000-0000-4000-8000-000000000000`;
        runs.push(await measure(browser, url, ready, { session }));
      }
      results[name] = { bytes: median(runs.map((r) => r.bytes)), usable_ms: median(runs.map((r) => r.usable)), runs: runs.map((r) => [r.bytes, r.usable]), files: runs[0].files };
    }
    for (const [name, r] of Object.entries(results)) {
      console.log(`${name}: ${(r.bytes / 1024).toFixed(1)} KB transferred, usable after ${r.usable_ms} ms (median of ${RUNS}; CPU 4× slower, cache off)`);
      console.log(`  runs [bytes, ms]: ${JSON.stringify(r.runs)}`);
      for (const [url, size] of r.files) console.log(`  ${String(size).padStart(7)}  ${new URL(url || 'about:blank').pathname}`);
    }
  } finally {
    await browser.close();
  }
} finally {
  await server.dispose();
}
