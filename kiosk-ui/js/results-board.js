// The station as 「宣传站」: on the attract screen, the station's three rates over the last year and, in turn, the
// answered reports residents let be shown (GET /api/v1/results: no names, phone numbers or places), one at a
// time. Everything is text as sent. Fetched when the attract screen is entered (at most every few minutes);
// `?results_every=ms` shortens the turn (for the tests).

import { api } from './api.js';
import { h } from './dom.js';
import { state, params } from './state.js';
import { t, pick, addStrings } from './i18n.js';

addStrings({
  zh: {
    results_title: '办理公示',
    results_rates: '本站近一年',
    results_rate_response: '响应率',
    results_rate_resolution: '解决率',
    results_rate_satisfaction: '满意率',
    results_small: '样本少',
    results_answer: '答复：',
    results_none: '尚无可公示的答复',
  },
  en: {
    results_title: 'Results',
    results_rates: 'This station, last 12 months',
    results_rate_response: 'Response',
    results_rate_resolution: 'Resolution',
    results_rate_satisfaction: 'Satisfaction',
    results_small: 'few reports',
    results_answer: 'Answer: ',
    results_none: 'No answers to show yet',
  },
});

const TURN_MS = Number(params.get('results_every')) || 8000;
const MAX_AGE_MS = 5 * 60 * 1000;
const board = { data: null, loadedAt: 0, index: 0, timer: null, loading: false };

function rate(name, r) {
  const value = r.denominator ? `${Math.round(r.value * 1000) / 10}%（${r.numerator}/${r.denominator}）` : '—';
  return h('span', { class: 'result-rate', 'data-rate': name },
    `${t(`results_rate_${name}`)} ${value}`, r.small_sample && r.denominator ? `（${t('results_small')}）` : '');
}

/** The panel as it stands: the rates, and the report whose turn it is. Hidden until something was fetched. */
export function resultsPanel() {
  const data = board.data;
  if (!data) return h('section', { id: 'results', hidden: true });
  const station = data.stations[0];
  const items = data.items || [];
  const item = items.length ? items[board.index % items.length] : null;
  return h('section', { class: 'results', id: 'results', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title' }, t('results_title')),
    station ? h('p', { class: 'result-rates' }, `${t('results_rates')}：`,
      rate('response', station.response), '　', rate('resolution', station.resolution), '　',
      rate('satisfaction', station.satisfaction)) : null,
    item
      ? h('p', { class: 'result-item', 'data-index': String(board.index % items.length) },
        h('strong', {}, `【${pick(item.category.name)}】`), item.title || item.description,
        h('br'), h('span', { class: 'result-answer' }, t('results_answer'), item.answer))
      : h('p', { class: 'result-item' }, t('results_none')));
}

function paint() {
  document.getElementById('results')?.replaceWith(resultsPanel());
}

/** Fetches the board when it is older than a few minutes (or was never fetched); keeps the last one on failure. */
export async function loadResults() {
  if (board.loading || !state.stationCode || Date.now() - board.loadedAt < MAX_AGE_MS) return;
  board.loading = true;
  try {
    board.data = await api.results(state.stationCode);
    board.loadedAt = Date.now();
    board.index = 0;
    paint();
  } catch {
    // The attract screen works without it.
  } finally {
    board.loading = false;
  }
}

/** Turns to the next report every few seconds while the attract screen shows; stops elsewhere. */
export function startTurning() {
  stopTurning();
  board.timer = setInterval(() => {
    if (state.view.name !== 'attract') return stopTurning();
    board.index += 1;
    paint();
  }, TURN_MS);
}

export function stopTurning() {
  if (board.timer) clearInterval(board.timer);
  board.timer = null;
}
