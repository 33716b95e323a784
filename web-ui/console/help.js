// Kiosks' calls for help (`GET /api/v1/stations/{code}/help-calls`, live as `event: help`): a banner above
// every screen while a resident waits at a kiosk, with where (the kiosk's label), since when, and an "I'm
// coming" button (`POST /api/v1/help-calls/{id}/answer`) that the kiosk shows to the resident at once. The
// alert is visual only (no sound): a strong colour band, words, and a slow pulse that stops for people who
// ask for reduced motion. Read again every 30 seconds too, in case the live stream is down.

import { h, fill } from '/ui/shared/dom.js';
import { t, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice } from '/ui/shared/ui.js';

const POLL_MS = 30000;
const HANDLERS = new Set(['staff', 'station_head', 'admin']);

export function helpCalls(app, region) {
  let calls = [];
  let answered = []; // calls this console answered, confirmed for two minutes
  let error = null;
  let timer = null;
  let busy = null;

  const applies = () => Boolean(app.me && HANDLERS.has(app.me.role) && app.station);

  async function load() {
    if (!applies()) {
      calls = [];
      render();
      return;
    }
    try {
      calls = (await app.session.call(`/api/v1/stations/${encodeURIComponent(app.station)}/help-calls`)).items;
      error = null;
    } catch (err) {
      error = err;
    }
    render();
  }

  async function answer(call) {
    busy = call.id;
    render();
    try {
      const done = await app.session.call(`/api/v1/help-calls/${call.id}/answer`, { method: 'POST' });
      answered = [{ ...done, shownUntil: Date.now() + 120000 }, ...answered.filter((c) => c.id !== done.id)].slice(0, 3);
      error = null;
    } catch (err) {
      error = err;
    }
    busy = null;
    await load();
    document.getElementById(`help-done-${call.id}`)?.focus();
  }

  function render() {
    const waiting = calls.filter((c) => !c.answered_at);
    const confirmed = answered.filter((c) => c.shownUntil > Date.now() && !waiting.some((w) => w.id === c.id));
    region.hidden = !applies() || (waiting.length === 0 && confirmed.length === 0 && !error);
    region.classList.toggle('alerting', waiting.length > 0);
    region.setAttribute('aria-label', t('help_region'));
    fill(region,
      waiting.length ? h('h2', { class: 'help-title', id: 'help-title' }, t('help_title', { n: waiting.length })) : null,
      waiting.length ? h('ul', { class: 'help-list', id: 'help-list' }, waiting.map((c) => h('li', { class: 'help-call', 'data-call': c.id },
        h('p', { class: 'help-where' }, h('strong', {}, c.kiosk_label), ' · ', t('help_since', { when: formatDateTime(c.called_at) })),
        h('button', { type: 'button', class: 'btn primary', id: `help-answer-${c.id}`, 'aria-busy': busy === c.id ? 'true' : null, disabled: busy === c.id, onclick: () => answer(c) },
          t('help_coming'))))) : null,
      confirmed.map((c) => h('p', { class: 'help-done', id: `help-done-${c.id}`, tabindex: '-1', role: 'status' }, t('help_answered', { where: c.kiosk_label }))),
      error ? problemNotice(error, { id: 'help-problem' }) : null);
  }

  return {
    /** Begins watching the station's calls (again, after a station switch, when `force`). */
    start(force = false) {
      if (timer && !force) return;
      clearInterval(timer);
      if (force) answered = [];
      timer = setInterval(load, POLL_MS);
      load();
    },
    stop() {
      clearInterval(timer);
      timer = null;
      calls = [];
      answered = [];
      render();
    },
    /** A live `event: help` arrived. */
    heard() {
      load();
    },
    render,
  };
}
