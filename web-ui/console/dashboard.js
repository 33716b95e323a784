// The dashboard (数据看板), from GET /api/v1/stats so its numbers are the API's, for a period (this month by
// default) and the station in use: one call for every grouping (week, category, grid, deputy, unit, channel)
// with the total. It shows the three rates (响应率, 解决率, 满意率) with numerator, denominator and a
// small-sample warning in words; reports received, not closed and answered on time; reports by week; a map of
// the grids shaded by reports not closed (dashboard-map.js); bars by category, deputy, handling unit and channel
// (dashboard-charts.js, ECharts), each beside a table of the same numbers (what screen readers read); and the
// 明白账 downloads (dashboard-exports.js). Loads that finish after the view closed or a newer load began draw
// nothing; `main[data-drawn]` turns `true` once every chart and the map are drawn.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { localDate, rateText, channelName } from './format.js';
import { chartBox, chartSet, ratesOption, weeksOption, groupOption, openOf, echartsModule } from './dashboard-charts.js';
import { gridRows, mapSection, drawMap, leaflet } from './dashboard-map.js';
import { exportsPanel } from './dashboard-exports.js';

// The dashboard's styles, added when the dashboard is first opened (other sections never need them).
const stylesheet = h('link', { rel: 'stylesheet', href: '/console/dashboard.css', id: 'dashboard-css' });
/** Settles once the styles are in (the map needs its box's size before it is drawn). */
const styled = new Promise((resolve) => {
  stylesheet.addEventListener('load', resolve);
  stylesheet.addEventListener('error', resolve);
});
document.head.append(stylesheet);

/** Every grouping the page asks for, one call each. */
const GROUPINGS = ['week', 'category', 'grid', 'deputy', 'unit', 'channel'];
/** The groupings drawn as bars beside a table. */
const BARS = ['category', 'deputy', 'unit', 'channel'];
const DAY = 86400000;
const RATES = ['response', 'resolution', 'satisfaction'];
/** At most this many bars a chart. */
const CHART_ROWS = 20;

/** The Mondays of the weeks from `from` to `to` (local dates), each `YYYY-MM-DD`. */
export function mondays(from, to) {
  const noon = (d) => new Date(`${d}T12:00:00Z`);
  const start = noon(from);
  start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  const out = [];
  for (let d = start; d <= noon(to) && out.length < 600; d = new Date(d.getTime() + 7 * DAY)) out.push(d.toISOString().slice(0, 10));
  return out;
}

export function dashboardView(app) {
  const today = localDate();
  const state = { from: `${today.slice(0, 8)}01`, to: today, stats: null, error: null, names: null, directory: undefined, settings: null };
  let disposed = false;
  let turn = 0;
  let drawing = null; // { charts, map } of the page on screen
  const exports = exportsPanel(app, { isDisposed: () => disposed });

  const stats = (query) => app.session.call(`/api/v1/stats?${new URLSearchParams({ ...query, ...(app.station ? { station: app.station } : {}) })}`);

  /** What names the groups: categories (anyone may read), the directory (staff and administrators; the
   * committee draws codes and no map), the map's tile source. Loaded once per visit. */
  async function loadNames() {
    if (state.names) return;
    const [categories, directory, settings] = await Promise.all([
      app.session.call('/api/v1/categories'),
      app.session.call('/api/v1/directory').catch((err) => (err.status === 403 ? null : Promise.reject(err))),
      app.session.call('/api/v1/ui-settings').catch(() => ({ map: { tile_url: null, attribution: null, max_zoom: 18 } })),
    ]);
    state.names = {
      category: new Map(categories.items.map((c) => [c.code, c.name])),
      deputy: new Map((directory?.deputies ?? []).map((d) => [d.code, d.name])),
      unit: new Map((directory?.handling_units ?? []).map((u) => [u.code, u.name])),
    };
    state.directory = directory;
    state.settings = settings;
  }

  async function load() {
    const mine = ++turn;
    state.error = null;
    state.stats = null;
    render();
    try {
      const period = { from: state.from, to: state.to };
      // One call for every grouping: the server reads the period's reports once.
      const [answer] = await Promise.all([stats({ ...period, group_by: GROUPINGS.join(',') }), loadNames()]);
      if (disposed || mine !== turn) return;
      state.stats = Object.fromEntries(GROUPINGS.map((g) => [g, { ...answer, groups: answer.groupings[g] ?? [] }]));
    } catch (err) {
      if (disposed || mine !== turn) return;
      state.error = err;
    }
    render();
  }

  function groupName(group, key) {
    if (key === 'unassigned') return t('dash_unassigned');
    if (group === 'channel') return channelName(key);
    const name = state.names?.[group]?.get(key);
    return name ? `${pick(name)}${group === 'deputy' ? `（${key}）` : ''}` : key;
  }

  function rateCard(name, rate) {
    return h('div', { class: 'rate-card', id: `rate-${name}`, 'data-numerator': rate.numerator, 'data-denominator': rate.denominator, 'data-small-sample': String(rate.small_sample) },
      h('h3', {}, t(`dash_rate_${name}`)),
      h('p', { class: 'rate-value' }, rateText(rate)),
      h('p', { class: 'hint' }, t(`dash_rate_${name}_def`)),
      rate.small_sample ? h('p', { class: 'tag small-sample' }, t('dash_small_sample')) : null);
  }

  function groupRows(group) {
    return (state.stats[group]?.groups ?? []).map((g) => ({ key: g.key, label: groupName(group, g.key), figures: g.figures, received: g.figures.received, open: openOf(g.figures) }))
      .sort((a, b) => b.received - a.received || a.key.localeCompare(b.key));
  }

  function groupTable(group, rows) {
    return h('table', { class: 'table compact', id: `table-${group}` },
      h('caption', { class: 'visually-hidden' }, t(`dash_by_${group}`)),
      h('thead', {}, h('tr', {}, [t('dash_col_group'), t('dash_col_received'), t('dash_col_open'), ...RATES.map((r) => t(`dash_rate_${r}`))].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((r) => h('tr', { 'data-key': r.key },
        h('th', { scope: 'row' }, r.label, r.figures.small_sample ? h('span', { class: 'tag' }, t('dash_small_sample_short')) : null),
        h('td', { class: 'num received' }, String(r.received)),
        h('td', { class: 'num open' }, String(r.open)),
        RATES.map((n) => h('td', {}, rateText(r.figures[n])))))));
  }

  function groupSection(group, boxes) {
    const rows = groupRows(group);
    // The chart keeps to the largest groups (a city has hundreds of deputies); the table lists every one.
    const drawn = rows.slice(0, CHART_ROWS);
    const box = rows.length ? chartBox(`chart-${group}`, { rows: drawn.length }) : null;
    if (box) boxes.push([box, groupOption(drawn)]);
    return h('section', { class: 'panel', 'aria-labelledby': `by-${group}-title`, id: `by-${group}` },
      h('h2', { id: `by-${group}-title` }, t(`dash_by_${group}`)),
      rows.length > CHART_ROWS ? h('p', { class: 'hint' }, t('dash_chart_top', { n: CHART_ROWS })) : null,
      rows.length ? [box, groupTable(group, rows)] : h('p', { class: 'empty' }, t('dash_none')));
  }

  function weeksSection(boxes) {
    const byMonday = new Map((state.stats.week?.groups ?? []).map((g) => [g.key, g.figures]));
    const weeks = mondays(state.stats.week.from, state.stats.week.to).map((monday) => {
      const f = byMonday.get(monday);
      return { monday, received: f?.received ?? 0, open: f ? openOf(f) : 0 };
    });
    const box = chartBox('chart-weeks', { height: 300 });
    boxes.push([box, weeksOption(weeks)]);
    return h('section', { class: 'panel', 'aria-labelledby': 'weeks-title', id: 'weeks' },
      h('h2', { id: 'weeks-title' }, t('dash_weeks')),
      h('p', { class: 'hint' }, t('dash_weeks_hint')),
      box,
      h('table', { class: 'table compact', id: 'table-weeks' },
        h('caption', { class: 'visually-hidden' }, t('dash_weeks')),
        h('thead', {}, h('tr', {}, [t('dash_col_week'), t('dash_col_received'), t('dash_col_open')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, weeks.map((w) => h('tr', { 'data-key': w.monday },
          h('th', { scope: 'row' }, w.monday), h('td', { class: 'num received' }, String(w.received)), h('td', { class: 'num open' }, String(w.open)))))));
  }

  function periodForm() {
    const preset = (from, to) => () => { state.from = from; state.to = to; load(); };
    return h('form', { class: 'period', id: 'period-form', 'aria-label': t('dash_period_legend'), onsubmit: (e) => { e.preventDefault(); load(); } },
      h('div', { class: 'inline-fields' },
        h('div', { class: 'field' }, h('label', { for: 'period-from' }, t('dash_from')), h('input', { type: 'date', id: 'period-from', value: state.from, oninput: (e) => { state.from = e.target.value; } })),
        h('div', { class: 'field' }, h('label', { for: 'period-to' }, t('dash_to')), h('input', { type: 'date', id: 'period-to', value: state.to, oninput: (e) => { state.to = e.target.value; } }))),
      h('div', { class: 'actions tight' },
        h('button', { type: 'submit', class: 'btn primary small', id: 'period-apply' }, t('dash_apply')),
        h('button', { type: 'button', class: 'btn small', id: 'period-month', onclick: preset(`${today.slice(0, 8)}01`, today) }, t('dash_month')),
        h('button', { type: 'button', class: 'btn small', id: 'period-year', onclick: preset(`${today.slice(0, 5)}01-01`, today) }, t('dash_year'))));
  }

  function content(boxes) {
    const first = state.stats.week;
    const total = first.total;
    const rows = gridRows({ directory: state.directory, station: app.station, groups: state.stats.grid?.groups ?? [], openOf });
    const ratesBox = chartBox('chart-rates', { rows: 3 });
    boxes.push([ratesBox, ratesOption(total)]);
    return [
      h('p', { class: 'hint', id: 'period-shown' }, t('dash_shown', { from: first.from, to: first.to, station: app.station || t('dash_all_stations') })),
      h('section', { class: 'panel', 'aria-labelledby': 'rates-title', id: 'rates' },
        h('h2', { id: 'rates-title' }, t('dash_rates')),
        h('div', { class: 'rate-cards' }, RATES.map((r) => rateCard(r, total[r]))),
        ratesBox,
        h('dl', { class: 'facts', id: 'totals' },
          h('div', {}, h('dt', {}, t('dash_received')), h('dd', { id: 'total-received' }, String(total.received))),
          h('div', {}, h('dt', {}, t('dash_open')), h('dd', { id: 'total-open' }, String(openOf(total)))),
          h('div', {}, h('dt', {}, t('dash_on_time')), h('dd', { id: 'total-on-time' }, rateText(total.on_time))),
          h('div', {}, h('dt', {}, t('dash_median_answer')), h('dd', {}, total.median_hours_to_first_answer === null || total.median_hours_to_first_answer === undefined
            ? t('rate_none') : t('dash_hours', { n: total.median_hours_to_first_answer.toFixed(1) }))))),
      weeksSection(boxes),
      mapSection({ rows, settings: state.settings }),
      h('div', { class: 'group-grid' }, BARS.map((g) => groupSection(g, boxes))),
    ];
  }

  /** Draws the charts and the map of the page just put on screen; marks `main` when all are drawn. */
  async function drawAll(boxes, mine) {
    const charts = chartSet();
    const now = { charts, map: null };
    drawing = now;
    const stillWanted = () => !disposed && drawing === now;
    const box = document.getElementById('grid-map');
    const rows = box ? gridRows({ directory: state.directory, station: app.station, groups: state.stats.grid?.groups ?? [], openOf }) : [];
    try {
      await styled;
      await Promise.all([
        ...boxes.map(([b, option]) => charts.draw(b, option)),
        box ? drawMap(box, { rows, settings: state.settings, stillWanted }).then((map) => {
          if (map && !stillWanted()) map.remove();
          else now.map = map;
        }) : null,
      ]);
    } catch (err) {
      if (stillWanted() && mine === turn) {
        app.main.dataset.drawn = 'failed';
        app.main.append(problemNotice(err, { id: 'charts-problem' }));
      }
      return;
    }
    if (stillWanted() && mine === turn) app.main.dataset.drawn = 'true';
  }

  function undraw() {
    drawing?.charts.dispose();
    drawing?.map?.remove();
    drawing = null;
  }

  function render(focusId = null) {
    if (disposed) return;
    undraw();
    app.setTitle(t('dash_title'));
    const ready = Boolean(state.stats);
    app.main.dataset.state = ready ? 'ready' : state.error ? 'problem' : 'loading';
    app.main.dataset.drawn = 'false';
    const boxes = [];
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('dash_title')),
      periodForm(),
      state.error ? problemNotice(state.error, { id: 'dashboard-problem' }) : null,
      ready ? content(boxes) : (state.error ? null : h('p', { class: 'loading', role: 'status' }, t('loading'))),
      ready ? exports.element() : null);
    if (ready) drawAll(boxes, turn);
    if (focusId) focusOn(focusId);
  }

  return {
    start() {
      // The libraries download while the figures are read (a failure shows when a chart is drawn).
      echartsModule().catch(() => {});
      leaflet().catch(() => {});
      return load();
    },
    render: () => render(),
    dispose() {
      disposed = true;
      undraw();
      delete app.main.dataset.drawn;
    },
  };
}
