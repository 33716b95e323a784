// The console's dashboard (#/dashboard), prepared through the API only: an administrator makes a staff account
// for XH-01 and a committee account; residents file reports placed in XH-01's grids (one closed by staff). The
// dashboard's numbers equal GET /api/v1/stats for the same period (the three rates, totals, weeks, groupings,
// open reports by grid on the map); charts (ECharts) and the map (Leaflet) draw without a policy violation,
// tooltips included; switching language draws everything again; a load that finishes after the person moved on
// draws nothing; the 明白账 downloads carry the same numbers; and with a tile source configured, the map asks a
// loopback tile server for tiles. Every state: the page policy, axe, 44 px targets, no sideways scrolling.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { screenSuite, checkPage, waitUntil, readXlsx, PASSWORD } from './helpers.js';
import { Server, ADMIN } from '../../kiosk-ui/tests/server.js';

const s = screenSuite();
const DESKTOP = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false, acceptDownloads: true };
const RATES = ['response', 'resolution', 'satisfaction'];
const EVIL = '<img src=x onerror="window.__pwned = 1">';

let prepared;
const setup = () => (prepared ??= prepare(s.server));

/** Accounts and reports on `server`: staff of XH-01, the committee, seven reports in three grids and one in none. */
async function prepare(server) {
  const admin = await server.adminToken();
  const json = (path, options) => server.json(path, options);
  await json('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'xh.staff', display_name: '李工作', role: 'staff', password: PASSWORD, stations: ['XH-01'] } });
  await json('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'gongwei', display_name: '工委王', role: 'committee', password: PASSWORD } });
  const filed = [];
  const places = [['HP-XH-HX-G1', 'environment'], ['HP-XH-HX-G1', 'environment'], ['HP-XH-HX-G1', 'roads_traffic'], ['HP-XH-HX-G2', 'elderly_care'],
    ['HP-XH-GM-G1', 'environment'], ['HP-XH-GM-G1', 'legal_petition'], [null, 'utilities']];
  for (const [area, category] of places) filed.push(await file(server, { category, ...(area ? { area } : {}) }));
  filed.push(await file(server, { category: 'other', title: `标题${EVIL}`, area: 'HP-XH-YL-G1' }));
  // Staff close one, so open and received differ.
  await json(`/api/v1/reports/${filed[0].id}/actions`, { method: 'POST', token: admin, body: { action: 'close', outcome: 'referred', reason: '测试', explanation: '此事已转交相关部门办理。' } });
  return { admin, filed };
}

async function file(server, extra) {
  const body = { description: '（看板测试）小区门口的路灯坏了一个月', channel: 'web', station: 'XH-01', ...extra };
  const response = await fetch(`${server.url}/api/v1/reports`, {
    method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
  });
  assert.equal(response.status, 201, await response.clone().text());
  return response.json();
}

async function signIn(page, url, username, hash = '#/dashboard') {
  await page.goto(`${url}/console/${hash}`);
  await page.waitForSelector('main[data-view="signin"] #username');
  await page.fill('#username', username);
  await page.fill('#password', username === ADMIN.username ? ADMIN.password : PASSWORD);
  await page.click('#password-submit');
}

const drawn = (page) => page.waitForSelector('main[data-view="dashboard"][data-state="ready"][data-drawn="true"]', { timeout: 30000 });
const stats = async (query) => s.api(`/api/v1/stats?${new URLSearchParams({ station: 'XH-01', ...query })}`, { token: await s.server.adminToken() });
const openOf = (f) => f.open ?? f.received - (f.by_status.closed ?? 0);
const cell = (page, table, key, which) => page.textContent(`#table-${table} tr[data-key="${key}"] td.${which}`);

let staff;

test('the dashboard has every word in both languages', async () => {
  const { DASHBOARD_ZH } = await import('../console/strings-dashboard-zh.js');
  const { DASHBOARD_EN } = await import('../console/strings-dashboard-en.js');
  assert.deepEqual(Object.keys(DASHBOARD_EN).sort(), Object.keys(DASHBOARD_ZH).sort());
  for (const [key, text] of Object.entries(DASHBOARD_EN)) assert.ok(!/[\u4e00-\u9fff]/.test(text), `en.${key} is English`);
});

test('the vendored libraries are served with their types, nested folders included', async () => {
  for (const [path, type] of [['/ui/shared/vendor/echarts/echarts.esm.min.js', /javascript/], ['/ui/shared/vendor/leaflet/leaflet.js', /javascript/],
    ['/ui/shared/vendor/leaflet/leaflet.css', /text\/css/], ['/ui/shared/vendor/leaflet/images/layers.png', /image\/png/]]) {
    const response = await fetch(`${s.server.url}${path}`);
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get('content-type'), type, path);
    const body = Buffer.from(await response.arrayBuffer());
    assert.ok(body.equals(readFileSync(new URL(`../shared/vendor/${path.slice('/ui/shared/vendor/'.length)}`, import.meta.url))), `${path} is the committed file`);
  }
});

test('the dashboard shows the same numbers as GET /api/v1/stats: rates, totals, weeks, groupings, the map', async () => {
  await setup();
  const page = await s.phonePage(DESKTOP);
  staff = page;
  await signIn(page, s.server.url, 'xh.staff');
  await drawn(page);
  const from = await page.inputValue('#period-from');
  const to = await page.inputValue('#period-to');
  const api = await stats({ from, to });
  for (const rate of RATES) {
    const card = await page.$eval(`#rate-${rate}`, (el) => [Number(el.dataset.numerator), Number(el.dataset.denominator), el.textContent]);
    assert.deepEqual(card.slice(0, 2), [api.total[rate].numerator, api.total[rate].denominator], rate);
    if (api.total[rate].denominator) assert.ok(card[2].includes(`${api.total[rate].numerator}/${api.total[rate].denominator}`), card[2]);
    assert.equal(card[2].includes('样本不足'), api.total[rate].small_sample, `${rate}: the small-sample flag in words`);
  }
  assert.equal(await page.textContent('#total-received'), String(api.total.received));
  assert.equal(await page.textContent('#total-open'), String(openOf(api.total)));
  assert.ok(api.total.received >= 8);

  for (const group of ['category', 'deputy', 'unit', 'channel']) {
    const answer = await stats({ from, to, group_by: group });
    assert.equal(await page.$$eval(`#table-${group} tbody tr`, (rows) => rows.length), answer.groups.length, group);
    for (const g of answer.groups) {
      assert.equal(await cell(page, group, g.key, 'received'), String(g.figures.received), `${group} ${g.key}`);
      assert.equal(await cell(page, group, g.key, 'open'), String(openOf(g.figures)), `${group} ${g.key} open`);
    }
    assert.equal(await page.getAttribute(`#chart-${group}`, 'data-drawn'), 'true');
  }
  // Weeks: one call, every Monday of the period listed, the server's numbers where it has any.
  const weeks = await stats({ from, to, group_by: 'week' });
  for (const g of weeks.groups) assert.equal(await cell(page, 'weeks', g.key, 'received'), String(g.figures.received), `week of ${g.key}`);
  const listed = await page.$$eval('#table-weeks tbody tr', (rows) => rows.map((r) => [r.dataset.key, Number(r.querySelector('td.received').textContent)]));
  assert.equal(listed.reduce((n, [, v]) => n + v, 0), api.total.received, 'the weeks add up to the total');
  for (const [monday] of listed) assert.equal(new Date(`${monday}T12:00:00Z`).getUTCDay(), 1, `${monday} is a Monday`);

  // The map: XH-01's six grids drawn, each labelled with its open count, which is the API's; the same in the table.
  const grids = await stats({ from, to, group_by: 'grid' });
  assert.equal(await page.getAttribute('#grid-map', 'data-grids'), '6');
  for (const g of grids.groups) {
    assert.equal(await cell(page, 'grid', g.key, 'open'), String(openOf(g.figures)), `grid ${g.key}`);
    if (g.key !== 'unassigned') assert.equal(await page.textContent(`#grid-map .grid-count[data-grid="${g.key}"]`), String(openOf(g.figures)), `map label ${g.key}`);
  }
  assert.equal(await cell(page, 'grid', 'HP-XH-HX-G1', 'open'), '2', 'three filed there, one closed');
  assert.equal(await page.$('#table-grid tr[data-key="HP-NH-HB-G1"]'), null, 'another station\u2019s grid is not listed');
  assert.equal(await page.$$eval('#grid-map path.leaflet-interactive', (p) => p.length), 6);
  assert.equal(await page.$('#grid-map img.leaflet-tile'), null, 'no tiles without a tile source');
  assert.match(await page.textContent('#map-source'), /未配置地图底图/);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await checkPage(page, 'dashboard-01-staff');

  // A chart's tooltip (DOM, not markup) draws without a policy violation.
  const box = await page.$('#chart-category');
  await box.scrollIntoViewIfNeeded();
  const b = await box.boundingBox();
  await page.mouse.move(b.x + b.width / 2, b.y + 50);
  await page.waitForSelector('#chart-category .chart-tip strong', { state: 'attached' });
  await page.mouse.move(0, 0);
  await checkPage(page, 'dashboard-02-tooltip');
});

test('switching language draws the dashboard again in English', async () => {
  const page = staff;
  await page.click('#lang');
  await page.waitForFunction(() => document.querySelector('#view-heading')?.textContent === 'Dashboard');
  await drawn(page);
  assert.match(await page.textContent('#by-grid-title'), /not closed, by grid/);
  assert.match(await page.textContent('#table-category thead'), /Received/);
  assert.match(await page.textContent('#map-source'), /No map background/);
  await checkPage(page, 'dashboard-03-english');
  await page.click('#lang');
  await page.waitForFunction(() => document.querySelector('#view-heading')?.textContent === '数据看板');
  await drawn(page);
});

test('a dashboard load that finishes after moving on draws nothing over the next view', async () => {
  const page = staff;
  const held = [];
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await page.route('**/api/v1/stats?*', async (route) => {
    held.push(route);
    await released;
    await route.continue();
  });
  await page.goto(`${s.server.url}/console/#/supervision`);
  await page.waitForSelector('main[data-view="supervision"]');
  await page.goto(`${s.server.url}/console/#/dashboard`);
  await waitUntil(() => held.length === 1, { message: 'the dashboard\u2019s figures call held' });
  await page.goto(`${s.server.url}/console/#/supervision`);
  await page.waitForSelector('main[data-view="supervision"][data-state="ready"]');
  const finished = Promise.all(held.map((route) => page.waitForResponse((r) => r.request() === route.request())));
  release();
  await finished;
  // Leave the page time to draw, two frames, then look.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  assert.equal(await page.getAttribute('main', 'data-view'), 'supervision');
  assert.equal(await page.$('#rate-response'), null);
  assert.equal(await page.$('#grid-map'), null);
  await page.unroute('**/api/v1/stats?*');
});

test('the 明白账 downloads: XLSX is a workbook, the CSV figures equal the dashboard\u2019s and the API\u2019s', async () => {
  const page = staff;
  await page.goto(`${s.server.url}/console/#/dashboard`);
  await drawn(page);
  const from = await page.inputValue('#period-from');
  const to = await page.inputValue('#period-to');
  const api = await stats({ from, to });

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
  const workbook = readFileSync(await xlsx.path());
  assert.ok(workbook.length > 100 && workbook.subarray(0, 2).toString() === 'PK', 'a zip');
  assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
  // Opened: its sheets by name, and the totals sheet's numbers are the API's.
  const book = readXlsx(workbook);
  for (const name of ['三率 totals', '按周 by week', '按网格 by grid', '清单 reports']) assert.ok(book.sheets[name], `sheet ${name}`);
  const totals = Object.fromEntries(book.sheets['三率 totals'].filter((row) => row.length >= 2).map((row) => [row[0], row[1]]));
  assert.equal(Number(totals['收到 received']), api.total.received);
  assert.equal(Number(totals['在办 open']), api.total.open);
  for (const [heading, rate] of [['响应率 response rate', 'response'], ['解决率 resolution rate', 'resolution'], ['满意率 satisfaction rate', 'satisfaction']]) {
    if (api.total[rate].value === null) assert.equal(totals[heading], undefined, heading);
    else assert.ok(Math.abs(Number(totals[heading]) - api.total[rate].value) < 1e-9, `${heading}: ${totals[heading]}`);
  }
  assert.equal(book.sheets['清单 reports'].length - 1, api.total.received, 'one row per report');
  await page.waitForSelector('#export-done');
  assert.ok(!page.url().includes('token'));

  const [figures] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv-figures')]);
  assert.match(figures.suggestedFilename(), /\.csv$/);
  const rows = parseCsv(readFileSync(await figures.path(), 'utf8'));
  const total = csvFigures(rows, 'total');
  assert.equal(total.received, api.total.received, 'received');
  assert.equal(total.received, Number(await page.textContent('#total-received')), 'the dashboard\u2019s received');
  assert.equal(total.open, Number(await page.textContent('#total-open')), 'the dashboard\u2019s open');
  for (const rate of RATES) {
    const card = await page.$eval(`#rate-${rate}`, (el) => [Number(el.dataset.numerator), Number(el.dataset.denominator)]);
    assert.deepEqual([total[`${rate}_n`], total[`${rate}_d`]], card, `${rate} in the CSV and on the dashboard`);
    assert.deepEqual(card, [api.total[rate].numerator, api.total[rate].denominator], `${rate} on the dashboard and in the API`);
  }
  for (const group of ['category', 'grid', 'week']) {
    const answer = await stats({ from, to, group_by: group });
    for (const g of answer.groups) {
      const line = csvFigures(rows, group, g.key);
      assert.deepEqual([line.received, line.open], [g.figures.received, openOf(g.figures)], `${group} ${g.key}`);
      const table = group === 'week' ? 'weeks' : group;
      assert.equal(await cell(page, table, g.key, 'received'), String(line.received), `${group} ${g.key} on the dashboard`);
    }
  }

  const [list] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv-reports')]);
  const reports = parseCsv(readFileSync(await list.path(), 'utf8'));
  assert.equal(reports.length - 1, api.total.received, 'one row a report, under a header');

  // A chosen month and a chosen year.
  await page.check('#export-mode-month');
  await page.fill('#export-month', to.slice(0, 7));
  const [month] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv-figures')]);
  assert.equal(csvFigures(parseCsv(readFileSync(await month.path(), 'utf8')), 'total').received, api.total.received);
  await page.check('#export-mode-year');
  await page.fill('#export-year', '1999');
  await page.click('#export-xlsx');
  await page.waitForSelector('#export-invalid');
  await page.fill('#export-year', to.slice(0, 4));
  const [year] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv-figures')]);
  assert.ok(csvFigures(parseCsv(readFileSync(await year.path(), 'utf8')), 'total').received >= api.total.received);
  await page.waitForSelector('#export-done');
  await checkPage(page, 'dashboard-04-exports');
});

test('the committee sees the figures and the map of the station it picks', async () => {
  await setup();
  const page = await s.phonePage(DESKTOP);
  await signIn(page, s.server.url, 'gongwei');
  await page.waitForSelector('main[data-view="dashboard"][data-state="ready"]');
  await page.waitForSelector('main[data-drawn="true"]', { timeout: 30000 });
  const station = await page.inputValue('#station');
  const api = await stats({ from: await page.inputValue('#period-from'), to: await page.inputValue('#period-to'), station });
  assert.equal(await page.textContent('#total-received'), String(api.total.received));
  assert.equal(await page.getAttribute('#grid-map', 'data-grids'), '6', 'the station\u2019s grids, from the directory');
  await checkPage(page, 'dashboard-05-committee');
  await page.context().close();
});

test('periods and file names the downloads use', async () => {
  const page = staff;
  const out = await page.evaluate(async () => {
    const m = await import('/console/dashboard-exports.js');
    const d = await import('/console/dashboard.js');
    return {
      thisMonth: m.exportPeriod({ mode: 'this_month' }, '2026-02-17'),
      february: m.exportPeriod({ mode: 'month', month: '2028-02' }),
      year: m.exportPeriod({ mode: 'year', year: '2026' }),
      badYear: m.exportPeriod({ mode: 'year', year: '1999' }),
      noMonth: m.exportPeriod({ mode: 'month', month: '' }),
      plain: m.dispositionName('attachment; filename="liaison-XH-01-2026-12.xlsx"', 'x'),
      star: m.dispositionName(`attachment; filename="a.csv"; filename*=UTF-8''%E6%98%8E%E7%99%BD%E8%B4%A6.csv`, 'x'),
      path: m.dispositionName('attachment; filename="../../etc/passwd"', 'x'),
      none: m.dispositionName(null, 'fallback.csv'),
      mondays: d.mondays('2026-12-01', '2026-12-31'),
    };
  });
  assert.deepEqual(out.thisMonth, { from: '2026-02-01', to: '2026-02-17' });
  assert.deepEqual(out.february, { from: '2028-02-01', to: '2028-02-29' });
  assert.deepEqual(out.year, { from: '2026-01-01', to: '2026-12-31' });
  assert.equal(out.badYear.problem, 'dash_export_bad_year');
  assert.equal(out.noMonth.problem, 'dash_export_bad_month');
  assert.equal(out.plain, 'liaison-XH-01-2026-12.xlsx');
  assert.equal(out.star, '明白账.csv');
  assert.ok(!out.path.includes('/'));
  assert.equal(out.none, 'fallback.csv');
  assert.deepEqual(out.mondays, ['2026-11-30', '2026-12-07', '2026-12-14', '2026-12-21', '2026-12-28']);
});

test('the legend\u2019s steps, and a city\u2019s many grids drawn on one canvas and named on hover', async () => {
  const page = staff;
  const out = await page.evaluate(async () => {
    const m = await import('/console/dashboard-map.js');
    const steps = (max) => m.legendSteps(max).map((s) => [s.low, s.high]);
    const square = (i) => ({ type: 'Polygon', coordinates: [[[117 + (i % 10) * 0.01, 39 + Math.floor(i / 10) * 0.01], [117.01 + (i % 10) * 0.01, 39 + Math.floor(i / 10) * 0.01],
      [117.01 + (i % 10) * 0.01, 39.01 + Math.floor(i / 10) * 0.01], [117 + (i % 10) * 0.01, 39 + Math.floor(i / 10) * 0.01]]] });
    const rows = Array.from({ length: 100 }, (_, i) => ({ code: `G-${i}`, name: `网格${i}`, area: { boundary: square(i) }, open: i % 7, received: i % 7, figures: {} }));
    const box = document.createElement('div');
    box.className = 'grid-map';
    document.body.append(box);
    const map = await m.drawMap(box, { rows, settings: null, stillWanted: () => true });
    const drawn = { grids: box.dataset.grids, canvas: Boolean(box.querySelector('canvas')), labels: box.querySelectorAll('.grid-count').length };
    map.remove();
    box.remove();
    return { none: steps(0), three: steps(3), twelve: steps(12), drawn };
  });
  assert.deepEqual(out.none, [[0, 0]]);
  assert.deepEqual(out.three, [[0, 0], [1, 1], [2, 2], [3, 3]]);
  assert.deepEqual(out.twelve, [[0, 0], [1, 3], [4, 6], [7, 9], [10, 12]]);
  assert.deepEqual(out.drawn, { grids: '100', canvas: true, labels: 0 });
});

// ---- With a tile source --------------------------------------------------------------------------------------

/** A loopback tile server: a 1×1 PNG for every /{z}/{x}/{y}.png, the paths asked for kept. */
async function tileServer() {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC', 'base64');
  const tiles = { asked: [] };
  tiles.http = createServer((req, res) => {
    tiles.asked.push(req.url);
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length }).end(png);
  });
  await new Promise((resolve) => tiles.http.listen(0, '127.0.0.1', resolve));
  tiles.url = `http://127.0.0.1:${tiles.http.address().port}`;
  return tiles;
}

let tiled;
after(async () => {
  await tiled?.server.dispose();
  await new Promise((resolve) => (tiled?.tiles.http ? tiled.tiles.http.close(resolve) : resolve()));
});

test('with a tile source configured, the map draws tiles from it, with its attribution as text', async () => {
  const tiles = await tileServer();
  const server = await Server.create({ env: { LIAISON_MAP__TILE_URL: `${tiles.url}/{z}/{x}/{y}.png`, LIAISON_MAP__ATTRIBUTION: `© 测试底图 ${EVIL}` } });
  tiled = { tiles, server };
  await prepare(server);
  const settings = await server.json('/api/v1/ui-settings');
  assert.equal(settings.map.tile_url, `${tiles.url}/{z}/{x}/{y}.png`);
  const page = await s.phonePage(DESKTOP);
  const response = await page.goto(`${server.url}/console/`);
  assert.ok(response.headers()['content-security-policy'].includes(tiles.url), 'the tile origin is allowed for images');
  await signIn(page, server.url, 'xh.staff');
  await drawn(page);
  await page.waitForSelector('#grid-map[data-tiles="loaded"]');
  assert.ok(tiles.asked.some((path) => /^\/\d+\/\d+\/\d+\.png$/.test(path)), JSON.stringify(tiles.asked));
  assert.equal(await page.textContent('#map-source'), `底图：© 测试底图 ${EVIL}`);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await checkPage(page, 'dashboard-06-tiles');
  await page.context().close();
});

// ---- CSV ----------------------------------------------------------------------------------------------------

/** Rows of fields (RFC 4180: quotes, doubled quotes, CRLF or LF), a byte-order mark dropped. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** The CSV's columns this test reads, by the name in its header (`收到 received` …). */
const CSV_COLUMNS = {
  received: 'received', open: 'open', response_n: 'responded', response_d: 'to respond', resolution_n: 'resolved', resolution_d: 'closed',
  satisfaction_n: 'satisfied', satisfaction_d: 'rated',
};

/** The figures row of the CSV for `grouping` (and `key`), as numbers by the names of CSV_COLUMNS. */
function csvFigures(rows, grouping, key = null) {
  const [header, ...body] = rows;
  const col = (english) => header.findIndex((h) => h === english || h.endsWith(` ${english}`));
  const row = body.find((r) => r[col('grouping')] === grouping && (key === null || r[col('key')] === key));
  assert.ok(row, `a row for ${grouping} ${key ?? ''} in ${JSON.stringify(header)}`);
  return Object.fromEntries(Object.entries(CSV_COLUMNS).map(([name, english]) => {
    assert.ok(col(english) >= 0, `a column “${english}” in ${JSON.stringify(header)}`);
    return [name, Number(row[col(english)])];
  }));
}
