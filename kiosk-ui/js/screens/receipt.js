// The receipt: the tracking code and its QR code (also on the receipt printer), or, for a report kept in the
// outbox, a note that it goes out by itself, which turns into the tracking code once it has.

import { state, setView } from '../state.js';
import { h } from '../dom.js';
import { t, pick, formatTime } from '../i18n.js';
import { render as rerender, resetAll } from '../router.js';
import { button, title } from '../ui.js';

export function render() {
  const { created, queuedKey, submittedAt, justSynced } = state.view;
  const stationName = state.station ? pick(state.station.name) : t('app_title');
  const print = document.getElementById('print-receipt');
  let body;
  if (created) {
    const qr = `/api/v1/reports/track/${encodeURIComponent(created.tracking_code)}/qr.svg`;
    const onPhone = state.mode !== 'kiosk';
    body = [
      title(t('receipt_title')),
      justSynced ? h('p', { class: 'ok' }, t('receipt_synced')) : null,
      h('p', {}, t('receipt_code')),
      h('p', { class: 'code', id: 'tracking-code' }, created.tracking_code),
      // A phone is the phone that would scan the QR code, and has no receipt printer: a link instead.
      onPhone ? null : h('img', { class: 'qr', src: qr, alt: t('print_scan'), width: '280', height: '280' }),
      h('p', {}, onPhone ? t('receipt_phone_keep') : t('receipt_keep')),
      onPhone ? h('p', {}, h('a', { class: 'btn primary', id: 'track-link', href: `/t/${encodeURIComponent(created.tracking_code)}` }, t('receipt_phone_link'))) : null,
    ];
    print.replaceChildren(
      h('h1', {}, stationName),
      h('p', {}, t('receipt_code')),
      h('p', { class: 'code' }, created.tracking_code),
      h('img', { src: qr, alt: '' }),
      h('p', {}, t('print_scan')),
      h('p', {}, t('print_time', { time: formatTime(submittedAt) })),
      h('div', { class: 'cut' }));
  } else {
    const ref = queuedKey.slice(0, 8).toUpperCase();
    body = [
      h('h1', { class: 'screen-title saved', id: 'saved-notice', tabindex: '-1' }, t('receipt_saved_title')),
      h('p', { class: 'notice' }, t('receipt_saved')),
      h('p', {}, t('receipt_saved_ref', { ref: '' })),
      h('p', { class: 'code small-code', id: 'local-ref' }, ref),
    ];
    print.replaceChildren(
      h('h1', {}, stationName),
      h('p', {}, t('receipt_saved_title')),
      h('p', { class: 'code' }, ref),
      h('p', {}, t('print_time', { time: formatTime(submittedAt) })),
      h('div', { class: 'cut' }));
  }
  return [
    h('section', { class: 'receipt', 'data-state': created ? 'sent' : 'saved' }, ...body,
      h('div', { class: 'actions' },
        state.mode === 'kiosk' ? button(t('print'), () => window.print(), 'btn', { id: 'print' }) : null,
        button(t('done'), resetAll, 'btn primary', { id: 'done' }))),
  ];
}

/** The outbox sent a report (live.js): when it is the one this receipt waits for, show its tracking code. */
export function reportSent(key, created) {
  if (state.view.queuedKey !== key) return;
  setView('receipt', { created, justSynced: true, submittedAt: created.submitted_at });
  rerender();
}
