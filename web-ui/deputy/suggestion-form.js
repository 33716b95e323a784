// Writing a suggestion (#/suggestions/new) or rewriting a draft or a returned one (#/suggestions/{id}/edit): its
// title, facts (情况), causes (原因分析) and measures (建议措施), the reviewing station when the deputy serves at
// more than one, and the reports it draws on, picked from the deputy's inbox (the list the inbox loaded, else
// fetched) with a filter ("老年食堂"), or added by tracking code. Saved whole (`POST /api/v1/me/suggestions`, or
// `PATCH /api/v1/suggestions/{id}`), and optionally sent for the station's review at once. What the server
// refuses is said field by field, in words.

import { h, fill } from '/ui/shared/dom.js';
import { ApiError, request, explain } from '/ui/shared/api.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice, notice } from '/ui/shared/ui.js';
import { dutyNav } from './duty-nav.js';
import { fetchInbox } from './inbox.js';

const CODE_CHARS = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const PARTS = ['title', 'facts', 'cause', 'measures'];
const EDITABLE = ['draft', 'revising'];

/** A tracking code as the server writes it (LS-7KQ-9M3-XDP), or null: case, dashes, spaces and LS optional. */
export function normalCode(text) {
  const bare = String(text).toUpperCase().replace(/[\s-]/g, '').replace(/^LS/, '');
  if (bare.length !== 9 || [...bare].some((c) => !CODE_CHARS.includes(c))) return null;
  return `LS-${bare.slice(0, 3)}-${bare.slice(3, 6)}-${bare.slice(6)}`;
}

export function suggestionFormView(app, { id = null } = {}) {
  const state = {
    ready: false, loadError: null, locked: false,
    f: { title: '', facts: '', cause: '', measures: '', station: null },
    chosen: [], inbox: null, inboxError: null, stations: null,
    filter: '', code: '', codeNote: null,
    invalid: new Set(), problems: [], problem: null, saving: false,
  };
  let disposed = false;

  async function loadInbox() {
    try {
      state.inbox = app.inboxItems ?? await fetchInbox(app.session);
      app.inboxItems = state.inbox;
    } catch (err) {
      state.inboxError = err;
    }
    if (state.ready) paintPicker();
  }

  async function loadStations(codes) {
    try {
      const all = (await request('/api/v1/stations')).items ?? [];
      state.stations = codes.map((code) => all.find((s) => s.code === code) || { code, name: code });
    } catch {
      state.stations = codes.map((code) => ({ code, name: code }));
    }
  }

  async function start() {
    render();
    loadInbox();
    try {
      const codes = app.me?.stations ?? [];
      const waits = codes.length > 1 ? [loadStations(codes)] : [];
      if (id) {
        const s = await app.session.call(`/api/v1/suggestions/${id}`);
        Object.assign(state.f, { title: s.title, facts: s.facts, cause: s.cause, measures: s.measures, station: s.station });
        state.chosen = [...s.reports];
        state.locked = !EDITABLE.includes(s.status);
      }
      await Promise.all(waits);
    } catch (err) {
      state.loadError = err;
    }
    state.ready = true;
    render();
  }

  // ---- The picker of reports --------------------------------------------------------------------------------

  function reportText(r) {
    return [pick(r.category?.name), r.title, r.address, r.tracking_code].filter(Boolean).join(' ').toLowerCase();
  }

  function toggle(code, on) {
    state.chosen = on ? [...new Set([...state.chosen, code])] : state.chosen.filter((c) => c !== code);
    state.invalid.delete('reports');
    paintCount();
  }

  function pickItem(code, { r = null } = {}) {
    const inputId = `pick-${code}`;
    return h('li', { class: 'pick', 'data-code': code },
      h('label', { class: 'choice', for: inputId },
        h('input', { type: 'checkbox', id: inputId, value: code, checked: state.chosen.includes(code), onchange: (e) => toggle(code, e.target.checked) }),
        h('span', { class: 'pick-text' },
          r ? h('span', { class: 'card-category' }, pick(r.category?.name)) : h('span', { class: 'card-category' }, t('sugg_report_other')),
          r ? h('span', { class: r.title ? 'user-text pick-title' : 'muted' }, r.title || t('sugg_report_no_title')) : null,
          r?.address ? h('span', { class: 'card-meta user-text' }, r.address) : null,
          h('span', { class: 'card-code' }, code),
          r ? h('span', { class: 'card-meta' }, formatDateTime(r.submitted_at)) : null)));
  }

  function pickerItems() {
    if (state.inboxError) return problemNotice(state.inboxError, { id: 'sugg-inbox-problem', role: null });
    if (!state.inbox) return h('p', { class: 'loading', role: 'status' }, t('sugg_reports_loading'));
    const words = state.filter.trim().toLowerCase();
    const inboxCodes = new Set(state.inbox.map((r) => r.tracking_code));
    const others = state.chosen.filter((code) => !inboxCodes.has(code));
    const shown = state.inbox.filter((r) => !words || reportText(r).includes(words));
    const shownOthers = others.filter((code) => !words || code.toLowerCase().includes(words));
    if (!state.inbox.length && !others.length) return h('p', { class: 'empty', id: 'sugg-picker-empty' }, t('sugg_reports_empty'));
    if (!shown.length && !shownOthers.length) return h('p', { class: 'empty', id: 'sugg-picker-nomatch' }, t('sugg_reports_nomatch'));
    return h('ul', { class: 'picker', id: 'sugg-picker-items' },
      shownOthers.map((code) => pickItem(code)),
      shown.map((r) => pickItem(r.tracking_code, { r })));
  }

  function paintPicker() {
    const list = document.getElementById('sugg-picker-list');
    if (list) fill(list, pickerItems());
    paintCount();
  }

  function paintCount() {
    const count = document.getElementById('sugg-chosen');
    if (count) fill(count, t('sugg_reports_chosen', { n: state.chosen.length }));
  }

  function addCode() {
    const code = normalCode(state.code);
    const note = document.getElementById('sugg-code-note');
    if (!code) {
      state.codeNote = { kind: 'error', text: t('sugg_code_bad') };
      document.getElementById('f-code')?.setAttribute('aria-invalid', 'true');
    } else {
      state.chosen = [...new Set([...state.chosen, code])];
      state.code = '';
      state.codeNote = { kind: 'ok', text: t('sugg_code_added', { code }) };
      const input = document.getElementById('f-code');
      if (input) {
        input.value = '';
        input.removeAttribute('aria-invalid');
      }
      paintPicker();
    }
    if (note) fill(note, state.codeNote.text);
    note?.setAttribute('class', state.codeNote.kind === 'error' ? 'field-error' : 'hint');
  }

  // ---- Saving -----------------------------------------------------------------------------------------------

  function whyText(e) {
    if (e.code === 'required') return t('sugg_why_required');
    if (e.code === 'too_long') return t('sugg_why_too_long');
    return e.message || e.code;
  }

  /** What the server refused, field by field, in words; marks those fields. */
  function fieldProblems(err, body) {
    const out = [];
    for (const e of err.errors) {
      const report = /^reports\[(\d+)\]$/.exec(e.field || '');
      if (report) {
        state.invalid.add('reports');
        out.push(t('sugg_field_problem_report', { code: body.reports[Number(report[1])] ?? '' }));
      } else if ([...PARTS, 'station'].includes(e.field)) {
        state.invalid.add(e.field);
        out.push(t(`sugg_field_problem_${e.field}`, { why: whyText(e) }));
      }
    }
    return out;
  }

  async function save(review) {
    if (state.saving) return;
    const f = state.f;
    state.invalid = new Set();
    state.problems = [];
    state.problem = null;
    if (!f.title.trim()) { state.invalid.add('title'); state.problems.push(t('sugg_title_empty')); }
    if (!f.facts.trim()) { state.invalid.add('facts'); state.problems.push(t('sugg_facts_empty')); }
    if (state.problems.length) {
      render('sugg-form-problem');
      return;
    }
    const body = { title: f.title.trim(), facts: f.facts.trim(), cause: f.cause.trim(), measures: f.measures.trim(), reports: state.chosen };
    if (f.station) body.station = f.station;
    state.saving = true;
    render();
    let saved = null;
    try {
      saved = id
        ? await app.session.call(`/api/v1/suggestions/${id}`, { method: 'PATCH', json: body })
        : await app.session.call('/api/v1/me/suggestions', { method: 'POST', json: body });
    } catch (err) {
      state.saving = false;
      state.problem = err;
      if (err instanceof ApiError && err.status === 422) state.problems = fieldProblems(err, body);
      if (err instanceof ApiError && err.code === 'invalid_transition') state.locked = true;
      render('sugg-form-problem');
      return;
    }
    app.flash = { kind: 'ok', text: t('sugg_saved') };
    if (review) {
      try {
        await app.session.call(`/api/v1/suggestions/${saved.id}/actions`, { method: 'POST', json: { action: 'for_review' } });
        app.flash = { kind: 'ok', text: t('sugg_sent_review') };
      } catch (err) {
        app.flash = { kind: 'error', text: `${t('sugg_saved')} ${explain(err).message}` };
      }
    }
    state.saving = false;
    app.go(`#/suggestions/${saved.id}`);
  }

  // ---- Drawing ----------------------------------------------------------------------------------------------

  function field(name, { multiline = true, max = null } = {}) {
    const inputId = `f-${name}`;
    const attrs = {
      id: inputId, name, 'aria-describedby': `${inputId}-hint`, 'aria-invalid': state.invalid.has(name) ? 'true' : null,
      maxlength: max, required: name === 'title' || name === 'facts', oninput: (e) => { state.f[name] = e.target.value; },
    };
    const input = multiline ? h('textarea', attrs) : h('input', { type: 'text', ...attrs });
    input.value = state.f[name];
    return [
      h('label', { for: inputId }, t(`sugg_field_${name}`)),
      h('p', { class: 'hint', id: `${inputId}-hint` }, t(`sugg_field_${name}_hint`)),
      input,
    ];
  }

  function stationField() {
    if (!state.stations || state.stations.length < 2) return null;
    const select = h('select', { id: 'f-station', class: 'select', 'aria-invalid': state.invalid.has('station') ? 'true' : null, onchange: (e) => { state.f.station = e.target.value; } },
      state.stations.map((s) => h('option', { value: s.code, selected: (state.f.station || state.stations[0].code) === s.code }, pick(s.name))));
    return [h('label', { for: 'f-station' }, t('sugg_field_station')), select];
  }

  function picker() {
    const code = h('input', { type: 'text', id: 'f-code', autocomplete: 'off', autocapitalize: 'characters', maxlength: 20, oninput: (e) => { state.code = e.target.value; },
      onkeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); addCode(); } } });
    code.value = state.code;
    const filter = h('input', { type: 'search', id: 'f-filter', autocomplete: 'off', 'aria-describedby': 'f-filter-hint', 'aria-controls': 'sugg-picker-list',
      oninput: (e) => { state.filter = e.target.value; paintPicker(); } });
    filter.value = state.filter;
    return h('fieldset', { id: 'sugg-reports-field', class: state.invalid.has('reports') ? 'invalid' : null, 'aria-describedby': 'sugg-reports-hint' },
      h('legend', {}, t('sugg_field_reports')),
      h('p', { class: 'hint', id: 'sugg-reports-hint' }, t('sugg_field_reports_hint')),
      h('label', { for: 'f-filter' }, t('sugg_reports_filter')),
      h('p', { class: 'hint', id: 'f-filter-hint' }, t('sugg_reports_filter_hint')),
      filter,
      h('p', { class: 'hint', id: 'sugg-chosen', role: 'status' }, t('sugg_reports_chosen', { n: state.chosen.length })),
      h('div', { id: 'sugg-picker-list', class: 'picker-list' }, pickerItems()),
      h('label', { for: 'f-code' }, t('sugg_code_add_label')),
      h('div', { class: 'code-add' }, code, h('button', { type: 'button', class: 'btn', id: 'f-code-add', onclick: addCode }, t('sugg_code_add'))),
      h('p', { id: 'sugg-code-note', class: state.codeNote?.kind === 'error' ? 'field-error' : 'hint', role: 'status' }, state.codeNote?.text ?? ''));
  }

  function problems() {
    if (!state.problems.length && !state.problem) return null;
    if (!state.problems.length) return problemNotice(state.problem, { id: 'sugg-form-problem' });
    return h('div', { class: 'notice notice-error', id: 'sugg-form-problem', role: 'alert' },
      h('p', { class: 'notice-text' }, state.problem ? explain(state.problem).message : t('error_validation_failed')),
      h('ul', { class: 'plain-list', id: 'sugg-form-problems' }, state.problems.map((text) => h('li', {}, text))));
  }

  function form() {
    if (state.locked) {
      return [notice('info', t('sugg_not_editable'), { id: 'sugg-locked', role: null }),
        h('p', {}, h('a', { class: 'btn', href: `#/suggestions/${id}` }, t('sugg_back')))];
    }
    return h('form', { id: 'sugg-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); save(false); } },
      problems(),
      field('title', { multiline: false, max: 200 }),
      field('facts'),
      field('cause'),
      field('measures'),
      stationField(),
      picker(),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn', id: 'sugg-save', disabled: state.saving, 'aria-busy': state.saving ? 'true' : null }, t('sugg_save')),
        h('button', { type: 'button', class: 'btn primary', id: 'sugg-save-review', disabled: state.saving, onclick: () => save(true) }, t('sugg_save_review')),
        h('a', { class: 'btn link', id: 'sugg-cancel', href: id ? `#/suggestions/${id}` : '#/suggestions' }, t('sugg_cancel'))));
  }

  function render(focusId = null) {
    if (disposed) return;
    const heading = t(id ? 'sugg_form_edit' : 'sugg_form_new');
    app.setTitle(heading);
    fill(app.main,
      dutyNav('suggestions'),
      h('p', { class: 'crumb' }, h('a', { class: 'back', href: '#/suggestions' }, `‹ ${t('sugg_back')}`)),
      h('h1', { id: 'view-heading', tabindex: '-1' }, heading),
      state.loadError ? problemNotice(state.loadError, { id: 'sugg-problem' }) : null,
      !state.ready ? h('p', { class: 'loading', role: 'status' }, t('loading')) : null,
      state.ready && !state.loadError ? form() : null);
    app.main.dataset.state = state.loadError ? 'problem' : state.ready ? 'ready' : 'loading';
    if (focusId) app.focusOn(focusId);
  }

  return {
    start,
    render: () => render(),
    dispose() {
      disposed = true;
    },
  };
}
