// A signed-in person's session, for every screen that signs people in (the deputy's workbench, the console):
// the token pair kept in the browser's storage (localStorage, else sessionStorage, else this page's memory
// when an in-app browser blocks storage), never in an address and never written to the console; the access
// token renewed silently before it expires (one renewal at a time, shared by every call and by the other
// tabs through the storage); calls that carry it, retried once after a renewal when the server says it went
// stale; and signing out, which ends the session on the server too.

import { request, ApiError } from './api.js';

const RENEW_BEFORE_MS = 60 * 1000;

/** The storage this browser lets the page use, best first; a plain object when it lets none. */
function pickStore() {
  for (const name of ['localStorage', 'sessionStorage']) {
    try {
      const store = window[name];
      const probe = 'liaison.probe';
      store.setItem(probe, '1');
      store.removeItem(probe);
      return store;
    } catch {
      // Blocked (some in-app browsers, private modes): try the next.
    }
  }
  const memory = new Map();
  return { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => memory.set(k, String(v)), removeItem: (k) => memory.delete(k) };
}

/**
 * A session kept under `key`. `onSignedOut(reason)` is called when the session ends without the person
 * asking (`expired`: the refresh token no longer works) or on `signOut()` (`signed_out`).
 */
export function createSession({ key = 'liaison.session', onSignedOut = () => {} } = {}) {
  const store = pickStore();
  let renewing = null;

  function read() {
    try {
      const saved = JSON.parse(store.getItem(key) || 'null');
      return saved && typeof saved.access_token === 'string' && typeof saved.refresh_token === 'string' ? saved : null;
    } catch {
      return null;
    }
  }

  function write(pair) {
    const now = Date.now();
    const saved = {
      access_token: pair.access_token,
      refresh_token: pair.refresh_token,
      access_expires_at: now + Number(pair.expires_in || 0) * 1000,
      access_lifetime_ms: Number(pair.expires_in || 0) * 1000,
      refresh_expires_at: now + Number(pair.refresh_expires_in || 0) * 1000,
      role: pair.role,
      subject_id: pair.subject_id,
    };
    store.setItem(key, JSON.stringify(saved));
    return saved;
  }

  function clear() {
    store.removeItem(key);
  }

  function ended(reason) {
    clear();
    onSignedOut(reason);
  }

  /** Trades the refresh token for a new pair (once at a time); `null` when the session is over. */
  function renew() {
    if (renewing) return renewing;
    const before = read();
    renewing = (async () => {
      if (!before) return null;
      try {
        return write(await request('/api/v1/auth/refresh', { method: 'POST', json: { refresh_token: before.refresh_token } }));
      } catch (err) {
        // Another tab may have renewed meanwhile: its pair is in the storage now.
        const now = read();
        if (now && now.refresh_token !== before.refresh_token) return now;
        if (err instanceof ApiError && err.status === 401) {
          ended('expired');
          return null;
        }
        throw err;
      }
    })().finally(() => { renewing = null; });
    return renewing;
  }

  /** A usable access token, renewed first when it is about to expire; `null` when not signed in. */
  async function accessToken() {
    const saved = read();
    if (!saved) return null;
    // A minute before it expires (a quarter of its life, for short-lived tokens).
    const margin = Math.min(RENEW_BEFORE_MS, (saved.access_lifetime_ms || 0) / 4);
    if (saved.access_expires_at - Date.now() > margin) return saved.access_token;
    const renewed = await renew();
    return renewed?.access_token ?? null;
  }

  /**
   * `request(path, options)` with the access token. A 401 for a stale token renews it and tries once more;
   * when the session is over it fails with code `unauthenticated`.
   */
  async function call(path, options = {}) {
    const token = await accessToken();
    if (!token) throw new ApiError({ status: 401, code: 'unauthenticated' });
    try {
      return await request(path, { ...options, token });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401 || !['invalid_token', 'unauthenticated'].includes(err.code)) throw err;
      const renewed = await renew();
      if (!renewed) throw err;
      return request(path, { ...options, token: renewed.access_token });
    }
  }

  return {
    /** Whether a session is kept (it may still turn out to have ended on the server). */
    get signedIn() {
      return read() !== null;
    },
    /** The role and account id of the session, or `null`. */
    get who() {
      const saved = read();
      return saved ? { role: saved.role, subjectId: saved.subject_id } : null;
    },
    /** Keeps the token pair a sign-in answered with. */
    adopt(pair) {
      write(pair);
    },
    accessToken,
    renew,
    call,
    /** Ends the session here and on the server (best effort: the tokens are forgotten either way). */
    async signOut() {
      const saved = read();
      clear();
      if (saved) {
        try {
          await request('/api/v1/auth/logout', { method: 'POST', json: { refresh_token: saved.refresh_token }, timeoutMs: 8000 });
        } catch {
          // Offline: the refresh token is forgotten here and expires on its own.
        }
      }
      onSignedOut('signed_out');
    },
  };
}
