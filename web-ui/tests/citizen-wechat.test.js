// 微信提醒我 in the citizen app (/m/) inside WeChat, against the real server with an official account configured
// against a fake WeChat API on loopback (sns/oauth2/access_token, cgi-bin/token, message/template/subscribe) and
// its one-time subscription template. WeChat's own pages are stood in for by redirects: the sign-in page comes
// back with a code, the subscription page with the answer (`openid`, `template_id`, `action`, `scene`, `reserved`).
// A resident signed in with WeChat files a report, says yes twice (receipt, then the report's page), and the
// deputy's next step reaches them in WeChat; a booking's confirmation asks too, and a "no" is said plainly; an
// answer that is not this tab's is ignored; a resident signed in by phone code is told to sign in with WeChat;
// outside WeChat there is no button. Axe on every new state.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenSuite, checkPage, waitUntil, PASSWORD } from './helpers.js';

const APP_ID = 'wx-browser-test';
const SECRET = 'oa-browser-test-secret';
const TEMPLATE = 'TMPL-browser-remind';
const OPENID = 'oa-browser-resident';
const WECHAT_UA = 'Mozilla/5.0 (Linux; Android 13; V2148A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
const SUBSCRIBE = '/api/v1/me/wechat-oa-subscriptions';

// The fake official-account API: every code it handed out belongs to OPENID; the messages sent are kept.
const codes = new Set();
let codeCount = 0;
const sent = [];
const s = screenSuite({
  fakes: async (suite) => {
    const api = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        const url = new URL(req.url, 'http://fake');
        const q = url.searchParams;
        res.setHeader('Content-Type', 'application/json');
        if (url.pathname === '/sns/oauth2/access_token' && q.get('appid') === APP_ID && q.get('secret') === SECRET && codes.delete(q.get('code'))) {
          res.end(JSON.stringify({ access_token: 'W', expires_in: 7200, refresh_token: 'R', openid: OPENID, scope: 'snsapi_base' }));
        } else if (url.pathname === '/cgi-bin/token' && q.get('appid') === APP_ID && q.get('secret') === SECRET) {
          res.end(JSON.stringify({ access_token: 'OA-TOKEN', expires_in: 7200 }));
        } else if (url.pathname === '/cgi-bin/message/template/subscribe' && q.get('access_token') === 'OA-TOKEN') {
          sent.push(JSON.parse(body));
          res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
        } else {
          res.end(JSON.stringify({ errcode: 40029, errmsg: 'invalid code' }));
        }
      });
    });
    await new Promise((resolve) => api.listen(0, '127.0.0.1', resolve));
    suite.closeFakes = () => new Promise((resolve) => api.close(resolve));
    return {
      LIAISON_WECHAT_OA__APP_ID: APP_ID,
      LIAISON_WECHAT_OA__APP_SECRET: SECRET,
      LIAISON_WECHAT_OA__BASE_URL: `http://127.0.0.1:${api.address().port}`,
      LIAISON_WECHAT_OA__SUBSCRIBE_TEMPLATE_ID: TEMPLATE,
    };
  },
});
const check = (page, name) => checkPage(page, `citizen-${name}`, { minTarget: 48 });
const ready = (page, view) => page.waitForSelector(`main[data-view="${view}"][data-state="ready"]`);
const atStep = (page, step) => page.waitForSelector(`main[data-step="${step}"][data-state="ready"]`);

function smsCode(phone) {
  try {
    const lines = readFileSync(join(s.server.dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    return lines.reverse().find((l) => l.phone === phone && l.code)?.code;
  } catch {
    return undefined;
  }
}

/**
 * A phone (inside WeChat unless `userAgent` says otherwise) whose trips to WeChat come straight back: the sign-in
 * page with a fresh code, the subscription page with `answer` (`action`, and `reserved`/`openid` to override what
 * a real WeChat would send). `asked` keeps the subscription pages' addresses, `posted` the answers the page sent.
 */
async function phone({ userAgent = WECHAT_UA } = {}) {
  const page = await s.phonePage(userAgent ? { userAgent } : {});
  const answer = { action: 'confirm' };
  const asked = [];
  const posted = [];
  await page.route('https://open.weixin.qq.com/**', (route) => {
    const url = new URL(route.request().url());
    const code = `oa-code-${++codeCount}`;
    codes.add(code);
    const back = new URL(url.searchParams.get('redirect_uri'));
    back.searchParams.set('code', code);
    back.searchParams.set('state', url.searchParams.get('state'));
    return route.fulfill({ status: 302, headers: { Location: back.href } });
  });
  await page.route('https://mp.weixin.qq.com/**', (route) => {
    const url = new URL(route.request().url());
    asked.push(url);
    const back = new URL(url.searchParams.get('redirect_url'));
    back.searchParams.set('openid', answer.openid ?? OPENID);
    back.searchParams.set('template_id', url.searchParams.get('template_id'));
    back.searchParams.set('action', answer.action);
    back.searchParams.set('scene', url.searchParams.get('scene'));
    back.searchParams.set('reserved', answer.reserved ?? url.searchParams.get('reserved'));
    return route.fulfill({ status: 302, headers: { Location: back.href } });
  });
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === SUBSCRIBE) posted.push(request.postDataJSON());
  });
  return { page, answer, asked, posted };
}

async function signInWithWeChat(page) {
  await page.goto(`${s.server.url}/m/#/signin`);
  await page.click('#wechat-signin');
  await ready(page, 'mine');
}

async function signInByPhone(page, number) {
  await page.goto(`${s.server.url}/m/#/signin`);
  await ready(page, 'signin');
  await page.fill('#phone', number);
  await page.click('#send-code');
  await page.fill('#code', await waitUntil(() => smsCode(number), { message: `the SMS code for ${number}` }));
  await page.click('#signin-submit');
  await ready(page, 'mine');
}

/**
 * Files a short report at XH-01 to deputy D-003 (no photo, no place; a phone number to be reached at, when
 * given); its tracking code.
 */
async function fileReport(page, text, { contact = null } = {}) {
  await page.goto(`${s.server.url}/m/#/deputy/D-003`);
  await ready(page, 'deputy');
  await page.click('#write-deputy');
  await atStep(page, 'category');
  await page.click('[data-category="environment"]');
  await atStep(page, 'describe');
  await page.fill('#description', text);
  for (const step of ['photos', 'place', 'contact']) {
    await page.click('#next');
    await atStep(page, step);
  }
  if (contact) {
    await page.fill('#phone', contact);
    await page.check('#consent-personal_info');
  }
  await page.click('#next');
  await atStep(page, 'review');
  await page.click('#next');
  await atStep(page, 'receipt');
  return (await page.textContent('#tracking-code')).trim();
}

/** Taps 微信提醒我 and waits for the page to pass WeChat's answer on; that answer (status and JSON). */
async function remind(page) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === SUBSCRIBE && r.request().method() === 'POST'),
    page.click('#remind'),
  ]);
  return { status: response.status(), body: await response.json() };
}

let slotId;
/** A reception tomorrow at XH-01 with places for every test. */
async function slot() {
  if (!slotId) {
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 24 * 3600 * 1000));
    const created = await s.api('/api/v1/stations/XH-01/reception-days', {
      method: 'POST', token: await s.server.adminToken(), body: { date, start: '19:00', end: '20:30', deputies: ['D-003'], capacity: 5 },
    });
    slotId = created.id;
  }
  return slotId;
}

async function book(page, topic) {
  const id = await slot();
  await page.goto(`${s.server.url}/m/#/book/XH-01`);
  await page.waitForSelector('main[data-view="book"][data-state="ready"] #slots');
  await page.check(`input[name="day"][value="${id}"]`);
  await page.fill('#topic', topic);
  await page.click('#book-submit');
  await page.waitForSelector('#book-done');
}

test('inside WeChat: a resident signed in with WeChat says yes on the receipt and on the report’s page; the next step reaches WeChat', async () => {
  const { page, asked } = await phone();
  await signInWithWeChat(page);
  // The server tells a citizen of progress only when the report carries a number they may be reached at.
  const code = await fileReport(page, '（微信提醒测试）楼道灯坏了', { contact: '13812340071' });
  await page.waitForSelector('#remind');
  assert.match(await page.textContent('#remind-panel'), /下一步进展会发到微信/);
  await check(page, 'remind-receipt');

  // WeChat's page is asked with the app id, template, scene, this page's address and a nonce; its "yes" is passed on.
  const first = await remind(page);
  assert.deepEqual([first.status, first.body], [200, { credits: 1 }]);
  const url = asked[0];
  assert.equal(`${url.origin}${url.pathname}`, 'https://mp.weixin.qq.com/mp/subscribemsg');
  assert.equal(url.searchParams.get('action'), 'get_confirm');
  assert.equal(url.searchParams.get('appid'), APP_ID);
  assert.equal(url.searchParams.get('template_id'), TEMPLATE);
  assert.equal(url.searchParams.get('scene'), '1000');
  assert.equal(url.searchParams.get('redirect_url'), `${s.server.url}/m/`);
  assert.match(url.searchParams.get('reserved'), /^\d{8,}$/);

  // Back on the report's page, the answer out of the address, with the notice; the button there asks again.
  await ready(page, 'tracked');
  assert.equal(page.url(), `${s.server.url}/m/#/r/${code}`);
  assert.match(await page.textContent('#flash'), /已开启微信提醒：下一条进度会发到微信/);
  assert.match(await page.textContent('#flash'), /1 次/);
  await page.waitForSelector('#remind');
  await check(page, 'remind-confirmed');
  const second = await remind(page);
  assert.deepEqual([second.status, second.body], [200, { credits: 2 }]);
  await ready(page, 'tracked');
  assert.match(await page.textContent('#flash'), /2 次/);
  assert.notEqual(asked[1].searchParams.get('reserved'), url.searchParams.get('reserved'), 'a new nonce each time');

  // In English too.
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('#remind'), /Remind me in WeChat/);
  await check(page, 'remind-confirmed-en');
  await page.click('#lang');

  // The deputy takes the report on: the step goes to WeChat, to this resident, with the template.
  const admin = await s.server.adminToken();
  await s.api('/api/v1/accounts', { method: 'POST', token: admin, body: { username: 'zhang.remind', display_name: '张敏', role: 'deputy', password: PASSWORD, deputy: 'D-003' } });
  const deputy = (await s.api('/api/v1/auth/login', { method: 'POST', body: { username: 'zhang.remind', password: PASSWORD } })).access_token;
  const id = (await s.server.stationReports('XH-01')).find((r) => r.tracking_code === code).id;
  await s.api(`/api/v1/reports/${id}/actions`, { method: 'POST', token: deputy, body: { action: 'accept' } });
  const message = await waitUntil(() => sent.find((m) => JSON.stringify(m).includes(code)), { message: 'the message to WeChat' });
  assert.equal(message.touser, OPENID);
  assert.equal(message.template_id, TEMPLATE);
  await page.context().close();
});

test('inside WeChat: a booking’s confirmation asks too; a “no” is said plainly; an answer that is not this tab’s is ignored', async () => {
  const { page, answer, posted } = await phone();
  await signInWithWeChat(page);
  await book(page, '（微信提醒测试）加装电梯');
  await page.waitForSelector('#remind');
  assert.match(await page.textContent('#remind-panel'), /接待前的提醒会发到微信/);
  await check(page, 'remind-booking');

  // "No": passed on, and said without alarm, on 我的 where the booking is.
  answer.action = 'cancel';
  const no = await remind(page);
  assert.equal(no.status, 200);
  await ready(page, 'mine');
  assert.equal(page.url(), `${s.server.url}/m/#/mine`);
  assert.equal(await page.getAttribute('#flash', 'class'), 'notice notice-info');
  assert.match(await page.textContent('#flash'), /没有开启微信提醒/);
  await check(page, 'remind-cancelled');

  // An answer carrying another nonce (a link someone sent, an old tab): nothing is sent, the address is cleaned.
  await fileReport(page, '（微信提醒测试）别人的答复');
  assert.equal(posted.length, 1);
  answer.action = 'confirm';
  answer.reserved = '12345678';
  await page.click('#remind');
  await ready(page, 'home');
  assert.equal(page.url(), `${s.server.url}/m/`);
  assert.equal(await page.locator('#flash').count(), 0);
  assert.equal(posted.length, 1, 'no answer was sent');
  await page.context().close();
});

test('inside WeChat, a resident signed in by phone code who says yes is told to sign in with WeChat', async () => {
  const { page } = await phone();
  await signInByPhone(page, '13700000061');
  const code = await fileReport(page, '（微信提醒测试）路灯不亮');
  const refused = await remind(page);
  assert.deepEqual([refused.status, refused.body.code], [403, 'forbidden']);
  await ready(page, 'tracked');
  assert.equal(page.url(), `${s.server.url}/m/#/r/${code}`);
  assert.equal(await page.getAttribute('#flash', 'role'), 'alert');
  assert.match(await page.textContent('#flash'), /只能发给用微信登录的账号/);
  assert.equal(await page.locator('#remind').count(), 0, 'not offered again to this account');
  await check(page, 'remind-forbidden');
  await page.context().close();
});

test('outside WeChat there is no button, and nothing is asked about it', async () => {
  const { page } = await phone({ userAgent: null });
  const methods = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/v1/auth/methods') methods.push(request.url());
  });
  await signInByPhone(page, '13700000062');
  const code = await fileReport(page, '（微信提醒测试）不在微信里');
  assert.equal(await page.locator('#remind').count(), 0);
  await page.click('#receipt-track');
  await ready(page, 'tracked');
  assert.equal(page.url(), `${s.server.url}/m/#/r/${code}`);
  assert.equal(await page.locator('#remind').count(), 0);
  assert.deepEqual(methods, []);
  await page.context().close();
});
