// The broken-lift report of issue #17, timed and counted: an 80-year-old resident of 和谐里4号楼, 2单元 5层,
// reports that the lift is broken, with one photo and her phone number, at a kiosk of 新华街道 (1280×1024).
//
//   node bench-lift.mjs                      the kiosk in this tree
//   node bench-lift.mjs --before DIR         also the kiosk in DIR (e.g. a `git worktree` of an older commit),
//                                            walked the way it allowed (community only, no building, no floor)
//
// For each: taps, screens and the scripted wall time (median of 3 runs; a machine's time, not a person's: it
// shows steps that wait, not reading or finding), and what the report that arrived says about the place.
// Needs what the browser tests need (LIAISON_BIN, CHROMIUM; see run.sh).

import { chromium } from 'playwright-core';
import { Server } from './server.js';

const RUNS = 3;
const before = process.argv.includes('--before') ? process.argv[process.argv.indexOf('--before') + 1] : null;

/** A page whose clicks are counted, and the screens it went through. */
function counted(page) {
  const seen = { taps: 0, screens: new Set() };
  const tap = async (selector) => {
    seen.taps += 1;
    // A new screen ignores taps for 400 ms (the double-tap guard): wait it out as a person would, rather than
    // let the browser retry its click with growing pauses. The kiosk before #17 has no guard.
    await page.waitForSelector('main[data-screen]:not([data-settling])');
    await page.click(selector);
  };
  const on = async (name) => {
    await page.waitForSelector(`main[data-screen="${name}"]`);
    seen.screens.add(name);
  };
  return { seen, tap, on };
}

// The flow the kiosk of this tree offers: a phrase for what and one for how long, the community, the building,
// unit and floor.
async function walkAfter(page) {
  const { seen, tap, on } = counted(page);
  await tap('#start-report');
  await on('category');
  await tap('[data-category="property_management"]');
  await on('describe');
  await tap('.chip:text-is("电梯故障")');
  await tap('.chip:text-is("已经持续一周")');
  await tap('[data-nav="next"]');
  await on('photos');
  await page.waitForFunction(() => document.querySelector('#preview')?.videoWidth > 0);
  await tap('#take-photo');
  await page.waitForFunction(() => document.querySelectorAll('.shot').length === 1);
  await tap('[data-nav="next"]');
  await on('place');
  await tap('[data-place="HP-XH-HX"]');
  await tap('[data-building="HP-XH-HX-G2-B2"]');
  await page.waitForSelector('#field-unit');
  await tap('[data-key="2"]');
  await tap('#field-floor');
  await tap('[data-key="5"]');
  await tap('[data-nav="next"]');
  await on('contact');
  for (const digit of '13812345678') await tap(`[data-key="${digit}"]`);
  await tap('#consent-personal');
  await tap('[data-nav="next"]');
  await on('review');
  await tap('#submit');
  await on('receipt');
  return seen;
}

// The flow the kiosk before issue #17 offered her: the phrase, her community (buildings were listed only under
// grids, so she found none), no floor.
async function walkBefore(page) {
  const { seen, tap, on } = counted(page);
  await tap('#start-report');
  await on('category');
  await tap('[data-category="property_management"]');
  await on('describe');
  await tap('.chip:text-is("电梯故障")');
  await tap('[data-nav="next"]');
  await on('photos');
  await page.waitForFunction(() => document.querySelector('#preview')?.videoWidth > 0);
  await tap('#take-photo');
  await page.waitForFunction(() => document.querySelectorAll('.shot').length === 1);
  await tap('[data-nav="next"]');
  await on('place');
  await tap('[data-place="HP-XH-HX"]');
  await tap('[data-nav="next"]');
  await on('contact');
  for (const digit of '13812345678') await tap(`[data-key="${digit}"]`);
  await tap('#consent-personal');
  await tap('[data-nav="next"]');
  await on('review');
  await tap('#submit');
  await on('receipt');
  return seen;
}

async function measure(label, uiDir, walk) {
  const env = uiDir ? { LIAISON_KIOSK_UI_DIR: uiDir } : {};
  const server = await Server.create({ env });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1024 }, locale: 'zh-CN' });
    await context.grantPermissions(['camera'], { origin: server.url });
    const page = await context.newPage();
    await page.goto(`${server.url}/kiosk/?setup`);
    await page.fill('#enrollment-code', await server.enrollmentCode());
    await page.click('#setup-go');
    await page.waitForSelector('main[data-screen="attract"]');
    const times = [];
    let seen;
    let code;
    for (let run = 0; run < RUNS; run++) {
      await page.goto(`${server.url}/kiosk/`);
      await page.waitForSelector('main[data-screen="attract"]');
      const started = performance.now();
      seen = await walk(page);
      times.push(performance.now() - started);
      code = (await page.textContent('#tracking-code')).trim();
    }
    const { id } = (await server.stationReports()).find((r) => r.tracking_code === code);
    const report = await server.json(`/api/v1/reports/${id}`, { token: await server.adminToken() });
    times.sort((a, b) => a - b);
    return {
      label,
      taps: seen.taps,
      screens: seen.screens.size,
      median_ms: Math.round(times[Math.floor(RUNS / 2)]),
      description: report.description,
      place: [report.place?.area?.name?.zh, report.place?.building?.name, report.address].filter(Boolean).join(' · ') || '(none)',
    };
  } finally {
    await browser.close();
    await server.dispose();
  }
}

const rows = [];
if (before) rows.push(await measure('before #17', before, walkBefore));
rows.push(await measure('this tree', null, walkAfter));
console.table(rows);
