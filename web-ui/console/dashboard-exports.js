// The 明白账 a station presents to the committee: the dashboard's figures and the list of reports for this
// month, a chosen month or a chosen year, downloaded from GET /api/v1/stats/export as an Excel workbook (XLSX)
// or CSV (the figures, or the list). The file is fetched with the session's bearer token (never in an address),
// then handed to the browser as a Blob behind an object URL and an <a download>.

import { h } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';
import { ApiError } from '/ui/shared/api.js';
import { problemNotice, notice, focusOn } from '/ui/shared/ui.js';
import { localDate } from './format.js';

const FORMATS = [
  { id: 'export-xlsx', format: 'xlsx', table: null, label: 'dash_export_xlsx' },
  { id: 'export-csv-figures', format: 'csv', table: 'figures', label: 'dash_export_csv_figures' },
  { id: 'export-csv-reports', format: 'csv', table: 'reports', label: 'dash_export_csv_reports' },
];

/** The last day of month `YYYY-MM`. */
function monthEnd(month) {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** `{ from, to }` for the choice, or `{ problem }` (a string key) when the choice is incomplete. */
export function exportPeriod(choice, today = localDate()) {
  if (choice.mode === 'month') {
    if (!/^\d{4}-\d{2}$/.test(choice.month || '')) return { problem: 'dash_export_bad_month' };
    return { from: `${choice.month}-01`, to: monthEnd(choice.month) };
  }
  if (choice.mode === 'year') {
    const year = Number(choice.year);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) return { problem: 'dash_export_bad_year' };
    return { from: `${year}-01-01`, to: `${year}-12-31` };
  }
  return { from: `${today.slice(0, 8)}01`, to: today };
}

/** The file name a `Content-Disposition` answer gives (RFC 6266, `filename*` first), else `fallback`. */
export function dispositionName(header, fallback) {
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header || '');
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // Fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(header || '');
  const name = plain ? (plain[1] ?? plain[2]).trim() : '';
  // Only a name, never a path.
  return name.replace(/[/\\]/g, '_') || fallback;
}

/**
 * The export panel. `app` is the console, `isDisposed()` says the view closed (nothing is drawn then). The
 * panel draws itself again in place (`element()` is the section to put on the page), so choosing a period
 * or downloading never redraws the charts.
 */
export function exportsPanel(app, { isDisposed }) {
  const today = localDate();
  const state = { mode: 'this_month', month: today.slice(0, 7), year: today.slice(0, 4), busy: null, done: null, error: null, invalid: null };
  let section = null;

  function redraw(focusId = null) {
    if (isDisposed() || !section?.isConnected) return;
    const next = build();
    section.replaceWith(next);
    section = next;
    if (focusId) focusOn(focusId);
  }

  async function fetchFile(url) {
    const go = async (token) => fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: '*/*' }, credentials: 'omit', cache: 'no-store' });
    let response = await go(await app.session.accessToken());
    if (response.status === 401) {
      const renewed = await app.session.renew();
      if (renewed) response = await go(renewed.access_token);
    }
    if (!response.ok) {
      const problem = (response.headers.get('content-type') || '').includes('json') ? await response.json().catch(() => null) : null;
      throw new ApiError({ status: response.status, problem, requestId: response.headers.get('x-request-id') });
    }
    return response;
  }

  async function download(kind) {
    const period = exportPeriod(state, today);
    state.done = null;
    state.error = null;
    state.invalid = period.problem || null;
    if (period.problem) { redraw('export-invalid'); return; }
    state.busy = kind.id;
    redraw();
    const query = new URLSearchParams({ from: period.from, to: period.to, format: kind.format, ...(kind.table ? { table: kind.table } : {}), ...(app.station ? { station: app.station } : {}) });
    try {
      const response = await fetchFile(`/api/v1/stats/export?${query}`);
      const blob = await response.blob();
      if (isDisposed()) return;
      const suffix = kind.table ? `-${kind.table}` : '';
      const name = dispositionName(response.headers.get('content-disposition'), `liaison-${period.from}-${period.to}${suffix}.${kind.format}`);
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: name, class: 'visually-hidden', tabindex: '-1' }, name);
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      state.done = { file: name, ...period };
    } catch (err) {
      state.error = err;
    }
    state.busy = null;
    if (!isDisposed()) redraw(state.error ? 'export-problem' : 'export-done');
  }

  const radio = (mode, label) => h('label', { class: 'choice', for: `export-mode-${mode}` },
    h('input', { type: 'radio', name: 'export-mode', id: `export-mode-${mode}`, value: mode, checked: state.mode === mode, onchange: () => { state.mode = mode; state.invalid = null; redraw(`export-mode-${mode}`); } }),
    t(label));

  function build() {
    return h('section', { class: 'panel', 'aria-labelledby': 'export-title', id: 'exports' },
      h('h2', { id: 'export-title' }, t('dash_export')),
      h('p', { class: 'hint' }, t('dash_export_hint')),
      h('fieldset', { class: 'choices' },
        h('legend', {}, t('dash_export_period')),
        radio('this_month', 'dash_export_this_month'), radio('month', 'dash_export_month'), radio('year', 'dash_export_year')),
      h('div', { class: 'inline-fields' },
        state.mode === 'month' ? h('div', { class: 'field' }, h('label', { for: 'export-month' }, t('dash_export_month_field')),
          h('input', { type: 'month', id: 'export-month', value: state.month, min: '2000-01', max: '2100-12', oninput: (e) => { state.month = e.target.value; } })) : null,
        state.mode === 'year' ? h('div', { class: 'field' }, h('label', { for: 'export-year' }, t('dash_export_year_field')),
          h('input', { type: 'number', id: 'export-year', value: state.year, min: '2000', max: '2100', step: '1', inputmode: 'numeric', oninput: (e) => { state.year = e.target.value; } })) : null),
      state.invalid ? notice('error', t(state.invalid), { id: 'export-invalid' }) : null,
      h('div', { class: 'actions tight' }, FORMATS.map((kind) => h('button', {
        type: 'button', class: 'btn small', id: kind.id, disabled: Boolean(state.busy), 'aria-busy': state.busy === kind.id ? 'true' : null, onclick: () => download(kind),
      }, t(kind.label)))),
      state.busy ? h('p', { class: 'loading', role: 'status', id: 'export-busy' }, t('dash_export_busy')) : null,
      state.error ? problemNotice(state.error, { id: 'export-problem' }) : null,
      state.done ? notice('ok', t('dash_export_done', state.done), { id: 'export-done' }) : null);
  }

  return {
    /** The panel as it is now (a new element each time the page is drawn, e.g. in the other language). */
    element() {
      section = build();
      return section;
    },
  };
}
