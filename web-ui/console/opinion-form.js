// The form a review opinion (审议意见) is drafted with, and a draft rewritten with (`PATCH` takes all of it): the
// department (a handling unit), title, body, the reply deadline (a China-time date within six months) and the
// problems listed one per row, rows added and removed with buttons (1 to 50). Drafted from an activity, it names
// the activity and starts from its findings. It checks what it can before sending and marks the fields the
// server's problems name.

import { h } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { dateFromNow, endOfDay, formProblem, badFields, toLocalInput } from './duty-format.js';

export const MAX_ITEMS = 50;
/** The latest reply deadline the server takes is six months on; the form offers up to 182 days. */
const LATEST_DAYS = 182;

/** A new draft (due in two months), one holding opinion `o`, or one from activity `a` and its findings. */
export function newOpinion({ o = null, a = null } = {}) {
  if (o) {
    return { activity_id: o.activity_id, activityTitle: null, unit: o.unit, title: o.title, body: o.body, due: toLocalInput(o.due_at).slice(0, 10), items: o.items.map((i) => i.text) };
  }
  return {
    activity_id: a?.id || null, activityTitle: a?.title || null, station: a?.station || null, unit: '',
    title: a ? t('op_title_from', { title: a.title }) : '', body: a?.findings || '', due: dateFromNow(60), items: [''],
  };
}

/** What is wrong with a draft before it is sent: `{ field, index?, text }`, or `null`. */
export function checkOpinion(d) {
  if (!d.unit) return { field: 'unit', text: t('op_need_unit') };
  if (!d.title.trim()) return { field: 'title', text: t('op_need_title') };
  if (!endOfDay(d.due)) return { field: 'due_at', text: t('op_need_due') };
  if (d.due < dateFromNow(0)) return { field: 'due_at', text: t('op_due_past') };
  if (d.due > dateFromNow(LATEST_DAYS)) return { field: 'due_at', text: t('op_due_far') };
  const empty = d.items.findIndex((text) => !text.trim());
  if (empty >= 0) return { field: 'items', index: empty, text: t('op_item_empty', { n: empty + 1 }) };
  return null;
}

/** The draft as the API takes it. */
export function opinionBody(d) {
  return { activity_id: d.activity_id || null, unit: d.unit, title: d.title.trim(), body: d.body.trim(), due_at: endOfDay(d.due), items: d.items.map((x) => x.trim()) };
}

/** The element to focus for a problem: the field it names, else the problem itself. */
export function opinionFocus(id, problem) {
  if (problem && 'field' in problem && !(problem instanceof Error)) {
    if (problem.field === 'items') return `${id}-item-${problem.index ?? 0}`;
    return { unit: `${id}-unit`, title: `${id}-title-input`, due_at: `${id}-due` }[problem.field] || `${id}-invalid`;
  }
  return `${id}-invalid`;
}

/**
 * The form. `units`: the handling units to choose from; `problem`: a problem found here or the server's error;
 * `redraw(focusId)` draws the page again (rows come and go); `onSubmit()` and `onCancel()` are the page's.
 */
export function opinionForm({ id, draft: d, units, editing = false, busy = false, problem = null, redraw, onSubmit, onCancel }) {
  const bad = badFields(problem, 'op');
  const errorId = `${id}-invalid`;
  const mark = (field) => (bad.has(field) ? { 'aria-invalid': 'true', 'aria-describedby': errorId } : {});
  const bind = (name) => ({ value: d[name], oninput: (e) => { d[name] = e.target.value; } });
  const field = (label, control, hint = null) => h('div', { class: 'field' }, h('label', { for: control.id }, label), hint, control);

  function addRow() {
    d.items.push('');
    redraw(`${id}-item-${d.items.length - 1}`);
  }
  function removeRow(index) {
    d.items.splice(index, 1);
    redraw(d.items.length ? `${id}-item-${Math.min(index, d.items.length - 1)}` : `${id}-add-item`);
  }
  const rows = d.items.map((text, index) => h('li', { class: 'item-row', 'data-index': String(index) },
    h('label', { for: `${id}-item-${index}`, class: 'item-label' }, t('duty_item_n', { n: index + 1 })),
    h('input', {
      type: 'text', id: `${id}-item-${index}`, value: text, maxlength: '500', ...mark(`items:${index}`), ...(bad.has('items') ? mark('items') : {}),
      oninput: (e) => { d.items[index] = e.target.value; },
    }),
    h('button', {
      type: 'button', class: 'btn small', id: `${id}-remove-${index}`, disabled: d.items.length <= 1,
      'aria-label': t('op_item_remove_label', { n: index + 1 }), onclick: () => removeRow(index),
    }, t('op_item_remove'))));

  const unitKnown = !d.unit || units.some((u) => u.code === d.unit);
  return h('form', { class: 'panel duty-form', id, novalidate: true, 'aria-labelledby': `${id}-title`, onsubmit: (e) => { e.preventDefault(); onSubmit(); } },
    h('h2', { id: `${id}-title` }, t(editing ? 'op_form_edit' : 'op_form_new')),
    formProblem(problem, errorId, 'op', { invalid_transition: 'op_error_sent_already' }),
    d.activity_id ? h('p', { class: 'hint', id: `${id}-from` }, t('op_from_activity'), ' ',
      h('a', { href: `#/activities/${d.activity_id}`, class: 'target-link user-text' }, d.activityTitle || t('op_the_activity'))) : null,
    field(t('op_unit'), h('select', { id: `${id}-unit`, required: true, ...mark('unit'), onchange: (e) => { d.unit = e.target.value; } },
      h('option', { value: '', selected: !d.unit }, t('choose')),
      unitKnown ? null : h('option', { value: d.unit, selected: true }, d.unit),
      units.map((u) => h('option', { value: u.code, selected: u.code === d.unit }, `${pick(u.name)}（${u.code}）`)))),
    field(t('op_title'), h('input', { type: 'text', id: `${id}-title-input`, maxlength: '500', required: true, ...mark('title'), ...bind('title') })),
    field(t('op_body'), h('textarea', { id: `${id}-body`, rows: '8', maxlength: '20000', 'aria-describedby': `${id}-body-hint`, ...mark('body'), oninput: (e) => { d.body = e.target.value; } }, d.body),
      h('p', { class: 'hint', id: `${id}-body-hint` }, t('op_body_hint'))),
    field(t('op_due'), h('input', { type: 'date', id: `${id}-due`, required: true, min: dateFromNow(0), max: dateFromNow(LATEST_DAYS), ...mark('due_at'), ...bind('due') }),
      h('p', { class: 'hint' }, t('op_due_hint'))),
    h('fieldset', { class: 'choices item-rows', id: `${id}-items` },
      h('legend', {}, t('op_items')),
      h('p', { class: 'hint' }, t('op_items_hint')),
      h('ol', { class: 'item-list' }, rows),
      h('button', { type: 'button', class: 'btn small', id: `${id}-add-item`, disabled: d.items.length >= MAX_ITEMS, onclick: addRow }, t('op_item_add'))),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn primary', id: `${id}-save`, 'aria-busy': busy ? 'true' : null, disabled: busy }, t(editing ? 'op_save_edit' : 'op_save_new')),
      h('button', { type: 'button', class: 'btn', id: `${id}-cancel`, onclick: onCancel }, t('cancel'))));
}
