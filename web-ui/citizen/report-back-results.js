// A report-back's results as residents read them (述职评议结果): how many rated, how many were satisfied, mostly
// satisfied and not satisfied, the share satisfied or mostly satisfied, a word of caution under 10 votes, and
// the voters' comments as text. Shown on a published session's page (report-back.js) and on the results board
// (results.js: `GET /api/v1/results/report-backs?station=`, the sessions the committee published).

import { h } from '/ui/shared/dom.js';
import { request } from '/ui/shared/api.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';

const VERDICTS = ['satisfied', 'mostly', 'not_satisfied'];

/** The published results: counts, the satisfied share, caution when few voted, and the comments. */
export function resultsBox(results, { id = null } = {}) {
  if (!results) return null;
  const share = results.satisfaction === null || results.satisfaction === undefined ? '—' : `${Math.round(results.satisfaction * 100)}%`;
  return h('div', { class: 'vote-results', id, 'data-total': String(results.total) },
    h('p', { class: 'label' }, t('vote_results_total', { n: results.total })),
    h('div', { class: 'rates' }, VERDICTS.map((v) => h('div', { class: 'rate', 'data-verdict': v },
      h('span', { class: 'rate-value' }, String(results[v] ?? 0)),
      h('span', { class: 'rate-name' }, t(`verdict_${v}`))))),
    h('p', { class: 'vote-share', 'data-satisfaction': share }, `${t('vote_results_satisfaction')}：`, h('strong', {}, share)),
    results.small_sample ? h('p', { class: 'muted small-sample' }, t('vote_results_small')) : null,
    results.comments?.length ? [
      h('p', { class: 'label' }, t('vote_results_comments')),
      h('ul', { class: 'vote-comments' }, results.comments.map((c) => h('li', { class: 'user-text' }, c))),
    ] : null);
}

function sessionCard(s) {
  return h('li', { class: 'card report-back-result', 'data-id': s.id },
    h('span', { class: 'card-top' },
      h('span', { class: 'card-category' }, t('vote_deputy', { name: pick(s.deputy_name) })),
      s.published_at ? h('span', { class: 'card-meta' }, t('vote_published_at', { when: formatDateTime(s.published_at) })) : null),
    h('span', { class: 'card-title user-text' }, s.title),
    resultsBox(s.results),
    h('a', { class: 'btn', href: `#/report-back/${s.id}` }, t('vote_open_record')));
}

/** The published report-backs of `station` (every station's when null), or null when they cannot be had. */
export async function loadReportBacks(station) {
  try {
    const query = station ? `?station=${encodeURIComponent(station)}` : '';
    return (await request(`/api/v1/results/report-backs${query}`)).items ?? [];
  } catch {
    // The board works without them.
    return null;
  }
}

/** The results board's section for `items` (from loadReportBacks); nothing when they could not be had. */
export function reportBackSection(items) {
  if (!items) return null;
  return h('section', { class: 'panel', id: 'report-back-results', 'aria-labelledby': 'report-back-results-title' },
    h('h2', { id: 'report-back-results-title' }, t('results_report_backs')),
    h('p', { class: 'hint' }, t('results_report_backs_hint')),
    items.length
      ? h('ul', { class: 'cards', id: 'report-back-list' }, items.map(sessionCard))
      : h('p', { class: 'empty', id: 'report-back-none' }, t('results_report_backs_none')));
}
