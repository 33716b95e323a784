// Pieces every screen shows the same way: the language switch in the header, a problem explained (with the
// code and request id to quote), a notice, and moving focus to what just changed.

import { h } from './dom.js';
import { explain } from './api.js';
import { t, getLang, setLang, applyLang } from './i18n.js';

/**
 * Wires the header's language button (`<button id="…">`): labelled in the other language, it switches
 * between Chinese and English.
 */
export function languageSwitch(button) {
  const label = () => {
    button.textContent = t('lang_switch');
    button.setAttribute('lang', getLang() === 'en' ? 'zh-CN' : 'en');
    button.setAttribute('aria-label', t('lang_switch_label'));
  };
  button.addEventListener('click', () => {
    setLang(getLang() === 'en' ? 'zh' : 'en');
    label();
  });
  applyLang();
  label();
}

/**
 * A problem, explained: the message in words, then the code and request id in small print. `role` is
 * `alert` for something that just went wrong, or nothing when it is the page's content.
 */
export function problemNotice(err, { id, overrides, role = 'alert' } = {}) {
  const { message, code, requestId } = explain(err, overrides);
  return h('div', { class: 'notice notice-error', id, role },
    h('p', { class: 'notice-text' }, message),
    code ? h('p', { class: 'notice-meta problem-code' }, t('problem_code', { code })) : null,
    requestId ? h('p', { class: 'notice-meta problem-request' }, t('problem_request', { id: requestId })) : null);
}

/** A short notice: `kind` is `ok`, `info` or `error`; `status` role unless told otherwise. */
export function notice(kind, text, { id, role = kind === 'error' ? 'alert' : 'status' } = {}) {
  return h('div', { class: `notice notice-${kind}`, id, role }, h('p', { class: 'notice-text' }, text));
}

/** Moves keyboard and screen-reader focus to the element with `id` (after the next render). */
export function focusOn(id) {
  const el = id && document.getElementById(id);
  if (!el) return;
  if (!el.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: false });
}
