// The year-end report (年度履职报告, #/year-end/{year}/{station|all}): the year's record from
// `GET /api/v1/year-end/{year}[?station=]` as a printable page (print.css: no navigation, the tables on A4), every
// section a table of the API's numbers (year-end-tables.js), and the same report as an Excel workbook
// (`?format=xlsx`), fetched with the session's token (never in an address) and saved through an object URL. The
// committee and administrators choose a station or every station (全部联络站, the default); staff read their own
// station's.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { problemNotice, focusOn } from '/ui/shared/ui.js';
import { yearPicker, thisYear } from './archive.js';
import { fetchFile, saveResponse, doneNotice } from './duty-format.js';
import { yearEndSections } from './year-end-tables.js';

const ALL = 'all';

export function yearEndView(app, { year: wanted = null, scope: asked = null }) {
  const year = wanted || thisYear();
  const everywhere = ['committee', 'admin'].includes(app.me?.role);
  const codes = app.stations.map((s) => s.code);
  // The committee may read every station at once; staff only their own stations.
  let scope = asked;
  if (everywhere) scope = scope && (scope === ALL || codes.includes(scope)) ? scope : ALL;
  else scope = codes.includes(scope) ? scope : app.station;
  const station = scope === ALL ? null : scope;
  const state = { report: null, error: null, busy: false, done: null, problem: null };
  let disposed = false;

  const query = (more = {}) => {
    const q = new URLSearchParams({ ...(station ? { station } : {}), ...more });
    return q.size ? `?${q}` : '';
  };

  async function load() {
    if (!scope) {
      state.error = null;
      state.report = null;
      render();
      return;
    }
    try {
      const report = await app.session.call(`/api/v1/year-end/${year}${query()}`);
      if (disposed) return;
      state.report = report;
      state.error = null;
    } catch (err) {
      if (disposed) return;
      state.error = err;
    }
    render();
  }

  async function download() {
    state.busy = true;
    state.done = null;
    state.problem = null;
    render();
    try {
      const response = await fetchFile(app.session, `/api/v1/year-end/${year}${query({ format: 'xlsx' })}`);
      if (disposed) return;
      const name = await saveResponse(response, `liaison-year-end-${year}${station ? `-${station}` : ''}.xlsx`);
      state.done = t('ye_xlsx_done', { file: name });
    } catch (err) {
      state.problem = err;
    }
    state.busy = false;
    render(state.problem ? 'ye-xlsx-problem' : 'ye-xlsx-done');
  }

  function stationPicker() {
    const choices = everywhere ? [{ code: ALL, label: t('ye_all_stations') }] : [];
    for (const s of app.stations) choices.push({ code: s.code, label: `${pick(s.name)}（${s.code}）` });
    if (choices.length < 2) return null;
    return h('div', { class: 'field' },
      h('label', { for: 'ye-station' }, t('ye_station')),
      h('select', { id: 'ye-station', onchange: (e) => app.go(`#/year-end/${year}/${e.target.value}`) },
        choices.map((c) => h('option', { value: c.code, selected: c.code === scope }, c.label))));
  }

  function whose() {
    if (!station) return t('ye_all_stations');
    const name = state.report?.station_name || app.stations.find((s) => s.code === station)?.name;
    return name ? `${pick(name)}（${station}）` : station;
  }

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(t('nav_year_end'));
    const r = state.report;
    app.main.dataset.state = r ? 'ready' : state.error ? 'problem' : 'loading';
    fill(app.main,
      h('div', { class: 'ye-head' },
        h('h1', { id: 'view-heading', tabindex: '-1' }, t('ye_heading', { year })),
        h('p', { class: 'ye-whose', id: 'ye-whose' }, whose()),
        r ? h('p', { class: 'hint', id: 'ye-as-of' }, t(r.complete ? 'ye_complete' : 'ye_running', { when: formatDateTime(r.generated_at) })) : null),
      h('div', { class: 'inline-fields ye-tools no-print' },
        yearPicker('ye-year', year, (y) => app.go(`#/year-end/${y}/${scope || ''}`)),
        stationPicker(),
        r ? h('div', { class: 'actions tight' },
          h('button', { type: 'button', class: 'btn', id: 'ye-print', onclick: () => window.print() }, t('ye_print')),
          h('button', { type: 'button', class: 'btn primary', id: 'ye-xlsx', 'aria-busy': state.busy ? 'true' : null, disabled: state.busy, onclick: download }, t('ye_xlsx'))) : null),
      app.takeFlash(),
      doneNotice('ye-xlsx-done', state.done),
      state.problem ? problemNotice(state.problem, { id: 'ye-xlsx-problem' }) : null,
      state.error ? problemNotice(state.error, { id: 'ye-problem', overrides: { invalid_query: 'ye_bad_year' } }) : null,
      !scope ? h('p', { class: 'empty', id: 'ye-no-station' }, t('ye_no_station')) : null,
      r ? yearEndSections(r) : (state.error || !scope ? null : h('p', { class: 'loading', role: 'status' }, t('loading'))));
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
