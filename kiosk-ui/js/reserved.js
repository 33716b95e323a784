// Tracking codes the server reserved for this kiosk ahead (POST /api/v1/kiosks/me/reserved-codes): every kiosk
// report is filed under one when the kiosk holds one, so that a report saved while the network is down already
// has its real code on the receipt — one the resident can track on the keypad or her phone, and which the
// tracking page explains ("saved on a kiosk, not arrived yet") until the report goes out.
//
// The server's list is the kiosk's unused codes; a code on a report still waiting in the outbox is unused there
// but taken here, so the pool is the server's list less the outbox's codes. A code is taken before the first
// attempt and kept with the record for every retry (same body, same Idempotency-Key).

import { kioskCall } from './api.js';
import { outbox } from './outbox.js';

const POOL = 'liaison.kiosk.reserved';
const REFILL_BELOW = 5;
const REFRESH_MS = 10 * 60 * 1000;

let lastRefill = 0;
let refilling = null;

function pool() {
  try {
    const codes = JSON.parse(localStorage.getItem(POOL) || '[]');
    return Array.isArray(codes) ? codes.filter((c) => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

function keep(codes) {
  localStorage.setItem(POOL, JSON.stringify(codes));
}

/** A code for a new report, taken out of the pool; null when the kiosk holds none (it then gets a code on arrival). */
export function takeReservedCode() {
  const [code, ...rest] = pool();
  if (!code) return null;
  keep(rest);
  return code;
}

/** The code field of an outbox record, if it has one. */
export const recordCode = (record) => record?.fields?.find(([name]) => name === 'reserved_code')?.[1] ?? null;

/**
 * Tops up the pool from the server when it runs low or has not been refreshed for a while (a kiosk online;
 * failures are quiet: the next heartbeat tries again).
 */
export function refillReserved({ force = false } = {}) {
  if (refilling) return refilling;
  if (!force && pool().length >= REFILL_BELOW && Date.now() - lastRefill < REFRESH_MS) return Promise.resolve();
  refilling = (async () => {
    try {
      const { codes } = await kioskCall('/api/v1/kiosks/me/reserved-codes', { method: 'POST' });
      const waiting = new Set((await outbox.all()).map(recordCode).filter(Boolean));
      keep(codes.filter((c) => !waiting.has(c)));
      lastRefill = Date.now();
    } catch {
      // Offline, or the kiosk must be enrolled again: the pool stays as it is.
    }
  })().finally(() => { refilling = null; });
  return refilling;
}

/** Forgets the pool (a kiosk enrolled anew holds none of the old kiosk's codes). */
export function forgetReserved() {
  localStorage.removeItem(POOL);
}
