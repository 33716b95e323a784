// One report (`GET /api/v1/reports/{id}`): the citizen's words and photos (tap to zoom), the place, why it
// came to this deputy, the deadlines, the citizen's phone masked with a "call" that unmasks it through the
// audited endpoint, the handling unit's reply and documents, the answer, the timeline, similar reports when
// the server lets a deputy see them, and the actions the report's status allows (actions.js). Everything
// the citizen or a unit typed is shown as text.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, formatDateTime, formatBytes } from '/ui/shared/i18n.js';
import { ApiError } from '/ui/shared/api.js';
import { problemNotice } from '/ui/shared/ui.js';
import { deadlineBadge, statusName, outcomeName } from './format.js';
import { createActions } from './actions.js';
import { placeMap } from '/ui/shared/place-map.js';

export function reportView(app, { id }) {
  const state = { report: null, error: null, similar: null, contact: null, contactBusy: false, contactError: null, calling: false, zoom: null, stale: false };
  const path = `/api/v1/reports/${id}`;
  const actions = createActions(app, {
    id,
    current: () => state.report,
    updated(report) {
      state.report = report;
      state.stale = false;
    },
    render: (focusId) => render(focusId),
  });

  async function load(focusId = null) {
    try {
      state.report = await app.session.call(path);
      state.error = null;
      state.stale = false;
    } catch (err) {
      state.error = err;
    }
    render(focusId);
    if (state.report && state.similar === null) loadSimilar();
  }

  async function loadSimilar() {
    try {
      state.similar = (await app.session.call(`${path}/similar`)).items;
    } catch {
      // Deputies may be refused (similar reports may not be theirs to read): the section is left out.
      state.similar = false;
    }
    render();
  }

  async function unmask(reason) {
    state.contactBusy = true;
    state.contactError = null;
    render();
    try {
      state.contact = await app.session.call(`${path}/contact/unmask`, { method: 'POST', json: { reason } });
      state.calling = false;
    } catch (err) {
      state.contactError = err;
    }
    state.contactBusy = false;
    render(state.contact ? 'call-link' : 'contact-problem');
  }

  /** A reply document, fetched with the session's token (a link alone cannot carry it) and opened. */
  async function openDocument(doc, n) {
    try {
      const token = await app.session.accessToken();
      const response = await fetch(doc.url, { headers: { Authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store' });
      if (!response.ok) throw new ApiError({ status: response.status });
      const url = URL.createObjectURL(await response.blob());
      const a = h('a', { href: url, download: doc.file_name || `document-${n}.pdf`, class: 'visually-hidden' }, '.');
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (err) {
      state.docError = err;
      render('document-problem');
    }
  }

  function section(idName, title, ...children) {
    return h('section', { class: 'panel', 'aria-labelledby': `${idName}-title`, id: idName }, h('h2', { id: `${idName}-title` }, title), ...children);
  }

  function fact(label, value, idName) {
    return value === null || value === undefined || value === '' ? null : h('div', {}, h('dt', {}, label), h('dd', { id: idName }, value));
  }

  function photos(r) {
    if (!r.photos.length) return null;
    let citizen = 0;
    let unit = 0;
    return section('photos', t('section_photos'), h('ul', { class: 'photos', id: 'photo-list' }, r.photos.map((p) => {
      const n = p.source === 'unit_reply' ? ++unit : ++citizen;
      const alt = t(p.source === 'unit_reply' ? 'photo_unit_alt' : 'photo_alt', { n });
      return h('li', { 'data-source': p.source },
        h('button', { type: 'button', class: 'photo-open', 'aria-label': `${alt}：${t('photo_open', { n })}`, onclick: () => { state.zoom = { url: p.display_url, alt }; render('zoom-close'); } },
          h('img', { src: p.thumb_url, alt, loading: 'lazy', width: '160', height: '120' })));
    })));
  }

  function zoomDialog() {
    if (!state.zoom) return null;
    const close = () => { state.zoom = null; render('photo-list'); };
    return h('div', { class: 'zoom', role: 'dialog', 'aria-modal': 'true', 'aria-label': state.zoom.alt, id: 'zoom', onkeydown: (e) => { if (e.key === 'Escape') close(); } },
      h('button', { type: 'button', class: 'btn zoom-close', id: 'zoom-close', onclick: close }, t('photo_close')),
      h('img', { src: state.zoom.url, alt: state.zoom.alt, class: 'zoom-img' }));
  }

  function contact(r) {
    if (r.anonymous) return section('contact', t('section_contact'), h('p', {}, t('contact_anonymous')));
    const c = r.contact || {};
    const phone = state.contact
      ? h('a', { class: 'btn primary', id: 'call-link', href: `tel:${state.contact.phone}` }, t('call_now', { phone: state.contact.phone }))
      : c.phone ? h('span', { id: 'masked-phone' }, c.phone) : null;
    return section('contact', t('section_contact'),
      h('dl', { class: 'facts' }, fact(t('contact_name'), c.name, 'contact-name'), fact(t('contact_phone'), c.phone ? phone : t('contact_none'), 'contact-phone')),
      c.phone ? h('p', { class: 'hint' }, t(r.consent_phone_call ? 'consent_call' : 'no_consent_call')) : null,
      state.contact ? h('p', { class: 'hint', id: 'call-audited' }, t('call_audited', { when: formatDateTime(state.contact.audited_at) })) : null,
      state.contactError ? problemNotice(state.contactError, { id: 'contact-problem' }) : null,
      c.phone && !state.contact ? (state.calling
        ? h('form', { id: 'unmask-form', onsubmit: (e) => { e.preventDefault(); unmask(document.getElementById('unmask-reason').value.trim() || t('call_reason_default')); } },
          h('label', { for: 'unmask-reason' }, t('call_reason_label')),
          h('input', { id: 'unmask-reason', type: 'text', value: t('call_reason_default'), maxlength: '500' }),
          h('div', { class: 'actions' },
            h('button', { type: 'submit', class: 'btn primary', id: 'unmask-confirm', 'aria-busy': state.contactBusy ? 'true' : null }, t('call_confirm')),
            h('button', { type: 'button', class: 'btn', onclick: () => { state.calling = false; render('call-reveal'); } }, t('act_cancel'))))
        : h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'call-reveal', onclick: () => { state.calling = true; render('unmask-reason'); } }, t('call_reveal'))))
        : null);
  }

  function unitPart(r) {
    const unit = r.progress.handling_unit;
    const replies = r.timeline.filter((e) => e.action === 'unit_reply' && e.note);
    const docs = r.documents || [];
    if (!unit && !replies.length && !docs.length) return null;
    return section('unit', t('section_unit'),
      h('dl', { class: 'facts' }, fact(t('unit_name'), unit ? pick(unit.name) : null, 'unit-name')),
      replies.map((e) => h('div', { class: 'reply' }, h('p', { class: 'label' }, `${t('unit_reply')} · ${formatDateTime(e.at)}`), h('p', { class: 'user-text unit-reply-text' }, e.note))),
      docs.length ? [
        h('h3', {}, t('section_documents')),
        state.docError ? problemNotice(state.docError, { id: 'document-problem' }) : null,
        h('ul', { class: 'documents', id: 'documents' }, docs.map((d, i) => h('li', {},
          h('button', { type: 'button', class: 'btn link document-link', onclick: () => openDocument(d, i + 1) },
            t('document_open', { name: d.file_name || t('document_unnamed', { n: i + 1 }), size: formatBytes(d.byte_size) }))))),
      ] : null);
  }

  function timeline(r) {
    return section('timeline', t('section_timeline'), h('ol', { class: 'timeline', id: 'timeline-list' }, r.timeline.map((e) => h('li', {},
      h('p', { class: 'timeline-head' }, `${formatDateTime(e.at)} · ${t(`actor_${e.actor_kind}`)}${e.to_status ? ` · ${statusName(e.to_status)}` : ''}`),
      e.note ? h('p', { class: 'user-text' }, e.note) : null))));
  }

  function similar() {
    if (!state.similar) return null;
    return section('similar', t('section_similar'), state.similar.length
      ? h('ul', { class: 'cards' }, state.similar.map((s) => h('li', {}, h('a', { class: 'card', href: `#/reports/${s.id}` },
        h('span', { class: 'card-category' }, pick(s.category.name)), h('span', { class: 'card-title user-text' }, s.title || t('no_title')),
        h('span', { class: 'card-code' }, t('tracking_code', { code: s.tracking_code }))))))
      : h('p', {}, t('similar_none')));
  }

  function page(r) {
    const p = r.progress;
    return [
      h('p', { class: 'crumb' }, h('a', { href: '#/inbox', class: 'back' }, `‹ ${t('back_to_inbox')}`)),
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('report_heading', { category: pick(r.category.name) })),
      h('p', { class: 'report-top' },
        h('span', { class: 'status-chip', id: 'report-status', 'data-status': r.status }, statusName(r.status)), ' ',
        deadlineBadge(r, { id: 'report-deadline' }), ' ',
        h('span', { class: 'card-code' }, t('tracking_code', { code: r.tracking_code }))),
      app.takeFlash(),
      actions.section(),
      section('words', t('section_words'),
        r.title ? h('p', { class: 'report-title user-text', id: 'report-title' }, r.title) : null,
        h('p', { class: 'user-text', id: 'description' }, r.description),
        h('dl', { class: 'facts' },
          fact(t('submitted_at'), formatDateTime(r.submitted_at)),
          fact(t('status_label'), pick(r.status_label)))),
      photos(r),
      section('place', t('section_place'), h('dl', { class: 'facts' },
        fact(t('place_area'), r.place?.area ? pick(r.place.area.name) : null, 'place-area'),
        fact(t('place_building'), r.place?.building?.name ?? null, 'place-building'),
        fact(t('place_address'), r.address, 'address'),
        fact(t('place_station'), r.station ? pick(r.station.name) : null, 'station')),
      placeMap({
        boundary: r.place?.area?.boundary,
        point: r.location,
        label: t(r.location ? 'place_map_point' : 'place_map', { area: r.place?.area ? pick(r.place.area.name) : '' }),
      })),
      r.routing ? section('routing', t('section_routing'), h('p', { id: 'routing-reason' }, pick(r.routing.reason))) : null,
      section('deadlines', t('section_deadlines'), h('dl', { class: 'facts' },
        fact(t('deadline_current'), p.due_at ? formatDateTime(p.due_at) : null, 'due-at'),
        fact(t('deadline_answer'), p.answer_due_at ? formatDateTime(p.answer_due_at) : null, 'answer-due-at')),
        p.extension_pending_days ? h('p', { class: 'notice notice-warn' }, t('extension_pending', { n: p.extension_pending_days })) : null),
      contact(r),
      unitPart(r),
      p.answer ? section('answer', t('section_answer'),
        p.answer.outcome ? h('p', { class: 'label', id: 'answer-outcome' }, outcomeName(p.answer.outcome)) : null,
        h('p', { class: 'user-text', id: 'answer-text' }, p.answer.text)) : null,
      timeline(r),
      similar(),
      zoomDialog(),
    ];
  }

  // Loads finishing after the deputy moved on to another view must not draw over it.
  let disposed = false;

  function render(focusId = null) {
    if (disposed) return;
    const r = state.report;
    app.setTitle(r ? t('report_heading', { category: pick(r.category.name) }) : t('report_loading'));
    if (r) fill(app.main, page(r));
    else if (state.error) {
      fill(app.main, h('p', { class: 'crumb' }, h('a', { href: '#/inbox', class: 'back' }, `‹ ${t('back_to_inbox')}`)),
        h('h1', { id: 'view-heading', tabindex: '-1' }, t('report_loading')), problemNotice(state.error, { id: 'report-problem' }),
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'retry', onclick: () => load('view-heading') }, t('retry'))));
    } else fill(app.main, h('p', { class: 'loading', role: 'status' }, t('report_loading')));
    app.main.dataset.state = r ? 'ready' : state.error ? 'problem' : 'loading';
    if (r) app.main.dataset.status = r.status;
    if (focusId) app.focusOn(focusId);
  }

  return {
    start: () => { render(); return load('view-heading'); },
    render,
    dispose() {
      disposed = true;
    },
    onLive(name, event) {
      // Someone else moved this report on: show it as it is, unless the deputy is filling in a form.
      if (name === 'reload' || event?.report_id === id) {
        if (actions.busy()) state.stale = true;
        else load();
      }
    },
  };
}
