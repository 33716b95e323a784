// One deputy's page in the directory (`#/directory/deputies/{code}`, or `…/new`): the entry as the directory
// holds it (`GET /api/v1/directory`), edited and written back whole (`PUT /api/v1/deputies/{code}` replaces it:
// what this form does not show, the channels, is sent as it was): names, level, constituency, status, stations
// (administrators), the grids and buildings the deputy is the contact for (those the stations cover), the
// topics they know, the public profile. Then their portrait (set, replaced or removed: /ui/shared/portrait.js,
// read from the public profile, as the directory keeps none), where the deputy is reached (directory-channels.js)
// and their account: a binding code, or unbinding the account that signs in for them.

import { h } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { field, select, choices, buttons } from './directory-fields.js';
import { bindingCodes, CODE_RE } from './directory-binding.js';
import { channelsPanel } from './directory-channels.js';
import { portraitEditor } from '/ui/shared/portrait.js';

const LEVELS = ['national', 'provincial', 'city', 'district', 'township'];
const CONTACT_KINDS = new Set(['community', 'village', 'park', 'grid']);

export function create(ctx) {
  const { app } = ctx;
  const fresh = ctx.item === 'new';
  const code = fresh ? null : ctx.item;
  const admin = app.me.role === 'admin';
  const state = { directory: null, record: null, bound: false, missing: false, form: null, invalid: {}, unbind: false };
  const binding = bindingCodes(ctx);
  const channels = fresh ? null : channelsPanel(ctx, code);
  const portrait = fresh ? null : portraitEditor({ call: app.session.call, code, redraw: (focusId) => ctx.render(focusId) });
  let turn = 0;

  function formOf(d) {
    return {
      code: '', name_zh: d?.name.zh || '', name_en: d?.name.en || '', level: d?.level || 'district',
      constituency: d?.constituency || '', status: d?.status || 'active', stations: [...(d?.stations || (app.station ? [app.station] : []))],
      areas: [...(d?.areas || [])], buildings: [...(d?.buildings || [])], specialties: [...(d?.specialties || [])],
      profile_zh: d?.profile?.zh || '', profile_en: d?.profile?.en || '',
    };
  }

  async function load() {
    const mine = ++turn;
    try {
      const [directory, workload] = await Promise.all([
        app.session.call('/api/v1/directory'),
        app.station ? app.session.call(`/api/v1/stations/${encodeURIComponent(app.station)}/workload`).catch(() => ({ items: [] })) : { items: [] },
        // Staff may read every deputy but reach only their stations' (a 403 here hides the channels).
        channels?.load().catch(() => null),
        // Its own problems are shown in its panel.
        portrait?.load(),
      ]);
      if (mine !== turn) return;
      state.directory = directory;
      state.record = fresh ? null : directory.deputies.find((d) => d.code === code) || null;
      state.missing = !fresh && !state.record;
      state.bound = Boolean(workload.items.find((w) => w.code === code)?.bound);
      state.form = formOf(state.record);
    } catch (err) {
      if (mine !== turn) return;
      state.directory = state.directory || { deputies: [], areas: [], buildings: [], categories: [], stations: [] };
      ctx.fail(err);
      return;
    }
    ctx.render();
  }

  /** Grids and communities inside what the chosen stations cover, and the buildings standing in them. */
  function places() {
    const { areas, buildings, stations } = state.directory;
    const f = state.form;
    const parents = new Map(areas.map((a) => [a.code, a.parent]));
    const covers = new Set(stations.filter((s) => f.stations.includes(s.code)).flatMap((s) => s.covers || []));
    const covered = (code) => {
      for (let at = code, hops = 0; at && hops < 10; at = parents.get(at), hops++) if (covers.has(at)) return true;
      return false;
    };
    const areaList = areas.filter((a) => CONTACT_KINDS.has(a.kind) && (covered(a.code) || f.areas.includes(a.code)));
    const inside = new Set(areaList.map((a) => a.code));
    const buildingList = buildings.filter((b) => (b.grid && inside.has(b.grid) && covered(b.grid)) || f.buildings.includes(b.code));
    return { areaList, buildingList };
  }

  function save(e) {
    e.preventDefault();
    const f = state.form;
    const wanted = fresh ? f.code.trim() : code;
    state.invalid = {
      code: fresh && !CODE_RE.test(wanted) ? t('need_code') : null,
      name: f.name_zh.trim() ? null : t('deputy_need_name'),
      stations: f.stations.length ? null : t('deputy_need_station'),
    };
    const first = Object.entries(state.invalid).find(([, v]) => v);
    if (first) {
      ctx.clear();
      ctx.render({ code: 'deputy-code', name: 'deputy-name-zh', stations: 'deputy-stations-' + (state.directory.stations[0]?.code || '') }[first[0]]);
      return undefined;
    }
    const profile = f.profile_zh.trim() || f.profile_en.trim() ? { zh: f.profile_zh.trim(), en: f.profile_en.trim() } : null;
    const body = {
      name: { zh: f.name_zh.trim(), en: f.name_en.trim() }, level: f.level, constituency: f.constituency.trim(), status: f.status,
      stations: f.stations, areas: f.areas, buildings: f.buildings, specialties: f.specialties, profile,
      channels: state.record?.channels || [],
    };
    const name = body.name.zh;
    return ctx.step(async () => {
      await app.session.call(`/api/v1/deputies/${encodeURIComponent(wanted)}`, { method: 'PUT', json: body });
      if (fresh) {
        app.flash = { kind: 'ok', text: t('deputy_created', { name }) };
        app.go(`#/directory/deputies/${encodeURIComponent(wanted)}`);
      }
    }, { done: fresh ? null : () => t('deputy_saved', { name }), reload: !fresh });
  }

  function form() {
    const f = state.form;
    const { areaList, buildingList } = places();
    const label = (x) => `${pick(x.name)}（${x.code}）`;
    const statuses = ['active', 'on_leave', ...(state.record?.status === 'left' ? ['left'] : [])];
    const stationOptions = state.directory.stations.map((s) => [s.code, label(s)]);
    return h('form', { class: 'directory-form', id: 'deputy-form', novalidate: true, onsubmit: save, 'aria-labelledby': 'deputy-form-title' },
      h('h2', { id: 'deputy-form-title' }, t(fresh ? 'deputy_new' : 'deputy_entry')),
      fresh ? field({ id: 'deputy-code', label: t('field_code'), object: f, key: 'code', hint: t('code_hint'), error: state.invalid.code, maxlength: '64', autocomplete: 'off' }) : null,
      h('div', { class: 'two-fields' },
        field({ id: 'deputy-name-zh', label: t('field_name_zh'), object: f, key: 'name_zh', error: state.invalid.name, maxlength: '50' }),
        field({ id: 'deputy-name-en', label: t('field_name_en'), object: f, key: 'name_en', maxlength: '100', lang: 'en' })),
      h('div', { class: 'two-fields' },
        select({ id: 'deputy-level', label: t('deputy_level'), object: f, key: 'level', options: LEVELS.map((l) => [l, t(`level_${l}`)]) }),
        field({ id: 'deputy-constituency', label: t('deputy_constituency'), object: f, key: 'constituency', maxlength: '100' })),
      choices({ id: 'deputy-status', legend: t('col_status'), object: f, key: 'status', radio: true, options: statuses.map((s) => [s, t(`deputy_${s}`)]), hint: t('deputy_status_hint') }),
      admin ? choices({ id: 'deputy-stations', legend: t('deputy_stations'), object: f, key: 'stations', options: stationOptions, error: state.invalid.stations, onchange: (value) => ctx.render(`deputy-stations-${value.replace(/[^A-Za-z0-9_-]/g, '_')}`) })
        : h('p', { id: 'deputy-stations' }, h('span', { class: 'label-inline' }, t('deputy_stations')), ' ', f.stations.map((s) => label(state.directory.stations.find((x) => x.code === s) || { code: s, name: s })).join('、')),
      choices({ id: 'deputy-areas', legend: t('deputy_areas'), hint: t('deputy_areas_hint'), object: f, key: 'areas', scroll: true, options: areaList.map((a) => [a.code, label(a)]) }),
      areaList.length ? null : h('p', { class: 'hint' }, t('deputy_no_areas')),
      choices({ id: 'deputy-buildings', legend: t('deputy_buildings'), object: f, key: 'buildings', scroll: true, options: buildingList.map((b) => [b.code, `${b.name}（${b.address}）`]) }),
      choices({ id: 'deputy-specialties', legend: t('deputy_specialties'), object: f, key: 'specialties', options: state.directory.categories.map((c) => [c.code, pick(c.name)]) }),
      field({ id: 'deputy-profile-zh', label: t('deputy_profile_zh'), object: f, key: 'profile_zh', multiline: true, maxlength: '500' }),
      field({ id: 'deputy-profile-en', label: t('deputy_profile_en'), object: f, key: 'profile_en', multiline: true, maxlength: '1000', lang: 'en' }),
      buttons(h('button', { type: 'submit', class: 'btn primary', id: 'deputy-save', disabled: ctx.busy }, t(fresh ? 'deputy_create' : 'save'))));
  }

  const unbind = () => ctx.step(async () => {
    state.unbind = false;
    await app.session.call(`/api/v1/deputies/${encodeURIComponent(code)}/account`, { method: 'DELETE' });
  }, { done: () => t('deputy_unbound', { name: pick(state.record.name) }) });

  function closeUnbind() {
    if (!state.unbind) return false;
    state.unbind = false;
    ctx.render('unbind');
    return true;
  }

  function account() {
    if (fresh || state.record.status === 'left') return null;
    const name = pick(state.record.name);
    return h('section', { class: 'panel', id: 'deputy-account', 'aria-labelledby': 'account-title' },
      h('h2', { id: 'account-title' }, t('deputy_account')),
      h('p', { id: 'deputy-bound' }, t(state.bound ? 'bound_yes' : 'bound_no')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', id: `binding-${code}`, disabled: ctx.busy, onclick: () => binding.make(state.record) }, t(state.bound ? 'binding_again' : 'binding_make')),
        state.bound && !state.unbind ? h('button', { type: 'button', class: 'btn', id: 'unbind', disabled: ctx.busy, onclick: () => { state.unbind = true; ctx.render('unbind-yes'); } }, t('unbind')) : null),
      state.unbind ? h('div', { class: 'confirm', id: 'unbind-confirm' },
        h('p', { id: 'unbind-what' }, t('unbind_what', { name })),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'btn danger', id: 'unbind-yes', 'aria-describedby': 'unbind-what', disabled: ctx.busy, onclick: unbind }, t('unbind_yes')),
          h('button', { type: 'button', class: 'btn', id: 'unbind-no', 'aria-keyshortcuts': 'Escape', onclick: closeUnbind }, t('cancel')))) : null,
      binding.nodes());
  }

  /** Administrators edit anyone; staff the deputies whose every station is theirs (as the server decides). */
  function mayEdit() {
    if (admin || fresh) return true;
    const mine = app.me.stations || [];
    return state.record.stations.length > 0 && state.record.stations.every((s) => mine.includes(s));
  }

  return {
    load,
    ready: () => state.form !== null || state.missing,
    nodes() {
      const back = h('nav', { class: 'crumbs', 'aria-label': t('crumbs_label') }, h('a', { href: '#/directory/deputies', id: 'back' }, t('back_to_deputies')));
      if (state.missing) return [back, h('p', { class: 'empty', id: 'deputy-missing' }, t('deputy_missing', { code }))];
      if (!state.form) return [back, h('p', { class: 'loading', role: 'status' }, t('loading'))];
      const head = fresh ? null : h('p', { class: 'deputy-head', id: 'deputy-heading' }, h('span', { class: 'user-text' }, pick(state.record.name)), `（${code}）· ${t(`deputy_${state.record.status}`)}`);
      if (!mayEdit()) return [back, head, h('p', { class: 'empty', id: 'deputy-readonly' }, t('deputy_not_yours'))];
      return [
        back,
        head,
        form(),
        fresh || state.record.status === 'left' ? null : portrait.nodes(),
        fresh || state.record.status === 'left' ? null : channels.nodes(),
        account(),
      ];
    },
    escape: () => closeUnbind() || Boolean(portrait?.escape()),
    dispose: () => binding.dispose(),
  };
}
