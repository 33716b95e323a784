// Report step 6: everything at a glance (each part with a way back to change it), then sending. A report goes
// into the outbox first: when the server cannot be reached the receipt says it is kept and goes out later.

import { outbox, submit, isRetryable, sendInBackground } from '../outbox.js';
import { state, sameResident, editDraft, newReport, setOnline } from '../state.js';
import { h } from '../dom.js';
import { t, pick } from '../i18n.js';
import { go, render as rerender } from '../router.js';
import { refreshPending } from '../live.js';
import { button, stepHeader, navRow, formatPhone } from '../ui.js';
import { placeAddress, placeLabel } from './place.js';
import { receiptSummary } from './receipt.js';
import { takeReservedCode, recordCode } from '../reserved.js';

export function render() {
  const { draft } = state;
  const row = (label, value, step) => h('div', { class: 'review-row' },
    h('dt', {}, label),
    h('dd', {}, h('span', { class: 'value' }, value), button(t('edit'), () => go(step), 'btn small', { 'data-edit': step })));
  const photos = draft.photos.length
    ? h('span', { class: 'review-thumbs' }, draft.photos.map((p, i) => h('img', { src: p.url, alt: t('photo_n', { n: i + 1 }) })), t('photos_count', { n: draft.photos.length }))
    : t('none');
  const contact = draft.phone ? `${formatPhone(draft.phone)}${draft.consentCall ? `（${t('consent_call')}）` : ''}` : t('none');
  const sendLabel = draft.sending ? t('submitting') : t('submit');
  return [
    ...stepHeader(6, t('review_title')),
    h('dl', { class: 'review' },
      row(t('review_category'), pick(draft.category?.name), 'category'),
      row(t('review_description'), draft.description, 'describe'),
      row(t('review_photos'), photos, 'photos'),
      row(t('review_place'), h('span', { id: 'review-place' }, placeLabel()), 'place'),
      row(t('review_contact'), contact, 'contact')),
    draft.error ? h('p', { class: 'error', role: 'alert', id: 'review-error' }, draft.error) : null,
    navRow(() => go('contact'), sendReport, sendLabel, { id: 'submit', 'aria-disabled': draft.sending ? 'true' : null }),
  ];
}

/** The draft as the outbox keeps it: form fields, photos, and the Idempotency-Key of every attempt. */
function reportRecord() {
  const { draft } = state;
  const fields = [
    ['category', draft.category.code],
    ['description', draft.description.trim()],
    ['channel', state.mode === 'kiosk' ? 'kiosk' : 'web'],
  ];
  if (state.stationCode) fields.push(['station', state.stationCode]);
  if (draft.deputy) fields.push(['deputy', draft.deputy]);
  // The most precise area known (the building's grid, a grid, the community), the building, and the address line
  // with unit and floor; none of them when the resident chose 就在本站附近 (the station says where).
  const area = draft.grid ?? draft.area;
  if (!draft.nearStation && area) fields.push(['area', area.code]);
  if (!draft.nearStation && draft.building) fields.push(['building', draft.building.code]);
  const address = draft.nearStation ? '' : placeAddress(draft);
  if (address) fields.push(['address', address]);
  // A kiosk's report carries a code reserved ahead, kept for every retry: a receipt printed while the network
  // is down shows the code the report will have.
  const reserved = state.mode === 'kiosk' ? takeReservedCode() : null;
  if (reserved) fields.push(['reserved_code', reserved]);
  if (draft.phone) {
    fields.push(['contact.phone', draft.phone]);
    fields.push(['consent.personal_info', String(draft.consentPersonal)]);
    fields.push(['consent.phone_call', String(draft.consentCall)]);
  }
  return {
    key: newKey(),
    created_at: Date.now(),
    kiosk: state.mode === 'kiosk',
    fields,
    photos: draft.photos.map((p) => p.blob),
  };
}

/** A random UUID (v4) for the Idempotency-Key; crypto.randomUUID needs a secure context, this does not. */
function newKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function sendReport() {
  if (state.draft.sending) return;
  editDraft({ sending: true, error: null });
  rerender();
  const record = reportRecord();
  const summary = receiptSummary(state.draft);
  // When the resident left while it was sending (the idle reset), the report still ends up on the server
  // once (it is in the outbox until the server has it), but nothing of it reaches the next resident's screen.
  const same = sameResident();
  try {
    const created = await submit(record);
    refreshPending();
    if (!same()) return;
    newReport();
    go('receipt', { created, submittedAt: created.submitted_at, summary });
  } catch (err) {
    if (err.offline) setOnline(false);
    refreshPending();
    if (!same()) return; // kept and sent later by itself, or (refused) only a note without its contents stays
    if (isRetryable(err, record)) {
      // A phone's report also goes out with the page closed where the browser can do that (Background Sync).
      const background = !record.kiosk && await sendInBackground();
      if (!same()) return;
      newReport();
      go('receipt', { queuedKey: record.key, reservedCode: recordCode(record), background, submittedAt: new Date(record.created_at).toISOString(), summary });
    } else {
      // The server refused it (and will refuse it again): the resident can change it and send again.
      outbox.remove(record.key).catch(() => {}).then(refreshPending);
      editDraft({ sending: false, error: t('submit_failed', { why: err.message }) });
      rerender();
    }
  }
}
