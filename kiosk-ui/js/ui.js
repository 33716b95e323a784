// Small pieces the kiosk's screens share: buttons, headings, the report steps' header and the bar at the bottom.

import { h } from './dom.js';
import { t, pick } from './i18n.js';
import { state } from './state.js';
import { resetAll } from './router.js';

export const button = (label, onclick, cls = 'btn', attrs = {}) => h('button', { type: 'button', class: cls, onclick, ...attrs }, label);

/** A screen's heading, focused when the screen appears. */
export function title(text) {
  return h('h1', { class: 'screen-title', tabindex: '-1' }, text);
}

/** Step `n` of the report: its heading with the step's number beside it, and its hint. */
export function stepHeader(n, text, hint) {
  return [
    h('div', { class: 'step-head' }, title(text), h('p', { class: 'steps' }, t('step', { n }))),
    toDeputy(),
    hint ? h('p', { class: 'hint' }, hint) : null,
  ];
}

/** On a form opened from a deputy's QR code: whom the report goes to, on every step. */
export function toDeputy() {
  const { deputy, draft } = state;
  if (!deputy || !draft?.deputy || deputy.code !== draft.deputy) return null;
  return h('p', { class: 'to-deputy', id: 'to-deputy' }, t('to_deputy', { name: pick(deputy.name) }));
}

/**
 * The bar at the bottom of a screen (the way forward: back, next, the step's main action), always on screen:
 * the screen's content scrolls above it. When there is more content below what shows, a hint over the bar says
 * so (the router shows and hides it as the content scrolls); a tap on it scrolls down.
 */
export function actionBar(...buttons) {
  return h('div', { class: 'action-bar' },
    h('button', { type: 'button', class: 'scroll-hint', id: 'scroll-hint', hidden: true, onclick: scrollMore },
      t('scroll_more'), h('span', { 'aria-hidden': 'true' }, ' ↓')),
    h('div', { class: 'actions' }, buttons));
}

function scrollMore() {
  const main = document.getElementById('screen');
  main.scrollBy({ top: Math.round(main.clientHeight * 0.6), behavior: 'smooth' });
}

/** Back, cancel (the reset) and next, at the bottom of each report step. */
export function navRow(back, next, nextLabel = t('next'), nextAttrs = {}) {
  return actionBar(
    back ? button(t('back'), back, 'btn', { 'data-nav': 'back' }) : null,
    button(t('cancel'), resetAll, 'btn danger', { 'data-nav': 'cancel' }),
    h('span', { class: 'spacer' }),
    next ? button(nextLabel, next, 'btn primary', { 'data-nav': 'next', ...nextAttrs }) : null);
}

/** 13812345678 → 138 1234 5678 */
export function formatPhone(phone) {
  return phone.replace(/^(\d{3})(\d{0,4})(\d{0,4})$/, (_, a, b, c) => [a, b, c].filter(Boolean).join(' '));
}
