// One report-back session's page (`GET /api/v1/report-backs/{id}`): who reports, when voting is open, where it
// stands; the results (each verdict counted, the share satisfied or mostly satisfied, a small sample said in
// words, the voters' comments as text); the deputy's one-page record (成绩单, `GET …/record`: their points
// archive for the session's year), printable on its own. The committee (and administrators) publish a closed
// session's results on the results board (`POST …/publish`); the station's staff cancel a session not yet
// published (`POST …/cancel`, asked twice).

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { timeSpan } from '/ui/shared/span.js';
import { doneNotice, printOnly } from './duty-format.js';
import { sessionState, sessionStateName, satisfactionText } from './report-backs.js';
import { archiveTables } from './archive-deputy.js';

const VERDICTS = ['satisfied', 'mostly', 'not_satisfied'];
const OVERRIDES = { invalid_transition: 'rb_error_invalid_transition' };

export function reportBackView(app, { id }) {
  const state = { rb: null, error: null, record: null, recordError: null, busy: null, problem: null, done: null, confirming: false };
  let disposed = false;
  const path = `/api/v1/report-backs/${id}`;
  const publishes = () => ['committee', 'admin'].includes(app.me?.role);

  async function load() {
    const [rb, record] = await Promise.allSettled([app.session.call(path), app.session.call(`${path}/record`)]);
    if (rb.status === 'fulfilled') {
      state.rb = rb.value;
      state.error = null;
    } else {
      state.error = rb.reason;
    }
    if (record.status === 'fulfilled') state.record = record.value.record;
    else state.recordError = record.reason;
    render();
  }

  async function step(where, doneKey) {
    state.busy = where;
    state.problem = null;
    state.done = null;
    render();
    try {
      state.rb = await app.session.call(`${path}/${where}`, { method: 'POST' });
      state.done = t(doneKey);
      state.confirming = false;
    } catch (err) {
      state.problem = err;
    }
    state.busy = null;
    render(state.problem ? 'rb-step-problem' : 'rb-step-done');
  }

  function facts(rb) {
    const row = (key, value, attrs = {}) => h('div', {}, h('dt', {}, t(key)), h('dd', attrs, value));
    return h('dl', { class: 'facts no-print', id: 'report-back-facts' },
      row('rb_facts_deputy', `${pick(rb.deputy_name)}（${rb.deputy}）`),
      row('rb_facts_when', h('time', { datetime: rb.opens_at }, timeSpan(rb.opens_at, rb.closes_at))),
      row('rb_facts_place', rb.place || '—', { class: 'user-text' }),
      row('rb_facts_state', h('span', { class: `duty-status rb-state-${sessionState(rb)}`, id: 'report-back-state' }, sessionStateName(rb))),
      rb.published_at ? row('rb_facts_published', formatDateTime(rb.published_at), { id: 'report-back-published' }) : null);
  }

  function steps(rb) {
    const s = sessionState(rb);
    const canPublish = publishes() && s === 'closed';
    const canCancel = app.handles && !['cancelled', 'published'].includes(s);
    if (!canPublish && !canCancel) return null;
    return h('div', { class: 'actions tight no-print', id: 'report-back-steps' },
      canPublish ? h('button', {
        type: 'button', class: 'btn primary', id: 'report-back-publish', 'aria-busy': state.busy === 'publish' ? 'true' : null, disabled: Boolean(state.busy),
        onclick: () => step('publish', 'rb_published_done'),
      }, t('rb_publish')) : null,
      canCancel && !state.confirming ? h('button', {
        type: 'button', class: 'btn', id: 'report-back-cancel', disabled: Boolean(state.busy),
        onclick: () => { state.confirming = true; state.done = null; render('report-back-cancel-yes'); },
      }, t('rb_cancel')) : null,
      canCancel && state.confirming ? h('div', { class: 'confirm', role: 'group', 'aria-labelledby': 'report-back-cancel-ask' },
        h('p', { id: 'report-back-cancel-ask' }, t('rb_cancel_ask')),
        h('div', { class: 'actions tight' },
          h('button', { type: 'button', class: 'btn danger', id: 'report-back-cancel-yes', 'aria-busy': state.busy === 'cancel' ? 'true' : null, disabled: Boolean(state.busy), onclick: () => step('cancel', 'rb_cancelled_done') }, t('rb_cancel_yes')),
          h('button', { type: 'button', class: 'btn', id: 'report-back-cancel-no', disabled: Boolean(state.busy), onclick: () => { state.confirming = false; render('report-back-cancel'); } }, t('rb_cancel_no')))) : null);
  }

  function results(rb) {
    const r = rb.results;
    if (!r) return h('section', { class: 'panel no-print', id: 'results' }, h('h2', {}, t('rb_results')), h('p', { class: 'hint' }, t('rb_results_hidden')));
    return h('section', { class: 'panel no-print', id: 'results', 'aria-labelledby': 'results-title', 'data-total': String(r.total) },
      h('h2', { id: 'results-title' }, t('rb_results')),
      h('table', { class: 'table compact results-table', id: 'results-table' },
        h('caption', { class: 'visually-hidden' }, t('rb_results_caption')),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('rb_col_verdict')), h('th', { scope: 'col', class: 'num' }, t('rb_col_votes')))),
        h('tbody', {}, VERDICTS.map((v) => h('tr', { 'data-verdict': v }, h('th', { scope: 'row' }, t(`rb_verdict_${v}`)), h('td', { class: 'num' }, String(r[v]))))),
        h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, t('rb_total_votes')), h('td', { class: 'num', id: 'results-total' }, String(r.total))))),
      h('p', { class: 'rate-value', id: 'results-share' }, t('rb_share', { share: satisfactionText(r) })),
      r.small_sample ? h('p', { class: 'notice notice-warn small-sample', id: 'results-small' }, t('rb_small_sample', { n: r.total })) : null,
      h('h3', {}, t('rb_comments', { n: r.comments.length })),
      r.comments.length
        ? h('ul', { class: 'comments', id: 'results-comments' }, r.comments.map((c) => h('li', { class: 'user-text' }, c)))
        : h('p', { class: 'hint', id: 'results-no-comments' }, t('rb_no_comments')));
  }

  function record(rb) {
    if (state.recordError) return problemNotice(state.recordError, { id: 'record-problem', role: null });
    const a = state.record;
    if (!a) return h('p', { class: 'loading', role: 'status' }, t('loading'));
    return h('section', { class: 'panel record-sheet', id: 'record-sheet', 'aria-labelledby': 'record-title' },
      h('h2', { id: 'record-title' }, t('rb_record_heading', { name: pick(a.name), year: a.year })),
      h('p', { class: 'print-only' }, rb.title),
      h('p', { class: 'archive-total', id: 'record-summary' }, t('arc_total_line', { total: a.total, version: a.rules_version })),
      archiveTables(a, { id: 'record' }),
      h('div', { class: 'actions tight no-print' },
        h('button', { type: 'button', class: 'btn', id: 'record-print', onclick: () => printOnly('print-record') }, t('rb_record_print'))));
  }

  function render(focusId = null) {
    if (disposed) return;
    const rb = state.rb;
    app.setTitle(rb ? rb.title : t('nav_report_backs'));
    app.main.dataset.state = rb ? 'ready' : state.error ? 'problem' : 'loading';
    fill(app.main,
      h('nav', { class: 'crumbs no-print', 'aria-label': t('crumbs_label') }, h('a', { href: '#/report-backs', id: 'back' }, t('rb_back'))),
      h('h1', { id: 'view-heading', tabindex: '-1', class: 'user-text no-print' }, rb ? rb.title : t('rb_heading')),
      app.takeFlash(),
      state.error ? problemNotice(state.error, { id: 'report-back-problem' }) : null,
      rb ? [
        facts(rb),
        steps(rb),
        doneNotice('rb-step-done', state.done),
        state.problem ? problemNotice(state.problem, { id: 'rb-step-problem', overrides: OVERRIDES }) : null,
        results(rb),
        record(rb),
      ] : (state.error ? null : h('p', { class: 'loading', role: 'status' }, t('loading'))));
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
