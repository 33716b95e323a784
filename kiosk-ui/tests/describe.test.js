// The describe step for someone who cannot type: the phrases every category offers after its own (常用补充), and
// the on-screen pinyin pad (no system keyboard, no network needed once the kiosk has loaded its word list).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kioskSuite, checkScreen, waitUntil } from './helpers.js';

const k = kioskSuite();

const extraChips = (page) => page.locator('[data-group="extra"] .chip').allTextContents();

async function toDescribe(code = 'environment') {
  await k.page.click('#start-report');
  await k.onScreen('category');
  await k.page.click(`[data-category="${code}"]`);
  await k.onScreen('describe');
}

/** Taps the pad's keys for `keys` (letters, digits, marks). */
async function tap(keys) {
  for (const key of keys) await k.page.click(`[data-pad-key="${key}"]`);
}

const text = () => k.page.inputValue('#description');
const typed = () => k.page.textContent('#pad-letters-shown');

/** Until the first candidate is `word` (the word list may still be loading). */
function firstIs(word) {
  return k.page.waitForFunction((w) => document.querySelector('[data-candidate="0"]')?.textContent === w, word);
}

test('every category offers the general phrases after its own, labelled, and they toggle like the others', async () => {
  const { page } = k;
  await k.home();
  await toDescribe('environment');
  const general = await extraChips(page);
  assert.ok(general.length >= 6, general.join(' '));
  for (const phrase of ['已经持续一周', '一个多月了', '很久了', '经常发生', '影响全楼住户', '有安全隐患', '有人受伤']) {
    assert.ok(general.includes(phrase), `${phrase} in ${general.join(' ')}`);
  }
  assert.equal(await page.textContent('#phrases-more'), '常用补充');
  assert.equal(await page.getAttribute('[data-group="extra"]', 'aria-labelledby'), 'phrases-more');
  assert.equal(await page.getAttribute('[data-group="extra"]', 'role'), 'group');
  // After the category's own.
  assert.ok(await page.evaluate(() => {
    const own = document.querySelector('[data-group="category"]');
    return Boolean(own.compareDocumentPosition(document.querySelector('[data-group="extra"]')) & Node.DOCUMENT_POSITION_FOLLOWING);
  }));

  const week = page.locator('[data-group="extra"] .chip', { hasText: '已经持续一周' });
  await page.click('[data-group="category"] .chip >> nth=0');
  await week.click();
  assert.equal(await text(), '垃圾没有及时清运，已经持续一周');
  assert.equal(await week.getAttribute('aria-pressed'), 'true');
  await week.click();
  assert.equal(await text(), '垃圾没有及时清运');
  assert.equal(await week.getAttribute('aria-pressed'), 'false');

  // Another category has them too, less any it has of its own (公共安全 has 有安全隐患 already).
  await page.click('[data-nav="back"]');
  await k.onScreen('category');
  await page.click('[data-category="public_safety"]');
  await k.onScreen('emergency'); // call 110 first if it is urgent
  await k.next();
  await k.onScreen('describe');
  const safety = await extraChips(page);
  assert.ok(safety.includes('有人受伤') && safety.includes('影响老人孩子出行'), safety.join(' '));
  assert.ok(!safety.includes('有安全隐患'), 'not twice');
  assert.ok((await page.locator('[data-group="category"] .chip').allTextContents()).includes('有安全隐患'));

  await page.click('#btn-lang');
  assert.equal(await page.textContent('#phrases-more'), 'Also say');
  assert.ok((await extraChips(page)).includes('Someone was hurt'));
  await page.click('#btn-lang');
  await page.click('[data-nav="cancel"]');
  await k.onScreen('attract');
});

test('the pinyin pad types into the description: candidates, backspace, marks, pages, clearing', async () => {
  const { page } = k;
  await k.home();
  await toDescribe('property_management');
  const toggle = page.locator('#pad-toggle');
  assert.equal(await toggle.textContent(), '手写不便？用拼音输入');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getAttribute('#description', 'inputmode'), null);
  await toggle.click();
  await page.waitForSelector('#pinyin-pad');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.equal(await page.getAttribute('#description', 'inputmode'), 'none', 'no system keyboard while the pad is open');

  await tap('dianti');
  assert.equal(await typed(), 'dianti');
  await firstIs('电梯');
  assert.equal(await page.getAttribute('#pad-candidates', 'role'), 'group');
  await checkScreen(page, '04c-describe-pinyin');
  await page.click('[data-candidate="0"]');
  assert.equal(await text(), '电梯');
  assert.equal(await page.locator('#pad-letters-shown').count(), 0, 'nothing typed any more');

  await tap('guzhang');
  await firstIs('故障');
  await page.click('[data-candidate="0"]');
  assert.equal(await text(), '电梯故障');
  assert.match(await page.textContent('#counter'), /^4 \/ 2000/);

  // Backspace: the letters typed first, then the text's last character.
  await tap('lou');
  await page.click('[data-pad-key="backspace"]');
  assert.equal(await typed(), 'lo');
  await tap(['backspace', 'backspace']);
  assert.equal(await page.locator('#pad-letters-shown').count(), 0);
  assert.equal(await text(), '电梯故障', 'the letters went first');
  await page.click('[data-pad-key="backspace"]');
  assert.equal(await text(), '电梯故');
  await tap('zhang');
  await page.waitForSelector('[data-candidate="0"]');
  await page.locator('.pad-candidate', { hasText: /^障$/ }).first().click();
  assert.equal(await text(), '电梯故障');

  // A mark writes what is typed first; 确认 writes the first candidate; digits are keys too.
  await tap('louti');
  await firstIs('楼梯');
  await tap('，');
  assert.equal(await text(), '电梯故障楼梯，');
  await tap('3');
  await tap('loudao');
  await firstIs('楼道');
  assert.equal(await page.textContent('[data-pad-key="space"]'), '确认');
  await page.click('[data-pad-key="space"]');
  assert.equal(await text(), '电梯故障楼梯，3楼道');
  assert.equal(await page.textContent('[data-pad-key="space"]'), '空格');

  // A long input, a word at a time: what a candidate does not stand for stays typed.
  await tap('diantiguzhang');
  await firstIs('电梯');
  await page.click('[data-candidate="0"]');
  assert.equal(await typed(), 'guzhang');
  await firstIs('故障');
  await page.click('[data-candidate="0"]');
  assert.equal(await text(), '电梯故障楼梯，3楼道电梯故障');

  // Initials, and the pages of candidates.
  await tap('dt');
  await page.waitForSelector('#pad-next:not([disabled])');
  assert.equal(await page.getAttribute('#pad-prev', 'disabled'), '');
  for (let i = 0; i < 10 && !(await page.locator('.pad-candidate', { hasText: /^电梯$/ }).count()); i++) {
    await page.click('#pad-next');
  }
  await page.locator('.pad-candidate', { hasText: /^电梯$/ }).click();
  assert.match(await text(), /电梯$/);
  await tap('iv');
  await page.waitForSelector('.pad-candidate.raw');
  assert.equal(await page.getAttribute('.pad-candidate.raw', 'aria-label'), '直接输入字母 iv');
  await page.click('.pad-candidate.raw');
  assert.match(await text(), /电梯iv$/);

  // 清空 asks first.
  const before = await text();
  await page.click('[data-pad-key="clear"]');
  await page.waitForSelector('#pad-confirm:not([hidden])');
  assert.equal(await page.locator('.pad-keys').isHidden(), true, 'no key can be hit meanwhile');
  await checkScreen(page, '04d-describe-pinyin-clear');
  await page.click('[data-pad-key="clear-no"]');
  assert.equal(await text(), before);
  await page.click('[data-pad-key="clear"]');
  await page.click('[data-pad-key="clear-yes"]');
  assert.equal(await text(), '');
  assert.match(await page.textContent('#counter'), /^0 \/ 2000/);

  // A language switch draws the screen again: the pad stays open with what was typed.
  await tap('lou');
  await page.click('#btn-lang');
  await page.waitForSelector('#pinyin-pad');
  assert.equal(await typed(), 'lou');
  assert.equal(await page.textContent('#pad-toggle'), 'Close the pinyin keys');
  await firstIs('楼');
  await page.click('[data-candidate="0"]');
  await page.click('#btn-lang');
  assert.equal(await text(), '楼');

  // 收起 closes it, and the textarea is an ordinary one again.
  await page.click('[data-pad-key="close"]');
  await page.waitForSelector('#pinyin-pad', { state: 'detached' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getAttribute('#description', 'inputmode'), null);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'pad-toggle');
  await k.next();
  await k.onScreen('photos');
  assert.equal((await page.evaluate(() => window.liaisonKiosk.draft())).description, '楼');
  await page.click('[data-nav="cancel"]');
  await k.onScreen('attract');
});

test('offline: the pad still finds words, from the word list the service worker keeps', async () => {
  const { page, server } = k;
  await k.home();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await waitUntil(() => page.evaluate(async () => Boolean(navigator.serviceWorker.controller
    && await caches.match('/kiosk/vendor/pinyin/pinyin-words.txt'))), { message: 'the word list in the service worker’s cache' });
  await server.stop();
  await page.reload();
  await k.onScreen('attract');
  await toDescribe('property_management');
  await page.click('#pad-toggle');
  await tap('dianti');
  await firstIs('电梯');
  await page.click('[data-candidate="0"]');
  assert.equal(await text(), '电梯');
  await server.start();
  await page.click('[data-nav="cancel"]');
  await k.onScreen('attract');
});
