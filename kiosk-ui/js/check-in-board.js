// Deputies check in here (代表签到): while an activity is under way at the station (from an hour before it starts to
// an hour after it ends, as the server says: GET /api/v1/kiosks/me/activities), the attract screen shows its
// title, its time and the QR code of its check-in address, drawn on the kiosk (qr.js), for deputies to scan with
// their phones. Asked for on arriving at the attract screen and about every minute while it shows; nothing shows
// when none is under way or none could be fetched. `?activities_every=ms` shortens the minute (for the tests).

import { kioskCall } from './api.js';
import { h } from './dom.js';
import { qrImageUrl } from './qr.js';
import { state, params } from './state.js';
import { t, addStrings, getLang } from './i18n.js';

addStrings({
  zh: {
    check_in_title: '代表签到',
    check_in_how: '参加活动的人大代表：请用手机扫描二维码签到。',
    check_in_qr_alt: '「{title}」的签到二维码',
  },
  en: {
    check_in_title: 'Deputies check in here',
    check_in_how: 'Deputies taking part: scan the QR code with your phone to check in.',
    check_in_qr_alt: 'Check-in QR code for “{title}”',
  },
});

const EVERY_MS = Number(params.get('activities_every')) || 60000;
const SHOWN = 2;
const HOUR = 3600 * 1000;
const board = { items: [], timer: null, loading: false, drawn: '' };
const pictures = new Map(); // check-in address → its QR code (data: URL), drawn once

function picture(url) {
  if (!pictures.has(url)) {
    if (pictures.size > 20) pictures.clear();
    pictures.set(url, qrImageUrl(url));
  }
  return pictures.get(url);
}

function hours(a) {
  const time = (iso) => new Date(iso).toLocaleTimeString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
  return `${time(a.starts_at)}–${time(a.ends_at)}`;
}

/** What is under way, as last fetched (one that ended more than an hour ago is dropped even offline). */
function current() {
  const now = Date.now();
  return board.items.filter((a) => new Date(a.ends_at).getTime() + HOUR >= now).slice(0, SHOWN);
}

/** The panel: each activity under way with its code; hidden when there is none. */
export function checkInPanel() {
  const items = current();
  if (!items.length) return h('section', { id: 'check-in', hidden: true });
  return h('section', { class: 'check-in', id: 'check-in', 'aria-labelledby': 'check-in-title' },
    h('h2', { id: 'check-in-title' }, t('check_in_title')),
    h('ul', { class: 'check-in-list' }, items.map((a) => h('li', { class: 'check-in-item', 'data-id': a.id },
      h('img', { class: 'check-in-qr', src: picture(a.check_in_url), alt: t('check_in_qr_alt', { title: a.title }), width: '260', height: '260' }),
      h('div', { class: 'check-in-text' },
        h('p', { class: 'check-in-activity' }, a.title),
        h('p', { class: 'check-in-time' }, hours(a)),
        h('p', {}, t('check_in_how')))))));
}

function paint() {
  const drawn = JSON.stringify(current().map((a) => [a.id, a.title, a.check_in_url, a.starts_at, a.ends_at]));
  if (drawn === board.drawn) return;
  board.drawn = drawn;
  document.getElementById('check-in')?.replaceWith(checkInPanel());
}

/** Fetches what is under way; on failure keeps what it knew (until each has ended). */
async function load() {
  if (board.loading || state.mode !== 'kiosk') return;
  board.loading = true;
  try {
    const answer = await kioskCall('/api/v1/kiosks/me/activities');
    board.items = Array.isArray(answer?.items) ? answer.items : [];
  } catch {
    // The attract screen works without it.
  } finally {
    board.loading = false;
  }
  if (state.view.name === 'attract') paint();
}

/** On arriving at the attract screen: fetch now, then about every minute while it shows. */
export function startCheckIns() {
  stopCheckIns();
  board.drawn = JSON.stringify(current().map((a) => [a.id, a.title, a.check_in_url, a.starts_at, a.ends_at]));
  load();
  board.timer = setInterval(() => {
    if (state.view.name !== 'attract') return stopCheckIns();
    return load();
  }, EVERY_MS);
}

export function stopCheckIns() {
  if (board.timer) clearInterval(board.timer);
  board.timer = null;
}
