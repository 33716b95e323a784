// One suggestion's page (`GET /api/v1/suggestions/{id}`): its deputy and where it stands, its words (情况, 原因分析,
// 建议措施), the citizens' reports it draws on (each a link to the report's page when the station's list has it),
// the reviews so far, the organ's answer and the deputy's rating of it; and for the station's staff the step it
// waits for (`POST …/actions`, suggestion-steps.js): the quality review while in review, submitting it once
// approved, moving the deadline and recording the answer while the organ has it. The committee reads only.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { dueBadge, dayText, endOfDay, dateFromNow, doneNotice, toLocalInput } from './duty-format.js';
import { suggestionStatusName, awaitingAnswer } from './suggestions.js';
import { CHECKS, latestDue, reviewForm, submitForm, extendForm, answerForm } from './suggestion-steps.js';
import { loadUnits } from './opinions.js';

export function suggestionView(app, { id }) {
  const state = {
    s: null, error: null, units: null, reportIds: new Map(),
    busy: null, problem: null, done: null,
    review: { facts: false, cause: false, measures: false, comment: '' }, submit: { unit: '' }, extend: { due: '' }, answer: { text: '' },
  };
  let disposed = false;
  const path = `/api/v1/suggestions/${id}`;
  const manages = () => app.handles;

  async function load() {
    try {
      state.s = await app.session.call(path);
      state.error = null;
    } catch (err) {
      state.error = err;
    }
    render();
    if (!state.s || !manages()) return;
    const wanted = [];
    if (state.s.status === 'approved' && !state.units) wanted.push(loadUnits(app).then((units) => { state.units = units; }));
    // Tracking codes become links to the report's page when the station's list holds them.
    if (state.s.reports.length && !state.reportIds.size) {
      wanted.push(app.session.call(`/api/v1/stations/${encodeURIComponent(state.s.station)}/reports`).then((list) => {
        state.reportIds = new Map(list.items.map((r) => [r.tracking_code, r.id]));
      }));
    }
    if (!wanted.length) return;
    await Promise.allSettled(wanted);
    if (!state.units && state.s.status === 'approved') state.units = [];
    render();
  }

  /** Takes step `body` (named `where`); `doneText` says it in words once taken. */
  async function act(where, body, doneText) {
    state.busy = where;
    state.problem = null;
    state.done = null;
    render();
    try {
      state.s = await app.session.call(`${path}/actions`, { method: 'POST', json: body });
      state.done = doneText();
      if (state.s.status === 'approved' && !state.units) state.units = await loadUnits(app).catch(() => []);
    } catch (err) {
      state.problem = { where, err };
    }
    state.busy = null;
    render(state.problem ? `${where}-problem` : 'step-done');
  }

  function review(approve) {
    const r = state.review;
    if (!approve && !r.comment.trim()) {
      state.problem = { where: 'review', err: { field: 'comment', text: t('sg_need_comment') } };
      state.done = null;
      render('review-comment');
      return undefined;
    }
    const checklist = Object.fromEntries(CHECKS.map((c) => [c, r[c]]));
    return act('review', { action: 'review', checklist, approve, comment: r.comment.trim() }, () => t(approve ? 'sg_approved_done' : 'sg_returned_done'))
      .then(() => {
        if (!state.problem) state.review = { facts: false, cause: false, measures: false, comment: '' };
      });
  }

  function submit() {
    if (!state.submit.unit) {
      state.problem = { where: 'submit', err: { field: 'unit', text: t('sg_need_unit') } };
      render('submit-unit');
      return undefined;
    }
    return act('submit', { action: 'submit', unit: state.submit.unit }, () => t('sg_submitted_done', { unit: pick(state.s.unit_name) }));
  }

  function extend() {
    const latest = latestDue(state.s);
    const due = endOfDay(state.extend.due);
    if (!due || state.extend.due > latest.date || state.extend.due < dateFromNow(0)) {
      state.problem = { where: 'extend', err: { field: 'due_at', text: t('sg_extend_bad', { date: latest.date }) } };
      render('extend-due');
      return undefined;
    }
    // The last day allowed ends at the instant six months after submission.
    const dueAt = new Date(due) > new Date(latest.instant) ? latest.instant : due;
    return act('extend', { action: 'extend', due_at: dueAt }, () => t('sg_extended_done', { date: dayText(state.s.due_at) }));
  }

  function answer() {
    if (!state.answer.text.trim()) {
      state.problem = { where: 'answer', err: { field: 'text', text: t('sg_need_answer') } };
      render('answer-text');
      return undefined;
    }
    return act('answer', { action: 'answer', text: state.answer.text }, () => t('sg_answered_done'));
  }

  function facts(s) {
    const row = (key, value, attrs = {}) => h('div', {}, h('dt', {}, t(key)), h('dd', attrs, value));
    return h('dl', { class: 'facts', id: 'suggestion-facts' },
      row('sg_facts_deputy', `${pick(s.deputy_name)}（${s.deputy}）`),
      row('sg_facts_status', h('span', { class: `duty-status duty-status-${s.status}`, id: 'suggestion-status' }, suggestionStatusName(s.status))),
      s.unit ? row('sg_facts_unit', `${pick(s.unit_name)}（${s.unit}）`, { id: 'suggestion-unit' }) : null,
      s.submitted_at ? row('sg_facts_submitted', formatDateTime(s.submitted_at)) : null,
      s.due_at ? row('sg_facts_due', awaitingAnswer(s) ? dueBadge(s.due_at, s.overdue) : dayText(s.due_at), { id: 'suggestion-due' }) : null,
      s.rehandled ? row('sg_facts_rehandled', t('sg_rehandled')) : null,
      row('sg_facts_updated', formatDateTime(s.updated_at)));
  }

  function words(s) {
    const part = (key, text, partId) => [h('h3', {}, t(key)), text ? h('p', { class: 'user-text', id: partId }, text) : h('p', { class: 'hint', id: partId }, t('sg_not_written'))];
    return h('section', { class: 'panel', id: 'suggestion-words', 'aria-labelledby': 'words-title' },
      h('h2', { id: 'words-title' }, t('sg_words')),
      part('sg_facts', s.facts, 'suggestion-facts-text'), part('sg_cause', s.cause, 'suggestion-cause'), part('sg_measures', s.measures, 'suggestion-measures'));
  }

  function reports(s) {
    if (!s.reports.length) return null;
    return h('section', { class: 'panel', id: 'suggestion-reports', 'aria-labelledby': 'reports-title' },
      h('h2', { id: 'reports-title' }, t('sg_reports', { n: s.reports.length })),
      h('ul', { class: 'code-list' }, s.reports.map((code) => {
        const reportId = state.reportIds.get(code);
        return h('li', {}, reportId ? h('a', { href: `#/reports/${reportId}`, class: 'code-link', 'data-code': code }, code) : h('span', { class: 'code', 'data-code': code }, code));
      })));
  }

  const yesNo = (ok) => t(ok ? 'sg_check_yes' : 'sg_check_no');

  function reviews(s) {
    return h('section', { class: 'panel', id: 'suggestion-reviews', 'aria-labelledby': 'reviews-title' },
      h('h2', { id: 'reviews-title' }, t('sg_reviews')),
      s.reviews.length ? h('ol', { class: 'review-list' }, s.reviews.map((r, i) => h('li', { 'data-approved': r.approved ? 'true' : 'false', id: `review-${i}` },
        h('p', {}, h('strong', {}, t(r.approved ? 'sg_review_approved' : 'sg_review_returned')), ' · ', h('time', { datetime: r.at }, formatDateTime(r.at))),
        h('p', {}, CHECKS.map((c) => `${t(`sg_check_${c}`)}：${yesNo(r.checklist[c])}`).join(t('sg_list_sep'))),
        r.comment ? h('p', { class: 'user-text' }, r.comment) : null)))
        : h('p', { class: 'hint', id: 'reviews-none' }, t('sg_reviews_none')));
  }

  function outcome(s) {
    if (!s.answer && !s.verdict) return null;
    return h('section', { class: 'panel', id: 'suggestion-answer', 'aria-labelledby': 'answer-heading' },
      h('h2', { id: 'answer-heading' }, t('sg_answer')),
      s.answer ? h('p', { class: 'user-text', id: 'suggestion-answer-text' }, s.answer) : null,
      s.answered_at ? h('p', { class: 'hint' }, t('sg_answered_at', { when: formatDateTime(s.answered_at) })) : null,
      s.verdict ? h('p', { id: 'suggestion-verdict' }, h('strong', {}, t('sg_verdict')), ' ', t(`sg_verdict_${s.verdict}`),
        s.rated_at ? ` · ${formatDateTime(s.rated_at)}` : null) : h('p', { class: 'hint', id: 'suggestion-no-verdict' }, t('sg_no_verdict')));
  }

  function stepForms(s) {
    if (!manages()) return null;
    const ctx = { busy: state.busy, problem: state.problem };
    if (s.status === 'in_review') return reviewForm({ draft: state.review, ctx, onReview: review });
    if (s.status === 'approved') return state.units ? submitForm({ draft: state.submit, units: state.units, ctx, onSubmit: submit }) : h('p', { class: 'loading', role: 'status' }, t('loading'));
    // The deadline field starts at the deadline as it stands.
    if (awaitingAnswer(s) && !state.extend.due && s.due_at) state.extend.due = toLocalInput(s.due_at).slice(0, 10);
    if (awaitingAnswer(s)) return [answerForm({ s, draft: state.answer, ctx, onAnswer: answer }), extendForm({ s, draft: state.extend, ctx, onExtend: extend })];
    return null;
  }

  function page(s) {
    return [
      facts(s),
      doneNotice('step-done', state.done),
      stepForms(s),
      words(s),
      reports(s),
      outcome(s),
      reviews(s),
    ];
  }

  function render(focusId = null) {
    if (disposed) return;
    const s = state.s;
    app.setTitle(s ? s.title : t('nav_suggestions'));
    app.main.dataset.state = s ? 'ready' : state.error ? 'problem' : 'loading';
    fill(app.main,
      h('nav', { class: 'crumbs', 'aria-label': t('crumbs_label') }, h('a', { href: '#/suggestions', id: 'back' }, t('sg_back'))),
      h('h1', { id: 'view-heading', tabindex: '-1', class: 'user-text' }, s ? s.title : t('sg_heading')),
      app.takeFlash(),
      state.error ? problemNotice(state.error, { id: 'suggestion-problem' }) : null,
      s ? page(s) : (state.error ? null : h('p', { class: 'loading', role: 'status' }, t('loading'))));
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
