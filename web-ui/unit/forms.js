// The unit's two forms: files (photos go as `photos` parts, PDFs as `documents` parts) and the reply. The
// file input and the text box are made once and kept across renders, so a choice of files, the caret and
// the typing history survive a language switch or a message appearing.

import { h, fill } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';
import { problemNotice, notice } from '/ui/shared/ui.js';

export const REPLY_MAX = 2000;
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const PHOTO_EXTENSIONS = /\.(jpe?g|png|webp)$/i;
const PDF_EXTENSION = /\.pdf$/i;

/** `photo`, `pdf`, or `null` for a file the server would not take. */
export function kindOf(file) {
  if (file.type === 'application/pdf' || (!file.type && PDF_EXTENSION.test(file.name))) return 'pdf';
  if (PHOTO_TYPES.includes(file.type) || (!file.type && PHOTO_EXTENSIONS.test(file.name))) return 'photo';
  return null;
}

/** The multipart body of an upload: each photo a `photos` part, each PDF a `documents` part. */
export function uploadBody(files) {
  const form = new FormData();
  for (const file of files) form.append(kindOf(file) === 'pdf' ? 'documents' : 'photos', file, file.name);
  return form;
}

/** The forms, wired to `onUpload(files)` and `onReply(text)`; each returns a section for the current state. */
export function createForms({ onUpload, onReply, onFilesChosen }) {
  const fileInput = h('input', {
    type: 'file', id: 'upload-files', name: 'files', multiple: true,
    accept: 'image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf',
    onchange: () => onFilesChosen([...fileInput.files]),
  });
  const counter = h('p', { class: 'counter', id: 'reply-counter' });
  const countText = () => fill(counter, t('reply_counter', { n: [...textArea.value].length }));
  const textArea = h('textarea', { id: 'reply-text', name: 'text', maxlength: String(REPLY_MAX), rows: '6', oninput: countText });

  function upload(state) {
    const chosen = state.files;
    const error = state.uploadError
      ? (typeof state.uploadError === 'string'
        ? h('p', { class: 'field-error', id: 'upload-error', role: 'alert' }, state.uploadError)
        : problemNotice(state.uploadError, { id: 'upload-error' }))
      : null;
    fileInput.setAttribute('aria-describedby', error ? 'upload-hint upload-error' : 'upload-hint');
    fileInput.setAttribute('aria-invalid', String(Boolean(error)));
    const send = h('button', { type: 'submit', class: 'btn primary', id: 'upload-send', 'aria-busy': String(state.uploadBusy) },
      state.uploadBusy ? t('upload_busy') : t('upload_button'));
    return h('section', { 'aria-labelledby': 'upload-title', id: 'upload' },
      h('h2', { id: 'upload-title' }, t('upload_title')),
      h('form', { id: 'upload-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); onUpload(state.files); } },
        h('label', { for: 'upload-files' }, t('upload_label')),
        h('p', { class: 'hint', id: 'upload-hint' }, t('upload_hint')),
        fileInput,
        chosen.length
          ? h('div', { class: 'chosen', id: 'upload-chosen' },
            h('p', {}, t('upload_chosen', { n: chosen.length })),
            h('ul', {}, chosen.map((file) => h('li', {}, file.name, ' · ',
              kindOf(file) === 'pdf' ? t('upload_kind_pdf') : kindOf(file) === 'photo' ? t('upload_kind_photo') : '?'))))
          : null,
        error,
        h('div', { class: 'actions' }, send)),
      state.uploaded ? notice('ok', t('upload_done', { n: state.uploaded }), { id: 'upload-done' }) : null);
  }

  function reply(state) {
    const error = state.replyError === 'empty'
      ? h('p', { class: 'field-error', id: 'reply-error', role: 'alert' }, t('reply_empty'))
      : state.replyError ? problemNotice(state.replyError, { id: 'reply-error' }) : null;
    textArea.setAttribute('aria-describedby', error ? 'reply-hint reply-counter reply-error' : 'reply-hint reply-counter');
    textArea.setAttribute('aria-invalid', String(state.replyError === 'empty'));
    countText();
    const send = h('button', { type: 'submit', class: 'btn primary', id: 'reply-send', 'aria-busy': String(state.replyBusy) },
      state.replyBusy ? t('reply_busy') : t('reply_button'));
    return h('section', { 'aria-labelledby': 'reply-title', id: 'reply' },
      h('h2', { id: 'reply-title' }, t('reply_title')),
      h('form', { id: 'reply-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); onReply(textArea.value); } },
        h('label', { for: 'reply-text' }, t('reply_label')),
        h('p', { class: 'hint', id: 'reply-hint' }, t('reply_hint')),
        textArea,
        counter,
        error,
        h('div', { class: 'actions' }, send)));
  }

  /** After a reply, or when none is wanted: what happened, instead of the form. */
  function replied(state, view) {
    const body = [];
    if (state.replied !== null) {
      body.push(notice('ok', t('reply_received'), { id: 'reply-received' }),
        h('p', { class: 'label' }, t('reply_yours')),
        h('p', { class: 'user-text reply-echo', id: 'reply-echo' }, state.replied));
    } else if (view.status === 'closed') {
      body.push(notice('info', t('closed_note'), { id: 'reply-closed', role: null }));
    } else if (['unit_replied', 'answered'].includes(view.status)) {
      body.push(notice('info', t('reply_already'), { id: 'reply-already', role: null }));
    } else {
      body.push(notice('info', t('reply_not_waiting'), { id: 'reply-not-waiting', role: null }));
    }
    if (state.notice) body.push(problemNotice(state.notice, { id: 'reply-error' }));
    return h('section', { 'aria-labelledby': 'reply-title', id: 'reply' }, h('h2', { id: 'reply-title' }, t('reply_title')), body);
  }

  /** Empties the file choice (after an upload) and the text box (after a reply). */
  function reset({ files = false, text = false } = {}) {
    if (files) fileInput.value = '';
    if (text) textArea.value = '';
  }

  return { upload, reply, replied, reset, textArea };
}
