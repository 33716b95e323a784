// Small things the demo year shares: a seeded generator (the same seed plays the same year), and the server's
// SMS outbox (`<data dir>/sms-outbox.jsonl`, written when no SMS provider is configured), where the sign-in
// codes texted to voters are read.

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A seeded generator (mulberry32) with the picks the year needs. */
export function generator(seed) {
  let a = 0;
  for (const c of String(seed)) a = (Math.imul(a, 31) + c.charCodeAt(0)) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [low, high]. */
    int: (low, high) => low + Math.floor(next() * (high - low + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    /** A copy of `list` in a shuffled order. */
    shuffle: (list) => {
      const out = [...list];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    /** An entry of `[[weight, value], …]`. */
    weighted: (choices) => {
      let r = next() * choices.reduce((sum, [w]) => sum + w, 0);
      for (const [w, value] of choices) {
        r -= w;
        if (r < 0) return value;
      }
      return choices[choices.length - 1][1];
    },
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server's SMS outbox, read from where it stood when `mark()` was last called. */
export class SmsOutbox {
  constructor(dataDir) {
    this.path = join(dataDir, 'sms-outbox.jsonl');
  }

  size() {
    try {
      return statSync(this.path).size;
    } catch {
      return 0;
    }
  }

  /** The newest code texted to `phone` after byte `from` of the outbox; waits up to `timeout` ms for it. */
  async codeFor(phone, from, timeout = 10000) {
    const digits = phone.replace(/\D/g, '').slice(-11);
    const end = Date.now() + timeout;
    for (;;) {
      let text = '';
      try {
        text = readFileSync(this.path).subarray(from).toString('utf8');
      } catch {
        // Not written yet.
      }
      const line = text.split('\n').filter(Boolean).map((l) => JSON.parse(l)).reverse()
        .find((l) => l.code && String(l.phone).replace(/\D/g, '').slice(-11) === digits);
      if (line) return line.code;
      if (Date.now() > end) throw new Error(`no sign-in code for ${phone} reached ${this.path} within ${timeout / 1000} s (is --data-dir the server's data folder, with sms.provider = "outbox"?)`);
      await sleep(50);
    }
  }
}
