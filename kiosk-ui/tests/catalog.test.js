// The category catalogue: each category's drawing and common phrases come from the server's category data
// (`icon`, `phrases`) when it gives them, else from the kiosk's own by category code, else the generic ones.
// The demo server gives neither yet, so the categories are rewritten on their way to the page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kioskSuite } from './helpers.js';

const k = kioskSuite();

/** Each tile's drawing (as the page serialises it), by category code. */
const drawings = (page) => page.evaluate(() => Object.fromEntries(
  [...document.querySelectorAll('[data-category]')].map((tile) => [tile.dataset.category, tile.querySelector('span').innerHTML])));

/**
 * How much two tile drawings look alike: both drawn at 96 px, the shared inked pixels over all inked pixels
 * (0: nothing in common, 1: the same picture). Drawn in a blank page of its own (no policy to allow data: images).
 */
async function lineOverlap(a, b) {
  const blank = await k.browser.newPage();
  try {
    return await blank.evaluate(async ([one, two]) => {
      const ink = async (markup) => {
        const svg = markup.replace('<svg ', '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" ').replace(/currentColor/g, '#000');
        const img = new Image();
        img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 96;
        const ctx = canvas.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const { data } = ctx.getImageData(0, 0, 96, 96);
        return Array.from({ length: 96 * 96 }, (_, i) => data[i * 4 + 3] > 64);
      };
      const [x, y] = [await ink(one), await ink(two)];
      let both = 0;
      let either = 0;
      for (let i = 0; i < x.length; i++) {
        if (x[i] && y[i]) both += 1;
        if (x[i] || y[i]) either += 1;
      }
      return both / either;
    }, [a, b]);
  } finally {
    await blank.close();
  }
}

const chips = (page) => page.locator('[data-group="category"] .chip').allTextContents();

async function describe(page, code) {
  await page.click(`[data-category="${code}"]`);
  await k.onScreen('describe');
  const shown = await chips(page);
  await page.click('[data-nav="back"]');
  await k.onScreen('category');
  return shown;
}

test('categories: drawings and phrases from the server, the built-in ones by code, and the generic ones', async () => {
  const { page } = k;
  await page.click('#start-report');
  await k.onScreen('category');
  const builtIn = await drawings(page);
  assert.notEqual(builtIn.market_regulation, builtIn.legal_petition, 'market regulation and legal matters look different');
  // …and not merely in their markup: drawn at tile size, their lines hardly overlap.
  const overlap = await lineOverlap(builtIn.market_regulation, builtIn.legal_petition);
  assert.ok(overlap < 0.25, `市场监管 and 涉法涉诉 drawings overlap by ${overlap.toFixed(2)}`);
  assert.equal(new Set(Object.values(builtIn)).size, Object.keys(builtIn).length, 'every built-in category has its own drawing');
  assert.deepEqual((await describe(page, 'environment')).slice(0, 2), ['垃圾没有及时清运', '有异味'], 'built-in by code');
  assert.deepEqual(await describe(page, 'other'), ['希望尽快处理', '已经持续很久', '影响很多居民'], 'generic');

  await page.route('**/api/v1/categories', async (route) => {
    const response = await route.fetch();
    const data = await response.json();
    const byCode = Object.fromEntries(data.items.map((c) => [c.code, c]));
    Object.assign(byCode.environment, {
      icon: 'no-such-drawing',
      phrases: [{ zh: '楼下<b>积水</b>', en: 'Water <b>pooling</b> downstairs' }, { zh: '只有中文' }, { zh: '', en: '' }],
    });
    Object.assign(byCode.roads_traffic, { icon: 'utilities', phrases: [] });
    Object.assign(byCode.health, { icon: 'toString', phrases: null });
    data.items.push({ ...byCode.other, code: 'zz_new', name: { zh: '新类别', en: 'New' }, icon: '<img src=x onerror=alert(1)>' });
    await route.fulfill({ response, json: data });
  });
  await k.home();
  await page.click('#start-report');
  await k.onScreen('category');
  const served = await drawings(page);
  assert.equal(served.roads_traffic, builtIn.utilities, 'the drawing the server names');
  assert.equal(served.environment, builtIn.environment, 'an unknown name: the drawing for the code');
  assert.equal(served.health, builtIn.health, 'not a drawing: the drawing for the code');
  assert.equal(served.zz_new, builtIn.other, 'an unknown category: the generic drawing');
  assert.equal(await page.locator('.tile img').count(), 0, 'a name from the server is never markup');

  assert.deepEqual(await describe(page, 'environment'), ['楼下<b>积水</b>', '只有中文'], 'the server’s phrases, as text');
  assert.equal(await page.locator('.chips b').count(), 0);
  assert.deepEqual((await describe(page, 'roads_traffic')).slice(0, 2), ['路灯不亮', '路面坑洼'], 'none from the server: built-in');
  assert.deepEqual((await describe(page, 'health')).slice(0, 2), ['社区医院人太多', '缺少常用药'], 'not a list: built-in');
  assert.deepEqual(await describe(page, 'zz_new'), ['希望尽快处理', '已经持续很久', '影响很多居民'], 'an unknown category: generic');
  await page.click('#btn-lang');
  assert.deepEqual(await describe(page, 'environment'), ['Water <b>pooling</b> downstairs', '只有中文'], 'English, else Chinese');
  assert.deepEqual(await describe(page, 'zz_new'), ['Please deal with it soon', 'It has gone on for long', 'Many residents are affected']);
  await page.unroute('**/api/v1/categories');
  await page.click('[data-nav="cancel"]');
  await k.onScreen('attract');
});
