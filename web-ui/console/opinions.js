// Review opinions (审议意见) of the station: newest first, filtered by where they stand and to those past their
// deadline (`GET /api/v1/stations/{code}/opinions?status=&overdue=true`), each with its department, deadline
// (an overdue badge in words) and its problems closed (销号) so far; for staff, the form a draft is written with
// (`POST`, opinion-form.js), also opened from an activity's page (`#/opinions/from/{activity}`) with the
// activity's findings as its body. The committee reads only. Each opinion opens its page (opinion-page.js).

import { h, fill } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { dueBadge } from './duty-format.js';
import { newOpinion, checkOpinion, opinionBody, opinionForm, opinionFocus } from './opinion-form.js';

export const OPINION_STATUSES = ['draft', 'sent', 'answered', 'closed'];
export const opinionStatusName = (status) => t(`op_status_${status}`);

/** The handling units a draft may go to (`GET /api/v1/handling-units`). */
export async function loadUnits(app) {
  return (await app.session.call('/api/v1/handling-units')).items;
}

export function opinionsView(app, { from = null } = {}) {
  const state = { items: null, error: null, filter: { status: '', overdue: false }, units: null, form: null, formProblem: null, busy: false };
  let disposed = false;
  let turn = 0;
  const drafts = () => app.handles;
  const station = () => encodeURIComponent(app.station);

  async function load() {
    const mine = ++turn;
    if (!app.station) {
      state.items = [];
      render();
      return;
    }
    const query = new URLSearchParams();
    if (state.filter.status) query.set('status', state.filter.status);
    if (state.filter.overdue) query.set('overdue', 'true');
    try {
      const list = await app.session.call(`/api/v1/stations/${station()}/opinions${query.size ? `?${query}` : ''}`);
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

  async function openForm(activityId = null) {
    state.formProblem = null;
    let activity = null;
    try {
      if (!state.units) state.units = await loadUnits(app);
      if (activityId) activity = await app.session.call(`/api/v1/activities/${activityId}`);
    } catch (err) {
      state.units = state.units || [];
      state.formProblem = err;
    }
    if (disposed) return;
    state.form = newOpinion({ a: activity });
    render(state.formProblem ? 'draft-invalid' : 'draft-unit');
  }

  async function save() {
    state.formProblem = checkOpinion(state.form);
    if (state.formProblem) {
      render(opinionFocus('draft', state.formProblem));
      return;
    }
    state.busy = true;
    render();
    try {
      // Drafted from an activity, it belongs to the activity's station.
      const code = state.form.station ? encodeURIComponent(state.form.station) : station();
      const created = await app.session.call(`/api/v1/stations/${code}/opinions`, { method: 'POST', json: opinionBody(state.form) });
      app.flash = { kind: 'ok', text: t('op_drafted', { title: created.title }) };
      state.busy = false;
      app.go(`#/opinions/${created.id}`);
    } catch (err) {
      state.busy = false;
      state.formProblem = err;
      render('draft-invalid');
    }
  }

  function filters() {
    return h('form', { class: 'inline-fields filters no-print', id: 'opinion-filters', 'aria-label': t('op_filters'), onsubmit: (e) => e.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: 'opinions-status' }, t('op_filter_status')),
        h('select', { id: 'opinions-status', onchange: (e) => { state.filter.status = e.target.value; load(); } },
          h('option', { value: '', selected: !state.filter.status }, t('op_filter_all')),
          OPINION_STATUSES.map((s) => h('option', { value: s, selected: state.filter.status === s }, opinionStatusName(s))))),
      h('label', { class: 'choice filter-choice', for: 'opinions-overdue' },
        h('input', { type: 'checkbox', id: 'opinions-overdue', checked: state.filter.overdue, onchange: (e) => { state.filter.overdue = e.target.checked; load(); } }),
        t('op_filter_overdue')));
  }

  function table(items) {
    if (!items.length) return h('p', { class: 'empty', id: 'opinions-none' }, t(state.filter.status || state.filter.overdue ? 'op_none_filtered' : 'op_none'));
    return h('table', { class: 'table', id: 'opinions-table' },
      h('caption', { class: 'visually-hidden' }, t('op_caption')),
      h('thead', {}, h('tr', {}, ['op_col_title', 'op_col_unit', 'op_col_due', 'op_col_status', 'op_col_items'].map((key) => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, items.map((o) => {
        const closed = o.items.filter((i) => i.status === 'closed').length;
        return h('tr', { 'data-id': o.id, 'data-status': o.status, 'data-overdue': o.overdue ? 'true' : 'false' },
          h('th', { scope: 'row' }, h('a', { href: `#/opinions/${o.id}`, class: 'row-link user-text' }, o.title)),
          h('td', {}, pick(o.unit_name)),
          h('td', {}, o.status === 'closed' ? '—' : dueBadge(o.due_at, o.overdue)),
          h('td', { class: 'nowrap' }, h('span', { class: `duty-status duty-status-${o.status}` }, opinionStatusName(o.status))),
          h('td', { class: 'nowrap' }, t('op_items_closed', { closed, total: o.items.length })));
      })));
  }

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(t('nav_opinions'));
    app.main.dataset.state = state.items === null ? 'loading' : 'ready';
    fill(app.main,
      h('div', { class: 'view-head' },
        h('h1', { id: 'view-heading', tabindex: '-1' }, t('op_heading')),
        drafts() && app.station && !state.form
          ? h('div', { class: 'actions tight' }, h('button', { type: 'button', class: 'btn primary', id: 'opinion-new', onclick: () => openForm() }, t('op_new')))
          : null),
      h('p', { class: 'hint' }, t('op_intro'), drafts() ? null : ` ${t('op_read_only')}`),
      app.takeFlash(),
      state.error ? problemNotice(state.error, { id: 'opinions-problem' }) : null,
      state.form ? opinionForm({
        id: 'draft', draft: state.form, units: state.units || [], busy: state.busy, problem: state.formProblem,
        redraw: (id) => render(id), onSubmit: save, onCancel: () => { state.form = null; state.formProblem = null; render('opinion-new'); },
      }) : null,
      filters(),
      state.items === null ? h('p', { class: 'loading', role: 'status' }, t('loading')) : table(state.items));
    if (focusId) focusOn(focusId);
  }

  return {
    async start() {
      render();
      await load();
      if (from && drafts() && !disposed) await openForm(from);
    },
    render: () => render(),
    dispose() {
      disposed = true;
    },
  };
}
