// Triage (研判): the station's queue (`GET /api/v1/stations/{code}/triage`, oldest first) beside the report
// picked from it (panel.js: routing's suggestion and reason, the deputies' loads, likely duplicates side by
// side, the steps). Live updates redraw the queue; the keyboard runs the common path: j / k the next or
// previous report, Enter on a code opens it, a assign, u urgent, c close, m to the first merge button,
// ? the list of keys.

import { h, fill } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { reportTable } from './format.js';
import { createPanel } from './panel.js';

const typing = (el) => el && (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable);

export function triageView(app, { id }) {
  const state = { items: null, next: null, error: null, keys: false };
  let panel = id ? makePanel(id) : null;
  let reloadTimer = null;
  // Loads finishing after the person moved on (or after a newer load of the queue) must not draw over it.
  let disposed = false;
  let turn = 0;

  function makePanel(reportId) {
    return createPanel(app, {
      id: reportId,
      rerender: (focusId) => render(focusId),
      changed: () => loadQueue(),
    });
  }

  async function loadQueue(more = false) {
    const mine = ++turn;
    if (!app.station) {
      state.items = [];
      render();
      return;
    }
    try {
      const query = more && state.next ? `?limit=100&cursor=${encodeURIComponent(state.next)}` : '?limit=100';
      const page = await app.session.call(`/api/v1/stations/${encodeURIComponent(app.station)}/triage${query}`);
      if (disposed || mine !== turn) return;
      state.items = more ? [...state.items, ...page.items] : page.items;
      state.next = page.next_cursor || null;
      state.error = null;
    } catch (err) {
      if (disposed || mine !== turn) return;
      state.error = err;
    }
    render();
  }

  function move(step) {
    const items = state.items || [];
    if (!items.length) return;
    const at = items.findIndex((r) => r.id === id);
    const next = items[Math.min(items.length - 1, Math.max(0, at < 0 ? 0 : at + step))];
    if (next) app.go(`#/triage/${next.id}`);
  }

  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (e.key === 'j') move(1);
    else if (e.key === 'k') move(-1);
    else if (e.key === '?') {
      state.keys = !state.keys;
      render(state.keys ? 'keys-help' : null);
    } else if (!panel?.key(e)) return;
    e.preventDefault();
  }

  function queue() {
    if (state.error) return problemNotice(state.error, { id: 'queue-problem' });
    if (state.items === null) return h('p', { class: 'loading', role: 'status' }, t('loading'));
    if (!state.items.length) return h('p', { class: 'empty', id: 'queue-empty' }, t('triage_empty'));
    return [
      reportTable(state.items, {
        id: 'queue', caption: t('triage_caption', { n: state.items.length }), selected: id,
        columns: ['code', 'category', 'title', 'deadline', 'submitted'],
        link: (r) => `#/triage/${r.id}`,
      }),
      state.next ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'queue-more', onclick: () => loadQueue(true) }, t('more'))) : null,
    ];
  }

  function keysHelp() {
    if (!state.keys) return null;
    return h('section', { class: 'panel keys', id: 'keys-help', tabindex: '-1', 'aria-labelledby': 'keys-title' },
      h('h2', { id: 'keys-title' }, t('keys_title')),
      h('dl', { class: 'facts' }, ['j', 'k', 'a', 'u', 'c', 'd', 'm', 'esc', 'alt', 'help'].map((k) => h('div', {}, h('dt', {}, h('kbd', {}, t(`key_${k}_key`))), h('dd', {}, t(`key_${k}`))))));
  }

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(t('nav_triage'));
    main().dataset.state = state.items === null ? 'loading' : 'ready';
    fill(main(),
      h('div', { class: 'view-head' },
        h('h1', { id: 'view-heading', tabindex: '-1' }, t('triage_title')),
        h('button', { type: 'button', class: 'btn small', id: 'keys-toggle', 'aria-expanded': state.keys ? 'true' : 'false', 'aria-keyshortcuts': '?', onclick: () => { state.keys = !state.keys; render(state.keys ? 'keys-help' : 'keys-toggle'); } }, t('keys_toggle'))),
      app.takeFlash(),
      keysHelp(),
      h('div', { class: 'split' },
        h('section', { class: 'split-list', 'aria-labelledby': 'queue-title' }, h('h2', { id: 'queue-title', class: 'visually-hidden' }, t('triage_title')), queue()),
        h('section', { class: 'split-detail', id: 'detail', 'aria-labelledby': panel ? 'report-heading' : 'detail-empty' },
          panel ? panel.nodes() : h('p', { class: 'empty', id: 'detail-empty' }, t('triage_pick')))));
    if (focusId) focusOn(focusId);
  }

  const main = () => app.main;

  return {
    async start() {
      document.addEventListener('keydown', onKey);
      render();
      await Promise.all([loadQueue(), panel?.load()]);
      if (panel && !disposed) focusOn('report-heading');
    },
    render: () => render(),
    onLive(name, event) {
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(() => loadQueue(), 300);
      if (panel && (name === 'reload' || event?.report_id === id) && !panel.actions.busy) panel.load();
    },
    dispose() {
      disposed = true;
      document.removeEventListener('keydown', onKey);
      clearTimeout(reloadTimer);
      panel = null;
    },
  };
}
