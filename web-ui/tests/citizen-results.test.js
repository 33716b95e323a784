// The citizen app's results board (公示, /m/#/results/XH-01) against the real server: three reports are filed and
// answered through the API — one allowed on the board with its photos, one allowed without them, one not allowed —
// and the board shows the station's three rates with their numbers, the first two reports (text as text, photos
// only for the first) and never the third. Axe on the board, in Chinese and in English.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenSuite, checkPage, PASSWORD } from './helpers.js';

const s = screenSuite();
const EVIL = '<img src=x onerror="window.__pwned = 1">';

async function fileAndAnswer(token, description, consent) {
  const form = new FormData();
  const fields = { category: 'environment', description, channel: 'web', station: 'XH-01', deputy: 'D-003' };
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [name, value] of Object.entries(consent)) form.append(`consent.${name}`, String(value));
  form.append('photos', new Blob([await s.jpeg()], { type: 'image/jpeg' }), `photo${EVIL}.jpg`);
  const filed = await fetch(`${s.server.url}/api/v1/reports`, { method: 'POST', body: form, headers: { 'Idempotency-Key': crypto.randomUUID() } });
  assert.equal(filed.status, 201, await filed.clone().text());
  const { id } = await filed.json();
  await s.api(`/api/v1/reports/${id}/actions`, { method: 'POST', token, body: { action: 'accept' } });
  await s.api(`/api/v1/reports/${id}/actions`, { method: 'POST', token, body: { action: 'answer', text: `已处理：${description}`, outcome: 'resolved' } });
}

test('the results board shows what residents allowed, photos only when allowed, and each station’s rates', async () => {
  const admin = await s.server.adminToken();
  await s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'zhang.min', display_name: '张敏', role: 'deputy', password: PASSWORD, deputy: 'D-003' } });
  const token = (await s.api('/api/v1/auth/login', { method: 'POST', body: { username: 'zhang.min', password: PASSWORD } })).access_token;
  await fileAndAnswer(token, `（公示测试）公开带照片 ${EVIL}`, { publish: true, publish_photos: true });
  await fileAndAnswer(token, '（公示测试）公开不带照片', { publish: true });
  await fileAndAnswer(token, '（公示测试）不公开', {});

  const page = await s.phonePage();
  await page.goto(`${s.server.url}/m/#/results/XH-01`);
  await page.waitForSelector('main[data-view="results"][data-state="ready"]');
  const station = page.locator('section[data-station="XH-01"]');
  const answered = await s.api('/api/v1/results?station=XH-01');
  const rate = answered.stations[0].response;
  assert.match(await station.locator('[data-rate="response"] .rate-count').first().textContent(), new RegExp(`${rate.numerator} / ${rate.denominator}`));
  if (answered.stations[0].satisfaction.small_sample) await station.locator('[data-rate="satisfaction"] .small-sample').waitFor();

  const withPhotos = page.locator('.result', { hasText: '公开带照片' });
  const withoutPhotos = page.locator('.result', { hasText: '公开不带照片' });
  assert.equal(await withPhotos.locator('.result-photos img').count(), 1);
  assert.match(await withPhotos.textContent(), /<img src=x onerror/);
  assert.equal(await withoutPhotos.count(), 1);
  assert.equal(await withoutPhotos.locator('img').count(), 0);
  assert.equal(await page.locator('.result', { hasText: '不公开' }).count(), 0);
  await checkPage(page, 'citizen-results', { minTarget: 48 });

  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('h1'), /Results board/);
  await checkPage(page, 'citizen-results-en', { minTarget: 48 });
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.context().close();
});
