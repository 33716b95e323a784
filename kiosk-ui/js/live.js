// The kiosk and its server in the background: the heartbeat (is the server there? send what waits in the
// outbox), the count of waiting and refused reports, the duty list on the attract screen, and the station's live
// events that refresh it. `?heartbeat=ms` shortens the heartbeat (for the tests). On a phone, what waits is also
// handed to the service worker, which sends it once the phone is online even if the page is closed by then.

import { api, kioskEvents } from './api.js';
import { outbox, flush, onSent, sendInBackground } from './outbox.js';
import {
  state, params, setOnline, setPending, setRefused, setKept, setNeedsEnrollment, markDutyLoaded, setDuty, dropDuty,
} from './state.js';
import { renderStatus, notify } from './router.js';
import { onHelpEvent } from './help.js';
import { refillReserved } from './reserved.js';

const HEARTBEAT_MS = Number(params.get('heartbeat')) || 5000;
const DUTY_MAX_AGE_MS = 5 * 60 * 1000;

// What is under way: one heartbeat at a time, one live stream, one duty list fetch, one pending duty reload.
// The Background Sync asked for while a phone's reports wait, if any.
const running = { heartbeat: false, live: false, duty: false, dutyReload: null, background: null };

/** Counts the outbox again (for the status light, and the setup screen's note of refused reports). */
export async function refreshPending() {
  try {
    setPending(await outbox.count());
    setRefused(await outbox.refused());
    // A kiosk is a public device: nothing of an earlier resident's report is shown on it.
    setKept(state.mode === 'kiosk' ? [] : await outbox.kept());
  } catch {
    setPending(0);
  }
  renderStatus();
  notify('outboxChanged');
}

export async function heartbeat() {
  if (running.heartbeat) return;
  running.heartbeat = true;
  try {
    await api.ready();
    setOnline(true);
  } catch {
    setOnline(false);
  }
  if (state.online && state.view.name === 'attract' && Date.now() - state.dutyLoadedAt > DUTY_MAX_AGE_MS) loadDuty();
  // Codes for reports that may have to wait offline: topped up while the server is there.
  if (state.online && state.mode === 'kiosk') refillReserved();
  try {
    await refreshPending();
    if (state.online && state.pending) {
      await flush();
      await refreshPending();
    }
    // A phone's report still waiting (also one kept when the page was last open): the service worker sends it
    // when the page is closed before it went out. Asked again for each new wait; the browser keeps one.
    if (state.pending && state.mode !== 'kiosk') {
      if (!running.background) running.background = sendInBackground();
    } else {
      running.background = null;
    }
  } finally {
    running.heartbeat = false;
  }
}

/**
 * Fetches today's duty list for the attract screen, which shows the one it has meanwhile (and works without
 * any). A list that cannot be fetched is kept until one can, unless it was yesterday's.
 */
export async function loadDuty() {
  if (running.duty) return;
  running.duty = true;
  markDutyLoaded();
  try {
    setDuty(await api.onDuty(state.stationCode));
  } catch {
    if (!state.duty || !fromToday(state.duty)) dropDuty();
  } finally {
    running.duty = false;
  }
  notify('dutyChanged');
}

/** Whether a duty list is the one for today at the station (its `today` is not yesterday's). */
function fromToday(duty) {
  const day = (instant) => new Intl.DateTimeFormat('en-CA', { timeZone: duty.time_zone }).format(instant);
  try {
    return day(new Date(duty.at)) === day(new Date());
  } catch {
    return false;
  }
}

// The station's board changed (a report filed or moving on): the duty list is fetched again, at most every few
// seconds. The stream is followed for as long as the page is a kiosk, reconnecting with a growing pause.
function loadDutySoon() {
  if (running.dutyReload) return;
  running.dutyReload = setTimeout(() => {
    running.dutyReload = null;
    if (state.view.name === 'attract') loadDuty();
  }, 1000);
}

export async function followLive() {
  if (running.live) return;
  running.live = true;
  let pause = 2000;
  while (state.mode === 'kiosk') {
    try {
      await kioskEvents('/api/v1/live', (name, data) => {
        pause = 2000;
        if (name === 'report' || name === 'reload') loadDutySoon();
        else if (name === 'help') onHelpEvent(data);
      });
    } catch {
      // Down, or the kiosk must be enrolled again: try again later.
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 60000);
  }
  running.live = false;
}

/** Listens for what the outbox and the network report. */
export function listen() {
  // The kiosk's session has ended (revoked, or its refresh token was refused): staff must enroll it again.
  // Reports keep waiting in the outbox meanwhile.
  window.addEventListener('liaison:reenroll', () => {
    setNeedsEnrollment(true);
    renderStatus();
  });
  // Sent or refused here, in another tab, or by the service worker with this page open.
  onSent(({ key, created, error }) => {
    refreshPending();
    if (created) notify('reportSent', key, created);
    else if (error) notify('reportRefused', key, error);
  });
  // Without Background Sync (Safari, Firefox, in-app webviews) only an open page sends: at once when the network
  // is back, and when the resident returns to the page (a phone pauses the timers of a page in the background).
  window.addEventListener('online', heartbeat);
  // A page hidden may be closed next: a phone's reports still waiting are handed to the service worker again
  // (an earlier sync the browser gave up on is asked for anew).
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') heartbeat();
    else if (state.pending && state.mode !== 'kiosk') running.background = sendInBackground();
  });
}

export function startHeartbeat() {
  heartbeat();
  setInterval(heartbeat, HEARTBEAT_MS);
}
