// The year-end report's sections (year-end.js), each a table of the numbers `GET /api/v1/year-end/{year}` gives,
// nothing computed here: reports with their rates (numerator/denominator, the small-sample flag in words, as the
// dashboard shows them), reports by station, activities and attendance, reception days, review opinions,
// suggestions and report-backs with their ratings, every deputy's points, and the plan's tasks. Every number's
// cell names where it comes from (`data-figure`, a path into the JSON), so the page can be checked against it.

import { h } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { rateText } from './format.js';
import { kindName } from './activity-format.js';
import { satisfactionText } from './report-backs.js';
import { standingBadge, ownerText, dueText } from './plan.js';

const RATES = ['response', 'resolution', 'satisfaction', 'on_time'];
const small = (flag) => (flag ? h('span', { class: 'tag small-sample-tag' }, t('dash_small_sample_short')) : null);

/** A count's cell. */
const count = (path, value) => h('td', { class: 'num', 'data-figure': path, 'data-kind': 'count' }, String(value));

/** A rate's cell: `83.3%（25/30）` and the small-sample flag in words. */
function rate(path, r) {
  return h('td', { 'data-figure': path, 'data-kind': 'rate', 'data-numerator': String(r.numerator), 'data-denominator': String(r.denominator), 'data-small-sample': String(r.small_sample) },
    rateText(r), small(r.small_sample));
}

/** Ratings or votes: the share satisfied (and mostly), with the flag. */
function rating(path, r) {
  return h('td', { 'data-figure': path, 'data-kind': 'rating', 'data-total': String(r.total), 'data-small-sample': String(r.small_sample) },
    satisfactionText(r), small(r.small_sample));
}

function hours(path, value) {
  const none = value === null || value === undefined;
  return h('td', { class: 'num', 'data-figure': path, 'data-kind': 'hours', 'data-value': none ? '' : String(value) }, none ? t('rate_none') : t('dash_hours', { n: value.toFixed(1) }));
}

/** A section: its heading and a table of `[label, cell]` rows. */
function section(name, rows, ...more) {
  return h('section', { class: 'panel ye-section', id: `ye-${name}`, 'aria-labelledby': `ye-${name}-title` },
    h('h2', { id: `ye-${name}-title` }, t(`ye_${name}`)),
    h('table', { class: 'table compact ye-table', id: `ye-${name}-table` },
      h('caption', { class: 'visually-hidden' }, t(`ye_${name}`)),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('ye_col_item')), h('th', { scope: 'col', class: 'num' }, t('ye_col_value')))),
      h('tbody', {}, rows.map(([label, cell]) => h('tr', {}, h('th', { scope: 'row' }, label), cell)))),
    more);
}

function reports(r) {
  return section('reports', [
    [t('ye_received'), count('reports.received', r.received)],
    [t('ye_open'), count('reports.open', r.open)],
    ...RATES.map((name) => [t(`ye_rate_${name}`), rate(`reports.${name}`, r[name])]),
    [t('ye_median_answer'), hours('reports.median_hours_to_first_answer', r.median_hours_to_first_answer)],
    [t('ye_median_close'), hours('reports.median_hours_to_close', r.median_hours_to_close)],
  ], r.small_sample ? h('p', { class: 'tag small-sample', id: 'ye-reports-small' }, t('dash_small_sample')) : null);
}

/** The report's rows by station, each named in the page's language. */
function byStation(list) {
  if (!list.length) return null;
  const named = (row) => pick(row.name);
  return h('section', { class: 'panel ye-section ye-wide', id: 'ye-stations', 'aria-labelledby': 'ye-stations-title' },
    h('h2', { id: 'ye-stations-title' }, t('ye_stations')),
    h('table', { class: 'table compact ye-table', id: 'ye-stations-table' },
        h('caption', { class: 'visually-hidden' }, t('ye_stations')),
        h('thead', {}, h('tr', {}, [t('ye_col_station'), t('ye_received'), t('ye_open'), ...RATES.map((n) => t(`ye_rate_${n}`))].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, list.map((s, i) => h('tr', { 'data-station': s.station },
          h('th', { scope: 'row' }, `${named(s)}（${s.station}）`),
          count(`reports_by_station.${i}.figures.received`, s.figures.received),
          count(`reports_by_station.${i}.figures.open`, s.figures.open),
          RATES.map((n) => rate(`reports_by_station.${i}.figures.${n}`, s.figures[n])))))));
}

function activities(a) {
  return section('activities', [
    [t('ye_held'), count('activities.held', a.held)],
    ...a.held_by_kind.map((k, i) => [h('span', { class: 'sub' }, kindName(k.kind)), count(`activities.held_by_kind.${i}.held`, k.held)]),
    [t('ye_planned'), count('activities.planned', a.planned)],
    [t('ye_cancelled'), count('activities.cancelled', a.cancelled)],
    [t('ye_attendances'), count('activities.attendances', a.attendances)],
    [t('ye_present'), count('activities.present', a.present)],
    [t('ye_excused'), count('activities.excused', a.excused)],
    [t('ye_absent'), count('activities.absent', a.absent)],
    [t('ye_unrecorded'), count('activities.unrecorded', a.unrecorded)],
  ]);
}

function reception(r) {
  return section('reception', [
    [t('ye_reception_held'), count('reception.held', r.held)],
    [t('ye_duties'), count('reception.duties', r.duties)],
    [t('ye_absences'), count('reception.absences', r.absences)],
    [t('ye_kept'), count('reception.kept', r.kept)],
  ]);
}

function opinions(o) {
  return section('opinions', ['sent', 'closed', 'items', 'items_closed', 'items_closed_on_time', 'items_overdue']
    .map((key) => [t(`ye_op_${key}`), count(`opinions.${key}`, o[key])]));
}

const ratingRows = (path, r) => [
  ...['satisfied', 'mostly', 'not_satisfied', 'total'].map((key) => [h('span', { class: 'sub' }, t(`ye_rating_${key}`)), count(`${path}.${key}`, r[key])]),
  [h('span', { class: 'sub' }, t('ye_rating_share')), rating(path, r)],
];

function suggestions(s) {
  return section('suggestions', [
    ...['submitted', 'answered', 'answered_on_time', 'overdue', 'rehandled'].map((key) => [t(`ye_sg_${key}`), count(`suggestions.${key}`, s[key])]),
    [t('ye_sg_ratings'), h('td', {})],
    ...ratingRows('suggestions.ratings', s.ratings),
  ]);
}

function reportBacks(r) {
  return section('report_backs', [
    [t('ye_rb_held'), count('report_backs.held', r.held)],
    [t('ye_rb_published'), count('report_backs.published', r.published)],
    [t('ye_rb_votes'), h('td', {})],
    ...ratingRows('report_backs.votes', r.votes),
  ]);
}

function points(list) {
  return h('section', { class: 'panel ye-section ye-wide', id: 'ye-points', 'aria-labelledby': 'ye-points-title' },
    h('h2', { id: 'ye-points-title' }, t('ye_points')),
    list.length ? h('table', { class: 'table compact ye-table', id: 'ye-points-table' },
      h('caption', { class: 'visually-hidden' }, t('ye_points')),
      h('thead', {}, h('tr', {}, [t('ye_col_deputy'), t('ye_col_stations'), t('ye_col_points'), t('ye_col_rules')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, list.map((d, i) => h('tr', { 'data-deputy': d.deputy },
        h('th', { scope: 'row' }, `${pick(d.name)}（${d.deputy}）`),
        h('td', {}, d.stations.join('、')),
        count(`points.${i}.total`, d.total),
        h('td', { class: 'code' }, d.rules_version))))) : h('p', { class: 'empty' }, t('ye_no_points')));
}

function plan(p, tasks) {
  return h('section', { class: 'panel ye-section ye-wide', id: 'ye-plan', 'aria-labelledby': 'ye-plan-title' },
    h('h2', { id: 'ye-plan-title' }, t('ye_plan')),
    h('table', { class: 'table compact ye-table', id: 'ye-plan-table' },
      h('caption', { class: 'visually-hidden' }, t('ye_plan')),
      h('thead', {}, h('tr', {}, ['total', 'done_on_time', 'done_late', 'overdue', 'open', 'dropped'].map((key) => h('th', { scope: 'col' }, key === 'total' ? t('ye_plan_total') : t(`plan_standing_${key}`))))),
      h('tbody', {}, h('tr', {}, ['total', 'done_on_time', 'done_late', 'overdue', 'open', 'dropped'].map((key) => count(`plan.${key}`, p[key]))))),
    tasks.length ? h('table', { class: 'table compact ye-table', id: 'ye-tasks-table' },
      h('caption', {}, t('ye_tasks')),
      h('thead', {}, h('tr', {}, ['plan_col_due', 'plan_col_task', 'plan_col_owner', 'plan_col_standing', 'plan_col_note'].map((key) => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, tasks.map((task) => h('tr', { 'data-id': task.id, 'data-standing': task.standing },
        h('td', { class: 'nowrap' }, dueText(task.due_on)),
        h('th', { scope: 'row', class: 'user-text' }, task.title),
        h('td', {}, ownerText(task)),
        h('td', {}, standingBadge(task)),
        h('td', { class: 'user-text' }, task.note || '—'))))) : h('p', { class: 'empty' }, t('ye_no_tasks')));
}

/** Every section of report `r`, in the order of the printed page. */
export function yearEndSections(r) {
  return [
    h('div', { class: 'ye-grid' }, reports(r.reports), activities(r.activities), reception(r.reception), opinions(r.opinions), suggestions(r.suggestions), reportBacks(r.report_backs)),
    byStation(r.reports_by_station),
    points(r.points),
    plan(r.plan, r.tasks),
  ];
}
