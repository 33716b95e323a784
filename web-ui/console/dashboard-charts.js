// The dashboard's charts, drawn by Apache ECharts (web-ui/shared/vendor/echarts, loaded as an ES module the
// first time a chart is drawn) on canvas: the three rates, reports by week, and reports by a grouping
// (closed and not closed, stacked). Each chart sits beside a table with the same numbers, so its box is
// hidden from screen readers; labels and tooltips are text or DOM elements built with `h`, never HTML
// strings (ECharts would set those with innerHTML, and the page's policy refuses inline styles in them).

import { h } from '/ui/shared/dom.js';
import { t, getLang } from '/ui/shared/i18n.js';

const ECHARTS = '/ui/shared/vendor/echarts/echarts.esm.min.js';
const BLUE = '#0b4f9c';
const ORANGE = '#b35c00';
const PALE = '#8fb3dc';
const TEXT = '#1a1a1a';
const ROW = 30;

let library = null;
/** The ECharts module, imported once. */
export function echartsModule() {
  library ??= import(ECHARTS).catch((err) => {
    library = null;
    throw err;
  });
  return library;
}

/** An empty box a chart is drawn into, `rows` bars high (or `height` px), hidden from screen readers. */
export function chartBox(id, { rows = 0, height = 0 } = {}) {
  const box = h('div', { class: 'chart-box', id, 'aria-hidden': 'true', 'data-drawn': 'false' });
  box.style.height = `${height || rows * ROW + 70}px`;
  return box;
}

/** Reports not closed in `figures` (`open` from the server; worked out from the statuses without it). */
export function openOf(figures) {
  if (Number.isFinite(figures?.open)) return figures.open;
  return (figures?.received ?? 0) - (figures?.by_status?.closed ?? 0);
}

/** A tooltip as DOM: the axis label in bold, then one line per series. */
function tooltip(params) {
  const list = Array.isArray(params) ? params : [params];
  if (!list.length) return h('div', {});
  return h('div', { class: 'chart-tip' },
    h('strong', {}, list[0].name),
    list.map((p) => h('div', {}, `${p.seriesName}${getLang() === 'en' ? ': ' : '：'}${p.value}`)));
}

const base = () => ({
  animation: false,
  // ECharts 6 fits the axis labels inside each grid's box with outerBounds (containLabel is its old way).
  textStyle: { color: TEXT, fontFamily: 'system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif' },
  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: tooltip, className: 'chart-tip-box' },
});

/** The three rates as bars from 0 to 100 %, each labelled with its numerator and denominator. */
export function ratesOption(total) {
  const names = ['response', 'resolution', 'satisfaction'];
  const rates = names.map((n) => total[n]);
  const label = (r) => (r.denominator ? `${(r.value * 100).toFixed(1)}% (${r.numerator}/${r.denominator})${r.small_sample ? ` · ${t('dash_small_sample_short')}` : ''}` : '—');
  return {
    ...base(),
    grid: { left: 8, right: 200, top: 10, bottom: 30, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: names.map((n) => t(`dash_rate_${n}`)) },
    series: [{
      type: 'bar',
      name: t('dash_rates'),
      barMaxWidth: 26,
      data: rates.map((r) => ({ value: r.denominator ? Number((r.value * 100).toFixed(1)) : 0, itemStyle: { color: r.small_sample ? PALE : BLUE } })),
      label: { show: true, position: 'right', color: TEXT, formatter: (p) => label(rates[p.dataIndex]) },
    }],
  };
}

/** Reports received each week (bars) and those of them not closed yet (a line). */
export function weeksOption(weeks) {
  return {
    ...base(),
    legend: { top: 0, data: [t('dash_received'), t('dash_open')] },
    grid: { left: 8, right: 16, top: 36, bottom: 10, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'category', data: weeks.map((w) => w.monday.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', name: t('dash_received'), data: weeks.map((w) => w.received), itemStyle: { color: BLUE }, barMaxWidth: 40 },
      { type: 'line', name: t('dash_open'), data: weeks.map((w) => w.open), itemStyle: { color: ORANGE }, lineStyle: { color: ORANGE, width: 3 }, symbolSize: 8 },
    ],
  };
}

/** One bar per group, largest first: closed and not closed stacked, the total received written at the end. */
export function groupOption(rows) {
  return {
    ...base(),
    legend: { top: 0, data: [t('dash_closed'), t('dash_open')] },
    grid: { left: 8, right: 40, top: 36, bottom: 10, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label), axisLabel: { width: 150, overflow: 'truncate' } },
    series: [
      { type: 'bar', name: t('dash_closed'), stack: 'all', data: rows.map((r) => r.received - r.open), itemStyle: { color: BLUE }, barMaxWidth: 24 },
      {
        type: 'bar', name: t('dash_open'), stack: 'all', data: rows.map((r) => r.open), itemStyle: { color: ORANGE }, barMaxWidth: 24,
        label: { show: true, position: 'right', color: TEXT, formatter: (p) => String(rows[p.dataIndex].received) },
      },
    ],
  };
}

/**
 * The charts of one rendering of the page: `draw(box, option)` draws into a box once the library has loaded
 * (unless the box left the page meanwhile), `dispose()` lets go of every chart (before the page is drawn
 * again, or when the view closes).
 */
export function chartSet() {
  let charts = [];
  let observer = null;
  let gone = false;
  return {
    async draw(box, option) {
      const echarts = await echartsModule();
      if (gone || !box.isConnected) return false;
      const chart = echarts.init(box, null, { renderer: 'canvas', locale: getLang() === 'en' ? 'EN' : 'ZH' });
      charts.push(chart);
      observer ??= new ResizeObserver((entries) => entries.forEach((e) => echarts.getInstanceByDom(e.target)?.resize()));
      observer.observe(box);
      const finished = new Promise((resolve) => chart.on('finished', resolve));
      chart.setOption(option);
      await finished;
      box.dataset.drawn = 'true';
      return true;
    },
    dispose() {
      gone = true;
      observer?.disconnect();
      for (const chart of charts) chart.dispose();
      charts = [];
    },
  };
}
