// Deputies' portraits, the same on every screen: the picture when the public profile has one (`photo_url`), the
// name's initials in a circle when it has none or the picture does not load; and, for the console's directory
// and the deputy's own page, setting or removing one (`PUT /api/v1/deputies/{code}/photo`, one multipart part
// named `photo`; `DELETE` the same address). Names only ever become text or an `alt` attribute (dom.js).
//
// The editor's words are the screen's own (`portrait_*` keys in its strings files): the console speaks about
// the deputy, the workbench to them. `portrait_error_<code>` gives the words for a problem code at this one
// place; other codes are explained as everywhere else (the screen's `error_<code>`, else the server's detail).

import { h } from './dom.js';
import { request } from './api.js';
import { t, pick, getLang, has } from './i18n.js';
import { problemNotice, notice } from './ui.js';

/** The image types the server takes for a portrait (also the file picker's `accept`). */
export const PORTRAIT_TYPES = 'image/jpeg,image/png,image/webp';

const ERROR_CODES = ['unsupported_media_type', 'invalid_image', 'image_too_large', 'payload_too_large', 'validation_failed', 'photo_not_found', 'forbidden'];

/** A name's initials: the first character of the Chinese name, or two letters of the English one in English. */
export function initials(name) {
  if (getLang() === 'en' && name?.en) {
    return name.en.split(/\s+/).filter(Boolean).map((w) => w[0]).join('').slice(0, 2).toUpperCase();
  }
  return [...(pick(name) || '')].slice(0, 1).join('');
}

/**
 * A deputy's portrait as an `<img>` (`alt`: their name unless told; fixed `px` width and height so nothing moves
 * when it arrives; lazy, decoded off the main thread), or their initials in a `<span>` when there is no
 * `photo_url` or the picture fails to load. `className` styles both the same (a circle).
 */
export function portrait(deputy, { className = 'avatar', px = 64, alt = pick(deputy.name), url = deputy.photo_url } = {}) {
  const letters = () => h('span', { class: className, 'aria-hidden': 'true', 'data-portrait': 'initials' }, initials(deputy.name));
  if (!url) return letters();
  const img = h('img', {
    class: className, 'data-portrait': 'photo', alt, width: String(px), height: String(px), loading: 'lazy', decoding: 'async', src: url,
    onerror: () => img.replaceWith(letters()),
  });
  return img;
}

/**
 * Setting and removing one deputy's portrait: a panel with the portrait (or initials), a file picker that sends
 * the chosen picture at once, and removal after a confirmation. `call` is a signed-in session's `call`;
 * `redraw(focusId)` draws the host page again (the panel's nodes move with it: the file input is made once).
 * `load()` reads the current portrait from the public profile (a deputy who has left has none: `gone`).
 */
export function portraitEditor({ call, code, redraw }) {
  const path = `/api/v1/deputies/${encodeURIComponent(code)}`;
  const state = { deputy: null, loadError: null, gone: false, busy: false, error: null, done: null, confirm: false };
  const input = h('input', {
    type: 'file', id: 'portrait-file', name: 'photo', accept: PORTRAIT_TYPES, 'aria-describedby': 'portrait-hint',
    onchange: () => upload(),
  });

  async function load() {
    // A reload after another step on the host page: what this panel said last is no longer news.
    state.done = null;
    state.error = null;
    try {
      const answer = await request(path);
      state.deputy = answer.deputy ?? answer;
      state.loadError = null;
    } catch (err) {
      state.gone = err?.status === 404;
      state.loadError = state.gone ? null : err;
    }
  }

  /** Runs `work` with the panel's controls disabled; then says `done`, or shows the problem, and moves focus. */
  async function step(work, done) {
    state.busy = true;
    state.error = null;
    state.done = null;
    redraw();
    try {
      await work();
      state.done = done;
    } catch (err) {
      state.error = err;
      // Removed meanwhile (another tab, another person): show it as it is.
      if (err?.code === 'photo_not_found' && state.deputy) state.deputy.photo_url = null;
    }
    state.busy = false;
    redraw(state.error ? 'portrait-problem' : 'portrait-done');
  }

  function upload() {
    const file = input.files?.[0];
    if (!file) return undefined;
    state.confirm = false;
    return step(async () => {
      try {
        const form = new FormData();
        form.append('photo', file, file.name || 'portrait');
        const answer = await call(`${path}/photo`, { method: 'PUT', form, timeoutMs: 60000 });
        state.deputy.photo_url = answer.photo_url;
      } finally {
        input.value = '';
      }
    }, 'portrait_saved');
  }

  function remove() {
    state.confirm = false;
    return step(async () => {
      await call(`${path}/photo`, { method: 'DELETE' });
      state.deputy.photo_url = null;
    }, 'portrait_removed');
  }

  function confirmRemove() {
    state.error = null;
    state.done = null;
    state.confirm = true;
    redraw('portrait-remove-yes');
  }

  /** Closes the confirmation (Esc, or 取消); whether there was one. */
  function escape() {
    if (!state.confirm) return false;
    state.confirm = false;
    redraw('portrait-remove');
    return true;
  }

  const overrides = () => Object.fromEntries(ERROR_CODES.filter((c) => has(`portrait_error_${c}`)).map((c) => [c, `portrait_error_${c}`]));

  function nodes() {
    if (state.gone) return null;
    const title = h('h2', { id: 'portrait-title' }, t('portrait_title'));
    if (state.loadError) {
      return h('section', { class: 'panel', id: 'portrait', 'aria-labelledby': 'portrait-title' }, title, problemNotice(state.loadError, { id: 'portrait-problem', role: null }));
    }
    if (!state.deputy) {
      return h('section', { class: 'panel', id: 'portrait', 'aria-labelledby': 'portrait-title' }, title, h('p', { class: 'loading' }, t('loading')));
    }
    const d = state.deputy;
    const set = Boolean(d.photo_url);
    input.disabled = state.busy;
    return h('section', { class: 'panel portrait-panel', id: 'portrait', 'aria-labelledby': 'portrait-title', 'data-photo': set ? 'yes' : 'no', 'aria-busy': state.busy ? 'true' : null },
      title,
      h('div', { class: 'portrait-row' },
        portrait(d, { className: 'portrait', px: 128, alt: t('portrait_alt', { name: pick(d.name) }) }),
        h('p', { id: 'portrait-state' }, t(set ? 'portrait_has' : 'portrait_none'))),
      h('div', { class: 'field' },
        h('label', { for: 'portrait-file' }, t(set ? 'portrait_replace' : 'portrait_choose')),
        h('p', { class: 'hint', id: 'portrait-hint' }, t('portrait_hint')),
        input),
      state.busy ? h('p', { class: 'loading', role: 'status', id: 'portrait-busy' }, t('portrait_busy')) : null,
      state.error ? problemNotice(state.error, { id: 'portrait-problem', overrides: overrides() }) : null,
      state.done ? notice('ok', t(state.done), { id: 'portrait-done' }) : null,
      set && !state.confirm ? h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', id: 'portrait-remove', disabled: state.busy, onclick: confirmRemove }, t('portrait_remove'))) : null,
      set && state.confirm ? h('div', { class: 'confirm', id: 'portrait-confirm' },
        h('p', { id: 'portrait-remove-what' }, t('portrait_remove_what', { name: pick(d.name) })),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'btn danger', id: 'portrait-remove-yes', 'aria-describedby': 'portrait-remove-what', disabled: state.busy, onclick: remove }, t('portrait_remove_yes')),
          h('button', { type: 'button', class: 'btn', id: 'portrait-remove-no', 'aria-keyshortcuts': 'Escape', onclick: escape }, t('portrait_keep')))) : null);
  }

  return { load, nodes, escape };
}
