// The phone's reports waiting to be sent: the kiosk's outbox (/kiosk/js/outbox.js, IndexedDB, one Idempotency-Key
// per report, sent once), given this app's session so that a signed-in citizen's report goes out with their token
// and lands in 我的反映. A report is written there before the first attempt and leaves only once the server has it.

import * as outbox from '/kiosk/js/outbox.js';

let ready = null;

/** The outbox, wired to `app.session` once: a report filed while signed in goes out with that account's token. */
export function outboxReady(app) {
  ready ??= (() => {
    outbox.useBearer(async (account) => {
      if (!app.session.signedIn || app.session.who?.subjectId !== account) return null;
      return app.session.accessToken();
    });
    return outbox;
  })();
  return Promise.resolve(ready);
}

/** A random UUID (v4) for the Idempotency-Key; crypto.randomUUID needs a secure context, this does not. */
export function newKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
