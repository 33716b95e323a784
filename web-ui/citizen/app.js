// The citizen's phone app (掌上联络站) at /m/, in the style of a WeChat mini-program: a bottom tab bar (首页 / 反映
// / 我的) and hash routes, so nothing the page carries reaches a server log: #/home, #/station/{code} (what a
// station's QR code opens), #/stations, #/deputy/{code}, #/report, #/track, #/r/{tracking_code}, #/mine, #/signin,
// #/book/{station}, #/results, #/report-back/{id} (述职评议: rating a deputy, report-back.js). Anyone may look and
// report; signing in (a code sent to the phone) adds 我的反映 and booking. Reports wait in the kiosk's outbox
// (/kiosk/js/outbox.js) until the server has them, sent once under their Idempotency-Key, by this page or, with
// the page closed, by the service worker (sw.js). Inside WeChat a signed-in resident may have their news sent to
// WeChat (微信提醒我, wechat.js): WeChat's answer comes back in the query and is taken in before any view opens.

import { h, fill } from '/ui/shared/dom.js';
import { addStrings, onLangChange, t } from '/ui/shared/i18n.js';
import { createSession } from '/ui/shared/session.js';
import { languageSwitch, problemNotice, focusOn, notice } from '/ui/shared/ui.js';
import { wantedRoute } from '/ui/shared/wanted.js';
import { STRINGS } from './strings.js';
import { homeView } from './home.js';

addStrings(STRINGS);

const LARGE_KEY = 'liaison.m.large';
const wanted = wantedRoute('liaison.m.wanted');
const main = document.getElementById('main');

const app = {
  main,
  me: null,
  flash: null, // a notice for the next view: { kind, text }, or a problem: { problem, overrides }
  view: null, // the current view: { render(), start(), dispose() }
  session: createSession({
    key: 'liaison.m.session',
    onSignedOut(reason) {
      app.me = null;
      if (reason === 'expired') app.flash = { kind: 'error', text: t('session_expired') };
      if (reason === 'signed_out') app.flash = { kind: 'ok', text: t('signed_out') };
      route();
    },
  }),
  go,
  refresh: () => app.view?.render(),
  setTitle(text) {
    document.title = `${text} · ${t('app_name')}`;
  },
  /** Sends the person to sign in, and back to `hash` (this page) afterwards. */
  signIn(hash = location.hash) {
    wanted.remember(hash);
    go('#/signin');
  },
  afterSignIn() {
    const target = wanted.take() || '#/mine';
    if (location.hash === target) route();
    else go(target);
  },
  /** Who is signed in (`GET /me`), fetched once; null when nobody is. */
  async loadMe() {
    if (!app.session.signedIn) return null;
    app.me ??= await app.session.call('/api/v1/me');
    return app.me;
  },
  takeFlash() {
    const flash = app.shownFlash;
    if (flash?.problem) return problemNotice(flash.problem, { id: 'flash', overrides: flash.overrides });
    return flash ? notice(flash.kind, flash.text, { id: 'flash' }) : null;
  },
  problem: problemNotice,
  focusOn,
};

function go(hash) {
  if (location.hash !== hash) location.hash = hash;
  else route();
}

// ---- Routing ---------------------------------------------------------------------------------------------

const CODE = '([A-Za-z0-9_-]{1,64})';

/** `{ name, params, tab }` for the address's fragment. */
function parse(hash) {
  const path = hash.replace(/^#/, '') || '/home';
  const routes = [
    [/^\/?$/, 'home', 'home'],
    [/^\/home$/, 'home', 'home'],
    [new RegExp(`^/station/${CODE}$`), 'station', 'home'],
    [/^\/stations$/, 'stations', 'home'],
    [new RegExp(`^/deputy/${CODE}$`), 'deputy', 'home'],
    [new RegExp(`^/report(?:/${CODE})?$`), 'report', 'report'],
    [/^\/track$/, 'track', 'home'],
    [/^\/r\/([A-Za-z0-9-]{4,40})$/, 'tracked', 'mine'],
    [/^\/mine$/, 'mine', 'mine'],
    [/^\/signin$/, 'signin', 'mine'],
    [new RegExp(`^/book(?:/${CODE})?$`), 'book', 'home'],
    [/^\/results(?:\/([A-Za-z0-9_-]{1,64}))?$/, 'results', 'home'],
    [/^\/report-back\/([0-9a-fA-F-]{36})$/, 'report-back', 'home'],
  ];
  for (const [re, name, tab] of routes) {
    const m = path.match(re);
    if (m) return { name, tab, params: { code: m[1] ? decodeURIComponent(m[1]) : null } };
  }
  return { name: 'missing', tab: null, params: {} };
}

const VIEWS = {
  home: async () => homeView,
  station: async () => homeView,
  stations: () => import('./home.js').then((m) => m.stationsView),
  deputy: () => import('./home.js').then((m) => m.deputyView),
  report: () => import('./report.js').then((m) => m.reportView),
  track: () => import('./track.js').then((m) => m.lookupView),
  tracked: () => import('./track.js').then((m) => m.trackedView),
  mine: () => import('./mine.js').then((m) => m.mineView),
  signin: () => import('./signin.js').then((m) => m.signInView),
  book: () => import('./book.js').then((m) => m.bookView),
  results: () => import('./results.js').then((m) => m.resultsView),
  'report-back': () => import('./report-back.js').then((m) => m.reportBackView),
  missing: async () => missingView,
};

let routing = 0;

async function route() {
  const turn = ++routing;
  app.view?.dispose?.();
  app.view = null;
  // Back from WeChat's subscription page (微信提醒我): its answer first, then the page it was asked from.
  if (new URLSearchParams(location.search).has('reserved')) {
    const { isRemindAnswer, finishRemind } = await import('./wechat.js');
    if (isRemindAnswer()) await finishRemind(app);
  }
  const wantedRoute = parse(location.hash);
  tabs(wantedRoute.tab);
  // Back from WeChat's sign-in page: trade its code first.
  if (new URLSearchParams(location.search).has('code')) {
    const { finishWeChat } = await import('./signin.js');
    if (await finishWeChat(app)) return;
  }
  let make;
  try {
    make = await VIEWS[wantedRoute.name]();
  } catch (err) {
    if (turn !== routing) return;
    fill(main, h('h1', { id: 'view-heading', tabindex: '-1' }, t('app_name')), problemNotice(err, { id: 'load-problem' }),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'retry', onclick: () => route() }, t('retry'))));
    return;
  }
  if (turn !== routing) return;
  app.shownFlash = app.flash;
  app.flash = null;
  main.dataset.view = wantedRoute.name;
  delete main.dataset.state;
  app.view = make(app, { ...wantedRoute.params, route: wantedRoute.name });
  await app.view.start?.();
}

function missingView() {
  return {
    render() {
      fill(main, h('h1', { id: 'view-heading', tabindex: '-1' }, t('not_found_title')), h('p', {}, t('not_found_text')),
        h('p', {}, h('a', { href: '#/home', class: 'btn' }, t('back_home'))));
    },
    start() {
      this.render();
    },
  };
}

// ---- The header and the tab bar ----------------------------------------------------------------------------

function tabs(current) {
  for (const name of ['home', 'report', 'mine']) {
    const link = document.getElementById(`nav-${name}`);
    if (name === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function header() {
  fill(document.getElementById('bar-title'), t('app_name'));
  document.getElementById('tabbar').setAttribute('aria-label', t('nav_label'));
  for (const name of ['home', 'report', 'mine']) fill(document.getElementById(`nav-${name}`), t(`nav_${name}`));
}

function largeText(button) {
  let on = false;
  try {
    on = localStorage.getItem(LARGE_KEY) === '1';
  } catch {
    on = false;
  }
  const apply = () => {
    document.documentElement.classList.toggle('large-text', on);
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    button.textContent = t('large_text');
    button.setAttribute('aria-label', t('large_text_label'));
  };
  button.addEventListener('click', () => {
    on = !on;
    try {
      localStorage.setItem(LARGE_KEY, on ? '1' : '0');
    } catch {
      // This page only.
    }
    apply();
  });
  onLangChange(apply);
  apply();
}

// ---- Reports waiting on the phone ------------------------------------------------------------------------------

/** Sends what waits in the outbox (loaded only when something waits or a report is filed). */
async function sendWaiting() {
  const { outboxReady } = await import('./outbox.js');
  const { flush } = await outboxReady(app);
  await flush().catch(() => {});
}

languageSwitch(document.getElementById('lang'));
largeText(document.getElementById('large'));
onLangChange(() => {
  header();
  app.refresh();
});
header();
window.addEventListener('hashchange', () => route());
window.addEventListener('online', () => sendWaiting());
if ('serviceWorker' in navigator && window.isSecureContext) {
  // A module worker that sends reports waiting on the phone once it is online again, page open or not.
  navigator.serviceWorker.register('sw.js', { scope: './', type: 'module' }).catch(() => {});
}
route();
// Reports left waiting when the page was last open go out now (after the first screen is drawn).
setTimeout(() => { sendWaiting(); }, 1500);
