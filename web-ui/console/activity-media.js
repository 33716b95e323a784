// What an activity's page shows from the server as files, which need the session's token (an <img> cannot send
// it, and a token never goes into an address): the check-in QR code (an SVG) and the photos' thumbnails, fetched
// with the token and shown through object URLs that are let go when replaced or when the page closes; and adding
// photos (`POST /api/v1/activities/{id}/photos`, multipart `photos` parts) from a file field kept across redraws,
// so that the files chosen stay chosen.

import { h } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';
import { ApiError } from '/ui/shared/api.js';
import { problemNotice } from '/ui/shared/ui.js';

/** `path`'s bytes as a Blob, with the session's token (renewed once if refused). */
async function fetchBlob(session, path) {
  const get = (token) => fetch(path, { headers: { Authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store' });
  let response;
  try {
    response = await get(await session.accessToken());
    if (response.status === 401) {
      const renewed = await session.renew();
      if (renewed) response = await get(renewed.access_token);
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError({ code: 'offline' });
  }
  if (!response.ok) throw new ApiError({ status: response.status, requestId: response.headers.get('x-request-id') });
  return response.blob();
}

/**
 * The media of one activity's page. `redraw()` draws the page again when something arrived; `isDisposed()` tells
 * when the page has gone (what arrives then is let go at once).
 */
export function activityMedia({ app, redraw, isDisposed }) {
  const urls = new Map(); // link → object URL (the QR code, each thumbnail)
  const failed = new Set();
  const picker = h('input', { type: 'file', id: 'photos-pick', accept: 'image/jpeg,image/png,image/webp', multiple: true });
  const state = { busy: false, problem: null, done: null };

  async function load(link) {
    if (urls.has(link) || failed.has(link)) return;
    urls.set(link, null);
    try {
      const blob = await fetchBlob(app.session, link);
      if (isDisposed()) return;
      urls.set(link, URL.createObjectURL(blob));
    } catch {
      urls.delete(link);
      failed.add(link);
    }
    if (!isDisposed()) redraw();
  }

  /** Fetches what activity `a` shows that is not fetched yet: its QR code (staff) and its photos' thumbnails. */
  function fetchFor(a) {
    if (a.check_in_qr) load(a.check_in_qr);
    for (const link of a.photos) load(`${link}?size=thumb`);
  }

  async function upload(a, done) {
    const files = [...picker.files];
    state.done = null;
    if (!files.length) {
      state.problem = t('act_photos_need');
      redraw('photos-invalid');
      return;
    }
    state.busy = true;
    state.problem = null;
    redraw();
    try {
      const form = new FormData();
      for (const file of files) form.append('photos', file, file.name);
      const added = await app.session.call(`/api/v1/activities/${a.id}/photos`, { method: 'POST', form, timeoutMs: 120000 });
      picker.value = '';
      state.done = t('act_photos_added', { n: added.photos.length });
      await done();
    } catch (err) {
      state.problem = err;
    }
    state.busy = false;
    if (!isDisposed()) redraw(state.problem ? 'photos-invalid' : 'photos-done');
  }

  return {
    fetchFor,

    /** The check-in QR code and its print button, for the station's staff. */
    checkIn(a) {
      if (!a.check_in_qr) return null;
      const url = urls.get(a.check_in_qr);
      let picture;
      if (url) picture = h('img', { src: url, alt: t('act_check_in_alt', { title: a.title }), class: 'check-in-qr', id: 'check-in-qr', width: '240', height: '240' });
      else if (failed.has(a.check_in_qr)) picture = h('p', { class: 'field-error', id: 'check-in-failed' }, t('act_check_in_failed'));
      else picture = h('p', { class: 'loading', role: 'status' }, t('loading'));
      return h('section', { class: 'panel check-in', id: 'check-in', 'aria-labelledby': 'check-in-title' },
        h('h2', { id: 'check-in-title' }, t('act_check_in')),
        h('p', { class: 'check-in-activity user-text' }, a.title),
        picture,
        h('p', { class: 'hint' }, t('act_check_in_how')),
        a.unannounced ? h('p', { class: 'hint' }, t('act_check_in_unannounced')) : null,
        h('div', { class: 'actions no-print' },
          h('button', { type: 'button', class: 'btn', id: 'check-in-print', disabled: !url, onclick: printCheckIn }, t('act_check_in_print'))));
    },

    /** The photos' thumbnails, and (for staff) the field that adds more. */
    photos(a, { manages, done }) {
      const thumbs = a.photos.map((link, i) => {
        const url = urls.get(`${link}?size=thumb`);
        return h('li', {}, url
          ? h('img', { src: url, alt: t('act_photo_alt', { n: i + 1 }), width: '160', height: '120', 'data-photo': String(i) })
          : h('span', { class: 'photo-wait' }, t('act_photo_alt', { n: i + 1 })));
      });
      let problem = null;
      if (typeof state.problem === 'string') problem = h('p', { class: 'field-error', id: 'photos-invalid', role: 'alert', tabindex: '-1' }, state.problem);
      else if (state.problem) {
        problem = problemNotice(state.problem, {
          id: 'photos-invalid',
          overrides: Object.fromEntries(['unsupported_media_type', 'invalid_image', 'image_too_large', 'too_many_photos'].map((c) => [c, `act_photo_error_${c}`])),
        });
      }
      return h('section', { class: 'panel no-print', id: 'photos', 'aria-labelledby': 'photos-title' },
        h('h2', { id: 'photos-title' }, t('act_photos')),
        thumbs.length ? h('ul', { class: 'photos', id: 'photo-list' }, thumbs) : h('p', { class: 'hint', id: 'photos-none' }, t('act_photos_none')),
        manages ? [
          state.done ? h('p', { class: 'notice notice-ok', id: 'photos-done', role: 'status', tabindex: '-1' }, state.done) : null,
          problem,
          h('label', { for: 'photos-pick' }, t('act_photos_pick')),
          picker,
          h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'btn', id: 'photos-upload', 'aria-busy': state.busy ? 'true' : null, disabled: state.busy, onclick: () => upload(a, done) }, t('act_photos_upload'))),
        ] : null);
    },

    dispose() {
      for (const url of urls.values()) if (url) URL.revokeObjectURL(url);
      urls.clear();
    },
  };
}

/** Prints the check-in code alone (print.css hides the rest of the page while `print-check-in` is set). */
function printCheckIn() {
  document.body.classList.add('print-check-in');
  const done = () => {
    document.body.classList.remove('print-check-in');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}
