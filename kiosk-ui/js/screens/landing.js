// The public landing page: `/kiosk/` opened without a station (a phone that has no station's QR code, a shared
// link). How to report (scan a station's QR code, or pick a station here), following a report by its code, and
// a small link for staff setting up a kiosk (`?setup`): enrollment is never the first thing a resident sees.

import { api } from '../api.js';
import { state } from '../state.js';
import { h } from '../dom.js';
import { t, pick } from '../i18n.js';
import { go } from '../router.js';
import { button, title } from '../ui.js';
import { earlierReports } from './receipt.js';

// The stations, fetched once: null until they arrive, [] when they could not be.
let stations = null;
let failed = false;

export function render() {
  return [
    h('section', { class: 'landing' },
      title(t('landing_title')),
      h('p', {}, t('landing_intro')),
      state.view.error ? h('p', { class: 'error', role: 'alert' }, state.view.error) : null,
      earlierReports(),
      h('h2', {}, t('landing_how')),
      h('p', {}, t('landing_scan')),
      h('p', {}, t('landing_pick')),
      stationList(),
      h('h2', {}, t('landing_track')),
      h('p', {}, t('landing_track_hint')),
      h('div', { class: 'actions' }, button(t('track_button'), () => go('track', { code: '' }), 'btn primary', { id: 'start-track' })),
      h('p', { class: 'staff-link' }, h('a', { href: '?setup', id: 'staff-setup' }, t('landing_staff')))),
  ];
}

function stationList() {
  if (failed) return h('p', { id: 'stations', class: 'error' }, t('landing_no_stations'));
  if (!stations) return h('p', { id: 'stations' }, t('loading'));
  return h('ul', { class: 'station-list', id: 'stations' }, stations.map((s) => h('li', {},
    h('a', { class: 'btn station-link', href: `?station=${encodeURIComponent(s.code)}#report`, 'data-station': s.code },
      h('span', { class: 'station-link-name' }, pick(s.name)),
      s.address ? h('span', { class: 'station-link-address' }, s.address) : null))));
}

export function outboxChanged() {
  document.getElementById('earlier-reports')?.replaceWith(earlierReports());
}

export async function entered() {
  if (stations) return;
  try {
    stations = (await api.stations()).items;
    failed = false;
  } catch {
    failed = true;
  }
  if (state.view.name === 'landing') document.getElementById('stations')?.replaceWith(stationList());
}
