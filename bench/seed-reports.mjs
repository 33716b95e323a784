// Files N reports (default 100,000) into a running server through the API, as kiosks do, so the dashboard can be
// measured against a realistic amount of data: an administrator makes an enrollment code for each station, a
// kiosk enrolls with it, and each kiosk files for its own station (channel `kiosk`) with a category, and a grid
// of the station most of the time, picked by a seeded generator (the same run files the same reports). The
// reports land today: the server keeps the time of filing itself. Nothing but node (18 or later).
//
//   node bench/seed-reports.mjs [--url http://127.0.0.1:8080] [--count 100000] [--concurrency 32] [--seed 1]
//                               [--codes FILE]   (writes each filed report's tracking path there, one a line)
//   with LIAISON_SEED_ADMIN (username, default admin) and LIAISON_SEED_PASSWORD (its password) in the environment.
//
// The server's per-caller limit on filing (30 a minute by default) must be raised for the run, e.g. start it with
// LIAISON_RATE_LIMITS__REPORTS_PER_CALLER_PER_MINUTE=1000000000 (as bench/load.sh does); a refusal for too many
// requests stops the run and says so. Prints progress every five seconds, then the count, time and rate.

import { appendFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    count: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '32' },
    seed: { type: 'string', default: '1' },
    codes: { type: 'string' },
  },
});
const BASE = opts.url.replace(/\/$/, '');
const COUNT = Number(opts.count);
const CONCURRENCY = Number(opts.concurrency);
const ADMIN = process.env.LIAISON_SEED_ADMIN || 'admin';
const PASSWORD = process.env.LIAISON_SEED_PASSWORD;
if (!PASSWORD) {
  console.error('Set LIAISON_SEED_PASSWORD (and LIAISON_SEED_ADMIN unless the administrator is "admin").');
  process.exit(2);
}
if (!(COUNT > 0) || !(CONCURRENCY > 0)) {
  console.error('--count and --concurrency must be positive numbers.');
  process.exit(2);
}

/** mulberry32: a small seeded generator, so a run is repeatable. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(Number(opts.seed));
// Keys are fresh for each run (a second run files more), and the same for a report's retries within one.
const RUN = Date.now().toString(36);
const pick = (list) => list[Math.floor(random() * list.length)];

async function call(path, { method = 'GET', body, token, headers = {} } = {}) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => null);
  return { status: response.status, data };
}

async function must(path, options) {
  const { status, data } = await call(path, options);
  if (status < 200 || status > 299) throw new Error(`${options?.method || 'GET'} ${path}: ${status} ${JSON.stringify(data)}`);
  return data;
}

/** A kiosk's tokens, renewed once at a time when the access token is refused. */
function kioskSession(tokens) {
  let pair = tokens;
  let renewing = null;
  return {
    get token() { return pair.access_token; },
    renew(stale) {
      if (pair.access_token !== stale) return Promise.resolve();
      renewing ??= must('/api/v1/auth/refresh', { method: 'POST', body: { refresh_token: pair.refresh_token } })
        .then((next) => { pair = next; })
        .finally(() => { renewing = null; });
      return renewing;
    },
  };
}

const PHRASES = ['路灯不亮，晚上走路不安全', '垃圾清运不及时，气味很大', '楼道里堆放杂物', '小区门口道路坑洼', '噪音扰民，影响休息', '老人助餐点饭菜偏贵', '公交站台缺少遮雨棚', '停车位紧张，占用消防通道'];

async function main() {
  const login = await must('/api/v1/auth/login', { method: 'POST', body: { username: ADMIN, password: PASSWORD } });
  const admin = login.access_token;
  const categories = (await must('/api/v1/categories')).items.map((c) => c.code);
  const stations = (await must('/api/v1/stations')).items.map((s) => s.code);
  const kiosks = [];
  for (const code of stations) {
    const places = await must(`/api/v1/stations/${encodeURIComponent(code)}/places`);
    // Each item is an area (code, kind, name, parent, buildings), parents first.
    const grids = places.items.filter((p) => p.kind === 'grid').map((p) => p.code);
    const made = await must(`/api/v1/stations/${encodeURIComponent(code)}/kiosks`, { method: 'POST', token: admin, body: { label: `seed ${new Date().toISOString()}` } });
    const enrolled = await must('/api/v1/kiosks/enroll', { method: 'POST', body: { enrollment_code: made.enrollment_code } });
    kiosks.push({ station: code, grids, session: kioskSession(enrolled.tokens) });
  }
  console.log(`seeding ${COUNT} reports into ${BASE}: ${stations.length} stations (${kiosks.map((k) => `${k.station} with ${k.grids.length} grids`).join(', ')}), ${categories.length} categories, ${CONCURRENCY} at a time`);

  // Tracking paths, written in batches so 100,000 of them are not held until the end.
  const codes = opts.codes ? [] : null;
  if (opts.codes) writeFileSync(opts.codes, '');
  const flushCodes = () => {
    if (codes?.length) appendFileSync(opts.codes, `${codes.splice(0).join('\n')}\n`);
  };
  let next = 0;
  let filed = 0;
  let failed = 0;
  let stop = null;
  const started = Date.now();
  const progress = setInterval(() => {
    const s = (Date.now() - started) / 1000;
    console.log(`  ${filed} filed, ${failed} failed, ${(filed / s).toFixed(0)} a second`);
  }, 5000);

  async function fileOne(i) {
    const kiosk = pick(kiosks);
    const area = kiosk.grids.length && random() < 0.9 ? pick(kiosk.grids) : null;
    const body = { category: pick(categories), description: `（压测数据 ${i}）${pick(PHRASES)}。`, channel: 'kiosk', ...(area ? { area } : {}) };
    for (let attempt = 0; attempt < 3; attempt++) {
      const token = kiosk.session.token;
      const { status, data } = await call('/api/v1/reports', { method: 'POST', token, body, headers: { 'Idempotency-Key': `seed-${RUN}-${i}` } });
      if (status === 201 || status === 200) {
        codes?.push(`/api/v1/reports/track/${data.tracking_code}`);
        if (codes?.length >= 1000) flushCodes();
        return true;
      }
      if (status === 401) { await kiosk.session.renew(token); continue; }
      if (status === 429) { stop ??= 'the server refused for too many requests: raise LIAISON_RATE_LIMITS__REPORTS_PER_CALLER_PER_MINUTE for the run'; return false; }
      if (failed < 5) console.error(`  report ${i}: ${status} ${JSON.stringify(data)}`);
      return false;
    }
    return false;
  }

  async function worker() {
    while (!stop && next < COUNT) {
      const i = next++;
      try {
        if (await fileOne(i)) filed++;
        else failed++;
      } catch (err) {
        failed++;
        if (failed < 5) console.error(`  report ${i}: ${err.message}`);
        if (err.cause?.code === 'ECONNREFUSED') stop ??= `the server at ${BASE} is not answering`;
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  clearInterval(progress);
  flushCodes();
  const seconds = (Date.now() - started) / 1000;
  console.log(`filed ${filed} reports in ${seconds.toFixed(1)} s (${(filed / seconds).toFixed(0)} a second), ${failed} failed`);
  if (stop) {
    console.error(`stopped: ${stop}`);
    process.exit(1);
  }
  if (failed) process.exit(1);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
