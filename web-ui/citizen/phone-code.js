// Proving a phone number with a code texted to it, as the app's screens do it: the number (a mainland mobile;
// `+86`, spaces and dashes are fine), the code asked for (`POST /api/v1/auth/phone/code`), the wait before
// another may be asked for, counted down on the page, and the field the code goes in. Signing in (signin.js) and
// rating a deputy without an account (report-back.js) both use it; each adds its own button that uses the code.

import { h, fill } from '/ui/shared/dom.js';
import { request } from '/ui/shared/api.js';
import { t } from '/ui/shared/i18n.js';
import { MOBILE_RE } from '/ui/shared/forms.js';

/** `redraw()` draws the screen again (when the wait is over). */
export function phoneCode({ redraw }) {
  const s = { phone: '', code: '', sent: null, resendAt: 0 };
  let timer = null;
  let disposed = false;

  const number = () => s.phone.replace(/[\s-]/g, '').replace(/^(\+?86)/, '');
  const waiting = () => Boolean(s.sent) && Date.now() < s.resendAt;
  const secondsLeft = () => Math.ceil((s.resendAt - Date.now()) / 1000);

  /** Asks for a code (the number checked first by `valid()`); throws the server's refusal. */
  async function send() {
    s.sent = await request('/api/v1/auth/phone/code', { method: 'POST', json: { phone: number() } });
    s.code = '';
    s.resendAt = Date.now() + Number(s.sent.resend_after || 60) * 1000;
    clearInterval(timer);
    timer = setInterval(() => {
      const el = document.getElementById('resend-wait');
      if (Date.now() >= s.resendAt) {
        clearInterval(timer);
        if (!disposed) redraw();
      } else if (el) {
        fill(el, t('resend_in', { n: secondsLeft() }));
      }
    }, 1000);
  }

  /**
   * The number, the button that sends a code (or the wait), and once a code was sent, its field. `invalid`: the
   * field to mark (`phone` or `code`); `busy`: a call is under way; `onSend`: the button's action; `label`: the
   * number's label.
   */
  function fields({ invalid = null, busy = false, onSend, label = t('phone_label') }) {
    const phone = h('input', {
      type: 'tel', id: 'phone', inputmode: 'numeric', autocomplete: 'tel-national', maxlength: 20, 'aria-describedby': 'phone-hint',
      'aria-invalid': invalid === 'phone' ? 'true' : null, oninput: (e) => { s.phone = e.target.value; },
    });
    phone.value = s.phone;
    const code = s.sent ? h('input', {
      type: 'text', id: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6,
      'aria-invalid': invalid === 'code' ? 'true' : null, oninput: (e) => { s.code = e.target.value; },
    }) : null;
    if (code) code.value = s.code;
    return [
      h('label', { for: 'phone' }, label),
      h('p', { class: 'hint', id: 'phone-hint' }, t('signin_phone_hint')),
      phone,
      h('div', { class: 'actions' }, waiting()
        ? h('p', { class: 'hint', id: 'resend-wait', role: 'status' }, t('resend_in', { n: secondsLeft() }))
        : h('button', { type: 'button', class: s.sent ? 'btn' : 'btn primary', id: 'send-code', disabled: busy, onclick: onSend }, s.sent ? t('send_again') : t('send_code'))),
      s.sent ? [
        h('p', { class: 'notice notice-ok', role: 'status', id: 'code-sent' }, t('code_sent', { phone: s.sent.phone })),
        h('label', { for: 'code' }, t('code_label')),
        code,
      ] : null,
    ];
  }

  return {
    state: s,
    number,
    /** Whether the number looks like a mainland mobile. */
    valid: () => MOBILE_RE.test(number()),
    /** The code typed, trimmed, when it is six digits; else null. */
    code: () => (/^\d{6}$/.test(s.code.trim()) ? s.code.trim() : null),
    sent: () => Boolean(s.sent),
    send,
    fields,
    /** Forgets the number and the code (after they have been used). */
    clear() {
      Object.assign(s, { phone: '', code: '', sent: null, resendAt: 0 });
      clearInterval(timer);
    },
    dispose() {
      disposed = true;
      clearInterval(timer);
    },
  };
}
