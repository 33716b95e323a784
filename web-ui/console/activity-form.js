// The form an activity is planned with, and its plan changed with (the list's 安排活动, the page's 修改安排): the
// kind, 暗访 only for an inspection, title, topic, place, start and end as China time, and the deputies invited
// (the station's, as checkboxes). It checks what it can before sending, and shows the server's field problems
// beside the fields they name.

import { h } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { problemNotice } from '/ui/shared/ui.js';
import { KINDS, kindName, toLocalInput, fromLocalInput, fieldProblems } from './activity-format.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** A draft for a new activity (tomorrow 09:00–11:00 China time), or one holding activity `a`'s plan. */
export function newDraft(a = null) {
  if (a) {
    return {
      kind: a.kind, unannounced: a.unannounced, title: a.title, topic: a.topic, place: a.place,
      starts: toLocalInput(a.starts_at), ends: toLocalInput(a.ends_at),
      invited: a.attendance.filter((x) => x.invited).map((x) => x.deputy),
    };
  }
  const tomorrow = toLocalInput(new Date(Date.now() + 24 * 3600 * 1000).toISOString()).slice(0, 10);
  return { kind: 'meeting', unannounced: false, title: '', topic: '', place: '', starts: `${tomorrow}T09:00`, ends: `${tomorrow}T11:00`, invited: [] };
}

/** What is wrong with a draft before it is sent: `{ field, text }`, or `null`. */
export function checkDraft(d) {
  if (!d.title.trim()) return { field: 'title', text: t('act_need_title') };
  const starts = fromLocalInput(d.starts);
  const ends = fromLocalInput(d.ends);
  if (!starts) return { field: 'starts_at', text: t('act_need_times') };
  if (!ends) return { field: 'ends_at', text: t('act_need_times') };
  if (ends <= starts) return { field: 'ends_at', text: t('act_end_after_start') };
  if (new Date(ends) - new Date(starts) > WEEK_MS) return { field: 'ends_at', text: t('act_within_week') };
  return null;
}

/** The plan as the API takes it (`invited` is sent beside it). */
export function planBody(d) {
  return {
    kind: d.kind, unannounced: d.kind === 'inspection' && d.unannounced, title: d.title.trim(), topic: d.topic.trim(),
    place: d.place.trim(), starts_at: fromLocalInput(d.starts), ends_at: fromLocalInput(d.ends),
  };
}

/**
 * The form. `problem`: a `{ field, text }` found here or the server's error; `redraw(focusId)` draws the page
 * again (the 暗访 box comes and goes with the kind); `onSubmit()` and `onCancel()` are the page's.
 */
export function planForm({ id, draft: d, deputies, editing = false, busy = false, problem = null, redraw, onSubmit, onCancel }) {
  const fromServer = problem && !('field' in problem) ? fieldProblems(problem) : [];
  const bad = new Set(problem && 'field' in problem ? [problem.field] : fromServer.map((p) => p.field));
  const errorId = `${id}-invalid`;
  const mark = (field) => (bad.has(field) ? { 'aria-invalid': 'true', 'aria-describedby': errorId } : {});
  const bind = (name) => ({ value: d[name], oninput: (e) => { d[name] = e.target.value; } });
  const field = (label, control) => h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
  let problemNode = null;
  if (problem && 'field' in problem) {
    problemNode = h('p', { class: 'field-error', id: errorId, role: 'alert', tabindex: '-1' }, problem.text);
  } else if (fromServer.length) {
    problemNode = h('div', { class: 'notice notice-error', id: errorId, role: 'alert', tabindex: '-1' },
      h('p', { class: 'notice-text' }, t('act_invalid_fields')), h('ul', {}, fromServer.map((p) => h('li', {}, p.text))));
  } else if (problem) {
    problemNode = problemNotice(problem, { id: errorId });
  }
  return h('form', { class: 'panel activity-form', id, novalidate: true, 'aria-labelledby': `${id}-title`, onsubmit: (e) => { e.preventDefault(); onSubmit(); } },
    h('h2', { id: `${id}-title` }, t(editing ? 'act_form_edit' : 'act_form_new')),
    problemNode,
    h('div', { class: 'inline-fields kind-row' },
      field(t('act_kind'), h('select', { id: `${id}-kind`, onchange: (e) => { d.kind = e.target.value; redraw(`${id}-kind`); } },
        KINDS.map((k) => h('option', { value: k, selected: k === d.kind }, kindName(k))))),
      d.kind === 'inspection'
        ? h('label', { class: 'choice', for: `${id}-unannounced` },
          h('input', { type: 'checkbox', id: `${id}-unannounced`, checked: d.unannounced, ...mark('unannounced'), onchange: (e) => { d.unannounced = e.target.checked; } }),
          t('act_unannounced'))
        : null),
    field(t('act_name'), h('input', { type: 'text', id: `${id}-title-input`, maxlength: '200', required: true, ...mark('title'), ...bind('title') })),
    h('div', { class: 'inline-fields' },
      field(t('act_topic'), h('input', { type: 'text', id: `${id}-topic`, maxlength: '200', ...mark('topic'), ...bind('topic') })),
      field(t('act_place'), h('input', { type: 'text', id: `${id}-place`, maxlength: '200', ...mark('place'), ...bind('place') }))),
    h('div', { class: 'inline-fields' },
      field(t('act_starts'), h('input', { type: 'datetime-local', id: `${id}-starts`, required: true, ...mark('starts_at'), ...bind('starts') })),
      field(t('act_ends'), h('input', { type: 'datetime-local', id: `${id}-ends`, required: true, ...mark('ends_at'), ...bind('ends') }))),
    h('fieldset', { class: 'choices', id: `${id}-invited` }, h('legend', {}, t('act_invited')),
      deputies.length ? deputies.map((dep) => h('label', { class: 'choice', for: `${id}-deputy-${dep.code}` },
        h('input', { type: 'checkbox', id: `${id}-deputy-${dep.code}`, value: dep.code, checked: d.invited.includes(dep.code), ...mark('invited'),
          onchange: (e) => { d.invited = e.target.checked ? [...d.invited, dep.code] : d.invited.filter((c) => c !== dep.code); } }),
        `${pick(dep.name)}（${dep.code}）`)) : h('p', { class: 'hint' }, t('act_invited_none'))),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn primary', id: `${id}-save`, 'aria-busy': busy ? 'true' : null, disabled: busy }, t(editing ? 'act_save_edit' : 'act_save_new')),
      h('button', { type: 'button', class: 'btn', id: `${id}-cancel`, onclick: onCancel }, t('cancel'))));
}

/** The element to focus for a problem: the field it names, else the problem itself. */
export function problemFocus(id, problem) {
  const field = problem && 'field' in problem ? problem.field : null;
  const ids = { title: `${id}-title-input`, starts_at: `${id}-starts`, ends_at: `${id}-ends`, unannounced: `${id}-unannounced` };
  return (field && ids[field]) || `${id}-invalid`;
}
