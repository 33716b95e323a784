// 登录: a code sent to the person's phone (phone-code.js, then /auth/phone/verify: a new number gets a
// citizen's account), or — only inside WeChat, and only when GET /auth/methods offers it — the official account's
// silent web sign-in (snsapi_base: WeChat comes back with `?code=…&state=…`, traded at once and removed from the
// address). Signing in is never needed to report; it adds 我的反映 and booking a reception.

import { h, fill } from '/ui/shared/dom.js';
import { request } from '/ui/shared/api.js';
import { t } from '/ui/shared/i18n.js';
import * as data from './data.js';
import { sessionValue, newNonce } from '/ui/shared/forms.js';
import { phoneCode } from './phone-code.js';
import { inWeChat } from './wechat.js';

const OAUTH_KEY = 'liaison.m.oauth';

/** Off to WeChat's sign-in page, which comes back to this page with `?code=…&state=…`. */
function startWeChat(appId) {
  const nonce = newNonce();
  sessionValue(OAUTH_KEY, nonce);
  if (sessionValue(OAUTH_KEY) !== nonce) return;
  const url = new URL('https://open.weixin.qq.com/connect/oauth2/authorize');
  url.searchParams.set('appid', appId);
  url.searchParams.set('redirect_uri', `${location.origin}${location.pathname}`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'snsapi_base');
  url.searchParams.set('state', nonce);
  location.assign(`${url.href}#wechat_redirect`);
}

/** Back from WeChat: trades the code (only with the state this tab sent) and strips it from the address. */
export async function finishWeChat(app) {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  if (!code) return false;
  const nonce = sessionValue(OAUTH_KEY);
  sessionValue(OAUTH_KEY, null);
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (!nonce || nonce !== query.get('state')) return false;
  try {
    app.session.adopt(await request('/api/v1/auth/wechat-oa', { method: 'POST', json: { code } }));
    app.me = null;
    app.afterSignIn();
    return true;
  } catch (err) {
    app.signInProblem = err;
    return false;
  }
}

export function signInView(app) {
  const state = { busy: false, error: app.signInProblem ?? null, field: null, wechat: null };
  app.signInProblem = null;
  let disposed = false;
  const proof = phoneCode({ redraw: () => render() });

  function fail(key, field) {
    state.error = t(key);
    state.field = field;
    render();
    app.focusOn(field);
  }

  async function busy(work, focus) {
    state.busy = true;
    state.error = null;
    state.field = null;
    render();
    try {
      await work();
    } catch (err) {
      state.error = err;
    }
    state.busy = false;
    if (disposed) return;
    render();
    app.focusOn(state.error ? 'signin-error' : focus);
  }

  async function sendCode() {
    if (!proof.valid()) return fail('phone_invalid', 'phone');
    return busy(() => proof.send(), 'code');
  }

  async function verify() {
    const code = proof.code();
    if (!code) return fail('code_invalid', 'code');
    return busy(async () => {
      app.session.adopt(await request('/api/v1/auth/phone/verify', { method: 'POST', json: { phone: proof.number(), code } }));
      proof.dispose();
      app.me = null;
      app.flash = { kind: 'ok', text: t('signed_in') };
      app.afterSignIn();
    });
  }

  function render() {
    if (disposed) return;
    app.setTitle(t('signin_title'));
    const error = state.error
      ? (typeof state.error === 'string'
        ? h('div', { class: 'notice notice-error', role: 'alert', id: 'signin-error' }, h('p', { class: 'notice-text' }, state.error))
        : app.problem(state.error, { id: 'signin-error' }))
      : null;
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('signin_title')),
      app.takeFlash(),
      h('p', {}, t('signin_intro')),
      error,
      state.wechat ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary wide', id: 'wechat-signin', onclick: () => startWeChat(state.wechat) }, t('signin_wechat'))) : null,
      h('form', { id: 'phone-form', novalidate: true, onsubmit: (e) => {
        e.preventDefault();
        if (proof.sent()) verify();
        else sendCode();
      } },
      proof.fields({ invalid: state.field, busy: state.busy, onSend: sendCode }),
      proof.sent()
        ? h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary wide', id: 'signin-submit', disabled: state.busy, 'aria-busy': state.busy ? 'true' : null }, t('signin_submit')))
        : null),
      h('p', { class: 'hint' }, t('signin_no_need')));
    app.main.dataset.state = 'ready';
  }

  async function start() {
    if (app.session.signedIn) {
      app.afterSignIn();
      return;
    }
    render();
    if (!inWeChat()) return;
    try {
      const methods = await data.methods();
      if (!disposed && methods.wechat_oa?.app_id) {
        state.wechat = methods.wechat_oa.app_id;
        render();
      }
    } catch {
      // The phone code works without it.
    }
  }

  return { render, start, dispose() { disposed = true; proof.dispose(); } };
}
