// A stretch of time as people in China read it (an activity's, a visit's): the day and the hours in China time
// (Asia/Shanghai), both days when it runs past midnight — "12月1日周二 14:00–16:30", "Tue 1 Dec 14:00–16:30".

import { getLang } from './i18n.js';

function parts(iso) {
  const en = getLang() === 'en';
  const date = new Date(iso);
  const day = date.toLocaleDateString(en ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', month: en ? 'short' : 'long', day: 'numeric', weekday: 'short' });
  const time = date.toLocaleTimeString(en ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
  return { day, time };
}

/** From `startIso` to `endIso`, in words; the start alone when there is no end. */
export function timeSpan(startIso, endIso = null) {
  if (!startIso || Number.isNaN(new Date(startIso).getTime())) return '';
  const start = parts(startIso);
  if (!endIso) return `${start.day} ${start.time}`;
  const end = parts(endIso);
  return start.day === end.day ? `${start.day} ${start.time}–${end.time}` : `${start.day} ${start.time} – ${end.day} ${end.time}`;
}
