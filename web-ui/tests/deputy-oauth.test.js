// The workbench inside WeCom (企业微信): its silent OAuth against a fake WeCom API on loopback (gettoken and
// auth/getuserinfo, answering as WeCom documents), with WeCom's own authorize page stood in for by a redirect
// back with `code` and `state`. The first time the member is tied to no account: the page says so and the
// deputy signs in by phone code and binds; on "me" they tie WeCom (OAuth once more); from then on opening the
// workbench inside WeCom signs them in without a word typed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenSuite, checkPage, waitUntil, PASSWORD } from './helpers.js';

const CORP = 'ww-browser-test';
const SECRET = 'wecom-browser-test-secret';
const MEMBER = 'zhaolei';
const PHONE = '13900000007';
const WECOM_UA = 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 wxwork/4.1.22 MicroMessenger/7.0.1';

// The fake WeCom API: every code it handed out belongs to MEMBER.
const codes = new Set();
let codeCount = 0;
const s = screenSuite({
  fakes: async (suite) => {
    const api = createServer((req, res) => {
      const url = new URL(req.url, 'http://fake');
      res.setHeader('Content-Type', 'application/json');
      if (url.pathname === '/cgi-bin/gettoken' && url.searchParams.get('corpid') === CORP && url.searchParams.get('corpsecret') === SECRET) {
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', access_token: 'FAKE-TOKEN', expires_in: 7200 }));
      } else if (url.pathname === '/cgi-bin/auth/getuserinfo' && url.searchParams.get('access_token') === 'FAKE-TOKEN'
        && codes.delete(url.searchParams.get('code'))) {
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', userid: MEMBER, user_ticket: 'T' }));
      } else {
        res.end(JSON.stringify({ errcode: 40029, errmsg: 'invalid code' }));
      }
    });
    await new Promise((resolve) => api.listen(0, '127.0.0.1', resolve));
    suite.closeFakes = () => new Promise((resolve) => api.close(resolve));
    return {
      LIAISON_NOTIFY__WECOM__CORP_ID: CORP,
      LIAISON_NOTIFY__WECOM__CORP_SECRET: SECRET,
      LIAISON_NOTIFY__WECOM__BASE_URL: `http://127.0.0.1:${api.address().port}`,
      LIAISON_WECOM_LOGIN__ENABLED: 'true',
    };
  },
});
const check = (page, name) => checkPage(page, name, { minTarget: 48 });

/** A phone inside WeCom whose trip to WeCom's authorize page comes straight back with a fresh code. */
async function insideWecom() {
  const page = await s.phonePage({ userAgent: WECOM_UA });
  const trips = [];
  await page.route('https://open.weixin.qq.com/**', (route) => {
    const asked = new URL(route.request().url());
    trips.push(asked.searchParams.get('appid'));
    const code = `wecom-code-${++codeCount}`;
    codes.add(code);
    const back = new URL(asked.searchParams.get('redirect_uri'));
    back.searchParams.set('code', code);
    back.searchParams.set('state', asked.searchParams.get('state'));
    return route.fulfill({ status: 302, headers: { Location: back.href } });
  });
  return { page, trips };
}

function smsCode(phone) {
  try {
    const lines = readFileSync(join(s.server.dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    return lines.reverse().find((l) => l.phone === phone && l.code)?.code;
  } catch {
    return null; // nothing sent yet
  }
}

test('inside WeCom: untied the first time (phone code and binding instead), tied on “me”, then signed in silently', async () => {
  const admin = await s.server.adminToken();
  const account = await s.api('/api/v1/accounts', {
    method: 'POST', token: admin, body: { username: 'zhao.wecom', display_name: '赵代表', role: 'deputy', password: PASSWORD },
  });
  await s.api(`/api/v1/accounts/${account.id}/phone`, { method: 'PUT', token: admin, body: { phone: PHONE } });
  const binding = await s.api('/api/v1/deputies/D-007/binding-codes', { method: 'POST', token: admin, body: {} });

  // First visit inside WeCom: the silent sign-in finds no account for the member, and says so.
  const first = await insideWecom();
  let page = first.page;
  await page.goto(`${s.server.url}/deputy/`);
  await page.waitForSelector('#oauth-problem');
  assert.deepEqual(first.trips, [CORP], 'one silent trip to WeCom, with the corp id');
  assert.doesNotMatch(page.url(), /code=/, 'the code is taken out of the address');
  await check(page, 'deputy-oauth-01-untied');
  // The phone code instead, then the binding code.
  await page.fill('#phone', PHONE);
  await page.click('#send-code');
  await page.waitForSelector('#code');
  await page.fill('#code', await waitUntil(() => smsCode(PHONE), { message: 'the SMS code' }));
  await page.click('#signin-submit');
  await page.waitForSelector('main[data-view="bind"] #binding-code');
  await page.fill('#binding-code', binding.binding_code);
  await page.click('#bind-submit');
  await page.waitForSelector('main[data-view="inbox"]');

  // On "me": tie WeCom, which goes through WeCom once more and comes back tied.
  await page.goto(`${s.server.url}/deputy/#/me`);
  await page.waitForSelector('#tie-oauth');
  await check(page, 'deputy-oauth-02-offer');
  await page.click('#tie-oauth');
  await page.waitForSelector('#tie-state');
  assert.match(await page.textContent('#flash'), /已绑定企业微信/);
  assert.deepEqual(first.trips, [CORP, CORP]);
  await check(page, 'deputy-oauth-03-tied');
  await page.context().close();

  // A new visit inside WeCom (nothing kept on the phone): signed in without a word typed.
  const again = await insideWecom();
  page = again.page;
  await page.goto(`${s.server.url}/deputy/`);
  await page.waitForSelector('main[data-view="inbox"]');
  assert.deepEqual(again.trips, [CORP]);
  await page.context().close();
});
