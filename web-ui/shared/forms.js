// Small things every screen's forms need, written once: what a mainland mobile number looks like, a value kept
// for this tab only (an OAuth round trip's state), which quietly does nothing where storage is blocked, and the
// random nonce such a round trip carries.

/** A mainland China mobile number, 11 digits, once spaces and the country code are taken off. */
export const MOBILE_RE = /^1[3-9]\d{9}$/;

/**
 * `sessionValue(key)` reads, `sessionValue(key, text)` keeps, `sessionValue(key, null)` forgets a value of this
 * tab. Where storage is blocked it reads nothing and keeps nothing (a sign-in that needs it is then not offered).
 */
export function sessionValue(key, value) {
  try {
    if (value === undefined) return sessionStorage.getItem(key);
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // Blocked storage.
  }
  return null;
}

/** A fresh random nonce (digits only) for a round trip through WeChat: its `state` or `reserved`. */
export function newNonce() {
  return crypto.getRandomValues(new Uint32Array(4)).join('');
}
