// Reports waiting to be sent, kept in IndexedDB with their Idempotency-Key until the server has them. A report
// is written here before the first attempt and removed only after the server answered 201 (or replayed that
// answer), so a crash, a reload or a network failure at any moment loses nothing and sends nothing twice.
// A report the server refuses for good while nobody is at the screen is not kept: this is a public device, so
// its words, photos and phone number are dropped and only a note without them stays (`refused()`), for staff.
//
// On a phone (a report of the online mailbox, `kiosk: false`) it is the resident's own device: a report the
// server refuses is kept whole with the reason, for them to see, and one sent while no receipt waited for it
// leaves its tracking code (`delivered`), until they dismiss it (`kept()`). A phone's report also goes out when
// the page is closed: the page asks for a Background Sync (`sendInBackground()`), and the service worker
// (sw.js, which imports this module) sends it with `sendFromWorker()`: the same request, the same key, under
// the same lock. Both tell the pages open meanwhile what happened (a BroadcastChannel).
// The citizen's phone app (/m/, web-ui/citizen/) keeps its reports here too: a signed-in citizen's report names
// the account (`account`) and goes out with their token, so only a page that was given one (`useBearer()`) sends
// it; the kiosk's pages and the service worker leave it waiting for the app.

import { submitReport, isTransient, ApiError } from './api.js';

export const SYNC_TAG = 'liaison-outbox';
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
 * out after staff enroll the kiosk again. Anything else is a refusal no retry can fix. A phone's report
 * (`record.kiosk === false`) carries no credentials: a 401 or 403 refuses it for good.
 */
export function isRetryable(err, record) {
  if (isTransient(err)) return true;
  return record?.kiosk !== false && (err?.status === 401 || err?.status === 403);
}

/** What stays of a kiosk's refused report: when and why, never what the resident wrote, showed or left as contact. */
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

/** A phone's refused report: kept whole, with the server's reason, for the resident to see. */
function refusedOnPhone(record, err) {
  const { retry_at: _, ...kept } = record;
  return { ...kept, rejected: true, refused_at: Date.now(), status: err?.status ?? null, error: err?.code ?? 'unknown', reason: err?.message || null };
}

/** A phone's report the server has, sent while no receipt waited for it: only its answer (the tracking code). */
function deliveredNote(record, created) {
  return { key: record.key, created_at: record.created_at, kiosk: false, delivered: true, sent_at: Date.now(), created };
}

const isNote = (r) => r.rejected;
const isWaiting = (r) => !r.rejected && !r.delivered;
const onPhone = (r) => r.kiosk === false;

export const outbox = {
  put: (record) => tx('readwrite', (store) => req(store.put(record))),
  remove: (key) => tx('readwrite', (store) => req(store.delete(key))),
  all: () => tx('readonly', (store) => req(store.getAll())),
  async count() {
    const records = await this.all();
    return records.filter(isWaiting).length;
  },
  /** A phone's reports to show its resident: refused ones (whole, with the reason) and sent ones' codes. */
  async kept() {
    const records = await this.all();
    return records.filter((r) => onPhone(r) && (r.delivered || r.rejected)).sort((a, b) => a.created_at - b.created_at);
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
  /**
   * Strips refused records an older version kept whole (photos and phone number included); a phone's own
   * refused reports stay whole.
   */
  async scrub() {
    const stale = (await this.all()).filter((r) => isNote(r) && !onPhone(r) && (r.fields || r.photos));
    if (stale.length) {
      await tx('readwrite', (store) => Promise.all(stale.map((r) =>
        req(store.put(refusalNote(r, { status: r.status ?? null, code: r.error }))))));
    }
  },
};

const listeners = new Set();
/**
 * `fn({key, created, error})` after each record is sent (or refused for good), here or in another page or the
 * service worker; `fn({flushed: true, left})` after the service worker has sent what it could.
 */
export function onSent(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// What a page or the service worker sent, for the others (another tab's receipt, a page open while the service
// worker sends). A BroadcastChannel never delivers to its own sender.
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(SYNC_TAG) : null;
if (channel) {
  channel.onmessage = ({ data }) => {
    if (data?.type === 'sent') listeners.forEach((fn) => fn({ key: data.key, created: data.created }));
    else if (data?.type === 'refused') listeners.forEach((fn) => fn({ key: data.key, error: data.error }));
    else if (data?.type === 'flushed') listeners.forEach((fn) => fn({ flushed: true, left: data.left }));
  };
}

function announce(message, local) {
  listeners.forEach((fn) => fn(local));
  try {
    channel?.postMessage(message);
  } catch {
    // Closed: nobody to tell.
  }
}

const sent = new Map();

// How a signed-in citizen's report gets its token: `bearer(account)` resolves to an access token or null. Set only
// by the citizen's app (useBearer); without it, a report that names an account is not this page's to send.
let bearer = null;

/** The citizen's app: `fn(account)` gives the access token for a report filed while signed in. */
export function useBearer(fn) {
  bearer = fn;
}

const sendable = (r) => !r.account || bearer !== null;

/** Refusals of a code reserved ahead, which the report survives by going without it. */
const RESERVED_REFUSALS = ['reserved_code_used', 'unknown_reserved_code'];

function exclusive(work) {
  return globalThis.navigator?.locks ? navigator.locks.request(SYNC_TAG, work) : serial(work);
}

let chain = Promise.resolve();
function serial(work) {
  const next = chain.then(work, work);
  chain = next.catch(() => {});
  return next;
}

/**
 * Sends one kept record, if it is still waiting (another page or the service worker may have sent it
 * meanwhile: then its answer). `keep`: a phone's report sent with no receipt waiting for it keeps its
 * tracking code in the outbox for the resident (the receipt that shows it forgets it, `acknowledge()`).
 */
async function deliverNow(record, { keep = false } = {}) {
  const stored = await tx('readonly', (store) => req(store.get(record.key)));
  if (stored?.delivered) return stored.created;
  if (!stored || stored.rejected) return sent.get(record.key) ?? null;
  try {
    // Signed out meanwhile (or the session ended): the report waits until its citizen signs in again.
    const token = stored.account ? await bearer?.(stored.account).catch(() => null) : null;
    if (stored.account && !token) throw new ApiError(0, null, true);
    const created = await submitReport(stored, token);
    if (keep && onPhone(stored)) await outbox.put(deliveredNote(stored, created));
    else await outbox.remove(stored.key);
    sent.set(stored.key, created);
    announce({ type: 'sent', key: stored.key, created }, { key: stored.key, created });
    return created;
  } catch (err) {
    if (RESERVED_REFUSALS.includes(err?.code) && stored.fields?.some(([name]) => name === 'reserved_code')) {
      // The code reserved ahead cannot be used (another report took it, or the kiosk was enrolled anew): the
      // server stored nothing under this key, so the same key goes again without the code, and the report gets
      // a code of its own on arrival.
      const without = { ...stored, fields: stored.fields.filter(([name]) => name !== 'reserved_code') };
      await outbox.put(without);
      return deliverNow(without, { keep });
    }
    if (!isRetryable(err, stored)) {
      await outbox.put(onPhone(stored) ? refusedOnPhone(stored, err) : refusalNote(stored, err));
      const error = { status: err?.status ?? null, code: err?.code ?? 'unknown', message: err?.message ?? '' };
      announce({ type: 'refused', key: stored.key, error }, { key: stored.key, error: err });
    } else if (err.status === 403 && stored.kiosk) {
      // The kiosk was revoked or deactivated: staff must enroll it again; the report waits for that.
      globalThis.window?.dispatchEvent(new Event('liaison:reenroll'));
    } else if (err.retryAfter != null) {
      // Busy (429, 503): not before the time the server named, by whoever sends next.
      await outbox.put({ ...stored, retry_at: Date.now() + err.retryAfter * 1000 });
    }
    throw err;
  }
}

/**
 * Keeps the report, then tries to send it. Resolves with the server's answer, or throws: `isRetryable(err,
 * record)` means it stays kept and goes out later by itself; anything else means the server refused it (what
 * stays is removed by the caller when the resident is still there to be told).
 */
export async function submit(record) {
  await outbox.put(record);
  const created = await exclusive(() => deliverNow(record));
  // Only when the service worker refused it in the moment between keeping and sending: it is shown as refused
  // among the phone's kept reports; the receipt says it is kept.
  if (!created) throw new ApiError(0, null, true);
  return created;
}

let running = null;

/**
 * Sends what waits, oldest first, one at a time (`worker`: only a phone's reports, the ones the service worker
 * can send). Stops at the first retryable failure (the server is still away or busy, or the kiosk must be
 * enrolled again) and at a report the server asked to wait for (`Retry-After`). A refusal that no retry can fix
 * (422 and the like) leaves a kiosk's report as a note without its contents, a phone's whole with the reason;
 * never retried. Resolves with `{done}` (nothing left to try) or `{done: false, retryAt}` (ms, when known).
 */
export function flush({ worker = false } = {}) {
  if (running) return running;
  running = exclusive(async () => {
    const records = (await outbox.all())
      .filter((r) => isWaiting(r) && sendable(r) && (!worker || onPhone(r)))
      .sort((a, b) => a.created_at - b.created_at);
    for (const record of records) {
      if (record.retry_at > Date.now()) return { done: false, retryAt: record.retry_at };
      try {
        await deliverNow(record, { keep: onPhone(record) });
      } catch (err) {
        if (isRetryable(err, record)) {
          return { done: false, retryAt: err.retryAfter != null ? Date.now() + err.retryAfter * 1000 : null };
        }
      }
    }
    return { done: true };
  }).finally(() => { running = null; });
  return running;
}

/** The resident saw the tracking code of a report sent in the background (its receipt), or dismissed it. */
export async function acknowledge(key) {
  const stored = await tx('readonly', (store) => req(store.get(key)));
  if (stored && (stored.delivered || (stored.rejected && onPhone(stored)))) await outbox.remove(key);
}

// ---- Sending with the page closed (Background Sync) ------------------------------------------------------------

/**
 * In a page: asks the browser to fire a `sync` event in the service worker once the device is online, even when
 * the page has been closed by then. False where that cannot be (no Background Sync: Safari, Firefox, an in-app
 * webview on iOS; no service worker yet): the page sends while it is open (live.js), as before.
 */
export async function sendInBackground() {
  const container = globalThis.navigator?.serviceWorker;
  if (!container || typeof window === 'undefined' || !('SyncManager' in window)) return false;
  try {
    const registration = await Promise.race([container.ready, new Promise((resolve) => setTimeout(resolve, 3000, null))]);
    if (!registration?.sync) return false;
    await registration.sync.register(SYNC_TAG);
    return true;
  } catch {
    return false;
  }
}

const BACKGROUND_WAIT_MAX_MS = 60000;

/**
 * In the service worker, for a `sync` event: sends a phone's waiting reports. A `Retry-After` of up to a minute
 * is waited for here; otherwise, while any report still waits, it throws, so that the browser fires the event
 * again later (with its own growing pause; after `lastChance` it stops, and the next page opened sends or asks
 * again). Tells open pages what it sent and, at the end, how many still wait (`flushed`).
 */
export async function sendFromWorker({ lastChance = false } = {}) {
  for (let round = 0; round < 3; round++) {
    const result = await flush({ worker: true });
    const wait = result.retryAt ? result.retryAt - Date.now() : null;
    if (result.done || wait === null || wait > BACKGROUND_WAIT_MAX_MS) break;
    await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 0)));
  }
  const left = (await outbox.all()).filter((r) => isWaiting(r) && onPhone(r) && sendable(r)).length;
  announce({ type: 'flushed', left, lastChance }, { flushed: true, left });
  if (left) throw new Error(`${left} reports still wait: try again later`);
}
