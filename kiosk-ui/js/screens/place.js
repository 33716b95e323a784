// Report step 4: where, in three steps on one screen (`state.view.stage`). First the community — or 就在本站附近,
// a choice of its own: nothing is chosen until the resident chooses, and 下一步 asks for a choice —, then the
// building in it (gathered from its grids; or just a grid, or 不知道楼号), then unit and floor on a big keypad
// (both optional). A building with unit and floor becomes the report's address line ("和谐里3号楼 2单元 5层").

import { state, editDraft, editView, chooseNearStation, chooseArea, chooseBuilding, chooseWithoutBuilding } from '../state.js';
import { h } from '../dom.js';
import { t, pick } from '../i18n.js';
import { go } from '../router.js';
import { button, stepHeader, navRow } from '../ui.js';

const DIGITS = { unit: 2, floor: 3 };

// ---- The station's places (GET /api/v1/stations/{code}/places, without streets and districts) -------------------

/** The places at the top of the station's list (its communities): those whose parent is not in the list. */
function topPlaces() {
  const codes = new Set(state.places.map((p) => p.code));
  return state.places.filter((p) => !p.parent || !codes.has(p.parent));
}

const childrenOf = (place) => state.places.filter((p) => p.parent === place.code);

/** The places inside `place` (its grids), at any depth. */
const placesIn = (place) => childrenOf(place).flatMap((child) => [child, ...placesIn(child)]);

/** Every building in `place` and in the places inside it, each with the place (grid) it is listed in. */
const buildingsIn = (place) => [place, ...placesIn(place)].flatMap((area) => (area.buildings ?? []).map((building) => ({ building, grid: area })));

/** Whether there is anything to choose inside `place` (buildings or grids). */
const hasInside = (place) => buildingsIn(place).length > 0 || childrenOf(place).length > 0;

// ---- What was chosen, in words --------------------------------------------------------------------------------

/** The report's address line: the building with unit and floor, in Chinese (what the station's staff read). */
export function placeAddress(draft) {
  if (!draft.building) return '';
  return [draft.building.name, draft.unit && `${draft.unit}单元`, draft.floor && `${draft.floor}层`].filter(Boolean).join(' ');
}

/** The building with unit and floor as the resident reads it (in the language on screen). */
function buildingLine(draft) {
  return [draft.building.name, draft.unit && t('unit_n', { n: draft.unit }), draft.floor && t('floor_n', { n: draft.floor })]
    .filter(Boolean).join(' ');
}

/** The place in full (the review step): community, grid or building with unit and floor, or near the station. */
export function placeLabel(draft = state.draft) {
  if (draft.nearStation) return placeDefaultText();
  if (!draft.area) return t('place_none');
  const parts = [pick(draft.area.name)];
  if (draft.building) parts.push(buildingLine(draft));
  else if (draft.grid && draft.grid.code !== draft.area.code) parts.push(pick(draft.grid.name));
  const label = parts.join(' · ');
  return draft.buildingUnknown ? `${label}（${t('place_building_unknown')}）` : label;
}

/** Where "back" from the next step returns: the last of the three the resident went through. */
export function lastStage(draft = state.draft) {
  if (draft.building) return 'unit';
  if (draft.area && hasInside(draft.area)) return 'building';
  return 'area';
}

// ---- The screen -----------------------------------------------------------------------------------------------

export function render() {
  const stage = state.view.stage ?? 'area';
  if (stage === 'unit' && state.draft.building) return renderUnitFloor();
  if (stage === 'building' && state.draft.area) return renderBuildings();
  return renderAreas();
}

const choice = (label, kind, pressed, onclick, attrs = {}) => h('button', {
  type: 'button', class: 'choice', 'aria-pressed': String(pressed), onclick, ...attrs,
}, h('span', {}, label), kind ? h('span', { class: 'kind' }, kind) : null);

/** Where a polite word appears when 下一步 is pressed before a choice. */
const messageLine = () => h('p', { class: 'error', role: 'status', id: 'place-error' });

function pickArea(area) {
  chooseArea(area);
  if (hasInside(area)) go('place', { stage: 'building' });
  else go('contact');
}

function renderAreas() {
  const { draft } = state;
  const message = messageLine();
  const choices = topPlaces().map((p) => choice(pick(p.name), kindOf(p), !draft.nearStation && draft.area?.code === p.code,
    () => pickArea(p), { 'data-place': p.code }));
  choices.push(choice(placeDefaultText(), null, draft.nearStation, () => { chooseNearStation(); go('contact'); },
    { 'data-place': 'station', class: 'choice near' }));
  return [
    ...stepHeader(4, t('place_title'), t('place_area_hint')),
    h('div', { class: 'choices cols', role: 'group', 'aria-label': t('place_title') }, choices),
    message,
    navRow(() => go('photos'), () => {
      if (state.draft.nearStation) go('contact');
      else if (state.draft.area) pickArea(state.draft.area);
      else message.textContent = t('place_choose_first');
    }),
  ];
}

function renderBuildings() {
  const { draft } = state;
  const { area } = draft;
  const message = messageLine();
  const buildings = buildingsIn(area).map(({ building, grid }) => choice(building.name, building.address,
    draft.building?.code === building.code, () => { chooseBuilding(building, grid); go('place', { stage: 'unit' }); },
    { 'data-building': building.code }));
  const others = placesIn(area).map((grid) => choice(pick(grid.name), kindOf(grid), !draft.building && draft.grid?.code === grid.code,
    () => { chooseWithoutBuilding(grid); go('contact'); }, { 'data-place': grid.code }));
  others.push(choice(t('place_building_unknown'), null, draft.buildingUnknown, () => { chooseWithoutBuilding(null); go('contact'); },
    { 'data-building': 'unknown', class: 'choice near' }));
  return [
    ...stepHeader(4, t('place_building_title'), t('place_in', { place: pick(area.name) })),
    buildings.length ? h('div', { class: 'choices cols', role: 'group', 'aria-label': t('place_building_title') }, buildings) : null,
    buildings.length ? h('h2', { id: 'place-not-sure' }, t('place_not_sure')) : null,
    h('div', { class: 'choices cols', role: 'group', 'aria-label': t('place_not_sure') }, others),
    message,
    navRow(() => go('place', { stage: 'area' }), () => {
      const now = state.draft;
      if (now.building) go('place', { stage: 'unit' });
      else if (now.grid || now.buildingUnknown) go('contact');
      else message.textContent = t('place_choose_building');
    }),
  ];
}

function renderUnitFloor() {
  const { draft } = state;
  const field = () => state.view.field ?? 'unit';
  const preview = h('p', { class: 'place-preview', id: 'place-preview', role: 'status', 'aria-live': 'polite' }, buildingLine(draft));
  const fieldButton = (name) => h('button', {
    type: 'button', class: 'field-pick', id: `field-${name}`, 'aria-pressed': String(field() === name),
    onclick: () => { editView({ field: name }); show(); },
  }, h('span', {}, t(`place_${name}`)), h('span', { class: 'value' }, draft[name] || '—'));
  const fields = { unit: fieldButton('unit'), floor: fieldButton('floor') };
  const nav = navRow(() => go('place', { stage: 'building' }), () => go('contact'), nextLabel());
  // Shows what was typed, which field the keys type into, and whether 下一步 skips (nothing typed).
  const show = () => {
    for (const [name, el] of Object.entries(fields)) {
      el.setAttribute('aria-pressed', String(field() === name));
      el.querySelector('.value').textContent = state.draft[name] || '—';
    }
    preview.textContent = buildingLine(state.draft);
    nav.querySelector('[data-nav="next"]').textContent = nextLabel();
  };
  const type = (change) => () => {
    const name = field();
    const value = change(state.draft[name]);
    if (value.length > DIGITS[name] || value === '0') return; // no 0单元, no 0层
    editDraft({ [name]: value });
    show();
  };
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => button(d, type((v) => v + d), 'key', { 'data-key': d }));
  keys.push(button(t('clear'), type(() => ''), 'key fn', { 'data-key': 'clear' }));
  keys.push(button('0', type((v) => v + '0'), 'key', { 'data-key': '0' }));
  keys.push(button(t('delete_key'), type((v) => v.slice(0, -1)), 'key fn', { 'data-key': 'back' }));
  return [
    ...stepHeader(4, t('place_unit_title'), `${pick(draft.area.name)} · ${draft.building.name}`),
    h('div', { class: 'two-col' },
      h('div', {},
        h('p', { class: 'hint' }, t('place_unit_hint')),
        h('div', { class: 'field-picks' }, fields.unit, fields.floor),
        preview),
      h('div', { class: 'keypad', role: 'group', 'aria-label': t('place_unit_title') }, keys)),
    nav,
  ];
}

const nextLabel = () => (state.draft.unit || state.draft.floor ? t('next') : t('place_skip_unit'));

/**
 * What kind of place it is (社区, 网格…), unless its name already says so: 光明社区 is not shown (nor read by a
 * screen reader) as 光明社区 社区.
 */
function kindOf(place) {
  const kind = t(`kind_${place.kind}`);
  return pick(place.name).toLowerCase().includes(kind.toLowerCase()) ? null : kind;
}

function placeDefaultText() {
  return state.station ? `${t('place_default')}（${pick(state.station.name)}）` : t('place_default');
}
