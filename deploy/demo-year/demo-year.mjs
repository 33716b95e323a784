#!/usr/bin/env node
// A year of the demo district, played through the public API of a running server whose clock libfaketime
// moves (see lib/clock.mjs): the accounts and kiosks on 2 January, then every month reports filed, assessed,
// assigned, forwarded, answered, rated and closed, reception days scheduled and held, an activity planned and
// held with check-ins; over the year review opinions closed item by item, suggestions reviewed, answered and
// rated, report-backs voted on and published, the committee's annual plan and, at the end (about 28 December),
// every deputy's points archive and the year-end report. It never touches the database. Plain node (18+).
//
//   LIAISON_ADMIN_PASSWORD=… node deploy/demo-year/demo-year.mjs --url http://127.0.0.1:8080 \
//     --data-dir DATA [--clock-file DATA/faketime.rc] [--year 2025] [--out DIR] [--reports-per-month 12] …
//
// `demo-year.sh` beside it does everything on a fresh data folder: seeds the demo district, makes the
// administrator, starts the server under libfaketime and runs this. Any refusal from the server stops the year
// with the problem's code and detail.

import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { Api, Sessions } from './lib/http.mjs';
import { ServerClock, chinaDay, chinaTime, weekdayOnOrAfter, yearStart } from './lib/clock.mjs';
import { SmsOutbox, generator } from './lib/util.mjs';
import { castTheDistrict } from './lib/cast.mjs';
import { fileReports, loopWork, receiveWalkIns } from './lib/reports.mjs';
import { holdActivities, planMonth, slotsNow, takeTheRoll } from './lib/duty.mjs';
import { findingsThisMonth, inspectionsThisMonth, planStories, stepStories, unfinishedStories } from './lib/records.mjs';
import { archives, summaryLines } from './lib/summary.mjs';
import { planSupported, makeThePlan, planProgress, yearEnd } from './lib/plan.mjs';

export { setClock, yearStart, serverDate, FAKETIME_LIB } from './lib/clock.mjs';

export const DEFAULTS = {
  url: 'http://127.0.0.1:8080', adminUsername: 'admin', seed: 'demo-year',
  reportsPerMonth: 12, voters: 6, reportBacks: 2, opinions: 2, suggestions: 2,
};

function emptyCounts() {
  return {
    accounts: {}, kiosks: 0, citizens: 0, reports: {}, assignedByStaff: 0, returned: 0, accepted: 0, forwarded: 0,
    unitReplies: 0, answers: 0, ratings: {}, reopened: 0, closedByStaff: 0, receptionSlots: 0, receptionAbsences: 0,
    activities: { planned: 0, held: 0 }, attendance: { check_in: 0, present: 0, excused: 0, absent: 0 },
    opinions: { drafted: 0, sent: 0, replied: 0, itemsClosed: 0, closed: 0 },
    suggestions: { drafted: 0, returned: 0, submitted: 0, answered: 0, rated: 0 },
    reportBacks: { scheduled: 0, published: 0 }, votes: 0, planTasks: { made: 0, done: 0, dropped: 0 },
  };
}

/** The days of a month's moments: intake, follow-up, a reception morning, the activity day, the month's end. */
export function monthDays(year, month) {
  const intake = weekdayOnOrAfter(year, month, month === 1 ? 6 : 3);
  const followUp = weekdayOnOrAfter(year, month, intake + 3);
  const reception1 = weekdayOnOrAfter(year, month, Math.max(12, followUp + 1));
  const activity = weekdayOnOrAfter(year, month, Math.max(19, reception1 + 2));
  const end = weekdayOnOrAfter(year, month, Math.max(month === 12 ? 22 : 26, activity + 2));
  return { intake, followUp, reception1, activity, end };
}

/** Moves the server's clock on to `at` (China time fields) and starts a new moment of the year. */
async function moveTo(ctx, month, day, hour, minute = 0) {
  const at = chinaTime(ctx.year, month, day, hour, minute);
  await ctx.clock.jumpTo(at);
  ctx.sessions.clockJumped();
  ctx.now = at;
  ctx.month = month;
  ctx.moment += 1;
}

/** The moment's work besides its own: the closed loop, the stories, the plan. */
async function everyMoment(ctx, loop = {}) {
  await loopWork(ctx, loop);
  await stepStories(ctx);
  if (ctx.plan) await planProgress(ctx);
}

/**
 * Plays year `options.year` (default: last year) on the server at `options.url`, whose clock is moved through
 * `options.clockFile`; `options.dataDir` is its data folder (voters' codes are read from its SMS outbox).
 * Answers the summary: counts of what was made, the archives, where the year-end workbook went.
 */
export async function runDemoYear(options) {
  const o = { ...DEFAULTS, ...options };
  const log = o.log ?? ((line) => console.log(line));
  if (!o.adminPassword) throw new Error('the administrator\'s password is needed (LIAISON_ADMIN_PASSWORD)');
  const year = Number(o.year ?? new Date().getUTCFullYear() - 1);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error(`the year must be one from 2000 to 2100, not ${o.year}`);
  const clockFile = o.clockFile ?? (o.dataDir && join(o.dataDir, 'faketime.rc'));
  if (!clockFile) throw new Error('the clock file the server reads (FAKETIME_TIMESTAMP_FILE) is needed: --clock-file or --data-dir');
  const started = Date.now();
  const api = new Api(o.url, { log });
  const sessions = new Sessions(api);
  sessions.addPassword('admin', o.adminUsername, o.adminPassword);
  const ctx = {
    api, sessions, log, year, opts: o, clock: new ServerClock(api, clockFile, { log: o.verbose ? log : () => {} }),
    rng: generator(`${o.seed}:${year}`), password: o.password ?? `Demo-${randomBytes(9).toString('base64url')}`,
    counts: emptyCounts(), reports: new Map(), usernames: [], outbox: o.dataDir ? new SmsOutbox(o.dataDir) : null, moment: 0,
  };

  const serverNow = await ctx.clock.now();
  if (serverNow > chinaTime(year, 1, 2, 9, 0)) {
    throw new Error(`the server's clock stands at ${serverNow.toISOString()}, after the start of ${year}: start it with the clock `
      + `file set to ${yearStart(year).toISOString()} (setClock in lib/clock.mjs; demo-year.sh does it) on a fresh data folder`);
  }
  // The administrator's password is tried before the clock moves.
  await sessions.token('admin');
  log(`playing ${year} on ${o.url} (seed ${o.seed})`);
  await moveTo(ctx, 1, 2, 9);
  ctx.plan = await planSupported(ctx);
  await castTheDistrict(ctx);
  planStories(ctx);
  if (ctx.plan) await makeThePlan(ctx);

  for (let month = 1; month <= 12; month++) {
    const days = monthDays(year, month);
    await moveTo(ctx, month, days.intake, 9, 30);
    await planMonth(ctx, days, inspectionsThisMonth(ctx));
    await fileReports(ctx);
    await everyMoment(ctx, { everyone: true });

    await moveTo(ctx, month, days.followUp, 15);
    await everyMoment(ctx);

    for (const [day, hour] of [[days.reception1, 10], [days.activity, 10], [days.activity, 15]]) {
      await moveTo(ctx, month, day, hour);
      if (day === days.activity && hour === 10) await holdActivities(ctx, findingsThisMonth(ctx));
      for (const slot of slotsNow(ctx)) await receiveWalkIns(ctx, slot.station, await takeTheRoll(ctx, slot));
      await everyMoment(ctx);
    }

    await moveTo(ctx, month, days.end, 16);
    await everyMoment(ctx);
    const filed = [...ctx.reports.values()].filter((r) => r.month === month).length;
    log(`${year}-${String(month).padStart(2, '0')}: ${filed} reports filed, ${ctx.counts.answers} answers and `
      + `${Object.values(ctx.counts.ratings).reduce((a, b) => a + b, 0)} ratings so far, ${ctx.counts.activities.held} activities held`);
  }

  const end = monthDays(year, 12).end;
  await moveTo(ctx, 12, Math.max(28, end + 1), 10);
  const unfinished = unfinishedStories(ctx);
  if (unfinished.length) throw new Error(`the year ended with unfinished work: ${unfinished.join('; ')}`);
  const summary = {
    year, url: o.url, counts: ctx.counts, password: ctx.password,
    usernames: ctx.usernames, jumps: ctx.clock.jumps, calls: api.calls, serverDay: chinaDay(ctx.now),
    opinions: ctx.opinions.map((x) => x.id), suggestions: ctx.suggestions.map((x) => x.id), reportBacks: ctx.reportBacks.map((x) => x.id),
    reportIds: [...ctx.reports.keys()],
  };
  summary.archives = await archives(ctx);
  summary.plan = ctx.plan ? await yearEnd(ctx, o.out) : { available: false };
  summary.seconds = Math.round((Date.now() - started) / 1000);
  return summary;
}

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: DEFAULTS.url },
      'data-dir': { type: 'string' },
      'clock-file': { type: 'string' },
      year: { type: 'string' },
      admin: { type: 'string', default: DEFAULTS.adminUsername },
      seed: { type: 'string', default: DEFAULTS.seed },
      'reports-per-month': { type: 'string', default: String(DEFAULTS.reportsPerMonth) },
      voters: { type: 'string', default: String(DEFAULTS.voters) },
      'report-backs': { type: 'string', default: String(DEFAULTS.reportBacks) },
      opinions: { type: 'string', default: String(DEFAULTS.opinions) },
      suggestions: { type: 'string', default: String(DEFAULTS.suggestions) },
      out: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(`node demo-year.mjs --data-dir DIR [--url ${DEFAULTS.url}] [--clock-file DIR/faketime.rc] [--year Y] [--admin admin]
  [--seed S] [--reports-per-month N] [--voters N] [--report-backs N] [--opinions N] [--suggestions N] [--out DIR] [--verbose]
The administrator's password comes from LIAISON_ADMIN_PASSWORD; the accounts made get DEMO_YEAR_PASSWORD (or a generated one, printed).`);
    return;
  }
  const counts = Object.fromEntries(['reports-per-month', 'voters', 'report-backs', 'opinions', 'suggestions'].map((k) => {
    const n = Number(values[k]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${k} must be a whole number`);
    return [k.replace(/-(\w)/g, (_, c) => c.toUpperCase()), n];
  }));
  const summary = await runDemoYear({
    url: values.url, dataDir: values['data-dir'] && resolve(values['data-dir']), clockFile: values['clock-file'] && resolve(values['clock-file']),
    year: values.year, adminUsername: values.admin, adminPassword: process.env.LIAISON_ADMIN_PASSWORD,
    password: process.env.DEMO_YEAR_PASSWORD || undefined, seed: values.seed, out: values.out && resolve(values.out),
    verbose: values.verbose, ...counts,
  });
  for (const line of summaryLines(summary)) console.log(line);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(`demo year stopped: ${err.message}`);
    process.exit(1);
  });
}
