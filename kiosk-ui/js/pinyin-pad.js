// The on-screen pinyin pad, for a kiosk with no keyboard of its own: letter keys spell pinyin, a bar of big
// buttons offers the words it could be (js/pinyin.js, from the word list fetched when a pad first opens), and a
// tap on one writes it. Digits and ，。？ are keys of their own. The text lives with the caller (`getText`,
// `setText`: the description's textarea, which keeps its limits); the pad only ever appends to it or takes its
// last character away.
//
// Keys: a letter adds to the pinyin; 删除 takes away the last letter, or with no letters the text's last
// character; 确认 (空格 when nothing is typed) writes the first candidate; a digit or a mark first writes what is
// typed (the first candidate, again and again, until no letters are left); 清空 asks before it clears the text.

import { h } from './dom.js';
import { t } from './i18n.js';
import { loadDictionary, candidates } from './pinyin.js';

const PAGE = 8; // candidates on one page of the bar
const MAX_LETTERS = 30;
const LETTER_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const MARKS = [['，', 'pad_comma'], ['。', 'pad_period'], ['？', 'pad_question']];

let dictionary = null; // once loaded, for every pad after the first

const key = (label, onclick, attrs = {}, cls = '') => h('button', { type: 'button', class: `pad-key ${cls}`.trim(), onclick, ...attrs }, label);

/**
 * A pad for the text that `getText` reads and `setText` writes. `typed` is pinyin already typed (the pad drawn
 * again after a language switch) and `onTyped(letters)` hears each change of it; `onClose` is its 收起 key.
 */
export function pinyinPad({ getText, setText, typed = '', onTyped = () => {}, onClose }) {
  let letters = typed;
  let page = 0;
  let found = [];
  let failed = false;

  const shown = h('div', { class: 'pad-typed', id: 'pad-typed', role: 'status', 'aria-live': 'polite', 'aria-labelledby': 'pad-typed-label' });
  const bar = h('div', { class: 'pad-candidates', id: 'pad-candidates', role: 'group', 'aria-label': t('pad_candidates') });
  const space = key('', () => (letters ? choose(found[0]) : write(' ')), { 'data-pad-key': 'space' }, 'wide');
  const keys = h('div', { class: 'pad-keys' });
  const confirm = h('div', { class: 'pad-confirm', id: 'pad-confirm', hidden: true });

  const append = (text) => setText(getText() + text);

  function setLetters(next) {
    letters = next;
    page = 0;
    onTyped(letters);
    update();
  }

  /** Writes `candidate` and keeps what it does not stand for typed. */
  function choose(candidate) {
    if (!candidate) return;
    append(candidate.word);
    setLetters(letters.slice(candidate.letters));
  }

  /** Writes whatever is typed, a candidate at a time (the letters themselves when none fits), then `text`. */
  function write(text) {
    while (letters) {
      const [first] = found;
      if (!first || first.raw) {
        append(letters);
        setLetters('');
      } else {
        choose(first);
      }
    }
    append(text);
  }

  // Pinyin for a few words at most (the candidates are for the start of it anyway); more letters are not added.
  const type = (letter) => letters.length < MAX_LETTERS && setLetters(letters + letter);

  function backspace() {
    if (letters) setLetters(letters.slice(0, -1));
    else setText([...getText()].slice(0, -1).join(''));
  }

  function askClear() {
    if (!getText()) {
      setLetters('');
      return;
    }
    keys.hidden = true;
    confirm.hidden = false;
    confirm.querySelector('[data-pad-key="clear-no"]').focus();
  }

  function endClear(clear) {
    if (clear) {
      setText('');
      setLetters('');
    }
    confirm.hidden = true;
    keys.hidden = false;
    keys.querySelector('[data-pad-key="clear"]').focus();
  }

  function update() {
    shown.replaceChildren(letters
      ? h('span', { class: 'pad-letters', id: 'pad-letters-shown' }, letters)
      : h('span', { class: 'pad-placeholder' }, t('pad_hint')));
    space.textContent = letters ? t('pad_commit') : t('pad_space');
    found = dictionary && letters ? candidates(dictionary, letters) : [];
    if (letters) found.push({ word: letters, letters: letters.length, raw: true });
    renderBar();
  }

  function renderBar() {
    const note = dictionary ? null : failed
      ? h('p', { class: 'pad-note', role: 'alert' }, t('pad_failed'), ' ', key(t('pad_retry'), load, { id: 'pad-retry' }, 'fn'))
      : h('p', { class: 'pad-note' }, t('pad_loading'));
    if (!letters) {
      bar.replaceChildren(...[note].filter(Boolean));
      return;
    }
    const pages = Math.max(1, Math.ceil(found.length / PAGE));
    page = Math.min(page, pages - 1);
    const words = found.slice(page * PAGE, (page + 1) * PAGE).map((candidate, i) => h('button', {
      type: 'button', class: candidate.raw ? 'pad-candidate raw' : 'pad-candidate',
      'data-candidate': String(page * PAGE + i), lang: candidate.raw ? 'en' : null,
      'aria-label': candidate.raw ? t('pad_letters', { letters: candidate.word }) : null,
      onclick: () => choose(candidate),
    }, candidate.word));
    // Only the letters themselves: nothing in the word list fits.
    const none = dictionary && found.length === 1 ? h('p', { class: 'pad-note' }, t('pad_none')) : null;
    const turn = (label, to, id) => (pages > 1 ? h('button', {
      type: 'button', class: 'pad-page', id, disabled: to < 0 || to >= pages, onclick: () => { page = to; renderBar(); },
    }, label) : null);
    bar.replaceChildren(...[turn(t('pad_prev'), page - 1, 'pad-prev'), note, none, ...words, turn(t('pad_next'), page + 1, 'pad-next')].filter(Boolean));
  }

  function load() {
    failed = false;
    renderBar();
    loadDictionary().then((loaded) => {
      dictionary = loaded;
      update();
    }, () => {
      failed = true;
      renderBar();
    });
  }

  const rows = LETTER_ROWS.map((row) => h('div', { class: 'pad-row' },
    [...row].map((c) => key(c, () => (/\d/.test(c) ? write(c) : type(c)), { 'data-pad-key': c, 'aria-label': c }))));
  rows[2].append(key(t('delete_key'), backspace, { 'data-pad-key': 'backspace' }, 'fn'));
  rows[3].append(...MARKS.map(([mark, name]) => key(mark, () => write(mark), { 'data-pad-key': mark, 'aria-label': t(name) })));
  rows.push(h('div', { class: 'pad-row' },
    key(t('clear'), askClear, { 'data-pad-key': 'clear' }, 'fn double'),
    space,
    key(t('pad_hide'), onClose, { 'data-pad-key': 'close' }, 'fn double')));
  keys.append(...rows);
  confirm.append(
    h('p', { class: 'pad-ask', role: 'alert' }, t('pad_clear_ask')),
    h('div', { class: 'pad-row' },
      key(t('pad_clear_yes'), () => endClear(true), { 'data-pad-key': 'clear-yes' }, 'fn danger double'),
      key(t('pad_clear_no'), () => endClear(false), { 'data-pad-key': 'clear-no' }, 'fn double')));

  update();
  if (!dictionary) load();
  return h('section', { class: 'pinyin-pad', id: 'pinyin-pad', 'aria-label': t('pad_label') },
    h('div', { class: 'pad-head' }, h('span', { class: 'pad-head-label', id: 'pad-typed-label' }, t('pad_typed')), shown),
    bar, keys, confirm);
}
