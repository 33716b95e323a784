// The points archive (积分档案) of the station: for a year (the current one unless picked), each deputy's total
// and points by rule (`GET /api/v1/stations/{code}/archive?year=`), the rule names in words, each deputy a link
// to every point with its source (archive-deputy.js); and the same table as a CSV file (`?format=csv`), fetched
// with the session's token and saved through an object URL (the token never goes into an address). Staff and
// the committee read it alike.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { RULES, ruleName, pointsText, fetchFile, saveResponse, doneNotice } from './duty-format.js';
import { localDate } from './format.js';

const FIRST_YEAR = 2000;
export const thisYear = () => Number(localDate().slice(0, 4));

/** The year picker: `onPick(year)` when another is chosen; the years from `last` (this one unless told) back. */
export function yearPicker(id, year, onPick, { last = thisYear() } = {}) {
  const years = [];
  for (let y = last; y >= FIRST_YEAR; y -= 1) years.push(y);
  return h('div', { class: 'field year-pick no-print' },
    h('label', { for: id }, t('arc_year')),
    h('select', { id, onchange: (e) => onPick(Number(e.target.value)) }, years.map((y) => h('option', { value: String(y), selected: y === year }, t('arc_year_n', { year: y })))));
}

/** A table that may be wider than the page: it scrolls sideways inside a focusable region. */
export function scrolling(label, table) {
  return h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': label }, table);
}

export function archiveView(app, { year: wanted = null }) {
  const year = wanted || thisYear();
  const state = { data: null, error: null, busy: false, done: null, problem: null };
  let disposed = false;
  const station = () => encodeURIComponent(app.station);

  async function load() {
    if (!app.station) {
      state.data = { year, items: [] };
      render();
      return;
    }
    try {
      state.data = await app.session.call(`/api/v1/stations/${station()}/archive?year=${year}`);
      state.error = null;
    } catch (err) {
      state.error = err;
    }
    render();
  }

  async function download() {
    state.busy = true;
    state.done = null;
    state.problem = null;
    render();
    try {
      const response = await fetchFile(app.session, `/api/v1/stations/${station()}/archive?year=${year}&format=csv`);
      if (disposed) return;
      const name = await saveResponse(response, `points-${app.station}-${year}.csv`);
      state.done = t('arc_csv_done', { file: name });
    } catch (err) {
      state.problem = err;
    }
    state.busy = false;
    render(state.problem ? 'archive-csv-problem' : 'archive-csv-done');
  }

  function table(items) {
    if (!items.length) return h('p', { class: 'empty', id: 'archive-none' }, t('arc_none'));
    // Only the rules that gave or cost anyone points this year get a column.
    const used = RULES.filter((rule) => items.some((d) => d.by_rule[rule]));
    const extra = Object.keys(Object.assign({}, ...items.map((d) => d.by_rule))).filter((rule) => !RULES.includes(rule));
    const rules = [...used, ...extra];
    const caption = t('arc_caption', { year });
    return scrolling(caption, h('table', { class: 'table archive-table', id: 'archive-table' },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('arc_col_deputy')),
        h('th', { scope: 'col', class: 'num' }, t('arc_col_total')),
        rules.map((rule) => h('th', { scope: 'col', class: 'num', 'data-rule': rule }, ruleName(rule))),
        h('th', { scope: 'col' }, t('arc_col_rules_version')))),
      h('tbody', {}, items.map((d) => h('tr', { 'data-deputy': d.deputy },
        h('th', { scope: 'row' }, h('a', { href: `#/archive/${year}/${encodeURIComponent(d.deputy)}`, class: 'row-link' }, `${pick(d.name)}（${d.deputy}）`)),
        h('td', { class: 'num total', 'data-total': String(d.total) }, h('strong', {}, String(d.total))),
        rules.map((rule) => {
          const tally = d.by_rule[rule];
          return h('td', { class: 'num', 'data-rule': rule },
            tally ? [pointsText(tally.points), h('span', { class: 'muted count' }, t('arc_times', { n: tally.count }))] : '—');
        }),
        h('td', { class: 'code' }, d.rules_version))))));
  }

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(t('nav_archive'));
    app.main.dataset.state = state.data ? 'ready' : state.error ? 'problem' : 'loading';
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('arc_heading')),
      h('p', { class: 'hint' }, t('arc_intro')),
      app.takeFlash(),
      h('div', { class: 'inline-fields archive-tools' },
        yearPicker('archive-year', year, (y) => app.go(`#/archive/${y}`)),
        app.station ? h('div', { class: 'actions tight' },
          h('button', { type: 'button', class: 'btn', id: 'archive-csv', 'aria-busy': state.busy ? 'true' : null, disabled: state.busy, onclick: download }, t('arc_csv'))) : null),
      doneNotice('archive-csv-done', state.done),
      state.problem ? problemNotice(state.problem, { id: 'archive-csv-problem' }) : null,
      state.error ? problemNotice(state.error, { id: 'archive-problem' }) : null,
      state.data ? table(state.data.items) : (state.error ? null : h('p', { class: 'loading', role: 'status' }, t('loading'))));
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
