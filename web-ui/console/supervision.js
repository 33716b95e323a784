// Supervision (督办): the overdue board (`GET /api/v1/overdue?station=`) counted by level (not escalated, the
// station head, the committee) and by deputy and handling unit, with the reports of a level; and, for the
// people who handle reports, what needs them next from the station's list (`/stations/{code}/reports`):
// reports due within two days, extensions asked for (decided on the report's page), reports deputies returned
// (read from their timelines), reports answered and waiting for the resident's rating; and notices no channel
// could deliver (`/notifications?status=dead`), each to send again. The committee sees the overdue board.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { reportTable, deadlineState } from './format.js';

const TABS = ['overdue', 'due_soon', 'extensions', 'returned', 'awaiting_rating', 'dead_letters'];
const OPEN = ['submitted', 'triage', 'assigned', 'accepted', 'forwarded', 'unit_replied', 'answered'];

export function supervisionView(app, { tab }) {
  const tabs = app.handles ? TABS : ['overdue'];
  const current = tabs.includes(tab) ? tab : 'overdue';
  const state = { items: null, error: null, level: null, returned: null, notices: null, resent: null, busy: null };

  // A load finishing after the person moved on (or after a newer load) must not draw over what is shown.
  let disposed = false;
  let turn = 0;

  async function load() {
    const mine = ++turn;
    const next = { items: [], notices: state.notices, returned: state.returned, error: null };
    try {
      if (!app.station) next.items = [];
      else if (current === 'overdue') {
        next.items = (await app.session.call(`/api/v1/overdue?station=${encodeURIComponent(app.station)}&limit=100`)).items;
      } else if (current === 'dead_letters') {
        next.notices = (await app.session.call('/api/v1/notifications?status=dead&limit=200')).items;
      } else {
        next.items = (await app.session.call(`/api/v1/stations/${encodeURIComponent(app.station)}/reports`)).items;
        if (current === 'returned') next.returned = await loadReturned(next.items);
      }
    } catch (err) {
      next.error = err;
      next.items = state.items || [];
    }
    if (disposed || mine !== turn) return;
    Object.assign(state, next);
    render();
  }

  /** Reports back in triage after a deputy's 退单: their timelines say so (at most 50 are read). */
  async function loadReturned(items) {
    const waiting = items.filter((r) => r.status === 'triage').slice(0, 50);
    const details = await Promise.all(waiting.map((r) => app.session.call(`/api/v1/reports/${r.id}`).catch(() => null)));
    return details.filter(Boolean).map((d) => {
      const back = [...d.timeline].reverse().find((e) => e.action === 'return');
      return back ? { ...waiting.find((r) => r.id === d.id), returnedAt: back.at, reason: back.note } : null;
    }).filter(Boolean);
  }

  async function resend(notice) {
    state.busy = notice.id;
    render();
    try {
      await app.session.call(`/api/v1/notifications/${notice.id}/resend`, { method: 'POST' });
      state.resent = { ok: true, id: notice.id };
    } catch (err) {
      state.resent = { ok: false, err };
    }
    state.busy = null;
    await load();
    if (!disposed) focusOn('resend-result');
  }

  function tabsNav() {
    if (tabs.length < 2) return null;
    return h('nav', { 'aria-label': t('supervision_tabs') }, h('ul', { class: 'tabs' }, tabs.map((name) => h('li', {},
      h('a', { href: `#/supervision/${name}`, class: 'tab-link', id: `tab-${name}`, 'aria-current': name === current ? 'page' : null }, t(`sup_${name}`))))));
  }

  function countTable(idName, caption, rows) {
    return h('table', { class: 'table compact count-table', id: idName },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('col_who')), h('th', { scope: 'col', class: 'num' }, t('col_count')))),
      h('tbody', {}, rows.length ? rows.map(([name, n, key]) => h('tr', { 'data-key': key }, h('th', { scope: 'row' }, name), h('td', { class: 'num' }, String(n))))
        : h('tr', {}, h('td', { colspan: '2' }, t('none')))));
  }

  function grouped(items, keyOf, nameOf) {
    const counts = new Map();
    for (const r of items) {
      const key = keyOf(r);
      const entry = counts.get(key) || [nameOf(r), 0, key];
      entry[1] += 1;
      counts.set(key, entry);
    }
    return [...counts.values()].sort((a, b) => b[1] - a[1]);
  }

  function overdueBoard() {
    const items = state.items;
    const levels = [0, 1, 2].map((level) => [level, items.filter((r) => (r.escalation_level || 0) === level).length]);
    const shown = state.level === null ? items : items.filter((r) => (r.escalation_level || 0) === state.level);
    return [
      h('div', { class: 'level-cards', role: 'group', 'aria-label': t('by_level') }, levels.map(([level, n]) => h('button', {
        type: 'button', class: `level-card level-${level}`, id: `level-${level}`, 'aria-pressed': state.level === level ? 'true' : 'false',
        onclick: () => { state.level = state.level === level ? null : level; render(`level-${level}`); },
      }, h('span', { class: 'level-count' }, String(n)), h('span', {}, t(`level_${level}`))))),
      h('div', { class: 'count-grid' },
        countTable('by-deputy', t('by_deputy'), grouped(items, (r) => r.deputy?.code || '-', (r) => (r.deputy ? `${pick(r.deputy.name)}（${r.deputy.code}）` : t('nobody')))),
        countTable('by-unit', t('by_unit'), grouped(items.filter((r) => r.handling_unit), (r) => r.handling_unit.code, (r) => pick(r.handling_unit.name)))),
      shown.length ? reportTable(shown, {
        id: 'overdue-table', caption: state.level === null ? t('overdue_caption', { n: shown.length }) : t('overdue_level_caption', { n: shown.length, level: t(`level_${state.level}`) }),
        columns: ['code', 'category', 'status', 'deadline', 'level', 'deputy', 'unit'], link: (r) => `#/reports/${r.id}`,
      }) : h('p', { class: 'empty', id: 'overdue-empty' }, t('overdue_empty')),
    ];
  }

  function listed(items, idName, columns, emptyKey, captionKey) {
    if (!items.length) return h('p', { class: 'empty', id: `${idName}-empty` }, t(emptyKey));
    return reportTable(items, { id: idName, caption: t(captionKey, { n: items.length }), columns, link: (r) => `#/reports/${r.id}` });
  }

  function deadLetters() {
    const notices = state.notices || [];
    return [
      state.resent ? (state.resent.ok
        ? h('div', { class: 'notice notice-ok', id: 'resend-result', role: 'status', tabindex: '-1' }, h('p', { class: 'notice-text' }, t('resent')))
        : problemNotice(state.resent.err, { id: 'resend-result' })) : null,
      notices.length ? h('table', { class: 'table', id: 'dead-table' },
        h('caption', {}, t('dead_caption', { n: notices.length })),
        h('thead', {}, h('tr', {}, [t('col_notice'), t('col_audience'), t('col_attempts'), t('col_last_error'), t('col_created'), t('col_actions')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, notices.map((n) => h('tr', { 'data-id': n.id },
          h('th', { scope: 'row' }, h('a', { href: `#/reports/${n.report_id}`, class: 'code-link' }, t(`notice_${n.kind}`) === `notice_${n.kind}` ? n.kind : t(`notice_${n.kind}`))),
          h('td', {}, t(`audience_${n.audience}`) === `audience_${n.audience}` ? n.audience : t(`audience_${n.audience}`)),
          h('td', { class: 'num' }, String(n.attempts)),
          h('td', {}, n.attempt_log?.length ? `${n.attempt_log[n.attempt_log.length - 1].channel}: ${n.last_error || ''}` : n.last_error || ''),
          h('td', {}, formatDateTime(n.created_at)),
          h('td', {}, h('button', { type: 'button', class: 'btn small', id: `resend-${n.id}`, 'aria-busy': state.busy === n.id ? 'true' : null, disabled: state.busy === n.id, onclick: () => resend(n) }, t('resend'))))))) : h('p', { class: 'empty', id: 'dead-empty' }, t('dead_empty')),
    ];
  }

  function body() {
    if (state.items === null) return h('p', { class: 'loading', role: 'status' }, t('loading'));
    const items = state.items;
    const open = items.filter((r) => OPEN.includes(r.status));
    switch (current) {
      case 'overdue': return overdueBoard();
      case 'due_soon': return listed(open.filter((r) => deadlineState(r) === 'soon').sort((a, b) => new Date(a.due_at) - new Date(b.due_at)),
        'due-soon-table', ['code', 'category', 'status', 'deadline', 'deputy', 'unit'], 'due_soon_empty', 'due_soon_caption');
      case 'extensions': return listed(open.filter((r) => r.extension_pending_days), 'extensions-table', ['code', 'category', 'status', 'deadline', 'deputy', 'extension'], 'extensions_empty', 'extensions_caption');
      case 'returned': return state.returned?.length
        ? h('table', { class: 'table', id: 'returned-table' }, h('caption', {}, t('returned_caption', { n: state.returned.length })),
          h('thead', {}, h('tr', {}, [t('col_code'), t('col_category'), t('col_returned_at'), t('col_reason')].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, state.returned.map((r) => h('tr', { 'data-id': r.id },
            h('th', { scope: 'row' }, h('a', { href: `#/triage/${r.id}`, class: 'code-link' }, r.tracking_code)),
            h('td', {}, pick(r.category.name)), h('td', {}, formatDateTime(r.returnedAt)), h('td', { class: 'user-text' }, r.reason || '')))))
        : h('p', { class: 'empty', id: 'returned-empty' }, t('returned_empty'));
      case 'awaiting_rating': return listed(items.filter((r) => r.status === 'answered'), 'rating-table', ['code', 'category', 'deputy', 'submitted'], 'rating_empty', 'rating_caption');
      case 'dead_letters': return deadLetters();
      default: return null;
    }
  }

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(t('nav_supervision'));
    app.main.dataset.state = state.items === null ? 'loading' : 'ready';
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('supervision_title')),
      app.takeFlash(),
      tabsNav(),
      h('h2', { id: 'tab-heading' }, t(`sup_${current}`)),
      h('p', { class: 'hint' }, t(`sup_${current}_hint`)),
      state.error ? problemNotice(state.error, { id: 'supervision-problem' }) : null,
      body());
    if (focusId) focusOn(focusId);
  }

  let timer = null;
  return {
    async start() {
      render();
      await load();
    },
    render: () => render(),
    onLive() {
      clearTimeout(timer);
      timer = setTimeout(load, 500);
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
