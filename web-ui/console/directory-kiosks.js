// The directory's kiosks tab: the station's kiosks (`GET /api/v1/stations/{code}/kiosks`) with their status and
// when each last called in (`last_seen_at`); a new one enrolled with a one-time code shown large, to type into
// it or print (only the code is printed); one revoked (`DELETE /api/v1/kiosks/{id}`): its tokens stop at once.

import { h } from '/ui/shared/dom.js';
import { t, formatDateTime } from '/ui/shared/i18n.js';
import { field } from './directory-fields.js';

const named = (prefix, value) => (t(`${prefix}${value}`) === `${prefix}${value}` ? value : t(`${prefix}${value}`));

export function create(ctx) {
  const { app } = ctx;
  const state = { items: null, form: { label: '' }, invalid: false, made: null, revoked: null };
  let turn = 0;

  async function load() {
    const mine = ++turn;
    if (!app.station) {
      state.items = [];
      ctx.render();
      return;
    }
    try {
      const list = await app.session.call(`/api/v1/stations/${encodeURIComponent(app.station)}/kiosks`);
      if (mine !== turn) return;
      state.items = list.items;
    } catch (err) {
      if (mine !== turn) return;
      state.items = state.items || [];
      ctx.fail(err);
      return;
    }
    ctx.render();
  }

  function enroll(e) {
    e.preventDefault();
    const label = state.form.label.trim();
    state.invalid = !label;
    if (state.invalid) {
      ctx.clear();
      ctx.render('kiosk-label');
      return undefined;
    }
    state.made = null;
    state.revoked = null;
    return ctx.step(async () => {
      state.made = await app.session.call(`/api/v1/stations/${encodeURIComponent(app.station)}/kiosks`, { method: 'POST', json: { label } });
      state.form.label = '';
    }, { focus: 'made-code' });
  }

  const revoke = (k) => {
    state.made = null;
    state.revoked = null;
    return ctx.step(async () => {
      await app.session.call(`/api/v1/kiosks/${k.id}`, { method: 'DELETE' });
      state.revoked = k.label;
    }, { focus: 'made-revoked' });
  };

  function made() {
    if (state.revoked !== null) {
      return h('div', { class: 'notice notice-ok', id: 'made-revoked', role: 'status', tabindex: '-1' },
        h('p', { class: 'notice-text' }, t('kiosk_revoked', { label: state.revoked })));
    }
    const m = state.made;
    if (!m) return null;
    return h('section', { class: 'panel made', 'aria-labelledby': 'made-title' },
      h('h2', { id: 'made-title' }, t('kiosk_made', { name: m.kiosk?.label })),
      h('p', { class: 'receipt-code', id: 'made-code', tabindex: '-1' }, m.enrollment_code),
      h('p', { class: 'hint' }, t('kiosk_how', { until: formatDateTime(m.expires_at) })),
      h('div', { class: 'actions no-print' }, h('button', { type: 'button', class: 'btn', id: 'made-print', onclick: () => window.print() }, t('kiosk_print'))));
  }

  function table() {
    if (!state.items.length) return h('p', { class: 'empty', id: 'kiosks-none' }, t('kiosks_none'));
    return h('table', { class: 'table', id: 'kiosks-table' },
      h('caption', {}, t('kiosks_caption', { n: state.items.length })),
      h('thead', {}, h('tr', {}, [t('kiosk_label'), t('col_status'), t('col_created'), t('kiosk_enrolled'), t('kiosk_last_seen'), t('col_actions')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, state.items.map((k) => h('tr', { 'data-kiosk': k.id, 'data-status': k.status },
        h('th', { scope: 'row', class: 'user-text' }, k.label),
        h('td', {}, named('kiosk_status_', k.status)),
        h('td', {}, formatDateTime(k.created_at)),
        h('td', {}, k.enrolled_at ? formatDateTime(k.enrolled_at) : '—'),
        h('td', { class: 'last-seen' }, k.last_seen_at ? formatDateTime(k.last_seen_at) : t('kiosk_never_seen')),
        h('td', {}, k.status !== 'revoked' ? h('button', {
          type: 'button', class: 'btn small', id: `revoke-${k.id}`, disabled: ctx.busy, onclick: () => revoke(k),
          'aria-label': t('kiosk_revoke_label', { label: k.label }),
        }, t('kiosk_revoke')) : null)))));
  }

  return {
    load,
    ready: () => state.items !== null,
    nodes() {
      return [
        made(),
        h('form', { class: 'inline-fields no-print', id: 'kiosk-form', novalidate: true, onsubmit: enroll },
          field({ id: 'kiosk-label', label: t('kiosk_label'), object: state.form, key: 'label', maxlength: '50', error: state.invalid ? t('kiosk_need_label') : null }),
          h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', id: 'kiosk-enroll', disabled: ctx.busy }, t('kiosk_enroll')))),
        state.items === null ? h('p', { class: 'loading', role: 'status' }, t('loading')) : table(),
      ];
    },
  };
}
