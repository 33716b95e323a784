// A mixed soak against a running server (issue #22): for --duration, --concurrency workers file, read and act
// through the public API while --streams live streams (GET /api/v1/live) stay open, and every --interval one
// line says how it went: requests, errors, p50/p99 of each kind of request, live events, and the server's RSS
// (VmRSS of --pid, read from /proc). At the end: a Markdown table of the intervals and a verdict (errors, RSS
// growth and p99 from the first interval after --warmup to the last); the exit status is 1 if anything failed.
//
//   LIAISON_SOAK_PASSWORD=… node bench/soak.mjs --url http://127.0.0.1:8080 --duration 30m --interval 60s \
//     --pid PID [--concurrency 16] [--warmup 2m] [--streams 8] [--station XH-01]
//   (the administrator is `admin`, or LIAISON_SOAK_ADMIN); bench/soak.sh starts a server and runs this.
//
// Setup, through the API only: the administrator enrolls a kiosk at the station and makes a staff account for
// it and a deputy account bound to one of its active deputies. The mix, picked at random for each request:
//   20% file     POST /api/v1/reports as the kiosk (a new Idempotency-Key each; a quarter name the soak deputy)
//   50% read     GET categories, the station, who is on duty (as the kiosk, half of them revalidating with
//                If-None-Match), or the tracking view of a report filed earlier (as a citizen)
//   20% act      the deputy reads the inbox and moves one report on: accept, then answer; the citizen then
//                rates the answer by its tracking code, which closes it
//   10% staff    GET the station's reports and its triage queue, as staff
// Every answer but 2xx and 304 is an error, except 409 to a step another worker took first (counted as a
// race); a live stream that ends, breaks or stays silent for 45 s (the server's heartbeat comes every 15 s) is
// an error too, and is opened again. The first errors are printed with their bodies. Access tokens are renewed
// with their refresh tokens before they run out. Filing must not be limited: start the server with
// LIAISON_RATE_LIMITS__REPORTS_PER_CALLER_PER_MINUTE=1000000000.
// Nothing but node (18 or later).

import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    duration: { type: 'string', default: '30m' },
    interval: { type: 'string', default: '60s' },
    warmup: { type: 'string', default: '2m' },
    pid: { type: 'string' },
    concurrency: { type: 'string', default: '16' },
    streams: { type: 'string', default: '8' },
    station: { type: 'string', default: 'XH-01' },
  },
});

/** `30m`, `60s`, `1h`, `500ms` or a bare number of seconds, in milliseconds. */
function millis(text, name) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) usage(`--${name} ${text}: give a time like 30m, 60s or 1h`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's'];
}
function usage(why) {
  console.error(why);
  process.exit(2);
}

const BASE = opts.url.replace(/\/$/, '');
const DURATION = millis(opts.duration, 'duration');
const INTERVAL = millis(opts.interval, 'interval');
const WARMUP = millis(opts.warmup, 'warmup');
const CONCURRENCY = Number(opts.concurrency);
const STREAMS = Number(opts.streams);
const STATION = opts.station;
const PID = opts.pid ? Number(opts.pid) : null;
const ADMIN = process.env.LIAISON_SOAK_ADMIN || 'admin';
const PASSWORD = process.env.LIAISON_SOAK_PASSWORD;
if (!PASSWORD) usage('Set LIAISON_SOAK_PASSWORD (and LIAISON_SOAK_ADMIN unless the administrator is "admin").');
if (!(DURATION > 0) || !(INTERVAL > 0) || !(CONCURRENCY > 0) || !(STREAMS >= 0)) usage('--duration, --interval and --concurrency must be positive.');
if (PID !== null && !rss()) usage(`--pid ${opts.pid}: no such process (/proc/${opts.pid}/status)`);

const KINDS = ['file', 'read', 'act', 'staff'];
const RUN = Date.now().toString(36);
const REQUEST_TIMEOUT = 30_000;
const MAX_SAMPLES = 10;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = (list) => list[Math.floor(Math.random() * list.length)];

/** The server's resident set in MB, or null when the process is gone. */
function rss() {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${PID}/status`, 'utf8'));
    return kb ? Number(kb[1]) / 1024 : null;
  } catch {
    return null;
  }
}

// ---- counting: one bucket per interval, swapped by the ticker ----
const newBucket = () => ({
  latency: Object.fromEntries(KINDS.map((k) => [k, []])), requests: 0, errors: 0, races: 0,
  events: 0, reloads: 0, reopened: 0, filed: 0, steps: 0, closed: 0,
});
let bucket = newBucket();
let totalErrors = 0;
let printedErrors = 0;
let stopping = false;

function fail(what, detail) {
  bucket.errors += 1;
  totalErrors += 1;
  if (printedErrors < MAX_SAMPLES) {
    printedErrors += 1;
    console.error(`  error: ${what}: ${String(detail).slice(0, 400)}`);
    if (printedErrors === MAX_SAMPLES) console.error('  (further errors are counted, not printed)');
  }
}

/**
 * One timed request of a kind. Answers { status, data, headers } for 2xx and 304 (and for a status in
 * `allow`, counted as a race); anything else, or no answer, is an error and answers null.
 */
async function call(kind, method, path, { token, body, headers = {}, allow = [] } = {}) {
  const started = performance.now();
  let response;
  let text;
  try {
    response = await fetch(`${BASE}${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT),
    });
    text = await response.text();
  } catch (err) {
    bucket.requests += 1;
    fail(`${method} ${path}`, `no answer (${err.cause?.code ?? err.name ?? err.message})`);
    await sleep(200);
    return null;
  }
  if (kind) bucket.latency[kind].push(performance.now() - started);
  bucket.requests += 1;
  const { status } = response;
  if ((status >= 200 && status < 300) || status === 304) {
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      if (status !== 304) fail(`${method} ${path}`, `${status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    return { status, data, headers: response.headers };
  }
  if (allow.includes(status)) {
    bucket.races += 1;
    return { status, data: null, headers: response.headers };
  }
  fail(`${method} ${path}`, `${status} ${text}`);
  return null;
}

/** Setup's requests: any failure stops the run. */
async function must(method, path, options = {}) {
  const answer = await call(null, method, path, options);
  if (!answer) throw new Error(`setup failed at ${method} ${path} (see above)`);
  return answer.data;
}

/** A token pair kept fresh: renewed with the refresh token (which works once) a quarter before it runs out. */
class Session {
  constructor(name, tokens) {
    this.name = name;
    this.keep(tokens);
    this.renewing = null;
  }

  keep(tokens) {
    this.tokens = tokens;
    this.freshUntil = Date.now() + tokens.expires_in * 750;
  }

  async token() {
    if (Date.now() >= this.freshUntil) {
      this.renewing ??= this.renew().finally(() => { this.renewing = null; });
      await this.renewing;
    }
    return this.tokens.access_token;
  }

  async renew() {
    const answer = await call(null, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: this.tokens.refresh_token } });
    if (answer) {
      this.keep(answer.data);
      renewals += 1;
    } else {
      this.freshUntil = Date.now() + 10_000; // failed (counted); the old token serves until it is tried again
    }
  }
}
let renewals = 0;

const PHRASES = ['路灯不亮，晚上走路不安全', '垃圾清运不及时，气味很大', '楼道里堆放杂物', '小区门口道路坑洼', '噪音扰民，影响休息', '公交站台缺少遮雨棚'];
const station = encodeURIComponent(STATION);
const trackCodes = [];
const keepCode = (code) => {
  if (trackCodes.length < 2000) trackCodes.push(code);
  else trackCodes[Math.floor(Math.random() * trackCodes.length)] = code;
};
let filedCount = 0;
let admin;
let kiosk;
let staff;
let deputy;
let deputyCode;
let categories;

async function setup() {
  admin = new Session('admin', await must('POST', '/api/v1/auth/login', { body: { username: ADMIN, password: PASSWORD } }));
  const adminToken = await admin.token();
  categories = (await must('GET', '/api/v1/categories')).items.map((c) => c.code);
  const made = await must('POST', `/api/v1/stations/${station}/kiosks`, { token: adminToken, body: { label: `soak ${RUN}` } });
  kiosk = new Session('kiosk', (await must('POST', '/api/v1/kiosks/enroll', { body: { enrollment_code: made.enrollment_code } })).tokens);

  const password = `Soak-${randomUUID()}`;
  const staffName = `soak.staff.${RUN}`;
  await must('POST', '/api/v1/accounts', { token: adminToken, body: { username: staffName, display_name: '浸泡测试工作人员', role: 'staff', stations: [STATION], password } });
  staff = new Session('staff', await must('POST', '/api/v1/auth/login', { body: { username: staffName, password } }));

  // The first active deputy of the station not yet bound to an account (a second run on one server skips
  // the deputy the first one took).
  const deputies = (await must('GET', `/api/v1/stations/${station}/deputies`)).items.filter((d) => d.status === 'active');
  const deputyName = `soak.deputy.${RUN}`;
  for (const d of deputies) {
    const answer = await call(null, 'POST', '/api/v1/accounts', {
      token: adminToken, allow: [409],
      body: { username: deputyName, display_name: d.name?.zh ?? d.code, role: 'deputy', deputy: d.code, password },
    });
    if (!answer) throw new Error('setup failed making the deputy account (see above)');
    if (answer.status === 201) {
      deputyCode = d.code;
      break;
    }
  }
  if (!deputyCode) throw new Error(`station ${STATION} has no active deputy without an account (${deputies.length} active)`);
  deputy = new Session('deputy', await must('POST', '/api/v1/auth/login', { body: { username: deputyName, password } }));
  for (let i = 0; i < 10; i++) {
    const created = await must('POST', '/api/v1/reports', { token: await kiosk.token(), body: reportBody(false), headers: { 'Idempotency-Key': `soak-${RUN}-seed-${i}` } });
    keepCode(created.tracking_code);
  }
  bucket = newBucket(); // setup's requests, and the 409s of deputies already bound, are not the run's
  console.log(`soak of ${BASE} at ${STATION}: kiosk enrolled, ${staffName}, ${deputyName} for deputy ${deputyCode}; `
    + `${CONCURRENCY} workers and ${STREAMS} live streams for ${opts.duration}, a line every ${opts.interval}, warm-up ${opts.warmup}`
    + `${PID ? `, server pid ${PID}` : ''}`);
}

function reportBody(toDeputy) {
  filedCount += 1;
  return {
    category: pick(categories), title: '浸泡测试', description: `（浸泡测试 ${RUN}-${filedCount}）${pick(PHRASES)}，请尽快处理。`,
    station: STATION, channel: 'kiosk', contact: { name: '王阿姨', phone: '13812341234' }, consent: { personal_info: true },
    ...(toDeputy ? { deputy: deputyCode } : {}),
  };
}

// ---- the mix ----
async function fileOne() {
  const created = await call('file', 'POST', '/api/v1/reports', {
    token: await kiosk.token(), body: reportBody(Math.random() < 0.25), headers: { 'Idempotency-Key': `soak-${RUN}-${randomUUID()}` },
  });
  if (created?.data?.tracking_code) {
    bucket.filed += 1;
    keepCode(created.data.tracking_code);
  }
}

const etags = new Map();
async function readOne() {
  const r = Math.random();
  if (r < 0.25) {
    await call('read', 'GET', `/api/v1/reports/track/${encodeURIComponent(pick(trackCodes))}`);
    return;
  }
  const path = r < 0.5 ? '/api/v1/categories' : r < 0.75 ? `/api/v1/stations/${station}` : `/api/v1/stations/${station}/on-duty`;
  const etag = etags.get(path);
  const headers = etag && Math.random() < 0.5 ? { 'If-None-Match': etag } : {};
  const answer = await call('read', 'GET', path, { token: await kiosk.token(), headers });
  if (answer?.headers.get('etag')) etags.set(path, answer.headers.get('etag'));
}

const busy = new Set();
async function actOne() {
  const token = await deputy.token();
  const inbox = await call('act', 'GET', '/api/v1/me/inbox?limit=50', { token });
  if (!inbox?.data) return;
  const open = inbox.data.items.filter((i) => ['assigned', 'accepted', 'answered'].includes(i.status) && !busy.has(i.id));
  if (!open.length) return;
  const report = pick(open);
  busy.add(report.id);
  try {
    const key = { 'Idempotency-Key': randomUUID() };
    let moved;
    if (report.status === 'assigned') {
      moved = await call('act', 'POST', `/api/v1/reports/${report.id}/actions`, { token, headers: key, allow: [409], body: { action: 'accept', note: '已接手，浸泡测试' } });
    } else if (report.status === 'accepted') {
      moved = await call('act', 'POST', `/api/v1/reports/${report.id}/actions`, {
        token, headers: key, allow: [409], body: { action: 'answer', outcome: 'resolved', text: '已联系相关部门处理完毕，感谢您的反映。' },
      });
    } else {
      moved = await call('act', 'POST', `/api/v1/reports/track/${encodeURIComponent(report.tracking_code)}/actions`, {
        allow: [409], body: { action: 'rate', verdict: 'satisfied', comment: '处理及时' },
      });
      if (moved?.status === 200) bucket.closed += 1;
    }
    if (moved?.status === 200) bucket.steps += 1;
  } finally {
    busy.delete(report.id);
  }
}

async function staffRead() {
  const path = Math.random() < 0.5 ? `/api/v1/stations/${station}/reports` : `/api/v1/stations/${station}/triage`;
  await call('staff', 'GET', path, { token: await staff.token() });
}

async function worker(endAt) {
  while (!stopping && Date.now() < endAt) {
    const r = Math.random();
    if (r < 0.2) await fileOne();
    else if (r < 0.7) await readOne();
    else if (r < 0.9) await actOne();
    else await staffRead();
  }
}

// ---- live streams ----
// The server sends a comment every 15 s: a stream silent for 45 s has stalled, and is closed and opened again.
const STALL = 45_000;
const streams = new Set();
let openStreams = 0;
setInterval(() => {
  for (const s of streams) if (Date.now() - s.last > STALL) { s.stalled = true; s.abort.abort(); }
}, 5000).unref();

async function liveStream(i) {
  const who = [staff, deputy, kiosk][i % 3];
  const what = `GET /api/v1/live as ${who.name}`;
  while (!stopping) {
    const s = { abort: new AbortController(), last: Date.now(), stalled: false };
    streams.add(s);
    let opened = false;
    try {
      const response = await fetch(`${BASE}/api/v1/live`, {
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${await who.token()}` }, signal: s.abort.signal,
      });
      if (response.status !== 200) {
        fail(what, `${response.status} ${await response.text()}`);
      } else {
        opened = true;
        openStreams += 1;
        const decoder = new TextDecoder();
        let pending = '';
        for await (const chunk of response.body) {
          s.last = Date.now();
          pending += decoder.decode(chunk, { stream: true });
          for (let at = pending.indexOf('\n\n'); at >= 0; at = pending.indexOf('\n\n')) {
            const block = pending.slice(0, at);
            pending = pending.slice(at + 2);
            if (/^event: reload$/m.test(block)) bucket.reloads += 1;
            else if (/^event: /m.test(block)) bucket.events += 1;
          }
        }
        if (!stopping) fail(what, 'the stream ended');
      }
    } catch (err) {
      if (s.stalled && !stopping) fail(what, `nothing came for ${STALL / 1000} s, not even the heartbeat`);
      else if (!stopping) fail(what, `the stream broke (${err.cause?.code ?? err.name ?? err.message})`);
    } finally {
      streams.delete(s);
      if (opened) openStreams -= 1;
    }
    if (!stopping) {
      bucket.reopened += 1;
      await sleep(1000);
    }
  }
}

// ---- report ----
function percentile(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : null;
}
const ms = (v) => (v === null ? '–' : v < 10 ? v.toFixed(1) : v.toFixed(0));
const clock = (t) => `${Math.floor(t / 60_000)}:${String(Math.floor((t % 60_000) / 1000)).padStart(2, '0')}`;

function snapshot(from, to) {
  const b = bucket;
  bucket = newBucket();
  const row = { from, to, b, rss: PID ? rss() : null, open: openStreams, kinds: {} };
  const all = [];
  for (const kind of KINDS) {
    const sorted = b.latency[kind].sort((x, y) => x - y);
    row.kinds[kind] = { n: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
    all.push(...sorted);
  }
  all.sort((x, y) => x - y);
  row.p99 = percentile(all, 0.99);
  row.rps = b.requests / Math.max(0.001, (to - from) / 1000);
  row.warmup = from < WARMUP;
  return row;
}

function printRow(row) {
  const kinds = KINDS.map((k) => `${k} ${ms(row.kinds[k].p50)}/${ms(row.kinds[k].p99)}`).join(', ');
  console.log(`[${clock(row.to).padStart(6)}] ${row.b.requests} requests (${row.rps.toFixed(1)}/s), ${row.b.errors} errors, ${row.b.races} races`
    + ` | p50/p99 ms: ${kinds} | filed ${row.b.filed}, steps ${row.b.steps}, closed ${row.b.closed}`
    + ` | live ${row.open} open, ${row.b.events} events${row.b.reloads ? `, ${row.b.reloads} reloads` : ''}${row.b.reopened ? `, ${row.b.reopened} reopened` : ''}`
    + `${row.rss === null ? '' : ` | RSS ${row.rss.toFixed(1)} MB`}${row.warmup ? ' (warm-up)' : ''}`);
}

function summary(rows) {
  console.log(`\n| interval | requests | req/s | errors | races | ${KINDS.map((k) => `${k} p50 / p99 ms`).join(' | ')} | all p99 ms | live events | RSS MB |`);
  console.log(`| --- | --- | --- | --- | --- | ${KINDS.map(() => '---').join(' | ')} | --- | --- | --- |`);
  for (const row of rows) {
    console.log(`| ${clock(row.from)}–${clock(row.to)}${row.warmup ? ' (warm-up)' : ''} | ${row.b.requests} | ${row.rps.toFixed(1)} | ${row.b.errors} | ${row.b.races} | `
      + `${KINDS.map((k) => `${ms(row.kinds[k].p50)} / ${ms(row.kinds[k].p99)}`).join(' | ')} | ${ms(row.p99)} | ${row.b.events} | ${row.rss === null ? '–' : row.rss.toFixed(1)} |`);
  }
  const steady = rows.filter((r) => !r.warmup);
  const total = rows.reduce((n, r) => n + r.b.requests, 0);
  const races = rows.reduce((n, r) => n + r.b.races, 0);
  const events = rows.reduce((n, r) => n + r.b.events, 0);
  console.log(`\nverdict: ${total} requests, ${totalErrors} errors${totalErrors ? ' (target 0: FAILED)' : ' (target 0: ok)'}, ${races} races (409 to a step taken first), `
    + `${events} live events, ${renewals} token renewals`);
  if (!steady.length) {
    console.log('  no interval started after the warm-up: nothing to compare (make --duration longer than --warmup)');
    return;
  }
  const [first, last] = [steady[0], steady[steady.length - 1]];
  const span = `${clock(first.from)}–${clock(first.to)} → ${clock(last.from)}–${clock(last.to)}`;
  if (first.rss !== null && last.rss !== null) {
    const growth = ((last.rss - first.rss) / first.rss) * 100;
    console.log(`  RSS after warm-up: ${first.rss.toFixed(1)} MB → ${last.rss.toFixed(1)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%, target under 10%: ${growth < 10 ? 'ok' : 'OVER'}) [${span}]`);
  }
  const change = (a, b) => (a && b !== null ? ` (${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(0)}%)` : '');
  console.log(`  p99 after warm-up, first → last interval: all ${ms(first.p99)} → ${ms(last.p99)} ms${change(first.p99, last.p99)}; `
    + KINDS.map((k) => `${k} ${ms(first.kinds[k].p99)} → ${ms(last.kinds[k].p99)}${change(first.kinds[k].p99, last.kinds[k].p99)}`).join(', '));
  if (steady.length === 1) console.log('  (one interval after the warm-up: first and last are the same)');
}

async function main() {
  await setup();
  const started = Date.now();
  const endAt = started + DURATION;
  const live = Array.from({ length: STREAMS }, (_, i) => liveStream(i));
  const workers = Array.from({ length: CONCURRENCY }, () => worker(endAt));
  const rows = [];
  let from = 0;
  for (let i = 1; ; i++) {
    const boundary = Math.min(i * INTERVAL, DURATION);
    while (Date.now() < started + boundary && !stopping) await sleep(Math.min(1000, started + boundary - Date.now()));
    const last = boundary >= DURATION || stopping;
    if (last) await Promise.all(workers);
    const row = snapshot(from, Date.now() - started);
    rows.push(row);
    printRow(row);
    if (PID && row.rss === null && !stopping) {
      fail('the server', `process ${PID} is gone`);
      stopping = true;
    }
    if (last) break;
    from = row.to;
  }
  stopping = true;
  for (const s of streams) s.abort.abort();
  await Promise.all(live);
  if (bucket.errors) rows[rows.length - 1].b.errors += bucket.errors; // e.g. a stream that broke while closing
  summary(rows);
  process.exit(totalErrors ? 1 : 0);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
