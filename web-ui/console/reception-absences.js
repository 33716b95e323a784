// Who kept a reception slot that has begun (reception.js): the deputies on duty and who of them was absent
// (`GET /api/v1/reception-days/{id}/absences`). The station's staff and administrators mark a deputy absent with a
// reason (`PUT …/absences/{deputy}`; the points archive then leaves the turn out) or take it back (`DELETE`); the
// committee reads the same panel without the buttons. Before a slot begins nobody can be absent, so the panel is
// offered only once it has.

import { h } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice } from '/ui/shared/ui.js';
import { doneNotice } from './duty-format.js';

/** Whether the slot has begun (absences can be marked from then on). */
export const begun = (slot, now = Date.now()) => new Date(slot.starts_at).getTime() <= now;

/**
 * The panel's state and elements. `rerender(focusId)` draws the view again; `writes()` says whether the signed-in
 * person may mark absences (staff, administrators).
 */
export function createAbsences(app, { rerender, writes, isDisposed }) {
  const state = { slot: null, turns: null, error: null, problem: null, done: null, busy: null, reasons: {} };

  async function open(slot) {
    state.slot = slot;
    state.turns = null;
    state.error = null;
    state.problem = null;
    state.done = null;
    state.reasons = {};
    rerender('turns-title');
    try {
      const answer = await app.session.call(`/api/v1/reception-days/${slot.id}/absences`);
      if (isDisposed() || state.slot !== slot) return;
      state.turns = answer.turns;
    } catch (err) {
      if (isDisposed() || state.slot !== slot) return;
      state.error = err;
    }
    rerender('turns-title');
  }

  function close() {
    const id = state.slot?.id;
    state.slot = null;
    rerender(id ? `turns-${id}` : null);
  }

  async function change(turn, absent) {
    const slot = state.slot;
    state.busy = turn.deputy;
    state.problem = null;
    state.done = null;
    rerender();
    try {
      const path = `/api/v1/reception-days/${slot.id}/absences/${encodeURIComponent(turn.deputy)}`;
      const answer = absent
        ? await app.session.call(path, { method: 'PUT', json: { reason: (state.reasons[turn.deputy] || '').trim() } })
        : await app.session.call(path, { method: 'DELETE' });
      if (isDisposed() || state.slot !== slot) return;
      state.turns = answer.turns;
      state.done = t(absent ? 'abs_marked' : 'abs_taken_back', { name: pick(turn.name) });
      delete state.reasons[turn.deputy];
    } catch (err) {
      state.problem = err;
    }
    state.busy = null;
    rerender(state.problem ? 'turns-problem' : 'turns-done');
  }

  function row(turn) {
    const name = pick(turn.name);
    const reasonId = `absence-reason-${turn.deputy}`;
    const busy = state.busy === turn.deputy;
    let step = null;
    if (writes() && turn.absent) {
      step = h('button', { type: 'button', class: 'btn small', id: `absence-undo-${turn.deputy}`, disabled: Boolean(state.busy), 'aria-busy': busy ? 'true' : null,
        'aria-label': t('abs_undo_label', { name }), onclick: () => change(turn, false) }, t('abs_undo'));
    } else if (writes()) {
      step = h('div', { class: 'absence-mark' },
        h('label', { for: reasonId }, t('abs_reason_for', { name })),
        h('input', { type: 'text', id: reasonId, maxlength: '500', value: state.reasons[turn.deputy] || '', oninput: (e) => { state.reasons[turn.deputy] = e.target.value; } }),
        h('button', { type: 'button', class: 'btn small', id: `absence-mark-${turn.deputy}`, disabled: Boolean(state.busy), 'aria-busy': busy ? 'true' : null,
          'aria-label': t('abs_mark_label', { name }), onclick: () => change(turn, true) }, t('abs_mark')));
    }
    return h('tr', { 'data-deputy': turn.deputy, 'data-absent': String(turn.absent) },
      h('th', { scope: 'row' }, `${name}（${turn.deputy}）`),
      h('td', {}, h('span', { class: `badge ${turn.absent ? 'badge-overdue' : 'badge-ontime'}` }, t(turn.absent ? 'abs_absent' : 'abs_kept')),
        turn.absent && turn.reason ? h('p', { class: 'user-text absence-reason' }, t('abs_reason_was', { reason: turn.reason })) : null,
        turn.absent && turn.marked_at ? h('p', { class: 'hint' }, t('abs_marked_at', { when: formatDateTime(turn.marked_at) })) : null),
      writes() ? h('td', {}, step) : null);
  }

  /** The panel, or `null` while no slot is open. */
  function nodes() {
    const slot = state.slot;
    if (!slot) return null;
    return h('section', { class: 'panel turns-panel', id: 'turns', 'aria-labelledby': 'turns-title',
      onkeydown: (e) => { if (e.key === 'Escape') { e.preventDefault(); close(); } } },
    h('h2', { id: 'turns-title', tabindex: '-1' }, t('abs_title', { date: slot.date, start: slot.start, end: slot.end })),
    h('p', { class: 'hint' }, t(writes() ? 'abs_intro' : 'abs_read_only')),
    doneNotice('turns-done', state.done),
    state.problem ? problemNotice(state.problem, { id: 'turns-problem' }) : null,
    state.error ? problemNotice(state.error, { id: 'turns-error' }) : null,
    state.turns === null && !state.error ? h('p', { class: 'loading', role: 'status' }, t('loading')) : null,
    state.turns ? h('table', { class: 'table compact', id: 'turns-table' },
      h('caption', { class: 'visually-hidden' }, t('abs_caption')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('abs_col_deputy')), h('th', { scope: 'col' }, t('abs_col_state')),
        writes() ? h('th', { scope: 'col' }, t('col_actions')) : null)),
      h('tbody', {}, state.turns.map(row))) : null,
    h('div', { class: 'actions tight' }, h('button', { type: 'button', class: 'btn', id: 'turns-close', onclick: close }, t('abs_close'))));
  }

  return { open, close, nodes, get slot() { return state.slot; } };
}
