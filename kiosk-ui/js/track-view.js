// A report's status, answer and public timeline, as the kiosk and the phone page show it.

import { h } from './dom.js';
import { t, pick, formatTime } from './i18n.js';

export function trackDetails(result, headingLevel = 'h2') {
  return [
    h('p', {}, t('track_status')),
    h('p', { class: 'status-big', id: 'track-status' }, pick(result.status_label)),
    h('dl', { class: 'review' },
      h('div', { class: 'review-row' }, h('dt', {}, t('track_category')), h('dd', {}, pick(result.category.name))),
      h('div', { class: 'review-row' }, h('dt', {}, t('track_submitted')), h('dd', {}, formatTime(result.submitted_at))),
      result.due_at ? h('div', { class: 'review-row' }, h('dt', {}, t('track_due')), h('dd', {}, formatTime(result.due_at))) : null),
    result.answer ? h('div', { class: 'answer' }, h(headingLevel, {}, t('track_answer')), h('p', {}, result.answer.text)) : null,
    h(headingLevel, {}, t('track_timeline')),
    h('ol', { class: 'timeline' }, result.timeline.map((e) => h('li', {}, h('time', { datetime: e.at }, formatTime(e.at)), pick(e.text)))),
  ];
}
