// 我的积分 (#/points, #/points/{year}): the deputy's year in the points archive (`GET /api/v1/me/archive?year=`):
// the year's total, the totals per rule (the rules named in words, /ui/shared/points.js), and every entry with its
// source (a report or a suggestion opens from it); a year picker; and the printable one-page record (成绩单,
// #/points/{year}/print): the totals per rule on one sheet, with print styles that leave out the page's controls.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice } from '/ui/shared/ui.js';
import { ruleTable, entryList, signedPoints } from '/ui/shared/points.js';
import { dutyNav } from './duty-nav.js';

const FIRST_YEAR = 2000;
const YEARS_OFFERED = 5;

/** This year in China (the archive's years are local years). */
export function thisYear() {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
}

/**
 * A year picker with its button (`{prefix}-year`, `{prefix}-year-go`): the `years` offered, `wanted` chosen,
 * `go(year)` when one is asked for.
 */
export function yearForm(prefix, years, wanted, go) {
  const select = h('select', { id: `${prefix}-year`, class: 'select', name: 'year' },
    years.map((y) => h('option', { value: String(y), selected: y === wanted }, String(y))));
  return h('form', { class: 'year-form', id: `${prefix}-year-form`, onsubmit: (e) => {
    e.preventDefault();
    go(select.value);
  } },
  h('label', { for: `${prefix}-year` }, t('points_year')),
  h('div', { class: 'code-add' }, select, h('button', { type: 'submit', class: 'btn', id: `${prefix}-year-go` }, t('points_show_year'))));
}

function sourceLink(entry) {
  if (entry.source === 'report') return `#/reports/${entry.source_id}`;
  if (entry.source === 'suggestion') return `#/suggestions/${entry.source_id}`;
  return null;
}

/** `params.year`: the year asked for (this year when none); `params.print`: the one-page record. */
export function pointsView(app, { year = null, print = false } = {}) {
  const current = thisYear();
  const wanted = year ?? current;
  const state = { archive: null, error: null };
  let disposed = false;

  async function load() {
    try {
      state.archive = await app.session.call(`/api/v1/me/archive?year=${encodeURIComponent(wanted)}`);
      state.error = null;
    } catch (err) {
      state.error = err;
    }
    render();
  }

  function yearPicker() {
    const years = [];
    for (let y = current; y >= Math.max(FIRST_YEAR, current - YEARS_OFFERED + 1); y--) years.push(y);
    if (!years.includes(wanted) && wanted >= FIRST_YEAR && wanted <= current) years.push(wanted);
    return yearForm('points', years, wanted, (y) => app.go(`#/points/${y}`));
  }

  function summary(a) {
    return h('div', { class: 'points-summary', id: 'points-summary' },
      h('p', { class: 'points-total-label' }, t('points_total', { year: a.year })),
      h('p', { class: 'points-total', id: 'points-total', 'data-total': String(a.total) }, signedPoints(a.total)),
      h('p', { class: 'hint', id: 'points-rules' }, t('points_rules_version', { version: a.rules_version })));
  }

  function archivePage() {
    const a = state.archive;
    return [
      dutyNav('points'),
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('points_title')),
      h('p', { class: 'hint' }, t('points_intro')),
      app.takeFlash(),
      yearPicker(),
      state.error ? problemNotice(state.error, { id: 'points-problem', overrides: { invalid_query: 'points_year_invalid' } }) : null,
      !a && !state.error ? h('p', { class: 'loading', role: 'status' }, t('loading')) : null,
      a ? [
        summary(a),
        h('div', { class: 'actions' }, h('a', { class: 'btn', id: 'points-print-open', href: `#/points/${a.year}/print` }, t('points_print_open'))),
        ruleTable(a),
        a.entries.length ? [h('h2', {}, t('points_entries')), entryList(a, { link: sourceLink })] : null,
      ] : null,
    ];
  }

  function printPage() {
    const a = state.archive;
    return [
      h('div', { class: 'no-print' },
        h('p', { class: 'crumb' }, h('a', { class: 'back', id: 'points-print-back', href: `#/points/${wanted}` }, `‹ ${t('points_print_back')}`)),
        h('p', { class: 'hint' }, t('points_print_hint')),
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary wide', id: 'points-print', disabled: !a, onclick: () => window.print() }, t('points_print_do')))),
      h('article', { class: 'record-sheet', id: 'record-sheet', 'aria-labelledby': 'view-heading' },
        h('h1', { id: 'view-heading', tabindex: '-1' }, t('points_print_title', { year: wanted })),
        state.error ? problemNotice(state.error, { id: 'points-problem', overrides: { invalid_query: 'points_year_invalid' } }) : null,
        !a && !state.error ? h('p', { class: 'loading', role: 'status' }, t('loading')) : null,
        a ? [
          h('p', { class: 'record-deputy', id: 'record-deputy' }, t('points_print_deputy', { name: pick(a.name), code: a.deputy })),
          summary(a),
          ruleTable(a),
          h('p', { class: 'hint record-made' }, t('points_print_made', { when: formatDateTime(new Date().toISOString()) })),
        ] : null),
    ];
  }

  function render() {
    if (disposed) return;
    app.setTitle(print ? t('points_print_title', { year: wanted }) : t('points_title'));
    fill(app.main, print ? printPage() : archivePage());
    app.main.dataset.state = state.error ? 'problem' : state.archive ? 'ready' : 'loading';
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
