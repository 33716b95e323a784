// Pinyin → Chinese candidates for the on-screen pinyin pad, from the word list in vendor/pinyin/pinyin-words.txt
// (jieba's words with pinyin-pro's readings, most frequent first; SOURCES.md there). No DOM here: the pad
// (pinyin-pad.js) and a plain node test both use it.
//
// What is typed is matched against each word's syllables directly, without first cutting it into syllables (so
// "xian" finds both 先 and 西安): every syllable of the word must be spelt by a piece of the input, in order, a
// piece being the whole syllable or its first letters. The candidates, best first:
//   1. words spelt by the whole input, syllable by syllable (dianti → 电梯), by frequency;
//   2. words spelt by the whole input with the last syllable still being typed (dian t → 电梯, 电台; lou → 楼);
//   3. words spelt by the whole input with shortened syllables, initials for instance (dt → 电梯);
//   4. words and characters for the start of the input only (dianti → 电, 点, 地…), the longest start first,
//      so that a long input can be taken a word at a time: what a candidate does not spell stays typed.

export const DICTIONARY_URL = 'vendor/pinyin/pinyin-words.txt';
const NONE = 9;

/**
 * The word list's text as a dictionary: entries ({word, syllables, rank}; rank 0 is the most frequent) grouped by
 * their first letter.
 */
export function parseDictionary(text) {
  const byLetter = new Map();
  let rank = 0;
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [word, ...syllables] = line.split(' ');
    if (!word || !syllables.length) continue;
    const letter = syllables[0][0];
    if (!byLetter.has(letter)) byLetter.set(letter, []);
    byLetter.get(letter).push({ word, syllables, rank });
    rank += 1;
  }
  return { byLetter, size: rank };
}

/** Whether `input` at `pos` reads as the first `n` letters of `syllable`. */
function spells(input, pos, syllable, n) {
  for (let k = 0; k < n; k++) if (input.charCodeAt(pos + k) !== syllable.charCodeAt(k)) return false;
  return true;
}

/**
 * How well `syllables[i…]` spell all of `input[pos…]`: 0 each by a whole syllable, 1 only the last one cut
 * short, 2 an earlier one cut short, NONE not at all.
 */
function fit(syllables, i, input, pos) {
  const syllable = syllables[i];
  const left = input.length - pos;
  if (i === syllables.length - 1) {
    if (left > syllable.length || !spells(input, pos, syllable, left)) return NONE;
    return left === syllable.length ? 0 : 1;
  }
  let best = NONE;
  // Each syllable after this one needs at least one letter.
  for (let n = Math.min(syllable.length, left - (syllables.length - 1 - i)); n >= 1 && best > 0; n--) {
    if (!spells(input, pos, syllable, n)) continue;
    const rest = fit(syllables, i + 1, input, pos + n);
    if (rest === NONE) continue;
    best = Math.min(best, n === syllable.length ? rest : 2);
  }
  return best;
}

/** How many letters at the start of `input` the syllables spell whole, when that is less than all of it; else 0. */
function start(syllables, input) {
  let pos = 0;
  for (const syllable of syllables) {
    if (pos + syllable.length > input.length || !spells(input, pos, syllable, syllable.length)) return 0;
    pos += syllable.length;
  }
  return pos < input.length ? pos : 0;
}

/** `input` as the pad keeps it: lower-case letters a–z only. */
export function normalise(input) {
  return String(input).toLowerCase().replace(/[^a-z]/g, '');
}

/**
 * The candidates for `input` (letters a–z), best first, each once: {word, letters}, `letters` being how many
 * letters of the input it stands for (all of them, or a start of them).
 */
export function candidates(dictionary, input, limit = 200) {
  const typed = normalise(input);
  if (!typed || !dictionary) return [];
  const entries = dictionary.byLetter.get(typed[0]) ?? [];
  const found = [];
  for (const entry of entries) {
    const { syllables } = entry;
    if (syllables.length <= typed.length) {
      const tier = fit(syllables, 0, typed, 0);
      if (tier !== NONE) {
        found.push({ entry, tier, letters: typed.length });
        continue;
      }
    }
    const letters = start(syllables, typed);
    if (letters) found.push({ entry, tier: 3, letters });
  }
  found.sort((a, b) => a.tier - b.tier || b.letters - a.letters || a.entry.rank - b.entry.rank);
  const seen = new Set();
  const result = [];
  for (const { entry, letters } of found) {
    if (seen.has(entry.word)) continue;
    seen.add(entry.word);
    result.push({ word: entry.word, letters });
    if (result.length >= limit) break;
  }
  return result;
}

let loading = null;

/** The dictionary, fetched once (the service worker keeps it for use offline); a failed fetch may be tried again. */
export function loadDictionary(url = DICTIONARY_URL) {
  if (!loading) {
    loading = fetch(url)
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.text();
      })
      .then(parseDictionary)
      .catch((err) => {
        loading = null;
        throw err;
      });
  }
  return loading;
}
