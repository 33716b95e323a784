// The deputy's workbench (代表工作台), a phone page at /deputy/: every deputy notice links to
// `/deputy/#/reports/{id}`. Routes live in the address's fragment (#/inbox, #/inbox/{tab}, #/reports/{id},
// #/duties, #/suggestions, #/suggestions/new, #/suggestions/{id}, #/suggestions/{id}/edit, #/points,
// #/points/{year}, #/points/{year}/print, #/tasks[/{year}], #/me, #/bind/{code}, #/signin), so nothing the page
// carries reaches a server log. The 履职 tab holds activities (#/duties), suggestions, the points archive and the
// deputy's tasks of the annual plan (#/tasks). An activity's check-in
// QR code opens #/check-in/{id}/{token}: once signed in, the token is taken out of the address (replaced by
// #/duties in the history) and the check-in made (duties.js). A route wanted before
// signing in is remembered in this tab's storage and opened right after, even on first use; the tokens live
// in the shared session (/ui/shared/session.js), never in an address.

import { h, fill } from '/ui/shared/dom.js';
import { addStrings, onLangChange, t } from '/ui/shared/i18n.js';
import { createSession } from '/ui/shared/session.js';
import { liveEvents } from '/ui/shared/live.js';
import { languageSwitch, problemNotice, focusOn, notice } from '/ui/shared/ui.js';
import { STRINGS } from './strings.js';
import { inboxView, firstPage } from './inbox.js';
import { wantedRoute } from '/ui/shared/wanted.js';

addStrings(STRINGS);

const wantedStore = wantedRoute('liaison.deputy.wanted');
const remember = (hash) => wantedStore.remember(hash);
const takeWanted = () => wantedStore.take();
const LARGE_KEY = 'liaison.deputy.large';
const main = document.getElementById('main');
const tabbar = document.getElementById('tabbar');
const TABS = [['nav-inbox', 'inbox'], ['nav-duties', 'duties'], ['nav-me', 'me']];
/** The views under each tab besides its own. */
const UNDER = { inbox: ['report'], duties: ['suggestions', 'suggestion', 'suggestion-form', 'points', 'tasks'] };

const app = {
  main,
  me: null,
  flash: null, // a notice for the next view: { kind, text }
  view: null, // the current view: { route, render(), onLive(event), dispose() }
  session: createSession({
    key: 'liaison.deputy.session',
    onSignedOut(reason) {
      app.me = null;
      stopLive();
      if (reason === 'expired') app.flash = { kind: 'error', text: t('session_expired') };
      if (reason === 'signed_out') app.flash = { kind: 'ok', text: t('signed_out') };
      if (reason === 'expired') remember(location.hash);
      go('#/signin');
    },
  }),
  /** Moves to `hash` (drawn by the hashchange listener). */
  go,
  /** Redraws the current view (after a language switch, say). */
  refresh: () => app.view?.render(),
  setTitle(text) {
    document.title = `${text} · ${t('app_name')}`;
  },
  /** Opens the wanted route after signing in (or the inbox). */
  afterSignIn() {
    const wanted = takeWanted();
    const target = wanted && !wanted.startsWith('#/signin') ? wanted : '#/inbox';
    if (location.hash === target) route();
    else go(target);
  },
  remember,
  /** The notice left for this view by the step before (kept while the view is shown). */
  takeFlash() {
    const flash = app.shownFlash;
    return flash ? notice(flash.kind, flash.text, { id: 'flash' }) : null;
  },
  problem: problemNotice,
  focusOn,
};

function go(hash) {
  if (location.hash !== hash) location.hash = hash;
}


// ---- Live updates ------------------------------------------------------------------------------------------

let live = null;
let liveState = 'waiting';

function startLive() {
  if (live) return;
  live = new AbortController();
  liveEvents('/api/v1/live', {
    token: () => app.session.accessToken(),
    signal: live.signal,
    onState(state) {
      liveState = state;
      document.documentElement.dataset.live = state;
      const el = document.getElementById('live-state');
      if (el) fill(el, t(state === 'open' ? 'live_open' : 'live_waiting'));
    },
    onEvent(name, data) {
      if (name !== 'report' && name !== 'reload') return;
      let event = null;
      try {
        event = JSON.parse(data);
      } catch {
        event = null;
      }
      app.view?.onLive?.(name, event);
    },
  });
}

function stopLive() {
  live?.abort();
  live = null;
}

app.liveState = () => liveState;

// ---- Routing ---------------------------------------------------------------------------------------------

/** `{ name, params }` for the address's fragment. */
function parse(hash) {
  const path = hash.replace(/^#/, '') || '/inbox';
  let m;
  if ((m = path.match(/^\/reports\/([0-9a-fA-F-]{36})$/))) return { name: 'report', params: { id: m[1].toLowerCase() } };
  if ((m = path.match(/^\/inbox(?:\/([a-z]+))?$/))) return { name: 'inbox', params: { tab: m[1] || 'all' } };
  if ((m = path.match(/^\/bind(?:\/([A-Za-z0-9 -]{1,64}))?$/))) return { name: 'bind', params: { code: m[1] || '' } };
  if (path === '/duties') return { name: 'duties', params: {} };
  if (path === '/suggestions') return { name: 'suggestions', params: {} };
  if (path === '/suggestions/new') return { name: 'suggestion-form', params: {} };
  if ((m = path.match(/^\/suggestions\/([0-9a-fA-F-]{36})(\/edit)?$/))) {
    return { name: m[2] ? 'suggestion-form' : 'suggestion', params: { id: m[1].toLowerCase() } };
  }
  if ((m = path.match(/^\/points(?:\/(\d{4}))?(\/print)?$/))) {
    return { name: 'points', params: { year: m[1] ? Number(m[1]) : null, print: Boolean(m[2]) } };
  }
  if ((m = path.match(/^\/tasks(?:\/(\d{4}))?$/))) return { name: 'tasks', params: { year: m[1] ? Number(m[1]) : null } };
  if ((m = path.match(/^\/check-in\/([0-9a-fA-F-]{36})\/([A-Za-z0-9_-]{1,200})$/))) {
    return { name: 'duties', params: { checkIn: { id: m[1].toLowerCase(), token: m[2] } } };
  }
  if (path === '/me') return { name: 'me', params: {} };
  if (path === '/signin') return { name: 'signin', params: {} };
  if (path === '/' || path === '') return { name: 'inbox', params: { tab: 'all' } };
  return { name: 'missing', params: {} };
}

async function loadMe() {
  if (app.me) return app.me;
  app.me = await app.session.call('/api/v1/me');
  return app.me;
}

let routing = 0;

async function route() {
  const turn = ++routing;
  app.view?.dispose?.();
  app.view = null;
  const wanted = parse(location.hash);
  tabbar.hidden = true;

  // Coming back from WeCom's or the official account's sign-in page: trade its code first.
  if (new URLSearchParams(location.search).has('code')) {
    const { finishOAuth } = await import('./signin.js');
    if (await finishOAuth(app)) return undefined;
  }

  if (!app.session.signedIn) {
    if (wanted.name !== 'signin') remember(location.hash || '#/inbox');
    return show(turn, 'signin', {});
  }
  if (wanted.name === 'signin') {
    app.afterSignIn();
    return undefined;
  }
  // The inbox's first page is asked for alongside who the caller is, not after.
  if (wanted.name === 'inbox' && !app.me) app.prefetched = firstPage(app.session).catch(() => null);
  let me;
  try {
    me = await loadMe();
  } catch (err) {
    if (turn !== routing) return undefined;
    if (!app.session.signedIn) return undefined; // onSignedOut moved on.
    fill(main, h('h1', { id: 'view-heading', tabindex: '-1' }, t('app_name')), problemNotice(err, { id: 'me-problem' }),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'retry', onclick: () => route() }, t('retry'))));
    main.dataset.view = 'problem';
    return undefined;
  }
  if (turn !== routing) return undefined;
  const deputy = me.role === 'deputy' && me.deputy;
  if (!deputy || wanted.name === 'bind') {
    if (me.role !== 'deputy' && me.role !== 'citizen') return show(turn, 'not-deputy', {});
    if (wanted.name !== 'bind') remember(location.hash);
    return show(turn, 'bind', wanted.params);
  }
  // A check-in's token has no business in the address once it has been read: the history keeps #/duties.
  if (wanted.params.checkIn) history.replaceState(null, '', `${location.pathname}${location.search}#/duties`);
  startLive();
  tabbar.hidden = false;
  for (const [id, name] of TABS) {
    const current = wanted.name === name || Boolean(UNDER[name]?.includes(wanted.name));
    const link = document.getElementById(id);
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
    fill(link, t(`nav_${name}`));
  }
  return show(turn, wanted.name, wanted.params);
}

const VIEWS = {
  signin: () => import('./signin.js').then((m) => m.signInView),
  bind: () => import('./signin.js').then((m) => m.bindView),
  'not-deputy': () => import('./signin.js').then((m) => m.notDeputyView),
  inbox: async () => inboxView,
  report: () => import('./report.js').then((m) => m.reportView),
  me: () => import('./me.js').then((m) => m.meView),
  duties: () => import('./duties.js').then((m) => m.dutiesView),
  suggestions: () => import('./suggestions.js').then((m) => m.suggestionsView),
  suggestion: () => import('./suggestion.js').then((m) => m.suggestionView),
  'suggestion-form': () => import('./suggestion-form.js').then((m) => m.suggestionFormView),
  points: () => import('./points.js').then((m) => m.pointsView),
  tasks: () => import('./tasks.js').then((m) => m.tasksView),
  missing: async () => missingView,
};

async function show(turn, name, params) {
  const make = await VIEWS[name]();
  if (turn !== routing) return;
  app.shownFlash = app.flash;
  app.flash = null;
  main.dataset.view = name;
  app.view = make(app, params);
  await app.view.start?.();
}

function missingView() {
  return {
    render() {
      fill(main, h('h1', { id: 'view-heading', tabindex: '-1' }, t('not_found_title')), h('p', {}, t('not_found_text')),
        h('p', {}, h('a', { href: '#/inbox', class: 'btn' }, t('back_to_inbox'))));
    },
    start() {
      this.render();
    },
  };
}

// ---- The header ------------------------------------------------------------------------------------------

function largeText(button) {
  const apply = (on) => {
    document.documentElement.classList.toggle('large-text', on);
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    button.textContent = t('large_text');
    button.setAttribute('aria-label', t('large_text_label'));
  };
  let on = false;
  try {
    on = localStorage.getItem(LARGE_KEY) === '1';
  } catch {
    on = false;
  }
  apply(on);
  button.addEventListener('click', () => {
    on = !on;
    try {
      localStorage.setItem(LARGE_KEY, on ? '1' : '0');
    } catch {
      // This page only.
    }
    apply(on);
  });
  onLangChange(() => apply(on));
}

function header() {
  fill(document.getElementById('bar-title'), `${t('site_name')} · ${t('app_name')}`);
  tabbar.setAttribute('aria-label', t('nav_label'));
  for (const [id, name] of TABS) fill(document.getElementById(id), t(`nav_${name}`));
}

// A tap on the tab already shown draws it afresh (the address does not change, so no hashchange says so).
for (const [id] of TABS) {
  document.getElementById(id).addEventListener('click', (e) => {
    if (e.currentTarget.getAttribute('href') !== location.hash) return;
    e.preventDefault();
    route();
  });
}

languageSwitch(document.getElementById('lang'));
largeText(document.getElementById('large'));
onLangChange(() => {
  header();
  app.refresh();
});
header();
window.addEventListener('hashchange', () => route());
if ('serviceWorker' in navigator) {
  // Shows Web Push notices and opens their report on a tap (see sw.js); nothing is cached.
  navigator.serviceWorker.register('sw.js', { scope: './' }).catch(() => {});
}
route();
