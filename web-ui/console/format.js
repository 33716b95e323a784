// How the console says things: statuses, outcomes, channels and deadlines in words (a deadline badge says its
// state in words as well as colour), ages, rates with their numerator and denominator, local dates, and the
// table every list of reports is drawn as.

import { h } from '/ui/shared/dom.js';
import { t, pick, formatDateTime, getLang } from '/ui/shared/i18n.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
/** A deadline within this much time is "due soon". */
export const SOON_MS = 2 * DAY;

export function span(ms) {
  const abs = Math.abs(ms);
  if (abs < HOUR) return t('age_minutes', { n: Math.max(1, Math.round(abs / 60000)) });
  if (abs < DAY) return t('age_hours', { n: Math.round(abs / HOUR) });
  return t('age_days', { n: Math.floor(abs / DAY) });
}

/** `ontime`, `soon`, `overdue`, or `null` without a running deadline. */
export function deadlineState(report, now = Date.now()) {
  if (!report.due_at) return null;
  const left = new Date(report.due_at).getTime() - now;
  if (report.overdue || left < 0) return 'overdue';
  return left < SOON_MS ? 'soon' : 'ontime';
}

export function deadlineBadge(report, now = Date.now()) {
  const state = deadlineState(report, now);
  if (!state) return h('span', { class: 'badge badge-none' }, t('no_deadline'));
  const left = new Date(report.due_at).getTime() - now;
  return h('span', { class: `badge badge-${state}`, 'data-deadline': state, title: t('due_by', { when: formatDateTime(report.due_at) }) },
    h('strong', {}, t(`badge_${state}`)), ' · ', state === 'overdue' ? t('due_over', { left: span(left) }) : t('due_left', { left: span(left) }));
}

function named(prefix, value) {
  const key = `${prefix}_${value}`;
  const text = t(key);
  return text === key ? value : text;
}

export const statusName = (status) => named('status', status);
export const outcomeName = (outcome) => (outcome ? named('outcome', outcome) : '');
export const channelName = (channel) => named('channel', channel);

/** A short date and time in China time for tables: 12月1日 16:22 / 1 Dec 16:22. */
export function shortDateTime(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai', month: getLang() === 'en' ? 'short' : 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
  });
}

/** `YYYY-MM-DD` of `date` in China time. */
export function localDate(date = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** A rate as `83.3%（25/30）`, with a small-sample warning in words. */
export function rateText(rate) {
  if (!rate || rate.denominator === 0 || rate.value === null || rate.value === undefined) return t('rate_none');
  const pct = `${(rate.value * 100).toFixed(1)}%`;
  return getLang() === 'en' ? `${pct} (${rate.numerator}/${rate.denominator})` : `${pct}（${rate.numerator}/${rate.denominator}）`;
}

/** The short words people know a report by: its title, else the category. */
export function reportLabel(r) {
  return r.title || pick(r.category?.name) || r.tracking_code;
}

/**
 * A table of reports. `columns`: any of `code`, `category`, `title`, `status`, `deadline`, `level`, `deputy`,
 * `unit`, `submitted`, `extension`; `link(r)` the address a row's code opens; `selected` the id marked current;
 * `actions(r)` extra cells' contents (buttons).
 */
export function reportTable(items, { id, caption, columns, link, selected = null, actions = null }) {
  const head = {
    code: t('col_code'), category: t('col_category'), title: t('col_title'), status: t('col_status'), deadline: t('col_deadline'),
    level: t('col_level'), deputy: t('col_deputy'), unit: t('col_unit'), submitted: t('col_submitted'), extension: t('col_extension'),
    channel: t('col_channel'),
  };
  const cell = {
    code: (r) => h('a', { href: link(r), class: 'code-link', 'aria-current': r.id === selected ? 'true' : null }, r.tracking_code),
    category: (r) => pick(r.category.name),
    title: (r) => h('span', { class: 'user-text' }, r.title || t('no_title')),
    status: (r) => statusName(r.status),
    deadline: (r) => deadlineBadge(r),
    level: (r) => t(`level_${r.escalation_level || 0}`),
    deputy: (r) => (r.deputy ? `${pick(r.deputy.name)}（${r.deputy.code}）` : t('nobody')),
    unit: (r) => (r.handling_unit ? pick(r.handling_unit.name) : '—'),
    submitted: (r) => h('time', { datetime: r.submitted_at, title: formatDateTime(r.submitted_at) }, shortDateTime(r.submitted_at)),
    extension: (r) => t('extension_days', { n: r.extension_pending_days }),
    channel: (r) => channelName(r.channel),
  };
  return h('table', { class: 'table', id },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, head[c])), actions ? h('th', { scope: 'col' }, t('col_actions')) : null)),
    h('tbody', {}, items.map((r) => h('tr', { 'data-id': r.id, class: r.id === selected ? 'current' : null },
      columns.map((c) => h(c === 'code' ? 'th' : 'td', c === 'code' ? { scope: 'row' } : {}, cell[c](r))),
      actions ? h('td', { class: 'row-actions' }, actions(r)) : null))));
}
