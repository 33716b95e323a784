// Reports waiting to be sent, kept in IndexedDB with their Idempotency-Key until the server has them. A report
// is written here before the first attempt and removed only after the server answered 201 (or replayed that
// answer), so a crash, a reload or a network failure at any moment loses nothing and sends nothing twice.

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

export const outbox = {
  put: (record) => tx('readwrite', (store) => req(store.put(record))),
  remove: (key) => tx('readwrite', (store) => req(store.delete(key))),
  all: () => tx('readonly', (store) => req(store.getAll())),
  async count() {
    const records = await this.all();
    return records.filter((r) => !r.rejected).length;
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
    if (!isTransient(err) && err.status !== 401) {
      await outbox.put({ ...stored, rejected: true, error: err.code });
      listeners.forEach((fn) => fn({ key: stored.key, error: err }));
    }
    throw err;
  }
}

/**
 * Keeps the report, then tries to send it. Resolves with the server's answer, or throws: `isTransient(err)`
 * means it stays kept and goes out later by itself; anything else means the server refused it.
 */
export async function submit(record) {
  await outbox.put(record);
  return exclusive(() => deliverNow(record));
}

let running = null;

/**
 * Sends what waits, oldest first, one at a time. Stops at the first transient failure (the server is still
 * away). A refusal that no retry can fix (422 and the like) is kept, marked, and no longer retried.
 */
export function flush() {
  if (running) return running;
  running = exclusive(async () => {
    const records = (await outbox.all()).filter((r) => !r.rejected).sort((a, b) => a.created_at - b.created_at);
    for (const record of records) {
      try {
        await deliverNow(record);
      } catch (err) {
        if (isTransient(err) || err.status === 401) return false;
      }
    }
    return true;
  }).finally(() => { running = null; });
  return running;
}
