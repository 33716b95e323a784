// The directory's handling units tab (承办单位, administrators): the active units (`GET /api/v1/handling-units`),
// a new one made or one renamed (`PUT /api/v1/handling-units/{code}`, name in Chinese and English), and where a
// unit hears of a report a citizen reopened (`PUT …/notification-targets/{channel}`: a WeCom robot or webhook
// address, never shown back).

import { h } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { field, select, buttons } from './directory-fields.js';
import { CODE_RE } from './directory-binding.js';

export function create(ctx) {
  const { app } = ctx;
  const blank = () => ({ code: '', zh: '', en: '', channel: 'wecom_robot', target: '' });
  const state = { items: null, editing: null, form: blank(), invalid: {} };
  let turn = 0;

  async function load() {
    const mine = ++turn;
    try {
      const list = await app.session.call('/api/v1/handling-units');
      if (mine !== turn) return;
      state.items = list.items;
    } catch (err) {
      if (mine !== turn) return;
      state.items = state.items || [];
      ctx.fail(err);
      return;
    }
    ctx.render();
  }

  function open(unit) {
    ctx.clear();
    state.editing = unit ? unit.code : null;
    state.form = unit ? { ...blank(), code: unit.code, zh: unit.name.zh, en: unit.name.en } : blank();
    state.invalid = {};
    ctx.render(unit ? 'unit-zh' : 'unit-code');
  }

  function save(e) {
    e.preventDefault();
    const f = state.form;
    const code = f.code.trim();
    state.invalid = { code: CODE_RE.test(code) ? null : t('need_code'), zh: f.zh.trim() ? null : t('unit_need_name') };
    if (state.invalid.code || state.invalid.zh) {
      ctx.clear();
      ctx.render(state.invalid.code ? 'unit-code' : 'unit-zh');
      return undefined;
    }
    const renamed = state.editing !== null;
    return ctx.step(async () => {
      await app.session.call(`/api/v1/handling-units/${encodeURIComponent(code)}`, { method: 'PUT', json: { name: { zh: f.zh.trim(), en: f.en.trim() } } });
      state.editing = null;
      state.form = blank();
    }, { done: () => t(renamed ? 'unit_renamed' : 'unit_created', { name: f.zh.trim() }) });
  }

  function saveTarget(e) {
    e.preventDefault();
    const f = state.form;
    state.invalid = { target: f.target.trim() ? null : t('target_need_value') };
    if (state.invalid.target) {
      ctx.clear();
      ctx.render('unit-target');
      return undefined;
    }
    return ctx.step(async () => {
      await app.session.call(`/api/v1/handling-units/${encodeURIComponent(f.code)}/notification-targets/${f.channel}`, { method: 'PUT', json: { target: f.target.trim() } });
      f.target = '';
    }, { done: () => t('unit_target_saved', { name: f.zh }), reload: false });
  }

  function editor() {
    const f = state.form;
    const renaming = state.editing !== null;
    return h('section', { class: 'panel', id: 'unit-editor', 'aria-labelledby': 'unit-form-title' },
      h('form', { id: 'unit-form', novalidate: true, onsubmit: save },
        h('h2', { id: 'unit-form-title', tabindex: '-1' }, renaming ? t('unit_rename_title', { code: f.code }) : t('unit_new_title')),
        renaming ? null : field({ id: 'unit-code', label: t('field_code'), hint: t('code_hint'), object: f, key: 'code', error: state.invalid.code, maxlength: '64', autocomplete: 'off' }),
        h('div', { class: 'two-fields' },
          field({ id: 'unit-zh', label: t('field_name_zh'), object: f, key: 'zh', error: state.invalid.zh, maxlength: '100' }),
          field({ id: 'unit-en', label: t('field_name_en'), object: f, key: 'en', maxlength: '200', lang: 'en' })),
        buttons(
          h('button', { type: 'submit', class: 'btn primary', id: 'unit-save', disabled: ctx.busy }, t(renaming ? 'unit_rename' : 'unit_create')),
          renaming ? h('button', { type: 'button', class: 'btn', id: 'unit-cancel', 'aria-keyshortcuts': 'Escape', onclick: () => open(null) }, t('cancel')) : null)),
      renaming ? h('form', { class: 'inline-fields', id: 'unit-target-form', novalidate: true, onsubmit: saveTarget, 'aria-labelledby': 'unit-target-title' },
        h('h3', { id: 'unit-target-title', class: 'form-title' }, t('unit_target_title')),
        select({ id: 'unit-channel', label: t('target_channel'), object: f, key: 'channel', options: ['wecom_robot', 'webhook'].map((c) => [c, t(`notify_${c}`)]) }),
        field({ id: 'unit-target', label: t('target_value'), hint: t('target_hint_webhook'), object: f, key: 'target', error: state.invalid.target, maxlength: '2000', autocomplete: 'off' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn', id: 'unit-target-save', disabled: ctx.busy }, t('target_save')))) : null);
  }

  function table() {
    if (!state.items.length) return h('p', { class: 'empty', id: 'units-none' }, t('units_none'));
    return h('table', { class: 'table', id: 'units-table' },
      h('caption', {}, t('units_caption', { n: state.items.length })),
      h('thead', {}, h('tr', {}, [t('field_code'), t('field_name_zh'), t('field_name_en'), t('col_actions')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, state.items.map((u) => h('tr', { 'data-unit': u.code },
        h('td', { class: 'code' }, u.code),
        h('th', { scope: 'row', class: 'user-text' }, u.name.zh),
        h('td', { class: 'user-text', lang: 'en' }, u.name.en),
        h('td', {}, h('button', { type: 'button', class: 'btn small', id: `unit-edit-${u.code}`, disabled: ctx.busy, 'aria-label': t('unit_edit_label', { name: pick(u.name) }), onclick: () => open(u) }, t('unit_edit')))))));
  }

  /** Esc leaves a rename for a new unit, back on the unit's button. */
  function escape() {
    const code = state.editing;
    if (code === null) return false;
    open(null);
    ctx.render(`unit-edit-${code}`);
    return true;
  }

  return {
    load,
    escape,
    ready: () => state.items !== null,
    nodes: () => [editor(), state.items === null ? h('p', { class: 'loading', role: 'status' }, t('loading')) : table()],
  };
}
