// The server's clock, moved with Debian's libfaketime: the server runs with
//   LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 FAKETIME_TIMESTAMP_FILE=<file>
//   FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1
// and the file holds an offset from the real time in seconds, signed ("-28512000", "+3600": libfaketime's
// relative format, 4d in its README), read again on every call for the time. The file is replaced at once
// (written aside, then renamed), so the server never reads half of it. Dates here are China local time (UTC+8).

import { renameSync, writeFileSync } from 'node:fs';

export const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
const HOUR = 3600000;

/** The instant of a local date and time in China. */
export function chinaTime(year, month, day, hour = 0, minute = 0) {
  return new Date(Date.UTC(year, month - 1, day, hour - 8, minute));
}

/** A date's local fields in China: year, month (1–12), day, hour, minute, weekday (0 Sunday). */
export function chinaParts(date) {
  const local = new Date(date.getTime() + 8 * HOUR);
  return {
    year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(),
    hour: local.getUTCHours(), minute: local.getUTCMinutes(), weekday: local.getUTCDay(),
  };
}

/** `YYYY-MM-DD` in China. */
export function chinaDay(date) {
  return new Date(date.getTime() + 8 * HOUR).toISOString().slice(0, 10);
}

/** The first Monday-to-Friday day of `year`-`month` on or after `day` (public holidays are not known here). */
export function weekdayOnOrAfter(year, month, day) {
  for (let d = day; ; d++) {
    const { weekday, month: m } = chinaParts(chinaTime(year, month, d, 12));
    if (m !== month) return day;
    if (weekday !== 0 && weekday !== 6) return d;
  }
}

/** When a demo year's clock starts: 2 January, 08:00 in China, before anything is made. */
export function yearStart(year) {
  return chinaTime(year, 1, 2, 8, 0);
}

/** The content of a timestamp file that puts the clock at `target` now. */
export function offsetFor(target, now = Date.now()) {
  const seconds = Math.round((target.getTime() - now) / 1000);
  return `${seconds >= 0 ? '+' : ''}${seconds}`;
}

/** Writes the offset that puts the server's clock at `target` into `file`, replacing it in one step. */
export function setClock(file, target) {
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, `${offsetFor(target)}\n`);
  renameSync(aside, file);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The time in the `Date` header of the server at `base` (its liveness answer). */
export async function serverDate(base) {
  const response = await fetch(`${base}/health/live`, { cache: 'no-store' });
  const date = response.headers.get('date');
  if (!date) throw new Error(`${base}/health/live answered without a Date header`);
  return new Date(date);
}

/** The server's clock: read from its `Date` header, moved forward only, through the timestamp file. */
export class ServerClock {
  constructor(api, file, { log = () => {} } = {}) {
    this.api = api;
    this.file = file;
    this.log = log;
    this.last = null;
    this.jumps = 0;
  }

  /**
   * The server's time as its own clock tells it: the `Date` header of its answer (to the second, renewed by
   * the HTTP layer twice a second: good to about a second, which `jumpTo` allows for).
   */
  async now() {
    return serverDate(this.api.base);
  }

  /**
   * Moves the server's clock to `target`, which must be later than where it stands, and waits (five seconds
   * at most) until the server tells that time (at once: libfaketime reads the file on every call).
   */
  async jumpTo(target) {
    const before = await this.now();
    if (target.getTime() < before.getTime() - 2000 || (this.last && target <= this.last)) {
      throw new Error(`the clock only moves forward: the server is at ${before.toISOString()}, asked for ${target.toISOString()}`);
    }
    setClock(this.file, target);
    const deadline = Date.now() + 5000;
    for (;;) {
      const now = await this.now();
      const off = now.getTime() - target.getTime();
      if (off >= -2000 && off < 60000) break;
      if (Date.now() > deadline) {
        throw new Error(`the server's clock did not move to ${target.toISOString()} (it says ${now.toISOString()}): `
          + `run it with LD_PRELOAD=${FAKETIME_LIB} FAKETIME_TIMESTAMP_FILE=${this.file} FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1`);
      }
      await sleep(20);
    }
    this.last = target;
    this.jumps += 1;
    this.log(`clock → ${chinaDay(target)} ${String(chinaParts(target).hour).padStart(2, '0')}:${String(chinaParts(target).minute).padStart(2, '0')} (China time)`);
  }
}
