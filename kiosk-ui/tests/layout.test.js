// Every step on one screen: on a landscape kiosk (1280×1024) and a portrait one (1080×1920), with normal text and
// with 大字, each step of a report and the tracking keypad show their way forward (the step's main buttons in the
// bottom bar) inside the screen without scrolling, every category tile (其他 too) is visible, and the steps fit
// the screen; axe-core and the size checks on each. And the hint that there is more below, where there is.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kioskSuite, checkScreen } from './helpers.js';

const k = kioskSuite();

const SIZES = [{ width: 1280, height: 1024 }, { width: 1080, height: 1920 }];

/**
 * Every element `selector` matches lies inside the viewport as the screen is (no scrolling), and is what a tap
 * at its middle, its top and its bottom reaches (not hidden under the bottom bar or the hint).
 */
async function assertOnScreen(page, selector, what) {
  await k.settled(); // a settling screen takes no pointer events, which hit-testing would see as covered
  const found = await page.$$eval(selector, (els) => els.map((el) => {
    const r = el.getBoundingClientRect();
    const inside = r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
    // Its middle, and the middles of its top and bottom edges (rounded corners are not the button's).
    const x = r.left + r.width / 2;
    const points = [[x, r.top + r.height / 2], [x, r.top + 3], [x, r.bottom - 3]];
    const reached = points.every(([x, y]) => el.contains(document.elementFromPoint(x, y)));
    const name = el.dataset.category || el.dataset.key || el.dataset.nav || el.dataset.place || el.dataset.building || el.id;
    return { name: name || el.textContent.trim().slice(0, 10), inside, reached, box: [r.left, r.top, r.right, r.bottom].map(Math.round) };
  }));
  assert.ok(found.length > 0, `${what}: ${selector} on the page`);
  const off = found.filter((f) => !f.inside || !f.reached);
  assert.deepEqual(off, [], `${what}: ${selector} inside the screen, not covered`);
}

/** The screen's content fits: nothing to scroll, and no hint that there is more. */
async function assertFits(page, what) {
  const over = await page.$eval('#screen', (main) => main.scrollHeight - main.clientHeight);
  assert.ok(over <= 1, `${what}: fits the screen (${over} px more)`);
  assert.equal(await page.isVisible('#scroll-hint'), false, `${what}: no scroll hint`);
}

/** The hint shows exactly while there is more content below what the screen shows. */
function hintAgrees(page) {
  return page.waitForFunction(() => {
    const main = document.getElementById('screen');
    const more = main.scrollHeight - main.scrollTop - main.clientHeight > 4;
    return more === !main.querySelector('.scroll-hint').hidden;
  });
}

for (const size of SIZES) {
  for (const large of [false, true]) {
    const tag = `${size.width}x${size.height}${large ? '-large' : ''}`;
    test(`layout ${size.width}×${size.height}${large ? ', 大字' : ''}: every step and the tracking keypad on one screen, the way forward always on it`, async () => {
      const { page } = k;
      const minText = large ? 30 : 24;
      const check = async (name) => {
        await hintAgrees(page);
        await checkScreen(page, `L-${tag}-${name}`, { minText });
      };
      await page.setViewportSize(size);
      await k.home();
      if (large) {
        await page.click('#btn-large');
        await page.waitForFunction(() => document.documentElement.classList.contains('large'));
      }
      await assertOnScreen(page, '#start-report, #start-track, #start-deputies', 'attract');
      await check('01-attract');

      await page.click('#start-report');
      await k.onScreen('category');
      const tiles = await page.locator('[data-category]').evaluateAll((els) => els.map((el) => el.dataset.category));
      assert.equal(tiles.length, 15);
      assert.ok(tiles.includes('other'), '其他 among them');
      await assertOnScreen(page, '[data-category], [data-nav]', 'category');
      await assertFits(page, 'category');
      await check('02-category');

      await page.click('[data-category="environment"]');
      await k.onScreen('describe');
      await page.fill('#description', '（版面测试）楼道灯不亮，晚上很黑');
      // The description step may be longer than the screen (its hint says so); its way forward never is.
      await assertOnScreen(page, '[data-nav]', 'describe');
      await check('03-describe');

      await k.next();
      await k.onScreen('photos');
      await page.waitForFunction(() => document.querySelector('#preview')?.videoWidth > 0);
      await page.click('#take-photo');
      await page.waitForFunction(() => document.querySelectorAll('.shot').length === 1);
      await assertOnScreen(page, '#take-photo, [data-nav]', 'photos');
      await assertFits(page, 'photos');
      await check('04-photos');

      await k.next();
      await k.onScreen('place');
      await assertOnScreen(page, '[data-place], [data-nav]', 'place: communities');
      await assertFits(page, 'place: communities');
      await check('05-place');
      await page.click('[data-place="HP-XH-HX"]');
      await page.waitForSelector('[data-building]');
      await assertOnScreen(page, '[data-building], [data-place], [data-nav]', 'place: buildings');
      await assertFits(page, 'place: buildings');
      await check('05b-place-building');
      await page.click('[data-building="HP-XH-HX-G1-B1"]');
      await page.waitForSelector('#field-unit');
      await assertOnScreen(page, '#field-unit, #field-floor, [data-key], [data-nav]', 'place: unit and floor');
      await assertFits(page, 'place: unit and floor');
      await check('05c-place-unit');

      await k.next();
      await k.onScreen('contact');
      await assertOnScreen(page, '[data-key], #consent-personal, #consent-call, #no-phone, [data-nav]', 'contact');
      await assertFits(page, 'contact');
      await check('06-contact');

      await page.click('#no-phone');
      await k.onScreen('review');
      await assertOnScreen(page, '#submit, [data-nav], [data-edit]', 'review');
      await assertFits(page, 'review');
      await check('07-review');

      await page.click('#submit');
      await k.onScreen('receipt');
      await page.waitForSelector('#receipt-due');
      await page.waitForFunction(() => document.querySelector('img.qr')?.naturalWidth > 0);
      await assertOnScreen(page, '#done, #print, #tracking-code', 'receipt');
      await assertFits(page, 'receipt');
      await check('08-receipt');

      await page.click('#done');
      await k.onScreen('attract');
      if (large) {
        await page.click('#btn-large'); // 完成 put the text back to normal
        await page.waitForFunction(() => document.documentElement.classList.contains('large'));
      }
      await page.click('#start-track');
      await k.onScreen('track');
      await assertOnScreen(page, '#code-display, [data-key], #track-go, [data-nav="home"]', 'tracking keypad');
      await assertFits(page, 'tracking keypad');
      await check('09-track-keypad');
      await page.click('[data-nav="home"]');
      await k.onScreen('attract');
    });
  }
}

test('scroll hint: shown while there is more below, a tap on it scrolls down, gone at the end', async () => {
  const { page } = k;
  await page.setViewportSize(SIZES[0]);
  await k.home();
  await page.click('#btn-large');
  await page.click('#start-deputies');
  await k.onScreen('deputies');
  await page.waitForSelector('.deputy');
  await page.waitForSelector('#scroll-hint:not([hidden])');
  assert.equal((await page.textContent('#scroll-hint')).trim(), '向下滑动查看更多 ↓');
  await assertOnScreen(page, '#scroll-hint, [data-nav="home"]', 'deputies');
  await checkScreen(page, 'L-scroll-hint', { minText: 30 });
  await page.click('#scroll-hint');
  await page.waitForFunction(() => document.getElementById('screen').scrollTop > 0);
  await page.$eval('#screen', (main) => main.scrollTo(0, main.scrollHeight));
  await page.waitForSelector('#scroll-hint', { state: 'hidden' });
  assert.equal(await page.$eval('#screen', (main) => main.hasAttribute('data-more')), false);
  await page.click('#btn-lang');
  await page.$eval('#screen', (main) => main.scrollTo(0, 0));
  await page.waitForFunction(() => document.querySelector('#scroll-hint')?.textContent.includes('Scroll for more'));
  await page.waitForSelector('#scroll-hint:not([hidden])');
  await page.click('[data-nav="home"]');
  await k.onScreen('attract');
});
