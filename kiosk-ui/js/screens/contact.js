// Report step 5: a phone number for a call back (optional), with the resident's consent to keep and use it.

import { state, editDraft } from '../state.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { go } from '../router.js';
import { button, stepHeader, navRow, formatPhone } from '../ui.js';
import { lastStage } from './place.js';

const validPhone = (phone) => /^1\d{10}$/.test(phone);

export function render() {
  const { draft } = state;
  const display = h('div', { class: 'display', id: 'phone-display', role: 'status', 'aria-live': 'polite', 'aria-label': t('phone_label') }, formatPhone(draft.phone) || '—');
  const error = h('p', { class: 'error', role: 'alert', id: 'contact-error' });
  const setPhone = (phone) => {
    editDraft({ phone });
    display.textContent = formatPhone(phone) || '—';
    error.textContent = '';
  };
  const press = (digit) => () => { if (state.draft.phone.length < 11) setPhone(state.draft.phone + digit); };
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => button(d, press(d), 'key', { 'data-key': d }));
  keys.push(button(t('clear'), () => setPhone(''), 'key fn', { 'data-key': 'clear' }));
  keys.push(button('0', press('0'), 'key', { 'data-key': '0' }));
  keys.push(button(t('delete_key'), () => setPhone(state.draft.phone.slice(0, -1)), 'key fn', { 'data-key': 'back' }));
  const toggle = (label, key, id) => h('button', {
    type: 'button', class: 'toggle', id, 'aria-pressed': String(draft[key]),
    onclick: (e) => {
      editDraft({ [key]: !state.draft[key] });
      e.currentTarget.setAttribute('aria-pressed', String(state.draft[key]));
      e.currentTarget.querySelector('.box').textContent = state.draft[key] ? '✓' : '';
      error.textContent = '';
    },
  }, h('span', { class: 'box', 'aria-hidden': 'true' }, draft[key] ? '✓' : ''), h('span', {}, label));
  const next = () => {
    const { phone, consentPersonal } = state.draft;
    if (phone && !validPhone(phone)) {
      error.textContent = t('phone_bad');
      return;
    }
    if (phone && !consentPersonal) {
      error.textContent = t('consent_needed');
      return;
    }
    go('review');
  };
  const noPhone = () => {
    editDraft({ phone: '', consentPersonal: false, consentCall: false });
    go('review');
  };
  return [
    ...stepHeader(5, t('contact_title'), t('contact_hint')),
    h('div', { class: 'two-col' },
      h('div', {}, h('p', { class: 'field' }, t('phone_label')), display, h('div', { class: 'keypad', role: 'group', 'aria-label': t('phone_label') }, keys)),
      h('div', {},
        toggle(t('consent_personal'), 'consentPersonal', 'consent-personal'),
        toggle(t('consent_call'), 'consentCall', 'consent-call'),
        error,
        h('div', { class: 'actions' }, button(t('no_phone'), noPhone, 'btn', { id: 'no-phone' })))),
    navRow(() => go('place', { stage: lastStage() }), next),
  ];
}
