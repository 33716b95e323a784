// 首页: the person's station (the one a QR code opened, the one chosen last time, or the nearest once they let
// the phone say where it is), its opening hours, today's and the coming reception days, its deputies (their
// portraits, or their initials), and the big entries: 我要反映, 我的反映, 查进度, 预约接待, 公示. Also the list of
// stations to choose from (#/stations, nearest first when located) and a deputy's profile (#/deputy/{code}).

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, getLang } from '/ui/shared/i18n.js';
import { portrait } from '/ui/shared/portrait.js';
import * as data from './data.js';

/** The first time the first screen reaches a stage (read by web-ui/tests/bench-citizen.mjs). */
function mark(name) {
  if (!performance.getEntriesByName(name).length) performance.mark(name);
}

/** Names in a row, as each language lists them. */
export function joinNames(names) {
  return names.join(getLang() === 'en' ? ', ' : '、');
}

/** Today's date in China (YYYY-MM-DD). */
export function todayInChina() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** A reception day's date and time in words: "12月3日 周三 09:00–11:30" or "Wed 3 Dec, 09:00–11:30". */
export function dayText(day) {
  const date = new Date(`${day.date}T12:00:00+08:00`);
  const words = date.toLocaleDateString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric', weekday: 'short' });
  return `${words} ${day.start}–${day.end}`;
}

/** A distance in words (metres below a kilometre). */
function distanceText(metres) {
  if (metres === null || metres === undefined) return null;
  return metres < 1000 ? t('distance_m', { n: Math.round(metres / 10) * 10 }) : t('distance_km', { n: (metres / 1000).toFixed(1) });
}

/**
 * A deputy's portrait in a circle (the public profile's `photo_url`), or their initials when there is none or it
 * does not load: small (64 px) in the station's list, large (100 px) on their profile.
 */
export function avatar(deputy, size = 'small') {
  // The name is written beside it in both places: the picture needs no words of its own (read once, not twice).
  return portrait(deputy, { className: `avatar avatar-${size}`, px: size === 'large' ? 100 : 64, alt: '' });
}

function entries(code) {
  const entry = (id, href, label, hint, primary = false) => h('a', { class: `entry${primary ? ' entry-primary' : ''}`, id, href },
    h('span', { class: 'entry-label' }, label), h('span', { class: 'entry-hint' }, hint));
  return h('nav', { class: 'entries', 'aria-label': t('entries_label') },
    entry('go-report', code ? `#/report/${encodeURIComponent(code)}` : '#/report', t('entry_report'), t('entry_report_hint'), true),
    entry('go-mine', '#/mine', t('entry_mine'), t('entry_mine_hint')),
    entry('go-track', '#/track', t('entry_track'), t('entry_track_hint')),
    entry('go-book', code ? `#/book/${encodeURIComponent(code)}` : '#/book', t('entry_book'), t('entry_book_hint')),
    entry('go-results', code ? `#/results/${encodeURIComponent(code)}` : '#/results', t('entry_results'), t('entry_results_hint')));
}

function receptionList(days) {
  const today = todayInChina();
  if (!days.length) return h('p', { class: 'empty' }, t('reception_none'));
  return h('ul', { class: 'days', id: 'reception-days' }, days.slice(0, 4).map((day) => h('li', { class: 'day', 'data-day': day.id },
    h('p', { class: 'day-when' }, day.date === today ? h('strong', { class: 'today' }, t('today')) : null, ' ', dayText(day)),
    h('p', { class: 'day-who' }, joinNames(day.deputies.map((d) => pick(d.name)))))));
}

/** The home screen, for `params.code` (a station's QR code: #/station/{code}) or the station chosen before. */
export function homeView(app, params) {
  let disposed = false;
  let loaded = null;
  let problem = null;

  function render() {
    if (disposed) return;
    const heading = h('h1', { id: 'view-heading', tabindex: '-1' }, loaded?.station ? pick(loaded.station.name) : t('home_title'));
    if (problem) {
      fill(app.main, heading, app.problem(problem, { id: 'home-problem', role: null }),
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'retry', onclick: () => load() }, t('retry')),
          h('a', { class: 'btn', href: '#/stations' }, t('choose_station'))));
      return;
    }
    if (!loaded) {
      // The entries work before the station's details arrive: they need only its code.
      const code = params.code || data.chosenStation();
      fill(app.main, heading, code ? entries(code) : null, h('p', { class: 'loading', role: 'status' }, t('loading')));
      mark('liaison:entries');
      return;
    }
    if (!loaded.station) {
      app.setTitle(t('home_title'));
      fill(app.main, heading, app.takeFlash(), h('p', {}, t('home_no_station')),
        h('p', {}, h('a', { class: 'btn primary wide', id: 'pick-station', href: '#/stations' }, t('choose_station'))), entries(null));
      app.main.dataset.state = 'ready';
      return;
    }
    const { station, days, deputies } = loaded;
    app.setTitle(pick(station.name));
    fill(app.main, heading, app.takeFlash(),
      h('p', { class: 'station-address' }, station.address),
      h('p', { class: 'muted' }, pick(station.opening_hours)),
      h('p', {}, h('a', { href: '#/stations', id: 'change-station', class: 'btn link' }, t('change_station'))),
      entries(station.code),
      h('h2', {}, t('reception_title')),
      days ? receptionList(days) : h('p', { class: 'muted' }, t('reception_unavailable')),
      h('h2', {}, t('deputies_title')),
      h('ul', { class: 'deputies', id: 'deputies' }, deputies.map((d) => h('li', {},
        h('a', { class: 'deputy-card', href: `#/deputy/${encodeURIComponent(d.code)}`, 'data-deputy': d.code },
          avatar(d), h('span', { class: 'deputy-name' }, pick(d.name)),
          h('span', { class: 'deputy-meta' }, t(`level_${d.level}`) || d.level)))))
    );
    app.main.dataset.state = 'ready';
    mark('liaison:drawn');
  }

  async function load() {
    problem = null;
    loaded = null;
    render();
    const code = params.code || data.chosenStation();
    if (!code) {
      loaded = { station: null };
      render();
      return;
    }
    try {
      const [page, deputies, days] = await Promise.all([
        data.station(code), data.deputies(code), data.receptionDays(code).catch(() => null),
      ]);
      if (disposed) return;
      data.chooseStation(page.station.code);
      loaded = { station: page.station, deputies, days: days ? days.items.filter((d) => !d.cancelled) : null };
    } catch (err) {
      if (disposed) return;
      // A station that is gone from the list: choose another.
      if (err.status === 404 && !params.code) {
        loaded = { station: null };
      } else {
        problem = err;
      }
    }
    render();
  }

  return { render, start: load, dispose() { disposed = true; } };
}

/** #/stations: every station, nearest first once the person lets the phone say where it is. */
export function stationsView(app) {
  let disposed = false;
  let list = null;
  let here = null;
  let problem = null;
  let where = null; // why the phone could not be located
  let locating = false;

  async function findMe() {
    locating = true;
    where = null;
    render();
    try {
      here = await data.locate();
    } catch (err) {
      where = err.code || 'unavailable';
    }
    locating = false;
    if (!disposed) render();
    if (here && list?.length && !disposed) document.getElementById('station-list')?.querySelector('a')?.focus();
  }

  function render() {
    if (disposed) return;
    app.setTitle(t('stations_title'));
    const heading = h('h1', { id: 'view-heading', tabindex: '-1' }, t('stations_title'));
    if (problem) {
      fill(app.main, heading, app.problem(problem, { id: 'stations-problem', role: null }),
        h('button', { type: 'button', class: 'btn', id: 'retry', onclick: () => load() }, t('retry')));
      return;
    }
    const sorted = list ? data.byDistance(list, here) : null;
    fill(app.main, heading,
      h('p', {}, t('stations_hint')),
      h('button', { type: 'button', class: 'btn primary wide', id: 'locate', onclick: findMe, 'aria-busy': locating ? 'true' : null, disabled: locating },
        locating ? t('locating') : t('locate_me')),
      where ? h('p', { class: 'notice notice-warn', role: 'status', id: 'locate-problem' }, t(`locate_${where}`)) : null,
      sorted ? h('ul', { class: 'cards', id: 'station-list' }, sorted.map((s, i) => h('li', {},
        h('a', { class: 'card', href: `#/station/${encodeURIComponent(s.code)}`, 'data-station': s.code },
          h('span', { class: 'card-top' }, h('span', { class: 'card-category' }, pick(s.name)),
            here && i === 0 && s.metres !== null ? h('span', { class: 'badge badge-ontime' }, t('nearest')) : null),
          h('span', { class: 'card-meta' }, s.address),
          s.metres !== null ? h('span', { class: 'card-meta distance' }, distanceText(s.metres)) : null))))
        : h('p', { class: 'loading', role: 'status' }, t('loading')));
    if (list) app.main.dataset.state = 'ready';
  }

  async function load() {
    problem = null;
    try {
      list = await data.stations();
    } catch (err) {
      problem = err;
    }
    render();
  }

  return { render, async start() { render(); await load(); }, dispose() { disposed = true; } };
}

/** #/deputy/{code}: a deputy's public profile, and a way to write to them. */
export function deputyView(app, params) {
  let disposed = false;
  let deputy = null;
  let problem = null;

  function render() {
    if (disposed) return;
    const heading = h('h1', { id: 'view-heading', tabindex: '-1' }, deputy ? pick(deputy.name) : t('deputy_title'));
    if (problem || !deputy) {
      fill(app.main, heading, problem ? app.problem(problem, { id: 'deputy-problem', role: null }) : h('p', { class: 'loading', role: 'status' }, t('loading')));
      return;
    }
    app.setTitle(pick(deputy.name));
    const station = deputy.stations?.[0] || data.chosenStation();
    fill(app.main,
      h('div', { class: 'profile-head' }, avatar(deputy, 'large'), heading),
      h('p', { class: 'muted' }, [t(`level_${deputy.level}`), deputy.constituency].filter(Boolean).join(' · ')),
      h('p', { class: 'user-text' }, pick(deputy.profile)),
      deputy.specialties?.length ? [h('h2', {}, t('deputy_specialties')), h('p', {}, joinNames(deputy.specialties.map((s) => pick(s.name))))] : null,
      deputy.areas?.length ? [h('h2', {}, t('deputy_areas')), h('p', {}, joinNames(deputy.areas.map((a) => pick(a.name))))] : null,
      h('div', { class: 'actions' },
        h('a', { class: 'btn primary', id: 'write-deputy', href: `#/report/${encodeURIComponent(station || '')}`, onclick: () => { app.pendingDeputy = deputy; } },
          t('deputy_write')),
        h('a', { class: 'btn', href: '#/home' }, t('back_home'))));
    app.main.dataset.state = 'ready';
  }

  async function start() {
    render();
    try {
      const answer = await data.deputy(params.code);
      deputy = answer.deputy ?? answer;
    } catch (err) {
      problem = err;
    }
    render();
  }

  return { render, start, dispose() { disposed = true; } };
}
