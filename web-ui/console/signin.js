// Getting into the console: username and password (the default on a desk), or a code sent to the phone number
// on file; inside WeCom's own browser, when the deployment has WeCom sign-in, WeCom's silent OAuth (its one-time
// `code` comes back in the query, is traded at once and removed from the address). Someone signed in who is
// not staff, a head, the committee or an administrator is told so and may sign out.

import { h, fill } from '/ui/shared/dom.js';
import { request } from '/ui/shared/api.js';
import { t } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { MOBILE_RE, sessionValue } from '/ui/shared/forms.js';

const OAUTH_KEY = 'liaison.console.oauth';

function startWeCom(app, corpId) {
  const nonce = crypto.randomUUID().replaceAll('-', '');
  sessionValue(OAUTH_KEY, nonce);
  if (sessionValue(OAUTH_KEY) !== nonce) return false;
  app.remember(location.hash || '#/home');
  const url = new URL('https://open.weixin.qq.com/connect/oauth2/authorize');
  url.searchParams.set('appid', corpId);
  url.searchParams.set('redirect_uri', `${location.origin}${location.pathname}`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'snsapi_base');
  url.searchParams.set('state', nonce);
  location.assign(`${url.href}#wechat_redirect`);
  return true;
}

/** Back from WeCom: trades the code (once, only with this tab's state) and signs in. `true` when it took over. */
export async function finishOAuth(app) {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  if (!code) return false;
  const nonce = sessionValue(OAUTH_KEY);
  sessionValue(OAUTH_KEY, null);
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (!nonce || nonce !== query.get('state')) return false;
  fill(app.main, h('p', { class: 'loading', role: 'status' }, t('signin_wecom_busy')));
  try {
    app.session.adopt(await request('/api/v1/auth/wecom', { method: 'POST', json: { code } }));
    app.me = null;
    app.afterSignIn();
  } catch (err) {
    sessionValue(`${OAUTH_KEY}.failed`, '1');
    app.oauthProblem = err;
    app.go('#/signin');
    if (location.hash === '#/signin') return false;
  }
  return true;
}

export function signInView(app) {
  const state = { mode: 'password', username: '', phone: '', sent: null, busy: false, error: null, field: null, methods: null };

  async function busy(work) {
    if (state.busy) return;
    state.busy = true;
    state.error = null;
    state.field = null;
    render();
    try {
      await work();
      state.busy = false;
      render();
    } catch (err) {
      state.busy = false;
      state.error = err;
      render('signin-error');
    }
  }

  function fail(key, field) {
    state.error = t(key);
    state.field = field;
    render('signin-error');
  }

  function adopt(pair) {
    app.session.adopt(pair);
    app.me = null;
    app.afterSignIn();
  }

  function password(username, secret) {
    if (!username.trim() || !secret) return fail('fields_missing', username.trim() ? 'password' : 'username');
    return busy(async () => adopt(await request('/api/v1/auth/login', { method: 'POST', json: { username: username.trim(), password: secret } })));
  }

  function sendCode() {
    const phone = state.phone.replace(/[\s-]/g, '');
    if (!MOBILE_RE.test(phone)) return fail('phone_invalid', 'phone');
    return busy(async () => {
      state.sent = await request('/api/v1/auth/phone/code', { method: 'POST', json: { phone } });
      setTimeout(() => focusOn('code'), 0);
    });
  }

  function verify(code) {
    const phone = state.phone.replace(/[\s-]/g, '');
    if (!/^\d{6}$/.test(code.trim())) return fail('code_invalid', 'code');
    return busy(async () => adopt(await request('/api/v1/auth/phone/verify', { method: 'POST', json: { phone, code: code.trim() } })));
  }

  function field(id, label, attrs) {
    const invalid = state.field === id;
    return h('div', { class: 'field' },
      h('label', { for: id }, label),
      h('input', { id, name: id, 'aria-invalid': invalid ? 'true' : null, 'aria-describedby': invalid ? 'signin-error' : null, ...attrs }));
  }

  function errorBox() {
    if (!state.error) return null;
    if (typeof state.error === 'string') return h('p', { class: 'field-error', id: 'signin-error', role: 'alert', tabindex: '-1' }, state.error);
    return problemNotice(state.error, { id: 'signin-error', overrides: { unauthenticated: 'error_bad_login' } });
  }

  function render(focusId = null) {
    app.setTitle(t('signin_title'));
    const form = state.mode === 'password'
      ? h('form', { id: 'password-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); password(document.getElementById('username').value, document.getElementById('password').value); } },
        field('username', t('username_label'), { type: 'text', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', value: state.username, oninput: (e) => { state.username = e.target.value; } }),
        field('password', t('password_label'), { type: 'password', autocomplete: 'current-password' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', id: 'password-submit', 'aria-busy': state.busy ? 'true' : null }, t('signin_submit'))))
      : h('form', { id: 'phone-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); const code = document.getElementById('code'); if (code) verify(code.value); else sendCode(); } },
        field('phone', t('phone_label'), { type: 'tel', inputmode: 'numeric', autocomplete: 'tel-national', value: state.phone, maxlength: '20', oninput: (e) => { state.phone = e.target.value; } }),
        h('div', { class: 'actions' }, h('button', { type: state.sent ? 'button' : 'submit', class: state.sent ? 'btn' : 'btn primary', id: 'send-code', disabled: state.busy, onclick: state.sent ? sendCode : null }, t(state.sent ? 'send_again' : 'send_code'))),
        state.sent ? [
          h('p', { class: 'notice notice-ok', role: 'status', id: 'code-sent' }, t('code_sent', { phone: state.sent.phone })),
          field('code', t('code_label'), { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6' }),
          h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', id: 'signin-submit', 'aria-busy': state.busy ? 'true' : null }, t('signin_submit'))),
        ] : null);
    const wecom = /wxwork/i.test(navigator.userAgent || '') && state.methods?.wecom?.corp_id;
    fill(app.main, h('div', { class: 'signin' },
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('signin_title')),
      app.takeFlash(),
      app.oauthProblem ? problemNotice(app.oauthProblem, { id: 'oauth-problem' }) : null,
      h('p', {}, t('signin_intro')),
      wecom ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary', id: 'oauth', onclick: () => startWeCom(app, state.methods.wecom.corp_id) }, t('signin_wecom'))) : null,
      errorBox(),
      form,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn link', id: 'switch-mode', onclick: () => { state.mode = state.mode === 'password' ? 'phone' : 'password'; state.error = null; render(state.mode === 'phone' ? 'phone' : 'username'); } },
        t(state.mode === 'password' ? 'use_phone' : 'use_password')))));
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
      const corpId = /wxwork/i.test(navigator.userAgent || '') ? state.methods?.wecom?.corp_id : null;
      if (corpId && !sessionValue(`${OAUTH_KEY}.failed`) && startWeCom(app, corpId)) return;
      // Drawn again only to offer WeCom: a redraw would lose a password typed while the methods loaded.
      if (corpId) render();
    },
    render,
    dispose() {
      app.oauthProblem = null;
    },
  };
}

/** Signed in as someone the console is not for (a deputy, a citizen, a unit). */
export function notStaffView(app) {
  function render() {
    app.setTitle(t('app_name'));
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('app_name')),
      h('div', { class: 'notice notice-error', role: 'alert', id: 'not-staff' }, h('p', { class: 'notice-text' }, t(app.me?.role === 'deputy' ? 'not_staff_deputy' : 'not_staff'))),
      app.me?.role === 'deputy' ? h('p', {}, h('a', { href: '/deputy/', id: 'to-workbench' }, t('to_workbench'))) : null,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary', id: 'sign-out-here', onclick: () => app.session.signOut() }, t('sign_out'))));
  }
  return { start: render, render };
}
