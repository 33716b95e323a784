// One deputy's year in the points archive (`GET /api/v1/deputies/{code}/archive?year=`): the total, the points by
// rule, and every point with its date, rule, source (an activity, a reception day, a report by its tracking code,
// a suggestion, a report-back: the ones the console has pages for are links) and points. The same tables make
// the deputy's one-page record (成绩单) on a report-back's page (report-back-page.js).

import { h, fill } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { RULES, ruleName, sourceName, pointsText, dayText } from './duty-format.js';
import { yearPicker, scrolling } from './archive.js';

/** Where the console shows a point's source, by its kind (none for reports: their page is by id). */
const SOURCE_PAGES = { activity: 'activities', suggestion: 'suggestions', report_back: 'report-backs' };


/**
 * The tables of a deputy's year: points by rule, then every entry. `id` prefixes the elements' ids; `links`
 * makes sources with a console page links.
 */
export function archiveTables(a, { id, links = true }) {
  const rules = [...RULES.filter((r) => a.by_rule[r]), ...Object.keys(a.by_rule).filter((r) => !RULES.includes(r))];
  const byRule = rules.length
    ? h('table', { class: 'table compact', id: `${id}-rules` },
      h('caption', {}, t('arc_by_rule')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('arc_col_rule')), h('th', { scope: 'col', class: 'num' }, t('arc_col_count')), h('th', { scope: 'col', class: 'num' }, t('arc_col_points')))),
      h('tbody', {}, rules.map((r) => h('tr', { 'data-rule': r },
        h('th', { scope: 'row' }, ruleName(r)), h('td', { class: 'num' }, String(a.by_rule[r].count)), h('td', { class: 'num' }, pointsText(a.by_rule[r].points))))),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', colspan: '2' }, t('arc_col_total')), h('td', { class: 'num', id: `${id}-total` }, h('strong', {}, String(a.total))))))
    : h('p', { class: 'empty', id: `${id}-no-points` }, t('arc_no_points'));
  const source = (e) => {
    const page = SOURCE_PAGES[e.source];
    const label = h('span', { class: e.source === 'report' ? 'code' : 'user-text' }, e.label);
    return [sourceName(e.source), t('arc_source_sep'), links && page ? h('a', { href: `#/${page}/${e.source_id}`, class: 'target-link' }, label) : label];
  };
  const entries = a.entries.length
    ? scrolling(t('arc_entries'), h('table', { class: 'table compact', id: `${id}-entries` },
      h('caption', {}, t('arc_entries_n', { n: a.entries.length })),
      h('thead', {}, h('tr', {}, ['arc_col_date', 'arc_col_rule', 'arc_col_source'].map((k) => h('th', { scope: 'col' }, t(k))), h('th', { scope: 'col', class: 'num' }, t('arc_col_points')))),
      h('tbody', {}, a.entries.map((e) => h('tr', { 'data-rule': e.rule, 'data-source': e.source },
        h('td', { class: 'nowrap' }, h('time', { datetime: e.at }, dayText(e.at))),
        h('td', {}, ruleName(e.rule)),
        h('td', {}, source(e)),
        h('td', { class: 'num' }, pointsText(e.points)))))))
    : h('p', { class: 'hint', id: `${id}-no-entries` }, t('arc_no_entries'));
  return [byRule, entries];
}

export function archiveDeputyView(app, { year, deputy }) {
  const state = { a: null, error: null };
  let disposed = false;

  async function load() {
    try {
      state.a = await app.session.call(`/api/v1/deputies/${encodeURIComponent(deputy)}/archive?year=${year}`);
      state.error = null;
    } catch (err) {
      state.error = err;
    }
    render();
  }

  function render(focusId = null) {
    if (disposed) return;
    const a = state.a;
    const heading = a ? t('arc_deputy_heading', { name: pick(a.name), code: a.deputy, year: a.year }) : t('arc_heading');
    app.setTitle(heading);
    app.main.dataset.state = a ? 'ready' : state.error ? 'problem' : 'loading';
    fill(app.main,
      h('nav', { class: 'crumbs', 'aria-label': t('crumbs_label') }, h('a', { href: `#/archive/${year}`, id: 'back' }, t('arc_back'))),
      h('h1', { id: 'view-heading', tabindex: '-1' }, heading),
      yearPicker('deputy-year', year, (y) => app.go(`#/archive/${y}/${encodeURIComponent(deputy)}`)),
      state.error ? problemNotice(state.error, { id: 'deputy-archive-problem' }) : null,
      a ? [
        h('p', { class: 'archive-total', id: 'deputy-total' }, t('arc_total_line', { total: a.total, version: a.rules_version })),
        archiveTables(a, { id: 'deputy-archive' }),
      ] : (state.error ? null : h('p', { class: 'loading', role: 'status' }, t('loading'))));
    if (focusId) focusOn(focusId);
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
