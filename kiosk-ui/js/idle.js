// The idle reset: on an enrolled kiosk, a resident who walks away leaves nothing for the next one. A banner
// counts down the last seconds (any touch or "continue" keeps going); at zero `onTimeout` clears everything.
// `?idle=seconds` shortens the wait (for the tests).

import { state, params, touch } from './state.js';
import { t, getLang } from './i18n.js';

const IDLE_SECONDS = Math.max(4, Number(params.get('idle')) || 90);
const WARN_SECONDS = Math.min(30, Math.round(IDLE_SECONDS / 2));

const banner = () => document.getElementById('idle');

/** Whether anything would be lost: the attract screen in Chinese at normal size is already the fresh start. */
function isIdleRelevant() {
  if (state.mode !== 'kiosk') return false;
  if (state.view.name === 'setup' || state.view.name === 'loading') return false;
  return state.view.name !== 'attract' || getLang() !== 'zh' || document.documentElement.classList.contains('large');
}

export function hideIdle() {
  banner().hidden = true;
}

function tick(onTimeout) {
  if (!isIdleRelevant()) {
    hideIdle();
    return;
  }
  const idle = (Date.now() - state.lastActivity) / 1000;
  const left = Math.ceil(IDLE_SECONDS - idle);
  if (left <= 0) {
    onTimeout();
  } else if (left <= WARN_SECONDS) {
    document.getElementById('idle-text').textContent = t('idle_warning', { n: left });
    banner().hidden = false;
  } else {
    hideIdle();
  }
}

function activity() {
  touch();
  if (!banner().hidden) hideIdle();
}

/** Watches for touches and keys, and checks once a second. */
export function startIdle(onTimeout) {
  document.getElementById('idle-continue').addEventListener('click', activity);
  for (const name of ['pointerdown', 'keydown', 'input', 'touchstart']) {
    document.addEventListener(name, activity, { capture: true, passive: true });
  }
  setInterval(() => tick(onTimeout), 1000);
}
