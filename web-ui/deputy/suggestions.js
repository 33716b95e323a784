// 我的建议 (#/suggestions): the deputy's suggestions (`GET /api/v1/me/suggestions`, newest first) as cards, each
// with where it stands in words, the body's deadline and whether it is overdue (words and colour), and the
// deputy's rating once given; a button to write a new one (suggestion-form.js). One suggestion opens
// suggestion.js. Titles are the deputy's own words, put on the page as text.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice } from '/ui/shared/ui.js';
import { dutyNav } from './duty-nav.js';

/** Where a suggestion stands, in words. */
export function suggestionStatus(status) {
  return t(`sugg_status_${status}`);
}

/** The body's deadline with "overdue" or "on time" in words, or nothing without one. */
export function dueLine(s, { id } = {}) {
  if (!s.due_at) return null;
  return h('span', { class: 'sugg-due', id },
    h('span', { class: `badge ${s.overdue ? 'badge-overdue' : 'badge-ontime'}`, 'data-overdue': String(s.overdue) }, t(s.overdue ? 'sugg_overdue' : 'sugg_on_time')),
    ' ', t('sugg_due', { when: formatDateTime(s.due_at) }));
}

function card(s) {
  return h('li', { class: 'card-item' },
    h('a', { class: 'card sugg-card', href: `#/suggestions/${s.id}`, 'data-id': s.id, 'data-status': s.status },
      h('span', { class: 'card-top' },
        h('span', { class: 'status-chip', 'data-status': s.status }, suggestionStatus(s.status)),
        s.verdict ? h('span', { class: 'card-meta' }, t('sugg_verdict_line', { verdict: t(`verdict_${s.verdict}`) })) : null),
      h('span', { class: 'card-title user-text' }, s.title),
      dueLine(s),
      h('span', { class: 'card-meta' },
        s.unit_name ? h('span', {}, t('sugg_unit', { unit: pick(s.unit_name) })) : null,
        s.reports.length ? h('span', {}, t('sugg_reports_n', { n: s.reports.length })) : null,
        h('span', {}, t('sugg_updated', { when: formatDateTime(s.updated_at) })))));
}

export function suggestionsView(app) {
  const state = { items: null, error: null };
  let disposed = false;

  async function load() {
    try {
      state.items = (await app.session.call('/api/v1/me/suggestions')).items;
      state.error = null;
    } catch (err) {
      state.error = err;
    }
    render();
  }

  function render() {
    if (disposed) return;
    app.setTitle(t('sugg_title'));
    fill(app.main,
      dutyNav('suggestions'),
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('sugg_title')),
      h('p', { class: 'hint' }, t('sugg_intro')),
      app.takeFlash(),
      h('div', { class: 'actions' }, h('a', { class: 'btn primary wide', id: 'sugg-new', href: '#/suggestions/new' }, t('sugg_new'))),
      state.error ? problemNotice(state.error, { id: 'sugg-problem' }) : null,
      state.items === null && !state.error ? h('p', { class: 'loading', role: 'status' }, t('loading')) : null,
      state.items ? [
        h('p', { class: 'hint', id: 'sugg-count' }, t('sugg_count', { n: state.items.length })),
        state.items.length
          ? h('ul', { class: 'cards', id: 'sugg-list' }, state.items.map(card))
          : h('p', { class: 'empty', id: 'sugg-none' }, t('sugg_none')),
      ] : null);
    app.main.dataset.state = state.error ? 'problem' : state.items ? 'ready' : 'loading';
  }

  return {
    start() {
      render();
      return load();
    },
    render,
    dispose() {
      disposed = true;
    },
  };
}
