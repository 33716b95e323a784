// How the workbench says times and states in words: a report's age, its deadline as a badge (on time, due
// soon, overdue: words and colour, never colour alone), which inbox tab a report belongs to.

import { h } from '/ui/shared/dom.js';
import { t, formatDateTime } from '/ui/shared/i18n.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
/** A deadline within this much time is "due soon". */
export const SOON_MS = 2 * DAY;

/** A span of time in words: minutes, hours or days. */
export function span(ms) {
  const abs = Math.abs(ms);
  if (abs < HOUR) return t('age_minutes', { n: Math.max(1, Math.round(abs / 60000)) });
  if (abs < DAY) return t('age_hours', { n: Math.round(abs / HOUR) });
  return t('age_days', { n: Math.floor(abs / DAY) });
}

/** `ontime`, `soon`, `overdue`, or `null` when the report has no running deadline. */
export function deadlineState(report, now = Date.now()) {
  if (!report.due_at) return null;
  const left = new Date(report.due_at).getTime() - now;
  if (report.overdue || left < 0) return 'overdue';
  return left < SOON_MS ? 'soon' : 'ontime';
}

/** The deadline badge: its state in words, how long is left (or over), with the date for screen readers. */
export function deadlineBadge(report, { id } = {}, now = Date.now()) {
  const state = deadlineState(report, now);
  if (!state) return h('span', { class: 'badge badge-none', id }, t('no_deadline'));
  const left = new Date(report.due_at).getTime() - now;
  const words = state === 'overdue' ? t('due_over', { left: span(left) }) : t('due_left', { left: span(left) });
  return h('span', { class: `badge badge-${state}`, id, 'data-deadline': state, title: t('due_by', { when: formatDateTime(report.due_at) }) },
    h('strong', {}, t(`badge_${state}`)), ' · ', words);
}

/** The inbox tabs, in order, and which reports each holds. */
export const TABS = [
  ['all', () => true],
  ['new', (r) => r.status === 'assigned'],
  ['accepted', (r) => r.status === 'accepted' || r.status === 'unit_replied'],
  ['forwarded', (r) => r.status === 'forwarded'],
  ['waiting', (r) => r.status === 'answered'],
  ['overdue', (r) => deadlineState(r) === 'overdue'],
];

/** Nearest deadline first; reports without one (answered, waiting for the citizen) last, oldest first. */
export function byDeadline(a, b) {
  const da = a.due_at ? new Date(a.due_at).getTime() : Infinity;
  const db = b.due_at ? new Date(b.due_at).getTime() : Infinity;
  if (da !== db) return da - db;
  return new Date(a.submitted_at).getTime() - new Date(b.submitted_at).getTime();
}

/** A status in the screen's words (the API's own label when the screen has none). */
export function statusName(status) {
  const key = `status_${status}`;
  const text = t(key);
  return text === key ? status : text;
}

/** An outcome in the screen's words. */
export function outcomeName(outcome) {
  return outcome ? t(`outcome_${outcome}`) : '';
}
