// The record of an activity on its page: who was invited and who came (a select per deputy for staff, `PUT
// /api/v1/activities/{id}/attendance/{deputy}` on each change; words for the committee), and the minutes and
// findings (textareas for staff, saved together with `PATCH`; text for the committee). Text from people is
// shown as text.

import { h } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { problemNotice } from '/ui/shared/ui.js';
import { ATTENDANCE, attendanceName, fieldProblems } from './activity-format.js';
import { shortDateTime } from './format.js';

/** How an attendance came to be recorded, in words. */
function how(entry) {
  if (entry.source === 'check_in') return t('act_source_check_in', { time: shortDateTime(entry.checked_in_at) });
  return t(`act_source_${entry.source}`);
}

/**
 * The attendance table. `manages`: staff (selects) or not (words); `onMark(entry, value)` records a change;
 * `busy`: the deputy code being recorded.
 */
export function attendanceSection(a, { manages, busy, problem, done, onMark }) {
  const rows = a.attendance.map((entry) => {
    const name = pick(entry.name);
    const cell = manages && a.status !== 'cancelled'
      ? h('select', {
        id: `att-${entry.deputy}`, 'aria-label': t('act_att_label', { name }), 'data-deputy': entry.deputy, disabled: busy === entry.deputy,
        onchange: (e) => onMark(entry, e.target.value),
      }, ATTENDANCE.map((value) => h('option', { value, selected: value === entry.attendance }, attendanceName(value))))
      : h('span', { class: `att att-${entry.attendance}` }, attendanceName(entry.attendance));
    return h('tr', { 'data-deputy': entry.deputy, 'data-attendance': entry.attendance },
      h('th', { scope: 'row' }, `${name}（${entry.deputy}）`),
      h('td', {}, t(entry.invited ? 'act_invited_yes' : 'act_invited_no')),
      h('td', {}, cell),
      h('td', {}, how(entry)));
  });
  return h('section', { class: 'panel', id: 'attendance', 'aria-labelledby': 'attendance-title' },
    h('h2', { id: 'attendance-title' }, t('act_attendance')),
    done ? h('p', { class: 'notice notice-ok', id: 'attendance-done', role: 'status', tabindex: '-1' }, done) : null,
    problem ? problemNotice(problem, { id: 'attendance-problem', overrides: { invalid_transition: 'act_error_invalid_transition' } }) : null,
    rows.length
      ? h('table', { class: 'table', id: 'attendance-table' },
        h('caption', { class: 'visually-hidden' }, t('act_attendance_caption')),
        h('thead', {}, h('tr', {}, ['act_col_deputy', 'act_col_invited', 'act_col_attendance', 'act_col_how'].map((key) => h('th', { scope: 'col' }, t(key))))),
        h('tbody', {}, rows))
      : h('p', { class: 'hint', id: 'attendance-none' }, t('act_att_none')));
}

/**
 * The minutes and findings. `draft`: `{ minutes, findings }` as staff type them (kept across redraws);
 * `onSave()` sends both.
 */
export function recordSection(a, { manages, draft, busy, problem, done, onSave }) {
  if (!manages) {
    return h('section', { class: 'panel', id: 'record', 'aria-labelledby': 'record-title' },
      h('h2', { id: 'record-title' }, t('act_record')),
      h('h3', {}, t('act_minutes')),
      a.minutes ? h('p', { class: 'user-text', id: 'minutes-text' }, a.minutes) : h('p', { class: 'hint' }, t('act_no_minutes')),
      h('h3', {}, t('act_findings')),
      a.findings ? h('p', { class: 'user-text', id: 'findings-text' }, a.findings) : h('p', { class: 'hint' }, t('act_no_findings')));
  }
  const fields = fieldProblems(problem);
  const bad = new Set(fields.map((f) => f.field));
  const mark = (name) => (bad.has(name) ? { 'aria-invalid': 'true', 'aria-describedby': 'record-problem' } : {});
  let problemNode = null;
  if (fields.length) {
    problemNode = h('div', { class: 'notice notice-error', id: 'record-problem', role: 'alert', tabindex: '-1' },
      h('p', { class: 'notice-text' }, t('act_invalid_fields')), h('ul', {}, fields.map((f) => h('li', {}, f.text))));
  } else if (problem) {
    problemNode = problemNotice(problem, { id: 'record-problem' });
  }
  return h('form', { class: 'panel', id: 'record', 'aria-labelledby': 'record-title', novalidate: true, onsubmit: (e) => { e.preventDefault(); onSave(); } },
    h('h2', { id: 'record-title' }, t('act_record')),
    done ? h('p', { class: 'notice notice-ok', id: 'record-done', role: 'status', tabindex: '-1' }, done) : null,
    problemNode,
    h('label', { for: 'minutes' }, t('act_minutes')),
    h('textarea', { id: 'minutes', rows: '6', maxlength: '20000', ...mark('minutes'), oninput: (e) => { draft.minutes = e.target.value; } }, draft.minutes),
    h('label', { for: 'findings' }, t('act_findings')),
    h('p', { class: 'hint', id: 'findings-hint' }, t('act_findings_hint')),
    h('textarea', { id: 'findings', rows: '6', maxlength: '20000', 'aria-describedby': bad.has('findings') ? 'record-problem findings-hint' : 'findings-hint', 'aria-invalid': bad.has('findings') ? 'true' : null, oninput: (e) => { draft.findings = e.target.value; } }, draft.findings),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn primary', id: 'record-save', 'aria-busy': busy ? 'true' : null, disabled: busy }, t('act_save_record'))));
}
