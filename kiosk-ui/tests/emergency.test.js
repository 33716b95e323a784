// Categories flagged with emergency numbers: the kiosk tells the resident to call them before it asks what
// happened, and the resident can still go on and report; categories without numbers go straight on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kioskSuite, checkScreen } from './helpers.js';

const k = kioskSuite();

test('emergency: a flagged category shows 110 / 119 first, then the report goes on; others go straight to describing', async () => {
  const { page } = k;
  await page.click('#start-report');
  await k.onScreen('category');
  await page.click('[data-category="public_safety"]');
  await k.onScreen('emergency');
  assert.deepEqual(await page.locator('[data-number]').allTextContents(), ['110', '119'], 'the numbers the server gives, in order');
  assert.match(await page.textContent('.emergency-advice'), /请立即拨打 110（报警）、119（火警）/);
  assert.equal(await page.locator('a[href^="tel:"]').count(), 0, 'the kiosk has no telephone to dial with');
  await checkScreen(page, '03b-emergency');

  await page.click('[data-nav="back"]');
  await k.onScreen('category');
  await page.click('[data-category="public_safety"]');
  await k.onScreen('emergency');
  await k.next();
  await k.onScreen('describe');
  assert.match(await page.textContent('main'), /公共安全/);
  await page.click('[data-nav="back"]');
  await k.onScreen('emergency', { timeout: 5000 });
  await page.click('[data-nav="back"]');
  await k.onScreen('category');

  await page.click('[data-category="environment"]');
  await k.onScreen('describe');
});
