// The page a person asked for before they had to sign in (a notice's link, a reload after the session
// expired), kept in this tab's storage under `key` and opened right after signing in, even on first use.

/** `remember(hash)` and `take()` for one app's wanted route (never the sign-in page itself). */
export function wantedRoute(key) {
  return {
    remember(hash) {
      try {
        if (hash && !hash.startsWith('#/signin')) sessionStorage.setItem(key, hash);
      } catch {
        // Storage blocked: the app's first page opens instead.
      }
    },
    take() {
      try {
        const wanted = sessionStorage.getItem(key);
        sessionStorage.removeItem(key);
        return wanted;
      } catch {
        return null;
      }
    },
  };
}
