// The directory's categories tab (类别, administrators): the categories in the order kiosks show them, as the
// directory holds them (`GET /api/v1/directory`), and one made or edited at `#/directory/categories/{code}` (or
// `…/new`) with `PUT /api/v1/categories/{code}`, which replaces the entry: name and description in both
// languages, the working days for each step, whether staff assess every report first, the numbers to call
// now, the drawing's name; what the form does not show (tap phrases, hours for urgent steps) is sent as it was.

import { h } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { field, choices, buttons } from './directory-fields.js';
import { CODE_RE } from './directory-binding.js';

const LINES = ['110', '119', '120', '12345'];
const DAYS = ['accept', 'answer', 'reply'];

export function create(ctx) {
  const { app } = ctx;
  const editing = ctx.item;
  const fresh = editing === 'new';
  const state = { items: null, record: null, form: null, invalid: {}, missing: false };
  let turn = 0;

  function formOf(c) {
    return {
      code: '', name_zh: c?.name.zh || '', name_en: c?.name.en || '', description_zh: c?.description.zh || '', description_en: c?.description.en || '',
      accept: String(c?.accept_deadline_working_days ?? 3), answer: String(c?.answer_deadline_working_days ?? 15), reply: String(c?.reply_deadline_working_days ?? 10),
      sensitive: c?.sensitive ? ['yes'] : [], emergency: [...(c?.emergency || [])], icon: c?.icon || '',
    };
  }

  async function load() {
    const mine = ++turn;
    try {
      const directory = await app.session.call('/api/v1/directory');
      if (mine !== turn) return;
      state.items = directory.categories;
      if (editing) {
        state.record = fresh ? null : state.items.find((c) => c.code === editing) || null;
        state.missing = !fresh && !state.record;
        state.form = formOf(state.record);
      }
    } catch (err) {
      if (mine !== turn) return;
      state.items = state.items || [];
      ctx.fail(err);
      return;
    }
    ctx.render();
  }

  function save(e) {
    e.preventDefault();
    const f = state.form;
    const code = fresh ? f.code.trim() : editing;
    const days = Object.fromEntries(DAYS.map((d) => [d, Number(f[d])]));
    state.invalid = {
      code: fresh && !CODE_RE.test(code) ? t('need_code') : null,
      name: f.name_zh.trim() ? null : t('category_need_name'),
      ...Object.fromEntries(DAYS.map((d) => [d, Number.isInteger(days[d]) && days[d] >= 1 && days[d] <= 130 ? null : t('category_need_days')])),
      icon: !f.icon.trim() || /^[a-z0-9_]{1,64}$/.test(f.icon.trim()) ? null : t('category_need_icon'),
    };
    const first = Object.entries(state.invalid).find(([, v]) => v);
    if (first) {
      ctx.clear();
      ctx.render({ code: 'category-code', name: 'category-name-zh', icon: 'category-icon' }[first[0]] || `category-${first[0]}`);
      return undefined;
    }
    const r = state.record;
    const body = {
      name: { zh: f.name_zh.trim(), en: f.name_en.trim() },
      description: { zh: f.description_zh.trim(), en: f.description_en.trim() },
      accept_deadline_working_days: days.accept, answer_deadline_working_days: days.answer, reply_deadline_working_days: days.reply,
      sensitive: f.sensitive.includes('yes'), emergency: LINES.filter((l) => f.emergency.includes(l)), icon: f.icon.trim() || null,
      phrases: r?.phrases || [],
      accept_deadline_hours: r?.accept_deadline_hours ?? null, reply_deadline_hours: r?.reply_deadline_hours ?? null, answer_deadline_hours: r?.answer_deadline_hours ?? null,
    };
    return ctx.step(async () => {
      await app.session.call(`/api/v1/categories/${encodeURIComponent(code)}`, { method: 'PUT', json: body });
      app.flash = { kind: 'ok', text: t(fresh ? 'category_created' : 'category_saved', { name: body.name.zh }) };
      app.go('#/directory/categories');
    }, { reload: false });
  }

  function form() {
    const f = state.form;
    const number = (d) => field({ id: `category-${d}`, label: t(`category_${d}_days`), object: f, key: d, type: 'number', min: '1', max: '130', step: '1', inputmode: 'numeric', error: state.invalid[d] });
    return h('form', { class: 'directory-form', id: 'category-form', novalidate: true, onsubmit: save, 'aria-labelledby': 'category-form-title' },
      h('h2', { id: 'category-form-title', tabindex: '-1' }, fresh ? t('category_new') : t('category_edit_title', { name: pick(state.record.name) })),
      fresh ? field({ id: 'category-code', label: t('field_code'), hint: t('code_hint'), object: f, key: 'code', error: state.invalid.code, maxlength: '64', autocomplete: 'off' }) : null,
      h('div', { class: 'two-fields' },
        field({ id: 'category-name-zh', label: t('field_name_zh'), object: f, key: 'name_zh', error: state.invalid.name, maxlength: '20' }),
        field({ id: 'category-name-en', label: t('field_name_en'), object: f, key: 'name_en', maxlength: '60', lang: 'en' })),
      field({ id: 'category-description-zh', label: t('category_description_zh'), object: f, key: 'description_zh', multiline: true, maxlength: '200' }),
      field({ id: 'category-description-en', label: t('category_description_en'), object: f, key: 'description_en', multiline: true, maxlength: '400', lang: 'en' }),
      h('div', { class: 'three-fields' }, DAYS.map(number)),
      choices({ id: 'category-sensitive', legend: t('category_sensitive'), object: f, key: 'sensitive', options: [['yes', t('category_sensitive_yes')]] }),
      choices({ id: 'category-emergency', legend: t('category_emergency'), hint: t('category_emergency_hint'), object: f, key: 'emergency', options: LINES.map((l) => [l, l]) }),
      field({ id: 'category-icon', label: t('category_icon'), hint: t('category_icon_hint'), object: f, key: 'icon', error: state.invalid.icon, maxlength: '64', autocomplete: 'off' }),
      buttons(
        h('button', { type: 'submit', class: 'btn primary', id: 'category-save', disabled: ctx.busy }, t(fresh ? 'category_create' : 'save')),
        h('a', { href: '#/directory/categories', class: 'btn', id: 'category-cancel' }, t('cancel'))));
  }

  function table() {
    if (!state.items.length) return h('p', { class: 'empty' }, t('categories_none'));
    const days = (c) => t('category_days', { accept: c.accept_deadline_working_days, answer: c.answer_deadline_working_days, reply: c.reply_deadline_working_days });
    return h('table', { class: 'table', id: 'categories-table' },
      h('caption', {}, t('categories_caption', { n: state.items.length })),
      h('thead', {}, h('tr', {}, [t('field_code'), t('col_category'), t('category_deadlines'), t('category_sensitive'), t('category_emergency'), t('col_actions')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, state.items.map((c) => h('tr', { 'data-category': c.code },
        h('td', { class: 'code' }, c.code),
        h('th', { scope: 'row', class: 'user-text' }, pick(c.name)),
        h('td', {}, days(c)),
        h('td', {}, c.sensitive ? t('yes') : t('no')),
        h('td', {}, (c.emergency || []).join('、') || '—'),
        h('td', {}, h('a', { href: `#/directory/categories/${encodeURIComponent(c.code)}`, class: 'btn small', id: `category-edit-${c.code}`, 'aria-label': t('category_edit_label', { name: pick(c.name) }) }, t('category_edit')))))));
  }

  return {
    load,
    ready: () => (editing ? state.form !== null || state.missing : state.items !== null),
    nodes() {
      if (!editing) {
        return [
          h('div', { class: 'actions' }, h('a', { href: '#/directory/categories/new', class: 'btn', id: 'category-new' }, t('category_new'))),
          state.items === null ? h('p', { class: 'loading', role: 'status' }, t('loading')) : table(),
        ];
      }
      const back = h('nav', { class: 'crumbs', 'aria-label': t('crumbs_label') }, h('a', { href: '#/directory/categories', id: 'back' }, t('back_to_categories')));
      if (state.missing) return [back, h('p', { class: 'empty', id: 'category-missing' }, t('category_missing', { code: editing }))];
      return [back, state.form ? form() : h('p', { class: 'loading', role: 'status' }, t('loading'))];
    },
  };
}
