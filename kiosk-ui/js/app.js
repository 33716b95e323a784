// The kiosk: attract screen → report (category, description, photos, place, contact, review) → receipt; tracking
// by code; the station's deputies; kiosk enrollment. Also opened on a phone from a station's or deputy's QR code
// (`/kiosk/?station=…&deputy=…#report`), where it files through the online mailbox (channel `web`).

import { api, credentials, enroll, kioskEvents } from './api.js';
import { outbox, submit, flush, onSent, isRetryable } from './outbox.js';
import * as camera from './camera.js';
import { icon, phrases } from './catalog.js';
import { t, pick, setLang, getLang, formatTime, formatDay, labelSwitches } from './i18n.js';
import { h } from './dom.js';
import { trackDetails } from './track-view.js';

const params = new URLSearchParams(location.search);
const IDLE_SECONDS = Math.max(4, Number(params.get('idle')) || 90);
const WARN_SECONDS = Math.min(30, Math.round(IDLE_SECONDS / 2));
const HEARTBEAT_MS = Number(params.get('heartbeat')) || 5000;
const MAX_PHOTOS = 3;
const MAX_DESCRIPTION = 2000;
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

const app = {
  mode: 'setup', // 'kiosk' (enrolled), 'web' (a phone from a QR code) or 'setup'
  stationCode: null,
  station: null,
  categories: [],
  places: [],
  online: null,
  pending: 0,
  refused: 0, // reports the server refused for good (only a count: their contents are gone)
  view: { name: 'loading' },
  lastActivity: Date.now(),
};
// The resident's session: bumped whenever a new report starts (and so by the idle reset). Work that awaits
// something (a photo, a picked file, sending) checks it afterwards and drops what belongs to an earlier resident.
let session = 0;
let draft = newDraft();

function newDraft() {
  session += 1;
  return {
    category: null,
    description: '',
    photos: [], // {blob, url}
    retaking: null,
    area: null,
    building: null,
    phone: '',
    consentPersonal: false,
    consentCall: false,
    deputy: app.mode === 'web' ? params.get('deputy') : null,
    error: null,
    sending: false,
  };
}

// ---- DOM helpers ---------------------------------------------------------------------------------------------

const button = (label, onclick, cls = 'btn', attrs = {}) => h('button', { type: 'button', class: cls, onclick, ...attrs }, label);

function title(text) {
  return h('h1', { class: 'screen-title', tabindex: '-1' }, text);
}

const screen = () => document.getElementById('screen');

// ---- Navigation ----------------------------------------------------------------------------------------------

const SCREENS = {
  loading: () => [h('p', { class: 'loading' }, t('loading'))],
  setup: renderSetup,
  attract: renderAttract,
  category: renderCategory,
  describe: renderDescribe,
  photos: renderPhotos,
  place: renderPlace,
  contact: renderContact,
  review: renderReview,
  receipt: renderReceipt,
  track: renderTrack,
  deputies: renderDeputies,
};

function go(name, extra = {}) {
  if (app.view.name === 'photos' && name !== 'photos') {
    camera.stop();
    previewVideo = null;
  }
  app.view = { name, ...extra };
  render(true);
}

function render(focus = false) {
  const root = screen();
  root.replaceChildren(...SCREENS[app.view.name]().flat().filter(Boolean));
  root.dataset.screen = app.view.name;
  document.body.dataset.screen = app.view.name;
  renderChrome();
  if (focus) {
    window.scrollTo(0, 0);
    const heading = root.querySelector('h1');
    (heading || root).focus({ preventScroll: true });
  }
  if (app.view.name === 'photos') startPreview();
}

function renderChrome() {
  document.title = app.station ? `${pick(app.station.name)} · ${t('app_title')}` : t('app_title');
  document.getElementById('bar-station').textContent = app.station
    ? pick(app.station.name) + (app.mode === 'web' ? ` · ${t('web_mode')}` : '')
    : t('app_title');
  labelSwitches();
  document.getElementById('idle-continue').textContent = t('idle_continue');
  renderStatus();
}

function renderStatus() {
  const status = document.getElementById('status');
  const text = status.querySelector('.status-text');
  status.classList.remove('online', 'offline', 'pending');
  if (app.online === null) {
    text.textContent = t('connecting');
  } else if (!app.online) {
    status.classList.add('offline');
    text.textContent = app.pending ? `${t('offline')} · ${t('pending', { n: app.pending })}` : t('offline');
  } else if (app.pending) {
    status.classList.add('pending');
    text.textContent = t('pending', { n: app.pending });
  } else {
    status.classList.add('online');
    text.textContent = t('online');
  }
  if (app.refused) text.textContent = `${text.textContent} · ${t('refused', { n: app.refused })}`;
  if (app.needsEnrollment) text.textContent = `${text.textContent} · ${t('setup_again')}`;
  status.dataset.refused = String(app.refused);
  status.dataset.state = app.online === null ? 'unknown' : app.online ? (app.pending ? 'pending' : 'online') : 'offline';
}

/** Clears everything a resident entered and returns to the first screen; late async work for them is dropped. */
function resetAll() {
  camera.stop();
  previewVideo = null;
  draft.photos.forEach((p) => URL.revokeObjectURL(p.url));
  draft = newDraft();
  setLang('zh');
  document.documentElement.classList.remove('large');
  hideIdle();
  app.lastActivity = Date.now();
  document.getElementById('print-receipt').replaceChildren();
  if (app.mode === 'kiosk') go('attract');
  else if (app.mode === 'web') go('category');
  else go('setup');
}

// ---- Idle timer ----------------------------------------------------------------------------------------------

function isIdleRelevant() {
  if (app.mode !== 'kiosk') return false;
  if (app.view.name === 'setup' || app.view.name === 'loading') return false;
  return app.view.name !== 'attract' || getLang() !== 'zh' || document.documentElement.classList.contains('large');
}

function hideIdle() {
  document.getElementById('idle').hidden = true;
}

function idleTick() {
  if (!isIdleRelevant()) {
    hideIdle();
    return;
  }
  const idle = (Date.now() - app.lastActivity) / 1000;
  const left = Math.ceil(IDLE_SECONDS - idle);
  if (left <= 0) {
    resetAll();
  } else if (left <= WARN_SECONDS) {
    const banner = document.getElementById('idle');
    document.getElementById('idle-text').textContent = t('idle_warning', { n: left });
    banner.hidden = false;
  } else {
    hideIdle();
  }
}

function activity() {
  app.lastActivity = Date.now();
  if (!document.getElementById('idle').hidden) hideIdle();
}

// ---- Connection and the outbox -------------------------------------------------------------------------------

async function refreshPending() {
  try {
    app.pending = await outbox.count();
    app.refused = await outbox.refused();
  } catch {
    app.pending = 0;
  }
  renderStatus();
  if (app.view.name === 'setup') document.getElementById('refused-note')?.replaceWith(refusedNote());
}

let beating = false;
async function heartbeat() {
  if (beating) return;
  beating = true;
  try {
    await api.ready();
    app.online = true;
  } catch {
    app.online = false;
  }
  if (app.online && app.view.name === 'attract' && Date.now() - (app.dutyLoadedAt || 0) > 5 * 60 * 1000) loadDuty();
  try {
    await refreshPending();
    if (app.online && app.pending) {
      await flush();
      await refreshPending();
    }
  } finally {
    beating = false;
  }
}

// The kiosk's session has ended (revoked, or its refresh token was refused): staff must enroll it again.
// Reports keep waiting in the outbox meanwhile.
window.addEventListener('liaison:reenroll', () => {
  app.needsEnrollment = true;
  renderStatus();
});

onSent(({ key, created }) => {
  refreshPending();
  if (created && app.view.name === 'receipt' && app.view.queuedKey === key) {
    app.view = { name: 'receipt', created, justSynced: true, submittedAt: created.submitted_at };
    render();
  }
});

// ---- Setup (enrollment) --------------------------------------------------------------------------------------

function renderSetup() {
  const input = h('input', {
    id: 'enrollment-code', name: 'enrollment_code', autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', inputmode: 'text', 'aria-describedby': 'setup-hint',
  });
  const message = h('p', { class: 'error', role: 'alert', id: 'setup-error' }, app.view.error || '');
  const submitCode = async () => {
    const code = input.value.trim();
    if (!code) {
      message.textContent = t('setup_bad');
      return;
    }
    message.textContent = '';
    try {
      const saved = await enroll(code);
      await startKiosk(saved);
    } catch (err) {
      message.textContent = err.code === 'invalid_enrollment_code' ? t('setup_bad') : t('setup_failed', { why: err.offline ? t('network_down') : err.message });
    }
  };
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') submitCode(); });
  return [
    h('section', { class: 'setup' },
      title(t('setup_title')),
      h('p', { id: 'setup-hint' }, t('setup_hint')),
      h('label', { class: 'field', for: 'enrollment-code' }, t('setup_label')),
      input,
      message,
      h('div', { class: 'actions' }, button(t('setup_go'), submitCode, 'btn primary', { id: 'setup-go' })),
      refusedNote()),
  ];
}

/** For staff: how many kept reports the server refused (nothing of what they said), and a way to dismiss it. */
function refusedNote() {
  if (!app.refused) return h('div', { id: 'refused-note', hidden: true });
  return h('div', { id: 'refused-note', class: 'notice' },
    h('p', {}, t('refused_note', { n: app.refused })),
    h('div', { class: 'actions' }, button(t('refused_clear'), async () => {
      await outbox.clearRefused().catch(() => {});
      refreshPending();
    }, 'btn', { id: 'refused-clear' })));
}

// ---- Attract -------------------------------------------------------------------------------------------------

function renderAttract() {
  const duty = app.view.duty;
  const dutyList = h('div', { class: 'duty', id: 'duty' }, h('h2', {}, t('on_duty_today')));
  if (!duty) {
    dutyList.append(h('p', {}, t('loading')));
  } else if (!duty.today.length) {
    dutyList.append(h('p', {}, t('nobody_today')));
    if (duty.next) dutyList.append(h('p', {}, t('next_reception', { when: formatDay(duty.next.date, duty.next.start, duty.next.end) })));
  } else {
    const nowIds = new Set(duty.now.map((slot) => slot.id));
    dutyList.append(h('ul', {}, duty.today.map((slot) => h('li', {},
      `${slot.start}–${slot.end}　`,
      slot.deputies.map((d) => pick(d.name)).join('、'),
      nowIds.has(slot.id) ? h('span', { class: 'now-badge' }, t('on_duty_now')) : null))));
  }
  return [
    h('section', { class: 'attract' },
      h('h1', { class: 'station-name screen-title', tabindex: '-1' }, app.station ? pick(app.station.name) : t('app_title')),
      app.station ? h('p', { class: 'address' }, app.station.address) : null,
      app.station ? h('p', { class: 'address' }, pick(app.station.opening_hours)) : null,
      h('div', { class: 'actions', style: 'justify-content:center' },
        button(t('report_button'), () => { draft = newDraft(); go('category'); }, 'btn primary huge', { id: 'start-report' })),
      dutyList,
      h('div', { class: 'actions more' },
        button(t('track_button'), () => go('track', { code: '' }), 'btn', { id: 'start-track' }),
        button(t('deputies_button'), () => go('deputies'), 'btn', { id: 'start-deputies' }))),
  ];
}

async function loadDuty() {
  app.dutyLoadedAt = Date.now();
  try {
    const duty = await api.onDuty(app.stationCode);
    if (app.view.name === 'attract') {
      app.view.duty = duty;
      const fresh = renderAttract()[0].querySelector('#duty');
      document.getElementById('duty')?.replaceWith(fresh);
    }
  } catch {
    // The attract screen works without it.
    document.getElementById('duty')?.remove();
  }
}

// The station's board changed (a report filed or moving on): the duty list is fetched again, at most every few
// seconds. The stream is followed for as long as the page is a kiosk, reconnecting with a growing pause.
let dutyTimer = null;
function loadDutySoon() {
  if (dutyTimer) return;
  dutyTimer = setTimeout(() => {
    dutyTimer = null;
    if (app.view.name === 'attract') loadDuty();
  }, 1000);
}

let following = false;
async function followLive() {
  if (following) return;
  following = true;
  let pause = 2000;
  while (app.mode === 'kiosk') {
    try {
      await kioskEvents('/api/v1/live', (name) => {
        pause = 2000;
        if (name === 'report' || name === 'reload') loadDutySoon();
      });
    } catch {
      // Down, or the kiosk must be enrolled again: try again later.
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 60000);
  }
  following = false;
}

// ---- Report steps --------------------------------------------------------------------------------------------

function stepHeader(n, text, hint) {
  return [h('p', { class: 'steps' }, t('step', { n })), title(text), hint ? h('p', { class: 'hint' }, hint) : null];
}

function navRow(back, next, nextLabel = t('next'), nextAttrs = {}) {
  return h('div', { class: 'actions' },
    back ? button(t('back'), back, 'btn', { 'data-nav': 'back' }) : null,
    button(t('cancel'), resetAll, 'btn danger', { 'data-nav': 'cancel' }),
    h('span', { class: 'spacer' }),
    next ? button(nextLabel, next, 'btn primary', { 'data-nav': 'next', ...nextAttrs }) : null);
}

function renderCategory() {
  const tiles = app.categories.map((c) => h('button', {
    type: 'button', class: 'tile', 'data-category': c.code, 'aria-pressed': String(draft.category?.code === c.code),
    onclick: () => { draft.category = c; go('describe'); },
  }, h('span', { html: icon(c) }), pick(c.name)));
  return [
    ...stepHeader(1, t('choose_category'), t('choose_category_hint')),
    h('div', { class: 'tiles' }, tiles),
    navRow(app.mode === 'kiosk' ? () => go('attract') : null, null),
  ];
}

function renderDescribe() {
  const counter = h('p', { class: 'hint', id: 'counter' }, t('chars', { n: [...draft.description].length, max: MAX_DESCRIPTION }));
  const error = h('p', { class: 'error', role: 'alert', id: 'describe-error' });
  const area = h('textarea', {
    id: 'description', class: 'describe', maxlength: String(MAX_DESCRIPTION), 'aria-describedby': 'counter describe-error',
    oninput: (e) => {
      draft.description = e.target.value;
      counter.textContent = t('chars', { n: [...draft.description].length, max: MAX_DESCRIPTION });
      error.textContent = '';
    },
  });
  area.value = draft.description;
  const chips = phrases(draft.category, getLang()).map((phrase) => h('button', {
    type: 'button', class: 'chip', onclick: () => {
      const sep = draft.description && !/[。，,.\s]$/.test(draft.description) ? (getLang() === 'en' ? '. ' : '，') : '';
      draft.description = (draft.description + sep + phrase).slice(0, MAX_DESCRIPTION);
      area.value = draft.description;
      counter.textContent = t('chars', { n: [...draft.description].length, max: MAX_DESCRIPTION });
      error.textContent = '';
    },
  }, phrase));
  return [
    ...stepHeader(2, t('describe_title'), t('describe_hint')),
    h('p', { class: 'hint' }, `${t('review_category')}：${pick(draft.category?.name)}`),
    h('div', { class: 'chips', role: 'group', 'aria-label': t('describe_hint') }, chips),
    h('label', { class: 'field', for: 'description' }, t('describe_label')),
    area,
    counter,
    error,
    navRow(() => go('category'), () => {
      if (!draft.description.trim()) {
        error.textContent = t('describe_empty');
        area.focus();
        return;
      }
      go('photos');
    }),
  ];
}

function renderPhotos() {
  const full = draft.photos.length >= MAX_PHOTOS && draft.retaking === null;
  const preview = camera.available() ? previewElement() : h('div', { class: 'no-camera' }, t('no_camera'));
  const shots = draft.photos.map((photo, i) => h('div', { class: 'shot', 'data-photo': String(i) },
    h('img', { src: photo.url, alt: t('photo_n', { n: i + 1 }) }),
    h('div', {},
      h('p', {}, draft.retaking === i ? t('retaking', { n: i + 1 }) : t('photo_n', { n: i + 1 })),
      h('div', { class: 'shot-actions' },
        button(t('retake'), () => { draft.retaking = i; render(); }, 'btn small', { 'data-action': 'retake' }),
        button(t('remove'), () => {
          URL.revokeObjectURL(photo.url);
          draft.photos.splice(i, 1);
          draft.retaking = null;
          render();
        }, 'btn small danger', { 'data-action': 'remove' })))));
  const takeAttrs = { id: 'take-photo' };
  if (full || !camera.available()) takeAttrs.disabled = true;
  const picker = h('label', { class: 'btn file-pick' }, t('choose_photo'),
    h('input', { type: 'file', accept: 'image/*', 'aria-label': t('choose_photo'), onchange: async (e) => {
      const file = e.target.files?.[0];
      if (!file) return;
      const mine = session;
      try {
        const blob = await camera.fileToJpeg(file);
        if (mine === session) addPhoto(blob);
      } catch {
        // Not a picture the browser can read.
      }
    } }));
  return [
    ...stepHeader(3, t('photos_title'), t('photos_hint', { max: MAX_PHOTOS })),
    h('div', { class: 'camera' },
      h('div', {}, preview,
        h('div', { class: 'actions' },
          camera.available() ? button(t('take_photo'), takePhoto, 'btn primary', takeAttrs) : null,
          !full && (app.mode === 'web' || !camera.available()) ? picker : null),
        full ? h('p', { class: 'hint' }, t('photos_full', { max: MAX_PHOTOS })) : null),
      h('div', { class: 'shots' }, shots)),
    navRow(() => go('describe'), () => go('place'), draft.photos.length ? t('next') : t('skip_photos')),
  ];
}

// One video element for the whole photo step, so the live picture does not restart at every change.
let previewVideo = null;

function previewElement() {
  if (!previewVideo) {
    previewVideo = h('video', { id: 'preview', autoplay: true, muted: true, playsinline: true, 'aria-label': t('photos_title') });
  }
  return previewVideo;
}

let attaching = null; // the preview whose camera is being opened (a render meanwhile does not open it twice)

async function startPreview() {
  const video = document.getElementById('preview');
  if (!video || video.srcObject || attaching === video) return;
  attaching = video;
  try {
    await camera.attach(video); // false when the photo step was left meanwhile (the camera is off again)
  } catch {
    if (previewVideo === video) video.replaceWith(h('div', { class: 'no-camera' }, t('no_camera')));
  } finally {
    if (attaching === video) attaching = null;
  }
}

function addPhoto(blob) {
  const photo = { blob, url: URL.createObjectURL(blob) };
  if (draft.retaking !== null && draft.photos[draft.retaking]) {
    URL.revokeObjectURL(draft.photos[draft.retaking].url);
    draft.photos[draft.retaking] = photo;
  } else if (draft.photos.length < MAX_PHOTOS) {
    draft.photos.push(photo);
  }
  draft.retaking = null;
  render();
}

async function takePhoto() {
  const video = document.getElementById('preview');
  if (!video) return;
  const mine = session;
  if (!video.videoWidth) {
    await new Promise((resolve) => {
      video.addEventListener('loadeddata', resolve, { once: true });
      setTimeout(resolve, 3000);
    });
  }
  if (mine !== session || !video.videoWidth) return;
  const blob = await camera.capture(video);
  if (mine === session) addPhoto(blob); // not into the next resident's report
}

function placeLabel() {
  if (draft.building) return draft.building.name;
  if (draft.area) return pick(draft.area.name);
  return app.station ? `${t('place_default')}（${app.station.area ? pick(app.station.area.name) : pick(app.station.name)}）` : t('place_default');
}

function renderPlace() {
  const choice = (label, kind, pressed, onclick, attrs = {}) => h('button', {
    type: 'button', class: 'choice', 'aria-pressed': String(pressed), onclick, ...attrs,
  }, h('span', {}, label), kind ? h('span', { class: 'kind' }, kind) : null);
  const list = h('div', { class: 'choices', role: 'group', 'aria-label': t('place_title') },
    choice(placeDefaultText(), null, !draft.area, () => { draft.area = null; draft.building = null; render(); }, { 'data-place': '' }),
    app.places.map((p) => choice(pick(p.name), t(`kind_${p.kind}`), draft.area?.code === p.code,
      () => { draft.area = p; draft.building = null; render(); }, { 'data-place': p.code })));
  const buildings = draft.area?.buildings?.length
    ? h('div', {}, h('h2', {}, t('place_buildings')),
      h('div', { class: 'choices' }, draft.area.buildings.map((b) => choice(b.name, b.address, draft.building?.code === b.code,
        () => { draft.building = draft.building?.code === b.code ? null : b; render(); }, { 'data-building': b.code }))))
    : null;
  return [
    ...stepHeader(4, t('place_title'), t('place_hint')),
    h('div', { class: buildings ? 'two-col' : '' }, list, buildings),
    navRow(() => go('photos'), () => go('contact')),
  ];
}

function placeDefaultText() {
  return app.station ? `${t('place_default')}（${pick(app.station.name)}）` : t('place_default');
}

function validPhone(phone) {
  return /^1\d{10}$/.test(phone);
}

function formatPhone(phone) {
  return phone.replace(/^(\d{3})(\d{0,4})(\d{0,4})$/, (_, a, b, c) => [a, b, c].filter(Boolean).join(' '));
}

function renderContact() {
  const display = h('div', { class: 'display', id: 'phone-display', role: 'status', 'aria-live': 'polite', 'aria-label': t('phone_label') }, formatPhone(draft.phone) || '—');
  const error = h('p', { class: 'error', role: 'alert', id: 'contact-error' });
  const update = () => {
    display.textContent = formatPhone(draft.phone) || '—';
    error.textContent = '';
  };
  const press = (digit) => () => { if (draft.phone.length < 11) { draft.phone += digit; update(); } };
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => button(d, press(d), 'key', { 'data-key': d }));
  keys.push(button(t('clear'), () => { draft.phone = ''; update(); }, 'key fn', { 'data-key': 'clear' }));
  keys.push(button('0', press('0'), 'key', { 'data-key': '0' }));
  keys.push(button(t('delete_key'), () => { draft.phone = draft.phone.slice(0, -1); update(); }, 'key fn', { 'data-key': 'back' }));
  const toggle = (label, key, id) => h('button', {
    type: 'button', class: 'toggle', id, 'aria-pressed': String(draft[key]),
    onclick: (e) => {
      draft[key] = !draft[key];
      e.currentTarget.setAttribute('aria-pressed', String(draft[key]));
      e.currentTarget.querySelector('.box').textContent = draft[key] ? '✓' : '';
      error.textContent = '';
    },
  }, h('span', { class: 'box', 'aria-hidden': 'true' }, draft[key] ? '✓' : ''), h('span', {}, label));
  const next = () => {
    if (draft.phone && !validPhone(draft.phone)) {
      error.textContent = t('phone_bad');
      return;
    }
    if (draft.phone && !draft.consentPersonal) {
      error.textContent = t('consent_needed');
      return;
    }
    go('review');
  };
  return [
    ...stepHeader(5, t('contact_title'), t('contact_hint')),
    h('div', { class: 'two-col' },
      h('div', {}, h('p', { class: 'field' }, t('phone_label')), display, h('div', { class: 'keypad', role: 'group', 'aria-label': t('phone_label') }, keys)),
      h('div', {},
        toggle(t('consent_personal'), 'consentPersonal', 'consent-personal'),
        toggle(t('consent_call'), 'consentCall', 'consent-call'),
        error,
        h('div', { class: 'actions' }, button(t('no_phone'), () => {
          draft.phone = '';
          draft.consentPersonal = false;
          draft.consentCall = false;
          go('review');
        }, 'btn', { id: 'no-phone' })))),
    navRow(() => go('place'), next),
  ];
}

function renderReview() {
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
      row(t('review_place'), placeLabel(), 'place'),
      row(t('review_contact'), contact, 'contact')),
    draft.error ? h('p', { class: 'error', role: 'alert', id: 'review-error' }, draft.error) : null,
    navRow(() => go('contact'), sendReport, sendLabel, { id: 'submit', 'aria-disabled': draft.sending ? 'true' : null }),
  ];
}

function reportRecord() {
  const fields = [
    ['category', draft.category.code],
    ['description', draft.description.trim()],
    ['channel', app.mode === 'kiosk' ? 'kiosk' : 'web'],
  ];
  if (app.stationCode) fields.push(['station', app.stationCode]);
  if (draft.deputy) fields.push(['deputy', draft.deputy]);
  if (draft.building) fields.push(['building', draft.building.code]);
  else if (draft.area) fields.push(['area', draft.area.code]);
  if (draft.phone) {
    fields.push(['contact.phone', draft.phone]);
    fields.push(['consent.personal_info', String(draft.consentPersonal)]);
    fields.push(['consent.phone_call', String(draft.consentCall)]);
  }
  return {
    key: newKey(),
    created_at: Date.now(),
    kiosk: app.mode === 'kiosk',
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
  if (draft.sending) return;
  draft.sending = true;
  draft.error = null;
  render();
  const record = reportRecord();
  const mine = session;
  // When the resident left while it was sending (the idle reset), the report still ends up on the server
  // once (it is in the outbox until the server has it), but nothing of it reaches the next resident's screen.
  const left = () => mine !== session;
  const clearDraft = () => {
    draft.photos.forEach((p) => URL.revokeObjectURL(p.url));
    draft = newDraft();
  };
  try {
    const created = await submit(record);
    refreshPending();
    if (left()) return;
    clearDraft();
    go('receipt', { created, submittedAt: created.submitted_at });
  } catch (err) {
    if (err.offline) app.online = false;
    refreshPending();
    if (left()) return; // kept and sent later by itself, or (refused) only a note without its contents stays
    if (isRetryable(err)) {
      clearDraft();
      go('receipt', { queuedKey: record.key, submittedAt: new Date(record.created_at).toISOString() });
    } else {
      // The server refused it (and will refuse it again): the resident can change it and send again.
      outbox.remove(record.key).catch(() => {}).then(refreshPending);
      draft.sending = false;
      draft.error = t('submit_failed', { why: err.message });
      render();
    }
  }
}

// ---- Receipt -------------------------------------------------------------------------------------------------

function renderReceipt() {
  const { created, queuedKey, submittedAt, justSynced } = app.view;
  const stationName = app.station ? pick(app.station.name) : t('app_title');
  const print = document.getElementById('print-receipt');
  let body;
  if (created) {
    const qr = `/api/v1/reports/track/${encodeURIComponent(created.tracking_code)}/qr.svg`;
    body = [
      title(t('receipt_title')),
      justSynced ? h('p', { class: 'ok' }, t('receipt_synced')) : null,
      h('p', {}, t('receipt_code')),
      h('p', { class: 'code', id: 'tracking-code' }, created.tracking_code),
      h('img', { class: 'qr', src: qr, alt: t('print_scan'), width: '280', height: '280' }),
      h('p', {}, t('receipt_keep')),
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
        button(t('print'), () => window.print(), 'btn', { id: 'print' }),
        button(t('done'), resetAll, 'btn primary', { id: 'done' }))),
  ];
}

// ---- Tracking ------------------------------------------------------------------------------------------------

function groupCode(code) {
  return code.match(/.{1,3}/g)?.join('-') ?? '';
}

function renderTrack() {
  const view = app.view;
  if (view.result) return renderTrackResult(view.result);
  const display = h('div', { class: 'display', id: 'code-display', role: 'status', 'aria-live': 'polite' }, `LS-${groupCode(view.code)}`);
  const error = h('p', { class: 'error', role: 'alert', id: 'track-error' }, view.error || '');
  const update = () => { display.textContent = `LS-${groupCode(view.code)}`; error.textContent = ''; };
  const keys = [...CODE_ALPHABET].map((c) => button(c, () => { if (view.code.length < 9) { view.code += c; update(); } }, 'key', { 'data-key': c }));
  keys.push(button(t('clear'), () => { view.code = ''; update(); }, 'key fn', { 'data-key': 'clear' }));
  keys.push(button(t('delete_key'), () => { view.code = view.code.slice(0, -1); update(); }, 'key fn', { 'data-key': 'back' }));
  const lookUp = async () => {
    if (view.code.length !== 9) {
      error.textContent = t('track_bad');
      return;
    }
    try {
      const result = await api.track(view.code);
      if (app.view === view) { view.result = result; render(true); }
    } catch (err) {
      if (app.view !== view) return;
      error.textContent = err.offline ? t('track_offline') : err.status === 404 ? t('track_not_found') : t('track_bad');
    }
  };
  return [
    title(t('track_title')),
    h('p', { class: 'hint' }, t('track_hint')),
    display,
    error,
    h('div', { class: 'keypad wide', role: 'group', 'aria-label': t('track_hint') }, keys),
    h('div', { class: 'actions' },
      button(t('home'), resetAll, 'btn', { 'data-nav': 'home' }),
      h('span', { class: 'spacer' }),
      button(t('track_go'), lookUp, 'btn primary', { id: 'track-go' })),
  ];
}

function renderTrackResult(result) {
  return [
    title(`${t('track_title')}：${result.tracking_code}`),
    ...trackDetails(result),
    h('div', { class: 'actions' },
      button(t('home'), resetAll, 'btn', { 'data-nav': 'home' }),
      button(t('track_again'), () => go('track', { code: '' }), 'btn primary', { id: 'track-again' })),
  ];
}

// ---- Deputies ------------------------------------------------------------------------------------------------

function renderDeputies() {
  const view = app.view;
  if (!view.data) {
    Promise.all([api.deputies(app.stationCode), api.receptionDays(app.stationCode), api.onDuty(app.stationCode)])
      .then(([deputies, days, duty]) => {
        if (app.view === view) { view.data = { deputies, days, duty }; render(); }
      })
      .catch(() => { if (app.view === view) { view.data = { failed: true }; render(); } });
    return [title(t('deputies_title')), h('p', {}, t('loading')), h('div', { class: 'actions' }, button(t('home'), resetAll, 'btn'))];
  }
  if (view.data.failed) {
    return [title(t('deputies_title')), h('p', { class: 'error' }, t('track_offline')), h('div', { class: 'actions' }, button(t('home'), resetAll, 'btn'))];
  }
  const { deputies, days, duty } = view.data;
  const here = new Set(duty.now.flatMap((slot) => slot.deputies.map((d) => d.code)));
  const cards = deputies.items.map((d) => h('article', { class: 'deputy' },
    h('h3', {}, pick(d.name), here.has(d.code) ? h('span', { class: 'now-badge' }, t('on_duty_now')) : null,
      d.status === 'on_leave' ? h('span', { class: 'kind' }, `（${t('on_leave')}）`) : null),
    h('p', {}, t(`level_${d.level}`)),
    pick(d.profile) ? h('p', {}, pick(d.profile)) : null,
    d.specialties.length ? h('p', { class: 'hint' }, t('specialties', { list: d.specialties.map((s) => pick(s.name)).join(getLang() === 'en' ? ', ' : '、') })) : null));
  const slots = days.items.filter((slot) => new Date(slot.ends_at) > new Date()).slice(0, 8);
  return [
    title(t('deputies_title')),
    h('h2', {}, t('reception_title')),
    slots.length
      ? h('ul', { class: 'schedule' }, slots.map((slot) => h('li', {}, formatDay(slot.date, slot.start, slot.end), '　',
        slot.deputies.map((d) => pick(d.name)).join(getLang() === 'en' ? ', ' : '、'))))
      : h('p', {}, t('no_reception')),
    h('h2', {}, t('deputies_title')),
    h('div', { class: 'deputies' }, cards),
    h('div', { class: 'actions' }, button(t('home'), resetAll, 'btn', { 'data-nav': 'home' })),
  ];
}

// ---- Start ---------------------------------------------------------------------------------------------------

async function loadStation() {
  const [page, categories, places] = await Promise.all([
    api.station(app.stationCode), api.categories(), api.places(app.stationCode).catch(() => ({ items: [] })),
  ]);
  app.station = page.station;
  app.categories = categories.items;
  app.places = places.items.filter((p) => p.kind !== 'street' && p.kind !== 'district' && p.kind !== 'town');
  // Kept for a restart without the network.
  localStorage.setItem(`liaison.station.${app.stationCode}`, JSON.stringify({ station: app.station, categories: app.categories, places: app.places }));
}

async function loadStationOrCached() {
  try {
    await loadStation();
    app.online = true;
  } catch (err) {
    const cached = JSON.parse(localStorage.getItem(`liaison.station.${app.stationCode}`) || 'null');
    if (!cached) throw err;
    Object.assign(app, cached);
    app.online = false;
  }
}

async function startKiosk(saved) {
  app.mode = 'kiosk';
  app.needsEnrollment = false;
  app.stationCode = saved.kiosk.station;
  await loadStationOrCached();
  draft = newDraft();
  go('attract');
  loadDuty();
  followLive();
}

async function start() {
  setLang('zh');
  document.getElementById('btn-lang').addEventListener('click', () => {
    setLang(getLang() === 'zh' ? 'en' : 'zh');
    render();
  });
  document.getElementById('btn-large').addEventListener('click', () => {
    document.documentElement.classList.toggle('large');
    renderChrome();
  });
  document.getElementById('idle-continue').addEventListener('click', activity);
  for (const name of ['pointerdown', 'keydown', 'input', 'touchstart']) {
    document.addEventListener(name, activity, { capture: true, passive: true });
  }
  window.addEventListener('online', heartbeat);
  setInterval(idleTick, 1000);

  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('sw.js', { scope: './' }).catch(() => {});
  }
  await outbox.scrub().catch(() => {});
  await refreshPending();
  const saved = credentials();
  try {
    if (saved && !params.has('setup')) {
      await startKiosk(saved);
    } else if (params.get('station') && !params.has('setup')) {
      app.mode = 'web';
      app.stationCode = params.get('station');
      await loadStationOrCached();
      draft = newDraft();
      go('category');
    } else {
      app.mode = 'setup';
      go('setup');
    }
  } catch (err) {
    app.mode = 'setup';
    go('setup', { error: err.offline ? t('track_offline') : err.message });
  }
  heartbeat();
  setInterval(heartbeat, HEARTBEAT_MS);
}

// For the browser tests and for staff: what the kiosk is doing, without reaching into the page.
window.liaisonKiosk = {
  get view() { return app.view.name; },
  get mode() { return app.mode; },
  draft: () => ({ ...draft, photos: draft.photos.length }),
  pending: () => outbox.count(),
  heartbeat,
};

start();
