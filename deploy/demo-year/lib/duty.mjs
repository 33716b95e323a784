// Deputies' duties of each month (履职): staff schedule two reception slots per station, the station's deputies
// taking them in turn, and plan an activity inviting the station's deputies; on the day, deputies check in with
// the code the activity's QR carries, staff mark the others present, excused or absent, record the minutes and
// the findings and mark it held. A reception slot is held by the time passing with deputies on duty, who file
// for the residents they receive (reports.mjs).

import { ACTIVITIES, MINUTES } from './catalog.mjs';
import { chinaDay, chinaTime } from './clock.mjs';

const KINDS = ['meeting', 'survey', 'inspection', 'home_visit', 'law_enforcement_check', 'training'];
const pad = (n) => String(n).padStart(2, '0');

/** The next `count` deputies of the station's rota. */
function onDuty(station, count) {
  station.rota ??= 0;
  const out = [];
  for (let i = 0; i < Math.min(count, station.deputies.length); i++) {
    out.push(station.deputies[(station.rota + i) % station.deputies.length]);
  }
  station.rota = (station.rota + count) % station.deputies.length;
  return out;
}

/**
 * Staff plan the month: a reception slot on `days.reception1` (morning) and on `days.activity` (afternoon) at
 * every station, and an activity on `days.activity` morning. `inspections` maps a station code to the title of
 * the inspection a review opinion will be written from this month.
 */
export async function planMonth(ctx, days, inspections = new Map()) {
  const { api, sessions, year, month, counts } = ctx;
  ctx.slots = [];
  ctx.activities = [];
  for (const [i, station] of ctx.stations.entries()) {
    const staff = await sessions.token(station.staff);
    for (const [day, start, end] of [[days.reception1, '09:00', '11:30'], [days.activity, '14:00', '16:30']]) {
      const deputies = onDuty(station, 2);
      const date = `${year}-${pad(month)}-${pad(day)}`;
      const slot = await api.post(`/api/v1/stations/${station.code}/reception-days`, staff, {
        date, start, end, deputies, capacity: 10,
        note: { zh: `${month}月代表接待日`, en: `Reception day, month ${month}` },
      });
      const [h, m] = start.split(':').map(Number);
      ctx.slots.push({ id: slot.id, station, deputies, startsAt: chinaTime(year, month, day, h, m) });
      counts.receptionSlots += 1;
    }
    const inspection = inspections.get(station.code);
    const kind = inspection ? 'inspection' : KINDS[(month + i) % KINDS.length];
    const titles = ACTIVITIES[kind];
    const title = inspection ?? `${month}月${titles[(month + i) % titles.length]}`;
    const activity = await api.post(`/api/v1/stations/${station.code}/activities`, staff, {
      kind, title, topic: title, place: station.name, invited: station.deputies,
      starts_at: chinaTime(year, month, days.activity, 9, 30).toISOString(),
      ends_at: chinaTime(year, month, days.activity, 11, 30).toISOString(),
    });
    ctx.activities.push({ id: activity.id, station, title, kind, checkIn: activity.check_in_url, invited: [...station.deputies] });
    counts.activities.planned += 1;
  }
}

/** The reception slots under way now (a slot runs two and a half hours). */
export function slotsNow(ctx) {
  return ctx.slots.filter((s) => s.startsAt <= ctx.now && ctx.now - s.startsAt < 150 * 60000);
}

/**
 * A slot under way: now and then one of the deputies on duty did not come, and staff mark them absent (the
 * turn then earns no points); answers the deputies who are there.
 */
export async function takeTheRoll(ctx, slot) {
  if (slot.deputies.length < 2 || !ctx.rng.chance(0.08)) return slot.deputies;
  const absent = ctx.rng.pick(slot.deputies);
  await ctx.api.put(`/api/v1/reception-days/${slot.id}/absences/${absent}`, await ctx.sessions.token(slot.station.staff), {
    reason: '临时有公务，未能到站接待',
  });
  ctx.counts.receptionAbsences += 1;
  return slot.deputies.filter((d) => d !== absent);
}

/**
 * The activity day, while the activities are under way: check-ins, staff marking attendance, minutes and
 * findings, held. `findings` maps an activity's title to its findings (the problems of a review opinion).
 */
export async function holdActivities(ctx, findings = new Map()) {
  const { api, rng, sessions, counts } = ctx;
  for (const activity of ctx.activities) {
    const staff = await sessions.token(activity.station.staff);
    const token = activity.checkIn?.split('/').pop();
    if (!token) throw new Error(`activity ${activity.id} came without its check-in address`);
    for (const code of activity.invited) {
      const how = rng.weighted([[70, 'check_in'], [14, 'present'], [10, 'excused'], [6, 'absent']]);
      if (how === 'check_in') {
        await api.post(`/api/v1/activities/${activity.id}/check-in`, await sessions.token(ctx.deputies.get(code).session), { token });
        counts.attendance.check_in += 1;
      } else {
        await api.put(`/api/v1/activities/${activity.id}/attendance/${code}`, staff, { attendance: how });
        counts.attendance[how] += 1;
      }
    }
    const problems = findings.get(activity.title);
    const text = problems
      ? problems.map((p, n) => `${n + 1}. ${p}`).join('\n')
      : `${chinaDay(ctx.now)}：代表们对${activity.title.replace(/^\d+月/, '')}提出了改进意见，已转有关部门研究。`;
    const held = await api.patch(`/api/v1/activities/${activity.id}`, staff, { minutes: MINUTES, findings: text, status: 'held' });
    if (held.status !== 'held') throw new Error(`activity ${activity.id} is ${held.status} after marking it held`);
    activity.held = true;
    counts.activities.held += 1;
  }
}
