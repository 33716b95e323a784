// Report step 4: where, as the station itself (the default), one of its communities or grids, or a building.

import { state, editDraft } from '../state.js';
import { h } from '../dom.js';
import { t, pick } from '../i18n.js';
import { go, render as rerender } from '../router.js';
import { stepHeader, navRow } from '../ui.js';

export function render() {
  const { draft } = state;
  const choice = (label, kind, pressed, onclick, attrs = {}) => h('button', {
    type: 'button', class: 'choice', 'aria-pressed': String(pressed), onclick, ...attrs,
  }, h('span', {}, label), kind ? h('span', { class: 'kind' }, kind) : null);
  const choose = (changes) => () => { editDraft(changes); rerender(); };
  const list = h('div', { class: 'choices', role: 'group', 'aria-label': t('place_title') },
    choice(placeDefaultText(), null, !draft.area, choose({ area: null, building: null }), { 'data-place': '' }),
    state.places.map((p) => choice(pick(p.name), kindOf(p), draft.area?.code === p.code,
      choose({ area: p, building: null }), { 'data-place': p.code })));
  const buildings = draft.area?.buildings?.length
    ? h('div', {}, h('h2', {}, t('place_buildings')),
      h('div', { class: 'choices' }, draft.area.buildings.map((b) => choice(b.name, b.address, draft.building?.code === b.code,
        () => { editDraft({ building: state.draft.building?.code === b.code ? null : b }); rerender(); }, { 'data-building': b.code }))))
    : null;
  return [
    ...stepHeader(4, t('place_title'), t('place_hint')),
    h('div', { class: buildings ? 'two-col' : '' }, list, buildings),
    navRow(() => go('photos'), () => go('contact')),
  ];
}

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
