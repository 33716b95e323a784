// How the console says an activity: its kind, status and time in words, attendance counted, the China-time
// values the form's `datetime-local` fields hold (China has kept UTC+8 all year since 1991, so a local value is
// the instant at +08:00), and the server's field problems (`errors[]`) in words for the form that sent them.

import { t, getLang } from '/ui/shared/i18n.js';
import { ApiError } from '/ui/shared/api.js';
import { timeSpan } from '/ui/shared/span.js';

export const KINDS = ['meeting', 'inspection', 'survey', 'law_enforcement_check', 'training', 'home_visit'];
export const ATTENDANCE = ['invited', 'present', 'excused', 'absent'];
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

export const kindName = (kind) => t(`act_kind_${kind}`);
export const statusName = (status) => t(`act_status_${status}`);
export const attendanceName = (value) => t(`act_att_${value}`);

/** `YYYY-MM-DDTHH:mm` in China time for an instant (a `datetime-local` field's value). */
export function toLocalInput(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16);
}

/** The RFC 3339 instant of a `datetime-local` value read as China time; `null` when it is not one. */
export function fromLocalInput(value) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value || '')) return null;
  const date = new Date(`${value}:00+08:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** "12月1日周二 14:00–16:30", or both days when it runs over midnight. */
export const whenText = (a) => timeSpan(a.starts_at, a.ends_at);

/** Whether it is on now (between its start and its end). */
export function underWay(a, now = Date.now()) {
  return a.status !== 'cancelled' && new Date(a.starts_at).getTime() <= now && now <= new Date(a.ends_at).getTime();
}

/** How many deputies are present, excused, absent, and how many were invited. */
export function counts(a) {
  const n = { present: 0, excused: 0, absent: 0, invited: 0 };
  for (const entry of a.attendance || []) {
    if (entry.invited) n.invited += 1;
    if (entry.attendance in n && entry.attendance !== 'invited') n[entry.attendance] += 1;
  }
  return n;
}

/**
 * The problems of a 422 answer, one line each ("结束时间：要晚于开始时间"), with the form field each belongs to
 * (`title`, `ends_at`, `invited` …, without a `plan.` prefix or an index); empty for any other failure.
 */
export function fieldProblems(err) {
  if (!(err instanceof ApiError) || !err.errors.length) return [];
  return err.errors.map((e) => {
    const field = String(e.field || '').replace(/^plan\./, '').replace(/\[\d+\]$/, '');
    const label = t(`act_field_${field}`);
    const words = t(`act_field_${e.code}`);
    return {
      field,
      text: `${label === `act_field_${field}` ? field : label}${getLang() === 'en' ? ': ' : '：'}${words === `act_field_${e.code}` ? e.message || e.code : words}`,
    };
  });
}
