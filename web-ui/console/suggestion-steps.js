// The station's steps on a suggestion, as forms (suggestion-page.js takes them): the quality review (three
// checks — 情况清楚, 原因分析到位, 措施可行 — a comment, 通过 only when all three hold, else 退回修改), submitting
// it to an organ (a handling unit), moving the organ's deadline (at most six months after submission) and
// recording the organ's answer. Each form keeps what is typed in `draft` across redraws and says its problem
// beside itself (the page says a step's success).

import { h } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { formProblem, addMonths, dateFromNow, toLocalInput } from './duty-format.js';

export const CHECKS = ['facts', 'cause', 'measures'];
const OVERRIDES = { invalid_transition: 'sg_error_invalid_transition' };

/** The latest date (China time, `YYYY-MM-DD`) the organ's answer may be moved to, and the instant itself. */
export function latestDue(s) {
  const instant = addMonths(s.submitted_at, 6);
  return { date: toLocalInput(instant).slice(0, 10), instant };
}

/** The problem of the step named `id` (`ctx`: `{ busy, problem: { where, err } }`, shared by the forms). */
function notices(id, ctx) {
  return ctx.problem?.where === id ? formProblem(ctx.problem.err, `${id}-problem`, 'sg', OVERRIDES) : null;
}

const invalid = (id, ctx) => (ctx.problem?.where === id ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-problem` } : {});
const busyAttrs = (id, ctx) => ({ 'aria-busy': ctx.busy === id ? 'true' : null, disabled: Boolean(ctx.busy) });

/** The quality review. `draft`: `{ facts, cause, measures, comment }`; `onReview(approve)`. */
export function reviewForm({ draft, ctx, onReview }) {
  const complete = () => CHECKS.every((c) => draft[c]);
  const check = (name) => h('label', { class: 'choice', for: `review-${name}` },
    h('input', {
      type: 'checkbox', id: `review-${name}`, checked: draft[name],
      onchange: (e) => {
        draft[name] = e.target.checked;
        const approve = document.getElementById('review-approve');
        if (approve && !ctx.busy) approve.disabled = !complete();
      },
    }),
    t(`sg_check_${name}`));
  return h('form', { class: 'panel no-print', id: 'review', 'aria-labelledby': 'review-title', novalidate: true, onsubmit: (e) => e.preventDefault() },
    h('h2', { id: 'review-title' }, t('sg_review')),
    notices('review', ctx),
    h('fieldset', { class: 'choices' }, h('legend', {}, t('sg_review_checks')), CHECKS.map(check)),
    h('label', { for: 'review-comment' }, t('sg_review_comment')),
    h('textarea', { id: 'review-comment', rows: '4', maxlength: '20000', ...invalid('review', ctx), oninput: (e) => { draft.comment = e.target.value; } }, draft.comment),
    h('p', { class: 'hint', id: 'review-approve-hint' }, t('sg_review_hint')),
    h('div', { class: 'actions tight' },
      h('button', {
        type: 'button', class: 'btn primary', id: 'review-approve', 'aria-describedby': 'review-approve-hint',
        'aria-busy': ctx.busy === 'review' ? 'true' : null, disabled: Boolean(ctx.busy) || !complete(), onclick: () => onReview(true),
      }, t('sg_approve')),
      h('button', { type: 'button', class: 'btn', id: 'review-return', ...busyAttrs('review', ctx), onclick: () => onReview(false) }, t('sg_return'))));
}

/** Submitting to an organ. `draft`: `{ unit }`; `units` to choose from. */
export function submitForm({ draft, units, ctx, onSubmit }) {
  return h('form', { class: 'panel no-print', id: 'submit', 'aria-labelledby': 'submit-title', novalidate: true, onsubmit: (e) => { e.preventDefault(); onSubmit(); } },
    h('h2', { id: 'submit-title' }, t('sg_submit')),
    notices('submit', ctx),
    h('p', { class: 'hint' }, t('sg_submit_hint')),
    h('label', { for: 'submit-unit' }, t('sg_submit_unit')),
    h('select', { id: 'submit-unit', ...invalid('submit', ctx), onchange: (e) => { draft.unit = e.target.value; } },
      h('option', { value: '', selected: !draft.unit }, t('choose')),
      units.map((u) => h('option', { value: u.code, selected: u.code === draft.unit }, `${pick(u.name)}（${u.code}）`))),
    h('div', { class: 'actions tight' }, h('button', { type: 'submit', class: 'btn primary', id: 'submit-save', ...busyAttrs('submit', ctx) }, t('sg_submit_save'))));
}

/** Moving the organ's deadline. `draft`: `{ due }` (a date); `s` the suggestion. */
export function extendForm({ s, draft, ctx, onExtend }) {
  const latest = latestDue(s);
  return h('form', { class: 'panel no-print', id: 'extend', 'aria-labelledby': 'extend-title', novalidate: true, onsubmit: (e) => { e.preventDefault(); onExtend(); } },
    h('h2', { id: 'extend-title' }, t('sg_extend')),
    notices('extend', ctx),
    h('label', { for: 'extend-due' }, t('sg_extend_due')),
    h('p', { class: 'hint', id: 'extend-hint' }, t('sg_extend_hint', { date: latest.date })),
    h('input', { type: 'date', id: 'extend-due', value: draft.due, min: dateFromNow(1), max: latest.date, 'aria-describedby': 'extend-hint', ...invalid('extend', ctx), oninput: (e) => { draft.due = e.target.value; } }),
    h('div', { class: 'actions tight' }, h('button', { type: 'submit', class: 'btn', id: 'extend-save', ...busyAttrs('extend', ctx) }, t('sg_extend_save'))));
}

/** Recording the organ's answer. `draft`: `{ text }`. */
export function answerForm({ s, draft, ctx, onAnswer }) {
  return h('form', { class: 'panel no-print', id: 'answer', 'aria-labelledby': 'answer-title', novalidate: true, onsubmit: (e) => { e.preventDefault(); onAnswer(); } },
    h('h2', { id: 'answer-title' }, t('sg_answer_record')),
    notices('answer', ctx),
    h('label', { for: 'answer-text' }, t('sg_answer_label', { unit: pick(s.unit_name) || s.unit || '' })),
    h('textarea', { id: 'answer-text', rows: '5', maxlength: '20000', ...invalid('answer', ctx), oninput: (e) => { draft.text = e.target.value; } }, draft.text),
    h('div', { class: 'actions tight' }, h('button', { type: 'submit', class: 'btn primary', id: 'answer-save', ...busyAttrs('answer', ctx) }, t('sg_answer_save'))));
}
