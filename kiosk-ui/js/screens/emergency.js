// Between the category and the description, for categories the station flagged: "if it is an emergency, call
// 110 / 119 / 120 / 12345 now" — a report to the station takes days. The resident can still go on and report.

import { state } from '../state.js';
import { h } from '../dom.js';
import { t, pick } from '../i18n.js';
import { go } from '../router.js';
import { title, navRow } from '../ui.js';

/** Whether a category asks for the advice before the resident describes the problem. */
export const advises = (category) => Boolean(category?.emergency_advice && category.emergency?.length);

export function render() {
  const category = state.draft.category;
  // On a phone the numbers can be dialled; the kiosk has no telephone.
  const dialable = state.mode === 'web';
  const numbers = (category?.emergency ?? []).map((number) => h('li', { class: 'emergency-number' },
    dialable ? h('a', { href: `tel:${number}`, 'data-number': number }, number) : h('span', { 'data-number': number }, number)));
  return [
    title(t('emergency_title')),
    h('p', { class: 'notice emergency-advice', role: 'alert' }, pick(category?.emergency_advice)),
    h('ul', { class: 'emergency-numbers', 'aria-label': t('emergency_numbers') }, numbers),
    h('p', { class: 'hint' }, t('emergency_still_report')),
    navRow(() => go('category'), () => go('describe'), t('emergency_continue')),
  ];
}
