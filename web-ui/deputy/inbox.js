// The inbox: the open reports assigned to the deputy (`GET /api/v1/me/inbox`, every page), nearest deadline
// first, as cards (category, title, place, age, a deadline badge in words and colour), filtered by tabs
// with their counts; updated live from the server's stream, by the refresh button, or by pulling down.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice } from '/ui/shared/ui.js';
import { TABS, byDeadline, deadlineBadge, span, statusName } from './format.js';

const MAX_PAGES = 10;

/** The inbox's first page (asked for early, while the app learns who is signed in). */
export function firstPage(session) {
  return session.call('/api/v1/me/inbox?limit=100');
}

/** Every page of the inbox; the first may have been asked for already (`early`). */
export async function fetchInbox(session, early = null) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const answer = (page === 0 && early && (await early)) || (await session.call(`/api/v1/me/inbox?${query}`));
    items.push(...answer.items);
    cursor = answer.next_cursor;
    if (!cursor) break;
  }
  return items.sort(byDeadline);
}

export function inboxView(app, { tab = 'all' }) {
  const current = TABS.some(([name]) => name === tab) ? tab : 'all';
  const state = { items: null, error: null, busy: false, changed: false };
  let reloadTimer = null;
  let pull = null;

  async function load(focusId = null) {
    state.busy = true;
    if (state.items) render();
    try {
      const early = app.prefetched;
      app.prefetched = null;
      state.items = await fetchInbox(app.session, early);
      // Kept for the suggestion form's picker of reports (suggestion-form.js).
      app.inboxItems = state.items;
      state.error = null;
    } catch (err) {
      state.error = err;
    }
    state.busy = false;
    render(focusId);
  }

  function card(r) {
    // The citizen's words for the place (a kiosk's "和谐里4号楼 2单元 5层"), else the station.
    const place = r.address || (r.station ? pick(r.station.name) : '');
    return h('li', { class: 'card-item' },
      h('a', { class: 'card', href: `#/reports/${r.id}`, 'data-id': r.id, 'data-status': r.status, 'data-due': r.due_at || '' },
        h('span', { class: 'card-top' },
          h('span', { class: 'card-category' }, pick(r.category.name)),
          deadlineBadge(r)),
        r.title ? h('span', { class: 'card-title user-text' }, r.title) : null,
        h('span', { class: 'card-meta' },
          h('span', { class: 'status-chip', 'data-status': r.status }, statusName(r.status)),
          place ? h('span', { class: r.address ? 'card-place user-text' : 'card-place' }, place) : null,
          h('span', { title: formatDateTime(r.submitted_at) }, t('filed_ago', { age: span(Date.now() - new Date(r.submitted_at).getTime()) }))),
        h('span', { class: 'card-code' }, t('tracking_code', { code: r.tracking_code }))));
  }

  function tabs(items) {
    return h('nav', { class: 'filter-tabs', 'aria-label': t('tabs_label') },
      h('ul', {}, TABS.map(([name, test]) => {
        const count = items.filter(test).length;
        return h('li', {}, h('a', {
          href: `#/inbox/${name}`, id: `tab-${name}`, class: 'filter-tab', 'aria-current': name === current ? 'page' : null, 'data-count': String(count),
        }, t(`tab_${name}`), ' ', h('span', { class: 'count' }, `(${count})`)));
      })));
  }

  // A load finishing after the deputy moved on to another view must not draw over it.
  let disposed = false;

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(t('inbox_title'));
    const items = state.items || [];
    const shown = items.filter(TABS.find(([name]) => name === current)[1]);
    fill(app.main,
      h('div', { class: 'view-head' },
        h('h1', { id: 'view-heading', tabindex: '-1' }, t('inbox_title')),
        h('button', { type: 'button', class: 'btn', id: 'refresh', 'aria-busy': state.busy ? 'true' : null, onclick: () => load('view-heading') },
          state.busy ? t('refreshing') : t('refresh'))),
      app.takeFlash(),
      h('p', { class: 'live-state', id: 'live-state', role: 'status' }, state.changed ? t('live_new') : t(app.liveState() === 'open' ? 'live_open' : 'live_waiting')),
      state.error ? problemNotice(state.error, { id: 'inbox-problem' }) : null,
      state.items === null && !state.error ? h('p', { class: 'loading', role: 'status' }, t('loading')) : null,
      state.items ? [
        tabs(items),
        h('p', { class: 'hint', id: 'inbox-count' }, t('inbox_count', { n: shown.length })),
        shown.length
          ? h('ul', { class: 'cards', id: 'inbox-list' }, shown.map(card))
          : h('p', { class: 'empty', id: 'inbox-empty' }, t(items.length ? 'inbox_empty_tab' : 'inbox_empty_all')),
      ] : null);
    app.main.dataset.state = state.error ? 'problem' : state.items ? 'ready' : 'loading';
    if (focusId) app.focusOn(focusId);
  }

  // Pull to refresh: a downward drag from the top of the page reloads the list.
  function onTouchStart(e) {
    pull = window.scrollY <= 0 && e.touches.length === 1 ? e.touches[0].clientY : null;
  }
  function onTouchEnd(e) {
    if (pull !== null && e.changedTouches[0].clientY - pull > 90 && !state.busy) load();
    pull = null;
  }

  return {
    start() {
      render();
      window.addEventListener('touchstart', onTouchStart, { passive: true });
      window.addEventListener('touchend', onTouchEnd, { passive: true });
      return load();
    },
    render,
    onLive() {
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(async () => {
        state.changed = true;
        await load();
      }, 300);
    },
    dispose() {
      disposed = true;
      clearTimeout(reloadTimer);
      window.removeEventListener('touchstart', onTouchStart);
      window.removeEventListener('touchend', onTouchEnd);
    },
  };
}
