// Report steps 5 and 6 and the receipt: a phone number to be called back on (optional) with the consents in plain
// words, including the two opt-ins for the results board (公示: the report and its answer shown without name,
// phone or address; its photos too); the review; sending through the outbox (kept on the phone first, sent once
// under its Idempotency-Key: a report that cannot go out now waits and goes by itself); the receipt with the
// tracking code, or the note that the report waits on the phone, which turns into the code once it has gone;
// inside WeChat, for a signed-in resident, 微信提醒我 (wechat.js).

import { h } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { ApiError } from '/ui/shared/api.js';
import { outboxReady, newKey } from './outbox.js';
import { placeText } from './report-place.js';
import { MOBILE_RE } from '/ui/shared/forms.js';
import { remindOffer, remindButton } from './wechat.js';

const cleanPhone = (text) => text.replace(/[\s-]/g, '').replace(/^(\+?86)/, '');

// ---- Step 5: contact and consent -------------------------------------------------------------------------------

export function contactStep(flow) {
  const { draft: d, app } = flow;
  const c = d.consent;
  const error = h('p', { class: 'field-error', role: 'alert', id: 'contact-error' });
  const box = (name, label, { disabled = false, hint = null } = {}) => h('label', { class: 'choice' },
    h('input', { type: 'checkbox', id: `consent-${name}`, checked: c[name], disabled, 'aria-describedby': hint ? `consent-${name}-hint` : null,
      onchange: (e) => {
        c[name] = e.target.checked;
        if (name === 'publish' && !c.publish) c.publish_photos = false;
        flow.render();
        document.getElementById(`consent-${name}`)?.focus();
      } }),
    h('span', {}, label, hint ? h('span', { class: 'hint block', id: `consent-${name}-hint` }, hint) : null));
  const phone = h('input', { type: 'tel', id: 'phone', autocomplete: 'tel', inputmode: 'tel', maxlength: 20, 'aria-describedby': 'phone-hint contact-error',
    oninput: (e) => {
      d.phone = e.target.value;
      const given = Boolean(d.phone.trim());
      for (const name of ['personal_info', 'phone_call', 'sms']) {
        const input = document.getElementById(`consent-${name}`);
        if (input) input.disabled = !given;
      }
    } });
  phone.value = d.phone;
  const given = Boolean(d.phone.trim());
  return [
    ...flow.stepHeader(5, t('contact_title'), null),
    app.session.signedIn
      ? h('p', { class: 'notice notice-ok', id: 'signed-in-note' }, t('contact_signed_in'))
      : h('div', { class: 'notice', id: 'anonymous-note' }, h('p', {}, t('contact_anonymous')),
        h('button', { type: 'button', class: 'btn', id: 'contact-signin', onclick: () => app.signIn(location.hash) }, t('signin_link'))),
    h('label', { for: 'phone' }, t('phone_label')),
    h('p', { class: 'hint', id: 'phone-hint' }, t('phone_hint')),
    phone,
    h('fieldset', {}, h('legend', {}, t('consent_contact')),
      box('personal_info', t('consent_personal'), { disabled: !given }),
      box('phone_call', t('consent_call'), { disabled: !given }),
      box('sms', t('consent_sms'), { disabled: !given })),
    h('fieldset', {}, h('legend', {}, t('consent_results')),
      box('publish', t('consent_publish'), { hint: t('consent_publish_hint') }),
      box('publish_photos', t('consent_publish_photos'), { disabled: !c.publish || !d.photos.length })),
    error,
    flow.nav(() => flow.go('place'), () => {
      const number = cleanPhone(d.phone);
      if (number && !MOBILE_RE.test(number)) {
        error.textContent = t('phone_invalid');
        phone.setAttribute('aria-invalid', 'true');
        phone.focus();
        return;
      }
      if (number && !c.personal_info) {
        error.textContent = t('consent_needed');
        document.getElementById('consent-personal_info')?.focus();
        return;
      }
      flow.go('review');
    }),
  ];
}

// ---- Step 6: review and send ------------------------------------------------------------------------------------

let sending = false;
let sendError = null;

export function reviewStep(flow) {
  const { draft: d } = flow;
  const row = (label, value, step, id) => h('div', {}, h('dt', {}, label), h('dd', {},
    h('span', { class: 'user-text', id }, value || t('not_given')), ' ',
    h('button', { type: 'button', class: 'btn link', 'data-edit': step, onclick: () => flow.go(step) }, t('edit'))));
  const consents = ['phone_call', 'sms', 'publish', 'publish_photos'].filter((k) => d.consent[k]).map((k) => t(`consent_short_${k}`));
  return [
    ...flow.stepHeader(6, t('review_title'), t('review_hint')),
    h('dl', { class: 'facts review' },
      row(t('review_station'), pick(flow.data.station.name), 'category', 'review-station'),
      d.deputy ? row(t('review_deputy'), pick(d.deputy.name), 'category', 'review-deputy') : null,
      row(t('review_category'), pick(d.category.name), 'category', 'review-category'),
      row(t('review_description'), d.description, 'describe', 'review-description'),
      row(t('review_photos'), d.photos.length ? t('photos_n', { n: d.photos.length }) : '', 'photos', 'review-photos'),
      row(t('review_place'), placeText(d), 'place', 'review-place'),
      row(t('review_contact'), cleanPhone(d.phone), 'contact', 'review-contact'),
      row(t('review_consents'), consents.join('、'), 'contact', 'review-consents')),
    sendError ? h('div', { id: 'send-error' }, flow.app.problem(sendError)) : null,
    flow.nav(() => flow.go('contact'), () => send(flow), sending ? t('sending') : t('send'), { 'aria-busy': sending ? 'true' : null, disabled: sending }),
  ];
}

/** The draft as the outbox keeps it: form fields, photos, the Idempotency-Key, and the account filing it. */
function record(flow) {
  const { draft: d, app } = flow;
  const who = app.session.signedIn ? app.session.who : null;
  const fields = [
    ['category', d.category.code],
    ['description', d.description.trim()],
    ['channel', who ? 'mobile' : 'web'],
    ['station', d.station],
  ];
  if (d.deputy) fields.push(['deputy', d.deputy.code]);
  const p = d.place;
  if (p.mode === 'building' && p.building) {
    if (p.grid) fields.push(['area', p.grid.code]);
    fields.push(['building', p.building.code]);
  }
  if (p.mode === 'pin' && p.point) {
    fields.push(['location.lat', String(p.point.lat)], ['location.lng', String(p.point.lng)]);
    // WGS-84 is the default; a GCJ-02 point (WeChat's own location) would say so.
    if (p.point.crs && p.point.crs !== 'wgs84') fields.push(['location.crs', p.point.crs]);
  }
  const address = placeText(d);
  if (address && (p.mode !== 'pin' || p.detail.trim())) fields.push(['address', address]);
  const phone = cleanPhone(d.phone);
  if (phone) {
    fields.push(['contact.phone', phone]);
    for (const k of ['personal_info', 'phone_call', 'sms']) fields.push([`consent.${k}`, String(d.consent[k])]);
  }
  // The results board's opt-ins go only when given (an older server knows neither).
  if (d.consent.publish) fields.push(['consent.publish', 'true']);
  if (d.consent.publish && d.consent.publish_photos && d.photos.length) fields.push(['consent.publish_photos', 'true']);
  return {
    key: newKey(), created_at: Date.now(), kiosk: false, fields, photos: d.photos.map((ph) => ph.blob),
    account: who?.subjectId ?? null,
  };
}

async function send(flow) {
  if (sending) return;
  sending = true;
  sendError = null;
  flow.render();
  const d = flow.draft;
  const kept = record(flow);
  const summary = { category: d.category.name, text: d.description.trim(), replyDays: d.category.reply_deadline_working_days };
  const [outbox] = await Promise.all([outboxReady(flow.app), remindOffer()]);
  try {
    const created = await outbox.submit(kept);
    d.receipt = { created, summary };
  } catch (err) {
    if (outbox.isRetryable(err, kept)) {
      const background = await outbox.sendInBackground();
      d.receipt = { queuedKey: kept.key, background, summary };
    } else {
      await outbox.outbox.remove(kept.key).catch(() => {});
      // The kiosk's error, as the shared one (its words and request id come from the problem).
      sendError = err?.status ? new ApiError({ status: err.status, problem: err.problem }) : err;
    }
  }
  sending = false;
  if (flow.isDisposed()) return;
  if (d.receipt) flow.go('receipt');
  else flow.render();
}

// ---- The receipt ----------------------------------------------------------------------------------------------

export function receiptStep(flow) {
  const { draft: d, app } = flow;
  const { created, queuedKey, background, summary } = d.receipt;
  app.setTitle(t('receipt_title'));
  const excerpt = [...summary.text].length > 40 ? `${[...summary.text].slice(0, 40).join('')}…` : summary.text;
  const about = h('p', { class: 'user-text', id: 'receipt-summary' }, `${pick(summary.category)} · ${excerpt}`);
  if (!created) {
    // Waiting on the phone: the code appears here as soon as it has gone (this page, another, or the worker).
    outboxReady(app).then(({ onSent, acknowledge }) => {
      const stop = onSent(({ key, created: done }) => {
        if (key !== queuedKey || !done) return;
        stop();
        acknowledge(key).catch(() => {});
        d.receipt = { created: done, summary, synced: true };
        if (!flow.isDisposed() && d.step === 'receipt') flow.render();
      });
    });
    return [
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('receipt_waiting_title')),
      h('p', { class: 'notice notice-warn', role: 'status', id: 'receipt-waiting' }, background ? t('receipt_waiting_background') : t('receipt_waiting')),
      about,
      h('div', { class: 'actions' }, h('a', { class: 'btn', href: '#/mine' }, t('entry_mine'))),
    ];
  }
  return [
    h('h1', { id: 'view-heading', tabindex: '-1' }, t('receipt_title')),
    d.receipt.synced ? h('p', { class: 'notice notice-ok', role: 'status' }, t('receipt_synced')) : null,
    h('p', {}, t('receipt_code')),
    h('p', { class: 'tracking-code', id: 'tracking-code' }, created.tracking_code),
    about,
    summary.replyDays ? h('p', {}, t('receipt_reply_days', { n: summary.replyDays })) : null,
    h('p', {}, app.session.signedIn ? t('receipt_in_mine') : t('receipt_keep')),
    remindButton(app, { back: `#/r/${encodeURIComponent(created.tracking_code)}` }),
    h('div', { class: 'actions' },
      h('a', { class: 'btn primary', id: 'receipt-track', href: `#/r/${encodeURIComponent(created.tracking_code)}` }, t('receipt_follow')),
      h('button', { type: 'button', class: 'btn', id: 'receipt-new', onclick: () => app.go(`#/report/${encodeURIComponent(d.station)}`) }, t('receipt_another'))),
  ];
}
