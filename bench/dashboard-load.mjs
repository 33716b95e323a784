// Times the console dashboard against a running server: signs in as a console user (staff, the committee or an
// administrator), then (1) times each API call the dashboard makes (GET /api/v1/stats once per grouping, the
// categories, the directory, the map settings), one at a time and then all at once as the page does, and (2)
// unless --no-browser, loads /console/#/dashboard in headless Chromium (playwright-core from web-ui/tests) and
// times it to the numbers on screen (`main[data-state=ready]`) and to every chart and the map drawn
// (`main[data-drawn=true]`), the first load and warm ones. Prints a table of medians and the slowest run.
//
//   node bench/dashboard-load.mjs [--url http://127.0.0.1:8080] [--user xh.staff] [--station XH-01]
//        [--from 2026-12-01] [--to 2026-12-31] [--runs 5] [--no-browser]
//   with LIAISON_BENCH_PASSWORD (the user's password) in the environment; CHROMIUM names the browser
//   (default /usr/bin/chromium). Run `npm ci` in web-ui/tests first for the browser part.

import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    user: { type: 'string', default: 'admin' },
    station: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    runs: { type: 'string', default: '5' },
    'no-browser': { type: 'boolean', default: false },
  },
});
const BASE = opts.url.replace(/\/$/, '');
const RUNS = Math.max(1, Number(opts.runs) || 5);
const PASSWORD = process.env.LIAISON_BENCH_PASSWORD;
if (!PASSWORD) {
  console.error('Set LIAISON_BENCH_PASSWORD to the password of --user.');
  process.exit(2);
}
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const FROM = opts.from || `${today.slice(0, 8)}01`;
const TO = opts.to || today;
const GROUPINGS = ['week', 'category', 'grid', 'deputy', 'unit', 'channel'];

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const ms = (x) => `${x.toFixed(0)} ms`;

async function timed(path, token) {
  const started = performance.now();
  const response = await fetch(`${BASE}${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Accept-Encoding': 'gzip' } });
  const body = await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${Buffer.from(body).toString().slice(0, 300)}`);
  return { elapsed, bytes: body.byteLength };
}

async function main() {
  const login = await fetch(`${BASE}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: opts.user, password: PASSWORD }) });
  if (!login.ok) throw new Error(`signing in as ${opts.user}: ${login.status} ${await login.text()}`);
  const { access_token: token } = await login.json();
  const query = (extra) => new URLSearchParams({ from: FROM, to: TO, ...(opts.station ? { station: opts.station } : {}), ...extra });
  const calls = [
    [`stats group_by=${GROUPINGS.join(',')} (what the page asks)`, `/api/v1/stats?${query({ group_by: GROUPINGS.join(',') })}`],
    ...GROUPINGS.map((g) => [`stats group_by=${g}`, `/api/v1/stats?${query({ group_by: g })}`]),
    ['categories', '/api/v1/categories'],
    ['directory', '/api/v1/directory'],
    ['ui-settings', '/api/v1/ui-settings'],
  ];
  const total = await (await fetch(`${BASE}/api/v1/stats?${query({})}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  console.log(`dashboard load against ${BASE} as ${opts.user}, ${FROM} to ${TO}${opts.station ? `, station ${opts.station}` : ''}: ${total.total?.received ?? '?'} reports in the period; ${RUNS} runs each`);

  const rows = [];
  for (const [name, path] of calls) {
    const times = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      try {
        const r = await timed(path, token);
        times.push(r.elapsed);
        bytes = r.bytes;
      } catch (err) {
        if (name === 'directory' || name === 'ui-settings') { rows.push([name, 'refused or missing', '', '']); break; }
        throw err;
      }
    }
    if (times.length) rows.push([name, ms(median(times)), ms(Math.max(...times)), `${(bytes / 1024).toFixed(1)} KB`]);
  }
  const together = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    // The page's calls: the one stats call for every grouping and the reference data (not the single groupings).
    await Promise.all(calls.filter(([name]) => !/^stats group_by=[a-z]+$/.test(name)).map(([, path]) => timed(path, token).catch(() => null)));
    together.push(performance.now() - started);
  }
  rows.push(['all calls at once (as the page)', ms(median(together)), ms(Math.max(...together)), '']);

  if (!opts['no-browser']) rows.push(...await browser(token));

  console.log('\n| what | median | slowest | size |\n| --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

/** The page in Chromium: signed in through the form once, then the dashboard loaded `RUNS` times. */
async function browser() {
  const require = createRequire(fileURLToPath(new URL('../web-ui/tests/package.json', import.meta.url)));
  const { chromium } = require('playwright-core');
  const browserApp = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browserApp.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.setDefaultTimeout(120000);
    await page.goto(`${BASE}/console/#/signin`);
    await page.fill('#username', opts.user);
    await page.fill('#password', PASSWORD);
    await page.click('#password-submit');
    await page.waitForSelector('#nav-dashboard');
    if (opts.station) {
      await page.evaluate((code) => localStorage.setItem('liaison.console.station', code), opts.station);
    }
    const ready = [];
    const drawn = [];
    for (let i = 0; i < RUNS + 1; i++) {
      await page.goto('about:blank');
      const started = Date.now();
      await page.goto(`${BASE}/console/#/dashboard`);
      await page.waitForSelector('main[data-view="dashboard"][data-state="ready"]');
      ready.push(Date.now() - started);
      await page.waitForSelector('main[data-drawn="true"]');
      drawn.push(Date.now() - started);
    }
    const [firstReady, ...warmReady] = ready;
    const [firstDrawn, ...warmDrawn] = drawn;
    return [
      ['page, first load: numbers on screen', ms(firstReady), '', ''],
      ['page, first load: charts and map drawn', ms(firstDrawn), '', ''],
      ['page, warm: numbers on screen', ms(median(warmReady)), ms(Math.max(...warmReady)), ''],
      ['page, warm: charts and map drawn', ms(median(warmDrawn)), ms(Math.max(...warmDrawn)), ''],
    ];
  } finally {
    await browserApp.close();
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
