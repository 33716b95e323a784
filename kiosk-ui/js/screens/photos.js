// Report step 3: up to three photos from the kiosk's camera (live preview, retake, remove), or picked files on a
// phone. The camera is on only while this step is on screen, and a photo that arrives after the resident left
// never reaches the next one's report.

import * as camera from '../camera.js';
import { state, sameResident, editDraft, addPhoto, removePhoto, MAX_PHOTOS } from '../state.js';
import { h } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { go, render as rerender } from '../router.js';
import { button, stepHeader, navRow } from '../ui.js';
import { phonePhotosButton, phonePhotosPanel, stopPhonePhotos } from '../phone-photos.js';

// One video element for the whole step, so the live picture does not restart at every change; `attaching` is the
// one whose camera is being opened (a render meanwhile does not open it twice); `waiting` counts the photos
// waiting for the camera (see `waitingPhotos`).
// `failed`: why the camera could not be opened ('denied' or 'missing'), null while it works or is opening;
// `notice`: what became of the last picked files.
const preview = { video: null, attaching: null, waiting: 0, notice: '', failed: null };

/** Why the camera cannot take photos now ('denied', 'missing'), or null. */
const cameraProblem = () => (camera.available() ? preview.failed : 'missing');

export function render() {
  const { draft } = state;
  const full = draft.photos.length >= MAX_PHOTOS && draft.retaking === null;
  const shots = draft.photos.map((photo, i) => h('div', { class: 'shot', 'data-photo': String(i) },
    h('img', { src: photo.url, alt: t('photo_n', { n: i + 1 }) }),
    h('div', {},
      h('p', {}, draft.retaking === i ? t('retaking', { n: i + 1 }) : t('photo_n', { n: i + 1 })),
      h('div', { class: 'shot-actions' },
        button(t('retake'), () => { editDraft({ retaking: i }); rerender(); }, 'btn small', { 'data-action': 'retake' }),
        button(t('remove'), () => { removePhoto(i); rerender(); }, 'btn small danger', { 'data-action': 'remove' })))));
  // No camera, or not allowed: 拍照 stays on screen but disabled, with the reason next to it (and on a phone the
  // file picker, which also offers the phone's own camera).
  const problem = cameraProblem();
  const reason = problem === 'denied' ? t('camera_denied') : t('no_camera');
  const takeAttrs = { id: 'take-photo' };
  if (full || problem) takeAttrs.disabled = true;
  if (problem) Object.assign(takeAttrs, { 'aria-disabled': 'true', 'aria-describedby': 'camera-reason' });
  const picker = h('label', { class: 'btn file-pick' + (problem ? ' primary' : '') }, t('choose_photo'),
    h('input', { type: 'file', accept: 'image/*', multiple: true, 'aria-label': t('choose_photo'), onchange: pickFiles }));
  return [
    ...stepHeader(3, t('photos_title'), t('photos_hint', { max: MAX_PHOTOS })),
    h('div', { class: 'camera', 'data-camera': problem || 'ok' },
      h('div', {}, problem ? h('div', { class: 'no-camera', 'aria-hidden': 'true' }, reason) : previewElement(),
        h('div', { class: 'actions' },
          button(t('take_photo'), takePhoto, 'btn primary', takeAttrs),
          !full && (state.mode === 'web' || problem) ? picker : null,
          full ? null : phonePhotosButton()),
        problem ? h('p', { class: 'camera-reason', id: 'camera-reason' }, reason,
          state.mode === 'web' && !full ? (getLang() === 'en' ? ' ' : '') + t('camera_use_picker') : '') : null,
        full ? h('p', { class: 'hint' }, t('photos_full', { max: MAX_PHOTOS })) : null,
        h('p', { class: 'error', role: 'status', id: 'photo-notice' }, preview.notice)),
      h('div', { class: 'shots' }, full ? null : phonePhotosPanel(), shots)),
    navRow(() => go('describe'), () => go('place'), draft.photos.length ? t('next') : t('skip_photos')),
  ];
}

/** After each render: the live picture (the camera is opened once). */
export function shown() {
  startPreview();
}

/** Another screen: the camera goes off (also one still opening). */
export function leave() {
  camera.stop();
  stopPhonePhotos();
  preview.video = null;
  preview.notice = '';
  preview.failed = null;
}

/** How many photos wait for the camera to deliver a picture (for the browser tests, via `liaisonKiosk`). */
export function waitingPhotos() {
  return preview.waiting;
}

function previewElement() {
  if (!preview.video) {
    preview.video = h('video', { id: 'preview', autoplay: true, muted: true, playsinline: true, 'aria-label': t('photos_title') });
  }
  return preview.video;
}

async function startPreview() {
  const video = document.getElementById('preview');
  if (!video || video.srcObject || preview.attaching === video) return;
  preview.attaching = video;
  try {
    await camera.attach(video); // false when the photo step was left meanwhile (the camera is off again)
  } catch (err) {
    if (preview.video === video) {
      preview.failed = err?.name === 'NotAllowedError' || err?.name === 'SecurityError' ? 'denied' : 'missing';
      preview.video = null;
      rerender();
    }
  } finally {
    if (preview.attaching === video) preview.attaching = null;
  }
}

function keep(blob) {
  addPhoto(blob);
  rerender();
}

async function takePhoto() {
  const video = document.getElementById('preview');
  if (!video) return;
  const same = sameResident();
  preview.waiting += 1;
  try {
    if (!video.videoWidth) {
      await new Promise((resolve) => {
        video.addEventListener('loadeddata', resolve, { once: true });
        setTimeout(resolve, 3000);
      });
    }
    if (!same() || !video.videoWidth) return;
    const blob = await camera.capture(video);
    if (same()) keep(blob); // not into the next resident's report
  } finally {
    preview.waiting -= 1;
  }
}

/** Picked files (a phone): the pictures are added; what is not a picture is named, not silently dropped. */
async function pickFiles(e) {
  const files = [...(e.target.files || [])];
  e.target.value = '';
  if (!files.length) return;
  const same = sameResident();
  const refused = [];
  let over = false;
  let added = 0;
  for (const file of files) {
    if (!same()) return;
    if (file.type && !file.type.startsWith('image/')) {
      refused.push(file.name);
      continue;
    }
    let blob;
    try {
      blob = await camera.fileToJpeg(file);
    } catch {
      refused.push(file.name); // not a picture the browser can read
      continue;
    }
    if (!same()) return;
    if (state.draft.photos.length >= MAX_PHOTOS && state.draft.retaking === null) {
      over = true;
      continue;
    }
    addPhoto(blob);
    added += 1;
  }
  if (!same()) return;
  const notes = [];
  if (refused.length === 1) notes.push(t('not_photo', { name: refused[0] }));
  else if (refused.length) notes.push(t('not_photos', { n: refused.length, names: refused.map((n) => `“${n}”`).join('、') }));
  if (refused.length && added) notes.push(t('others_added'));
  if (over) notes.push(t('photos_over', { max: MAX_PHOTOS }));
  preview.notice = notes.join(getLang() === 'en' ? ' ' : '');
  rerender();
}
