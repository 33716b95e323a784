// The audit log (审计日志, administrators): `GET /api/v1/audit`, newest first, filtered by report id or by the
// directory record touched (`deputy:D-003`), and by what was done (filtered here, on the page's entries).

import { h, fill } from '/ui/shared/dom.js';
import { t, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';

const UUID_RE = /^[0-9a-fA-F-]{36}$/;

export function auditView(app) {
  const state = { items: null, error: null, filter: { report: '', subject: '', action: '' }, invalid: false };

  async function load() {
    const f = state.filter;
    const query = new URLSearchParams({ limit: '200' });
    if (f.report.trim()) query.set('report_id', f.report.trim());
    if (f.subject.trim()) query.set('subject', f.subject.trim());
    try {
      state.items = (await app.session.call(`/api/v1/audit?${query}`)).items;
      state.error = null;
    } catch (err) {
      state.error = err;
      state.items = state.items || [];
    }
    render();
  }

  function submit(e) {
    e.preventDefault();
    state.invalid = Boolean(state.filter.report.trim()) && !UUID_RE.test(state.filter.report.trim());
    if (state.invalid) {
      render('audit-report');
      return;
    }
    load().then(() => focusOn('audit-table'));
  }

  function render(focusId = null) {
    app.setTitle(t('nav_audit'));
    app.main.dataset.state = state.items === null ? 'loading' : 'ready';
    const f = state.filter;
    const bind = (name) => ({ value: f[name], oninput: (e) => { f[name] = e.target.value; } });
    const shown = (state.items || []).filter((a) => !f.action.trim() || a.action.includes(f.action.trim()));
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('audit_title')),
      h('form', { class: 'inline-fields', id: 'audit-form', novalidate: true, onsubmit: submit },
        h('div', { class: 'field' }, h('label', { for: 'audit-report' }, t('audit_report')),
          h('input', { type: 'text', id: 'audit-report', 'aria-invalid': state.invalid ? 'true' : null, 'aria-describedby': state.invalid ? 'audit-invalid' : null, ...bind('report') })),
        h('div', { class: 'field' }, h('label', { for: 'audit-subject' }, t('audit_subject')), h('input', { type: 'text', id: 'audit-subject', placeholder: 'deputy:D-003', ...bind('subject') })),
        h('div', { class: 'field' }, h('label', { for: 'audit-action' }, t('audit_action')), h('input', { type: 'text', id: 'audit-action', placeholder: 'kiosk.', ...bind('action') })),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', id: 'audit-apply' }, t('period_apply')))),
      state.invalid ? h('p', { class: 'field-error', id: 'audit-invalid', role: 'alert' }, t('audit_need_uuid')) : null,
      state.error ? problemNotice(state.error, { id: 'audit-problem' }) : null,
      state.items === null ? h('p', { class: 'loading', role: 'status' }, t('loading')) : h('table', { class: 'table', id: 'audit-table', tabindex: '-1' },
        h('caption', {}, t('audit_caption', { n: shown.length })),
        h('thead', {}, h('tr', {}, [t('col_when'), t('col_actor'), t('audit_action'), t('audit_subject'), t('col_reason')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, shown.map((a) => h('tr', { 'data-id': a.id },
          h('th', { scope: 'row' }, formatDateTime(a.at)),
          h('td', {}, t(`actor_${a.actor_kind}`) === `actor_${a.actor_kind}` ? a.actor_kind : t(`actor_${a.actor_kind}`)),
          h('td', { class: 'code' }, a.action),
          h('td', {}, a.report_id ? h('a', { href: `#/reports/${a.report_id}`, class: 'code-link' }, t('open_report')) : a.subject || ''),
          h('td', { class: 'user-text' }, a.reason || ''))))));
    if (focusId) focusOn(focusId);
  }

  return {
    async start() {
      render();
      await load();
    },
    render: () => render(),
  };
}
