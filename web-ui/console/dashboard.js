// The dashboard (数据看板), from `GET /api/v1/stats` only, so its numbers are the API's: for a period (this month
// by default) and the station in use, the three rates (响应率, 解决率, 满意率) each with its numerator and
// denominator and a warning in words when fewer than 10 reports count; reports received and on time; the
// received count week by week (eight weeks to the period's end, one call a week); and the figures by
// category, deputy, handling unit and channel. Charts are plain SVG built with DOM calls (bars with their
// numbers written on them), each beside a table with the same numbers, which is what screen readers read.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { localDate, rateText } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const GROUPS = ['category', 'deputy', 'unit', 'channel'];
const DAY = 86400000;

function svg(tag, attributes = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, String(value));
  for (const child of children) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
}

/** A horizontal bar chart: one bar per `[label, value]`, the value written at the bar's end. Hidden from
 * screen readers: the table beside it says the same. */
function bars(rows, { id }) {
  const max = Math.max(1, ...rows.map(([, v]) => v));
  const rowHeight = 26;
  const labelWidth = 150;
  const width = 520;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${rows.length * rowHeight + 4}`, class: 'chart', id, 'aria-hidden': 'true', focusable: 'false' });
  rows.forEach(([label, value], i) => {
    const y = i * rowHeight + 2;
    const w = Math.round(((width - labelWidth - 50) * value) / max);
    chart.append(
      svg('text', { x: labelWidth - 6, y: y + 17, 'text-anchor': 'end', class: 'chart-label' }, label.length > 12 ? `${label.slice(0, 11)}…` : label),
      svg('rect', { x: labelWidth, y: y + 4, width: Math.max(w, 1), height: rowHeight - 8, class: 'chart-bar' }),
      svg('text', { x: labelWidth + w + 6, y: y + 17, class: 'chart-value' }, String(value)));
  });
  return chart;
}

function addDays(date, n) {
  return localDate(new Date(new Date(`${date}T12:00:00+08:00`).getTime() + n * DAY));
}

export function dashboardView(app) {
  const today = localDate();
  const state = { from: `${today.slice(0, 8)}01`, to: today, total: null, groups: {}, weeks: null, error: null, names: null };

  const stats = (query) => app.session.call(`/api/v1/stats?${new URLSearchParams({ ...query, ...(app.station ? { station: app.station } : {}) })}`);

  async function load() {
    state.error = null;
    state.total = null;
    render();
    try {
      const period = { from: state.from, to: state.to };
      const weekEnds = Array.from({ length: 8 }, (_, i) => addDays(state.to, -7 * (7 - i)));
      const [total, ...rest] = await Promise.all([
        stats(period),
        ...GROUPS.map((g) => stats({ ...period, group_by: g })),
        ...weekEnds.map((end) => stats({ from: addDays(end, -6), to: end })),
        state.names ? null : app.session.call('/api/v1/categories'),
      ]);
      state.total = total;
      GROUPS.forEach((g, i) => { state.groups[g] = rest[i].groups; });
      state.weeks = weekEnds.map((end, i) => ({ from: addDays(end, -6), to: end, received: rest[GROUPS.length + i].total.received }));
      const categories = rest[GROUPS.length + weekEnds.length];
      if (categories) state.names = new Map(categories.items.map((c) => [c.code, c.name]));
    } catch (err) {
      state.error = err;
    }
    render();
  }

  function groupName(group, key) {
    if (key === 'unassigned') return t('unassigned');
    if (group === 'category' && state.names?.has(key)) return pick(state.names.get(key));
    if (group === 'channel') return t(`channel_${key}`);
    return key;
  }

  function rateCard(name, rate) {
    return h('div', { class: 'rate-card', id: `rate-${name}`, 'data-numerator': rate.numerator, 'data-denominator': rate.denominator },
      h('h3', {}, t(`rate_${name}`)),
      h('p', { class: 'rate-value' }, rateText(rate)),
      h('p', { class: 'hint' }, t(`rate_${name}_def`)),
      rate.small_sample ? h('p', { class: 'tag small-sample' }, t('small_sample')) : null);
  }

  function groupSection(group) {
    const rows = (state.groups[group] || []).slice().sort((a, b) => b.figures.received - a.figures.received);
    return h('section', { class: 'panel', 'aria-labelledby': `by-${group}-title`, id: `by-${group}` },
      h('h2', { id: `by-${group}-title` }, t(`stats_by_${group}`)),
      rows.length ? [
        bars(rows.map((r) => [groupName(group, r.key), r.figures.received]), { id: `chart-${group}` }),
        h('table', { class: 'table compact', id: `table-${group}` },
          h('caption', { class: 'visually-hidden' }, t(`stats_by_${group}`)),
          h('thead', {}, h('tr', {}, [t('col_group'), t('col_received'), t('rate_response'), t('rate_resolution'), t('rate_satisfaction')].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, rows.map((r) => h('tr', { 'data-key': r.key },
            h('th', { scope: 'row' }, groupName(group, r.key), r.figures.small_sample ? h('span', { class: 'tag' }, t('small_sample_short')) : null),
            h('td', { class: 'num' }, String(r.figures.received)),
            h('td', {}, rateText(r.figures.response)), h('td', {}, rateText(r.figures.resolution)), h('td', {}, rateText(r.figures.satisfaction)))))),
      ] : h('p', { class: 'empty' }, t('stats_none')));
  }

  function weeks() {
    if (!state.weeks) return null;
    return h('section', { class: 'panel', 'aria-labelledby': 'weeks-title', id: 'weeks' },
      h('h2', { id: 'weeks-title' }, t('stats_weeks')),
      bars(state.weeks.map((w) => [`${w.from.slice(5)}～${w.to.slice(5)}`, w.received]), { id: 'chart-weeks' }),
      h('table', { class: 'table compact', id: 'table-weeks' },
        h('caption', { class: 'visually-hidden' }, t('stats_weeks')),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('col_week')), h('th', { scope: 'col' }, t('col_received')))),
        h('tbody', {}, state.weeks.map((w) => h('tr', {}, h('th', { scope: 'row' }, `${w.from} ～ ${w.to}`), h('td', { class: 'num' }, String(w.received)))))));
  }

  function periodForm() {
    const preset = (from, to) => () => { state.from = from; state.to = to; load(); };
    return h('form', { class: 'period', id: 'period-form', onsubmit: (e) => { e.preventDefault(); load(); } },
      h('div', { class: 'inline-fields' },
        h('div', { class: 'field' }, h('label', { for: 'period-from' }, t('period_from')), h('input', { type: 'date', id: 'period-from', value: state.from, oninput: (e) => { state.from = e.target.value; } })),
        h('div', { class: 'field' }, h('label', { for: 'period-to' }, t('period_to')), h('input', { type: 'date', id: 'period-to', value: state.to, oninput: (e) => { state.to = e.target.value; } }))),
      h('div', { class: 'actions tight' },
        h('button', { type: 'submit', class: 'btn primary small', id: 'period-apply' }, t('period_apply')),
        h('button', { type: 'button', class: 'btn small', id: 'period-month', onclick: preset(`${today.slice(0, 8)}01`, today) }, t('period_month')),
        h('button', { type: 'button', class: 'btn small', id: 'period-year', onclick: preset(`${today.slice(0, 5)}01-01`, today) }, t('period_year'))));
  }

  function render(focusId = null) {
    app.setTitle(t('nav_dashboard'));
    app.main.dataset.state = state.total ? 'ready' : 'loading';
    const total = state.total?.total;
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('dashboard_title')),
      periodForm(),
      state.error ? problemNotice(state.error, { id: 'dashboard-problem' }) : null,
      total ? [
        h('p', { class: 'hint', id: 'period-shown' }, t('period_shown', { from: state.total.from, to: state.total.to, station: app.station || t('all_stations') })),
        h('h2', { id: 'rates-title' }, t('rates_title')),
        h('div', { class: 'rate-cards', role: 'group', 'aria-labelledby': 'rates-title' }, rateCard('response', total.response), rateCard('resolution', total.resolution), rateCard('satisfaction', total.satisfaction)),
        h('dl', { class: 'facts', id: 'totals' },
          h('div', {}, h('dt', {}, t('stats_received')), h('dd', { id: 'total-received' }, String(total.received))),
          h('div', {}, h('dt', {}, t('stats_on_time')), h('dd', { id: 'total-on-time' }, rateText(total.on_time))),
          h('div', {}, h('dt', {}, t('stats_median_answer')), h('dd', {}, total.median_hours_to_first_answer === null ? t('rate_none') : t('hours', { n: total.median_hours_to_first_answer.toFixed(1) })))),
        weeks(),
        h('div', { class: 'group-grid' }, GROUPS.map(groupSection)),
      ] : (state.error ? null : h('p', { class: 'loading', role: 'status' }, t('loading'))));
    if (focusId) focusOn(focusId);
  }

  return {
    async start() {
      await load();
    },
    render: () => render(),
  };
}
