// One activity's page (`GET /api/v1/activities/{id}`): its plan in words, and for the station's staff (the
// server gives them the check-in code, `check_in_url`) the steps: change the plan and invitations (`PATCH` with
// `plan` and `invited`), mark it held or cancelled or planned again (`PATCH` `status`), the record and the
// attendance (activity-record.js), photos and the check-in QR code with its print button (activity-media.js);
// with findings recorded, a review opinion drafted from them (写审议意见, #/opinions/from/{id}).
// The committee reads the same page without the steps.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { kindName, statusName, whenText, underWay, attendanceName } from './activity-format.js';
import { newDraft, checkDraft, planBody, planForm, problemFocus } from './activity-form.js';
import { attendanceSection, recordSection } from './activity-record.js';
import { activityMedia } from './activity-media.js';

/** Where each status may go next, as the server allows it. */
const NEXT = { planned: ['held', 'cancelled'], cancelled: ['planned'], held: [] };

export function activityView(app, { id }) {
  const state = {
    a: null, error: null, deputies: null,
    edit: null, editProblem: null, editBusy: false,
    statusBusy: null, statusProblem: null, done: null,
    record: null, recordBusy: false, recordProblem: null, recordDone: null,
    marking: null, markProblem: null, markDone: null,
  };
  let disposed = false;
  const media = activityMedia({ app, redraw: (focusId) => render(focusId), isDisposed: () => disposed });
  const path = `/api/v1/activities/${id}`;
  // The server shows the check-in code only to those who run the station: they take the steps.
  const manages = () => Boolean(state.a?.check_in_url);

  function adopt(a) {
    state.a = a;
    state.record = { minutes: a.minutes, findings: a.findings };
    media.fetchFor(a);
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

  async function change(body) {
    adopt(await app.session.call(path, { method: 'PATCH', json: body }));
  }

  async function setStatus(status) {
    state.statusBusy = status;
    state.statusProblem = null;
    state.done = null;
    render();
    try {
      await change({ status });
      state.done = t(`act_status_done_${status}`);
    } catch (err) {
      state.statusProblem = err;
    }
    state.statusBusy = null;
    render(state.statusProblem ? 'status-problem' : 'activity-done');
  }

  async function openEdit() {
    state.edit = newDraft(state.a);
    state.editProblem = null;
    state.done = null;
    if (!state.deputies) {
      try {
        state.deputies = (await app.session.call(`/api/v1/stations/${encodeURIComponent(state.a.station)}/deputies`)).items;
      } catch (err) {
        state.deputies = [];
        state.editProblem = err;
      }
    }
    // Deputies invited who are no longer the station's stay choosable.
    for (const entry of state.a.attendance) {
      if (entry.invited && !state.deputies.some((d) => d.code === entry.deputy)) state.deputies.push({ code: entry.deputy, name: entry.name });
    }
    render('edit-kind');
  }

  async function saveEdit() {
    state.editProblem = checkDraft(state.edit);
    if (state.editProblem) {
      render(problemFocus('edit', state.editProblem));
      return;
    }
    state.editBusy = true;
    render();
    try {
      await change({ plan: planBody(state.edit), invited: state.edit.invited });
      state.edit = null;
      state.done = t('act_plan_saved');
    } catch (err) {
      state.editProblem = err;
    }
    state.editBusy = false;
    render(state.edit ? 'edit-invalid' : 'activity-done');
  }

  async function saveRecord() {
    state.recordBusy = true;
    state.recordProblem = null;
    state.recordDone = null;
    render();
    try {
      const { minutes, findings } = state.record;
      await change({ minutes, findings });
      state.recordDone = t('act_record_saved');
    } catch (err) {
      state.recordProblem = err;
    }
    state.recordBusy = false;
    render(state.recordProblem ? 'record-problem' : 'record-done');
  }

  async function mark(entry, attendance) {
    state.marking = entry.deputy;
    state.markProblem = null;
    state.markDone = null;
    render();
    try {
      await app.session.call(`${path}/attendance/${encodeURIComponent(entry.deputy)}`, { method: 'PUT', json: { attendance } });
      state.markDone = t('act_att_saved', { name: pick(entry.name), attendance: attendanceName(attendance) });
      adopt(await app.session.call(path));
    } catch (err) {
      state.markProblem = err;
    }
    state.marking = null;
    render(state.markProblem ? 'attendance-problem' : `att-${entry.deputy}`);
  }

  function steps(a) {
    if (!manages()) return null;
    return h('div', { class: 'actions tight no-print', id: 'activity-steps' },
      a.status !== 'cancelled' && !state.edit
        ? h('button', { type: 'button', class: 'btn', id: 'activity-edit', onclick: openEdit }, t('act_edit_plan')) : null,
      NEXT[a.status].map((status) => h('button', {
        type: 'button', class: status === 'held' ? 'btn primary' : 'btn', id: `activity-${status}`,
        'aria-busy': state.statusBusy === status ? 'true' : null, disabled: Boolean(state.statusBusy), onclick: () => setStatus(status),
      }, t(`act_mark_${status}`))),
      // The findings recorded become a review opinion's draft (opinions.js).
      (a.findings || '').trim() ? h('a', { class: 'btn', id: 'activity-opinion', href: `#/opinions/from/${a.id}` }, t('act_write_opinion')) : null);
  }

  function facts(a) {
    const row = (key, value, attrs = {}) => h('div', {}, h('dt', {}, t(key)), h('dd', attrs, value));
    return h('dl', { class: 'facts no-print', id: 'activity-facts' },
      row('act_facts_when', [h('time', { datetime: a.starts_at }, whenText(a)), underWay(a) ? h('span', { class: 'tag tag-now' }, t('act_under_way')) : null]),
      row('act_facts_kind', [kindName(a.kind), a.unannounced ? h('span', { class: 'tag' }, t('act_unannounced_tag')) : null]),
      row('act_facts_place', a.place || '—', { class: 'user-text', id: 'activity-place' }),
      a.topic ? row('act_facts_topic', a.topic, { class: 'user-text', id: 'activity-topic' }) : null,
      row('act_facts_status', h('span', { class: `act-status act-status-${a.status}`, id: 'activity-status' }, statusName(a.status))));
  }

  function page(a) {
    return [
      h('p', { class: 'hint no-print' }, t('act_updated', { when: formatDateTime(a.updated_at) })),
      facts(a),
      steps(a),
      state.done ? h('p', { class: 'notice notice-ok', id: 'activity-done', role: 'status', tabindex: '-1' }, state.done) : null,
      state.statusProblem ? problemNotice(state.statusProblem, { id: 'status-problem', overrides: { invalid_transition: 'act_error_invalid_transition' } }) : null,
      state.edit ? planForm({
        id: 'edit', draft: state.edit, deputies: state.deputies || [], editing: true, busy: state.editBusy, problem: state.editProblem,
        redraw: (focusId) => render(focusId), onSubmit: saveEdit, onCancel: () => { state.edit = null; render('activity-edit'); },
      }) : null,
      h('div', { class: 'activity-grid no-print' },
        h('div', { class: 'activity-main' },
          attendanceSection(a, { manages: manages(), busy: state.marking, problem: state.markProblem, done: state.markDone, onMark: mark }),
          recordSection(a, { manages: manages(), draft: state.record, busy: state.recordBusy, problem: state.recordProblem, done: state.recordDone, onSave: saveRecord }),
          media.photos(a, { manages: manages(), done: () => load() }))),
      media.checkIn(a),
    ];
  }

  function render(focusId = null) {
    if (disposed) return;
    const a = state.a;
    app.setTitle(a ? a.title : t('nav_activities'));
    app.main.dataset.state = a ? 'ready' : state.error ? 'problem' : 'loading';
    fill(app.main,
      h('nav', { class: 'crumbs no-print', 'aria-label': t('crumbs_label') }, h('a', { href: '#/activities', id: 'back' }, t('act_back'))),
      h('h1', { id: 'view-heading', tabindex: '-1', class: 'user-text no-print' }, a ? a.title : t('act_title')),
      app.takeFlash(),
      state.error ? problemNotice(state.error, { id: 'activity-problem' }) : null,
      a ? page(a) : (state.error ? null : h('p', { class: 'loading', role: 'status' }, t('loading'))));
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
      media.dispose();
    },
  };
}
