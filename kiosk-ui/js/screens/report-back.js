// 为代表评议 on the kiosk (report-back-board.js says how a resident gets here): the session and the deputy's
// one-page record in large type (`GET /api/v1/report-backs/{id}` and `…/record`: their points archive, each rule's
// total), then the three big rating buttons; then the voter's mobile number on the keypad, a code texted to it
// (`POST /api/v1/auth/phone/code`), the code on the keypad, and the vote sent as the kiosk
// (`POST /api/v1/report-backs/{id}/votes` with `{verdict, phone, code}`). Everything the resident enters lives in
// this screen's own data: the idle reset (or 回首页) replaces it, and the number and code are dropped once used.
// What stands in the way is said in words: rated already, voting closed, a wrong code.

import { api, kioskCall } from '../api.js';
import { state, editView } from '../state.js';
import { h } from '../dom.js';
import { t, pick } from '../i18n.js';
import { render as rerender, resetAll } from '../router.js';
import { button, title, actionBar, formatPhone } from '../ui.js';
import { pointsText } from '../report-back-board.js';

const VERDICTS = ['satisfied', 'mostly', 'not_satisfied'];
const RULES = [
  'activity_present', 'activity_absent', 'activity_excused', 'reception_day',
  'report_on_time', 'report_late', 'report_satisfied', 'report_mostly', 'report_not_satisfied',
  'suggestion_submitted', 'suggestion_quality_check', 'suggestion_satisfied', 'suggestion_mostly', 'suggestion_not_satisfied',
  'report_back_held',
];
const validPhone = (phone) => /^1[3-9]\d{9}$/.test(phone);
let ticker = null;

const homeButton = (cls = 'btn') => button(t('home'), resetAll, cls, { 'data-nav': 'home' });

/** A new stage of the vote: drawn afresh, its heading focused, taps ignored for a moment (router.js). */
function stage(name, changes = {}) {
  editView({ stage: name, message: null, busy: false, ...changes });
  rerender(true);
}

export function render() {
  const view = state.view;
  if (!view.session && !view.error) {
    load(view);
    return [title(t('rb_title')), h('p', { class: 'loading' }, t('loading')), actionBar(homeButton())];
  }
  if (view.error) return [title(t('rb_title')), h('p', { class: 'error rb-big', role: 'alert', id: 'rb-error' }, view.error), actionBar(homeButton('btn primary'))];
  if (view.stage === 'phone') return phoneStage(view);
  if (view.stage === 'code') return codeStage(view);
  if (view.stage === 'done') return doneStage(view);
  if (view.stage === 'refused') return [title(t('rb_title')), h('p', { class: 'error rb-big', role: 'alert', id: 'rb-refused' }, view.message), actionBar(homeButton('btn primary'))];
  return recordStage(view);
}

/** Marks the screen with its stage (for staff and the tests). */
export function shown() {
  document.getElementById('screen').dataset.stage = state.view.error ? 'problem' : state.view.session ? state.view.stage || 'record' : 'loading';
}

export function leave() {
  clearInterval(ticker);
  delete document.getElementById('screen').dataset.stage;
}

function load(view) {
  Promise.all([api.reportBack(view.id), api.reportBackRecord(view.id)])
    .then(([session, record]) => {
      if (state.view !== view) return;
      editView(session.open ? { session, record: record.record, stage: 'record', phone: '', code: '' } : { error: t('rb_closed') });
      rerender();
    })
    .catch((err) => {
      if (state.view !== view) return;
      editView({ error: err.status === 404 ? t('rb_not_found') : err.offline ? t('rb_offline') : t('rb_failed', { why: err.message }) });
      rerender();
    });
}

// ---- The record and the rating ----------------------------------------------------------------------------------

function recordBlock(record, name) {
  const rules = [...RULES.filter((r) => record.by_rule[r]), ...Object.keys(record.by_rule).filter((r) => !RULES.includes(r))];
  return h('section', { class: 'rb-record', id: 'rb-record', 'aria-labelledby': 'rb-record-title' },
    h('h2', { id: 'rb-record-title' }, t('rb_record', { name, year: record.year })),
    h('p', { class: 'rb-total' }, `${t('rb_total')}：`, h('strong', { id: 'rb-total', 'data-total': String(record.total) }, pointsText(record.total))),
    rules.length
      ? h('table', { class: 'rb-table', id: 'rb-rules' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('rb_rule')), h('th', { scope: 'col', class: 'num' }, t('rb_count')), h('th', { scope: 'col', class: 'num' }, t('rb_points')))),
        h('tbody', {}, rules.map((r) => h('tr', { 'data-rule': r },
          h('th', { scope: 'row' }, t(`rule_${r}`)),
          h('td', { class: 'num' }, String(record.by_rule[r].count)),
          h('td', { class: 'num' }, pointsText(record.by_rule[r].points))))))
      : h('p', {}, t('rb_no_points')));
}

function recordStage(view) {
  const name = pick(view.session.deputy_name);
  return [
    title(t('rb_title')),
    h('p', { class: 'rb-session', id: 'rb-session' }, view.session.title),
    h('p', { class: 'hint' }, t('rb_intro', { name })),
    recordBlock(view.record, name),
    h('h2', { id: 'rb-question' }, t('rb_question', { name })),
    h('div', { class: 'choices rb-verdicts', role: 'group', 'aria-labelledby': 'rb-question' }, VERDICTS.map((v) => button(t(`rb_${v}`),
      () => stage('phone', { verdict: v }), 'choice rb-verdict', { 'data-verdict': v, 'aria-pressed': String(view.verdict === v) }))),
    actionBar(homeButton()),
  ];
}

function verdictLine(view) {
  return h('p', { class: 'status-big', id: 'rb-verdict' }, t('rb_your_verdict', { v: t(`rb_${view.verdict}`) }));
}

// ---- The number and the code on the keypad ---------------------------------------------------------------------

/** A display and a digit keypad for `field` (`phone` or `code`, at most `max` digits) of this screen's data. */
function keypad(view, field, max, label, show) {
  const display = h('div', { class: 'display', id: `rb-${field}-display`, role: 'status', 'aria-live': 'polite', 'aria-label': label }, show(view[field]) || '—');
  const set = (value) => {
    editView({ [field]: value, message: null });
    display.textContent = show(value) || '—';
    const error = document.getElementById('rb-message');
    if (error) error.textContent = '';
  };
  const press = (digit) => () => { if (state.view[field].length < max) set(state.view[field] + digit); };
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => button(d, press(d), 'key', { 'data-key': d }));
  keys.push(button(t('clear'), () => set(''), 'key fn', { 'data-key': 'clear' }));
  keys.push(button('0', press('0'), 'key', { 'data-key': '0' }));
  keys.push(button(t('delete_key'), () => set(state.view[field].slice(0, -1)), 'key fn', { 'data-key': 'back' }));
  return [h('p', { class: 'field' }, label), display, h('div', { class: 'keypad', role: 'group', 'aria-label': label }, keys)];
}

const message = (view) => h('p', { class: 'error', role: 'alert', id: 'rb-message' }, view.message || '');

async function sendCode() {
  const view = state.view;
  if (view.busy) return;
  if (!validPhone(view.phone)) {
    editView({ message: t('rb_phone_bad') });
    rerender();
    return;
  }
  editView({ busy: true, message: null });
  rerender();
  try {
    const sent = await api.phoneCode(view.phone);
    if (state.view !== view) return; // the idle reset, or 回首页
    stage('code', { sent, code: '', resendAt: Date.now() + Number(sent.resend_after || 60) * 1000 });
  } catch (err) {
    if (state.view !== view) return;
    let words = t('rb_failed', { why: err.message });
    if (err.status === 429) words = t('rb_wait', { n: err.retryAfter ?? 60 });
    else if (err.status === 422) words = t('rb_phone_bad');
    else if (err.code === 'sms_unavailable') words = t('rb_sms_down');
    else if (err.offline) words = t('rb_offline');
    editView({ busy: false, message: words });
    rerender();
  }
}

function phoneStage(view) {
  return [
    title(t('rb_phone_title')),
    verdictLine(view),
    h('p', { class: 'hint' }, t('rb_phone_hint')),
    h('div', { class: 'two-col' },
      h('div', {}, keypad(view, 'phone', 11, t('rb_phone_label'), formatPhone)),
      h('div', {}, message(view))),
    actionBar(
      button(t('rb_change'), () => stage('record', { phone: '' }), 'btn', { 'data-nav': 'back' }),
      homeButton('btn danger'),
      h('span', { class: 'spacer' }),
      button(view.busy ? t('rb_sending') : t('rb_send_code'), sendCode, 'btn primary', { id: 'rb-send-code', disabled: view.busy, 'data-nav': 'next' })),
  ];
}

async function submit() {
  const view = state.view;
  if (view.busy) return;
  if (!/^\d{6}$/.test(view.code)) {
    editView({ message: t('rb_code_bad') });
    rerender();
    return;
  }
  editView({ busy: true, message: null });
  rerender();
  try {
    const tally = await kioskCall(`/api/v1/report-backs/${encodeURIComponent(view.id)}/votes`, {
      method: 'POST', json: { verdict: view.verdict, phone: view.phone, code: view.code },
    });
    if (state.view !== view) return;
    stage('done', { tally, phone: '', code: '', sent: null });
  } catch (err) {
    if (state.view !== view) return;
    const refused = { already_voted: 'rb_already', voting_closed: 'rb_closed', report_back_not_found: 'rb_not_found' }[err.code];
    if (refused) {
      stage('refused', { message: t(refused), phone: '', code: '', sent: null });
      return;
    }
    let words = t('rb_failed', { why: err.message });
    if (err.code === 'invalid_phone_code') words = t('rb_code_wrong');
    else if (err.status === 422) words = t('rb_phone_bad');
    else if (err.offline) words = t('rb_offline');
    editView({ busy: false, message: words, code: err.code === 'invalid_phone_code' ? '' : view.code });
    rerender();
  }
}

/** The wait before another code, counted down in place; the button comes back when it is over. */
function resendLine(view) {
  clearInterval(ticker);
  const left = () => Math.ceil((view.resendAt - Date.now()) / 1000);
  if (left() <= 0) return button(t('rb_resend'), () => stage('phone', { busy: false }), 'btn', { id: 'rb-resend' });
  ticker = setInterval(() => {
    if (state.view !== view) { clearInterval(ticker); return; }
    const el = document.getElementById('rb-resend-wait');
    if (left() > 0) { if (el) el.textContent = t('rb_resend_in', { n: left() }); return; }
    clearInterval(ticker);
    rerender();
  }, 1000);
  return h('p', { class: 'hint', id: 'rb-resend-wait' }, t('rb_resend_in', { n: left() }));
}

function codeStage(view) {
  return [
    title(t('rb_code_title')),
    verdictLine(view),
    h('p', { class: 'hint', id: 'rb-code-sent' }, t('rb_code_sent', { phone: view.sent?.phone ?? formatPhone(view.phone) })),
    h('div', { class: 'two-col' },
      h('div', {}, keypad(view, 'code', 6, t('rb_code_label'), (v) => v)),
      h('div', {}, message(view), resendLine(view))),
    actionBar(
      button(t('back'), () => stage('phone', { code: '' }), 'btn', { 'data-nav': 'back' }),
      homeButton('btn danger'),
      h('span', { class: 'spacer' }),
      button(view.busy ? t('rb_submitting') : t('rb_submit'), submit, 'btn primary', { id: 'rb-submit', disabled: view.busy, 'data-nav': 'next' })),
  ];
}

function doneStage(view) {
  return [
    h('div', { class: 'rb-done' },
      h('p', { class: 'rb-mark', 'aria-hidden': 'true' }, '✓'),
      title(t('rb_done')),
      h('p', { class: 'rb-big', id: 'rb-done-count' }, t('rb_done_count', { n: view.tally?.total ?? 0 }))),
    actionBar(homeButton('btn primary')),
  ];
}
