// Report step 2: what happened, typed or put together from the category's common phrases.

import { state, editDraft, MAX_DESCRIPTION } from '../state.js';
import { h } from '../dom.js';
import { t, pick, getLang } from '../i18n.js';
import { phrases } from '../catalog.js';
import { go } from '../router.js';
import { stepHeader, navRow } from '../ui.js';
import { advises } from './emergency.js';

const charCount = () => t('chars', { n: [...state.draft.description].length, max: MAX_DESCRIPTION });

export function render() {
  const { draft } = state;
  const counter = h('p', { class: 'hint', id: 'counter' }, charCount());
  const error = h('p', { class: 'error', role: 'alert', id: 'describe-error' });
  const area = h('textarea', {
    id: 'description', class: 'describe', maxlength: String(MAX_DESCRIPTION), 'aria-describedby': 'counter describe-error',
    oninput: (e) => {
      editDraft({ description: e.target.value });
      counter.textContent = charCount();
      error.textContent = '';
    },
  });
  area.value = draft.description;
  const chips = phrases(draft.category, getLang()).map((phrase) => h('button', {
    type: 'button', class: 'chip', onclick: () => {
      const { description } = state.draft;
      const sep = description && !/[。，,.\s]$/.test(description) ? (getLang() === 'en' ? '. ' : '，') : '';
      editDraft({ description: (description + sep + phrase).slice(0, MAX_DESCRIPTION) });
      area.value = state.draft.description;
      counter.textContent = charCount();
      error.textContent = '';
    },
  }, phrase));
  return [
    ...stepHeader(2, t('describe_title'), t('describe_hint')),
    h('p', { class: 'hint' }, `${t('review_category')}：${pick(draft.category?.name)}`),
    h('div', { class: 'chips', role: 'group', 'aria-label': t('describe_hint') }, chips),
    h('label', { class: 'field', for: 'description' }, t('describe_label')),
    area,
    counter,
    error,
    navRow(() => go(advises(draft.category) ? 'emergency' : 'category'), () => {
      if (!state.draft.description.trim()) {
        error.textContent = t('describe_empty');
        area.focus();
        return;
      }
      go('photos');
    }),
  ];
}
