// Tracking on the kiosk: the code on a big keypad, then the report's status and timeline, and once it is
// answered the resident's rating (the phone page's, without the comment: a tap on a verdict, then send).

import { api } from '../api.js';
import { state, editView } from '../state.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { go, render as rerender, resetAll } from '../router.js';
import { button, title, actionBar } from '../ui.js';
import { trackStatus, trackHistory, verdictChoices, verdictLine, sendStep, lookupFailure } from '../track-view.js';

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 9;

const groupCode = (code) => code.match(/.{1,3}/g)?.join('-') ?? '';

export function render() {
  const view = state.view;
  if (view.result) return renderResult(view.result);
  const display = h('div', { class: 'display', id: 'code-display', role: 'status', 'aria-live': 'polite' }, `LS-${groupCode(view.code)}`);
  const error = h('p', { class: 'error', role: 'alert', id: 'track-error' }, view.error || '');
  const setCode = (code) => {
    editView({ code });
    display.textContent = `LS-${groupCode(code)}`;
    error.textContent = '';
  };
  const keys = [...CODE_ALPHABET].map((c) => button(c, () => { if (view.code.length < CODE_LENGTH) setCode(view.code + c); }, 'key', { 'data-key': c }));
  keys.push(button(t('clear'), () => setCode(''), 'key fn', { 'data-key': 'clear' }));
  keys.push(button(t('delete_key'), () => setCode(view.code.slice(0, -1)), 'key fn', { 'data-key': 'back' }));
  const lookUp = async () => {
    if (view.code.length !== CODE_LENGTH) {
      error.textContent = t('track_bad');
      return;
    }
    try {
      const result = await api.track(view.code);
      if (state.view === view) {
        editView({ result });
        rerender(true);
      }
    } catch (err) {
      if (state.view !== view) return;
      error.textContent = lookupFailure(err);
    }
  };
  return [
    title(t('track_title')),
    h('p', { class: 'hint' }, t('track_hint')),
    display,
    error,
    h('div', { class: 'keypad wide', role: 'group', 'aria-label': t('track_hint') }, keys),
    actionBar(
      button(t('home'), resetAll, 'btn', { 'data-nav': 'home' }),
      h('span', { class: 'spacer' }),
      button(t('track_go'), lookUp, 'btn primary', { id: 'track-go' })),
  ];
}

function renderResult(result) {
  const { verdict, message, error } = state.view;
  return [
    title(`${t('track_title')}：${result.tracking_code}`),
    ...trackStatus(result),
    verdictLine(result),
    result.may_rate ? ratingForm(verdict) : null,
    message ? h('p', { class: 'notice', role: 'status', id: 'rate-message' }, message) : null,
    error ? h('p', { class: 'error', role: 'alert', id: 'rate-error' }, error) : null,
    ...trackHistory(result),
    actionBar(
      button(t('home'), resetAll, 'btn', { 'data-nav': 'home' }),
      h('span', { class: 'spacer' }),
      button(t('track_again'), () => go('track', { code: '' }), 'btn primary', { id: 'track-again' })),
  ];
}

function ratingForm(verdict) {
  const pickVerdict = (value) => { editView({ verdict: value, error: null }); rerender(); };
  return h('section', { class: 'rate', 'aria-labelledby': 'rate-title' },
    verdictChoices(verdict, pickVerdict),
    h('div', { class: 'actions' }, button(t('rate_send'), rate, 'btn primary', { id: 'rate-send' })));
}

async function rate() {
  const view = state.view;
  if (view.sending) return;
  if (!view.verdict) {
    editView({ error: t('rate_pick') });
    rerender();
    return;
  }
  editView({ sending: true, error: null });
  const { result, error } = await sendStep(view.result.tracking_code, { action: 'rate', verdict: view.verdict });
  if (state.view !== view) return; // the resident has moved on (or the idle reset)
  editView(result ? { result, sending: false, message: t('rate_thanks') } : { sending: false, error });
  rerender();
}
