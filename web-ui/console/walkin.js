// Receiving a resident during a reception slot (接待登记): staff file the report for them (`POST /api/v1/reports`
// with channel `reception`, or `visit`, `phone`, `letter`; assisted intake, so who filed is on the record),
// optionally to one of the deputies on duty, with the resident's contact and consent as they gave them; then
// the same receipt the kiosk prints (tracking code in groups of three, the QR code of
// `/api/v1/reports/track/{code}/qr.svg` that opens the phone tracking page), laid out for print (print.css).

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { localDate } from './format.js';
import { MOBILE_RE } from '/ui/shared/forms.js';

const CHANNELS = ['reception', 'visit', 'phone', 'letter'];

export function walkInView(app, { slot: slotId }) {
  const state = {
    slot: app.slots?.get(slotId) || null, categories: [], error: null, busy: false, invalid: null, receipt: null, key: crypto.randomUUID(),
    f: { channel: 'reception', category: '', title: '', description: '', deputy: '', address: '', name: '', phone: '', personal_info: false, sms: false },
  };

  // A load finishing after the person moved on must not draw over the next view.
  let disposed = false;
  let loaded = false;

  async function load() {
    try {
      const [categories, slot] = await Promise.all([
        app.session.call('/api/v1/categories'),
        state.slot ? state.slot : findSlot(),
      ]);
      state.categories = categories.items;
      state.slot = slot;
    } catch (err) {
      state.error = err;
    }
    loaded = true;
    render();
  }

  /** The slot, when the page was opened directly: it is within a month and a half of today. */
  async function findSlot() {
    const from = new Date(Date.now() - 45 * 86400000);
    const list = await app.session.call(`/api/v1/stations/${encodeURIComponent(app.station)}/reception-days?from=${localDate(from)}&days=92`);
    return list.items.find((s) => s.id === slotId) || null;
  }

  function invalid(field, key) {
    state.invalid = { field, text: t(key) };
    render(field);
  }

  async function submit(e) {
    e.preventDefault();
    const f = state.f;
    state.invalid = null;
    if (!f.category) return invalid('walkin-category', 'walkin_need_category');
    if (!f.description.trim()) return invalid('walkin-description', 'walkin_need_description');
    const phone = f.phone.replace(/[\s-]/g, '');
    if (phone && !MOBILE_RE.test(phone)) return invalid('walkin-phone', 'phone_invalid');
    const contact = f.name.trim() || phone ? { name: f.name.trim() || null, phone: phone || null } : null;
    if (contact && !f.personal_info) return invalid('walkin-consent', 'walkin_need_consent');
    const body = {
      category: f.category, description: f.description.trim(), title: f.title.trim() || null, channel: f.channel,
      station: state.slot?.station || app.station, deputy: f.deputy || null, address: f.address.trim() || null, contact,
      consent: { personal_info: Boolean(contact), sms: Boolean(contact && phone && f.sms), phone_call: false },
    };
    state.busy = true;
    render();
    try {
      const created = await app.session.call('/api/v1/reports', { method: 'POST', json: body, headers: { 'Idempotency-Key': state.key } });
      state.receipt = { ...created, category: state.categories.find((c) => c.code === f.category), deputy: state.slot?.deputies.find((d) => d.code === f.deputy) };
      state.error = null;
    } catch (err) {
      state.error = err;
    }
    state.busy = false;
    render(state.receipt ? 'receipt-heading' : 'walkin-problem');
  }

  function field(id, label, control, hint) {
    return h('div', { class: 'field' }, h('label', { for: id }, label), hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null, control);
  }

  function form() {
    const f = state.f;
    const mark = (id) => (state.invalid?.field === id ? { 'aria-invalid': 'true', 'aria-describedby': 'walkin-invalid' } : {});
    const bind = (name) => ({ value: f[name], oninput: (e) => { f[name] = e.target.value; } });
    const slot = state.slot;
    return h('form', { id: 'walkin-form', class: 'walkin', novalidate: true, onsubmit: submit },
      slot ? h('p', { class: 'hint', id: 'walkin-slot' }, t('walkin_slot', { date: slot.date, start: slot.start, end: slot.end, deputies: slot.deputies.map((d) => pick(d.name)).join('、') })) : null,
      state.invalid ? h('p', { class: 'field-error', id: 'walkin-invalid', role: 'alert' }, state.invalid.text) : null,
      state.error ? problemNotice(state.error, { id: 'walkin-problem' }) : null,
      h('div', { class: 'inline-fields' },
        field('walkin-channel', t('walkin_channel'), h('select', { id: 'walkin-channel', onchange: (e) => { f.channel = e.target.value; } },
          CHANNELS.map((c) => h('option', { value: c, selected: c === f.channel }, t(`channel_${c}`))))),
        field('walkin-category', t('walkin_category'), h('select', { id: 'walkin-category', ...mark('walkin-category'), onchange: (e) => { f.category = e.target.value; } },
          h('option', { value: '' }, t('choose')), state.categories.map((c) => h('option', { value: c.code, selected: c.code === f.category }, pick(c.name))))),
        slot?.deputies.length ? field('walkin-deputy', t('walkin_deputy'), h('select', { id: 'walkin-deputy', onchange: (e) => { f.deputy = e.target.value; } },
          h('option', { value: '' }, t('walkin_deputy_routing')), slot.deputies.map((d) => h('option', { value: d.code, selected: d.code === f.deputy }, `${pick(d.name)}（${d.code}）`)))) : null),
      field('walkin-title', t('walkin_title'), h('input', { type: 'text', id: 'walkin-title', maxlength: '100', ...bind('title') })),
      field('walkin-description', t('walkin_description'), h('textarea', { id: 'walkin-description', rows: '5', maxlength: '2000', ...mark('walkin-description'), ...bind('description') }), t('walkin_description_hint')),
      field('walkin-address', t('walkin_address'), h('input', { type: 'text', id: 'walkin-address', maxlength: '200', ...bind('address') })),
      h('div', { class: 'inline-fields' },
        field('walkin-name', t('walkin_name'), h('input', { type: 'text', id: 'walkin-name', maxlength: '50', autocomplete: 'off', ...bind('name') })),
        field('walkin-phone', t('walkin_phone'), h('input', { type: 'tel', id: 'walkin-phone', inputmode: 'numeric', maxlength: '20', autocomplete: 'off', ...mark('walkin-phone'), ...bind('phone') }))),
      h('fieldset', { class: 'choices', id: 'walkin-consent', tabindex: '-1' }, h('legend', {}, t('walkin_consent')),
        h('label', { class: 'choice', for: 'walkin-personal' }, h('input', { type: 'checkbox', id: 'walkin-personal', checked: f.personal_info, ...mark('walkin-consent'), onchange: (e) => { f.personal_info = e.target.checked; } }), t('walkin_personal')),
        h('label', { class: 'choice', for: 'walkin-sms' }, h('input', { type: 'checkbox', id: 'walkin-sms', checked: f.sms, onchange: (e) => { f.sms = e.target.checked; } }), t('walkin_sms'))),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn primary', id: 'walkin-submit', 'aria-busy': state.busy ? 'true' : null, disabled: state.busy }, t('walkin_submit')),
        h('a', { class: 'btn', href: '#/reception', id: 'walkin-back' }, t('walkin_back'))));
  }

  function receipt() {
    const r = state.receipt;
    const grouped = r.tracking_code;
    return h('section', { class: 'receipt', id: 'receipt', 'aria-labelledby': 'receipt-heading' },
      h('h2', { id: 'receipt-heading', tabindex: '-1' }, t('receipt_title')),
      h('p', { class: 'receipt-station' }, t('site_name')),
      h('p', { class: 'receipt-label' }, t('receipt_code')),
      h('p', { class: 'receipt-code', id: 'receipt-code' }, grouped),
      h('img', { class: 'receipt-qr', id: 'receipt-qr', src: `/api/v1/reports/track/${encodeURIComponent(r.tracking_code)}/qr.svg`, alt: t('receipt_qr_alt'), width: '180', height: '180' }),
      h('dl', { class: 'facts' },
        h('div', {}, h('dt', {}, t('fact_submitted')), h('dd', {}, formatDateTime(r.submitted_at))),
        r.category ? h('div', {}, h('dt', {}, t('col_category')), h('dd', {}, pick(r.category.name))) : null,
        r.deputy ? h('div', {}, h('dt', {}, t('col_deputy')), h('dd', {}, pick(r.deputy.name))) : null),
      h('p', { class: 'receipt-how' }, t('receipt_how')),
      h('div', { class: 'actions no-print' },
        h('button', { type: 'button', class: 'btn primary', id: 'receipt-print', onclick: () => window.print() }, t('receipt_print')),
        h('button', { type: 'button', class: 'btn', id: 'walkin-next', onclick: () => { state.receipt = null; state.key = crypto.randomUUID(); state.f = { ...state.f, title: '', description: '', address: '', name: '', phone: '', personal_info: false, sms: false }; render('walkin-category'); } }, t('walkin_next')),
        h('a', { class: 'btn', href: '#/reception' }, t('walkin_back'))));
  }

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(t('walkin_heading'));
    app.main.dataset.state = state.receipt ? 'receipt' : loaded ? 'ready' : 'loading';
    fill(app.main,
      h('nav', { class: 'crumbs no-print', 'aria-label': t('crumbs_label') }, h('a', { href: '#/reception', id: 'back' }, t('back_to_reception'))),
      h('h1', { id: 'view-heading', tabindex: '-1', class: state.receipt ? 'no-print' : null }, t('walkin_heading')),
      state.receipt ? receipt() : form());
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
