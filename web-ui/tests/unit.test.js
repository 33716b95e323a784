// The handling unit's page (/unit/#{token}), prepared as a deployment would be, through the API and the
// command line only: the administrator (made by the CLI) makes a deputy account bound to D-003 and points the
// handling unit HP-CG's webhook at this test's listener; a resident files with a photo; the deputy accepts
// and forwards the report to HP-CG; the server's relay delivers the unit's notice, whose `url` is the link.
// The unit then opens it on a phone, reads the report, uploads a photo and a PDF, is refused an empty reply
// and sends one; tampered, superseded and expired links and failed uploads are explained.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenSuite, checkPage, problem, PASSWORD } from './helpers.js';

const s = screenSuite();

const DESCRIPTION = '（单位页测试）3号楼旁垃圾桶三天没清运 <b>不是标签</b>';
const ADDRESS = '和平路12号 <img src=x onerror=alert(1)>';
const REPLY = '已安排环卫车每日清运，并增设两个垃圾桶。';
// A plain one-page PDF: header, objects, end marker; nothing active.
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n'
  + '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n'
  + '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n'
  + 'trailer << /Root 1 0 R >>\n%%EOF\n');

// The report forwarded to HP-CG, once, by whichever test needs it first.
let prepared;
const forwarded = () => (prepared ??= prepare());

async function prepare() {
  const { server, hooks } = s;
  const admin = await server.adminToken();
  await s.api('/api/v1/accounts', {
    method: 'POST', token: admin,
    body: { username: 'wang.deputy', display_name: '王代表', role: 'deputy', password: PASSWORD, deputy: 'D-003' },
  });
  const deputy = (await s.api('/api/v1/auth/login', { method: 'POST', body: { username: 'wang.deputy', password: PASSWORD } })).access_token;
  for (const unit of ['HP-CG', 'HP-ZJ']) {
    await s.api(`/api/v1/handling-units/${unit}/notification-targets/webhook`, {
      method: 'PUT', token: admin, body: { target: `${hooks.url}/${unit}` },
    });
  }

  // A resident writes to the online mailbox from the deputy's QR code, with a photo.
  const photo = new Blob([await s.jpeg()], { type: 'image/jpeg' });
  const { id, tracking_code: code } = await file({ category: 'environment', description: DESCRIPTION, address: ADDRESS, channel: 'web', station: 'XH-01', deputy: 'D-003' }, photo);

  const act = (action) => s.api(`/api/v1/reports/${id}/actions`, { method: 'POST', token: deputy, body: action });
  await act({ action: 'accept' });
  await act({ action: 'forward', unit: 'HP-CG', note: '请核实处理' });
  const notice = await hooks.waitFor('/HP-CG', (n) => n.kind === 'forwarded' && n.tracking_code === code);
  assert.ok(notice.url.startsWith(`${server.url}/unit/#`), notice.url);
  return { id, deputy, act, link: notice.url, token: notice.url.split('#')[1] };
}

test('the page has every word in both languages', async () => {
  const { STRINGS } = await import('../unit/strings.js');
  const zh = Object.keys(STRINGS.zh).sort();
  assert.deepEqual(Object.keys(STRINGS.en).sort(), zh);
  for (const key of zh) assert.ok(!/[\u4e00-\u9fff]/.test(STRINGS.en[key]), `en.${key} is English`);
});

/** Files a report anonymously (the online mailbox), as a form with `photo` when given; the server's answer. */
async function file(fields, photo = null) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (photo) form.append('photos', photo, 'citizen.jpg');
  const filed = await fetch(`${s.server.url}/api/v1/reports`, { method: 'POST', body: form, headers: { 'Idempotency-Key': crypto.randomUUID() } });
  assert.equal(filed.status, 201, await filed.clone().text());
  return filed.json();
}

/** Opens `url` on a phone and waits until the page has drawn its answer (the report or a problem). */
async function open(url, options) {
  const page = await s.phonePage(options);
  const response = await page.goto(url);
  await page.waitForSelector('main[data-state="awaiting"], main[data-state="done"], main[data-state="problem"]');
  return { page, response };
}

test('the link in the unit’s notice opens the report: what, where, by when, its photo; under a strict policy', async () => {
  const { link } = await forwarded();
  const { page, response } = await open(link);
  const headers = response.headers();
  for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"]) {
    assert.ok(headers['content-security-policy'].includes(directive), directive);
  }
  assert.equal(headers['referrer-policy'], 'no-referrer');
  assert.equal(headers['x-content-type-options'], 'nosniff');

  assert.equal(await page.getAttribute('main', 'data-state'), 'awaiting');
  assert.match(await page.textContent('h1'), /^交办事项：/);
  // The resident's words are text, markup and all.
  assert.equal(await page.textContent('#description'), DESCRIPTION);
  assert.equal(await page.textContent('#address'), ADDRESS);
  assert.equal(await page.locator('#description b, #address img').count(), 0);
  assert.match(await page.textContent('#due-at'), /北京时间/);
  assert.match(await page.textContent('#link-expires'), /\d{4}年\d{1,2}月\d{1,2}日/);
  assert.match(await page.textContent('#due-note'), /前回复/);
  assert.equal(await page.getAttribute('#status', 'data-status'), 'forwarded');
  // The photo arrives through its signed link.
  await page.waitForFunction(() => [...document.querySelectorAll('#photos img')].every((img) => img.complete && img.naturalWidth > 0));
  assert.equal(await page.locator('#photos li[data-source="citizen"]').count(), 1);
  assert.equal(await page.locator('#documents').count(), 0, 'no documents yet, and no empty list');
  await checkPage(page, '01-report');
  await page.context().close();
});

test('an empty reply is refused on the page with a clear message, and nothing is sent', async () => {
  const { link } = await forwarded();
  const { page } = await open(link);
  const sent = [];
  page.on('request', (request) => { if (request.url().endsWith('/reply')) sent.push(request); });
  await page.fill('#reply-text', '   \n ');
  await page.click('#reply-send');
  await page.waitForSelector('#reply-error');
  assert.equal(await page.textContent('#reply-error'), '请先写下办理情况，再提交回复。');
  assert.equal(await page.getAttribute('#reply-text', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#reply-text', 'aria-describedby'), /reply-error/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'reply-text');
  assert.equal(sent.length, 0);
  await checkPage(page, '02-empty-reply');
  await page.context().close();
});

test('the unit uploads a photo and a PDF: the photo as a `photos` part, the PDF as a `documents` part', async () => {
  const { link } = await forwarded();
  const { page } = await open(link);
  // A file that is neither is refused before anything is sent.
  await page.setInputFiles('#upload-files', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await page.waitForSelector('#upload-error');
  assert.match(await page.textContent('#upload-error'), /“notes\.txt”不是照片或 PDF 文件/);

  await page.setInputFiles('#upload-files', [
    { name: '现场照片.jpg', mimeType: 'image/jpeg', buffer: await s.jpeg(800, 600, '#2a9d8f') },
    { name: '回函.pdf', mimeType: 'application/pdf', buffer: PDF },
  ]);
  await page.waitForSelector('#upload-chosen');
  assert.equal(await page.locator('#upload-error').count(), 0);
  await checkPage(page, '03-files-chosen');
  // The body the page builds: photos as `photos` parts, PDFs as `documents` parts.
  const parts = await page.evaluate(async () => {
    const { uploadBody } = await import('/unit/forms.js');
    const form = uploadBody([
      new File(['x'], 'a.jpg', { type: 'image/jpeg' }), new File(['x'], 'b.pdf', { type: 'application/pdf' }),
      new File(['x'], 'c.webp', { type: 'image/webp' }), new File(['x'], 'd.PDF', { type: '' }),
    ]);
    return { photos: form.getAll('photos').map((f) => f.name), documents: form.getAll('documents').map((f) => f.name) };
  });
  assert.deepEqual(parts, { photos: ['a.jpg', 'c.webp'], documents: ['b.pdf', 'd.PDF'] });
  await page.click('#upload-send');
  await page.waitForSelector('#upload-done');
  assert.equal(await page.textContent('#upload-done'), '已上传 2 个文件。');
  assert.equal(await page.locator('#photos li[data-source="unit_reply"]').count(), 1);
  await page.waitForFunction(() => [...document.querySelectorAll('#photos img')].every((img) => img.complete && img.naturalWidth > 0));
  assert.equal(await page.locator('#documents li').count(), 1);
  assert.equal(await page.textContent('#documents .document-link'), '回函.pdf');
  assert.equal(await page.locator('#upload-chosen').count(), 0, 'the choice is cleared');
  await checkPage(page, '04-uploaded');
  await page.context().close();
});

test('the reply is sent and received, and the form is no longer offered', async () => {
  const { link, id, deputy } = await forwarded();
  const { page } = await open(link);
  await page.fill('#reply-text', REPLY);
  assert.equal(await page.textContent('#reply-counter'), `${[...REPLY].length} / 2000 字`);
  await page.click('#reply-send');
  await page.waitForSelector('#reply-received');
  assert.match(await page.textContent('#reply-received'), /您的回复已收到/);
  assert.equal(await page.textContent('#reply-echo'), REPLY);
  assert.equal(await page.locator('#reply-text, #reply-send').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'reply-received');
  await checkPage(page, '05-replied');

  // The deputy has it, recorded as the unit's.
  const report = await s.api(`/api/v1/reports/${id}`, { token: deputy });
  assert.equal(report.status, 'unit_replied');
  assert.ok(JSON.stringify(report.timeline).includes(REPLY));

  // Opened again, the link says the reply is in and offers no form.
  await page.reload();
  await page.waitForSelector('#reply-already');
  assert.equal(await page.getAttribute('main', 'data-state'), 'done');
  assert.equal(await page.locator('#reply-text').count(), 0);
  await checkPage(page, '06-replied-reopened');
  await page.context().close();
});

test('the page speaks English on request and keeps the choice', async () => {
  const { link } = await forwarded();
  const { page } = await open(link);
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('h1'), /^Report to handle: /);
  assert.match(await page.textContent('#due-at'), /China time/);
  assert.equal(await page.textContent('#lang'), '中文');
  await checkPage(page, '07-english');
  await page.reload();
  await page.waitForSelector('main[data-state="done"]');
  assert.match(await page.textContent('h1'), /^Report to handle: /);
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.context().close();
});

test('a tampered link, or none, is explained: not a link the station sent', async () => {
  const { link, token } = await forwarded();
  const [payload, tag] = token.split('.');
  const flipped = payload.slice(0, 5) + (payload[5] === 'A' ? 'B' : 'A') + payload.slice(6);
  const { page } = await open(`${link.split('#')[0]}#${flipped}.${tag}`);
  assert.match(await page.textContent('#link-problem'), /这不是联络站发出的链接/);
  assert.match(await page.textContent('#link-problem'), /错误代码：unit_link_invalid/);
  assert.equal(await page.locator('#reply-text, #upload-files').count(), 0);
  await checkPage(page, '08-tampered');

  await page.goto(`${s.server.url}/unit/`);
  await page.waitForSelector('main[data-state="problem"]');
  assert.match(await page.textContent('#link-problem'), /要从联络站发来的交办通知里的链接打开/);
  await checkPage(page, '09-no-token');
  await page.context().close();
});

test('a link to a report since given to another unit no longer opens it', async () => {
  const { link, act } = await forwarded();
  await act({ action: 'forward', unit: 'HP-ZJ', note: '请城建局处理' });
  await s.hooks.waitFor('/HP-ZJ', (n) => n.kind === 'forwarded');
  const { page } = await open(link);
  assert.match(await page.textContent('#link-problem'), /已经改由其他单位办理/);
  assert.match(await page.textContent('#link-problem'), /unit_link_superseded/);
  await checkPage(page, '10-superseded');
  await page.context().close();
});

test('expired links, failed uploads and replies, and an unreachable server are explained in words', async () => {
  const page = await s.phonePage();
  // Every code the link's API answers with has its own words in both languages.
  await page.goto(`${s.server.url}/unit/`);
  const missing = await page.evaluate(async () => {
    const i18n = await import('/ui/shared/i18n.js');
    const { LINK_ERROR_CODES } = await import('/unit/strings.js');
    const gaps = [];
    for (const lang of ['zh', 'en']) {
      i18n.setLang(lang);
      for (const code of LINK_ERROR_CODES) {
        const words = i18n.t(`error_${code}`);
        if (words === `error_${code}` || (lang === 'en') === /[\u4e00-\u9fff]/.test(words)) gaps.push(`${lang}: ${code}`);
      }
    }
    i18n.setLang('zh');
    return gaps;
  });
  assert.deepEqual(missing, []);

  // Expired (the server's clock cannot be moved from here: its answer is stood in for).
  const token = 'x'.repeat(20);
  await page.route('**/api/v1/unit-links/**', (route) => route.fulfill(problem(401, 'unit_link_expired', 'This link has expired')));
  await page.goto(`${s.server.url}/unit/#${token}`);
  await page.waitForSelector('#link-problem');
  assert.match(await page.textContent('#link-problem'), /这个链接已经过期了/);
  assert.match(await page.textContent('#link-problem'), /请求编号：req-test-0001/);
  await checkPage(page, '11-expired');

  // The server cannot be reached: say so, and offer to try again.
  await page.unroute('**/api/v1/unit-links/**');
  await page.route('**/api/v1/unit-links/**', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await page.waitForSelector('#retry');
  assert.match(await page.textContent('#link-problem'), /连不上服务器/);
  await checkPage(page, '12-offline');

  // A report waiting for its reply, whose upload is too large and whose reply comes too late.
  const view = await viewAwaitingReply();
  await page.unroute('**/api/v1/unit-links/**');
  let gets = 0;
  await page.route('**/api/v1/unit-links/**', (route) => {
    const request = route.request();
    if (request.method() === 'GET') {
      gets += 1;
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(gets === 1 ? view : { ...view, status: 'unit_replied', awaiting_reply: false }) });
    }
    if (request.url().endsWith('/attachments')) return route.fulfill(problem(413, 'photo_too_large', 'A photo is too large'));
    return route.fulfill(problem(409, 'invalid_transition', 'The report is not waiting for a reply'));
  });
  await page.click('#retry');
  await page.waitForSelector('main[data-state="awaiting"]');
  await page.setInputFiles('#upload-files', { name: 'big.jpg', mimeType: 'image/jpeg', buffer: await s.jpeg(64, 48) });
  await page.click('#upload-send');
  await page.waitForSelector('#upload-error');
  assert.match(await page.textContent('#upload-error'), /照片文件太大了/);
  assert.match(await page.textContent('#upload-error'), /photo_too_large/);
  await checkPage(page, '13-upload-too-large');
  await page.fill('#reply-text', '迟到的回复');
  await page.click('#reply-send');
  await page.waitForSelector('#reply-error');
  assert.match(await page.textContent('#reply-error'), /可能已经回复过，或者已经办结/);
  assert.equal(await page.getAttribute('main', 'data-state'), 'done', 'the page shows where the report stands now');
  await checkPage(page, '14-reply-too-late');
  await page.context().close();
});

/** A view of a report that waits for its unit's reply: a second report, forwarded like the first. */
async function viewAwaitingReply() {
  const { deputy } = await forwarded();
  const { id, tracking_code: code } = await file({ category: 'environment', description: '（单位页测试）路灯不亮', channel: 'web', station: 'XH-01', deputy: 'D-003' });
  const act = (action) => s.api(`/api/v1/reports/${id}/actions`, { method: 'POST', token: deputy, body: action });
  await act({ action: 'accept' });
  await act({ action: 'forward', unit: 'HP-CG' });
  const notice = await s.hooks.waitFor('/HP-CG', (n) => n.kind === 'forwarded' && n.tracking_code === code);
  return s.api(`/api/v1/unit-links/${notice.url.split('#')[1]}`);
}
