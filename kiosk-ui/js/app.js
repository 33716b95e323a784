// The kiosk: attract screen → report (category, description, photos, place, contact, review) → receipt; tracking
// by code; the station's deputies; kiosk enrollment. Also opened on a phone from a station's or deputy's QR code
// (`/kiosk/?station=…&deputy=…#report`), where it files through the online mailbox (channel `web`).
//
// This file starts it. The parts: state.js (the state and the resident's draft), router.js (screens and the
// reset), idle.js (the idle reset), live.js (heartbeat, outbox, duty list, live events), station.js (starting as a
// kiosk or a phone), screens/*.js (one per screen), ui.js (what the screens share). A report-back (述职评议) that
// staff open at `#/report-back/{id}` is rated on screens/report-back.js (report-back-board.js).

import { credentials } from './api.js';
import { outbox } from './outbox.js';
import { state, params, setMode } from './state.js';
import { t, setLang } from './i18n.js';
import { registerScreens, bindChrome, go, resetAll } from './router.js';
import { startIdle } from './idle.js';
import { bindHelp } from './help.js';
import { phonePhotosLink } from './phone-photos.js';
import { listen, heartbeat, refreshPending, startHeartbeat } from './live.js';
import { startKiosk, startWeb } from './station.js';
import * as setup from './screens/setup.js';
import * as landing from './screens/landing.js';
import * as attract from './screens/attract.js';
import * as category from './screens/category.js';
import * as describe from './screens/describe.js';
import * as emergency from './screens/emergency.js';
import * as photos from './screens/photos.js';
import * as place from './screens/place.js';
import * as contact from './screens/contact.js';
import * as review from './screens/review.js';
import * as receipt from './screens/receipt.js';
import * as track from './screens/track.js';
import * as deputies from './screens/deputies.js';
import * as reportBack from './screens/report-back.js';
import { rememberSession, sessionInAddress } from './report-back-board.js';

registerScreens({
  setup, landing, attract, category, emergency, describe, photos, place, contact, review, receipt, track, deputies, 'report-back': reportBack,
});

/**
 * Staff open a report-back on an enrolled kiosk at `#/report-back/{id}`: the kiosk remembers it (the attract
 * screen offers it while its voting is open) and shows it. The address is cleared at once, so a reload starts
 * at the attract screen.
 */
function openFromAddress() {
  const id = sessionInAddress();
  if (!id) return;
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  if (state.mode !== 'kiosk') return;
  rememberSession(id);
  go('report-back', { id });
}

async function start() {
  setLang('zh');
  bindChrome();
  bindHelp();
  startIdle(resetAll);
  listen();
  if ('serviceWorker' in navigator && window.isSecureContext) {
    // A module (it imports outbox.js to send a phone's reports with the page closed): Chromium 91+, Safari 15+,
    // Firefox 147+. Where it cannot be, registering fails: the app works, without a kept copy for a restart.
    navigator.serviceWorker.register('sw.js', { scope: './', type: 'module' }).catch(() => {});
  }
  await outbox.scrub().catch(() => {});
  await refreshPending();
  // An enrolled kiosk starts as itself, a phone from a station's QR code as that station's form; `?setup` is for
  // staff enrolling a kiosk (a new one, or again); anything else (a phone without a station) gets the public
  // landing page, never the enrollment screen.
  const saved = credentials();
  const setupAsked = params.has('setup');
  try {
    if (saved && !setupAsked) {
      await startKiosk(saved);
      openFromAddress();
    } else if (params.get('station') && !setupAsked) {
      await startWeb(params.get('station'));
    } else if (setupAsked) {
      setMode('setup');
      go('setup');
    } else {
      setMode('landing');
      go('landing');
    }
  } catch (err) {
    const error = err.offline ? t('track_offline') : err.message;
    setMode(saved || setupAsked ? 'setup' : 'landing');
    go(state.mode, { error });
  }
  startHeartbeat();
  window.addEventListener('hashchange', openFromAddress);
}

// For the browser tests and for staff: what the kiosk is doing, without reaching into the page.
window.liaisonKiosk = {
  get view() { return state.view.name; },
  get mode() { return state.mode; },
  draft: () => ({ ...state.draft, photos: state.draft.photos.length }),
  pending: () => outbox.count(),
  photosWaiting: () => photos.waitingPhotos(),
  phonePhotosLink: () => phonePhotosLink(),
  heartbeat,
};

start();
