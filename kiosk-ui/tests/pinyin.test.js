// The pinyin pad's matching (js/pinyin.js) on the real word list, in node alone: no server, no browser.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDictionary, candidates, normalise } from '../js/pinyin.js';

const LIST = join(import.meta.dirname, '../vendor/pinyin/pinyin-words.txt');
const dictionary = parseDictionary(readFileSync(LIST, 'utf8'));
const words = (input, n = 200) => candidates(dictionary, input).slice(0, n).map((c) => c.word);
const position = (input, word) => words(input).indexOf(word);

test('the word list: tens of thousands of entries, small enough to fetch, every line a word and its syllables', () => {
  const text = readFileSync(LIST, 'utf8');
  assert.ok(Buffer.byteLength(text) < 1.5 * 1024 * 1024, `${Buffer.byteLength(text)} bytes`);
  assert.ok(dictionary.size > 40000, `${dictionary.size} entries`);
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [word, ...syllables] = line.split(' ');
    assert.equal([...word].length, syllables.length, line);
    assert.ok(syllables.every((s) => /^[a-z]+$/.test(s)), line);
  }
});

test('whole pinyin: the word first', () => {
  assert.equal(words('dianti')[0], '电梯');
  assert.equal(words('guzhang')[0], '故障');
  assert.ok(words('guzhang', 4).includes('鼓掌'), 'a word that sounds the same comes next');
  assert.equal(words('louti')[0], '楼梯');
  assert.equal(words('loudao')[0], '楼道');
  assert.equal(words('wuye')[0], '物业');
  assert.equal(words('fangan')[0], '方案', 'fang an, not fan gan, for the more frequent word');
  assert.ok(words('fangan', 3).includes('反感'));
  assert.ok(words('xian').includes('西安'), 'xi an as well as xian');
});

test('one syllable: its usual characters, most frequent first', () => {
  assert.equal(words('lou')[0], '楼');
  assert.ok(words('lou', 5).includes('漏'));
  assert.equal(words('shi')[0], '是');
  assert.equal(words('wo')[0], '我');
  assert.ok(words('nv', 3).includes('女'), 'ü typed as v');
  assert.ok(words('lv', 5).includes('绿'));
  assert.ok(position('chang', '长') < 5, '长 as chang');
  assert.ok(position('zhang', '长') > 0, '…and as zhang, further down');
  assert.ok(position('zhang', '长') > position('zhang', '张'));
});

test('the last syllable still being typed, and initials', () => {
  assert.equal(words('louda')[0], '楼道');
  assert.ok(words('diant', 5).includes('电梯'));
  assert.ok(words('dt').includes('电梯'), 'initials');
  assert.ok(position('dt', '电梯') < 40, `电梯 at ${position('dt', '电梯')} for dt`);
  assert.ok(words('wy').includes('物业'));
  // Whole syllables come before shortened ones.
  assert.ok(position('shui', '水') < position('shui', '社会'));
  assert.deepEqual(words('d', 3).length, 3, 'one letter: the characters it starts');
});

test('a long input: the start of it, a word at a time, longest first', () => {
  const found = candidates(dictionary, 'diantiguzhang');
  assert.deepEqual(found[0], { word: '电梯', letters: 6 });
  assert.ok(found.some((c) => c.word === '电' && c.letters === 4));
  const rest = candidates(dictionary, 'guzhang');
  assert.deepEqual(rest[0], { word: '故障', letters: 7 });
  // Characters for the first syllable once the words are done.
  const first = candidates(dictionary, 'dianti');
  assert.deepEqual(first[0], { word: '电梯', letters: 6 });
  assert.ok(first.slice(1, 6).some((c) => c.word === '电' && c.letters === 4), JSON.stringify(first.slice(0, 6)));
});

test('each word once, within the limit, and nothing for nothing', () => {
  const found = words('d');
  assert.equal(new Set(found).size, found.length);
  assert.ok(found.length <= 200);
  assert.deepEqual(candidates(dictionary, ''), []);
  assert.deepEqual(candidates(dictionary, 'iiii'), [], 'no syllable starts with i');
  assert.deepEqual(candidates(null, 'lou'), []);
  assert.equal(normalise('Lou Ti!'), 'louti');
});
