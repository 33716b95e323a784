// Inside WeChat's own browser: whether this is it, and 微信提醒我, the official account's one-time subscription
// (一次性订阅消息). A signed-in resident taps the button; the page goes to WeChat's confirmation page (a redirect,
// no JS-SDK), which comes back to this page with `?openid=…&template_id=…&action=confirm|cancel&scene=…&reserved=…`.
// Only an answer carrying the nonce this tab sent as `reserved` is passed on (POST /me/wechat-oa-subscriptions);
// the query is then taken out of the address and the page the resident came from opens again, with a notice.
// Each confirmation lets one message about their reports or bookings go to WeChat.

import { h } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';
import { sessionValue, newNonce } from '/ui/shared/forms.js';
import * as data from './data.js';

const REMIND_KEY = 'liaison.m.remind';
const CONFIRM_URL = 'https://mp.weixin.qq.com/mp/subscribemsg';

/** WeChat's in-app browser (not WeCom's, whose user agent says MicroMessenger too). */
export const inWeChat = () => /MicroMessenger/i.test(navigator.userAgent || '') && !/wxwork/i.test(navigator.userAgent || '');

let offer; // undefined: not asked yet; null: not offered here; else { appId, templateId, scene }
let asking = null;

/** Whether this tab may keep the nonce (the answer cannot be checked without it). */
function storageWorks() {
  const probe = `${REMIND_KEY}.probe`;
  sessionValue(probe, '1');
  const works = sessionValue(probe) === '1';
  sessionValue(probe, null);
  return works;
}

/**
 * The official account's subscription, when it can be asked for here (inside WeChat, the deployment offers it,
 * storage works); resolves with null otherwise, never fails. Asked once per page load.
 */
export function remindOffer() {
  if (offer !== undefined) return Promise.resolve(offer);
  if (!inWeChat() || !storageWorks()) {
    offer = null;
    return Promise.resolve(offer);
  }
  asking ??= data.methods().then((methods) => {
    const oa = methods?.wechat_oa;
    offer = oa?.app_id && oa.subscription?.template_id ? { appId: oa.app_id, templateId: oa.subscription.template_id, scene: oa.subscription.scene } : null;
    return offer;
  }, () => {
    asking = null; // Asked again next time; no button meanwhile.
    return null;
  });
  return asking;
}

/** Off to WeChat's confirmation page; `back` is the route (a hash) to open when the resident returns. */
function startRemind(back, button) {
  const nonce = newNonce();
  sessionValue(REMIND_KEY, JSON.stringify({ nonce, back }));
  if (!sessionValue(REMIND_KEY)?.includes(nonce)) return;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  const url = new URL(CONFIRM_URL);
  url.searchParams.set('action', 'get_confirm');
  url.searchParams.set('appid', offer.appId);
  url.searchParams.set('scene', String(offer.scene));
  url.searchParams.set('template_id', offer.templateId);
  url.searchParams.set('redirect_url', `${location.origin}${location.pathname}`);
  url.searchParams.set('reserved', nonce);
  location.assign(`${url.href}#wechat_redirect`);
}

/**
 * 微信提醒我, with a line saying what it does (`about`: `report` or `booking`), or null when it cannot be asked
 * for here or nobody is signed in. `back` is where the resident lands after answering WeChat. Call after
 * `remindOffer()` has resolved.
 */
export function remindButton(app, { back, about = 'report' }) {
  if (!offer || !app.session.signedIn) return null;
  const button = h('button', { type: 'button', class: 'btn wide remind', id: 'remind', 'aria-describedby': 'remind-hint',
    onclick: () => startRemind(back, button) }, t('remind_button'));
  return h('section', { class: 'panel remind-panel', id: 'remind-panel', 'aria-label': t('remind_button') },
    h('p', { class: 'hint', id: 'remind-hint' }, t(about === 'booking' ? 'remind_hint_booking' : 'remind_hint_report')),
    button);
}

/** Whether the address carries WeChat's answer to a subscription asked from this page. */
export const isRemindAnswer = () => {
  const query = new URLSearchParams(location.search);
  return query.has('reserved') && query.has('action') && query.has('template_id');
};

/**
 * Back from WeChat's confirmation page: passes the answer on (only when `reserved` is this tab's nonce), takes
 * the query out of the address, opens the page the resident came from and leaves a notice for it in
 * `app.flash`. Anything else is ignored.
 */
export async function finishRemind(app) {
  const query = new URLSearchParams(location.search);
  let kept = null;
  try {
    kept = JSON.parse(sessionValue(REMIND_KEY) || 'null');
  } catch {
    kept = null;
  }
  sessionValue(REMIND_KEY, null);
  const ours = Boolean(kept?.nonce) && kept.nonce === query.get('reserved') && typeof kept.back === 'string' && kept.back.startsWith('#/');
  // WeChat's `#wechat_redirect` may have come along (a redirect keeps the fragment): only a route stays.
  const stay = location.hash.startsWith('#/') ? location.hash : '';
  history.replaceState(null, '', `${location.pathname}${ours ? kept.back : stay}`);
  if (!ours) return;
  const action = query.get('action');
  try {
    const answer = await app.session.call('/api/v1/me/wechat-oa-subscriptions', {
      method: 'POST',
      json: { openid: query.get('openid') ?? '', template_id: query.get('template_id'), action, scene: Number(query.get('scene')), reserved: kept.nonce },
    });
    app.flash = action === 'confirm'
      ? { kind: 'ok', text: t('remind_on', { n: answer?.credits ?? 1 }) }
      : { kind: 'info', text: t('remind_cancelled') };
  } catch (err) {
    // This account cannot have them (signed in by phone code) or the server has none: no button until a reload.
    if (err.code === 'forbidden' || err.code === 'wechat_subscriptions_disabled') offer = null;
    app.flash = { kind: 'error', problem: err, overrides: { forbidden: 'remind_forbidden', validation_failed: 'remind_invalid' } };
  }
}
