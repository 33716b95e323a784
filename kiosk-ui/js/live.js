// The kiosk and its server in the background: the heartbeat (is the server there? send what waits in the
// outbox), the count of waiting and refused reports, the duty list on the attract screen, and the station's live
// events that refresh it. `?heartbeat=ms` shortens the heartbeat (for the tests).

import { api, kioskEvents } from './api.js';
import { outbox, flush, onSent } from './outbox.js';
import {
  state, params, setOnline, setPending, setRefused, setNeedsEnrollment, markDutyLoaded, setDuty, dropDuty,
} from './state.js';
import { renderStatus, notify } from './router.js';
import { onHelpEvent } from './help.js';

const HEARTBEAT_MS = Number(params.get('heartbeat')) || 5000;
const DUTY_MAX_AGE_MS = 5 * 60 * 1000;

// What is under way: one heartbeat at a time, one live stream, one duty list fetch, one pending duty reload.
const running = { heartbeat: false, live: false, duty: false, dutyReload: null };

/** Counts the outbox again (for the status light, and the setup screen's note of refused reports). */
export async function refreshPending() {
  try {
    setPending(await outbox.count());
    setRefused(await outbox.refused());
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
  try {
    await refreshPending();
    if (state.online && state.pending) {
      await flush();
      await refreshPending();
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
  onSent(({ key, created }) => {
    refreshPending();
    if (created) notify('reportSent', key, created);
  });
  window.addEventListener('online', heartbeat);
}

export function startHeartbeat() {
  heartbeat();
  setInterval(heartbeat, HEARTBEAT_MS);
}
