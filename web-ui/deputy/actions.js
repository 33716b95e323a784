// Acting on a report (`POST /api/v1/reports/{id}/actions`): the steps its status allows the deputy (accept,
// return with a reason, forward to a handling unit, record the unit's reply, answer the citizen with an
// outcome, ask for more time), each confirmed before it is sent. Every step carries an `Idempotency-Key`
// made once per step: when the connection drops it is retried with the same key, so the server never takes
// it twice (a retry of a step that had arrived is answered `Idempotent-Replayed`). A 409 means someone else
// moved the report on: the page shows it as it is now and says so.

import { h } from '/ui/shared/dom.js';
import { ApiError } from '/ui/shared/api.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice } from '/ui/shared/ui.js';
import { statusName, outcomeName } from './format.js';

/** Which steps a deputy may take in each status, the main one first. */
const STEPS = {
  assigned: ['accept', 'return'],
  accepted: ['answer', 'forward', 'request_extension', 'return'],
  forwarded: ['unit_reply', 'request_extension'],
  unit_replied: ['answer', 'forward', 'request_extension'],
};
const LABEL = { accept: 'act_accept', return: 'act_return', forward: 'act_forward', unit_reply: 'act_unit_reply', answer: 'act_answer', request_extension: 'act_extension' };
const OUTCOMES = ['resolved', 'explained', 'referred'];
const RETRIES = [1500, 3000];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function createActions(app, { id, current, updated, render }) {
  const s = { open: null, sending: false, retrying: false, error: null, result: null, units: null, unitsError: null, search: '', unit: null, text: '', outcome: null, days: '5' };
  let pending = null; // { key, body }: the step being sent, kept until it is confirmed

  function reset() {
    Object.assign(s, { open: null, error: null, search: '', unit: null, text: '', outcome: null, days: '5' });
    pending = null;
  }

  function choose(step) {
    reset();
    s.result = null;
    s.open = step;
    if (step === 'forward' && !s.units) loadUnits();
    render(`form-${step}`);
  }

  async function loadUnits() {
    try {
      s.units = (await app.session.call('/api/v1/handling-units')).items;
      s.unitsError = null;
    } catch (err) {
      s.unitsError = err;
    }
    render();
  }

  function invalid(text, field) {
    s.error = { text, field };
    render(field);
  }

  /** The step's body, or `null` after saying what is missing. */
  function body() {
    const text = s.text.trim();
    switch (s.open) {
      case 'accept': return { action: 'accept' };
      case 'return': return text ? { action: 'return', reason: text } : invalid(t('reason_empty'), 'act-text');
      case 'forward': return s.unit ? { action: 'forward', unit: s.unit, note: text || null } : invalid(t('forward_choose'), 'unit-search');
      case 'unit_reply': return text ? { action: 'unit_reply', text } : invalid(t('unit_reply_empty'), 'act-text');
      case 'answer':
        if (!s.outcome) return invalid(t('answer_outcome_missing'), 'outcome-resolved');
        return text ? { action: 'answer', outcome: s.outcome, text } : invalid(t('answer_empty'), 'act-text');
      case 'request_extension': {
        const days = Number(s.days);
        if (!Number.isInteger(days) || days < 1 || days > 65) return invalid(t('extension_days_invalid'), 'act-days');
        return text ? { action: 'request_extension', working_days: days, reason: text } : invalid(t('reason_empty'), 'act-text');
      }
      default: return null;
    }
  }

  async function send() {
    if (s.sending) return;
    const step = body();
    if (!step) return;
    const same = pending && JSON.stringify(pending.body) === JSON.stringify(step);
    if (!same) pending = { key: crypto.randomUUID(), body: step };
    s.sending = true;
    s.error = null;
    render('act-progress');
    for (let attempt = 0; ; attempt++) {
      const meta = {};
      try {
        const report = await app.session.call(`/api/v1/reports/${id}/actions`, {
          method: 'POST', json: pending.body, headers: { 'Idempotency-Key': pending.key }, meta, timeoutMs: 20000,
        });
        const replayed = meta.headers?.get('idempotent-replayed') === 'true';
        const done = pending.body;
        reset();
        s.sending = false;
        s.retrying = false;
        updated(report);
        s.result = { kind: 'ok', text: replayed ? t('act_replayed') : doneText(done, report) };
        render('act-result');
        return;
      } catch (err) {
        if (err instanceof ApiError && err.offline && attempt < RETRIES.length) {
          s.retrying = true;
          render();
          await sleep(RETRIES[attempt]);
          continue;
        }
        s.sending = false;
        s.retrying = false;
        if (err instanceof ApiError && err.offline) {
          // The key is kept: "try again" sends the same step, which the server takes at most once.
          s.error = { offline: true };
          render('act-error');
          return;
        }
        if (err instanceof ApiError && (err.code === 'invalid_transition' || err.code === 'conflict')) {
          await conflict();
          return;
        }
        s.error = { problem: err };
        render('act-error');
        return;
      }
    }
  }

  /** Someone else acted: the report as it is now, and why the step did not go. */
  async function conflict() {
    reset();
    try {
      updated(await app.session.call(`/api/v1/reports/${id}`));
    } catch {
      // The old view stays; the words still explain.
    }
    s.result = { kind: 'warn', text: t('act_conflict', { status: statusName(current()?.status) }) };
    render('act-result');
  }

  function doneText(step, report) {
    if (step.action === 'forward') {
      const unit = report.progress.handling_unit;
      const due = report.progress.due_at ? ` ${t('due_by', { when: formatDateTime(report.progress.due_at) })}` : '';
      return `${t('act_done_forward', { unit: unit ? pick(unit.name) : step.unit })}${due}`;
    }
    return t(`act_done_${step.action}`);
  }

  // ---- Forms ---------------------------------------------------------------------------------------------

  function errorFor(field) {
    return s.error?.field === field ? h('p', { class: 'field-error', id: `${field}-error`, role: 'alert' }, s.error.text) : null;
  }

  function textField(label, { rows = 5, max = 2000 } = {}) {
    const bad = s.error?.field === 'act-text';
    return [
      h('label', { for: 'act-text' }, label),
      errorFor('act-text'),
      h('textarea', { id: 'act-text', rows: String(rows), maxlength: String(max), 'aria-invalid': bad ? 'true' : null, 'aria-describedby': bad ? 'act-text-error' : null,
        oninput: (e) => { s.text = e.target.value; if (s.open === 'answer') refreshPreview(); } }, s.text),
    ];
  }

  function chips(keys) {
    return h('div', { class: 'chips', role: 'group', 'aria-label': t('return_chips_label') }, keys.map((key) => h('button', {
      type: 'button', class: 'chip', onclick: () => { s.text = t(key); render('act-text'); },
    }, t(key))));
  }

  function unitPicker() {
    const query = s.search.trim().toLowerCase();
    const units = (s.units || []).filter((u) => !query || u.code.toLowerCase().includes(query) || u.name.zh.includes(s.search.trim()) || u.name.en.toLowerCase().includes(query));
    return [
      h('label', { for: 'unit-search' }, t('forward_search_label')),
      h('p', { class: 'hint', id: 'unit-search-hint' }, t('forward_search_hint')),
      errorFor('unit-search'),
      h('input', { id: 'unit-search', type: 'search', value: s.search, autocomplete: 'off', 'aria-describedby': 'unit-search-hint', 'aria-controls': 'unit-list',
        oninput: (e) => { s.search = e.target.value; render('unit-search'); } }),
      s.unitsError ? problemNotice(s.unitsError, { id: 'units-problem' }) : null,
      s.units === null && !s.unitsError ? h('p', { class: 'loading', role: 'status' }, t('loading')) : null,
      s.units ? h('fieldset', { class: 'unit-list', id: 'unit-list' },
        h('legend', {}, t('forward_units_label')),
        units.length ? units.map((u) => h('label', { class: 'choice', for: `unit-${u.code}` },
          h('input', { type: 'radio', name: 'unit', id: `unit-${u.code}`, value: u.code, checked: s.unit === u.code, onchange: () => { s.unit = u.code; s.error = null; } }),
          h('span', {}, pick(u.name), h('span', { class: 'muted' }, ` · ${u.code}`))))
          : h('p', {}, t('forward_none_found'))) : null,
      h('p', { class: 'hint' }, t('forward_deadline_generic')),
    ];
  }

  function outcomes() {
    return h('fieldset', { class: 'outcomes' }, h('legend', {}, t('answer_outcome_label')), errorFor('outcome-resolved'),
      OUTCOMES.map((o) => h('label', { class: 'choice', for: `outcome-${o}` },
        h('input', { type: 'radio', name: 'outcome', id: `outcome-${o}`, value: o, checked: s.outcome === o, onchange: () => { s.outcome = o; s.error = null; refreshPreview(); } }),
        h('span', {}, outcomeName(o)))));
  }

  function preview() {
    return h('section', { class: 'preview', id: 'answer-preview', 'aria-labelledby': 'preview-title' },
      h('h3', { id: 'preview-title' }, t('preview_title')),
      h('p', { class: 'preview-status' }, t('preview_status')),
      h('p', { class: 'preview-outcome', id: 'preview-outcome' }, s.outcome ? t('preview_outcome', { outcome: outcomeName(s.outcome) }) : ''),
      h('p', { class: 'user-text preview-text', id: 'preview-text' }, s.text));
  }

  function refreshPreview() {
    const text = document.getElementById('preview-text');
    const outcome = document.getElementById('preview-outcome');
    if (text) text.textContent = s.text;
    if (outcome) outcome.textContent = s.outcome ? t('preview_outcome', { outcome: outcomeName(s.outcome) }) : '';
  }

  function template() {
    if (!s.outcome) return invalid(t('answer_outcome_missing'), 'outcome-resolved');
    s.text = t(`template_${s.outcome}`, { detail: t('template_detail') });
    s.error = null;
    render('act-text');
    return null;
  }

  function form(step) {
    const fields = {
      accept: () => h('p', {}, t('act_confirm_accept')),
      return: () => [chips(['return_reason_1', 'return_reason_2', 'return_reason_3', 'return_reason_4']), textField(t('return_reason_label'), { rows: 3, max: 500 })],
      forward: () => [unitPicker(), textField(t('forward_note_label'), { rows: 3, max: 500 })],
      unit_reply: () => textField(t('unit_reply_label'), { rows: 6 }),
      answer: () => [outcomes(), h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'use-template', onclick: template }, t('answer_template'))),
        textField(t('answer_text_label'), { rows: 6 }), preview()],
      request_extension: () => {
        const bad = s.error?.field === 'act-days';
        return [h('label', { for: 'act-days' }, t('extension_days_label')), errorFor('act-days'),
          h('input', { id: 'act-days', type: 'number', inputmode: 'numeric', min: '1', max: '65', value: s.days, 'aria-invalid': bad ? 'true' : null, oninput: (e) => { s.days = e.target.value; } }),
          textField(t('extension_reason_label'), { rows: 3, max: 500 })];
      },
    }[step];
    return h('form', { class: 'sheet', id: `form-${step}`, tabindex: '-1', 'aria-labelledby': `form-${step}-title`, novalidate: true, onsubmit: (e) => { e.preventDefault(); send(); } },
      h('h3', { id: `form-${step}-title` }, t(LABEL[step])),
      fields(),
      s.sending ? h('p', { class: 'notice', id: 'act-progress', role: 'status', tabindex: '-1' }, t(s.retrying ? 'act_retrying' : 'act_sending')) : null,
      s.error?.offline ? h('div', { class: 'notice notice-error', id: 'act-error', role: 'alert', tabindex: '-1' }, h('p', { class: 'notice-text' }, t('act_offline'))) : null,
      s.error?.problem ? problemNotice(s.error.problem, { id: 'act-error' }) : null,
      h('div', { class: 'actions sticky' },
        h('button', { type: 'submit', class: 'btn primary', id: 'act-confirm', 'aria-busy': s.sending ? 'true' : null, disabled: s.sending },
          s.error?.offline ? t('act_retry') : t('act_confirm')),
        h('button', { type: 'button', class: 'btn', id: 'act-cancel', disabled: s.sending, onclick: () => { reset(); render('actions-title'); } }, t('act_cancel'))));
  }

  return {
    /** The "handle it" section: the result of the last step, the buttons, or the open step's form. */
    section() {
      const report = current();
      const steps = STEPS[report.status] || [];
      if (!steps.length && !s.result) return null;
      return h('section', { class: 'panel actions-panel', id: 'actions', 'aria-labelledby': 'actions-title' },
        h('h2', { id: 'actions-title', tabindex: '-1' }, t('section_actions')),
        s.result ? h('div', { class: `notice notice-${s.result.kind}`, id: 'act-result', role: 'status', tabindex: '-1' }, h('p', { class: 'notice-text' }, s.result.text)) : null,
        s.open ? form(s.open) : h('div', { class: 'actions', id: 'action-buttons' }, steps.map((step, i) => h('button', {
          type: 'button', class: i === 0 ? 'btn primary' : 'btn', id: `act-${step}`, onclick: () => choose(step),
        }, t(LABEL[step])))));
    },
    /** Whether the deputy is in the middle of a step (live updates then wait). */
    busy: () => s.open !== null || s.sending,
  };
}
