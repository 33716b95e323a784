// The directory's accounts tab (账号, administrators): every deputy, staff, station head, committee,
// administrator and handling-unit account (`GET /api/v1/accounts`), a new one (`POST /api/v1/accounts`: the
// stations for staff and heads, the directory deputy for a deputy, the unit for a unit's account), and the
// phone number on file for phone-code sign-in, put (`PUT /api/v1/accounts/{id}/phone`) or taken off (`DELETE`),
// and stopping an account (after a confirmation: its sessions end at once) or starting it again
// (`PUT /api/v1/accounts/{id}/active`). The password typed here is sent once and never shown again.

import { h } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { field, select, choices, buttons } from './directory-fields.js';
import { MOBILE_RE } from '/ui/shared/forms.js';

const ROLES = ['staff', 'station_head', 'deputy', 'committee', 'admin', 'unit'];
const USERNAME_RE = /^[A-Za-z0-9._-]{3,64}$/;

export function create(ctx) {
  const { app } = ctx;
  const blank = () => ({ username: '', display_name: '', role: 'staff', password: '', stations: app.station ? [app.station] : [], deputy: '', unit: '' });
  const state = { items: null, directory: null, units: [], form: blank(), invalid: {}, phone: null, stopping: null };
  let turn = 0;

  async function load() {
    const mine = ++turn;
    try {
      const [accounts, directory, units] = await Promise.all([
        app.session.call('/api/v1/accounts'),
        app.session.call('/api/v1/directory'),
        app.session.call('/api/v1/handling-units'),
      ]);
      if (mine !== turn) return;
      state.items = accounts.items;
      state.directory = directory;
      state.units = units.items;
    } catch (err) {
      if (mine !== turn) return;
      state.items = state.items || [];
      ctx.fail(err);
      return;
    }
    ctx.render();
  }

  function makeAccount(e) {
    e.preventDefault();
    const f = state.form;
    const needsStations = f.role === 'staff' || f.role === 'station_head';
    state.invalid = {
      username: USERNAME_RE.test(f.username.trim()) ? null : t('account_need_username'),
      display_name: f.display_name.trim() && f.display_name.trim().length <= 50 ? null : t('account_need_name'),
      password: f.password.length >= 10 && f.password.length <= 128 ? null : t('account_need_password'),
      stations: !needsStations || f.stations.length ? null : t('account_need_station'),
      unit: f.role !== 'unit' || f.unit ? null : t('account_need_unit'),
    };
    const first = Object.entries(state.invalid).find(([, v]) => v);
    if (first) {
      ctx.clear();
      const focus = { stations: `account-stations-${(state.directory?.stations[0]?.code || '').replace(/[^A-Za-z0-9_-]/g, '_')}` }[first[0]] || `account-${first[0].replace('_', '-')}`;
      ctx.render(focus);
      return undefined;
    }
    const body = { username: f.username.trim(), display_name: f.display_name.trim(), role: f.role, password: f.password };
    if (needsStations) body.stations = f.stations;
    if (f.role === 'deputy' && f.deputy) body.deputy = f.deputy;
    if (f.role === 'unit') body.unit = f.unit;
    return ctx.step(async () => {
      await app.session.call('/api/v1/accounts', { method: 'POST', json: body });
      state.form = blank();
    }, { done: () => t('account_created', { name: body.display_name, username: body.username }) });
  }

  function savePhone(e) {
    e.preventDefault();
    const p = state.phone;
    const digits = p.value.replace(/[\s()-]/g, '').replace(/^(\+86|0086|86)/, '');
    p.invalid = !MOBILE_RE.test(digits);
    if (p.invalid) {
      ctx.clear();
      ctx.render('phone-value');
      return undefined;
    }
    return ctx.step(async () => {
      await app.session.call(`/api/v1/accounts/${p.account.id}/phone`, { method: 'PUT', json: { phone: digits } });
      state.phone = null;
    }, { done: () => t('phone_saved', { name: p.account.display_name }) });
  }

  const removePhone = (a) => ctx.step(async () => {
    state.phone = null;
    await app.session.call(`/api/v1/accounts/${a.id}/phone`, { method: 'DELETE' });
  }, { done: () => t('phone_removed', { name: a.display_name }) });

  const setActive = (a, active) => ctx.step(async () => {
    state.stopping = null;
    await app.session.call(`/api/v1/accounts/${a.id}/active`, { method: 'PUT', json: { active } });
  }, { done: () => t(active ? 'account_started' : 'account_stopped', { name: a.display_name }) });

  function confirmStop(a) {
    ctx.clear();
    state.phone = null;
    state.stopping = a;
    ctx.render('stop-title');
  }

  function stopConfirmation() {
    const a = state.stopping;
    if (!a) return null;
    return h('section', { class: 'panel confirm', id: 'stop-confirm', 'aria-labelledby': 'stop-title' },
      h('h2', { id: 'stop-title', tabindex: '-1' }, t('account_stop_title', { name: a.display_name })),
      h('p', {}, t('account_stop_what')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn danger', id: 'stop-yes', disabled: ctx.busy, onclick: () => setActive(a, false) }, t('account_stop_yes')),
        h('button', { type: 'button', class: 'btn', id: 'stop-no', 'aria-keyshortcuts': 'Escape', onclick: closeStop }, t('cancel'))));
  }

  function closeStop() {
    const a = state.stopping;
    if (!a) return false;
    state.stopping = null;
    ctx.render(`active-${a.id}`);
    return true;
  }

  function phoneForm() {
    const p = state.phone;
    if (!p) return null;
    return h('form', { class: 'panel', id: 'phone-form', novalidate: true, onsubmit: savePhone, 'aria-labelledby': 'phone-title' },
      h('h2', { id: 'phone-title', tabindex: '-1' }, t('phone_title', { name: p.account.display_name })),
      field({ id: 'phone-value', label: t('phone_label'), hint: t('phone_hint'), object: p, key: 'value', type: 'tel', inputmode: 'tel', autocomplete: 'off', error: p.invalid ? t('phone_invalid') : null }),
      buttons(
        h('button', { type: 'submit', class: 'btn primary', id: 'phone-save', disabled: ctx.busy }, t('save')),
        h('button', { type: 'button', class: 'btn', id: 'phone-cancel', 'aria-keyshortcuts': 'Escape', onclick: closePhone }, t('cancel'))));
  }

  function closePhone() {
    const p = state.phone;
    if (!p) return false;
    state.phone = null;
    ctx.render(`phone-${p.account.id}`);
    return true;
  }

  function newAccount() {
    const f = state.form;
    const stations = (state.directory?.stations || []).map((s) => [s.code, `${pick(s.name)}（${s.code}）`]);
    const deputies = (state.directory?.deputies || []).filter((d) => d.status !== 'left').map((d) => [d.code, `${pick(d.name)}（${d.code}）`]);
    return h('form', { class: 'panel directory-form', id: 'account-form', novalidate: true, onsubmit: makeAccount, 'aria-labelledby': 'account-form-title' },
      h('h2', { id: 'account-form-title' }, t('account_new')),
      h('div', { class: 'two-fields' },
        field({ id: 'account-username', label: t('username_label'), hint: t('account_username_hint'), object: f, key: 'username', error: state.invalid.username, maxlength: '64', autocomplete: 'off' }),
        field({ id: 'account-display-name', label: t('account_display_name'), object: f, key: 'display_name', error: state.invalid.display_name, maxlength: '50', autocomplete: 'off' })),
      h('div', { class: 'two-fields' },
        select({ id: 'account-role', label: t('account_role'), object: f, key: 'role', options: ROLES.map((r) => [r, t(`role_${r}`)]), onchange: () => ctx.render('account-role') }),
        field({ id: 'account-password', label: t('password_label'), hint: t('account_password_hint'), object: f, key: 'password', type: 'password', autocomplete: 'new-password', error: state.invalid.password, maxlength: '128' })),
      f.role === 'staff' || f.role === 'station_head'
        ? choices({ id: 'account-stations', legend: t('account_stations'), object: f, key: 'stations', options: stations, error: state.invalid.stations }) : null,
      f.role === 'deputy'
        ? select({ id: 'account-deputy', label: t('account_deputy'), hint: t('account_deputy_hint'), object: f, key: 'deputy', options: [['', t('account_deputy_later')], ...deputies] }) : null,
      f.role === 'unit'
        ? select({ id: 'account-unit', label: t('account_unit'), object: f, key: 'unit', error: state.invalid.unit, options: [['', t('choose')], ...state.units.map((u) => [u.code, `${pick(u.name)}（${u.code}）`])] }) : null,
      buttons(h('button', { type: 'submit', class: 'btn primary', id: 'account-create', disabled: ctx.busy }, t('account_create'))));
  }

  function table() {
    return h('table', { class: 'table', id: 'accounts-table' },
      h('caption', {}, t('accounts_caption', { n: state.items.length })),
      h('thead', {}, h('tr', {}, [t('username_label'), t('account_display_name'), t('account_role'), t('account_reach'), t('phone_label'), t('account_last_login'), t('col_actions')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, state.items.map((a) => h('tr', { 'data-account': a.id, 'data-username': a.username || '' },
        h('td', { class: 'code' }, a.username || '—'),
        h('th', { scope: 'row', class: 'user-text' }, a.display_name, a.active ? null : h('span', { class: 'tag' }, t('account_inactive'))),
        h('td', {}, t(`role_${a.role}`)),
        h('td', {}, a.deputy ? t('account_acts_for', { code: a.deputy }) : a.unit ? t('account_answers_for', { code: a.unit }) : a.stations.join('、') || '—'),
        h('td', { class: 'code' }, a.phone || '—'),
        h('td', {}, a.last_login_at ? formatDateTime(a.last_login_at) : t('account_never')),
        h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'btn small', id: `phone-${a.id}`, disabled: ctx.busy, 'aria-label': t('phone_set_label', { name: a.display_name }), onclick: () => { ctx.clear(); state.phone = { account: a, value: '', invalid: false }; ctx.render('phone-title'); } }, t('phone_set')),
          a.phone ? h('button', { type: 'button', class: 'btn small', id: `phone-remove-${a.id}`, disabled: ctx.busy, 'aria-label': t('phone_remove_label', { name: a.display_name }), onclick: () => removePhone(a) }, t('phone_remove')) : null,
          a.id === app.me?.id ? null : a.active
            ? h('button', { type: 'button', class: 'btn small', id: `active-${a.id}`, disabled: ctx.busy, 'aria-label': t('account_stop_label', { name: a.display_name }), onclick: () => confirmStop(a) }, t('account_stop'))
            : h('button', { type: 'button', class: 'btn small', id: `active-${a.id}`, disabled: ctx.busy, 'aria-label': t('account_start_label', { name: a.display_name }), onclick: () => setActive(a, true) }, t('account_start')))))));
  }

  return {
    load,
    escape: () => closeStop() || closePhone(),
    ready: () => state.items !== null,
    nodes: () => [
      phoneForm(),
      stopConfirmation(),
      state.items === null ? h('p', { class: 'loading', role: 'status' }, t('loading')) : [newAccount(), table()],
    ],
  };
}
