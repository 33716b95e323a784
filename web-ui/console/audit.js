// The audit log (审计日志, administrators): `GET /api/v1/audit`, newest first, filtered by the server on the
// report (`report_id`), the directory record touched (`subject`, e.g. `deputy:D-003`: a kind and a code), what was
// done (`action`, its start, e.g. `kiosk.`), who did it (`actor_kind`), the local dates (`from`, `to`) and how
// many a page holds (`limit`); the next page continues after the last entry shown (`before`). The kind of record
// alone (no code) filters the page. Who did it is named from the accounts list; a directory change's before and
// after are shown as text, on demand.

import { h, fill } from '/ui/shared/dom.js';
import { t, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { field, select } from './directory-fields.js';

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const KINDS = ['deputy', 'station', 'area', 'building', 'category', 'handling_unit', 'account', 'reception_day', 'station_head', 'notification'];
const ACTORS = ['staff', 'admin', 'deputy', 'committee', 'unit', 'kiosk', 'citizen', 'system'];
const LIMITS = ['100', '200', '500'];

const named = (prefix, value) => (t(`${prefix}${value}`) === `${prefix}${value}` ? value : t(`${prefix}${value}`));

export function auditView(app) {
  const state = { items: null, more: false, people: new Map(), error: null, invalid: null };
  const f = { report: '', kind: '', code: '', action: '', actor: '', from: '', to: '', limit: '200' };
  let turn = 0;
  let disposed = false;

  /** The first page for the filters (or, `more`, the page after the entries shown). */
  async function load(focusId = null, more = false) {
    const mine = ++turn;
    const query = new URLSearchParams({ limit: f.limit });
    if (f.report.trim()) query.set('report_id', f.report.trim());
    if (f.kind && f.code.trim()) query.set('subject', `${f.kind}:${f.code.trim()}`);
    if (f.action.trim()) query.set('action', f.action.trim());
    if (f.actor) query.set('actor_kind', f.actor);
    if (f.from) query.set('from', f.from);
    if (f.to) query.set('to', f.to);
    const last = state.items?.[state.items.length - 1];
    if (more && last) query.set('before', last.id);
    try {
      const [list, accounts] = await Promise.all([
        app.session.call(`/api/v1/audit?${query}`),
        state.people.size ? null : app.session.call('/api/v1/accounts').catch(() => null),
      ]);
      if (disposed || mine !== turn) return;
      state.items = more ? [...state.items, ...list.items] : list.items;
      state.more = list.items.length === Number(f.limit);
      if (accounts) state.people = new Map(accounts.items.map((a) => [a.id, a.display_name]));
      state.error = null;
    } catch (err) {
      if (disposed || mine !== turn) return;
      state.error = err;
      state.items = state.items || [];
    }
    render(state.error ? 'audit-problem' : focusId);
  }

  function submit(e) {
    e.preventDefault();
    const report = f.report.trim();
    state.invalid = report && !UUID_RE.test(report) ? 'report' : f.code.trim() && !f.kind ? 'kind' : f.from && f.to && f.from > f.to ? 'to' : null;
    if (state.invalid) {
      render(`audit-${state.invalid}`);
      return;
    }
    load('audit-table');
  }

  /** The entries loaded; the kind of record without a code is not a filter the server takes. */
  function shown() {
    return (state.items || []).filter((a) => !f.kind || f.code.trim() || (a.subject || '').startsWith(`${f.kind}:`));
  }

  function who(a) {
    const kind = named('actor_', a.actor_kind);
    const name = a.actor_id ? state.people.get(a.actor_id) : null;
    return name ? [kind, ' · ', h('span', { class: 'user-text' }, name)] : kind;
  }

  function detail(a) {
    if (!a.detail) return null;
    return h('details', { class: 'audit-detail' },
      h('summary', {}, t('audit_detail')),
      h('pre', { class: 'user-text', tabindex: '0' }, JSON.stringify(a.detail, null, 2)));
  }

  function form() {
    const options = (list, prefix, any) => [['', t(any)], ...list.map((k) => [k, named(prefix, k)])];
    return h('form', { class: 'inline-fields audit-filters', id: 'audit-form', novalidate: true, onsubmit: submit, 'aria-label': t('audit_filters') },
      field({ id: 'audit-report', label: t('audit_report'), object: f, key: 'report', autocomplete: 'off', error: state.invalid === 'report' ? t('audit_need_uuid') : null }),
      select({ id: 'audit-kind', label: t('audit_kind'), object: f, key: 'kind', options: options(KINDS, 'subject_', 'audit_any_kind'), error: state.invalid === 'kind' ? t('audit_need_kind') : null }),
      field({ id: 'audit-code', label: t('audit_code'), object: f, key: 'code', placeholder: 'D-003', autocomplete: 'off' }),
      field({ id: 'audit-action', label: t('audit_action'), object: f, key: 'action', placeholder: 'kiosk.', autocomplete: 'off' }),
      select({ id: 'audit-actor', label: t('col_actor'), object: f, key: 'actor', options: options(ACTORS, 'actor_', 'audit_any_actor') }),
      field({ id: 'audit-from', label: t('audit_from'), object: f, key: 'from', type: 'date' }),
      field({ id: 'audit-to', label: t('audit_to'), object: f, key: 'to', type: 'date', error: state.invalid === 'to' ? t('audit_need_dates') : null }),
      select({ id: 'audit-limit', label: t('audit_limit'), object: f, key: 'limit', options: LIMITS.map((n) => [n, t('audit_limit_n', { n })]) }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', id: 'audit-apply' }, t('audit_apply'))));
  }

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(t('nav_audit'));
    app.main.dataset.state = state.items === null ? 'loading' : 'ready';
    const rows = shown();
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('audit_title')),
      form(),
      state.error ? problemNotice(state.error, { id: 'audit-problem' }) : null,
      state.items === null ? h('p', { class: 'loading', role: 'status' }, t('loading')) : h('table', { class: 'table', id: 'audit-table', tabindex: '-1' },
        h('caption', {}, t('audit_caption', { n: rows.length })),
        h('thead', {}, h('tr', {}, [t('col_when'), t('col_actor'), t('audit_action'), t('audit_subject'), t('audit_reason')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows.map((a) => h('tr', { 'data-id': a.id, 'data-action': a.action },
          h('th', { scope: 'row' }, formatDateTime(a.at)),
          h('td', {}, who(a)),
          h('td', { class: 'code' }, a.action),
          h('td', {}, a.report_id ? h('a', { href: `#/reports/${a.report_id}`, class: 'code-link' }, t('open_report')) : h('span', { class: 'code user-text' }, a.subject || ''), detail(a)),
          h('td', { class: 'user-text' }, a.reason || ''))))),
      state.more ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'audit-more', onclick: () => load(null, true) }, t('more'))) : null);
    if (focusId) focusOn(focusId);
  }

  return {
    async start() {
      render();
      await load();
    },
    render: () => render(),
    dispose() {
      disposed = true;
    },
  };
}
