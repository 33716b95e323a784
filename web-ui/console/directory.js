// Directory and devices (名录与设备), the part of it this console has so far: the station's deputies with their
// load and whether they can sign in, and a one-time binding code for each (`POST /api/v1/deputies/{code}/
// binding-codes`, shown once with its QR code, to hand over or print); the station's kiosks
// (`GET /api/v1/stations/{code}/kiosks`), a new one enrolled with a one-time code shown large to type into it,
// and one revoked (`DELETE /api/v1/kiosks/{id}`).

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';

const TABS = ['deputies', 'kiosks'];

export function directoryView(app, { tab }) {
  const current = TABS.includes(tab) ? tab : 'deputies';
  const state = { items: null, error: null, made: null, label: '', busy: false };
  let qrUrl = null;

  async function load() {
    if (!app.station) {
      state.items = [];
      render();
      return;
    }
    const code = encodeURIComponent(app.station);
    try {
      state.items = current === 'deputies'
        ? (await app.session.call(`/api/v1/stations/${code}/workload`)).items
        : (await app.session.call(`/api/v1/stations/${code}/kiosks`)).items;
      state.error = null;
    } catch (err) {
      state.error = err;
      state.items = state.items || [];
    }
    render();
  }

  async function step(work, focusId) {
    state.busy = true;
    render();
    try {
      await work();
      state.error = null;
    } catch (err) {
      state.error = err;
      state.made = null;
    }
    state.busy = false;
    await load();
    focusOn(state.error ? 'directory-problem' : focusId);
  }

  const bindingCode = (d) => step(async () => {
    const made = await app.session.call(`/api/v1/deputies/${encodeURIComponent(d.code)}/binding-codes`, { method: 'POST', json: {} });
    if (qrUrl) URL.revokeObjectURL(qrUrl);
    qrUrl = URL.createObjectURL(new Blob([made.qr_svg], { type: 'image/svg+xml' }));
    state.made = { kind: 'binding', name: pick(d.name), ...made };
  }, 'made-code');

  const enroll = (e) => {
    e.preventDefault();
    if (!state.label.trim()) {
      state.error = null;
      state.made = { kind: 'invalid' };
      render('kiosk-label');
      return undefined;
    }
    return step(async () => {
      const made = await app.session.call(`/api/v1/stations/${encodeURIComponent(app.station)}/kiosks`, { method: 'POST', json: { label: state.label.trim() } });
      state.made = { kind: 'kiosk', ...made };
      state.label = '';
    }, 'made-code');
  };

  const revoke = (k) => step(async () => {
    await app.session.call(`/api/v1/kiosks/${k.id}`, { method: 'DELETE' });
    state.made = { kind: 'revoked', label: k.label };
  }, 'made-revoked');

  function made() {
    const m = state.made;
    if (!m || m.kind === 'invalid') return null;
    if (m.kind === 'revoked') return h('div', { class: 'notice notice-ok', id: 'made-revoked', role: 'status', tabindex: '-1' }, h('p', { class: 'notice-text' }, t('kiosk_revoked', { label: m.label })));
    const code = m.kind === 'binding' ? m.binding_code : m.enrollment_code;
    return h('section', { class: 'panel made', 'aria-labelledby': 'made-title' },
      h('h2', { id: 'made-title' }, t(m.kind === 'binding' ? 'binding_made' : 'kiosk_made', { name: m.name || m.kiosk?.label })),
      h('p', { class: 'receipt-code', id: 'made-code', tabindex: '-1' }, code),
      m.kind === 'binding' && qrUrl ? h('img', { src: qrUrl, alt: t('binding_qr_alt'), class: 'receipt-qr', id: 'binding-qr', width: '180', height: '180' }) : null,
      h('p', { class: 'hint' }, t(m.kind === 'binding' ? 'binding_how' : 'kiosk_how', { until: formatDateTime(m.expires_at) })));
  }

  function deputies() {
    return h('table', { class: 'table', id: 'deputies-table' },
      h('caption', {}, t('deputies_caption', { n: state.items.length })),
      h('thead', {}, h('tr', {}, [t('col_deputy'), t('col_status'), t('col_open'), t('col_overdue'), t('col_bound'), t('col_actions')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, state.items.map((d) => h('tr', { 'data-deputy': d.code },
        h('th', { scope: 'row' }, `${pick(d.name)}（${d.code}）`),
        h('td', {}, t(`deputy_${d.status}`)),
        h('td', { class: 'num' }, String(d.open_reports)),
        h('td', { class: 'num' }, String(d.overdue_reports)),
        h('td', {}, t(d.bound ? 'bound_yes' : 'bound_no')),
        h('td', {}, h('button', { type: 'button', class: 'btn small', id: `binding-${d.code}`, disabled: state.busy, onclick: () => bindingCode(d) }, t(d.bound ? 'binding_again' : 'binding_make')))))));
  }

  function kiosks() {
    const invalid = state.made?.kind === 'invalid';
    return [
      h('form', { class: 'inline-fields', id: 'kiosk-form', novalidate: true, onsubmit: enroll },
        h('div', { class: 'field' }, h('label', { for: 'kiosk-label' }, t('kiosk_label')),
          h('input', { type: 'text', id: 'kiosk-label', maxlength: '50', value: state.label, 'aria-invalid': invalid ? 'true' : null, 'aria-describedby': invalid ? 'kiosk-invalid' : null, oninput: (e) => { state.label = e.target.value; } })),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', id: 'kiosk-enroll', disabled: state.busy }, t('kiosk_enroll')))),
      invalid ? h('p', { class: 'field-error', id: 'kiosk-invalid', role: 'alert' }, t('kiosk_need_label')) : null,
      state.items.length ? h('table', { class: 'table', id: 'kiosks-table' },
        h('caption', {}, t('kiosks_caption', { n: state.items.length })),
        h('thead', {}, h('tr', {}, [t('kiosk_label'), t('col_status'), t('col_created'), t('kiosk_enrolled'), t('col_actions')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, state.items.map((k) => h('tr', { 'data-kiosk': k.id },
          h('th', { scope: 'row', class: 'user-text' }, k.label),
          h('td', {}, t(`kiosk_status_${k.status}`) === `kiosk_status_${k.status}` ? k.status : t(`kiosk_status_${k.status}`)),
          h('td', {}, formatDateTime(k.created_at)),
          h('td', {}, k.enrolled_at ? formatDateTime(k.enrolled_at) : '—'),
          h('td', {}, k.status !== 'revoked' ? h('button', { type: 'button', class: 'btn small', id: `revoke-${k.id}`, disabled: state.busy, onclick: () => revoke(k) }, t('kiosk_revoke')) : null))))) : h('p', { class: 'empty' }, t('kiosks_none')),
    ];
  }

  function render(focusId = null) {
    app.setTitle(t('nav_directory'));
    app.main.dataset.state = state.items === null ? 'loading' : 'ready';
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('directory_title')),
      h('nav', { 'aria-label': t('directory_tabs') }, h('ul', { class: 'tabs' }, TABS.map((name) => h('li', {},
        h('a', { href: `#/directory/${name}`, class: 'tab-link', id: `tab-${name}`, 'aria-current': name === current ? 'page' : null }, t(`dir_${name}`)))))),
      state.error ? problemNotice(state.error, { id: 'directory-problem' }) : null,
      made(),
      state.items === null ? h('p', { class: 'loading', role: 'status' }, t('loading')) : (current === 'deputies' ? deputies() : kiosks()));
    if (focusId) focusOn(focusId);
  }

  return {
    async start() {
      render();
      await load();
    },
    render: () => render(),
    dispose() {
      if (qrUrl) URL.revokeObjectURL(qrUrl);
    },
  };
}
