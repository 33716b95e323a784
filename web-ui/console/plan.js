// The annual plan (年度计划, #/plan/{year}): the year's tasks by due date (`GET /api/v1/plan-tasks?year=`), each
// with its owner (the committee, a station, a deputy), where it stands in words and colour (done on time, done
// late, overdue, open, dropped) and the owner's latest note. The committee and administrators add and rewrite
// tasks (plan-form.js), mark any task's progress and drop one with the reason; station staff read the whole plan
// and mark their station's tasks done or planned again with a note (`POST /api/v1/plan-tasks/{id}/progress`).
// A step's form opens in a row under its task; Esc closes it and puts focus back on the button that opened it.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { yearPicker, thisYear } from './archive.js';
import { dayText, formProblem, badFields, doneNotice } from './duty-format.js';
import { newTask, checkTask, taskBody, taskFocus, taskForm } from './plan-form.js';

export const STANDINGS = ['overdue', 'open', 'done_late', 'done_on_time', 'dropped'];

/** Where a task stands, in words (the colour only repeats them). */
export function standingBadge(task) {
  return h('span', { class: `badge standing standing-${task.standing}`, 'data-standing': task.standing }, t(`plan_standing_${task.standing}`));
}

/** Who carries a task out: 人大工委, a station's name, or a deputy's name and code. */
export function ownerText(task) {
  if (task.owner_kind === 'committee') return t('plan_owner_committee');
  const name = task.owner_name ? pick(task.owner_name) : task.owner;
  return task.owner_kind === 'deputy' ? `${name}（${task.owner}）` : name;
}

/** `YYYY-MM-DD` as a day in words. */
export const dueText = (date) => dayText(`${date}T12:00:00+08:00`);

export function planView(app, { year: wanted = null }) {
  const year = wanted || thisYear();
  const state = {
    items: null, error: null, done: null,
    form: null, formProblem: null, busy: false, deputies: null,
    step: null, stepProblem: null,
  };
  let disposed = false;
  let turn = 0;
  const role = () => app.me?.role;
  /** The committee and administrators write the plan. */
  const writes = () => ['committee', 'admin'].includes(role());
  /** Who reports on a task: its station's staff (and head), and the committee; the server decides in the end. */
  const reports = (task) => writes() || (task.owner_kind === 'station' && ['staff', 'station_head'].includes(role()) && (app.me?.stations || []).includes(task.owner));

  async function load() {
    const mine = ++turn;
    try {
      const list = await app.session.call(`/api/v1/plan-tasks?year=${year}`);
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

  async function openForm(task = null) {
    state.step = null;
    state.done = null;
    state.form = newTask(year, task);
    state.formProblem = null;
    if (!state.deputies) {
      try {
        state.deputies = await Promise.all(app.stations.map(async (s) => ({
          station: s.code, items: (await app.session.call(`/api/v1/stations/${encodeURIComponent(s.code)}/deputies`)).items,
        })));
      } catch (err) {
        state.deputies = null;
        state.formProblem = err;
      }
    }
    if (!disposed) render(state.formProblem ? 'task-invalid' : 'task-title');
  }

  function closeForm() {
    const back = state.form?.id ? `task-edit-${state.form.id}` : 'task-new';
    state.form = null;
    state.formProblem = null;
    render(back);
  }

  async function saveTask() {
    const d = state.form;
    state.formProblem = checkTask(d);
    if (state.formProblem) {
      render(taskFocus(state.formProblem));
      return;
    }
    state.busy = true;
    render();
    try {
      const saved = await app.session.call(d.id ? `/api/v1/plan-tasks/${d.id}` : '/api/v1/plan-tasks', { method: d.id ? 'PUT' : 'POST', json: taskBody(d) });
      if (disposed) return;
      state.done = t(d.id ? 'plan_saved_edit' : 'plan_saved_new', { title: saved.title });
      state.form = null;
      state.busy = false;
      await load();
      if (!disposed) focusOn('plan-done');
    } catch (err) {
      state.busy = false;
      state.formProblem = err;
      render('task-invalid');
    }
  }

  /** Opens the step `status` (done, planned, dropped) for `task`, in a row under it. */
  function openStep(task, status) {
    state.form = null;
    state.done = null;
    state.step = { task, status, note: '', opener: `task-${stepName(status)}-${task.id}` };
    state.stepProblem = null;
    render('step-note');
  }

  function closeStep() {
    const back = state.step?.opener;
    state.step = null;
    state.stepProblem = null;
    render(back);
  }

  async function sendStep() {
    const s = state.step;
    const note = s.note.trim();
    if (s.status === 'dropped' && !note) {
      state.stepProblem = { field: 'note', text: t('plan_need_reason') };
      render('step-note');
      return;
    }
    state.busy = true;
    render();
    try {
      const saved = await app.session.call(`/api/v1/plan-tasks/${s.task.id}/progress`, { method: 'POST', json: { status: s.status, note } });
      if (disposed) return;
      state.done = t(`plan_step_done_${stepName(s.status)}`, { title: saved.title });
      state.step = null;
      state.busy = false;
      await load();
      if (!disposed) focusOn('plan-done');
    } catch (err) {
      state.busy = false;
      state.stepProblem = err;
      render('step-invalid');
    }
  }

  const stepName = (status) => ({ done: 'done', planned: 'reopen', dropped: 'drop' })[status];

  function stepRow(task) {
    const s = state.step;
    const bad = badFields(state.stepProblem, 'plan');
    const name = stepName(s.status);
    return h('tr', { class: 'step-row', 'data-step-for': task.id },
      h('td', { colspan: '6' },
        h('form', { class: 'panel step-form', id: 'step-form', novalidate: true, 'aria-labelledby': 'step-title', onsubmit: (e) => { e.preventDefault(); sendStep(); },
          onkeydown: (e) => { if (e.key === 'Escape') { e.preventDefault(); closeStep(); } } },
        h('h2', { id: 'step-title', class: 'step-title' }, t(`plan_step_${name}_title`, { title: task.title })),
        formProblem(state.stepProblem, 'step-invalid', 'plan'),
        h('div', { class: 'field' },
          h('label', { for: 'step-note' }, t(s.status === 'dropped' ? 'plan_reason' : 'plan_note')),
          h('textarea', {
            id: 'step-note', rows: '2', maxlength: '2000', required: s.status === 'dropped',
            ...(bad.has('note') ? { 'aria-invalid': 'true', 'aria-describedby': 'step-invalid' } : {}),
            oninput: (e) => { s.note = e.target.value; },
          }, s.note)),
        h('div', { class: 'actions' },
          h('button', { type: 'submit', class: `btn ${s.status === 'dropped' ? 'danger' : 'primary'}`, id: 'step-save', 'aria-busy': state.busy ? 'true' : null, disabled: state.busy }, t(`plan_step_${name}_save`)),
          h('button', { type: 'button', class: 'btn', id: 'step-cancel', onclick: closeStep }, t('cancel'))))));
  }

  function stepButtons(task) {
    const buttons = [];
    const button = (status, key) => h('button', {
      type: 'button', class: 'btn small', id: `task-${stepName(status)}-${task.id}`, 'aria-label': t(`${key}_label`, { title: task.title }),
      'aria-expanded': state.step?.task.id === task.id && state.step.status === status ? 'true' : 'false', onclick: () => openStep(task, status),
    }, t(key));
    if (reports(task) && task.status === 'planned') buttons.push(button('done', 'plan_mark_done'));
    if (reports(task) && task.status !== 'planned' && (task.status === 'done' || writes())) buttons.push(button('planned', 'plan_mark_reopen'));
    if (writes() && task.status !== 'dropped') buttons.push(button('dropped', 'plan_mark_drop'));
    if (writes()) {
      buttons.push(h('button', { type: 'button', class: 'btn small', id: `task-edit-${task.id}`, 'aria-label': t('plan_edit_label', { title: task.title }), onclick: () => openForm(task) }, t('plan_edit')));
    }
    return buttons;
  }

  function summary(items) {
    const counts = Object.fromEntries(STANDINGS.map((s) => [s, items.filter((task) => task.standing === s).length]));
    return h('p', { class: 'plan-summary', id: 'plan-summary' },
      t('plan_summary_total', { n: items.length }),
      STANDINGS.map((s) => [' · ', h('span', { 'data-count': s }, t(`plan_standing_${s}`), ' ', String(counts[s]))]));
  }

  function table(items) {
    if (!items.length) return h('p', { class: 'empty', id: 'plan-none' }, t('plan_none', { year }));
    const showSteps = items.some((task) => stepButtons(task).length);
    return h('table', { class: 'table plan-table', id: 'plan-table' },
      h('caption', {}, t('plan_caption', { year })),
      h('thead', {}, h('tr', {},
        ['plan_col_due', 'plan_col_task', 'plan_col_owner', 'plan_col_standing', 'plan_col_note'].map((key) => h('th', { scope: 'col' }, t(key))),
        showSteps ? h('th', { scope: 'col' }, t('col_actions')) : null)),
      h('tbody', {}, items.map((task) => [
        h('tr', { 'data-id': task.id, 'data-standing': task.standing, 'data-owner': task.owner || 'committee' },
          h('td', { class: 'nowrap' }, h('time', { datetime: task.due_on }, dueText(task.due_on))),
          h('th', { scope: 'row' }, h('span', { class: 'task-title user-text' }, task.title),
            task.detail ? h('p', { class: 'hint user-text task-detail' }, task.detail) : null),
          h('td', {}, h('span', { class: 'owner-kind' }, t(`plan_owner_${task.owner_kind}_short`)), ' ', task.owner_kind === 'committee' ? null : ownerText(task)),
          h('td', {}, standingBadge(task),
            task.done_at && task.status === 'done' ? h('p', { class: 'hint' }, t('plan_done_at', { when: formatDateTime(task.done_at) })) : null),
          h('td', { class: 'user-text task-note' }, task.note || '—'),
          showSteps ? h('td', { class: 'task-steps' }, h('div', { class: 'actions tight' }, stepButtons(task))) : null),
        state.step?.task.id === task.id ? stepRow(task) : null,
      ])));
  }

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(t('nav_plan'));
    app.main.dataset.state = state.items === null ? 'loading' : 'ready';
    fill(app.main,
      h('div', { class: 'view-head' },
        h('h1', { id: 'view-heading', tabindex: '-1' }, t('plan_heading', { year })),
        writes() && !state.form
          ? h('div', { class: 'actions tight' }, h('button', { type: 'button', class: 'btn primary', id: 'task-new', onclick: () => openForm() }, t('plan_new')))
          : null),
      h('p', { class: 'hint' }, t('plan_intro'), ' ', t(writes() ? 'plan_intro_committee' : 'plan_intro_station')),
      h('div', { class: 'inline-fields plan-tools' }, yearPicker('plan-year', year, (y) => app.go(`#/plan/${y}`), { last: thisYear() + 1 })),
      app.takeFlash(),
      doneNotice('plan-done', state.done),
      state.error ? problemNotice(state.error, { id: 'plan-problem', overrides: { invalid_query: 'plan_bad_year' } }) : null,
      state.form ? taskForm({
        d: state.form, stations: app.stations, deputies: state.deputies || [], busy: state.busy, problem: state.formProblem,
        redraw: (id) => render(id), onSubmit: saveTask, onCancel: closeForm,
      }) : null,
      state.items === null ? h('p', { class: 'loading', role: 'status' }, t('loading')) : [state.items.length ? summary(state.items) : null, table(state.items)]);
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
