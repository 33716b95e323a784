// Report step 1: the category, as big tiles with a drawing each. On a phone, first what became of its reports
// kept earlier (sent in the background, or refused), if any.

import { state, editDraft } from '../state.js';
import { h } from '../dom.js';
import { t, pick } from '../i18n.js';
import { icon } from '../catalog.js';
import { go } from '../router.js';
import { stepHeader, navRow } from '../ui.js';
import { advises } from './emergency.js';
import { earlierReports } from './receipt.js';

export function render() {
  const tiles = state.categories.map((c) => h('button', {
    type: 'button', class: 'tile', 'data-category': c.code, 'aria-pressed': String(state.draft.category?.code === c.code),
    onclick: () => { editDraft({ category: c }); go(advises(c) ? 'emergency' : 'describe'); },
  }, h('span', { html: icon(c) }), pick(c.name)));
  return [
    ...stepHeader(1, t('choose_category'), t('choose_category_hint')),
    earlierReports(),
    h('div', { class: 'tiles' }, tiles),
    navRow(state.mode === 'kiosk' ? () => go('attract') : null, null),
  ];
}

export function outboxChanged() {
  document.getElementById('earlier-reports')?.replaceWith(earlierReports());
}
