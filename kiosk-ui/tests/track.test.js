// Following a report by its tracking code: the phone tracking page (status, timeline, the rating form once
// answered) and the kiosk's keypad.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kioskSuite, checkScreen, PHONE, assertFavicon } from './helpers.js';

const k = kioskSuite();

// A report to follow, filed from a phone (once, by whichever test needs it first).
let filed;
const report = () => (filed ??= k.fileFromPhone('（跟踪测试）3号楼东侧垃圾桶满了', 'environment'));

test('phone tracking page: status and timeline at a phone size, and the rating form once answered', async () => {
  const { server } = k;
  const trackingCode = (await report()).tracking_code;
  const phone = await k.newContext(PHONE);
  const mobile = await phone.newPage();
  await mobile.goto(`${server.url}/t/${trackingCode.toLowerCase().replaceAll('-', '')}`);
  await mobile.waitForSelector('#track-status');
  assert.equal((await mobile.textContent('h1')).trim(), trackingCode);
  assert.ok((await mobile.locator('.timeline li').count()) >= 1);
  assert.ok(await mobile.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  await checkScreen(mobile, '10-phone-track');
  await assertFavicon(mobile);

  // Answering needs a deputy's account; the page's part is shown with the answered view.
  const view = await server.json(`/api/v1/reports/track/${trackingCode}`);
  const answered = {
    ...view, status: 'answered', status_label: { zh: '已答复', en: 'Answered' }, may_rate: true,
    answer: { text: '垃圾桶已清运，并增加了清运次数。', answered_at: new Date().toISOString(), outcome: 'resolved' },
  };
  let rated = null;
  await mobile.route('**/api/v1/reports/track/*', (route) => route.fulfill({ json: answered }));
  await mobile.route('**/api/v1/reports/track/*/actions', async (route) => {
    rated = route.request().postDataJSON();
    await route.fulfill({ json: { ...answered, status: 'closed', may_rate: false, verdict: rated.verdict } });
  });
  await mobile.click('#refresh');
  await mobile.waitForSelector('[data-verdict="satisfied"]');
  await checkScreen(mobile, '11-phone-rate');
  await mobile.click('#rate-send');
  assert.match(await mobile.textContent('#rate-message'), /请先选一项/);
  await mobile.click('[data-verdict="mostly"]');
  await mobile.fill('#rate-comment', '希望保持');
  await mobile.click('#rate-send');
  await mobile.waitForSelector('#verdict');
  assert.deepEqual(rated, { action: 'rate', verdict: 'mostly', comment: '希望保持' });
  await phone.close();
});

test('phone tracking page: the status, the answer and the first rating button are on the first screen; the history below', async () => {
  const { server } = k;
  const trackingCode = (await report()).tracking_code;
  const view = await server.json(`/api/v1/reports/track/${trackingCode}`);
  const answered = {
    ...view, status: 'answered', status_label: { zh: '已答复，请您评价', en: 'Answered, please rate' }, may_rate: true,
    answer: { text: '垃圾桶已清运，并增加了清运次数。今后每天早晚各清运一次。', answered_at: new Date().toISOString(), outcome: 'resolved' },
  };
  const phone = await k.newContext(PHONE);
  const mobile = await phone.newPage();
  await mobile.route('**/api/v1/reports/track/*', (route) => route.fulfill({ json: answered }));
  await mobile.goto(`${server.url}/t/${trackingCode}`);
  await mobile.waitForSelector('[data-verdict="satisfied"]');
  await mobile.evaluate(() => document.fonts.ready);
  const box = (locator) => locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: innerWidth, height: innerHeight };
  });
  const onFirstScreen = (b) => b.top >= 0 && b.left >= 0 && b.bottom <= b.height && b.right <= b.width;
  assert.equal(await mobile.evaluate(() => window.scrollY), 0, 'as loaded');
  for (const [what, locator] of [
    ['the status', mobile.locator('#track-status')],
    ['the answer’s text', mobile.locator('#track-answer p')],
    ['the first rating button', mobile.locator('[data-verdict]').first()],
  ]) {
    const b = await box(locator);
    assert.ok(onFirstScreen(b), `${what} on the first screen (390×844): ${JSON.stringify(b)}`);
  }
  const rating = await box(mobile.locator('[data-verdict]').last());
  assert.ok((await box(mobile.locator('.timeline'))).top > rating.bottom, 'the history under the rating');
  await checkScreen(mobile, '11b-phone-answer-first');
  await phone.close();
});

test('track on the kiosk: the code on a big keypad → status and timeline', async () => {
  const { page } = k;
  const trackingCode = (await report()).tracking_code;
  await k.home();
  await page.click('#start-track');
  await k.onScreen('track');
  for (const symbol of 'ZZZZZZZZZ') await page.click(`[data-key="${symbol}"]`);
  await page.click('#track-go');
  await page.waitForFunction(() => document.querySelector('#track-error')?.textContent.includes('没有找到'));
  await page.click('[data-key="clear"]');
  for (const symbol of trackingCode.slice(3).replaceAll('-', '')) await page.click(`[data-key="${symbol}"]`);
  assert.equal((await page.textContent('#code-display')).trim(), trackingCode);
  await checkScreen(page, '12-track-keypad');
  await page.click('#track-go');
  await page.waitForSelector('#track-status');
  assert.ok((await page.locator('.timeline li').count()) >= 1);
  await checkScreen(page, '13-track-result');
  await page.click('[data-nav="home"]');
  await k.onScreen('attract');
});

test('rate on the kiosk: an answered report offers three big verdicts; thanks and the new status once sent; failures in plain words', async () => {
  const { page, server } = k;
  const trackingCode = (await report()).tracking_code;
  // Answering needs a deputy's account: the kiosk is shown the answered view, and sends its rating to the server.
  const view = await server.json(`/api/v1/reports/track/${trackingCode}`);
  const answered = {
    ...view, status: 'answered', status_label: { zh: '已答复，请您评价', en: 'Answered, please rate' }, may_rate: true,
    answer: { text: '垃圾桶已清运，并增加了清运次数。', answered_at: new Date().toISOString(), outcome: 'resolved' },
  };
  await page.route('**/api/v1/reports/track/*', (route) => route.fulfill({ json: answered }));
  await k.home();
  await page.click('#start-track');
  await k.onScreen('track');
  for (const symbol of trackingCode.slice(3).replaceAll('-', '')) await page.click(`[data-key="${symbol}"]`);
  await page.click('#track-go');
  await page.waitForSelector('[data-verdict="satisfied"]');
  assert.deepEqual(await page.locator('[data-verdict]').allTextContents(), ['满意', '基本满意', '不满意']);
  for (const box of await page.locator('[data-verdict]').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()))) {
    assert.ok(box.height >= 80 && box.width >= 200, `a big target: ${JSON.stringify(box)}`);
  }
  await checkScreen(page, '13b-track-rate');
  await page.click('#rate-send');
  assert.match(await page.textContent('#rate-error'), /请先选一项/);
  await page.click('[data-verdict="not_satisfied"]');
  assert.equal(await page.getAttribute('[data-verdict="not_satisfied"]', 'aria-pressed'), 'true');

  // The real server has no answer for it, so it refuses the rating (409): said in plain words.
  await page.click('#rate-send');
  await page.waitForSelector('#rate-error');
  const refused = await page.textContent('#rate-error');
  assert.match(refused, /没有提交成功.*不能评价/);
  assert.doesNotMatch(refused, /[A-Za-z]{3}/, 'no server English');

  let rated = null;
  await page.route('**/api/v1/reports/track/*/actions', async (route) => {
    rated = route.request().postDataJSON();
    await route.fulfill({
      json: { ...answered, status: 'closed', status_label: { zh: '已办结', en: 'Closed' }, may_rate: false, verdict: rated.verdict },
    });
  });
  await page.click('[data-verdict="mostly"]');
  assert.equal(await page.locator('#rate-error').count(), 0, 'a new choice clears the error');
  await page.click('#rate-send');
  await page.waitForSelector('#verdict');
  assert.deepEqual(rated, { action: 'rate', verdict: 'mostly' });
  assert.match(await page.textContent('#rate-message'), /谢谢您的评价/);
  assert.match(await page.textContent('#verdict'), /基本满意/);
  assert.equal((await page.textContent('#track-status')).trim(), '已办结');
  assert.equal(await page.locator('[data-verdict]').count(), 0, 'rated once');
  await checkScreen(page, '13c-track-rated');
  await page.unroute('**/api/v1/reports/track/*/actions');
  await page.unroute('**/api/v1/reports/track/*');
  await page.click('[data-nav="home"]');
  await k.onScreen('attract');
});
