// The station's deputies: who serves here (and who is here now), and the coming reception times.

import { api } from '../api.js';
import { state, editView } from '../state.js';
import { h } from '../dom.js';
import { t, pick, getLang, formatDay } from '../i18n.js';
import { render as rerender, resetAll } from '../router.js';
import { button, title, actionBar } from '../ui.js';

const homeButton = () => actionBar(button(t('home'), resetAll, 'btn', { 'data-nav': 'home' }));

export function render() {
  const view = state.view;
  if (!view.data) {
    load(view);
    return [title(t('deputies_title')), h('p', {}, t('loading')), homeButton()];
  }
  if (view.data.failed) {
    return [title(t('deputies_title')), h('p', { class: 'error' }, t('track_offline')), homeButton()];
  }
  const { deputies, days, duty } = view.data;
  const list = (items) => items.join(getLang() === 'en' ? ', ' : '、');
  const here = new Set(duty.now.flatMap((slot) => slot.deputies.map((d) => d.code)));
  const cards = deputies.items.map((d) => h('article', { class: 'deputy' },
    h('h3', {}, pick(d.name), here.has(d.code) ? h('span', { class: 'now-badge' }, t('on_duty_now')) : null,
      d.status === 'on_leave' ? h('span', { class: 'kind' }, `（${t('on_leave')}）`) : null),
    h('p', {}, t(`level_${d.level}`)),
    pick(d.profile) ? h('p', {}, pick(d.profile)) : null,
    d.specialties.length ? h('p', { class: 'hint' }, t('specialties', { list: list(d.specialties.map((s) => pick(s.name))) })) : null));
  const slots = days.items.filter((slot) => new Date(slot.ends_at) > new Date()).slice(0, 8);
  return [
    title(t('deputies_title')),
    h('h2', {}, t('reception_title')),
    slots.length
      ? h('ul', { class: 'schedule' }, slots.map((slot) => h('li', {}, formatDay(slot.date, slot.start, slot.end), '　',
        list(slot.deputies.map((d) => pick(d.name))))))
      : h('p', {}, t('no_reception')),
    h('h2', {}, t('deputies_title')),
    h('div', { class: 'deputies' }, cards),
    homeButton(),
  ];
}

/** Fetches what the screen shows; drawn again when it arrives (unless the resident has moved on). */
function load(view) {
  const code = state.stationCode;
  Promise.all([api.deputies(code), api.receptionDays(code), api.onDuty(code)])
    .then(([deputies, days, duty]) => {
      if (state.view === view) { editView({ data: { deputies, days, duty } }); rerender(); }
    })
    .catch(() => { if (state.view === view) { editView({ data: { failed: true } }); rerender(); } });
}
