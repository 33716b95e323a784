// The directory's import tab (导入名录, administrators): the same files as `liaison import` (grid boundaries as
// GeoJSON; stations, deputies, buildings and reception days as CSV), sent together to
// `POST /api/v1/directory/import` (multipart), first to check (`?dry_run=true`: what would be written) and then
// to import. The server checks everything with what is stored and writes all or nothing; the problems it finds
// (`import_invalid`) are listed by file and line (or GeoJSON feature), in its words, as text.

import { h } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';
import { buttons } from './directory-fields.js';

const FILES = [
  { part: 'areas', accept: '.geojson,.json,application/geo+json,application/json' },
  { part: 'stations', accept: '.csv,text/csv' },
  { part: 'deputies', accept: '.csv,text/csv' },
  { part: 'buildings', accept: '.csv,text/csv' },
  { part: 'schedule', accept: '.csv,text/csv' },
];
const COUNTS = ['areas', 'stations', 'deputies', 'buildings', 'reception_days'];

export function create(ctx) {
  const { app } = ctx;
  const state = { result: null, problems: null, none: false };
  // The file inputs are made once and moved into each redraw, so the files chosen stay chosen.
  const inputs = Object.fromEntries(FILES.map(({ part, accept }) => [part, h('input', {
    type: 'file', id: `import-${part}`, name: part, accept, 'aria-describedby': `import-${part}-hint`,
    onchange: () => { state.none = false; },
  })]));

  function chosen() {
    return FILES.filter(({ part }) => inputs[part].files?.length);
  }

  function send(dryRun) {
    const files = chosen();
    state.none = !files.length;
    if (state.none) {
      ctx.clear();
      state.result = null;
      state.problems = null;
      inputs.areas.setAttribute('aria-invalid', 'true');
      ctx.render('import-areas');
      return undefined;
    }
    inputs.areas.removeAttribute('aria-invalid');
    state.result = null;
    state.problems = null;
    return ctx.step(async () => {
      const form = new FormData();
      for (const { part } of files) form.append(part, inputs[part].files[0], inputs[part].files[0].name);
      try {
        state.result = await app.session.call(`/api/v1/directory/import${dryRun ? '?dry_run=true' : ''}`, { method: 'POST', form, timeoutMs: 120000 });
      } catch (err) {
        if (err?.code !== 'import_invalid') throw err;
        state.problems = Array.isArray(err.problem?.problems) ? err.problem.problems : [];
        return;
      }
      if (!dryRun) for (const { part } of files) inputs[part].value = '';
    }, { reload: false, focus: 'import-outcome' });
  }

  function where(p) {
    if (p.line !== null && p.line !== undefined) return t('import_line', { n: p.line });
    if (p.feature !== null && p.feature !== undefined) return t('import_feature', { n: p.feature });
    return '—';
  }

  function outcome() {
    if (state.problems) {
      return h('section', { class: 'panel import-problems', id: 'import-outcome', tabindex: '-1', 'aria-labelledby': 'import-problems-title' },
        h('h2', { id: 'import-problems-title' }, t('import_problems', { n: state.problems.length })),
        h('table', { class: 'table', id: 'import-problems-table' },
          h('caption', { class: 'visually-hidden' }, t('import_problems', { n: state.problems.length })),
          h('thead', {}, h('tr', {}, [t('import_col_file'), t('import_col_where'), t('import_col_problem')].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, state.problems.map((p) => h('tr', { 'data-file': p.file ?? '', 'data-line': p.line ?? '', 'data-feature': p.feature ?? '' },
            h('td', {}, FILES.some((f) => f.part === p.file) ? t(`import_file_${p.file}`) : p.file || '—'),
            h('td', { class: 'num' }, where(p)),
            h('td', { class: 'user-text', lang: 'en' }, p.message))))));
    }
    const r = state.result;
    if (!r) return null;
    // The records in each file (`read`), and what writing them did to the stored ones (`written`: none on a check).
    const read = r.read || (r.written && !('inserted' in r.written) ? r.written : {});
    const written = r.written && 'inserted' in r.written ? r.written : null;
    return h('section', { class: 'panel', id: 'import-outcome', tabindex: '-1', 'aria-labelledby': 'import-result-title', 'data-dry-run': r.dry_run ? 'true' : 'false' },
      h('h2', { id: 'import-result-title' }, t(r.dry_run ? 'import_checked' : 'import_done')),
      h('table', { class: 'table compact', id: 'import-counts' },
        h('caption', { class: 'visually-hidden' }, t(r.dry_run ? 'import_checked' : 'import_done')),
        h('thead', {}, h('tr', {}, [t('import_col_what'), t('import_col_read')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, COUNTS.map((k) => h('tr', { 'data-count': k }, h('th', { scope: 'row' }, t(`import_count_${k}`)), h('td', { class: 'num' }, String(read[k] ?? 0)))))),
      written ? h('p', { id: 'import-written' }, t('import_written', { inserted: written.inserted, updated: written.updated, unchanged: written.unchanged })) : null,
      r.accounts_bound ? h('p', { id: 'import-bound' }, t('import_bound', { n: r.accounts_bound })) : null,
      r.dry_run ? h('p', { class: 'hint' }, t('import_checked_next')) : null);
  }

  return {
    load: async () => ctx.render(),
    ready: () => true,
    nodes() {
      return [
        h('form', { class: 'directory-form', id: 'import-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); send(true); }, 'aria-labelledby': 'import-title' },
          h('h2', { id: 'import-title' }, t('import_title')),
          h('p', { class: 'hint' }, t('import_intro')),
          FILES.map(({ part }) => h('div', { class: 'field' },
            h('label', { for: `import-${part}` }, t(`import_file_${part}`)),
            h('p', { class: 'hint', id: `import-${part}-hint` }, t(`import_hint_${part}`)),
            inputs[part])),
          state.none ? h('p', { class: 'field-error', id: 'import-none', role: 'alert' }, t('import_need_file')) : null,
          buttons(
            h('button', { type: 'submit', class: 'btn', id: 'import-check', disabled: ctx.busy }, t('import_check')),
            h('button', { type: 'button', class: 'btn primary', id: 'import-run', disabled: ctx.busy, onclick: () => send(false) }, t('import_run')))),
        outcome(),
      ];
    },
  };
}
