// 公示, the results board (#/results or #/results/{station}, GET /api/v1/results, public): each station's three
// rates (responded, resolved, satisfied) with their numerators and denominators and a word of caution when the
// sample is small, then the answered or closed reports whose citizens allowed it — no names, phones or addresses;
// photos only when allowed; and the deputies' report-backs whose results the committee published
// (report-back-results.js). Everything a citizen or official wrote is put on the page as text.

import { h, fill } from '/ui/shared/dom.js';
import { request } from '/ui/shared/api.js';
import { t, pick } from '/ui/shared/i18n.js';
import * as data from './data.js';
import { loadReportBacks, reportBackSection } from './report-back-results.js';

const RATES = ['response', 'resolution', 'satisfaction'];

function rateBox(name, rate) {
  const value = rate?.value === null || rate?.value === undefined ? '—' : `${Math.round(rate.value * 100)}%`;
  return h('div', { class: 'rate', 'data-rate': name },
    h('span', { class: 'rate-value' }, value),
    h('span', { class: 'rate-name' }, t(`rate_${name}`)),
    h('span', { class: 'rate-count' }, t('rate_of', { n: rate?.numerator ?? 0, d: rate?.denominator ?? 0 })),
    rate?.small_sample ? h('span', { class: 'rate-count small-sample' }, t('rate_small_sample')) : null);
}

function item(r) {
  return h('li', { class: 'card result' },
    h('span', { class: 'card-top' }, h('span', { class: 'card-category' }, pick(r.category?.name)),
      r.verdict ? h('span', { class: 'status-chip' }, t(`verdict_${r.verdict}`)) : null),
    r.area ? h('span', { class: 'card-meta' }, pick(r.area)) : null,
    r.title ? h('span', { class: 'card-title user-text' }, r.title) : null,
    h('p', { class: 'user-text result-text' }, r.description),
    h('div', { class: 'reply' }, h('p', { class: 'label' }, t('track_answer')), h('p', { class: 'user-text result-answer' }, r.answer)),
    r.photos?.length ? h('ul', { class: 'photos result-photos' }, r.photos.map((p, i) => h('li', {},
      h('a', { href: p.display_url, target: '_blank', rel: 'noopener' }, h('img', { src: p.thumb_url, alt: t('photo_n', { n: i + 1 }), loading: 'lazy' }))))) : null,
    h('span', { class: 'card-meta' }, t('result_dates', { from: r.submitted_on, to: r.answered_on || r.closed_on || '—' })));
}

export function resultsView(app, params) {
  let disposed = false;
  let board = null;
  let items = [];
  let next = null;
  let problem = null;
  let more = false;
  let reportBacks = null;
  const station = params.code || data.chosenStation();

  async function load(before = null) {
    const query = new URLSearchParams({ limit: '20' });
    if (station) query.set('station', station);
    if (before) query.set('before', before);
    try {
      const page = await request(`/api/v1/results?${query}`);
      if (disposed) return;
      board = board ?? page;
      items = before ? [...items, ...(page.items ?? [])] : (page.items ?? []);
      next = page.next ?? null;
      problem = null;
    } catch (err) {
      if (disposed) return;
      problem = err;
    }
    more = false;
    render();
  }

  function render() {
    if (disposed) return;
    app.setTitle(t('results_title'));
    const heading = h('h1', { id: 'view-heading', tabindex: '-1' }, t('results_title'));
    if (!board) {
      fill(app.main, heading, problem ? [app.problem(problem, { id: 'results-problem', role: null }),
        h('button', { type: 'button', class: 'btn', id: 'retry', onclick: () => load() }, t('retry'))]
        : h('p', { class: 'loading', role: 'status' }, t('loading')));
      return;
    }
    fill(app.main, heading,
      h('p', { class: 'hint' }, t('results_hint')),
      (board.stations ?? []).map((s) => h('section', { class: 'panel', 'data-station': s.code, 'aria-label': pick(s.name) },
        h('h2', {}, pick(s.name)),
        h('p', { class: 'muted' }, t('results_period', { from: s.from, to: s.to, n: s.received })),
        h('div', { class: 'rates' }, RATES.map((name) => rateBox(name, s[name]))))),
      reportBackSection(reportBacks),
      h('h2', {}, t('results_items')),
      items.length ? h('ul', { class: 'cards', id: 'results' }, items.map(item)) : h('p', { class: 'empty', id: 'no-results' }, t('results_none')),
      problem ? app.problem(problem, { id: 'results-problem' }) : null,
      next ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn wide', id: 'results-more', disabled: more,
        onclick: () => { more = true; render(); load(next); } }, t('results_more'))) : null);
    app.main.dataset.state = 'ready';
  }

  async function loadSessions() {
    const found = await loadReportBacks(station);
    if (disposed) return;
    reportBacks = found;
    if (board) render();
  }

  return { render, async start() { render(); await Promise.all([load(), loadSessions()]); }, dispose() { disposed = true; } };
}
