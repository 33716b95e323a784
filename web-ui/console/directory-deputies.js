// The directory's deputies tab: the station's deputies as the directory holds them (`GET /api/v1/directory`,
// those who left too) beside their load and whether an account can sign in for them
// (`/stations/{code}/workload`); each one's page (edit, channels, account: directory-deputy.js, at
// `#/directory/deputies/{code}`), a new one, a one-time binding code shown once with its QR code
// (`POST /api/v1/deputies/{code}/binding-codes`), and retiring one (`DELETE /api/v1/deputies/{code}`) after a
// confirmation. Names are shown as text.

import { h } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { bindingCodes } from './directory-binding.js';

export function create(ctx) {
  if (ctx.item) return import('./directory-deputy.js').then((m) => m.create(ctx));
  return listing(ctx);
}

function listing(ctx) {
  const { app } = ctx;
  const state = { items: null, confirm: null };
  let turn = 0;

  async function load() {
    const mine = ++turn;
    if (!app.station) {
      state.items = [];
      ctx.render();
      return;
    }
    try {
      const [directory, workload] = await Promise.all([
        app.session.call('/api/v1/directory'),
        app.session.call(`/api/v1/stations/${encodeURIComponent(app.station)}/workload`).catch(() => ({ items: [] })),
      ]);
      if (mine !== turn) return;
      const loads = new Map(workload.items.map((w) => [w.code, w]));
      state.items = directory.deputies.filter((d) => (d.stations || []).includes(app.station))
        .map((d) => ({ ...d, load: loads.get(d.code) || null }))
        .sort((a, b) => (a.status === 'left') - (b.status === 'left') || a.code.localeCompare(b.code));
    } catch (err) {
      if (mine !== turn) return;
      state.items = state.items || [];
      ctx.fail(err);
      return;
    }
    ctx.render();
  }

  const binding = bindingCodes(ctx);
  const bindingCode = (d) => {
    state.confirm = null;
    return binding.make(d);
  };

  const retire = (d) => {
    state.confirm = null;
    binding.forget();
    return ctx.step(() => app.session.call(`/api/v1/deputies/${encodeURIComponent(d.code)}`, { method: 'DELETE' }),
      { done: () => t('deputy_retired', { name: pick(d.name) }) });
  };

  function confirmRetire(d) {
    ctx.clear();
    binding.forget();
    state.confirm = d;
    ctx.render('retire-title');
  }

  function confirmation() {
    const d = state.confirm;
    if (!d) return null;
    const open = d.load?.open_reports || 0;
    return h('section', { class: 'panel confirm', id: 'retire-confirm', 'aria-labelledby': 'retire-title' },
      h('h2', { id: 'retire-title', tabindex: '-1' }, t('retire_title', { name: pick(d.name) })),
      h('p', {}, t('retire_what')),
      open ? h('p', { class: 'notice notice-warn', id: 'retire-open' }, t('retire_open', { n: open })) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn danger', id: 'retire-yes', disabled: ctx.busy, onclick: () => retire(d) }, t('retire_yes')),
        h('button', { type: 'button', class: 'btn', id: 'retire-no', 'aria-keyshortcuts': 'Escape', onclick: () => closeConfirm() }, t('cancel'))));
  }

  function closeConfirm() {
    const d = state.confirm;
    if (!d) return false;
    state.confirm = null;
    ctx.render(`retire-${d.code}`);
    return true;
  }

  function row(d) {
    const left = d.status === 'left';
    const name = pick(d.name);
    return h('tr', { 'data-deputy': d.code, 'data-status': d.status, class: left ? 'retired' : null },
      h('th', { scope: 'row' }, h('a', { href: `#/directory/deputies/${encodeURIComponent(d.code)}`, class: 'row-link', id: `edit-${d.code}` }, h('span', { class: 'user-text' }, name), `（${d.code}）`)),
      h('td', {}, t(`level_${d.level}`) === `level_${d.level}` ? d.level : t(`level_${d.level}`)),
      h('td', {}, t(`deputy_${d.status}`)),
      h('td', { class: 'num' }, d.load ? String(d.load.open_reports) : '—'),
      h('td', { class: 'num' }, d.load ? String(d.load.overdue_reports) : '—'),
      h('td', {}, left ? '—' : t(d.load?.bound ? 'bound_yes' : 'bound_no')),
      h('td', { class: 'row-actions' }, left ? null : [
        h('button', { type: 'button', class: 'btn small', id: `binding-${d.code}`, disabled: ctx.busy, onclick: () => bindingCode(d), 'aria-label': t(d.load?.bound ? 'binding_again_label' : 'binding_make_label', { name }) },
          t(d.load?.bound ? 'binding_again' : 'binding_make')),
        h('button', { type: 'button', class: 'btn small', id: `retire-${d.code}`, disabled: ctx.busy, onclick: () => confirmRetire(d), 'aria-label': t('retire_label', { name }) }, t('retire')),
      ]));
  }

  function table() {
    if (!state.items.length) return h('p', { class: 'empty', id: 'deputies-none' }, t('deputies_none'));
    return h('table', { class: 'table', id: 'deputies-table' },
      h('caption', {}, t('deputies_caption', { n: state.items.filter((d) => d.status !== 'left').length })),
      h('thead', {}, h('tr', {}, [t('col_deputy'), t('deputy_level'), t('col_status'), t('col_open'), t('col_overdue'), t('col_bound'), t('col_actions')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, state.items.map(row)));
  }

  return {
    load,
    ready: () => state.items !== null,
    nodes() {
      return [
        binding.nodes(),
        confirmation(),
        h('div', { class: 'actions no-print' }, h('a', { href: '#/directory/deputies/new', class: 'btn', id: 'deputy-new' }, t('deputy_new'))),
        state.items === null ? h('p', { class: 'loading', role: 'status' }, t('loading')) : table(),
      ];
    },
    escape: closeConfirm,
    dispose: () => binding.dispose(),
  };
}
