// The phone page a kiosk's "photos from your phone" QR code opens (/p/{token}): the resident picks or takes
// photos on their own phone and they appear in the report on the kiosk's screen. Every failure is said in
// words: a wrong file, an iPhone HEIC photo, a code that expired, a report that has all its photos.

import { api } from './api.js';
import { h } from './dom.js';
import { t, setLang, getLang, labelSwitches, addStrings } from './i18n.js';

addStrings({
  zh: {
    drop_title: '传照片到一体机',
    drop_intro: '选好的照片会出现在一体机的屏幕上，加入您正在填写的反映。',
    drop_count: '已收到 {n} 张，还可以传 {left} 张。',
    drop_pick: '选择照片或拍照',
    drop_sending: '正在传送……',
    drop_sent: '已传到一体机。请回到一体机继续填写。',
    drop_full: '这份反映的照片已满 {max} 张。请回到一体机继续。',
    drop_expired: '这个二维码已失效。请在一体机上重新点「用手机传照片」，扫描新的二维码。',
    drop_not_found: '这个二维码无法使用。请在一体机上重新点「用手机传照片」。',
    drop_not_image: '「{name}」不是照片，没有传送。',
    drop_heic: '这张照片是苹果手机的 HEIC 格式，一体机无法使用。请在「设置 → 相机 → 格式」中选「兼容性最佳」后重拍，或截屏后传截图。',
    drop_too_large: '照片太大，无法传送。请换一张，或截屏后传截图。',
    drop_offline: '网络不通，照片没有传出。请连上网络后再试。',
    drop_failed: '没有传成功，请再试一次。',
    drop_too_many: '一次只能再传 {left} 张，多选的没有传送。',
  },
  en: {
    drop_title: 'Send photos to the kiosk',
    drop_intro: 'The photos you choose appear on the kiosk’s screen and join the report you are writing there.',
    drop_count: '{n} received; you can send {left} more.',
    drop_pick: 'Choose or take photos',
    drop_sending: 'Sending…',
    drop_sent: 'Sent to the kiosk. Please go back to the kiosk to carry on.',
    drop_full: 'The report has all {max} photos it can take. Please go back to the kiosk.',
    drop_expired: 'This code has expired. On the kiosk, tap “Photos from my phone” again and scan the new code.',
    drop_not_found: 'This code cannot be used. On the kiosk, tap “Photos from my phone” again.',
    drop_not_image: '“{name}” is not a photo; it was not sent.',
    drop_heic: 'This is an iPhone HEIC photo, which the kiosk cannot use. Set Settings → Camera → Formats to “Most Compatible” and take it again, or send a screenshot.',
    drop_too_large: 'The photo is too large to send. Choose another, or send a screenshot.',
    drop_offline: 'No network: the photo was not sent. Try again once you are online.',
    drop_failed: 'It did not go through; please try again.',
    drop_too_many: 'Only {left} more can be sent; the others were not.',
  },
});

const token = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
const state = { status: null, error: null, messages: [], busy: false, sent: false };

const left = () => (state.status ? Math.max(0, state.status.max_photos - state.status.photos) : 0);

function problemText(err) {
  if (err.offline) return t('drop_offline');
  switch (err.code) {
    case 'photo_drop_expired': return t('drop_expired');
    case 'photo_drop_not_found': return t('drop_not_found');
    case 'photo_drop_full': return t('drop_full', { max: state.status?.max_photos ?? 3 });
    case 'unsupported_media_type': return /heic/i.test(err.problem?.detail || '') ? t('drop_heic') : t('drop_failed');
    case 'photo_too_large': case 'payload_too_large': case 'image_too_large': return t('drop_too_large');
    default: return t('drop_failed');
  }
}

async function load() {
  try {
    state.status = await api.dropStatus(token);
    state.error = state.status.expired ? t('drop_expired') : null;
  } catch (err) {
    state.error = problemText(err);
  }
  render();
}

async function send(files) {
  const messages = [];
  const photos = [];
  for (const file of files) {
    if (/\.hei[cf]$/i.test(file.name) || /hei[cf]/i.test(file.type)) messages.push(t('drop_heic'));
    else if (file.type && !file.type.startsWith('image/')) messages.push(t('drop_not_image', { name: file.name }));
    else photos.push(file);
  }
  if (photos.length > left()) messages.push(t('drop_too_many', { left: left() }));
  const chosen = photos.slice(0, left());
  state.messages = messages;
  if (!chosen.length) { render(); return; }
  state.busy = true;
  render();
  try {
    state.status = await api.dropPhotos(token, chosen);
    state.sent = true;
  } catch (err) {
    state.messages.push(problemText(err));
    if (err.code === 'photo_drop_expired' || err.code === 'photo_drop_not_found') state.error = problemText(err);
  }
  state.busy = false;
  render();
}

function render() {
  document.getElementById('bar-station').textContent = t('drop_title');
  labelSwitches();
  const s = state.status;
  const body = [h('h1', { class: 'screen-title', tabindex: '-1' }, t('drop_title')), h('p', {}, t('drop_intro'))];
  if (state.error) {
    body.push(h('p', { class: 'error', role: 'alert' }, state.error));
  } else if (s) {
    body.push(h('p', { role: 'status', id: 'drop-count' }, left() > 0 ? t('drop_count', { n: s.photos, left: left() }) : t('drop_full', { max: s.max_photos })));
    if (state.sent) body.push(h('p', { class: 'notice', id: 'drop-sent' }, t('drop_sent')));
    if (left() > 0) {
      // The system's picker offers the camera as well as the album; the button is what people see and press.
      const input = h('input', { type: 'file', id: 'drop-file', accept: 'image/*', multiple: true, hidden: true,
        onchange: (e) => send([...e.target.files]) });
      body.push(h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary', id: 'drop-pick', disabled: state.busy,
        onclick: () => input.click() }, state.busy ? t('drop_sending') : t('drop_pick'))), input);
    }
  }
  for (const message of state.messages) body.push(h('p', { class: 'error', role: 'alert' }, message));
  document.getElementById('screen').replaceChildren(...body);
  document.title = `${t('drop_title')} · ${t('app_title')}`;
}

document.getElementById('btn-lang').addEventListener('click', () => { setLang(getLang() === 'zh' ? 'en' : 'zh'); render(); });
document.getElementById('btn-large').addEventListener('click', () => { document.documentElement.classList.toggle('large'); render(); });
setLang('zh');
load();
