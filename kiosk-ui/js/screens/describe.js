// Report step 2: what happened, typed or put together from the category's common phrases and the phrases every
// category offers (常用补充). On the kiosk, which has no keyboard, a pinyin pad (pinyin-pad.js) types into the
// same textarea: the text stays in one place, with one limit and one counter.

import { state, editDraft, editView, MAX_DESCRIPTION } from '../state.js';
import { h } from '../dom.js';
import { t, pick, getLang } from '../i18n.js';
import { phrases, extraPhrases } from '../catalog.js';
import { pinyinPad } from '../pinyin-pad.js';
import { go } from '../router.js';
import { stepHeader, navRow } from '../ui.js';
import { advises } from './emergency.js';

const SEPARATORS = ['，', '. ', ', '];

// Lengths in code points, as the server counts them (an emoji is one character), not in UTF-16 units (which the
// textarea's `maxlength` would count): the counter, the limit and the server agree.
const length = (text) => [...text].length;
const clip = (text) => (length(text) > MAX_DESCRIPTION ? [...text].slice(0, MAX_DESCRIPTION).join('') : text);

/** `description` with `phrase` added at the end (after a separator when the text does not end with one). */
function withPhrase(description, phrase) {
  const sep = description && !/[。，,.\s]$/.test(description) ? (getLang() === 'en' ? '. ' : '，') : '';
  return clip(description + sep + phrase);
}

/** `description` without (the last) `phrase`, and without the separator that joined it to the rest. */
function withoutPhrase(description, phrase) {
  const at = description.lastIndexOf(phrase);
  let before = description.slice(0, at);
  let after = description.slice(at + phrase.length);
  const sepBefore = SEPARATORS.find((sep) => before.endsWith(sep));
  const sepAfter = SEPARATORS.find((sep) => after.startsWith(sep));
  // "A，phrase，B" → "A，B"; "phrase，B" → "B"; "A，phrase" → "A"; "A，phraseB" → "A，B".
  if (sepBefore && (sepAfter || !after)) before = before.slice(0, -sepBefore.length);
  else if (sepAfter && !before) after = after.slice(sepAfter.length);
  return before + after;
}

const charCount = () => t('chars', { n: length(state.draft.description), max: MAX_DESCRIPTION });

export function render() {
  const { draft } = state;
  const counter = h('p', { class: 'hint', id: 'counter' }, charCount());
  const error = h('p', { class: 'error', role: 'alert', id: 'describe-error' });
  // Text over the limit (pasted, or typed at the end) is cut here, and the resident is told so.
  const area = h('textarea', {
    id: 'description', class: 'describe', 'aria-describedby': 'counter describe-error',
    oninput: (e) => {
      const kept = clip(e.target.value);
      const cut = kept !== e.target.value;
      if (cut) e.target.value = kept;
      setDescription(kept);
      if (cut) error.textContent = t('describe_cut', { max: MAX_DESCRIPTION });
    },
  });
  area.value = draft.description;
  // A phrase chip toggles: pressed while its phrase is in the text; a tap adds it, a second tap takes it out.
  const chip = (phrase) => h('button', {
    type: 'button', class: 'chip', 'data-phrase': phrase, 'aria-pressed': String(draft.description.includes(phrase)),
    onclick: () => {
      const { description } = state.draft;
      setDescription(description.includes(phrase) ? withoutPhrase(description, phrase) : withPhrase(description, phrase));
      area.value = state.draft.description;
    },
  }, phrase);
  const chips = phrases(draft.category, getLang()).map(chip);
  const extra = extraPhrases(draft.category, getLang()).map(chip);
  const showPressed = () => [...chips, ...extra].forEach((c) => c.setAttribute('aria-pressed', String(state.draft.description.includes(c.dataset.phrase))));
  const setDescription = (description) => {
    editDraft({ description });
    counter.textContent = charCount();
    error.textContent = '';
    showPressed();
  };

  // The pinyin pad, under the textarea while open; the textarea then asks for no system keyboard.
  const slot = h('div', { class: 'pad-slot', id: 'pad-slot' });
  const toggle = h('button', {
    type: 'button', class: 'btn pad-toggle', id: 'pad-toggle', 'aria-controls': 'pad-slot', 'aria-expanded': 'false',
    onclick: () => {
      if (state.view.pad) {
        closePad();
        return;
      }
      openPad();
      // The text and the whole pad on screen together, from the textarea's label down.
      toggle.scrollIntoView({ block: 'start' });
    },
  }, t('pad_open'));
  const openPad = () => {
    editView({ pad: true });
    toggle.setAttribute('aria-expanded', 'true');
    toggle.textContent = t('pad_close');
    area.setAttribute('inputmode', 'none');
    area.classList.add('with-pad');
    slot.replaceChildren(pinyinPad({
      getText: () => state.draft.description,
      setText: (text) => {
        const kept = clip(text);
        setDescription(kept);
        area.value = kept;
        area.scrollTop = area.scrollHeight;
        if (kept !== text) error.textContent = t('describe_cut', { max: MAX_DESCRIPTION });
      },
      typed: state.view.pinyin ?? '',
      onTyped: (letters) => editView({ pinyin: letters }),
      onClose: () => {
        closePad();
        toggle.focus();
      },
    }));
  };
  const closePad = () => {
    editView({ pad: false, pinyin: '' });
    toggle.setAttribute('aria-expanded', 'false');
    toggle.textContent = t('pad_open');
    area.removeAttribute('inputmode');
    area.classList.remove('with-pad');
    slot.replaceChildren();
  };
  // Only on the kiosk: a phone has a keyboard of its own.
  const withPad = state.mode === 'kiosk';
  if (withPad && state.view.pad) openPad();
  return [
    ...stepHeader(2, t('describe_title'), t('describe_hint')),
    h('p', { class: 'hint' }, `${t('review_category')}：${pick(draft.category?.name)}`),
    h('div', { class: 'chips', role: 'group', 'aria-label': t('describe_hint'), 'data-group': 'category' }, chips),
    extra.length ? h('p', { class: 'chips-label', id: 'phrases-more' }, t('phrases_more')) : null,
    extra.length ? h('div', { class: 'chips', role: 'group', 'aria-labelledby': 'phrases-more', 'data-group': 'extra' }, extra) : null,
    h('div', { class: 'describe-head' }, h('label', { class: 'field', for: 'description' }, t('describe_label')), withPad ? toggle : null),
    area,
    counter,
    error,
    withPad ? slot : null,
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
