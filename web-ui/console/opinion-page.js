// One review opinion's page (`GET /api/v1/opinions/{id}`): the written opinion as it goes to the department (to
// whom, its body, the problems numbered, the reply deadline, the department's reply), printable on its own
// (print.css leaves the opinion); and for the station's staff the steps as it stands: a draft is rewritten
// (`PATCH`, all of it) or sent (`POST …/send`); once sent the department's reply is recorded or corrected
// (`POST …/reply`); once answered each problem is closed (销号) with the evidence that it was dealt with
// (`POST …/items/{position}/close`), and the opinion closes with its last one. Closed problems show their
// evidence. The committee reads the same page without the steps.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { dueBadge, dayText, formProblem, doneNotice } from './duty-format.js';
import { newOpinion, checkOpinion, opinionBody, opinionForm, opinionFocus } from './opinion-form.js';
import { opinionStatusName, loadUnits } from './opinions.js';

const OVERRIDES = { invalid_transition: 'op_error_invalid_transition' };

export function opinionView(app, { id }) {
  const state = {
    o: null, error: null, units: null,
    edit: null, editProblem: null, editBusy: false,
    busy: null, problem: null, done: null, reply: '', evidence: {},
  };
  let disposed = false;
  const path = `/api/v1/opinions/${id}`;
  const manages = () => app.handles;

  function adopt(o) {
    state.o = o;
    state.reply = o.reply;
  }

  async function load() {
    try {
      adopt(await app.session.call(path));
      state.error = null;
    } catch (err) {
      state.error = err;
    }
    render();
  }

  /** Takes a step (`where` names it for its problem and busy state); `focus` the element to land on after. */
  async function step(where, call, doneText, focus) {
    state.busy = where;
    state.problem = null;
    state.done = null;
    render();
    try {
      adopt(await call());
      state.done = { where, text: doneText() };
    } catch (err) {
      state.problem = { where, err };
    }
    state.busy = null;
    render(state.problem ? `${where}-problem` : focus());
  }

  const send = () => step('send', () => app.session.call(`${path}/send`, { method: 'POST' }), () => t('op_sent_done', { unit: pick(state.o.unit_name) }), () => 'send-done');

  function saveReply() {
    if (!state.reply.trim()) {
      state.problem = { where: 'reply', err: { field: 'text', text: t('op_need_reply') } };
      render('reply-text');
      return undefined;
    }
    const had = Boolean(state.o.reply);
    return step('reply', () => app.session.call(`${path}/reply`, { method: 'POST', json: { text: state.reply } }), () => t(had ? 'op_reply_corrected' : 'op_reply_done'), () => 'reply-done');
  }

  function closeItem(position) {
    const text = state.evidence[position] || '';
    if (!text.trim()) {
      state.problem = { where: `item-${position}`, err: { field: 'text', text: t('op_need_evidence') } };
      render(`evidence-${position}`);
      return undefined;
    }
    return step(`item-${position}`, () => app.session.call(`${path}/items/${position}/close`, { method: 'POST', json: { text } }),
      () => (state.o.status === 'closed' ? t('op_closed_all') : t('op_item_closed_done', { n: position + 1 })),
      () => `item-${position}-done`);
  }

  async function openEdit() {
    state.editProblem = null;
    state.done = null;
    try {
      if (!state.units) state.units = await loadUnits(app);
    } catch (err) {
      state.units = [];
      state.editProblem = err;
    }
    state.edit = newOpinion({ o: state.o });
    render('edit-unit');
  }

  async function saveEdit() {
    state.editProblem = checkOpinion(state.edit);
    if (state.editProblem) {
      render(opinionFocus('edit', state.editProblem));
      return;
    }
    state.editBusy = true;
    render();
    try {
      adopt(await app.session.call(path, { method: 'PATCH', json: opinionBody(state.edit) }));
      state.edit = null;
      state.done = { where: 'send', text: t('op_saved') };
    } catch (err) {
      state.editProblem = err;
    }
    state.editBusy = false;
    render(state.edit ? 'edit-invalid' : 'send-done');
  }

  const problemAt = (where, prefix = 'op') => (state.problem?.where === where ? formProblem(state.problem.err, `${where}-problem`, prefix, OVERRIDES) : null);
  const doneAt = (where) => (state.done?.where === where ? doneNotice(`${where}-done`, state.done.text) : null);
  const invalid = (where) => (state.problem?.where === where ? { 'aria-invalid': 'true', 'aria-describedby': `${where}-problem` } : {});

  function facts(o) {
    const row = (key, value, attrs = {}) => h('div', {}, h('dt', {}, t(key)), h('dd', attrs, value));
    return h('dl', { class: 'facts no-print', id: 'opinion-facts' },
      row('op_facts_status', h('span', { class: `duty-status duty-status-${o.status}`, id: 'opinion-status' }, opinionStatusName(o.status))),
      row('op_facts_unit', `${pick(o.unit_name)}（${o.unit}）`),
      row('op_facts_due', o.status === 'closed' ? dayText(o.due_at) : dueBadge(o.due_at, o.overdue), { id: 'opinion-due' }),
      o.sent_at ? row('op_facts_sent', formatDateTime(o.sent_at)) : null,
      o.replied_at ? row('op_facts_replied', formatDateTime(o.replied_at)) : null,
      o.closed_at ? row('op_facts_closed', formatDateTime(o.closed_at)) : null,
      o.escalated_at ? row('op_facts_escalated', t('op_escalated', { when: formatDateTime(o.escalated_at) })) : null,
      o.activity_id ? row('op_facts_activity', h('a', { href: `#/activities/${o.activity_id}`, id: 'opinion-activity', class: 'target-link' }, t('op_open_activity'))) : null);
  }

  function steps(o) {
    return h('div', { class: 'actions tight no-print', id: 'opinion-steps' },
      manages() && o.status === 'draft' && !state.edit
        ? h('button', { type: 'button', class: 'btn', id: 'opinion-edit', onclick: openEdit }, t('op_edit')) : null,
      manages() && o.status === 'draft'
        ? h('button', { type: 'button', class: 'btn primary', id: 'opinion-send', 'aria-busy': state.busy === 'send' ? 'true' : null, disabled: Boolean(state.busy), onclick: send }, t('op_send')) : null,
      h('button', { type: 'button', class: 'btn', id: 'opinion-print', onclick: () => window.print() }, t('op_print')));
  }

  function item(o, i) {
    const where = `item-${i.position}`;
    const closing = manages() && o.status === 'answered' && i.status === 'open';
    return h('li', { 'data-position': String(i.position), 'data-status': i.status, id: `item-${i.position}` },
      h('p', { class: 'user-text item-text' }, i.text),
      i.status === 'closed'
        ? h('div', { class: 'item-closed' },
          h('p', { class: 'item-state' }, h('span', { class: 'tag tag-done' }, t('op_item_closed')), ' ', i.closed_at ? dayText(i.closed_at) : null),
          h('p', { class: 'evidence' }, h('strong', {}, t('op_evidence')), ' ', h('span', { class: 'user-text', id: `evidence-text-${i.position}` }, i.evidence)))
        : h('p', { class: 'item-state no-print' }, h('span', { class: 'tag' }, t('op_item_open'))),
      doneAt(where),
      closing ? h('form', { class: 'close-item no-print', novalidate: true, onsubmit: (e) => { e.preventDefault(); closeItem(i.position); } },
        problemAt(where),
        h('label', { for: `evidence-${i.position}` }, t('op_evidence_label', { n: i.position + 1 })),
        h('textarea', { id: `evidence-${i.position}`, rows: '2', maxlength: '20000', ...invalid(where), oninput: (e) => { state.evidence[i.position] = e.target.value; } }, state.evidence[i.position] || ''),
        h('div', { class: 'actions tight' },
          h('button', { type: 'submit', class: 'btn', id: `close-${i.position}`, 'aria-busy': state.busy === where ? 'true' : null, disabled: Boolean(state.busy) }, t('op_close_item')))) : null);
  }

  function stationName(code) {
    const s = app.stations.find((x) => x.code === code);
    return s ? pick(s.name) : code;
  }

  function document_(o) {
    const closed = o.items.filter((i) => i.status === 'closed').length;
    return h('article', { class: 'opinion-doc', id: 'opinion-doc', 'aria-labelledby': 'view-heading' },
      h('p', { class: 'doc-to', id: 'opinion-to' }, t('op_doc_to', { unit: pick(o.unit_name) })),
      o.body ? h('div', { class: 'user-text doc-body', id: 'opinion-body' }, o.body) : h('p', { class: 'hint no-print' }, t('op_no_body')),
      h('h2', { id: 'items-title' }, t('op_items_heading', { total: o.items.length, closed })),
      h('ol', { class: 'doc-items', id: 'opinion-items', 'aria-labelledby': 'items-title' }, o.items.map((i) => item(o, i))),
      h('p', { class: 'doc-due' }, t('op_doc_due', { date: dayText(o.due_at) })),
      h('p', { class: 'doc-sign' }, stationName(o.station), h('br'), o.sent_at ? dayText(o.sent_at) : t('op_doc_unsent')),
      o.reply || o.status !== 'draft' ? h('section', { class: 'doc-reply', 'aria-labelledby': 'reply-title' },
        h('h2', { id: 'reply-title' }, t('op_reply_heading')),
        o.reply ? h('p', { class: 'user-text', id: 'opinion-reply' }, o.reply) : h('p', { class: 'hint', id: 'opinion-no-reply' }, t('op_no_reply')),
        o.replied_at ? h('p', { class: 'hint' }, t('op_replied_at', { when: formatDateTime(o.replied_at) })) : null) : null);
  }

  function replyForm(o) {
    if (!manages() || !['sent', 'answered'].includes(o.status)) return null;
    return h('form', { class: 'panel no-print', id: 'reply', 'aria-labelledby': 'reply-form-title', novalidate: true, onsubmit: (e) => { e.preventDefault(); saveReply(); } },
      h('h2', { id: 'reply-form-title' }, t(o.reply ? 'op_reply_correct' : 'op_reply_record')),
      doneAt('reply'),
      problemAt('reply'),
      h('label', { for: 'reply-text' }, t('op_reply_label', { unit: pick(o.unit_name) })),
      h('textarea', { id: 'reply-text', rows: '5', maxlength: '20000', ...invalid('reply'), oninput: (e) => { state.reply = e.target.value; } }, state.reply),
      h('div', { class: 'actions tight' },
        h('button', { type: 'submit', class: 'btn primary', id: 'reply-save', 'aria-busy': state.busy === 'reply' ? 'true' : null, disabled: Boolean(state.busy) }, t(o.reply ? 'op_reply_correct' : 'op_reply_record'))));
  }

  function page(o) {
    return [
      facts(o),
      steps(o),
      doneAt('send'),
      problemAt('send'),
      state.edit ? opinionForm({
        id: 'edit', draft: state.edit, units: state.units || [], editing: true, busy: state.editBusy, problem: state.editProblem,
        redraw: (focusId) => render(focusId), onSubmit: saveEdit, onCancel: () => { state.edit = null; state.editProblem = null; render('opinion-edit'); },
      }) : null,
      o.status === 'answered' && manages() ? h('p', { class: 'hint no-print', id: 'close-hint' }, t('op_close_hint')) : null,
      document_(o),
      replyForm(o),
    ];
  }

  function render(focusId = null) {
    if (disposed) return;
    const o = state.o;
    app.setTitle(o ? o.title : t('nav_opinions'));
    app.main.dataset.state = o ? 'ready' : state.error ? 'problem' : 'loading';
    fill(app.main,
      h('nav', { class: 'crumbs no-print', 'aria-label': t('crumbs_label') }, h('a', { href: '#/opinions', id: 'back' }, t('op_back'))),
      h('h1', { id: 'view-heading', tabindex: '-1', class: 'user-text' }, o ? o.title : t('op_heading')),
      app.takeFlash(),
      state.error ? problemNotice(state.error, { id: 'opinion-problem' }) : null,
      o ? page(o) : (state.error ? null : h('p', { class: 'loading', role: 'status' }, t('loading'))));
    if (focusId) focusOn(focusId);
  }

  return {
    async start() {
      render();
      await load();
    },
    render: () => render(),
    dispose() {
      disposed = true;
    },
  };
}
