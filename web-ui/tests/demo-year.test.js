// The demo year (deploy/demo-year/demo-year.mjs) on a real server whose clock Debian's libfaketime moves: the
// server starts through the kiosk's harness with its clock on 2 January of last year, the script plays a small
// but complete year through the API (fewer reports, one opinion, one suggestion, one report-back with three
// voters), and then the API is asked what the year left: every active deputy's points archive holds points from
// at least two kinds of source, a report-back has three votes or more and is published, a suggestion is answered
// and rated, an opinion has every problem closed with evidence, the reports the script filed are all counted for
// the year, and the year-end report (where the server has it) counts the same numbers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, ADMIN } from '../../kiosk-ui/tests/server.js';
import { runDemoYear, setClock, yearStart, serverDate, FAKETIME_LIB } from '../../deploy/demo-year/demo-year.mjs';
import { ARTIFACTS } from './helpers.js';

const skip = !existsSync(FAKETIME_LIB) && 'libfaketime is not installed (Debian package faketime)';
const YEAR = new Date().getUTCFullYear() - 1;

let server;
let clockDir;
let summary;
const lines = [];

before(async () => {
  if (skip) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  clockDir = mkdtempSync(join(tmpdir(), 'liaison-demo-clock-'));
  const clockFile = join(clockDir, 'faketime.rc');
  // The clock stands on 2 January before the server (and `admin create`, and the demo data it loads) starts.
  setClock(clockFile, yearStart(YEAR));
  server = await Server.create({
    env: {
      LD_PRELOAD: FAKETIME_LIB, FAKETIME_TIMESTAMP_FILE: clockFile, FAKETIME_NO_CACHE: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1',
      // Tokens as in production (the harness shortens them for the kiosk's renewals); every official signs in
      // from this one address on 2 January.
      LIAISON_AUTH__ACCESS_TOKEN_SECS: '900', LIAISON_RATE_LIMITS__LOGIN_PER_IP_PER_MINUTE: '600',
    },
  });
  server.clockFile = clockFile;
});

after(async () => {
  // What the script said as it went, to read when something failed.
  if (lines.length) writeFileSync(join(ARTIFACTS, 'demo-year.log'), `${lines.join('\n')}\n`);
  await server?.dispose();
  if (clockDir) rmSync(clockDir, { recursive: true, force: true });
});

const admin = async () => server.adminToken();
const api = (path, token) => server.json(path, { token });

test('a small year is played through the API with the server\u2019s clock moved month by month', { skip }, async () => {
  const started = Date.now();
  summary = await runDemoYear({
    url: server.url, clockFile: server.clockFile, dataDir: server.dataDir, year: YEAR,
    adminUsername: ADMIN.username, adminPassword: ADMIN.password, seed: 'demo-year-test',
    reportsPerMonth: 3, voters: 3, reportBacks: 1, opinions: 1, suggestions: 1, out: join(ARTIFACTS, 'demo-year'),
    log: (line) => lines.push(line),
  });
  console.log(`the demo year took ${Math.round((Date.now() - started) / 1000)} s: ${summary.jumps} clock jumps, ${summary.calls} requests`);
  // The server's clock is at the end of that year (as its own clock tells: the Date of its answers).
  const now = (await serverDate(server.url)).toISOString();
  assert.match(now, new RegExp(`^${YEAR}-12-(2[7-9]|3[01])T`), `the server's clock stands at ${now}`);
  assert.equal(summary.reportIds.length, 36 + summary.counts.reports.reception, JSON.stringify(summary.counts.reports));
  assert.equal(summary.counts.reports.reception, 12 * 4, 'a walk-in at every reception slot');
});

test('every active deputy\u2019s archive for the year has points from at least two kinds of source', { skip }, async () => {
  assert.ok(summary, 'the year was played');
  const token = await admin();
  const { deputies } = await api('/api/v1/directory', token);
  const active = deputies.filter((d) => (d.status ?? 'active') === 'active');
  assert.ok(active.length >= 15, `the demo district's active deputies: ${active.length}`);
  for (const d of active) {
    const archive = await api(`/api/v1/deputies/${d.code}/archive?year=${YEAR}`, token);
    const kinds = new Set(archive.entries.map((e) => e.source));
    assert.ok(kinds.size >= 2, `${d.code}'s points come from ${[...kinds].join(', ') || 'nothing'}`);
    assert.equal(archive.entries.reduce((sum, e) => sum + e.points, 0), archive.total, `${d.code}'s entries add up to the total`);
    assert.ok(archive.entries.every((e) => new Date(e.at).getUTCFullYear() >= YEAR - 1), 'points of the year');
  }
});

test('a report-back has at least three votes from distinct phones and is published', { skip }, async () => {
  const token = await admin();
  const [id] = summary.reportBacks;
  const session = await api(`/api/v1/report-backs/${id}`, token);
  const listed = (await api(`/api/v1/stations/${session.station}/report-backs`, token)).items.find((r) => r.id === id);
  assert.ok(listed.published_at, 'published');
  assert.ok(listed.results.total >= 3, `${listed.results.total} votes`);
  assert.equal(listed.results.satisfied + listed.results.mostly + listed.results.not_satisfied + (listed.results.no_rating ?? 0), listed.results.total);
  const board = await server.json(`/api/v1/results/report-backs?station=${session.station}`);
  assert.ok(board.items.some((r) => r.id === id), 'on the results board');
  // Each vote came from a resident signed in with a code texted to a phone of their own.
  const outbox = readFileSync(join(server.dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const voters = new Set(outbox.filter((l) => l.code && l.phone.replace(/\D/g, '').slice(-11).startsWith('137')).map((l) => l.phone));
  assert.ok(voters.size >= listed.results.total, `${voters.size} phones got sign-in codes`);
});

test('a suggestion is reviewed with the checklist, submitted, answered and rated by its deputy', { skip }, async () => {
  const suggestion = await api(`/api/v1/suggestions/${summary.suggestions[0]}`, await admin());
  assert.equal(suggestion.status, 'closed');
  assert.ok(suggestion.answer.length > 0 && suggestion.answered_at, 'answered');
  assert.ok(['satisfied', 'mostly'].includes(suggestion.verdict) && suggestion.rated_at, `rated ${suggestion.verdict}`);
  assert.deepEqual(suggestion.checklist, { facts: true, cause: true, measures: true });
  assert.deepEqual(suggestion.reviews.map((r) => r.approved), [false, true], 'returned once, then approved');
  assert.ok(suggestion.reports.length > 0, 'drawn from residents\u2019 reports');
  assert.ok(suggestion.unit, 'submitted to an organ');
});

test('a review opinion has every problem closed with its evidence', { skip }, async () => {
  const opinion = await api(`/api/v1/opinions/${summary.opinions[0]}`, await admin());
  assert.equal(opinion.status, 'closed');
  assert.ok(opinion.activity_id, 'written from an activity\u2019s findings');
  assert.ok(opinion.reply.length > 0, 'the department replied');
  assert.ok(opinion.items.length >= 2);
  for (const item of opinion.items) {
    assert.equal(item.status, 'closed', `problem ${item.position}`);
    assert.ok(item.evidence.trim().length > 0 && item.closed_at, `problem ${item.position} closed with evidence`);
  }
});

test('the year\u2019s statistics count every report the script filed', { skip }, async () => {
  const stats = await api(`/api/v1/stats?from=${YEAR}-01-01&to=${YEAR}-12-31`, await admin());
  assert.equal(stats.total.received, summary.reportIds.length);
  const closed = stats.total.by_status.closed ?? 0;
  assert.ok(closed > summary.reportIds.length / 2, `${closed} of ${summary.reportIds.length} closed`);
});

test('the year-end report counts the same numbers as the API and the year played', { skip }, async (t) => {
  if (!summary.plan.available) {
    t.skip('this server has no year-end report');
    return;
  }
  const token = await admin();
  const c = summary.counts;
  const report = await api(`/api/v1/year-end/${YEAR}`, token);
  assert.equal(report.year, YEAR);
  assert.equal(report.complete, false, 'the clock is still in the year');

  // Reports: equal to the statistics for the same dates, for the district and for each station.
  const stats = await api(`/api/v1/stats?from=${YEAR}-01-01&to=${YEAR}-12-31`, token);
  assert.equal(report.reports.received, summary.reportIds.length);
  for (const key of ['received', 'open', 'by_status', 'by_outcome', 'on_time', 'response', 'resolution', 'satisfaction']) {
    assert.deepEqual(report.reports[key], stats.total[key], `reports: ${key}`);
  }
  for (const line of report.reports_by_station) {
    const own = await api(`/api/v1/stats?from=${YEAR}-01-01&to=${YEAR}-12-31&station=${line.station}`, token);
    assert.equal(line.figures.received, own.total.received, `${line.station}'s reports`);
  }

  // Duties: what the script did, counted the same.
  assert.equal(report.activities.held, c.activities.held);
  assert.equal(report.activities.present, c.attendance.check_in + c.attendance.present);
  assert.equal(report.activities.excused, c.attendance.excused);
  assert.equal(report.activities.absent, c.attendance.absent);
  assert.equal(report.reception.absences, c.receptionAbsences);
  assert.ok(report.reception.held >= c.receptionSlots, `${report.reception.held} reception slots held (the demo data's January ones too)`);
  assert.equal(report.reception.kept + report.reception.absences, report.reception.duties);
  assert.deepEqual([report.opinions.sent, report.opinions.closed, report.opinions.items_closed],
    [c.opinions.sent, c.opinions.closed, c.opinions.itemsClosed]);
  assert.equal(report.opinions.items, report.opinions.items_closed, 'every problem closed');
  assert.deepEqual([report.suggestions.submitted, report.suggestions.answered, report.suggestions.ratings.total],
    [c.suggestions.submitted, c.suggestions.answered, c.suggestions.rated]);
  assert.deepEqual([report.report_backs.held, report.report_backs.published, report.report_backs.votes.total],
    [c.reportBacks.scheduled, c.reportBacks.published, c.votes]);

  // Points: each deputy's total is their archive's.
  for (const line of report.points.filter((p) => summary.archives.some((a) => a.deputy === p.deputy))) {
    const archive = await api(`/api/v1/deputies/${line.deputy}/archive?year=${YEAR}`, token);
    assert.equal(line.total, archive.total, `${line.deputy}'s points`);
  }
  assert.ok(summary.archives.every((a) => report.points.some((p) => p.deputy === a.deputy)), 'every active deputy in the report');

  // The annual plan: the tasks set, done and dropped over the year.
  const plan = await api(`/api/v1/plan-tasks?year=${YEAR}`, token);
  assert.equal(report.plan.total, plan.items.length);
  assert.equal(report.plan.total, c.planTasks.made);
  assert.equal(report.plan.done_on_time + report.plan.done_late, c.planTasks.done);
  assert.equal(report.plan.dropped, c.planTasks.dropped);
  assert.deepEqual(report.tasks.map((x) => x.id).sort(), plan.items.map((x) => x.id).sort());

  // The workbooks the script saved: the district's and each station's.
  assert.equal(summary.plan.files.length, 1 + report.reports_by_station.length);
  for (const file of summary.plan.files) assert.equal(readFileSync(file).subarray(0, 2).toString('latin1'), 'PK', `${file} is an XLSX file`);
});
