// The form a task of the annual plan (年度计划) is added and rewritten with, by the committee and administrators
// (`POST /api/v1/plan-tasks`, `PUT /api/v1/plan-tasks/{id}`): the title, the detail, the due date (a day of the
// plan's year) and who carries it out: the committee itself, a station (from the stations list) or a deputy (from
// each station's deputies, grouped by station). It checks what it can before sending and shows the server's field
// problems beside the fields they name.

import { h } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { formProblem, badFields } from './duty-format.js';

export const OWNER_KINDS = ['committee', 'station', 'deputy'];
const FOCUS = { title: 'task-title', detail: 'task-detail', due_on: 'task-due', owner_kind: 'task-owner-committee', owner: 'task-owner-pick' };

/** A new task for `year` (due at the end of the year), or the words of `task` to rewrite. */
export function newTask(year, task = null) {
  if (task) {
    return {
      id: task.id, year: task.year, title: task.title, detail: task.detail, due: task.due_on, kind: task.owner_kind,
      station: task.owner_kind === 'station' ? task.owner : '', deputy: task.owner_kind === 'deputy' ? task.owner : '',
    };
  }
  return { id: null, year, title: '', detail: '', due: `${year}-12-31`, kind: 'station', station: '', deputy: '' };
}

/** What is wrong with a task before it is sent: `{ field, text }`, or `null`. */
export function checkTask(d) {
  if (!d.title.trim()) return { field: 'title', text: t('plan_need_title') };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.due || '') || !d.due.startsWith(`${d.year}-`)) return { field: 'due_on', text: t('plan_need_due', { year: d.year }) };
  if (d.kind === 'station' && !d.station) return { field: 'owner', text: t('plan_need_station') };
  if (d.kind === 'deputy' && !d.deputy) return { field: 'owner', text: t('plan_need_deputy') };
  return null;
}

/** The task as the API takes it. */
export function taskBody(d) {
  const owner = d.kind === 'station' ? d.station : d.kind === 'deputy' ? d.deputy : null;
  return { year: d.year, title: d.title.trim(), detail: d.detail.trim(), due_on: d.due, owner_kind: d.kind, ...(owner ? { owner } : {}) };
}

/** The element to focus for a problem: the field it names, else the problem itself. */
export const taskFocus = (problem) => (problem && 'field' in problem && !(problem instanceof Error) && FOCUS[problem.field]) || 'task-invalid';

/**
 * The form. `stations`: `[{ code, name }]`; `deputies`: `[{ station, items }]` (a station's deputies);
 * `redraw(focusId)` draws the page again (the owner's list follows the kind).
 */
export function taskForm({ d, stations, deputies, busy, problem, redraw, onSubmit, onCancel }) {
  const bad = badFields(problem, 'plan');
  const mark = (field) => (bad.has(field) ? { 'aria-invalid': 'true', 'aria-describedby': 'task-invalid' } : {});
  const bind = (name) => ({ value: d[name], oninput: (e) => { d[name] = e.target.value; } });
  const field = (label, control, hint = null) => h('div', { class: 'field' }, h('label', { for: control.id }, label),
    hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null, control);
  const kindRadio = (kind) => h('label', { class: 'choice', for: `task-owner-${kind}` },
    h('input', { type: 'radio', name: 'task-owner', id: `task-owner-${kind}`, value: kind, checked: d.kind === kind, ...mark('owner_kind'),
      onchange: () => { d.kind = kind; redraw(`task-owner-${kind}`); } }),
    t(`plan_owner_${kind}`));
  let pickOwner = null;
  if (d.kind === 'station') {
    pickOwner = field(t('plan_owner_station_pick'), h('select', { id: 'task-owner-pick', required: true, ...mark('owner'), onchange: (e) => { d.station = e.target.value; } },
      h('option', { value: '', selected: !d.station }, t('choose')),
      stations.map((s) => h('option', { value: s.code, selected: s.code === d.station }, `${pick(s.name)}（${s.code}）`))));
  } else if (d.kind === 'deputy') {
    pickOwner = field(t('plan_owner_deputy_pick'), h('select', { id: 'task-owner-pick', required: true, ...mark('owner'), onchange: (e) => { d.deputy = e.target.value; } },
      h('option', { value: '', selected: !d.deputy }, t('choose')),
      deputies.map((group) => h('optgroup', { label: pick(stations.find((s) => s.code === group.station)?.name) || group.station },
        group.items.map((dep) => h('option', { value: dep.code, selected: dep.code === d.deputy }, `${pick(dep.name)}（${dep.code}）`))))));
  }
  return h('form', { class: 'panel duty-form task-form', id: 'task-form', novalidate: true, 'aria-labelledby': 'task-form-title', onsubmit: (e) => { e.preventDefault(); onSubmit(); },
    onkeydown: (e) => { if (e.key === 'Escape') { e.preventDefault(); onCancel(); } } },
    h('h2', { id: 'task-form-title' }, t(d.id ? 'plan_form_edit' : 'plan_form_new', { year: d.year })),
    formProblem(problem, 'task-invalid', 'plan'),
    field(t('plan_title'), h('input', { type: 'text', id: 'task-title', maxlength: '200', required: true, ...mark('title'), ...bind('title') })),
    field(t('plan_detail'), h('textarea', { id: 'task-detail', rows: '3', maxlength: '2000', ...mark('detail'), oninput: (e) => { d.detail = e.target.value; } }, d.detail)),
    field(t('plan_due'), h('input', {
      type: 'date', id: 'task-due', required: true, min: `${d.year}-01-01`, max: `${d.year}-12-31`, 'aria-describedby': 'task-due-hint', ...mark('due_on'), ...bind('due'),
    }), t('plan_due_hint', { year: d.year })),
    h('fieldset', { class: 'choices' }, h('legend', {}, t('plan_owner')), OWNER_KINDS.map(kindRadio)),
    pickOwner,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn primary', id: 'task-save', 'aria-busy': busy ? 'true' : null, disabled: busy }, t(d.id ? 'plan_save_edit' : 'plan_save_new')),
      h('button', { type: 'button', class: 'btn', id: 'task-cancel', onclick: onCancel }, t('cancel'))));
}
