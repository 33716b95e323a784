// Deputies' activities (履职活动) at the station: what is coming up or under way, and what took place in the past
// month (`GET /api/v1/stations/{code}/activities`, the server's default range), each with its kind, status and
// attendance counted; for staff, the form that plans one (`POST`, activity-form.js). The committee reads only.
// Each activity opens its page (activity-page.js).

import { h, fill } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { kindName, statusName, whenText, underWay, counts } from './activity-format.js';
import { newDraft, checkDraft, planBody, planForm, problemFocus } from './activity-form.js';

export function activitiesView(app) {
  const state = { items: null, deputies: null, error: null, form: null, formProblem: null, busy: false };
  let disposed = false;
  let turn = 0;
  // Staff (and administrators) of the station plan; the committee reads.
  const plans = () => app.handles;

  async function load() {
    const mine = ++turn;
    if (!app.station) {
      state.items = [];
      render();
      return;
    }
    try {
      const list = await app.session.call(`/api/v1/stations/${encodeURIComponent(app.station)}/activities`);
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
    state.form = newDraft();
    state.formProblem = null;
    if (!state.deputies) {
      try {
        state.deputies = (await app.session.call(`/api/v1/stations/${encodeURIComponent(app.station)}/deputies`)).items;
      } catch (err) {
        state.deputies = [];
        state.formProblem = err;
      }
    }
    render('plan-kind');
  }

  async function save() {
    const d = state.form;
    state.formProblem = checkDraft(d);
    if (state.formProblem) {
      render(problemFocus('plan', state.formProblem));
      return;
    }
    state.busy = true;
    render();
    try {
      const created = await app.session.call(`/api/v1/stations/${encodeURIComponent(app.station)}/activities`, {
        method: 'POST', json: { ...planBody(d), invited: d.invited },
      });
      app.flash = { kind: 'ok', text: t('act_planned_done', { title: created.title }) };
      state.busy = false;
      app.go(`#/activities/${created.id}`);
    } catch (err) {
      state.busy = false;
      state.formProblem = err;
      render('plan-invalid');
    }
  }

  function table(items, id, caption) {
    return h('table', { class: 'table activities', id },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, ['act_col_title', 'act_col_when', 'act_col_kind', 'act_col_place', 'act_col_status', 'act_col_attendance']
        .map((key) => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, items.map((a) => {
        const n = counts(a);
        return h('tr', { 'data-id': a.id, 'data-status': a.status },
          h('th', { scope: 'row' }, h('a', { href: `#/activities/${a.id}`, class: 'activity-link user-text' }, a.title)),
          h('td', {}, h('time', { datetime: a.starts_at }, whenText(a)), underWay(a) ? h('span', { class: 'tag tag-now' }, t('act_under_way')) : null),
          h('td', { class: 'nowrap' }, kindName(a.kind), a.unannounced ? h('span', { class: 'tag' }, t('act_unannounced_tag')) : null),
          h('td', { class: 'user-text' }, a.place || '—'),
          h('td', { class: 'nowrap' }, h('span', { class: `act-status act-status-${a.status}` }, statusName(a.status))),
          h('td', { class: 'act-counts' }, t('act_counts', n)));
      })));
  }

  function lists() {
    const now = Date.now();
    const upcoming = state.items.filter((a) => new Date(a.ends_at).getTime() >= now);
    const recent = state.items.filter((a) => new Date(a.ends_at).getTime() < now).reverse();
    return [
      h('h2', {}, t('act_upcoming')),
      upcoming.length ? table(upcoming, 'activities-upcoming', t('act_upcoming')) : h('p', { class: 'empty', id: 'activities-none-upcoming' }, t('act_none_upcoming')),
      h('h2', {}, t('act_recent')),
      recent.length ? table(recent, 'activities-recent', t('act_recent')) : h('p', { class: 'empty', id: 'activities-none-recent' }, t('act_none_recent')),
    ];
  }

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(t('nav_activities'));
    app.main.dataset.state = state.items === null ? 'loading' : 'ready';
    fill(app.main,
      h('div', { class: 'view-head' },
        h('h1', { id: 'view-heading', tabindex: '-1' }, t('act_title')),
        plans() && app.station && !state.form
          ? h('div', { class: 'actions tight' }, h('button', { type: 'button', class: 'btn primary', id: 'activity-new', onclick: openForm }, t('act_new')))
          : null),
      h('p', { class: 'hint' }, t('act_intro'), plans() ? null : ` ${t('act_read_only')}`),
      app.takeFlash(),
      state.error ? problemNotice(state.error, { id: 'activities-problem' }) : null,
      state.form ? planForm({
        id: 'plan', draft: state.form, deputies: state.deputies || [], busy: state.busy, problem: state.formProblem,
        redraw: (id) => render(id), onSubmit: save, onCancel: () => { state.form = null; render('activity-new'); },
      }) : null,
      state.items === null ? h('p', { class: 'loading', role: 'status' }, t('loading')) : lists());
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
