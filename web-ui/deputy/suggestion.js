// One suggestion (#/suggestions/{id}, `GET /api/v1/suggestions/{id}`): where it stands, what the deputy wrote
// (facts, causes, measures, the reports it draws on), the station's reviews (the checklist in words: 情况清楚,
// 原因分析到位, 措施可行, and each review's comment), the body it went to with its deadline and answer; and what
// the deputy may do now: edit a draft or a returned one and send it for review (`for_review`), or rate the answer
// (`rate`: 满意 / 基本满意 / 不满意; 不满意 sends it back once, due within a month). Everything anyone wrote is
// text.

import { h, fill } from '/ui/shared/dom.js';
import { ApiError } from '/ui/shared/api.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice, notice } from '/ui/shared/ui.js';
import { dutyNav } from './duty-nav.js';
import { suggestionStatus, dueLine } from './suggestions.js';

const CHECKS = ['facts', 'cause', 'measures'];
const VERDICTS = ['satisfied', 'mostly', 'not_satisfied'];

/** The checklist in words: each item met or not, with a mark that is not colour alone. */
export function checklist(list, { id } = {}) {
  return h('ul', { class: 'checklist', id }, CHECKS.map((name) => h('li', { 'data-check': name, 'data-met': String(Boolean(list?.[name])) },
    h('span', { class: 'check-mark', 'aria-hidden': 'true' }, list?.[name] ? '✓' : '✗'),
    ' ', t(`check_${name}`), '：', h('strong', {}, t(list?.[name] ? 'check_yes' : 'check_no')))));
}

export function suggestionView(app, { id }) {
  const state = { s: null, error: null, busy: false, actionError: null, verdict: null, done: null };
  const path = `/api/v1/suggestions/${id}`;
  let disposed = false;

  async function load(focusId = null) {
    try {
      state.s = await app.session.call(path);
      state.error = null;
    } catch (err) {
      state.error = err;
    }
    render(focusId);
  }

  async function act(body, done) {
    if (state.busy) return;
    state.busy = true;
    state.actionError = null;
    state.done = null;
    render();
    try {
      state.s = await app.session.call(`${path}/actions`, { method: 'POST', json: body });
      state.done = done(state.s);
      state.verdict = null;
    } catch (err) {
      state.actionError = err;
      // Someone moved it on meanwhile: show it as it is now.
      if (err instanceof ApiError && err.status === 409) await load();
    }
    state.busy = false;
    render(state.actionError ? 'sugg-action-problem' : 'sugg-done');
  }

  const forReview = () => act({ action: 'for_review' }, () => t('sugg_sent_review'));

  function rate() {
    if (!state.verdict) {
      state.actionError = t('sugg_rate_pick');
      render('sugg-action-problem');
      return;
    }
    act({ action: 'rate', verdict: state.verdict }, (s) => t(s.status === 'rehandling' ? 'sugg_rated_rehandling' : 'sugg_rated_closed'));
  }

  function section(name, title, ...children) {
    return h('section', { class: 'panel', id: `sugg-${name}`, 'aria-labelledby': `sugg-${name}-title` },
      h('h2', { id: `sugg-${name}-title` }, title), ...children);
  }

  function fact(label, value, idName, cls = null) {
    if (value === null || value === undefined || value === '') return null;
    return h('div', {}, h('dt', {}, label), h('dd', { id: idName, class: cls }, value));
  }

  function part(label, text, idName) {
    return h('div', {}, h('dt', {}, label), h('dd', { id: idName, class: text ? 'user-text' : 'muted' }, text || t('sugg_empty_part')));
  }

  function actionProblem() {
    if (!state.actionError) return null;
    if (typeof state.actionError === 'string') return notice('error', state.actionError, { id: 'sugg-action-problem' });
    return problemNotice(state.actionError, { id: 'sugg-action-problem' });
  }

  /** What the deputy may do now: edit and send for review, or rate the answer. */
  function actions(s) {
    if (s.status === 'draft' || s.status === 'revising') {
      return h('section', { class: 'panel actions-panel', id: 'sugg-act', 'aria-labelledby': 'sugg-act-title' },
        h('h2', { id: 'sugg-act-title', class: 'visually-hidden' }, t('sugg_for_review')),
        s.status === 'revising' ? notice('info', t('sugg_revising_hint'), { id: 'sugg-revising', role: null }) : null,
        h('p', { class: 'hint' }, t('sugg_for_review_hint')),
        h('div', { class: 'actions' },
          h('a', { class: 'btn', id: 'sugg-edit', href: `#/suggestions/${s.id}/edit` }, t('sugg_edit')),
          h('button', { type: 'button', class: 'btn primary', id: 'sugg-for-review', disabled: state.busy, 'aria-busy': state.busy ? 'true' : null, onclick: forReview }, t('sugg_for_review'))));
    }
    if (s.status !== 'answered') return null;
    return h('section', { class: 'panel actions-panel', id: 'sugg-rate', 'aria-labelledby': 'sugg-rate-title' },
      h('h2', { id: 'sugg-rate-title' }, t('sugg_rate_title')),
      h('fieldset', {},
        h('legend', {}, t('sugg_rate_hint')),
        VERDICTS.map((v) => h('label', { class: 'choice', for: `rate-${v}` },
          h('input', { type: 'radio', name: 'verdict', id: `rate-${v}`, value: v, checked: state.verdict === v, onchange: () => { state.verdict = v; state.actionError = null; } }),
          t(`verdict_${v}`)))),
      h('p', { class: 'notice notice-warn', id: 'sugg-rate-explain' }, t(s.rehandled ? 'sugg_rate_final_hint' : 'sugg_rate_not_satisfied_hint')),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary wide', id: 'sugg-rate-send', disabled: state.busy, 'aria-busy': state.busy ? 'true' : null, onclick: rate }, t('sugg_rate_send'))));
  }

  function reviews(s) {
    const list = [...s.reviews].reverse();
    return section('review', t('sugg_section_review'),
      s.reviews.length ? [h('h3', {}, t('sugg_checklist')), checklist(s.checklist, { id: 'sugg-checklist' })] : null,
      list.length
        ? h('ol', { class: 'reviews', id: 'sugg-reviews', reversed: true }, list.map((r) => h('li', { class: 'review-item', 'data-approved': String(r.approved) },
          h('p', { class: 'timeline-head' }, formatDateTime(r.at)),
          h('p', { class: 'label' }, t(r.approved ? 'review_approved' : 'review_returned')),
          checklist(r.checklist),
          r.comment ? h('p', {}, t('review_comment'), h('span', { class: 'user-text review-comment' }, r.comment)) : null)))
        : h('p', { class: 'muted', id: 'sugg-no-review' }, t('review_none')));
  }

  function handling(s) {
    if (!s.unit && !s.answer) return null;
    return section('handling', t('sugg_section_handling'),
      h('dl', { class: 'facts' },
        fact(t('sugg_unit_label'), s.unit_name ? pick(s.unit_name) : s.unit, 'sugg-unit'),
        fact(t('sugg_submitted_at'), s.submitted_at ? formatDateTime(s.submitted_at) : null, 'sugg-submitted'),
        s.rehandled ? fact(t('sugg_rehandled'), '✓', 'sugg-rehandled') : null,
        fact(t('sugg_answered_at'), s.answered_at ? formatDateTime(s.answered_at) : null, 'sugg-answered-at')),
      s.status === 'rehandling' && s.due_at ? notice('info', t('sugg_rehandling_text', { when: formatDateTime(s.due_at) }), { id: 'sugg-rehandling', role: null }) : null,
      s.answer ? h('div', { class: 'reply' }, h('p', { class: 'label' }, t('sugg_answer')), h('p', { class: 'user-text', id: 'sugg-answer' }, s.answer)) : null,
      s.verdict ? h('p', { id: 'sugg-verdict' }, t('sugg_verdict_line', { verdict: t(`verdict_${s.verdict}`) })) : null);
  }

  function body(s) {
    return [
      h('p', { class: 'report-top' },
        h('span', { class: 'status-chip', id: 'sugg-status', 'data-status': s.status }, suggestionStatus(s.status)),
        dueLine(s, { id: 'sugg-due' })),
      state.done ? notice('ok', state.done, { id: 'sugg-done' }) : null,
      actionProblem(),
      actions(s),
      section('text', t('sugg_section_text'),
        h('dl', { class: 'facts' },
          part(t('sugg_facts'), s.facts, 'sugg-facts'),
          part(t('sugg_cause'), s.cause, 'sugg-cause'),
          part(t('sugg_measures'), s.measures, 'sugg-measures'),
          fact(t('sugg_station'), s.station, 'sugg-station')),
        h('h3', {}, t('sugg_reports')),
        s.reports.length
          ? h('ul', { class: 'plain-list', id: 'sugg-reports' }, s.reports.map((code) => h('li', { class: 'card-code', 'data-code': code }, code)))
          : h('p', { class: 'muted', id: 'sugg-reports-none' }, t('sugg_reports_none'))),
      reviews(s),
      handling(s),
    ];
  }

  function render(focusId = null) {
    if (disposed) return;
    const s = state.s;
    app.setTitle(s ? s.title : t('sugg_title'));
    fill(app.main,
      dutyNav('suggestions'),
      h('p', { class: 'crumb' }, h('a', { class: 'back', href: '#/suggestions', id: 'sugg-back' }, `‹ ${t('sugg_back')}`)),
      h('h1', { id: 'view-heading', tabindex: '-1', class: s ? 'user-text' : null }, s ? s.title : t('sugg_title')),
      app.takeFlash(),
      state.error ? problemNotice(state.error, { id: 'sugg-problem' }) : null,
      !s && !state.error ? h('p', { class: 'loading', role: 'status' }, t('loading')) : null,
      s ? body(s) : null);
    app.main.dataset.state = state.error ? 'problem' : s ? 'ready' : 'loading';
    if (s) app.main.dataset.status = s.status;
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
      delete app.main.dataset.status;
    },
  };
}
