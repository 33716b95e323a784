// Navigation: which screen is shown, drawing it and the bar around it, and the reset to the first screen.
//
// The screens are registered at startup (app.js), so this module imports none of them: screens import `go`,
// `render` and `resetAll` from here. A screen is a module exporting `render()` (its nodes) and, optionally,
// `leave()` (called when another screen replaces it), `entered()` (after `go` has drawn it: the resident came to
// it, which a drawing again for a language switch is not), `shown()` (after each render) and handlers for what
// happens in the background, called through `notify()` while it is on screen.

import { state, setView, newReport, touch } from './state.js';
import { h } from './dom.js';
import { t, pick, setLang, getLang, labelSwitches } from './i18n.js';
import { hideIdle } from './idle.js';
import { renderHelp, closeHelp } from './help.js';

const screens = {
  loading: { render: () => [h('p', { class: 'loading' }, t('loading'))] },
};

/** `table`: screen name → screen module. */
export function registerScreens(table) {
  Object.assign(screens, table);
}

const current = () => screens[state.view.name];

// A double tap must not act on the screen its first tap opened (a category tile, then a phrase of the next
// screen; 完成, then a button of the attract screen): for a moment after a new screen appears, taps on it are
// ignored. The screen is marked meanwhile (`data-settling`, which also turns its pointer events off in
// styles.css, so the browser tests' clicks wait for it to end).
const SETTLE_MS = 400;
let settleUntil = 0;
let settleTimer = null;

function settle() {
  const root = document.getElementById('screen');
  settleUntil = performance.now() + SETTLE_MS;
  root.dataset.settling = '';
  clearTimeout(settleTimer);
  settleTimer = setTimeout(() => { delete root.dataset.settling; }, SETTLE_MS);
}

/** Drops a click on the screen while it settles (also one from a key, which pointer-events do not stop). */
function guardClick(e) {
  if (performance.now() >= settleUntil || !document.getElementById('screen').contains(e.target)) return;
  e.preventDefault();
  e.stopImmediatePropagation();
}

export function go(name, extra = {}) {
  if (name !== state.view.name) current()?.leave?.();
  setView(name, extra);
  render(true);
  current()?.entered?.();
}

/**
 * Draws the current screen again; `focus` moves to its heading (a new screen, for screen readers). The screen's
 * content goes into a body that scrolls; its bar (ui.js `actionBar`) stays at the bottom, always on screen.
 */
export function render(focus = false) {
  const root = document.getElementById('screen');
  const screen = current();
  const nodes = screen.render().flat().filter(Boolean);
  const bars = nodes.filter((node) => node.classList?.contains('action-bar'));
  root.replaceChildren(h('div', { class: 'screen-body' }, nodes.filter((node) => !bars.includes(node))), ...bars);
  root.dataset.screen = state.view.name;
  document.body.dataset.screen = state.view.name;
  renderChrome();
  if (focus) {
    settle();
    root.scrollTop = 0;
    window.scrollTo(0, 0);
    const heading = root.querySelector('h1');
    (heading || root).focus({ preventScroll: true });
  }
  watchSize(root);
  showScrollHint();
  screen.shown?.();
}

// ---- The hint that there is more below ------------------------------------------------------------------------

// The screen scrolls above its bar: while there is more below what shows, the bar's hint says so (and `main`
// is marked `data-more`, which fades the content's lower edge); it goes once the resident has reached the end.
// Checked when the screen scrolls, is drawn, or changes size (its content grows, the text gets larger, a picture
// arrives).
let sizeWatcher = null;

function watchSize(root) {
  if (!('ResizeObserver' in window)) return;
  sizeWatcher ??= new ResizeObserver(showScrollHint);
  sizeWatcher.disconnect();
  sizeWatcher.observe(root);
  for (const child of root.children) sizeWatcher.observe(child);
}

/** Shows the hint while there is more content below what the screen shows, and hides it at the end. */
export function showScrollHint() {
  const root = document.getElementById('screen');
  const more = root.scrollHeight - root.scrollTop - root.clientHeight > 4;
  root.toggleAttribute('data-more', more);
  const hint = root.querySelector('.scroll-hint');
  if (hint) hint.hidden = !more;
}

/** Tells the screen on display that something happened in the background (`event` names its handler). */
export function notify(event, ...args) {
  current()?.[event]?.(...args);
}

export function renderChrome() {
  document.title = state.station ? `${pick(state.station.name)} · ${t('app_title')}` : t('app_title');
  document.getElementById('bar-station').textContent = state.station
    ? pick(state.station.name) + (state.mode === 'web' ? ` · ${t('web_mode')}` : '')
    : t('app_title');
  labelSwitches();
  document.getElementById('idle-continue').textContent = t('idle_continue');
  renderHelp();
  renderStatus();
}

/** The status light: connection, reports waiting, reports refused, and whether staff must enroll it again. */
export function renderStatus() {
  const status = document.getElementById('status');
  const text = status.querySelector('.status-text');
  status.classList.remove('online', 'offline', 'pending');
  if (state.online === null) {
    text.textContent = t('connecting');
  } else if (!state.online) {
    status.classList.add('offline');
    text.textContent = state.pending ? `${t('offline')} · ${t('pending', { n: state.pending })}` : t('offline');
  } else if (state.pending) {
    status.classList.add('pending');
    text.textContent = t('pending', { n: state.pending });
  } else {
    status.classList.add('online');
    text.textContent = t('online');
  }
  if (state.refused) text.textContent = `${text.textContent} · ${t('refused', { n: state.refused })}`;
  if (state.needsEnrollment) text.textContent = `${text.textContent} · ${t('setup_again')}`;
  status.dataset.refused = String(state.refused);
  status.dataset.state = state.online === null ? 'unknown' : state.online ? (state.pending ? 'pending' : 'online') : 'offline';
}

/** The language and large-text switches in the bar. */
export function bindChrome() {
  window.addEventListener('click', guardClick, { capture: true });
  document.getElementById('screen').addEventListener('scroll', showScrollHint, { passive: true });
  window.addEventListener('resize', showScrollHint);
  document.getElementById('btn-lang').addEventListener('click', () => {
    setLang(getLang() === 'zh' ? 'en' : 'zh');
    render();
  });
  document.getElementById('btn-large').addEventListener('click', () => {
    document.documentElement.classList.toggle('large');
    renderChrome();
    showScrollHint();
  });
}

/** Clears everything a resident entered and returns to the first screen; late async work for them is dropped. */
export function resetAll() {
  closeHelp();
  newReport();
  setLang('zh');
  document.documentElement.classList.remove('large');
  hideIdle();
  touch();
  document.getElementById('print-receipt').replaceChildren();
  if (state.mode === 'kiosk') go('attract');
  else if (state.mode === 'web') go('category');
  else if (state.mode === 'landing') go('landing');
  else go('setup');
}
