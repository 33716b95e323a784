// Reports waiting to be sent, kept in IndexedDB with their Idempotency-Key until the server has them. A report
// is written here before the first attempt and removed only after the server answered 201 (or replayed that
// answer), so a crash, a reload or a network failure at any moment loses nothing and sends nothing twice.
// A report the server refuses for good while nobody is at the screen is not kept: this is a public device, so
// its words, photos and phone number are dropped and only a note without them stays (`refused()`), for staff.

import { submitReport, isTransient } from './api.js';

const DB = 'liaison-kiosk';
const STORE = 'outbox';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function tx(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const store = transaction.objectStore(STORE);
      let result;
      Promise.resolve(work(store)).then((r) => { result = r; });
      transaction.oncomplete = () => resolve(result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

const req = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

/**
 * Whether a failed send should be kept and tried again later: the server is away or busy (transient), or the
 * kiosk's credentials were refused (401, or 403 once the kiosk is revoked or deactivated) and the report goes
 * out after staff enroll the kiosk again. Anything else is a refusal no retry can fix.
 */
export function isRetryable(err) {
  return isTransient(err) || err?.status === 401 || err?.status === 403;
}

/** What stays of a refused report: when and why, never what the resident wrote, showed or left as contact. */
function refusalNote(record, err) {
  return {
    key: record.key,
    created_at: record.created_at,
    refused_at: Date.now(),
    rejected: true,
    status: err?.status ?? null,
    error: err?.code ?? 'unknown',
  };
}

const isNote = (r) => r.rejected;

export const outbox = {
  put: (record) => tx('readwrite', (store) => req(store.put(record))),
  remove: (key) => tx('readwrite', (store) => req(store.delete(key))),
  all: () => tx('readonly', (store) => req(store.getAll())),
  async count() {
    const records = await this.all();
    return records.filter((r) => !isNote(r)).length;
  },
  /** How many reports the server refused for good (their contents are gone). */
  async refused() {
    const records = await this.all();
    return records.filter(isNote).length;
  },
  /** Staff have seen the refusals: forget the notes. */
  async clearRefused() {
    const notes = (await this.all()).filter(isNote);
    await tx('readwrite', (store) => Promise.all(notes.map((n) => req(store.delete(n.key)))));
  },
  /** Strips refused records an older version kept whole (photos and phone number included). */
  async scrub() {
    const stale = (await this.all()).filter((r) => isNote(r) && (r.fields || r.photos));
    if (stale.length) {
      await tx('readwrite', (store) => Promise.all(stale.map((r) =>
        req(store.put(refusalNote(r, { status: r.status ?? null, code: r.error }))))));
    }
  },
};

const listeners = new Set();
/** `fn({key, created, error})` after each record is sent (or refused for good). */
export function onSent(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

const sent = new Map();

function exclusive(work) {
  return navigator.locks ? navigator.locks.request('liaison-outbox', work) : serial(work);
}

let chain = Promise.resolve();
function serial(work) {
  const next = chain.then(work, work);
  chain = next.catch(() => {});
  return next;
}

async function deliverNow(record) {
  const stored = await tx('readonly', (store) => req(store.get(record.key)));
  if (!stored) return sent.get(record.key) ?? null;
  try {
    const created = await submitReport(stored);
    await outbox.remove(stored.key);
    sent.set(stored.key, created);
    listeners.forEach((fn) => fn({ key: stored.key, created }));
    return created;
  } catch (err) {
    if (!isRetryable(err)) {
      await outbox.put(refusalNote(stored, err));
      listeners.forEach((fn) => fn({ key: stored.key, error: err }));
    } else if (err.status === 403 && stored.kiosk) {
      // The kiosk was revoked or deactivated: staff must enroll it again; the report waits for that.
      window.dispatchEvent(new Event('liaison:reenroll'));
    }
    throw err;
  }
}

/**
 * Keeps the report, then tries to send it. Resolves with the server's answer, or throws: `isRetryable(err)`
 * means it stays kept and goes out later by itself; anything else means the server refused it (only a note
 * without its contents stays, which the caller removes when the resident is still there to be told).
 */
export async function submit(record) {
  await outbox.put(record);
  return exclusive(() => deliverNow(record));
}

let running = null;

/**
 * Sends what waits, oldest first, one at a time. Stops at the first retryable failure (the server is still
 * away, or the kiosk must be enrolled again). A refusal that no retry can fix (422 and the like) leaves only a
 * note without the report's contents, never retried.
 */
export function flush() {
  if (running) return running;
  running = exclusive(async () => {
    const records = (await outbox.all()).filter((r) => !r.rejected).sort((a, b) => a.created_at - b.created_at);
    for (const record of records) {
      try {
        await deliverNow(record);
      } catch (err) {
        if (isRetryable(err)) return false;
      }
    }
    return true;
  }).finally(() => { running = null; });
  return running;
}
