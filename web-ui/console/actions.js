// The steps staff take on a report (`POST /api/v1/reports/{id}/actions`): assign to a deputy with a note
// (交办), mark urgent with its hours (expedite), close with the reason for the record and the explanation the
// citizen reads (办结), merge into a likely duplicate (并案), grant or refuse an extension (延期). Each step is
// sent with an Idempotency-Key made when its form opens, so a retry after a lost answer is taken once. Which
// steps are offered follows the report's status and the role; the server decides in the end and its refusal
// is shown in words. Keys: a assign, u urgent, c close, d decide the extension, m the first merge button,
// Escape closes the form.

import { h } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';

const OPEN = ['submitted', 'triage', 'assigned', 'accepted', 'forwarded', 'unit_replied', 'answered'];
const ASSIGNABLE = ['submitted', 'triage', 'assigned', 'accepted', 'forwarded', 'unit_replied'];
const CLOSE_OUTCOMES = ['resolved', 'explained', 'referred', 'unresolved'];
const DEFAULTS = {
  assign: { deputy: '', note: '' },
  expedite: { accept_hours: '4', answer_hours: '48', reason: '' },
  close: { outcome: 'explained', reason: '', explanation: '' },
  decide: { grant: 'yes', reason: '' },
};
const FIRST_FIELD = { assign: 'assign-deputy', expedite: 'expedite-reason', close: 'close-outcome', decide: 'decide-yes' };

export function createActions(app, { id, report, workload, similar, updated, rerender }) {
  const state = { mode: null, fields: {}, key: null, busy: false, error: null, done: null, invalid: null };
  const status = () => report()?.status;

  const can = {
    assign: () => app.handles && ASSIGNABLE.includes(status()),
    expedite: () => app.handles && ASSIGNABLE.includes(status()) && !report()?.progress?.urgency,
    close: () => app.handles && OPEN.includes(status()),
    merge: () => app.handles && OPEN.includes(status()),
    decide: () => app.handles && Boolean(report()?.progress?.extension_pending_days),
  };

  function open(mode, preset = {}) {
    if (!can[mode]()) return;
    state.mode = mode;
    state.fields = { ...DEFAULTS[mode], ...preset };
    state.key = crypto.randomUUID();
    state.error = null;
    state.invalid = null;
    state.done = null;
    rerender(FIRST_FIELD[mode]);
  }

  function cancel() {
    const was = state.mode;
    state.mode = null;
    state.error = null;
    rerender(was ? `act-${was}` : null);
  }

  async function send(body, doneText, key = state.key) {
    if (state.busy) return;
    state.busy = true;
    state.error = null;
    rerender();
    try {
      const answer = await app.session.call(`/api/v1/reports/${id}/actions`, { method: 'POST', json: body, headers: { 'Idempotency-Key': key } });
      state.busy = false;
      state.mode = null;
      state.done = doneText;
      updated(answer);
      rerender('action-done');
    } catch (err) {
      state.busy = false;
      state.error = err;
      rerender('action-problem');
    }
  }

  /** 并案: this report joins `other` (its citizen gets that report's answer). One click. */
  function merge(other) {
    state.mode = null;
    send({ action: 'merge', into: other.id }, t('done_merge', { code: other.tracking_code }), crypto.randomUUID());
  }

  function invalid(field, key) {
    state.invalid = { field, text: t(key) };
    rerender(field);
  }

  function submit(e) {
    e.preventDefault();
    const f = state.fields;
    state.invalid = null;
    if (state.mode === 'assign') {
      if (!f.deputy.trim()) return invalid('assign-deputy', 'need_deputy');
      const who = workload()?.find((d) => d.code === f.deputy);
      return send({ action: 'assign', deputy: f.deputy.trim(), note: f.note.trim() || null }, t('done_assign', { deputy: who ? pick(who.name) : f.deputy }));
    }
    if (state.mode === 'expedite') {
      const accept = Number(f.accept_hours);
      const answer = Number(f.answer_hours);
      if (!Number.isInteger(accept) || accept < 1 || accept > 720) return invalid('expedite-accept', 'need_hours');
      if (!Number.isInteger(answer) || answer < 1 || answer > 720) return invalid('expedite-answer', 'need_hours');
      if (!f.reason.trim()) return invalid('expedite-reason', 'need_reason');
      return send({ action: 'expedite', accept_hours: accept, answer_hours: answer, reason: f.reason.trim() }, t('done_expedite'));
    }
    if (state.mode === 'close') {
      if (!f.reason.trim()) return invalid('close-reason', 'need_reason');
      if (!f.explanation.trim()) return invalid('close-explanation', 'need_explanation');
      return send({ action: 'close', outcome: f.outcome, reason: f.reason.trim(), explanation: f.explanation.trim() }, t('done_close'));
    }
    if (state.mode === 'decide') {
      if (!f.reason.trim()) return invalid('decide-reason', 'need_reason');
      return send({ action: 'decide_extension', grant: f.grant === 'yes', reason: f.reason.trim() }, t(f.grant === 'yes' ? 'done_grant' : 'done_refuse'));
    }
    return undefined;
  }

  const bind = (name) => ({ value: state.fields[name], oninput: (e) => { state.fields[name] = e.target.value; } });
  const described = (fieldId) => (state.invalid?.field === fieldId ? { 'aria-invalid': 'true', 'aria-describedby': 'form-invalid' } : {});

  function field(fieldId, label, control, hint) {
    return h('div', { class: 'field' }, h('label', { for: fieldId }, label), hint ? h('p', { class: 'hint', id: `${fieldId}-hint` }, hint) : null, control);
  }

  function formFields() {
    const f = state.fields;
    if (state.mode === 'assign') {
      const deputies = workload() || [];
      return [
        field('assign-deputy', t('assign_deputy'), deputies.length
          ? h('select', { id: 'assign-deputy', ...described('assign-deputy'), onchange: (e) => { f.deputy = e.target.value; } },
            h('option', { value: '' }, t('choose')),
            deputies.map((d) => h('option', { value: d.code, selected: d.code === f.deputy }, t('deputy_option', { name: pick(d.name), code: d.code, open: d.open_reports, overdue: d.overdue_reports }))))
          : h('input', { type: 'text', id: 'assign-deputy', ...described('assign-deputy'), ...bind('deputy') })),
        field('assign-note', t('assign_note'), h('textarea', { id: 'assign-note', rows: '3', maxlength: '2000', ...bind('note') }), t('assign_note_hint')),
      ];
    }
    if (state.mode === 'expedite') {
      return [
        field('expedite-accept', t('expedite_accept'), h('input', { type: 'number', id: 'expedite-accept', min: '1', max: '720', ...described('expedite-accept'), ...bind('accept_hours') })),
        field('expedite-answer', t('expedite_answer'), h('input', { type: 'number', id: 'expedite-answer', min: '1', max: '720', ...described('expedite-answer'), ...bind('answer_hours') })),
        field('expedite-reason', t('expedite_reason'), h('textarea', { id: 'expedite-reason', rows: '2', ...described('expedite-reason'), ...bind('reason') })),
      ];
    }
    if (state.mode === 'close') {
      return [
        field('close-outcome', t('close_outcome'), h('select', { id: 'close-outcome', onchange: (e) => { f.outcome = e.target.value; } },
          CLOSE_OUTCOMES.map((o) => h('option', { value: o, selected: o === f.outcome }, t(`outcome_${o}`))))),
        field('close-reason', t('close_reason'), h('textarea', { id: 'close-reason', rows: '2', ...described('close-reason'), ...bind('reason') }), t('close_reason_hint')),
        field('close-explanation', t('close_explanation'), h('textarea', { id: 'close-explanation', rows: '4', ...described('close-explanation'), ...bind('explanation') }), t('close_explanation_hint')),
      ];
    }
    if (state.mode === 'decide') {
      const days = report()?.progress?.extension_pending_days;
      return [
        h('fieldset', { class: 'choices' }, h('legend', {}, t('decide_legend', { n: days })),
          ['yes', 'no'].map((v) => h('label', { class: 'choice', for: `decide-${v}` },
            h('input', { type: 'radio', name: 'decide', id: `decide-${v}`, value: v, checked: f.grant === v, onchange: () => { f.grant = v; } }), t(`decide_${v}`)))),
        field('decide-reason', t('decide_reason'), h('textarea', { id: 'decide-reason', rows: '2', ...described('decide-reason'), ...bind('reason') })),
      ];
    }
    return [];
  }

  function nodes() {
    const buttons = [
      ['assign', 'a'], ['expedite', 'u'], ['close', 'c'], ['decide', 'd'],
    ].filter(([mode]) => can[mode]()).map(([mode, key]) => h('button', {
      type: 'button', class: `btn${state.mode === mode ? ' primary' : ''}`, id: `act-${mode}`, 'aria-keyshortcuts': key, 'aria-expanded': state.mode === mode ? 'true' : 'false',
      onclick: () => (state.mode === mode ? cancel() : open(mode)),
    }, t(`act_${mode}`), h('kbd', { 'aria-hidden': 'true' }, key.toUpperCase())));
    return h('div', { class: 'actions-area' },
      state.done ? h('div', { class: 'notice notice-ok', id: 'action-done', role: 'status', tabindex: '-1' }, h('p', { class: 'notice-text' }, state.done)) : null,
      state.error ? problemNotice(state.error, { id: 'action-problem' }) : null,
      buttons.length ? h('div', { class: 'actions toolbar', role: 'toolbar', 'aria-label': t('actions_label') }, buttons) : null,
      state.mode ? h('form', { class: 'panel action-form', id: `form-${state.mode}`, novalidate: true, onsubmit: submit, 'aria-labelledby': `form-${state.mode}-title` },
        h('h3', { id: `form-${state.mode}-title` }, t(`form_${state.mode}`)),
        state.invalid ? h('p', { class: 'field-error', id: 'form-invalid', role: 'alert' }, state.invalid.text) : null,
        formFields(),
        h('div', { class: 'actions' },
          h('button', { type: 'submit', class: 'btn primary', id: `submit-${state.mode}`, 'aria-busy': state.busy ? 'true' : null, disabled: state.busy }, t(`submit_${state.mode}`)),
          h('button', { type: 'button', class: 'btn', id: 'cancel-form', onclick: cancel }, t('cancel')))) : null);
  }

  /** A key pressed on the page, outside any field. `true` when it was one of the actions'. */
  function key(e) {
    if (e.key === 'Escape' && state.mode) {
      cancel();
      return true;
    }
    const modes = { a: 'assign', u: 'expedite', c: 'close', d: 'decide' };
    if (modes[e.key] && can[modes[e.key]]()) {
      open(modes[e.key]);
      return true;
    }
    if (e.key === 'm' && can.merge() && similar().length) {
      focusOn(`merge-into-${similar()[0].id}`);
      return true;
    }
    return false;
  }

  return { open, merge, nodes, key, canAssign: can.assign, canMerge: can.merge };
}
