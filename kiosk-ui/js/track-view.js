// A report's status, answer and public timeline, and the resident's rating of the answer, as the kiosk and the
// phone page show them.

import { api } from './api.js';
import { h } from './dom.js';
import { t, pick, formatTime, addStrings } from './i18n.js';

addStrings({
  zh: { track_not_arrived: '这个查询码的反映保存在一体机上，还没有送到。网络恢复后会自动送出，请稍后再查。' },
  en: { track_not_arrived: 'This report was saved on a kiosk and has not arrived yet. It is sent once the kiosk is back online; please check again later.' },
});

/** What the resident looks for first: where the report is now, and the answer once there is one. */
export function trackStatus(result) {
  return [
    h('p', { class: 'status-line' }, h('span', {}, t('track_status')),
      h('span', { class: 'status-big', id: 'track-status' }, pick(result.status_label))),
    result.answer ? h('div', { class: 'answer', id: 'track-answer' }, h('h2', {}, t('track_answer')), h('p', {}, result.answer.text)) : null,
  ];
}

/** The rest, under the answer and the rating: the category, dates, and what has happened so far. */
export function trackHistory(result) {
  return [
    h('dl', { class: 'review track-facts' },
      h('div', { class: 'review-row' }, h('dt', {}, t('track_category')), h('dd', {}, pick(result.category.name))),
      h('div', { class: 'review-row' }, h('dt', {}, t('track_submitted')), h('dd', {}, formatTime(result.submitted_at))),
      result.due_at ? h('div', { class: 'review-row' }, h('dt', {}, t('track_due')), h('dd', {}, formatTime(result.due_at))) : null),
    h('h2', {}, t('track_timeline')),
    h('ol', { class: 'timeline' }, result.timeline.map((e) => h('li', {}, h('time', { datetime: e.at }, formatTime(e.at)), pick(e.text)))),
  ];
}

const VERDICTS = [['satisfied', 'rate_satisfied'], ['mostly', 'rate_mostly'], ['not_satisfied', 'rate_not']];

/** The rating's question (`rate-title`) and its three answers as big buttons, `selected` pressed. */
export function verdictChoices(selected, onPick) {
  return [
    h('h2', { id: 'rate-title' }, t('rate_title')),
    h('div', { class: 'choices verdicts', role: 'group', 'aria-labelledby': 'rate-title' }, VERDICTS.map(([value, key]) => h('button', {
      type: 'button', class: 'choice', 'data-verdict': value, 'aria-pressed': String(selected === value),
      onclick: () => onPick(value),
    }, t(key)))),
  ];
}

/** The rating the resident gave, once there is one. */
export function verdictLine(result) {
  return result.verdict ? h('p', { class: 'status-big', id: 'verdict' }, t('your_verdict', { v: t(`verdict_${result.verdict}`) })) : null;
}

/**
 * A resident's step with the tracking code (rate, or answer the follow-up question): `{ result }` (the report
 * as it is now) or `{ error }`, what went wrong in plain words.
 */
export async function sendStep(trackingCode, action) {
  try {
    return { result: await api.trackAction(trackingCode, action) };
  } catch (err) {
    return { error: t('rate_failed', { why: stepFailure(err) }) };
  }
}

/** Why a code could not be looked up, in the resident's words (shared by the kiosk's tracking and the phone page). */
export function lookupFailure(err) {
  if (err.offline) return t('track_offline');
  if (err.code === 'report_not_arrived') return t('track_not_arrived');
  if (err.status === 404) return t('track_not_found');
  return t('track_bad');
}

function stepFailure(err) {
  if (err.offline) return t('track_offline');
  if (err.status === 404) return t('track_not_found');
  if (err.status === 409) return t('rate_not_now');
  if (err.status === 429) return t('rate_too_often');
  return t('rate_try_later');
}
