// Report-backs to voters (述职评议) at the station (`GET /api/v1/stations/{code}/report-backs`, latest first):
// each session with its deputy, voting window, where it stands (not yet open, voting, closed, published,
// cancelled) and its results so far; for staff, the form a session is scheduled with (`POST`: the deputy, a
// title, the place, when voting opens and closes, China time, within a week). Each session opens its page
// (report-back-page.js).

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, getLang } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { timeSpan } from '/ui/shared/span.js';
import { formProblem, badFields, toLocalInput, fromLocalInput } from './duty-format.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Where a session stands: `cancelled`, `published`, `open`, `scheduled` (not open yet) or `closed`. */
export function sessionState(rb, now = Date.now()) {
  if (rb.cancelled) return 'cancelled';
  if (rb.published_at) return 'published';
  if (rb.open) return 'open';
  return new Date(rb.opens_at).getTime() > now ? 'scheduled' : 'closed';
}
export const sessionStateName = (rb) => t(`rb_state_${sessionState(rb)}`);

/** "75.0%（3/4）": the satisfied and mostly satisfied as a share of the votes; a dash without votes. */
export function satisfactionText(r) {
  if (!r || !r.total || r.satisfaction === null || r.satisfaction === undefined) return t('rb_no_votes');
  const pct = `${(r.satisfaction * 100).toFixed(1)}%`;
  const n = r.satisfied + r.mostly;
  return getLang() === 'en' ? `${pct} (${n}/${r.total})` : `${pct}（${n}/${r.total}）`;
}

function newSession() {
  const tomorrow = toLocalInput(new Date(Date.now() + 24 * 3600 * 1000).toISOString()).slice(0, 10);
  return { deputy: '', title: '', autoTitle: '', place: '', opens: `${tomorrow}T14:00`, closes: `${tomorrow}T17:00` };
}

function checkSession(d) {
  if (!d.deputy) return { field: 'deputy', text: t('rb_need_deputy') };
  if (!d.title.trim()) return { field: 'title', text: t('rb_need_title') };
  const opens = fromLocalInput(d.opens);
  const closes = fromLocalInput(d.closes);
  if (!opens) return { field: 'opens_at', text: t('rb_need_times') };
  if (!closes) return { field: 'closes_at', text: t('rb_need_times') };
  if (closes <= opens) return { field: 'closes_at', text: t('rb_close_after_open') };
  if (new Date(closes) - new Date(opens) > WEEK_MS) return { field: 'closes_at', text: t('rb_within_week') };
  return null;
}

const FOCUS = { deputy: 'rb-deputy', title: 'rb-title-input', place: 'rb-place', opens_at: 'rb-opens', closes_at: 'rb-closes' };

function scheduleForm({ d, deputies, busy, problem, onSubmit, onCancel }) {
  const bad = badFields(problem, 'rb');
  const mark = (field) => (bad.has(field) ? { 'aria-invalid': 'true', 'aria-describedby': 'rb-invalid' } : {});
  const bind = (name) => ({ value: d[name], oninput: (e) => { d[name] = e.target.value; } });
  const field = (label, control) => h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
  function pickDeputy(code) {
    d.deputy = code;
    const dep = deputies.find((x) => x.code === code);
    // A title follows the deputy chosen until someone writes their own.
    if (dep && (!d.title || d.title === d.autoTitle)) {
      d.autoTitle = t('rb_title_for', { name: pick(dep.name) });
      d.title = d.autoTitle;
      const input = document.getElementById('rb-title-input');
      if (input) input.value = d.title;
    }
  }
  return h('form', { class: 'panel duty-form', id: 'rb-form', novalidate: true, 'aria-labelledby': 'rb-form-title', onsubmit: (e) => { e.preventDefault(); onSubmit(); } },
    h('h2', { id: 'rb-form-title' }, t('rb_form')),
    formProblem(problem, 'rb-invalid', 'rb'),
    field(t('rb_deputy'), h('select', { id: 'rb-deputy', required: true, ...mark('deputy'), onchange: (e) => pickDeputy(e.target.value) },
      h('option', { value: '', selected: !d.deputy }, t('choose')),
      deputies.map((dep) => h('option', { value: dep.code, selected: dep.code === d.deputy }, `${pick(dep.name)}（${dep.code}）`)))),
    h('div', { class: 'inline-fields' },
      field(t('rb_title'), h('input', { type: 'text', id: 'rb-title-input', maxlength: '200', required: true, ...mark('title'), ...bind('title') })),
      field(t('rb_place'), h('input', { type: 'text', id: 'rb-place', maxlength: '200', ...mark('place'), ...bind('place') }))),
    h('p', { class: 'hint', id: 'rb-times-hint' }, t('rb_times_hint')),
    h('div', { class: 'inline-fields' },
      field(t('rb_opens'), h('input', { type: 'datetime-local', id: 'rb-opens', required: true, 'aria-describedby': 'rb-times-hint', ...mark('opens_at'), ...bind('opens') })),
      field(t('rb_closes'), h('input', { type: 'datetime-local', id: 'rb-closes', required: true, 'aria-describedby': 'rb-times-hint', ...mark('closes_at'), ...bind('closes') }))),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn primary', id: 'rb-save', 'aria-busy': busy ? 'true' : null, disabled: busy }, t('rb_save')),
      h('button', { type: 'button', class: 'btn', id: 'rb-cancel', onclick: onCancel }, t('cancel'))));
}

export function reportBacksView(app) {
  const state = { items: null, error: null, deputies: null, form: null, formProblem: null, busy: false };
  let disposed = false;
  let turn = 0;
  const station = () => encodeURIComponent(app.station);

  async function load() {
    const mine = ++turn;
    if (!app.station) {
      state.items = [];
      render();
      return;
    }
    try {
      const list = await app.session.call(`/api/v1/stations/${station()}/report-backs`);
      if (disposed || mine !== turn) return;
      state.items = list.items;
      state.error = null;
    } catch (err) {
      if (disposed || mine !== turn) return;
      state.error = err;
      state.items = state.items || [];
    }
    render();
  }

  async function openForm() {
    state.form = newSession();
    state.formProblem = null;
    if (!state.deputies) {
      try {
        state.deputies = (await app.session.call(`/api/v1/stations/${station()}/deputies`)).items;
      } catch (err) {
        state.deputies = [];
        state.formProblem = err;
      }
    }
    render('rb-deputy');
  }

  async function save() {
    const d = state.form;
    state.formProblem = checkSession(d);
    if (state.formProblem) {
      render(FOCUS[state.formProblem.field] || 'rb-invalid');
      return;
    }
    state.busy = true;
    render();
    try {
      const created = await app.session.call(`/api/v1/stations/${station()}/report-backs`, {
        method: 'POST', json: { deputy: d.deputy, title: d.title.trim(), place: d.place.trim(), opens_at: fromLocalInput(d.opens), closes_at: fromLocalInput(d.closes) },
      });
      app.flash = { kind: 'ok', text: t('rb_scheduled_done', { title: created.title }) };
      state.busy = false;
      app.go(`#/report-backs/${created.id}`);
    } catch (err) {
      state.busy = false;
      state.formProblem = err;
      render('rb-invalid');
    }
  }

  function table(items) {
    if (!items.length) return h('p', { class: 'empty', id: 'report-backs-none' }, t('rb_none'));
    return h('table', { class: 'table', id: 'report-backs-table' },
      h('caption', { class: 'visually-hidden' }, t('rb_caption')),
      h('thead', {}, h('tr', {}, ['rb_col_title', 'rb_col_deputy', 'rb_col_when', 'rb_col_place', 'rb_col_state', 'rb_col_results'].map((key) => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, items.map((rb) => h('tr', { 'data-id': rb.id, 'data-state': sessionState(rb) },
        h('th', { scope: 'row' }, h('a', { href: `#/report-backs/${rb.id}`, class: 'row-link user-text' }, rb.title)),
        h('td', { class: 'nowrap' }, `${pick(rb.deputy_name)}（${rb.deputy}）`),
        h('td', {}, h('time', { datetime: rb.opens_at }, timeSpan(rb.opens_at, rb.closes_at))),
        h('td', { class: 'user-text' }, rb.place || '—'),
        h('td', { class: 'nowrap' }, h('span', { class: `duty-status rb-state-${sessionState(rb)}` }, sessionStateName(rb))),
        h('td', {}, rb.results ? t('rb_results_short', { total: rb.results.total, share: satisfactionText(rb.results) }) : '—')))));
  }

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(t('nav_report_backs'));
    app.main.dataset.state = state.items === null ? 'loading' : 'ready';
    fill(app.main,
      h('div', { class: 'view-head' },
        h('h1', { id: 'view-heading', tabindex: '-1' }, t('rb_heading')),
        app.handles && app.station && !state.form
          ? h('div', { class: 'actions tight' }, h('button', { type: 'button', class: 'btn primary', id: 'report-back-new', onclick: openForm }, t('rb_new')))
          : null),
      h('p', { class: 'hint' }, t('rb_intro'), app.handles ? null : ` ${t('rb_read_only')}`),
      app.takeFlash(),
      state.error ? problemNotice(state.error, { id: 'report-backs-problem' }) : null,
      state.form ? scheduleForm({
        d: state.form, deputies: state.deputies || [], busy: state.busy, problem: state.formProblem,
        onSubmit: save, onCancel: () => { state.form = null; state.formProblem = null; render('report-back-new'); },
      }) : null,
      state.items === null ? h('p', { class: 'loading', role: 'status' }, t('loading')) : table(state.items));
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
