// Reception days (代表接待日): a month calendar of the station's slots with the deputies on duty
// (`GET /api/v1/stations/{code}/reception-days`), a form that schedules one (`POST`, which replaces a slot that
// starts at the same time), moves one (schedule the new time, then cancel the old slot), and cancels one
// (`DELETE /api/v1/reception-days/{id}`). Each slot opens the reception form for a walk-in resident (walkin.js);
// one that has begun also opens who kept it, where staff mark a deputy absent (reception-absences.js). The
// committee reads the calendar and the absences without the steps.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { localDate } from './format.js';
import { createAbsences, begun } from './reception-absences.js';

const pad = (n) => String(n).padStart(2, '0');

function monthOf(param) {
  const [y, m] = (param || localDate().slice(0, 7)).split('-').map(Number);
  return { y, m };
}

function shift({ y, m }, by) {
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

export function receptionView(app, { month }) {
  const { y, m } = monthOf(month);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const first = `${y}-${pad(m)}-01`;
  const today = localDate();
  const state = { slots: null, deputies: [], error: null, form: null, formError: null, busy: false, done: null };

  // A load finishing after the person moved on (or after a newer load) must not draw over what is shown.
  let disposed = false;
  let turn = 0;
  // Staff and administrators schedule and mark; the committee reads.
  const writes = () => app.handles;
  const absences = createAbsences(app, { rerender: (id) => render(id), writes, isDisposed: () => disposed });

  async function load() {
    const mine = ++turn;
    if (!app.station) {
      state.slots = [];
      render();
      return;
    }
    try {
      const code = encodeURIComponent(app.station);
      const [list, deputies] = await Promise.all([
        app.session.call(`/api/v1/stations/${code}/reception-days?from=${first}&days=${days}`),
        state.deputies.length ? { items: state.deputies } : app.session.call(`/api/v1/stations/${code}/deputies`),
      ]);
      if (disposed || mine !== turn) return;
      state.slots = list.items;
      state.deputies = deputies.items;
      app.slots = new Map(list.items.map((s) => [s.id, s]));
      state.error = null;
    } catch (err) {
      if (disposed || mine !== turn) return;
      state.error = err;
      state.slots = state.slots || [];
    }
    render();
  }

  function openForm(slot = null, date = null) {
    absences.close();
    state.form = slot
      ? { moving: slot.id, date: slot.date, start: slot.start, end: slot.end, deputies: slot.deputies.map((d) => d.code), note: slot.note?.zh || '' }
      : { moving: null, date: date || (today.startsWith(`${y}-${pad(m)}`) ? today : first), start: '09:00', end: '11:30', deputies: [], note: '' };
    state.formError = null;
    state.done = null;
    render('slot-date');
  }

  async function save(e) {
    e.preventDefault();
    const f = state.form;
    if (!f.date || !f.start || !f.end || f.end <= f.start) {
      state.formError = t('slot_need_times');
      render('slot-invalid');
      return;
    }
    if (!f.deputies.length) {
      state.formError = t('slot_need_deputy');
      render('slot-invalid');
      return;
    }
    state.busy = true;
    state.formError = null;
    render();
    try {
      const note = f.note.trim() ? { zh: f.note.trim(), en: f.note.trim() } : null;
      const saved = await app.session.call(`/api/v1/stations/${encodeURIComponent(app.station)}/reception-days`, {
        method: 'POST', json: { date: f.date, start: f.start, end: f.end, deputies: f.deputies, note },
      });
      if (f.moving && f.moving !== saved.id) await app.session.call(`/api/v1/reception-days/${f.moving}`, { method: 'DELETE' });
      state.done = t(f.moving ? 'slot_moved' : 'slot_saved', { date: saved.date, start: saved.start });
      state.form = null;
      state.busy = false;
      if (saved.date.slice(0, 7) !== `${y}-${pad(m)}`) {
        app.flash = { kind: 'ok', text: state.done };
        app.go(`#/reception/${saved.date.slice(0, 7)}`);
        return;
      }
      await load();
      if (!disposed) focusOn('slot-done');
    } catch (err) {
      state.busy = false;
      state.formError = err;
      render('slot-invalid');
    }
  }

  async function cancel(slot) {
    try {
      await app.session.call(`/api/v1/reception-days/${slot.id}`, { method: 'DELETE' });
      state.done = t('slot_cancelled', { date: slot.date, start: slot.start });
      state.error = null;
    } catch (err) {
      state.error = err;
    }
    await load();
    if (!disposed) focusOn(state.error ? 'reception-problem' : 'slot-done');
  }

  function slotForm() {
    const f = state.form;
    if (!f) return null;
    const bind = (name) => ({ value: f[name], oninput: (e) => { f[name] = e.target.value; } });
    return h('form', { class: 'panel slot-form', id: 'slot-form', novalidate: true, onsubmit: save, 'aria-labelledby': 'slot-form-title' },
      h('h2', { id: 'slot-form-title' }, t(f.moving ? 'slot_move_title' : 'slot_new_title')),
      state.formError ? (typeof state.formError === 'string'
        ? h('p', { class: 'field-error', id: 'slot-invalid', role: 'alert', tabindex: '-1' }, state.formError)
        : problemNotice(state.formError, { id: 'slot-invalid' })) : null,
      h('div', { class: 'inline-fields' },
        h('div', { class: 'field' }, h('label', { for: 'slot-date' }, t('slot_date')), h('input', { type: 'date', id: 'slot-date', required: true, ...bind('date') })),
        h('div', { class: 'field' }, h('label', { for: 'slot-start' }, t('slot_start')), h('input', { type: 'time', id: 'slot-start', required: true, ...bind('start') })),
        h('div', { class: 'field' }, h('label', { for: 'slot-end' }, t('slot_end')), h('input', { type: 'time', id: 'slot-end', required: true, ...bind('end') }))),
      h('fieldset', { class: 'choices' }, h('legend', {}, t('slot_deputies')),
        state.deputies.map((d) => h('label', { class: 'choice', for: `slot-deputy-${d.code}` },
          h('input', { type: 'checkbox', id: `slot-deputy-${d.code}`, value: d.code, checked: f.deputies.includes(d.code),
            onchange: (e) => { f.deputies = e.target.checked ? [...f.deputies, d.code] : f.deputies.filter((c) => c !== d.code); } }),
          `${pick(d.name)}（${d.code}）`))),
      h('div', { class: 'field' }, h('label', { for: 'slot-note' }, t('slot_note')), h('input', { type: 'text', id: 'slot-note', maxlength: '200', ...bind('note') })),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn primary', id: 'slot-save', 'aria-busy': state.busy ? 'true' : null, disabled: state.busy }, t(f.moving ? 'slot_move_save' : 'slot_save')),
        h('button', { type: 'button', class: 'btn', id: 'slot-cancel-form', onclick: () => { state.form = null; render('slot-new'); } }, t('cancel'))));
  }

  function slotItem(slot) {
    const names = slot.deputies.map((d) => pick(d.name)).join('、');
    return h('li', { class: `slot${slot.date === today ? ' today' : ''}`, 'data-slot': slot.id },
      h('p', { class: 'slot-time' }, `${slot.start}–${slot.end}`),
      h('p', { class: 'slot-who' }, names || t('nobody')),
      pick(slot.note) ? h('p', { class: 'hint' }, pick(slot.note)) : null,
      h('div', { class: 'slot-actions' },
        writes() ? [
          h('a', { class: 'btn small primary', href: `#/reception/file/${slot.id}`, id: `receive-${slot.id}` }, t('slot_receive')),
          h('button', { type: 'button', class: 'btn small', id: `move-${slot.id}`, onclick: () => openForm(slot) }, t('slot_move')),
          h('button', { type: 'button', class: 'btn small', id: `cancel-${slot.id}`, onclick: () => cancel(slot) }, t('slot_cancel')),
        ] : null,
        begun(slot) ? h('button', {
          type: 'button', class: 'btn small', id: `turns-${slot.id}`, 'aria-expanded': absences.slot?.id === slot.id ? 'true' : 'false',
          'aria-label': t('abs_open_label', { date: slot.date, start: slot.start }), onclick: () => { state.form = null; absences.open(slot); },
        }, t('abs_open')) : null));
  }

  function calendar() {
    const weekdayOfFirst = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7; // Monday first
    const cells = [];
    for (let i = 0; i < weekdayOfFirst; i++) cells.push(null);
    for (let d = 1; d <= days; d++) cells.push(`${y}-${pad(m)}-${pad(d)}`);
    while (cells.length % 7) cells.push(null);
    const weeks = [];
    for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
    const names = [1, 2, 3, 4, 5, 6, 7].map((n) => t(`weekday_${n}`));
    return h('table', { class: 'calendar', id: 'calendar' },
      h('caption', {}, t('month_caption', { y, m })),
      h('thead', {}, h('tr', {}, names.map((n) => h('th', { scope: 'col' }, n)))),
      h('tbody', {}, weeks.map((week) => h('tr', {}, week.map((date) => {
        if (!date) return h('td', { class: 'blank' });
        const slots = state.slots.filter((s) => s.date === date);
        return h('td', { class: date === today ? 'today' : null, 'data-date': date },
          h('p', { class: 'day' }, h('span', { class: 'visually-hidden' }, `${date} `), h('span', { 'aria-hidden': 'true' }, String(Number(date.slice(8)))), date === today ? h('span', { class: 'tag' }, t('today')) : null),
          slots.length ? h('ul', { class: 'slots' }, slots.map(slotItem)) : null);
      })))));
  }

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(t('nav_reception'));
    app.main.dataset.state = state.slots === null ? 'loading' : 'ready';
    fill(app.main,
      h('div', { class: 'view-head' },
        h('h1', { id: 'view-heading', tabindex: '-1' }, t('reception_title')),
        h('div', { class: 'actions tight' },
          h('a', { class: 'btn small', href: `#/reception/${shift({ y, m }, -1)}`, id: 'month-prev' }, t('month_prev')),
          h('a', { class: 'btn small', href: `#/reception/${shift({ y, m }, 1)}`, id: 'month-next' }, t('month_next')),
          writes() ? h('button', { type: 'button', class: 'btn small primary', id: 'slot-new', onclick: () => openForm() }, t('slot_new')) : null)),
      writes() ? null : h('p', { class: 'hint', id: 'reception-read-only' }, t('reception_read_only')),
      app.takeFlash(),
      state.done ? h('div', { class: 'notice notice-ok', id: 'slot-done', role: 'status', tabindex: '-1' }, h('p', { class: 'notice-text' }, state.done)) : null,
      state.error ? problemNotice(state.error, { id: 'reception-problem' }) : null,
      slotForm(),
      absences.nodes(),
      state.slots === null ? h('p', { class: 'loading', role: 'status' }, t('loading')) : calendar());
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
