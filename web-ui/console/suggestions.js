// Deputies' suggestions (议案建议) reviewed at the station (`GET /api/v1/stations/{code}/suggestions`): those
// waiting for the quality review first, then those the station is to submit or follow up with the organ, then
// the rest; each with its deputy, where it stands, the organ it went to and its deadline (an overdue badge in
// words). Deputies write them on their workbench; each opens its page here (suggestion-page.js).

import { h, fill } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { problemNotice } from '/ui/shared/ui.js';
import { dueBadge } from './duty-format.js';
import { shortDateTime } from './format.js';

/** The statuses in the order the list shows them: what waits for the station first. */
export const SUGGESTION_ORDER = ['in_review', 'approved', 'submitted', 'rehandling', 'answered', 'revising', 'draft', 'closed'];
export const suggestionStatusName = (status) => t(`sg_status_${status}`);
/** Whether the organ's answer is being waited for (a deadline runs). */
export const awaitingAnswer = (s) => s.status === 'submitted' || s.status === 'rehandling';

/** `items` by status (in the order above), newest first within a status. */
export function bySuggestionStatus(items) {
  const rank = (s) => {
    const i = SUGGESTION_ORDER.indexOf(s.status);
    return i < 0 ? SUGGESTION_ORDER.length : i;
  };
  return items.map((s, i) => [s, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([s]) => s);
}

export function suggestionsView(app) {
  const state = { items: null, error: null };
  let disposed = false;
  let turn = 0;

  async function load() {
    const mine = ++turn;
    if (!app.station) {
      state.items = [];
      render();
      return;
    }
    try {
      const list = await app.session.call(`/api/v1/stations/${encodeURIComponent(app.station)}/suggestions`);
      if (disposed || mine !== turn) return;
      state.items = bySuggestionStatus(list.items);
      state.error = null;
    } catch (err) {
      if (disposed || mine !== turn) return;
      state.error = err;
      state.items = state.items || [];
    }
    render();
  }

  function table(items) {
    if (!items.length) return h('p', { class: 'empty', id: 'suggestions-none' }, t('sg_none'));
    return h('table', { class: 'table', id: 'suggestions-table' },
      h('caption', { class: 'visually-hidden' }, t('sg_caption')),
      h('thead', {}, h('tr', {}, ['sg_col_title', 'sg_col_deputy', 'sg_col_status', 'sg_col_unit', 'sg_col_due', 'sg_col_updated'].map((key) => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, items.map((s) => h('tr', { 'data-id': s.id, 'data-status': s.status, 'data-overdue': s.overdue ? 'true' : 'false' },
        h('th', { scope: 'row' }, h('a', { href: `#/suggestions/${s.id}`, class: 'row-link user-text' }, s.title)),
        h('td', { class: 'nowrap' }, `${pick(s.deputy_name)}（${s.deputy}）`),
        h('td', { class: 'nowrap' }, h('span', { class: `duty-status duty-status-${s.status}` }, suggestionStatusName(s.status))),
        h('td', {}, s.unit_name ? pick(s.unit_name) : '—'),
        h('td', {}, awaitingAnswer(s) ? dueBadge(s.due_at, s.overdue) : '—'),
        h('td', { class: 'nowrap' }, h('time', { datetime: s.updated_at }, shortDateTime(s.updated_at)))))));
  }

  function render() {
    if (disposed) return;
    app.setTitle(t('nav_suggestions'));
    app.main.dataset.state = state.items === null ? 'loading' : 'ready';
    const waiting = (state.items || []).filter((s) => s.status === 'in_review').length;
    const late = (state.items || []).filter((s) => s.overdue).length;
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('sg_heading')),
      h('p', { class: 'hint' }, t('sg_intro'), app.handles ? null : ` ${t('sg_read_only')}`),
      app.takeFlash(),
      state.error ? problemNotice(state.error, { id: 'suggestions-problem' }) : null,
      state.items === null ? h('p', { class: 'loading', role: 'status' }, t('loading')) : [
        h('p', { id: 'suggestions-summary' }, t('sg_summary', { waiting, late })),
        table(state.items),
      ]);
  }

  return {
    async start() {
      render();
      await load();
    },
    render: () => render(),
    dispose() {
      disposed = true;
    },
  };
}
