// Getting in: a code sent to the deputy's phone (the default), username and password (the fallback), and,
// when the page is opened inside WeCom or WeChat and the deployment has them, those apps' silent OAuth (the
// provider's one-time `code` comes back in the query, is traded at once and removed from the address).
// The first time, a deputy links the account to their directory entry with a binding code from the station.

import { h, fill } from '/ui/shared/dom.js';
import { request } from '/ui/shared/api.js';
import { t } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { MOBILE_RE } from '/ui/shared/forms.js';

const OAUTH_KEY = 'liaison.deputy.oauth';

/** Which app's in-app browser this is: `wecom`, `wechat`, or `null`. */
function inApp() {
  const ua = navigator.userAgent || '';
  if (/wxwork/i.test(ua)) return 'wecom';
  if (/MicroMessenger/i.test(ua)) return 'wechat';
  return null;
}

function storeGet(key) {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function storeSet(key, value) {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // Blocked storage: OAuth cannot be checked against its state, so it is not offered (see oauthOffer).
  }
}

/** Which app's in-app browser this is, as the API names its sign-in: `wecom`, `wechat_oa`, or `null`. */
export function inAppProvider() {
  const where = inApp();
  return where === 'wecom' ? 'wecom' : where === 'wechat' ? 'wechat_oa' : null;
}

/**
 * Sends the browser to WeCom's or WeChat's sign-in, which comes back to this page with `?code=…&state=…`.
 * `purpose`: `signin`, or `tie` (a signed-in deputy ties the app's identity to the account, so the app signs
 * them in from then on).
 */
export function startOAuth(app, provider, appId, purpose = 'signin') {
  const nonce = crypto.randomUUID().replaceAll('-', '');
  storeSet(OAUTH_KEY, JSON.stringify({ provider, nonce, purpose }));
  if (!storeGet(OAUTH_KEY)) return false;
  app.remember(location.hash || '#/inbox');
  const back = `${location.origin}${location.pathname}`;
  const url = new URL('https://open.weixin.qq.com/connect/oauth2/authorize');
  url.searchParams.set('appid', appId);
  url.searchParams.set('redirect_uri', back);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'snsapi_base');
  url.searchParams.set('state', nonce);
  location.assign(`${url.href}#wechat_redirect`);
  return true;
}

/**
 * After the provider's redirect: trades the code (once, and only with the state this tab sent), strips it
 * from the address, and signs in. `true` when it took over the routing.
 */
export async function finishOAuth(app) {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  if (!code) return false;
  const pending = JSON.parse(storeGet(OAUTH_KEY) || 'null');
  storeSet(OAUTH_KEY, null);
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (!pending || pending.nonce !== query.get('state')) return false;
  if (pending.purpose === 'tie') {
    // Tying the app's identity to the signed-in account: the app's silent sign-in reaches it from now on.
    try {
      await app.session.call('/api/v1/me/identities', { method: 'POST', json: { provider: pending.provider, code } });
      app.flash = { kind: 'ok', text: t('tie_done', { app: t(`app_${pending.provider}`) }) };
      storeSet(`${OAUTH_KEY}.failed`, null);
    } catch (err) {
      app.tieProblem = err;
    }
    app.go('#/me');
    return true;
  }
  const path = pending.provider === 'wecom' ? '/api/v1/auth/wecom' : '/api/v1/auth/wechat-oa';
  fill(app.main, h('p', { class: 'loading', role: 'status' }, t('signin_oauth_busy', { app: t(`app_${pending.provider}`) })));
  try {
    app.session.adopt(await request(path, { method: 'POST', json: { code } }));
    app.me = null;
    app.afterSignIn();
  } catch (err) {
    storeSet(`${OAUTH_KEY}.failed`, '1');
    app.oauthProblem = err;
    app.go('#/signin');
    if (location.hash === '#/signin') return false;
  }
  return true;
}

/** The sign-in page. */
export function signInView(app) {
  const state = { mode: 'phone', phone: '', username: '', sent: null, resendAt: 0, busy: false, error: null, field: null, methods: null };
  let timer = null;

  async function sendCode() {
    const phone = state.phone.replace(/[\s-]/g, '');
    if (!MOBILE_RE.test(phone)) return fail('phone_invalid', 'phone');
    await busy(async () => {
      state.sent = await request('/api/v1/auth/phone/code', { method: 'POST', json: { phone } });
      state.resendAt = Date.now() + Number(state.sent.resend_after || 60) * 1000;
      tick();
    }, 'code');
  }

  async function verify(code) {
    const phone = state.phone.replace(/[\s-]/g, '');
    if (!/^\d{6}$/.test(code.trim())) return fail('code_invalid', 'code');
    await busy(async () => {
      app.session.adopt(await request('/api/v1/auth/phone/verify', { method: 'POST', json: { phone, code: code.trim() } }));
      done();
    });
  }

  async function password(username, secret) {
    if (!username.trim() || !secret) return fail('fields_missing', username.trim() ? 'password' : 'username');
    await busy(async () => {
      app.session.adopt(await request('/api/v1/auth/login', { method: 'POST', json: { username: username.trim(), password: secret } }));
      done();
    });
  }

  function done() {
    clearInterval(timer);
    app.me = null;
    app.afterSignIn();
  }

  function fail(key, field) {
    state.error = t(key);
    state.field = field;
    render('signin-error');
  }

  async function busy(work, focusAfter = null) {
    if (state.busy) return;
    state.busy = true;
    state.error = null;
    state.field = null;
    render();
    try {
      await work();
      state.busy = false;
      render(focusAfter);
    } catch (err) {
      state.busy = false;
      state.error = err;
      render('signin-error');
    }
  }

  function tick() {
    clearInterval(timer);
    timer = setInterval(() => {
      const el = document.getElementById('resend-wait');
      const left = Math.ceil((state.resendAt - Date.now()) / 1000);
      if (left <= 0) {
        clearInterval(timer);
        render();
      } else if (el) {
        fill(el, t('resend_in', { n: left }));
      }
    }, 1000);
  }

  function errorBox() {
    if (!state.error) return null;
    if (typeof state.error === 'string') return h('p', { class: 'field-error', id: 'signin-error', role: 'alert', tabindex: '-1' }, state.error);
    return problemNotice(state.error, { id: 'signin-error' });
  }

  function field(id, label, attrs, hint) {
    const invalid = state.field === id;
    return [
      h('label', { for: id }, label),
      hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
      h('input', { id, name: id, 'aria-describedby': [hint ? `${id}-hint` : null, invalid ? 'signin-error' : null].filter(Boolean).join(' ') || null, 'aria-invalid': invalid ? 'true' : null, ...attrs }),
    ];
  }

  function phoneForm() {
    const waiting = state.resendAt > Date.now();
    return h('form', { id: 'phone-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); const code = document.getElementById('code'); if (code && state.sent) verify(code.value); else sendCode(); } },
      field('phone', t('phone_label'), { type: 'tel', inputmode: 'numeric', autocomplete: 'tel-national', value: state.phone, maxlength: '20', oninput: (e) => { state.phone = e.target.value; } }, t('phone_hint')),
      h('div', { class: 'actions' },
        waiting
          ? h('p', { class: 'hint', id: 'resend-wait', role: 'status' }, t('resend_in', { n: Math.ceil((state.resendAt - Date.now()) / 1000) }))
          : h('button', { type: 'button', class: state.sent ? 'btn' : 'btn primary', id: 'send-code', disabled: state.busy, onclick: sendCode }, t('send_code'))),
      state.sent ? [
        h('p', { class: 'notice notice-ok', role: 'status', id: 'code-sent' }, t('code_sent', { phone: state.sent.phone })),
        field('code', t('code_label'), { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6' }, t('code_hint')),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary wide', id: 'signin-submit', 'aria-busy': state.busy ? 'true' : null }, t('signin_submit'))),
      ] : null);
  }

  function passwordForm() {
    return h('form', { id: 'password-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); password(document.getElementById('username').value, document.getElementById('password').value); } },
      field('username', t('username_label'), { type: 'text', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', value: state.username, oninput: (e) => { state.username = e.target.value; } }),
      field('password', t('password_label'), { type: 'password', autocomplete: 'current-password' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary wide', id: 'password-submit', 'aria-busy': state.busy ? 'true' : null }, t('signin_submit'))));
  }

  function oauthButton() {
    const where = inApp();
    const m = state.methods;
    if (!where || !m) return null;
    const offer = where === 'wecom' ? m.wecom?.corp_id : m.wechat_oa?.app_id;
    if (!offer) return null;
    return h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary wide', id: 'oauth', onclick: () => startOAuth(app, where === 'wecom' ? 'wecom' : 'wechat_oa', offer) },
      t(where === 'wecom' ? 'signin_wecom' : 'signin_wechat')));
  }

  function render(focusId = null) {
    app.setTitle(t('signin_title'));
    const wanted = (() => { try { return sessionStorage.getItem('liaison.deputy.wanted') || ''; } catch { return ''; } })();
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('signin_title')),
      app.takeFlash(),
      app.oauthProblem ? problemNotice(app.oauthProblem, { id: 'oauth-problem' }) : null,
      h('p', {}, t('signin_intro')),
      wanted.startsWith('#/reports/') ? h('p', { class: 'hint', id: 'signin-wanted' }, t('signin_wanted')) : null,
      wanted.startsWith('#/check-in/') ? h('p', { class: 'hint', id: 'signin-wanted' }, t('signin_wanted_check_in')) : null,
      oauthButton(),
      errorBox(),
      state.mode === 'phone' ? phoneForm() : passwordForm(),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn link', id: 'switch-mode', onclick: () => { state.mode = state.mode === 'phone' ? 'password' : 'phone'; state.error = null; render(state.mode === 'phone' ? 'phone' : 'username'); } },
        t(state.mode === 'phone' ? 'use_password' : 'use_phone'))));
    if (focusId) focusOn(focusId);
  }

  return {
    async start() {
      render();
      try {
        state.methods = await request('/api/v1/auth/methods');
      } catch {
        state.methods = null;
      }
      const where = inApp();
      const failed = storeGet(`${OAUTH_KEY}.failed`);
      const id = where === 'wecom' ? state.methods?.wecom?.corp_id : where === 'wechat' ? state.methods?.wechat_oa?.app_id : null;
      // Inside WeCom or WeChat the sign-in is silent: go through it once; after a failure, offer it as a button.
      if (id && !failed && startOAuth(app, where === 'wecom' ? 'wecom' : 'wechat_oa', id)) return;
      render();
    },
    render,
    dispose() {
      clearInterval(timer);
      app.oauthProblem = null;
    },
  };
}

/** Linking the account to a deputy with a binding code (typed, or from the binding QR code's link). */
export function bindView(app, { code = '' }) {
  const state = { code: decodeURIComponent(code || ''), busy: false, error: null };

  async function bind() {
    const value = state.code.trim();
    if (!value) {
      state.error = t('bind_empty');
      render('bind-error');
      return;
    }
    state.busy = true;
    state.error = null;
    render();
    try {
      const bound = await app.session.call('/api/v1/me/deputy-binding', { method: 'POST', json: { binding_code: value } });
      app.me = null;
      app.flash = { kind: 'ok', text: t('bind_done', { deputy: bound.deputy }) };
      app.afterSignIn();
    } catch (err) {
      state.busy = false;
      state.error = err;
      render('bind-error');
    }
  }

  function render(focusId = null) {
    app.setTitle(t('bind_title'));
    const invalid = Boolean(state.error);
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('bind_title')),
      h('p', {}, t('bind_intro')),
      state.error ? (typeof state.error === 'string'
        ? h('p', { class: 'field-error', id: 'bind-error', role: 'alert', tabindex: '-1' }, state.error)
        : problemNotice(state.error, { id: 'bind-error' })) : null,
      h('form', { id: 'bind-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); bind(); } },
        h('label', { for: 'binding-code' }, t('bind_code_label')),
        h('p', { class: 'hint', id: 'binding-code-hint' }, t('bind_code_hint')),
        h('input', { id: 'binding-code', type: 'text', autocomplete: 'off', autocapitalize: 'characters', maxlength: '64', value: state.code, 'aria-describedby': invalid ? 'binding-code-hint bind-error' : 'binding-code-hint', 'aria-invalid': invalid ? 'true' : null, oninput: (e) => { state.code = e.target.value; } }),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary wide', id: 'bind-submit', 'aria-busy': state.busy ? 'true' : null }, t('bind_submit')))),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'sign-out', onclick: () => app.session.signOut() }, t('sign_out'))));
    if (focusId) focusOn(focusId);
  }

  return { start: () => render(), render };
}

/** Signed in as someone who is no deputy (staff, an administrator, a unit). */
export function notDeputyView(app) {
  function render() {
    app.setTitle(t('app_name'));
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('app_name')),
      h('div', { class: 'notice notice-error', role: 'alert', id: 'not-deputy' }, h('p', { class: 'notice-text' }, t('not_a_deputy'))),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary', id: 'sign-out', onclick: () => app.session.signOut() }, t('sign_out'))));
  }
  return { start: render, render };
}
