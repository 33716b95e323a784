// One report as staff assess it (`GET /api/v1/reports/{id}`), used by triage and by the report page a staff
// notice opens: the citizen's words and photos (text only), the place (area and building), where it came from,
// routing's suggestion and its reason, the timeline; the station's deputies with their current load
// (`/stations/{code}/workload`); likely duplicates (`/reports/{id}/similar`), each comparable side by side with
// a one-click merge (并案); and the steps (actions.js). Everything a citizen typed is shown as text.

import { h } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice } from '/ui/shared/ui.js';
import { deadlineBadge, statusName, outcomeName, channelName } from './format.js';
import { createActions } from './actions.js';

export function createPanel(app, { id, rerender, changed = () => {} }) {
  const state = { report: null, error: null, similar: null, others: 0, workload: null, compare: null, compareError: null };
  const path = `/api/v1/reports/${id}`;

  const actions = createActions(app, {
    id,
    report: () => state.report,
    workload: () => state.workload,
    similar: () => state.similar || [],
    updated(report) {
      state.report = report;
      state.compare = null;
      changed(report);
      loadSide();
    },
    rerender,
  });

  // The view's `rerender` draws nothing once the view is gone; these keep an older load that finishes after a
  // newer one (a live update, a step) from putting back what it read.
  let loads = 0;
  let sides = 0;

  async function load() {
    const mine = ++loads;
    try {
      const report = await app.session.call(path);
      if (mine !== loads) return;
      state.report = report;
      state.error = null;
    } catch (err) {
      if (mine !== loads) return;
      state.error = err;
    }
    rerender();
    if (state.report) await loadSide();
  }

  async function loadSide() {
    const mine = ++sides;
    const station = state.report?.station?.code || app.station;
    const [similar, workload] = await Promise.all([
      app.session.call(`${path}/similar`).catch(() => null),
      station ? app.session.call(`/api/v1/stations/${encodeURIComponent(station)}/workload`).catch(() => null) : null,
    ]);
    if (mine !== sides) return;
    state.similar = similar ? similar.items : [];
    state.others = similar ? similar.others : 0;
    state.workload = workload ? workload.items : null;
    rerender();
  }

  async function compare(item) {
    state.compareError = null;
    try {
      state.compare = await app.session.call(`/api/v1/reports/${item.id}`);
    } catch (err) {
      state.compare = null;
      state.compareError = err;
    }
    rerender('compare-heading');
  }

  function fact(label, value, idName) {
    if (value === null || value === undefined || value === '') return null;
    return h('div', {}, h('dt', {}, label), h('dd', { id: idName }, value));
  }

  function place(r) {
    const parts = [];
    if (r.place?.area) parts.push(pick(r.place.area.name));
    if (r.place?.building) parts.push(`${r.place.building.name}（${r.place.building.address}）`);
    return parts.join(' · ');
  }

  function facts(r, prefix = '') {
    return h('dl', { class: 'facts' },
      fact(t('fact_status'), [statusName(r.status), r.outcome ? `（${outcomeName(r.outcome)}）` : ''], `${prefix}status`),
      fact(t('fact_deadline'), deadlineBadge(r), `${prefix}deadline`),
      r.progress?.urgency ? fact(t('fact_urgent'), t('urgent_hours', { accept: r.progress.urgency.accept_hours, answer: r.progress.urgency.answer_hours }), `${prefix}urgent`) : null,
      fact(t('fact_submitted'), formatDateTime(r.submitted_at), `${prefix}submitted`),
      fact(t('fact_channel'), channelName(r.channel), `${prefix}channel`),
      fact(t('fact_station'), r.station ? pick(r.station.name) : null, `${prefix}station`),
      fact(t('fact_place'), place(r), `${prefix}place`),
      fact(t('fact_address'), r.address ? h('span', { class: 'user-text' }, r.address) : null, `${prefix}address`),
      fact(t('fact_contact'), r.anonymous ? t('anonymous') : [r.contact?.name || '', r.contact?.phone ? ` ${r.contact.phone}` : ''].join('').trim() || t('not_given'), `${prefix}contact`),
      r.filed_by ? fact(t('fact_filed_by'), t('filed_by', { name: r.filed_by.name || r.filed_by.kind }), `${prefix}filed-by`) : null,
      r.routing?.deputy ? fact(t('fact_deputy'), `${pick(r.routing.deputy.name)}（${r.routing.deputy.code}）`, `${prefix}deputy`) : null,
      r.progress?.handling_unit ? fact(t('fact_unit'), pick(r.progress.handling_unit.name), `${prefix}unit`) : null,
      r.progress?.extension_pending_days ? fact(t('fact_extension'), t('extension_days', { n: r.progress.extension_pending_days }), `${prefix}extension`) : null,
      r.progress?.merged_into ? fact(t('fact_merged_into'), h('a', { href: `#/reports/${r.progress.merged_into}` }, t('open_report')), `${prefix}merged`) : null);
  }

  function routing(r) {
    if (!r.routing) return null;
    return h('section', { class: 'panel routing', 'aria-labelledby': 'routing-title', id: 'routing' },
      h('h3', { id: 'routing-title' }, t('routing_title')),
      h('p', { id: 'routing-suggestion' }, r.routing.state === 'assigned'
        ? t('routing_assigned', { deputy: r.routing.deputy ? pick(r.routing.deputy.name) : t('nobody') })
        : t('routing_triage')),
      h('p', { class: 'hint', id: 'routing-reason' }, t('routing_reason', { reason: pick(r.routing.reason) })));
  }

  function photos(r) {
    if (!r.photos?.length) return null;
    return h('ul', { class: 'photos', id: 'photo-list', 'aria-label': t('photos_label') }, r.photos.map((p, i) => h('li', {},
      h('a', { href: p.display_url, target: '_blank', rel: 'noopener noreferrer' },
        h('img', { src: p.thumb_url, alt: t(p.source === 'unit_reply' ? 'photo_unit_alt' : 'photo_alt', { n: i + 1 }), width: '160', height: '120', loading: 'lazy' })))));
  }

  function workloadTable() {
    if (!state.workload || !app.handles) return null;
    return h('section', { class: 'panel', 'aria-labelledby': 'load-title', id: 'workload' },
      h('h3', { id: 'load-title' }, t('load_title')),
      h('table', { class: 'table compact', id: 'load-table' },
        h('caption', { class: 'visually-hidden' }, t('load_title')),
        h('thead', {}, h('tr', {}, [t('col_deputy'), t('col_open'), t('col_overdue'), t('col_last_assigned'), t('col_actions')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, state.workload.map((d) => h('tr', { 'data-deputy': d.code },
          h('th', { scope: 'row' }, `${pick(d.name)}（${d.code}）`, d.status === 'on_leave' ? h('span', { class: 'tag' }, t('on_leave')) : null),
          h('td', { class: 'num' }, String(d.open_reports)),
          h('td', { class: 'num' }, String(d.overdue_reports)),
          h('td', {}, d.last_assigned_at ? formatDateTime(d.last_assigned_at) : '—'),
          h('td', {}, actions.canAssign() ? h('button', { type: 'button', class: 'btn small', id: `assign-to-${d.code}`, onclick: () => actions.open('assign', { deputy: d.code }) }, t('assign_to')) : null))))));
  }

  function similar(r) {
    if (state.similar === null) return h('p', { class: 'hint' }, t('loading'));
    const items = state.similar.filter((s) => s.id !== r.id);
    return h('section', { class: 'panel', 'aria-labelledby': 'similar-title', id: 'similar' },
      h('h3', { id: 'similar-title' }, t('similar_title', { n: items.length })),
      items.length ? h('ul', { class: 'similar-list' }, items.map((s) => h('li', { class: 'similar', 'data-id': s.id },
        h('p', {}, h('a', { href: `#/reports/${s.id}`, class: 'code-link' }, s.tracking_code), ' · ', pick(s.category.name), ' · ', statusName(s.status)),
        s.title ? h('p', { class: 'user-text' }, s.title) : null,
        h('p', { class: 'hint' }, t('similar_why', { score: Math.round(s.score * 100), text: Math.round(s.text_similarity * 100) }),
          s.distance_m !== null && s.distance_m !== undefined ? t('similar_distance', { m: Math.round(s.distance_m) }) : ''),
        h('div', { class: 'actions tight' },
          h('button', { type: 'button', class: 'btn small', id: `compare-${s.id}`, onclick: () => compare(s) }, t('compare')),
          actions.canMerge() ? h('button', { type: 'button', class: 'btn small primary', id: `merge-into-${s.id}`, onclick: () => actions.merge(s) }, t('merge_into')) : null)))) : h('p', { class: 'empty' }, t('similar_none')),
      state.others ? h('p', { class: 'hint' }, t('similar_others', { n: state.others })) : null,
      state.compareError ? problemNotice(state.compareError, { id: 'compare-problem' }) : null,
      state.compare ? comparison(r, state.compare) : null);
  }

  function comparison(r, other) {
    const column = (report, which) => h('div', { class: 'compare-col', id: `compare-${which}` },
      h('h4', {}, t(which === 'this' ? 'compare_this' : 'compare_that'), ' ', report.tracking_code),
      h('p', { class: 'user-text description' }, report.description),
      facts(report, `${which}-`));
    return h('section', { class: 'compare', 'aria-labelledby': 'compare-heading' },
      h('h4', { id: 'compare-heading', tabindex: '-1' }, t('compare_title')),
      h('div', { class: 'compare-grid' }, column(r, 'this'), column(other, 'that')),
      h('div', { class: 'actions' },
        actions.canMerge() ? h('button', { type: 'button', class: 'btn primary', id: 'merge-compared', onclick: () => actions.merge(other) }, t('merge_this_into', { code: other.tracking_code })) : null,
        h('button', { type: 'button', class: 'btn', id: 'compare-close', onclick: () => { state.compare = null; rerender('similar-title'); } }, t('compare_close'))));
  }

  function timeline(r) {
    return h('details', { class: 'panel timeline', id: 'timeline' },
      h('summary', {}, t('timeline_title', { n: r.timeline.length })),
      h('ol', {}, r.timeline.map((e) => h('li', {},
        h('span', { class: 'muted' }, formatDateTime(e.at)), ' · ', t(`actor_${e.actor_kind}`) === `actor_${e.actor_kind}` ? e.actor_kind : t(`actor_${e.actor_kind}`),
        e.action ? ` · ${t(`action_${e.action}`) === `action_${e.action}` ? e.action : t(`action_${e.action}`)}` : '',
        e.to_status ? ` → ${statusName(e.to_status)}` : '',
        e.note ? h('p', { class: 'user-text note' }, e.note) : null))));
  }

  /** The panel's elements. */
  function nodes() {
    if (state.error) return [problemNotice(state.error, { id: 'report-problem' })];
    const r = state.report;
    if (!r) return [h('p', { class: 'loading', role: 'status' }, t('loading'))];
    return [
      h('div', { class: 'report-head' },
        h('h2', { id: 'report-heading', tabindex: '-1' }, pick(r.category.name), ' · ', h('span', { class: 'code' }, r.tracking_code)),
        r.title ? h('p', { class: 'user-text report-title', id: 'report-title' }, r.title) : null),
      actions.nodes(),
      h('div', { class: 'report-body' },
        h('div', {},
          h('p', { class: 'user-text description', id: 'description' }, r.description),
          photos(r),
          facts(r),
          routing(r),
          r.progress?.answer ? h('section', { class: 'panel', id: 'answer' }, h('h3', {}, t('answer_title')), h('p', { class: 'user-text' }, r.progress.answer.text)) : null,
          timeline(r)),
        h('div', {}, workloadTable(), r.status !== 'closed' ? similar(r) : null)),
    ];
  }

  return { state, load, nodes, key: (e) => actions.key(e), actions };
}
