// The station console (联络站工作台), a desktop page at /console/ for station staff, station heads, the
// committee (人大工委) and administrators; every staff notice links to `/console/#/reports/{id}`. Routes live in
// the address's fragment (#/triage, #/triage/{id}, #/reports/{id}, #/supervision, #/reception, #/activities[/{id}],
// #/opinions[/{id}], #/opinions/from/{activity}, #/suggestions[/{id}], #/archive[/{year}[/{deputy}]],
// #/report-backs[/{id}], #/dashboard, #/directory/{tab}[/{code}], #/plan[/{year}], #/year-end[/{year}[/{station|all}]],
// #/audit, #/signin), so nothing the page carries reaches a server log. The
// navigation offers only what the signed-in role may do; a route wanted before signing in opens right after.
// The tokens live in the shared session (/ui/shared/session.js), never in an address.

import { h, fill } from '/ui/shared/dom.js';
import { addStrings, onLangChange, t, pick } from '/ui/shared/i18n.js';
import { createSession } from '/ui/shared/session.js';
import { liveEvents } from '/ui/shared/live.js';
import { languageSwitch, problemNotice, focusOn, notice } from '/ui/shared/ui.js';
import { STRINGS } from './strings.js';
import { helpCalls } from './help.js';
import { wantedRoute } from '/ui/shared/wanted.js';

addStrings(STRINGS);

const wantedStore = wantedRoute('liaison.console.wanted');
const remember = (hash) => wantedStore.remember(hash);
const takeWanted = () => wantedStore.take();
const STATION_KEY = 'liaison.console.station';
const main = document.getElementById('main');
const side = document.getElementById('side');
const stationSelect = document.getElementById('station');

const EVERYONE = ['staff', 'station_head', 'committee', 'admin'];
/** Each section of the console and the roles that may open it; the first ten get Alt+1 … Alt+9, Alt+0. */
export const SECTIONS = [
  { name: 'triage', roles: ['staff', 'station_head', 'admin'] },
  { name: 'supervision', roles: EVERYONE },
  { name: 'reception', roles: EVERYONE },
  { name: 'activities', roles: EVERYONE },
  { name: 'opinions', roles: EVERYONE },
  { name: 'suggestions', roles: EVERYONE },
  { name: 'archive', roles: EVERYONE },
  { name: 'report-backs', roles: EVERYONE },
  { name: 'dashboard', roles: ['staff', 'station_head', 'committee', 'admin'] },
  { name: 'directory', roles: ['staff', 'station_head', 'admin'] },
  { name: 'plan', roles: EVERYONE },
  { name: 'year-end', roles: EVERYONE },
  { name: 'audit', roles: ['admin'] },
];
const CONSOLE_ROLES = new Set(EVERYONE);
/** The key of the shortcut to the `i`-th section shown (Alt+1 … Alt+9, then Alt+0), or `null` past the tenth. */
const shortcutKey = (i) => (i < 9 ? String(i + 1) : i === 9 ? '0' : null);
/** The section each page belongs to (its navigation entry, and who may open it). */
const WITHIN = {
  walkin: 'reception', activity: 'activities', opinion: 'opinions', suggestion: 'suggestions', 'archive-deputy': 'archive', 'report-back': 'report-backs',
};

const app = {
  main,
  me: null,
  stations: [], // [{ code, name }]
  station: null, // the code in use
  flash: null,
  view: null,
  session: createSession({
    key: 'liaison.console.session',
    onSignedOut(reason) {
      app.me = null;
      stopLive();
      help.stop();
      if (reason === 'expired') app.flash = { kind: 'error', text: t('session_expired') };
      if (reason === 'signed_out') app.flash = { kind: 'ok', text: t('signed_out') };
      if (reason === 'expired') remember(location.hash);
      go('#/signin');
    },
  }),
  go,
  refresh: () => app.view?.render?.(),
  setTitle(text) {
    document.title = `${text} · ${t('app_name')}`;
  },
  afterSignIn() {
    const wanted = takeWanted();
    const target = wanted && !wanted.startsWith('#/signin') ? wanted : '';
    if (target && location.hash !== target) go(target);
    else if (!target && location.hash !== '#/home') go('#/home');
    else route();
  },
  remember,
  takeFlash() {
    const flash = app.shownFlash;
    return flash ? notice(flash.kind, flash.text, { id: 'flash' }) : null;
  },
  /** Whether the signed-in role may open section `name`. */
  may(name) {
    const section = SECTIONS.find((s) => s.name === name);
    return Boolean(app.me && section && section.roles.includes(app.me.role));
  },
  /** Whether the signed-in person handles reports (assign, close, merge …): staff, heads, administrators. */
  get handles() {
    return Boolean(app.me && ['staff', 'station_head', 'admin'].includes(app.me.role));
  },
  problem: problemNotice,
  focusOn,
};

function go(hash) {
  if (location.hash !== hash) location.hash = hash;
}


// ---- Live updates ------------------------------------------------------------------------------------------

let live = null;

function startLive() {
  if (live) return;
  live = new AbortController();
  liveEvents('/api/v1/live', {
    token: () => app.session.accessToken(),
    signal: live.signal,
    onState(state) {
      document.documentElement.dataset.live = state;
      fill(document.getElementById('live-state'), t(state === 'open' ? 'live_open' : 'live_waiting'));
    },
    onEvent(name, data) {
      let event = null;
      try {
        event = JSON.parse(data);
      } catch {
        event = null;
      }
      if (name === 'help') help.heard(event);
      else if (name === 'report' || name === 'reload') app.view?.onLive?.(name, event);
    },
  });
}

function stopLive() {
  live?.abort();
  live = null;
}

const help = helpCalls(app, document.getElementById('help-calls'));

// ---- Routing ---------------------------------------------------------------------------------------------

const UUID = '([0-9a-fA-F-]{36})';

/** `{ name, params }` for the address's fragment. */
function parse(hash) {
  const path = hash.replace(/^#/, '') || '/home';
  let m;
  if ((m = path.match(new RegExp(`^/reports/${UUID}$`)))) return { name: 'report', params: { id: m[1].toLowerCase() } };
  if ((m = path.match(new RegExp(`^/triage(?:/${UUID})?$`)))) return { name: 'triage', params: { id: m[1]?.toLowerCase() || null } };
  if ((m = path.match(/^\/supervision(?:\/([a-z_]+))?$/))) return { name: 'supervision', params: { tab: m[1] || 'overdue' } };
  if ((m = path.match(/^\/reception(?:\/(\d{4}-\d{2}))?$/))) return { name: 'reception', params: { month: m[1] || null } };
  if ((m = path.match(/^\/reception\/file\/([0-9a-fA-F-]{36})$/))) return { name: 'walkin', params: { slot: m[1].toLowerCase() } };
  if ((m = path.match(/^\/directory(?:\/([a-z]+)(?:\/([A-Za-z0-9._%-]+))?)?$/))) {
    let item = null;
    try {
      item = m[2] ? decodeURIComponent(m[2]) : null;
    } catch {
      return { name: 'missing', params: {} };
    }
    return { name: 'directory', params: { tab: m[1] || 'deputies', item } };
  }
  if (path === '/activities') return { name: 'activities', params: {} };
  if ((m = path.match(new RegExp(`^/activities/${UUID}$`)))) return { name: 'activity', params: { id: m[1].toLowerCase() } };
  if (path === '/opinions') return { name: 'opinions', params: {} };
  if ((m = path.match(new RegExp(`^/opinions/from/${UUID}$`)))) return { name: 'opinions', params: { from: m[1].toLowerCase() } };
  if ((m = path.match(new RegExp(`^/opinions/${UUID}$`)))) return { name: 'opinion', params: { id: m[1].toLowerCase() } };
  if (path === '/suggestions') return { name: 'suggestions', params: {} };
  if ((m = path.match(new RegExp(`^/suggestions/${UUID}$`)))) return { name: 'suggestion', params: { id: m[1].toLowerCase() } };
  if ((m = path.match(/^\/archive(?:\/(\d{4}))?$/))) return { name: 'archive', params: { year: m[1] ? Number(m[1]) : null } };
  if ((m = path.match(/^\/archive\/(\d{4})\/([A-Za-z0-9._%-]+)$/))) {
    try {
      return { name: 'archive-deputy', params: { year: Number(m[1]), deputy: decodeURIComponent(m[2]) } };
    } catch {
      return { name: 'missing', params: {} };
    }
  }
  if (path === '/report-backs') return { name: 'report-backs', params: {} };
  if ((m = path.match(new RegExp(`^/report-backs/${UUID}$`)))) return { name: 'report-back', params: { id: m[1].toLowerCase() } };
  if (path === '/dashboard') return { name: 'dashboard', params: {} };
  if ((m = path.match(/^\/plan(?:\/(\d{4}))?$/))) return { name: 'plan', params: { year: m[1] ? Number(m[1]) : null } };
  if ((m = path.match(/^\/year-end(?:\/(\d{4})(?:\/([A-Za-z0-9._-]+))?)?$/))) return { name: 'year-end', params: { year: m[1] ? Number(m[1]) : null, scope: m[2] || null } };
  if (path === '/audit') return { name: 'audit', params: {} };
  if (path === '/signin') return { name: 'signin', params: {} };
  if (path === '/home' || path === '/' || path === '') return { name: 'home', params: {} };
  return { name: 'missing', params: {} };
}

async function loadMe() {
  if (app.me) return app.me;
  const me = await app.session.call('/api/v1/me');
  let stations = [];
  if (me.role === 'admin' || me.role === 'committee') {
    const all = await app.session.call('/api/v1/stations');
    stations = all.items.map((s) => ({ code: s.code, name: s.name }));
  } else if (CONSOLE_ROLES.has(me.role)) {
    const all = await app.session.call('/api/v1/stations').catch(() => ({ items: [] }));
    const names = new Map(all.items.map((s) => [s.code, s.name]));
    stations = me.stations.map((code) => ({ code, name: names.get(code) || { zh: code, en: code } }));
  }
  app.stations = stations;
  let saved = null;
  try {
    saved = localStorage.getItem(STATION_KEY);
  } catch {
    saved = null;
  }
  app.station = stations.some((s) => s.code === saved) ? saved : stations[0]?.code || null;
  app.me = me;
  return me;
}

let routing = 0;

async function route() {
  const turn = ++routing;
  app.view?.dispose?.();
  app.view = null;
  const wanted = parse(location.hash);
  side.hidden = true;

  if (new URLSearchParams(location.search).has('code')) {
    const { finishOAuth } = await import('./signin.js');
    if (await finishOAuth(app)) return undefined;
  }
  if (!app.session.signedIn) {
    header();
    if (wanted.name !== 'signin') remember(location.hash || '#/home');
    return show(turn, 'signin', {});
  }
  if (wanted.name === 'signin') {
    app.afterSignIn();
    return undefined;
  }
  let me;
  try {
    me = await loadMe();
  } catch (err) {
    if (turn !== routing || !app.session.signedIn) return undefined;
    fill(main, h('h1', { id: 'view-heading', tabindex: '-1' }, t('app_name')), problemNotice(err, { id: 'me-problem' }),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'retry', onclick: () => route() }, t('retry'))));
    main.dataset.view = 'problem';
    return undefined;
  }
  if (turn !== routing) return undefined;
  header();
  if (!CONSOLE_ROLES.has(me.role)) return show(turn, 'not-staff', {});
  startLive();
  help.start();
  let name = wanted.name;
  if (name === 'home') name = SECTIONS.find((s) => app.may(s.name))?.name || 'missing';
  if (WITHIN[name] && !app.may(WITHIN[name])) name = 'forbidden';
  // The committee reads the reception calendar; filing for a walk-in is for those who handle reports.
  else if (name === 'walkin' && !app.handles) name = 'forbidden';
  else if (!WITHIN[name] && !['report', 'missing'].includes(name) && !app.may(name)) name = 'forbidden';
  const within = { ...WITHIN, report: app.handles ? 'triage' : 'supervision' };
  navigation(within[name] || name);
  return show(turn, name, wanted.params);
}

const VIEWS = {
  signin: () => import('./signin.js').then((m) => m.signInView),
  'not-staff': () => import('./signin.js').then((m) => m.notStaffView),
  triage: () => import('./triage.js').then((m) => m.triageView),
  report: () => import('./report.js').then((m) => m.reportView),
  supervision: () => import('./supervision.js').then((m) => m.supervisionView),
  reception: () => import('./reception.js').then((m) => m.receptionView),
  walkin: () => import('./walkin.js').then((m) => m.walkInView),
  activities: () => import('./activities.js').then((m) => m.activitiesView),
  activity: () => import('./activity-page.js').then((m) => m.activityView),
  opinions: () => import('./opinions.js').then((m) => m.opinionsView),
  opinion: () => import('./opinion-page.js').then((m) => m.opinionView),
  suggestions: () => import('./suggestions.js').then((m) => m.suggestionsView),
  suggestion: () => import('./suggestion-page.js').then((m) => m.suggestionView),
  archive: () => import('./archive.js').then((m) => m.archiveView),
  'archive-deputy': () => import('./archive-deputy.js').then((m) => m.archiveDeputyView),
  'report-backs': () => import('./report-backs.js').then((m) => m.reportBacksView),
  'report-back': () => import('./report-back-page.js').then((m) => m.reportBackView),
  dashboard: () => import('./dashboard.js').then((m) => m.dashboardView),
  directory: () => import('./directory.js').then((m) => m.directoryView),
  plan: () => import('./plan.js').then((m) => m.planView),
  'year-end': () => import('./year-end.js').then((m) => m.yearEndView),
  audit: () => import('./audit.js').then((m) => m.auditView),
  forbidden: async () => messageView('forbidden_title', 'forbidden_text'),
  missing: async () => messageView('not_found_title', 'not_found_text'),
};

async function show(turn, name, params) {
  const make = await VIEWS[name]();
  if (turn !== routing) return;
  app.shownFlash = app.flash;
  app.flash = null;
  main.dataset.view = name;
  delete main.dataset.state;
  app.view = make(app, params);
  await app.view.start?.();
}

function messageView(title, text) {
  return () => ({
    render() {
      app.setTitle(t(title));
      fill(main, h('h1', { id: 'view-heading', tabindex: '-1' }, t(title)), h('p', {}, t(text)));
    },
    start() {
      this.render();
    },
  });
}

// ---- The frame: header, station switcher, navigation, shortcuts -------------------------------------------

function navigation(current) {
  side.hidden = false;
  side.setAttribute('aria-label', t('nav_label'));
  const list = document.getElementById('nav-list');
  fill(list, SECTIONS.filter((s) => app.may(s.name)).map((s, i) => {
    const key = shortcutKey(i);
    return h('li', {},
      h('a', { href: `#/${s.name}`, id: `nav-${s.name}`, class: 'nav-link', 'aria-current': s.name === current ? 'page' : null, 'aria-keyshortcuts': key ? `Alt+${key}` : null },
        h('span', {}, t(`nav_${s.name.replaceAll('-', '_')}`)), key ? h('kbd', { 'aria-hidden': 'true' }, `Alt+${key}`) : null));
  }));
}

function header() {
  fill(document.getElementById('bar-title'), `${t('site_name')} · ${t('app_name')}`);
  fill(document.getElementById('skip'), t('skip_to_main'));
  const signOut = document.getElementById('sign-out');
  const who = document.getElementById('who');
  const picker = document.getElementById('station-pick');
  signOut.hidden = !app.session.signedIn;
  fill(signOut, t('sign_out'));
  if (!app.me) {
    who.hidden = true;
    picker.hidden = true;
    return;
  }
  who.hidden = false;
  fill(who, t('who', { name: app.me.display_name, role: t(`role_${app.me.role}`) }));
  picker.hidden = app.stations.length === 0;
  fill(document.getElementById('station-label'), t('station_label'));
  fill(stationSelect, app.stations.map((s) => h('option', { value: s.code, selected: s.code === app.station }, `${pick(s.name)}（${s.code}）`)));
}

stationSelect.addEventListener('change', () => {
  app.station = stationSelect.value;
  try {
    localStorage.setItem(STATION_KEY, app.station);
  } catch {
    // This page only.
  }
  help.start(true);
  route();
});
document.getElementById('sign-out').addEventListener('click', () => app.session.signOut());

document.addEventListener('keydown', (e) => {
  if (!e.altKey || e.ctrlKey || e.metaKey || !app.me) return;
  const allowed = SECTIONS.filter((s) => app.may(s.name));
  const index = allowed.findIndex((s, i) => shortcutKey(i) === e.key);
  if (index >= 0) {
    e.preventDefault();
    go(`#/${allowed[index].name}`);
  }
});

languageSwitch(document.getElementById('lang'));
onLangChange(() => {
  header();
  if (app.me && !side.hidden) navigation(document.querySelector('.nav-link[aria-current="page"]')?.id?.slice(4));
  help.render();
  app.refresh();
});
header();
window.addEventListener('hashchange', () => route());
route();
