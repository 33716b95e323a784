// The phone tracking page (/t/{tracking_code}): status, answer and timeline, and the satisfaction rating once
// the report is answered (or "was it actually fixed?" weeks after it closed).

import { api } from './api.js';
import { h } from './dom.js';
import { t, pick, setLang, getLang, labelSwitches } from './i18n.js';
import { trackStatus, trackHistory, verdictChoices, verdictLine, sendStep, lookupFailure } from './track-view.js';

const code = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
const state = { result: null, error: null, verdict: null, comment: '', message: null, busy: false };

const button = (label, onclick, cls = 'btn', attrs = {}) => h('button', { type: 'button', class: cls, onclick, ...attrs }, label);

async function load() {
  try {
    state.result = await api.track(code);
    state.error = null;
  } catch (err) {
    state.error = lookupFailure(err);
  }
  render();
}

async function act(action) {
  if (state.busy) return;
  state.busy = true;
  const { result, error } = await sendStep(state.result.tracking_code, action);
  state.busy = false;
  if (result) state.result = result;
  state.message = error || t('rate_thanks');
  render();
}

function ratingForm() {
  const comment = h('textarea', { id: 'rate-comment', class: 'describe', maxlength: '500', oninput: (e) => { state.comment = e.target.value; } });
  comment.value = state.comment;
  comment.style.minHeight = '140px';
  return h('section', { class: 'rate', 'aria-labelledby': 'rate-title' },
    verdictChoices(state.verdict, (verdict) => { state.verdict = verdict; state.message = null; render(); }),
    h('label', { class: 'field', for: 'rate-comment' }, t('rate_comment')),
    comment,
    h('div', { class: 'actions' }, button(t('rate_send'), () => {
      if (!state.verdict) { state.message = t('rate_pick'); render(); return; }
      act({ action: 'rate', verdict: state.verdict, comment: state.comment.trim() || null });
    }, 'btn primary', { id: 'rate-send' })));
}

function followUpForm() {
  return h('section', { class: 'rate' },
    h('h2', {}, t('follow_up_title')),
    h('div', { class: 'actions' },
      button(t('fixed_yes'), () => act({ action: 'follow_up', fixed: true }), 'btn primary', { 'data-fixed': 'true' }),
      button(t('fixed_no'), () => act({ action: 'follow_up', fixed: false }), 'btn danger', { 'data-fixed': 'false' })));
}

function render() {
  // A short title: the bar stays one row on a phone, leaving the first screen to the status and the answer.
  document.getElementById('bar-station').textContent = t('track_page_title');
  labelSwitches();
  const main = document.getElementById('screen');
  const r = state.result;
  const heading = h('h1', { class: 'screen-title', tabindex: '-1' }, r ? r.tracking_code : t('track_title'));
  const body = [heading];
  if (state.error) body.push(h('p', { class: 'error', role: 'alert' }, state.error));
  // On a phone's first screen: where it is, the answer and the rating; the details and the history below.
  if (r) {
    if (r.station) body.push(h('p', { class: 'hint' }, pick(r.station.name)));
    body.push(...trackStatus(r));
    body.push(verdictLine(r));
    if (r.may_rate) body.push(ratingForm());
    if (r.follow_up_question) body.push(followUpForm());
  }
  if (state.message) body.push(h('p', { class: 'notice', role: 'status', id: 'rate-message' }, state.message));
  if (r) body.push(...trackHistory(r));
  body.push(h('div', { class: 'actions' }, button(t('refresh'), load, 'btn', { id: 'refresh' })));
  main.replaceChildren(...body.filter(Boolean));
  document.title = `${t('track_title')} · ${t('app_title')}`;
}

document.getElementById('btn-lang').addEventListener('click', () => { setLang(getLang() === 'zh' ? 'en' : 'zh'); render(); });
document.getElementById('btn-large').addEventListener('click', () => { document.documentElement.classList.toggle('large'); render(); });
setLang('zh');
load();
