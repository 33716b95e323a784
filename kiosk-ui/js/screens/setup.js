// Enrollment: staff type the one-time code that makes this device a station's kiosk. Also shows staff how many
// kept reports the server refused.

import { enroll } from '../api.js';
import { outbox } from '../outbox.js';
import { state, params } from '../state.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { button, title } from '../ui.js';
import { startKiosk } from '../station.js';
import { refreshPending } from '../live.js';
import { forgetReserved } from '../reserved.js';

export function render() {
  const input = h('input', {
    id: 'enrollment-code', name: 'enrollment_code', autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', inputmode: 'text', 'aria-describedby': 'setup-hint',
  });
  const message = h('p', { class: 'error', role: 'alert', id: 'setup-error' }, state.view.error || '');
  const submitCode = async () => {
    const code = input.value.trim();
    if (!code) {
      message.textContent = t('setup_bad');
      return;
    }
    message.textContent = '';
    try {
      forgetReserved();
      const saved = await enroll(code);
      // Enrolled: a reload starts the kiosk, not this screen again.
      if (params.has('setup')) {
        const url = new URL(location.href);
        url.searchParams.delete('setup');
        history.replaceState(null, '', url);
      }
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
  if (!state.refused) return h('div', { id: 'refused-note', hidden: true });
  return h('div', { id: 'refused-note', class: 'notice' },
    h('p', {}, t('refused_note', { n: state.refused })),
    h('div', { class: 'actions' }, button(t('refused_clear'), async () => {
      await outbox.clearRefused().catch(() => {});
      refreshPending();
    }, 'btn', { id: 'refused-clear' })));
}

export function outboxChanged() {
  document.getElementById('refused-note')?.replaceWith(refusedNote());
}
