// What the duty screens (审议意见, 议案建议, 积分档案, 述职评议) share: dates as China-time form values, the
// server's field problems (`errors[]`) in words beside the form that sent them, a step's problem or success
// notice, the overdue badge, points in words, and a file fetched with the session's token (never in an
// address) and handed to the browser through an object URL.

import { h } from '/ui/shared/dom.js';
import { t, getLang, formatDateTime } from '/ui/shared/i18n.js';
import { ApiError } from '/ui/shared/api.js';
import { problemNotice } from '/ui/shared/ui.js';
import { dispositionName } from './dashboard-exports.js';
import { localDate, span } from './format.js';

export { toLocalInput, fromLocalInput } from './activity-format.js';

const DAY_MS = 24 * 3600 * 1000;

/** `YYYY-MM-DD` (China time) `days` from now. */
export const dateFromNow = (days) => localDate(new Date(Date.now() + days * DAY_MS));

/** The instant at the end of a China-time date (`YYYY-MM-DD` → 23:59:59+08:00), or `null` when it is not one. */
export function endOfDay(value) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value || '')) return null;
  const date = new Date(`${value}T23:59:59+08:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** `iso` moved on by `months` calendar months (the day kept, or the month's last day), as the server counts. */
export function addMonths(iso, months) {
  const d = new Date(iso);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target.toISOString();
}

/** "2026年12月31日" / "31 December 2026": a date in China time. */
export function dayText(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleDateString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' });
}

/** A deadline in words with its state: past due (red, in words), else the time left. */
export function dueBadge(dueAt, overdue, now = Date.now()) {
  if (!dueAt) return null;
  const left = new Date(dueAt).getTime() - now;
  const late = overdue || left < 0;
  return h('span', { class: `badge ${late ? 'badge-overdue' : 'badge-ontime'}`, 'data-overdue': late ? 'true' : 'false', title: t('due_by', { when: formatDateTime(dueAt) }) },
    h('strong', {}, t(late ? 'duty_overdue' : 'duty_due')), ' · ', dayText(dueAt),
    late ? null : ` · ${t('due_left', { left: span(left) })}`);
}

/** Points with their sign: +3, −2, 0. */
export const pointsText = (n) => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : '0');

// The rules' and sources' names are the ones the deputy's workbench and the citizen app use: one list, in
// web-ui/shared/points.js.
export { RULES, ruleName, sourceName } from '/ui/shared/points.js';

/**
 * The problems of a 422 answer, one line each, with the form field each belongs to (`items` with its
 * `index` for `items[2]`): `${prefix}_field_${field}` names the field, `duty_code_${code}` says what is wrong.
 */
export function fieldProblems(err, prefix) {
  if (!(err instanceof ApiError) || !err.errors.length) return [];
  return err.errors.map((e) => {
    const m = /^([a-z_]+)(?:\[(\d+)\])?$/.exec(String(e.field || ''));
    const field = m ? m[1] : String(e.field || '');
    const index = m && m[2] !== undefined ? Number(m[2]) : null;
    const labelKey = `${prefix}_field_${field}`;
    let label = t(labelKey) === labelKey ? field : t(labelKey);
    if (index !== null) label = t('duty_item_n', { n: index + 1 });
    const codeKey = `duty_code_${e.code}`;
    const words = t(codeKey) === codeKey ? e.message || e.code : t(codeKey);
    return { field, index, text: `${label}${getLang() === 'en' ? ': ' : '：'}${words}` };
  });
}

/**
 * A form's problem: `{ field, text }` found before sending (said beside the field), the server's field problems
 * (a list), or any other failure explained. `null` without one.
 */
export function formProblem(problem, id, prefix, overrides = {}) {
  if (!problem) return null;
  if ('field' in problem && !(problem instanceof Error)) {
    return h('p', { class: 'field-error', id, role: 'alert', tabindex: '-1' }, problem.text);
  }
  const fields = fieldProblems(problem, prefix);
  if (fields.length) {
    return h('div', { class: 'notice notice-error', id, role: 'alert', tabindex: '-1' },
      h('p', { class: 'notice-text' }, t('duty_invalid_fields')), h('ul', {}, fields.map((p) => h('li', {}, p.text))));
  }
  return problemNotice(problem, { id, overrides });
}

/** The fields a form's problem names (`items` rows as `items:2`), to mark them invalid. */
export function badFields(problem, prefix) {
  if (!problem) return new Set();
  if ('field' in problem && !(problem instanceof Error)) return new Set([problem.index !== undefined && problem.index !== null ? `${problem.field}:${problem.index}` : problem.field]);
  return new Set(fieldProblems(problem, prefix).map((p) => (p.index === null ? p.field : `${p.field}:${p.index}`)));
}

/** A done notice, focusable so focus can move to it. */
export const doneNotice = (id, text) => (text ? h('p', { class: 'notice notice-ok', id, role: 'status', tabindex: '-1' }, text) : null);

/** A file from the API, fetched with the session's token (renewed once on a 401); the `Response`. */
export async function fetchFile(session, url) {
  const go = async (token) => fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: '*/*' }, credentials: 'omit', cache: 'no-store' });
  let response = await go(await session.accessToken());
  if (response.status === 401) {
    const renewed = await session.renew();
    if (renewed) response = await go(renewed.access_token);
  }
  if (!response.ok) {
    const problem = (response.headers.get('content-type') || '').includes('json') ? await response.json().catch(() => null) : null;
    throw new ApiError({ status: response.status, problem, requestId: response.headers.get('x-request-id') });
  }
  return response;
}

/** Hands a fetched file to the browser to save (an object URL behind an `<a download>`); the file's name. */
export async function saveResponse(response, fallback) {
  const blob = await response.blob();
  const name = dispositionName(response.headers.get('content-disposition'), fallback);
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, class: 'visually-hidden', tabindex: '-1' }, name);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return name;
}

/** Prints only what `className` on `<body>` leaves (print.css), then takes the class off. */
export function printOnly(className) {
  document.body.classList.add(className);
  const done = () => {
    document.body.classList.remove(className);
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}
