// Small things every screen's forms need, written once: what a mainland mobile number looks like, and a value
// kept for this tab only (an OAuth round trip's state), which quietly does nothing where storage is blocked.

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
