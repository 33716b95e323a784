// The report as the handling unit reads it (`UnitReportView`): what it is, where, by when, its photos and
// documents. Everything the resident or the unit typed goes in as text.

import { h } from '/ui/shared/dom.js';
import { t, pick, formatDateTime, formatBytes, has } from '/ui/shared/i18n.js';

const fact = (id, label, ...value) => h('div', { id }, h('dt', {}, label), h('dd', {}, ...value));

/** The heading and the sentence that says what the page is for. */
export function intro(view) {
  return [
    h('h1', { id: 'report-heading', tabindex: '-1' }, t('heading', { category: pick(view.category) })),
    h('p', { class: 'intro' }, t('intro', { unit: pick(view.unit?.name) || view.unit?.code || '' })),
  ];
}

/** Whether the reply is late: due and not yet in. */
export function overdue(view, now = Date.now()) {
  return Boolean(view.awaiting_reply && view.due_at && new Date(view.due_at).getTime() < now);
}

/** The deadline, as a sentence the unit acts on. */
export function deadline(view) {
  if (!view.awaiting_reply || !view.due_at) return null;
  const when = formatDateTime(view.due_at);
  return overdue(view)
    ? h('div', { class: 'notice notice-warn', id: 'due-note' }, h('p', { class: 'notice-text' }, t('overdue', { when })))
    : h('div', { class: 'notice', id: 'due-note' }, h('p', { class: 'notice-text' }, t('due_by', { when })));
}

/** What the report is: number, category, title, the resident's words, place, deadline, progress, link life. */
export function facts(view) {
  const status = has(`status_${view.status}`) ? t(`status_${view.status}`) : view.status;
  return h('section', { 'aria-labelledby': 'facts-title' },
    h('h2', { id: 'facts-title' }, t('facts_title')),
    h('dl', { class: 'facts' },
      fact('fact-tracking-code', t('fact_tracking_code'), h('span', { class: 'code' }, view.tracking_code)),
      fact('fact-category', t('fact_category'), pick(view.category)),
      view.title ? fact('fact-title', t('fact_title'), h('span', { class: 'user-text' }, view.title)) : null,
      fact('fact-description', t('fact_description'), h('p', { class: 'user-text', id: 'description' }, view.description)),
      fact('fact-address', t('fact_address'),
        view.address ? h('span', { class: 'user-text', id: 'address' }, view.address) : h('span', { class: 'muted' }, t('not_given'))),
      fact('fact-due', t('fact_due'), view.due_at ? h('time', { datetime: view.due_at, id: 'due-at' }, formatDateTime(view.due_at)) : t('no_due')),
      fact('fact-status', t('fact_status'), h('span', { id: 'status', 'data-status': view.status }, status)),
      fact('fact-link-expires', t('fact_link_expires'),
        h('time', { datetime: view.link_expires_at, id: 'link-expires' }, formatDateTime(view.link_expires_at)))));
}

/** The photos, as thumbnails that open the full-size rendition (signed links that expire; reload for new ones). */
export function photos(view) {
  const list = Array.isArray(view.photos) ? view.photos : [];
  return h('section', { 'aria-labelledby': 'photos-title' },
    h('h2', { id: 'photos-title' }, t('photos_title')),
    list.length === 0
      ? h('p', { class: 'muted', id: 'no-photos' }, t('photos_none'))
      : h('ul', { class: 'photos', id: 'photos' }, list.map((photo, i) => {
        const alt = t(photo.source === 'unit_reply' ? 'photo_alt_unit' : 'photo_alt_citizen', { n: i + 1 });
        const { width, height } = thumbSize(photo);
        return h('li', { 'data-source': photo.source },
          h('a', { href: photo.display_url, target: '_blank', rel: 'noopener noreferrer', title: t('photo_open') },
            h('img', { src: photo.thumb_url, alt, width, height, loading: 'lazy', decoding: 'async' })));
      })));
}

/** The thumbnail's box, from the display rendition's shape (long edge 320, as the server renders it). */
function thumbSize(photo) {
  const w = Number(photo.width) || 320;
  const ht = Number(photo.height) || 240;
  const scale = 320 / Math.max(w, ht);
  return { width: String(Math.round(w * scale)), height: String(Math.round(ht * scale)) };
}

/** The PDF documents attached so far, when the server lists them (older servers do not). */
export function documents(view) {
  const list = Array.isArray(view.documents) ? view.documents : [];
  if (list.length === 0) return null;
  return h('section', { 'aria-labelledby': 'documents-title' },
    h('h2', { id: 'documents-title' }, t('documents_title')),
    h('ul', { class: 'documents', id: 'documents' }, list.map((doc, i) => h('li', {},
      h('a', { href: doc.url, download: doc.file_name || true, class: 'document-link' },
        doc.file_name || t('document_fallback_name', { n: i + 1 })),
      h('span', { class: 'document-meta' },
        ' ', t('document_meta', { size: formatBytes(doc.byte_size), when: formatDateTime(doc.attached_at) }))))));
}
