// Page weight and time-to-usable of the citizen's phone app (/m/), measured (not a test: numbers to read). Starts
// the real server (the kiosk harness, with the demo data), then in headless Chromium on a phone viewport with the
// cache off and the CPU slowed 4× (Emulation.setCPUThrottlingRate) loads the first screen a station's QR code
// opens (#/station/XH-01) several times, until its entries and lists are drawn. For each: the bytes transferred
// (Network.loadingFinished's encodedDataLength: compressed, headers included, deputies' photos too), the
// milliseconds from navigation start to usable (the big entries, which need only the station's code, are on
// screen and work) and to everything drawn (the station's name, reception days and deputies).
//
//   LIAISON_BIN=…/debug/liaison node bench-citizen.mjs   (RUNS=5 default)

import { chromium } from 'playwright-core';
import { Server } from '../../kiosk-ui/tests/server.js';

const RUNS = Number(process.env.RUNS || 5);

async function measure(browser, url, ready, drawn) {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
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
  await page.waitForSelector(drawn, { timeout: 30000 });
  // The page marks the moments itself (performance.mark in home.js): polling for them would add its own delay.
  const [usable, complete] = await page.evaluate(() => ['liaison:entries', 'liaison:drawn']
    .map((name) => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? -1)));
  await page.waitForLoadState('networkidle').catch(() => {});
  await context.close();
  return { bytes, usable, complete, files };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await Server.create();
try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, `${server.url}/m/#/station/XH-01`, 'main[data-view="station"] #go-report', 'main[data-view="station"][data-state="ready"] #deputies'));
    console.log(`station home (from a QR code): ${(median(runs.map((r) => r.bytes)) / 1024).toFixed(1)} KB transferred, entries usable after ${median(runs.map((r) => r.usable))} ms, everything drawn after ${median(runs.map((r) => r.complete))} ms (median of ${RUNS}; CPU 4× slower, cache off)`);
    console.log(`  runs [bytes, usable ms, drawn ms]: ${JSON.stringify(runs.map((r) => [r.bytes, r.usable, r.complete]))}`);
    for (const [url, size] of runs[0].files) console.log(`  ${String(size).padStart(7)}  ${new URL(url || 'about:blank').pathname}`);
  } finally {
    await browser.close();
  }
} finally {
  await server.dispose();
}
