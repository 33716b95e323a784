// 我的年度任务 (#/tasks): the annual plan's tasks the committee gave the signed-in deputy
// (`GET /api/v1/plan-tasks?year=&owner_kind=deputy&owner={their code}`, the code from `GET /api/v1/me`), by due
// date, each with where it stands in words (done on time or late, overdue, open, dropped) and the latest note; an
// open one is marked done with an optional note (`POST /api/v1/plan-tasks/{id}/progress`), and one done by
// mistake is put back. A year picker shows this year's and next year's plan.

import { h, fill } from '/ui/shared/dom.js';
import { t, getLang, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice, notice } from '/ui/shared/ui.js';
import { dutyNav } from './duty-nav.js';
import { thisYear, yearForm } from './points.js';

/** A `YYYY-MM-DD` date in words: 2026年6月30日 / 30 June 2026. */
function dayText(date) {
  return new Date(`${date}T12:00:00+08:00`).toLocaleDateString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' });
}

export function tasksView(app, { year = null } = {}) {
  const current = thisYear();
  const wanted = year ?? current;
  const state = { items: null, error: null, open: null, note: '', busy: false, problem: null, done: null };
  let disposed = false;

  async function load() {
    try {
      const query = new URLSearchParams({ year: String(wanted), owner_kind: 'deputy', owner: app.me.deputy });
      state.items = (await app.session.call(`/api/v1/plan-tasks?${query}`)).items;
      state.error = null;
    } catch (err) {
      state.error = err;
    }
    render();
  }

  function openStep(task) {
    state.open = task.id;
    state.note = '';
    state.problem = null;
    state.done = null;
    render('task-note');
  }

  function closeStep() {
    const id = state.open;
    state.open = null;
    state.problem = null;
    render(id ? `task-done-${id}` : null);
  }

  async function send(task, status) {
    state.busy = true;
    state.problem = null;
    render();
    try {
      const note = status === 'done' ? state.note.trim() : task.note;
      const saved = await app.session.call(`/api/v1/plan-tasks/${task.id}/progress`, { method: 'POST', json: { status, note } });
      if (disposed) return;
      state.items = state.items.map((x) => (x.id === saved.id ? saved : x));
      state.open = null;
      state.done = t(status === 'done' ? 'tasks_marked_done' : 'tasks_reopened', { title: saved.title });
      state.busy = false;
      render('tasks-done');
    } catch (err) {
      state.busy = false;
      state.problem = err;
      render('task-problem');
    }
  }

  function stepForm(task) {
    return h('form', { class: 'sheet task-step', id: 'task-step', novalidate: true, 'aria-labelledby': 'task-step-title',
      onsubmit: (e) => { e.preventDefault(); send(task, 'done'); },
      onkeydown: (e) => { if (e.key === 'Escape') { e.preventDefault(); closeStep(); } } },
    h('h2', { id: 'task-step-title' }, t('tasks_step_title')),
    state.problem ? problemNotice(state.problem, { id: 'task-problem' }) : null,
    h('label', { for: 'task-note' }, t('tasks_note')),
    h('textarea', { id: 'task-note', rows: '3', maxlength: '2000', oninput: (e) => { state.note = e.target.value; } }, state.note),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn primary wide', id: 'task-save', disabled: state.busy, 'aria-busy': state.busy ? 'true' : null }, t('tasks_save')),
      h('button', { type: 'button', class: 'btn wide', id: 'task-cancel', onclick: closeStep }, t('tasks_cancel'))));
  }

  function card(task) {
    return h('li', { class: 'duty task', 'data-id': task.id, 'data-standing': task.standing },
      h('p', { class: 'duty-top' },
        h('span', { class: 'card-category' }, t('tasks_due', { when: dayText(task.due_on) })),
        h('span', { class: `duty-att standing-${task.standing}`, 'data-standing': task.standing }, t(`tasks_standing_${task.standing}`))),
      h('p', { class: 'duty-title user-text' }, task.title),
      task.detail ? h('p', { class: 'user-text task-detail' }, task.detail) : null,
      task.note ? h('p', { class: 'duty-meta user-text task-note-text' }, t(task.status === 'dropped' ? 'tasks_dropped_why' : 'tasks_note_was', { note: task.note })) : null,
      task.done_at && task.status === 'done' ? h('p', { class: 'duty-meta' }, t('tasks_done_at', { when: formatDateTime(task.done_at) })) : null,
      state.open === task.id ? stepForm(task) : null,
      task.status === 'planned' && state.open !== task.id
        ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary wide', id: `task-done-${task.id}`, 'aria-expanded': 'false', onclick: () => openStep(task) }, t('tasks_mark_done')))
        : null,
      task.status === 'done'
        ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn wide', id: `task-reopen-${task.id}`, disabled: state.busy, onclick: () => send(task, 'planned') }, t('tasks_reopen')))
        : null);
  }

  function yearPicker() {
    const years = [current + 1, current, current - 1];
    if (!years.includes(wanted) && wanted >= 2000 && wanted <= current + 1) years.push(wanted);
    return yearForm('tasks', years, wanted, (y) => app.go(`#/tasks/${y}`));
  }

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(t('tasks_title'));
    fill(app.main,
      dutyNav('tasks'),
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('tasks_title')),
      h('p', { class: 'hint' }, t('tasks_intro', { year: wanted })),
      yearPicker(),
      app.takeFlash(),
      state.done ? notice('ok', state.done, { id: 'tasks-done' }) : null,
      state.error ? problemNotice(state.error, { id: 'tasks-problem' }) : null,
      state.items === null && !state.error ? h('p', { class: 'loading', role: 'status' }, t('loading')) : null,
      state.items ? (state.items.length
        ? h('ul', { class: 'duties', id: 'tasks-list' }, state.items.map(card))
        : h('p', { class: 'empty', id: 'tasks-none' }, t('tasks_none', { year: wanted }))) : null);
    app.main.dataset.state = state.error ? 'problem' : state.items ? 'ready' : 'loading';
    if (focusId) app.focusOn(focusId);
  }

  return {
    start() {
      render();
      return load();
    },
    render: () => render(),
    dispose() {
      disposed = true;
    },
  };
}
