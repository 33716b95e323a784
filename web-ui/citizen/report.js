// 反映: the report, one step at a time (#/report or #/report/{station}): the category (an emergency category shows
// the call-now advice first, as on the kiosk), the description with the category's phrase chips (the kiosk's
// catalog) and voice input where the browser offers SpeechRecognition, photos (camera or album, redrawn in the
// browser: upright by EXIF, 1600 px, no metadata), the place (report-place.js), then contact, consent, review and
// the receipt (report-send.js). The draft lives for this page load, so switching tabs keeps it.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, getLang } from '/ui/shared/i18n.js';
import { phrases, extraPhrases, icon } from '/kiosk/js/catalog.js';
import { fileToJpeg } from '/kiosk/js/camera.js';
import * as data from './data.js';
import { placeStep } from './report-place.js';
import { contactStep, reviewStep, receiptStep } from './report-send.js';

export const MAX_PHOTOS = 9;
export const MAX_DESCRIPTION = 2000;
const LONG_EDGE = 1600;

const length = (text) => [...text].length;
const clip = (text) => (length(text) > MAX_DESCRIPTION ? [...text].slice(0, MAX_DESCRIPTION).join('') : text);

/** A new, empty report for `station` (and the deputy whose page it was started from). */
export function blankDraft(station = null, deputy = null) {
  return {
    station, deputy, category: null, description: '', photos: [],
    place: { mode: null, point: null, building: null, grid: null, detail: '' },
    phone: '', consent: { personal_info: false, phone_call: false, sms: false, publish: false, publish_photos: false },
    step: 'category',
  };
}

let draft = null;

/** Forgets the draft (after it was sent), and its photos' object URLs. */
export function dropDraft() {
  draft?.photos.forEach((p) => URL.revokeObjectURL(p.url));
  draft = null;
}

const advises = (category) => Boolean(category?.emergency_advice && category.emergency?.length);

export function reportView(app, params) {
  let disposed = false;
  let loaded = null;
  let problem = null;
  const flow = {
    app,
    get draft() { return draft; },
    get data() { return loaded; },
    isDisposed: () => disposed,
    render: () => render(),
    /** Moves to `step`, focusing its heading. */
    go(step) {
      draft.step = step;
      render();
      app.focusOn('view-heading');
      window.scrollTo(0, 0);
    },
    stepHeader,
    nav,
  };

  function stepHeader(n, title, hint) {
    app.setTitle(title);
    return [
      h('p', { class: 'step-count' }, t('step_of', { n, total: 6 })),
      h('h1', { id: 'view-heading', tabindex: '-1' }, title),
      hint ? h('p', { class: 'hint' }, hint) : null,
    ];
  }

  function nav(back, next, nextLabel = t('next'), extra = {}) {
    return h('div', { class: 'actions sticky' },
      back ? h('button', { type: 'button', class: 'btn', id: 'back', onclick: back }, t('back')) : null,
      next ? h('button', { type: 'button', class: 'btn primary', id: 'next', onclick: next, ...extra }, nextLabel) : null);
  }

  function render() {
    if (disposed) return;
    if (problem) {
      fill(app.main, h('h1', { id: 'view-heading', tabindex: '-1' }, t('report_title')), app.problem(problem, { id: 'report-problem', role: null }),
        h('button', { type: 'button', class: 'btn', id: 'retry', onclick: () => start() }, t('retry')));
      return;
    }
    if (!loaded) {
      fill(app.main, h('h1', { id: 'view-heading', tabindex: '-1' }, t('report_title')), h('p', { class: 'loading', role: 'status' }, t('loading')));
      return;
    }
    const steps = { category: categoryStep, emergency: emergencyStep, describe: describeStep, photos: photosStep, place: placeStep, contact: contactStep, review: reviewStep, receipt: receiptStep };
    fill(app.main, steps[draft.step](flow));
    app.main.dataset.step = draft.step;
    app.main.dataset.state = 'ready';
  }

  async function start() {
    problem = null;
    const station = params.code || data.chosenStation();
    if (!station) {
      // No station yet: choose one first, then come back here.
      app.flash = { kind: 'info', text: t('report_choose_station') };
      app.go('#/stations');
      return;
    }
    if (!draft || draft.step === 'receipt' || draft.station !== station) {
      dropDraft();
      draft = blankDraft(station, null);
    }
    if (app.pendingDeputy) {
      draft.deputy = app.pendingDeputy;
      app.pendingDeputy = null;
    }
    render();
    try {
      const [categories, page, places] = await Promise.all([data.categories(), data.station(station), data.places(station).catch(() => [])]);
      if (disposed) return;
      data.chooseStation(station);
      loaded = { categories, station: page.station, places };
    } catch (err) {
      if (disposed) return;
      problem = err;
    }
    render();
  }

  return { render, start, dispose() { disposed = true; } };
}

// ---- Step 1: the category ----------------------------------------------------------------------------------

/** The kiosk's drawing for `category` (its own constant markup, never the server's), as an SVG node. */
function iconNode(category) {
  const markup = icon(category).replace('<svg ', '<svg xmlns="http://www.w3.org/2000/svg" ');
  const svg = new DOMParser().parseFromString(markup, 'image/svg+xml').documentElement;
  svg.setAttribute('class', 'category-icon');
  return document.importNode(svg, true);
}

function categoryStep(flow) {
  const { draft: d, data: { categories, station } } = flow;
  return [
    ...flow.stepHeader(1, t('category_title'), t('category_hint', { station: pick(station.name) })),
    d.deputy ? h('p', { class: 'notice notice-ok', id: 'to-deputy' }, t('report_to_deputy', { name: pick(d.deputy.name) })) : null,
    h('div', { class: 'category-grid', role: 'group', 'aria-labelledby': 'view-heading' }, categories.map((c) => h('button', {
      type: 'button', class: 'category', 'data-category': c.code, 'aria-pressed': String(d.category?.code === c.code),
      onclick: () => {
        d.category = c;
        flow.go(advises(c) ? 'emergency' : 'describe');
      },
    }, iconNode(c), h('span', { class: 'category-name' }, pick(c.name)), h('span', { class: 'category-desc' }, pick(c.description))))),
  ];
}

// ---- Between: call now -----------------------------------------------------------------------------------------

function emergencyStep(flow) {
  const c = flow.draft.category;
  return [
    h('h1', { id: 'view-heading', tabindex: '-1' }, t('emergency_title')),
    h('p', { class: 'notice notice-error emergency-advice', role: 'alert' }, pick(c.emergency_advice)),
    h('ul', { class: 'emergency-numbers', 'aria-label': t('emergency_numbers') }, c.emergency.map((n) => h('li', {},
      h('a', { class: 'btn call', href: `tel:${n}`, 'data-number': n }, t('emergency_call', { n }))))),
    h('p', { class: 'hint' }, t('emergency_still_report')),
    flow.nav(() => flow.go('category'), () => flow.go('describe'), t('emergency_continue')),
  ];
}

// ---- Step 2: what happened -----------------------------------------------------------------------------------

const Recognition = globalThis.SpeechRecognition || globalThis.webkitSpeechRecognition || null;
let listening = null;

function describeStep(flow) {
  const d = flow.draft;
  const counter = h('p', { class: 'counter', id: 'counter' }, t('chars', { n: length(d.description), max: MAX_DESCRIPTION }));
  const error = h('p', { class: 'field-error', role: 'alert', id: 'describe-error' });
  const area = h('textarea', {
    id: 'description', 'aria-describedby': 'counter describe-error', oninput: () => set(area.value),
  });
  area.value = d.description;
  const set = (text) => {
    const kept = clip(text);
    if (kept !== area.value) area.value = kept;
    d.description = kept;
    counter.textContent = t('chars', { n: length(kept), max: MAX_DESCRIPTION });
    error.textContent = kept !== text ? t('describe_cut', { max: MAX_DESCRIPTION }) : '';
    for (const chip of chips) chip.setAttribute('aria-pressed', String(kept.includes(chip.dataset.phrase)));
  };
  const chip = (phrase) => h('button', {
    type: 'button', class: 'chip', 'data-phrase': phrase, 'aria-pressed': String(d.description.includes(phrase)),
    onclick: () => {
      if (d.description.includes(phrase)) return set(d.description.replace(phrase, '').replace(/^[，,\s]+|[，,\s]+$/g, ''));
      const sep = d.description && !/[。，,.\s]$/.test(d.description) ? (getLang() === 'en' ? ', ' : '，') : '';
      return set(d.description + sep + phrase);
    },
  }, phrase);
  const chips = [...phrases(d.category, getLang()), ...extraPhrases(d.category, getLang())].map(chip);

  // Voice input, only where the browser has it: what is heard is added to the text (still editable).
  let voice = null;
  if (Recognition) {
    voice = h('button', { type: 'button', class: 'btn', id: 'voice', 'aria-pressed': 'false', onclick: () => {
      if (listening) {
        listening.stop();
        return;
      }
      const rec = new Recognition();
      rec.lang = getLang() === 'en' ? 'en-US' : 'zh-CN';
      rec.interimResults = false;
      rec.onresult = (e) => {
        const heard = [...e.results].map((r) => r[0].transcript).join('');
        if (heard) set(d.description + (d.description ? (getLang() === 'en' ? ' ' : '，') : '') + heard);
      };
      rec.onerror = () => { error.textContent = t('voice_failed'); };
      rec.onend = () => {
        listening = null;
        voice.setAttribute('aria-pressed', 'false');
        voice.textContent = t('voice_start');
      };
      listening = rec;
      voice.setAttribute('aria-pressed', 'true');
      voice.textContent = t('voice_stop');
      rec.start();
    } }, t('voice_start'));
  }

  return [
    ...flow.stepHeader(2, t('describe_title'), t('describe_hint')),
    h('p', { class: 'muted' }, `${t('review_category')}${t('colon')}${pick(d.category.name)}`),
    h('div', { class: 'chips', role: 'group', 'aria-label': t('phrases_label') }, chips),
    h('label', { for: 'description' }, t('describe_label')),
    area, counter, error,
    voice ? h('div', { class: 'actions' }, voice) : null,
    flow.nav(() => flow.go(advises(d.category) ? 'emergency' : 'category'), () => {
      listening?.stop();
      if (!d.description.trim()) {
        error.textContent = t('describe_empty');
        area.focus();
        return;
      }
      flow.go('photos');
    }),
  ];
}

// ---- Step 3: photos --------------------------------------------------------------------------------------------

let photoNotice = '';

function photosStep(flow) {
  const d = flow.draft;
  const full = d.photos.length >= MAX_PHOTOS;
  const picker = (id, label, capture) => h('label', { class: 'btn file-pick', for: id }, label,
    h('input', { type: 'file', id, accept: 'image/*', capture: capture ? 'environment' : null, multiple: !capture, class: 'visually-hidden', onchange: (e) => add(flow, e) }));
  const notice = photoNotice;
  photoNotice = '';
  return [
    ...flow.stepHeader(3, t('photos_title'), t('photos_hint', { max: MAX_PHOTOS })),
    full ? h('p', { class: 'hint' }, t('photos_full', { max: MAX_PHOTOS })) : h('div', { class: 'actions' },
      picker('take-photo', t('take_photo'), true), picker('pick-photos', t('pick_photos'), false)),
    h('p', { class: 'field-error', role: 'status', id: 'photo-notice' }, notice),
    h('ul', { class: 'photos', id: 'photo-list' }, d.photos.map((p, i) => h('li', { 'data-photo': String(i) },
      h('img', { src: p.url, alt: t('photo_n', { n: i + 1 }) }),
      h('button', { type: 'button', class: 'btn small', 'data-action': 'remove', 'aria-label': t('photo_remove_n', { n: i + 1 }), onclick: () => {
        URL.revokeObjectURL(p.url);
        d.photos.splice(i, 1);
        flow.render();
      } }, t('remove'))))),
    flow.nav(() => flow.go('describe'), () => flow.go('place'), d.photos.length ? t('next') : t('skip_photos')),
  ];
}

/** Picked or taken pictures, each redrawn as a JPEG; what cannot be read as a picture is named (as text). */
async function add(flow, e) {
  const d = flow.draft;
  const files = [...(e.target.files || [])];
  e.target.value = '';
  const refused = [];
  let over = false;
  for (const file of files) {
    if (d.photos.length >= MAX_PHOTOS) {
      over = true;
      break;
    }
    try {
      if (file.type && !file.type.startsWith('image/')) throw new Error('not an image');
      const blob = await fileToJpeg(file, LONG_EDGE);
      if (draft !== d) return;
      d.photos.push({ blob, url: URL.createObjectURL(blob) });
    } catch {
      refused.push(file.name);
    }
  }
  const notes = [];
  if (refused.length) notes.push(t('not_photos', { names: refused.map((n) => `“${n}”`).join('、') }));
  if (over) notes.push(t('photos_over', { max: MAX_PHOTOS }));
  photoNotice = notes.join(' ');
  if (!flow.isDisposed() && draft === d) flow.render();
}
