// Photos from the resident's own phone, on the kiosk's photo step: the kiosk opens a drop on the server and
// shows its link as a QR code; the resident scans it, picks photos on the phone (the page /p/{token}), and
// each one that arrives is fetched and added to the report like a photo taken here. Only on an enrolled kiosk
// (a phone has its own picker), and only for the resident who opened it.

import { kioskCall, kioskBlob } from './api.js';
import { state, params, sameResident, addPhoto, MAX_PHOTOS } from './state.js';
import { h } from './dom.js';
import { t, addStrings } from './i18n.js';
import { render as rerender } from './router.js';

addStrings({
  zh: {
    drop_open: '用手机传照片',
    drop_scan: '用手机扫描二维码，选好的照片会出现在这里',
    drop_qr_alt: '传照片的二维码',
    drop_waiting: '等待手机传来照片……（{min} 分钟内有效）',
    drop_received: '已收到 {n} 张照片',
    drop_expired_kiosk: '二维码已过期。需要的话请再点「用手机传照片」。',
    drop_unavailable: '现在无法用手机传照片（网络不通）。可以用本机拍照。',
    drop_close: '不用了',
  },
  en: {
    drop_open: 'Photos from my phone',
    drop_scan: 'Scan the code with your phone; the photos you choose appear here',
    drop_qr_alt: 'QR code for sending photos',
    drop_waiting: 'Waiting for photos from your phone… (valid for {min} minutes)',
    drop_received: '{n} photo(s) received',
    drop_expired_kiosk: 'The code has expired. Tap “Photos from my phone” again if you need it.',
    drop_unavailable: 'Photos from a phone cannot be sent now (no network). Use this kiosk’s camera instead.',
    drop_close: 'No, thanks',
  },
});

const POLL_MS = Number(params.get('drop_poll')) || 2000;
const drop = { opened: null, qr: '', taken: new Set(), timer: null, note: '', same: null };

const room = () => state.draft.photos.length < MAX_PHOTOS;

/** The button beside 拍照 (on an enrolled kiosk, while the drop is closed and the report has room). */
export function phonePhotosButton() {
  if (state.mode !== 'kiosk' || (drop.opened && drop.same?.())) return null;
  return h('button', { type: 'button', class: 'btn', id: 'drop-open', disabled: !room(), onclick: open }, t('drop_open'));
}

/** Beside the photos taken: the open drop's QR code and what arrived, or a word on why it closed. */
export function phonePhotosPanel() {
  if (state.mode !== 'kiosk') return null;
  if (drop.opened && drop.same?.()) {
    const minutes = Math.max(1, Math.round((new Date(drop.opened.expires_at) - Date.now()) / 60000));
    return h('div', { class: 'drop-panel', id: 'drop-panel', role: 'group', 'aria-labelledby': 'drop-panel-title' },
      h('p', { class: 'drop-title', id: 'drop-panel-title' }, t('drop_scan')),
      h('img', { class: 'drop-qr', id: 'drop-qr', src: drop.qr, alt: t('drop_qr_alt') }),
      h('p', { role: 'status', id: 'drop-status' },
        drop.taken.size ? t('drop_received', { n: drop.taken.size }) : t('drop_waiting', { min: minutes })),
      h('button', { type: 'button', class: 'btn small', id: 'drop-close', onclick: () => { stopPhonePhotos(); rerender(); } },
        t('drop_close')));
  }
  return drop.note ? h('p', { class: 'hint', id: 'drop-note' }, drop.note) : null;
}

async function open() {
  const same = sameResident();
  stopPhonePhotos();
  try {
    const opened = await kioskCall('/api/v1/kiosks/me/photo-drops', { method: 'POST' });
    if (!same()) return;
    Object.assign(drop, { opened, same, qr: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(opened.qr_svg)}` });
    drop.timer = setInterval(poll, POLL_MS);
  } catch (err) {
    if (!same()) return;
    drop.note = t('drop_unavailable');
  }
  rerender();
}

async function poll() {
  const { opened, same } = drop;
  if (!opened || !same()) return stopPhonePhotos();
  if (Date.now() >= new Date(opened.expires_at).getTime()) {
    stopPhonePhotos();
    drop.note = t('drop_expired_kiosk');
    rerender();
    return;
  }
  let contents;
  try {
    contents = await kioskCall(`/api/v1/kiosks/me/photo-drops/${opened.id}`);
  } catch {
    return; // asked again at the next turn
  }
  let added = false;
  for (const photo of contents.photos) {
    if (drop.taken.has(photo.position) || drop.opened !== opened) continue;
    drop.taken.add(photo.position);
    try {
      const blob = await kioskBlob(photo.url);
      if (!same() || !room()) continue;
      addPhoto(blob);
      added = true;
    } catch {
      drop.taken.delete(photo.position); // fetched again at the next turn
    }
  }
  if (added && same()) rerender();
}

/** Closes the drop on this screen (leaving the step, the resident's "no, thanks", a new resident). */
export function stopPhonePhotos() {
  clearInterval(drop.timer);
  Object.assign(drop, { opened: null, qr: '', taken: new Set(), timer: null, note: '', same: null });
}

/** The open drop's link (for the browser tests, via `liaisonKiosk`). */
export function phonePhotosLink() {
  return drop.opened?.upload_url ?? null;
}
