// 请工作人员帮忙: a button in the kiosk's bar that calls a member of staff to the screen. The call reaches the
// station's staff at once (the server's live stream); the panel says it was sent and, when someone answers,
// that they are coming. Without the network it says where to find help instead of pretending.

import { kioskCall } from './api.js';
import { state } from './state.js';
import { t, addStrings } from './i18n.js';

addStrings({
  zh: {
    help_button: '请工作人员帮忙',
    help_calling: '正在呼叫工作人员……',
    help_called: '已通知工作人员，请在这里稍候。',
    help_answered: '工作人员已收到，马上就来。',
    help_offline: '网络不通，呼叫没有发出。请到服务台找工作人员。',
    help_failed: '呼叫没有发出。请到服务台找工作人员。',
    help_close: '好的',
  },
  en: {
    help_button: 'Ask staff for help',
    help_calling: 'Calling a member of staff…',
    help_called: 'Staff have been told. Please wait here.',
    help_answered: 'A member of staff is on the way.',
    help_offline: 'No network: the call was not sent. Please ask at the front desk.',
    help_failed: 'The call was not sent. Please ask at the front desk.',
    help_close: 'OK',
  },
});

const POLL_MS = 10000;
const help = { call: null, text: '', poll: null, busy: false };

const $ = (id) => document.getElementById(id);

/** Wires the bar's button and the panel's close button (once, at start). */
export function bindHelp() {
  $('btn-help').addEventListener('click', callStaff);
  $('help-close').addEventListener('click', closeHelp);
}

/** The button and panel in the current language; the button only on an enrolled kiosk. */
export function renderHelp() {
  const button = $('btn-help');
  button.hidden = state.mode !== 'kiosk';
  button.textContent = t('help_button');
  $('help-text').textContent = help.text;
  $('help-close').textContent = t('help_close');
}

function show(text) {
  help.text = text;
  $('help').hidden = false;
  renderHelp();
  $('help-close').focus();
}

async function callStaff() {
  if (help.busy) return;
  help.busy = true;
  show(t('help_calling'));
  try {
    help.call = await kioskCall('/api/v1/kiosks/me/help-calls', { method: 'POST' });
    show(help.call.answered_at ? t('help_answered') : t('help_called'));
    if (!help.call.answered_at) watch();
  } catch (err) {
    show(err.offline ? t('help_offline') : t('help_failed'));
  } finally {
    help.busy = false;
  }
}

/** Asks now and then whether someone answered, for when the live stream is down. */
function watch() {
  clearInterval(help.poll);
  help.poll = setInterval(async () => {
    if (!help.call) return clearInterval(help.poll);
    try {
      const call = await kioskCall(`/api/v1/kiosks/me/help-calls/${help.call.id}`);
      if (call.answered_at) answered(call.id);
    } catch {
      // Asked again at the next turn.
    }
  }, POLL_MS);
}

function answered(id) {
  if (help.call?.id !== id) return;
  clearInterval(help.poll);
  if (!$('help').hidden) show(t('help_answered'));
}

/** An `event: help` from the live stream: the answer to this kiosk's call. */
export function onHelpEvent(data) {
  try {
    const event = JSON.parse(data);
    if (event.kind === 'answered') answered(event.call_id);
  } catch {
    // Not an event this kiosk understands.
  }
}

/** Closes the panel (the resident's "OK", or the idle reset). A call already sent stays with staff. */
export function closeHelp() {
  clearInterval(help.poll);
  help.call = null;
  help.text = '';
  $('help').hidden = true;
}
