// 述职评议 (#/report-back/{id}): a deputy reports back to the voters, and residents rate them. The session
// (`GET /api/v1/report-backs/{id}`, public while voting is open or once published) and the deputy's one-page
// record (`GET …/record`: their points archive for the year, drawn by /ui/shared/points.js); while voting is
// open, the rating (满意 / 基本满意 / 不满意) with an optional comment, sent as the signed-in resident whose account
// has a phone number, or with a phone number proven by a texted code (phone-code.js): `POST …/votes`. What stands
// in the way is said in words (rated already, voting closed, a wrong code); once the committee publishes the
// results, they show here. The title, the record's labels and the comments are put on the page as text.

import { h, fill } from '/ui/shared/dom.js';
import { request, ApiError } from '/ui/shared/api.js';
import { t, pick } from '/ui/shared/i18n.js';
import { timeSpan } from '/ui/shared/span.js';
import { ruleTable, entryList, signedPoints } from '/ui/shared/points.js';
import { phoneCode } from './phone-code.js';
import { resultsBox } from './report-back-results.js';

const VERDICTS = ['satisfied', 'mostly', 'not_satisfied'];
const MAX_COMMENT = 500;
const OVERRIDES = { already_voted: 'vote_already', voting_closed: 'vote_closed', report_back_not_found: 'vote_not_found' };

/** Where the session stands: `open`, `published`, `cancelled` or `closed`. */
function stage(s) {
  if (s.open) return 'open';
  if (s.published_at) return 'published';
  return s.cancelled ? 'cancelled' : 'closed';
}

export function reportBackView(app, { code: id }) {
  const state = { session: null, record: null, error: null, me: null, verdict: null, comment: '', busy: false, problem: null, field: null, done: null };
  const path = `/api/v1/report-backs/${id}`;
  const proof = phoneCode({ redraw: () => render() });
  let disposed = false;

  async function load() {
    try {
      const [session, record] = await Promise.all([request(path), request(`${path}/record`)]);
      state.session = session;
      state.record = record.record;
      state.error = null;
    } catch (err) {
      state.error = err;
    }
  }

  /** The signed-in resident's account when it has a phone number (it votes with it); else null. */
  async function loadMe() {
    try {
      const me = await app.loadMe();
      state.me = me?.phone ? me : null;
    } catch {
      state.me = null;
    }
  }

  function say(problem, field = null) {
    state.problem = problem;
    state.field = field;
    render('vote-problem');
  }

  async function sendCode() {
    if (!proof.valid()) return say(t('phone_invalid'), 'phone');
    state.busy = true;
    say(null);
    try {
      await proof.send();
    } catch (err) {
      state.problem = err;
    }
    state.busy = false;
    render(state.problem ? 'vote-problem' : 'code');
    return undefined;
  }

  /** The server's refusal of a vote, in words: the field it names, or the problem's own words. */
  function refusal(err) {
    if (!(err instanceof ApiError) || err.code !== 'validation_failed' || !err.errors.length) return err;
    const first = err.errors[0];
    if (first.field === 'comment') return t('vote_comment_long');
    if (first.field === 'phone') return t('vote_phone_needed');
    if (first.field === 'verdict') return t('vote_verdict_needed');
    return err;
  }

  async function vote() {
    if (state.busy) return;
    if (!state.verdict) return say(t('vote_pick'), `vote-${VERDICTS[0]}`);
    const body = { verdict: state.verdict };
    if (state.comment.trim()) body.comment = state.comment.trim();
    if (!state.me) {
      if (!proof.valid()) return say(t('phone_invalid'), 'phone');
      const code = proof.code();
      if (!proof.sent() || !code) return say(t('vote_code_first'), proof.sent() ? 'code' : 'send-code');
      Object.assign(body, { phone: proof.number(), code });
    }
    state.busy = true;
    say(null);
    try {
      const options = { method: 'POST', json: body };
      state.done = state.me ? await app.session.call(`${path}/votes`, options) : await request(`${path}/votes`, options);
      proof.clear();
      Object.assign(state, { verdict: null, comment: '' });
    } catch (err) {
      state.problem = refusal(err);
      state.field = err instanceof ApiError && err.code === 'invalid_phone_code' ? 'code' : null;
      if (err instanceof ApiError && err.code === 'voting_closed') {
        try {
          state.session = await request(path);
        } catch {
          // Closed and not published: no longer public. The page says it is closed.
          state.session = { ...state.session, open: false };
        }
      }
    }
    state.busy = false;
    render(state.done ? 'vote-done' : 'vote-problem');
    return undefined;
  }

  function problemBox() {
    if (!state.problem) return null;
    if (typeof state.problem === 'string') return h('div', { class: 'notice notice-error', role: 'alert', id: 'vote-problem' }, h('p', { class: 'notice-text' }, state.problem));
    return app.problem(state.problem, { id: 'vote-problem', overrides: OVERRIDES });
  }

  function record(name) {
    const a = state.record;
    if (!a) return null;
    return h('section', { class: 'panel', id: 'vote-record', 'aria-labelledby': 'vote-record-title' },
      h('h2', { id: 'vote-record-title' }, t('vote_record_title', { name })),
      h('p', { class: 'muted' }, t('vote_record_year', { year: a.year, version: a.rules_version })),
      h('p', { class: 'record-total' }, t('points_total_row'), '：', h('strong', { id: 'vote-record-total', 'data-total': String(a.total) }, signedPoints(a.total))),
      ruleTable(a, { id: 'vote-record-rules' }),
      a.entries?.length ? h('details', { class: 'record-entries' },
        h('summary', { id: 'vote-record-more' }, t('vote_entries_show', { n: a.entries.length })),
        entryList(a, { id: 'vote-record-entries' })) : null);
  }

  function form(name) {
    const comment = h('textarea', { id: 'vote-comment', maxlength: MAX_COMMENT, 'aria-describedby': 'vote-comment-hint', oninput: (e) => { state.comment = e.target.value; } });
    comment.value = state.comment;
    return h('section', { class: 'panel vote-panel', id: 'vote-form', 'aria-labelledby': 'vote-form-title' },
      h('h2', { id: 'vote-form-title' }, t('vote_form_title')),
      problemBox(),
      h('form', { novalidate: true, onsubmit: (e) => { e.preventDefault(); vote(); } },
        h('fieldset', { class: 'verdicts' },
          h('legend', {}, t('vote_question', { name })),
          VERDICTS.map((v) => h('label', { class: `choice verdict verdict-${v}`, for: `vote-${v}` },
            h('input', { type: 'radio', name: 'verdict', id: `vote-${v}`, value: v, checked: state.verdict === v,
              onchange: () => { state.verdict = v; } }),
            h('span', {}, t(`verdict_${v}`))))),
        h('label', { for: 'vote-comment' }, t('vote_comment')),
        h('p', { class: 'hint', id: 'vote-comment-hint' }, t('vote_comment_hint')),
        comment,
        state.me
          ? h('p', { class: 'notice', id: 'vote-as' }, t('vote_as_account', { phone: state.me.phone }))
          : [h('p', { class: 'hint', id: 'vote-phone-why' }, t('vote_phone_why')),
            proof.fields({ invalid: state.field, busy: state.busy, onSend: sendCode, label: t('vote_phone_label') })],
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary wide', id: 'vote-submit', disabled: state.busy, 'aria-busy': state.busy ? 'true' : null },
          state.busy ? t('vote_sending') : t('vote_submit')))));
  }

  function outcome(s) {
    if (state.done) {
      return h('div', { class: 'notice notice-ok', id: 'vote-done', role: 'status', tabindex: '-1' },
        h('p', { class: 'notice-text' }, t('vote_done')),
        h('p', {}, t('vote_done_count', { n: state.done.total })));
    }
    const now = stage(s);
    if (now === 'open') return null;
    if (now === 'published') {
      return h('section', { class: 'panel', id: 'vote-results', 'aria-labelledby': 'vote-results-title' },
        h('h2', { id: 'vote-results-title' }, t('vote_results_title')), resultsBox(s.results));
    }
    if (now === 'cancelled') return h('p', { class: 'notice', id: 'vote-ended' }, t('vote_cancelled_text'));
    const early = new Date(s.opens_at).getTime() > Date.now();
    return h('p', { class: 'notice', id: 'vote-ended' }, early ? t('vote_not_yet', { when: timeSpan(s.opens_at) }) : t('vote_ended_text'));
  }

  function render(focusId = null) {
    if (disposed) return;
    const s = state.session;
    app.setTitle(s ? s.title : t('vote_title'));
    const heading = h('h1', { id: 'view-heading', tabindex: '-1', class: s ? 'user-text' : null }, s ? s.title : t('vote_title'));
    if (!s) {
      fill(app.main, heading, state.error
        ? [app.problem(state.error, { id: 'vote-load-problem', role: null, overrides: OVERRIDES }),
          h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'retry', onclick: () => load().then(() => render()) }, t('retry')))]
        : h('p', { class: 'loading', role: 'status' }, t('loading')));
      app.main.dataset.state = state.error ? 'problem' : 'loading';
      return;
    }
    const name = pick(s.deputy_name);
    const now = stage(s);
    fill(app.main, heading,
      h('p', { class: 'report-top' }, h('span', { class: `status-chip vote-state-${now}`, id: 'vote-state', 'data-stage': now }, t(`vote_state_${now}`))),
      h('p', { class: 'hint' }, t('vote_intro')),
      h('p', { class: 'station-address', id: 'vote-deputy' }, t('vote_deputy', { name })),
      h('p', {}, t('vote_when', { when: timeSpan(s.opens_at, s.closes_at) })),
      s.place ? h('p', { class: 'user-text' }, t('vote_place', { place: s.place })) : null,
      app.takeFlash(),
      outcome(s),
      record(name),
      now === 'open' && !state.done ? form(name) : null,
      now !== 'open' && state.problem ? problemBox() : null);
    app.main.dataset.state = 'ready';
    app.main.dataset.stage = state.done ? 'voted' : now;
    if (focusId) app.focusOn(focusId);
  }

  return {
    render: () => render(),
    async start() {
      render();
      await Promise.all([loadMe(), load()]);
      render();
    },
    dispose() {
      disposed = true;
      proof.dispose();
      delete app.main.dataset.stage;
    },
  };
}
