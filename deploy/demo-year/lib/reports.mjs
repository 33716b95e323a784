// Residents' reports through the closed loop (收集 → 研判 → 交办 → 督办 → 反馈 → 销号), as the people in it act:
// kiosks and staff (a resident on the phone) file, routing assigns or leaves a report to triage, staff assign
// or close it, deputies accept (now and then return one), forward some to a handling unit, whose account
// replies, and answer; residents rate the answer with the tracking code (not satisfied reopens it once); staff
// close answers nobody rated after 15 days. Each step happens at a later moment than the one before it, as in
// a real month. Every report made is kept in `ctx.reports` (id → what the script knows of it).

import { ANSWERS, CATEGORY_WEIGHTS, PROBLEMS, RETURN_REASONS, UNIT_REPLIES, WALK_INS } from './catalog.mjs';

const DAY = 86400000;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];

/** A resident's mobile number: 139 and eight digits from the generator. */
const residentPhone = (rng) => `139${String(rng.int(0, 99999999)).padStart(8, '0')}`;

async function act(ctx, token, rec, body) {
  const after = await ctx.api.post(`/api/v1/reports/${rec.id}/actions`, token, body, { idempotent: true });
  rec.status = after.status;
  rec.deputy = after.routing?.deputy?.code ?? rec.deputy;
  return after;
}

/** Reads where a report went at intake, and keeps it. */
async function keep(ctx, filed, extra) {
  const detail = await ctx.api.get(`/api/v1/reports/${filed.id}`, await ctx.sessions.token('admin'));
  const rec = {
    id: filed.id, code: filed.tracking_code, status: detail.status, category: detail.category?.code ?? extra.category,
    station: detail.routing?.station?.code ?? extra.station, deputy: detail.routing?.deputy?.code ?? null,
    month: ctx.month, moment: ctx.moment, ...extra,
  };
  ctx.reports.set(rec.id, rec);
  ctx.counts.reports[rec.channel] = (ctx.counts.reports[rec.channel] ?? 0) + 1;
  return rec;
}

/** A place a kiosk's resident picks: a building (most often), a community or grid, or none. */
function place(rng, station) {
  const areas = (station.places ?? []).filter((p) => p.kind === 'grid' || p.kind === 'community');
  if (!areas.length || rng.chance(0.1)) return {};
  const area = rng.pick(areas);
  if (area.buildings.length && rng.chance(0.75)) {
    const building = rng.pick(area.buildings);
    return { building: building.code, address: `${building.name} ${rng.int(1, 4)}单元` };
  }
  return { area: area.code };
}

/** This month's reports from the stations' kiosks and from residents who phoned the station. */
export async function fileReports(ctx) {
  const { api, rng, sessions, opts } = ctx;
  for (let n = 0; n < opts.reportsPerMonth; n++) {
    // Counted over the year, so a few a month still take turns between stations and channels.
    const i = ctx.filed = (ctx.filed ?? -1) + 1;
    const station = ctx.stations[i % ctx.stations.length];
    const category = rng.weighted(CATEGORY_WEIGHTS);
    const description = rng.pick(PROBLEMS[category].texts);
    const phone = residentPhone(rng);
    if (i % 5 < 3) {
      const body = {
        category, description, channel: 'kiosk', station: station.code, ...place(rng, station),
        ...(rng.chance(0.15) ? { deputy: rng.pick(station.deputies) } : {}),
        ...(rng.chance(0.7) ? { contact: { phone }, consent: { personal_info: true, sms: rng.chance(0.5), publish: rng.chance(0.5) } } : {}),
      };
      const filed = await api.post('/api/v1/reports', await sessions.token(station.kiosk), body, { idempotent: true });
      await keep(ctx, filed, { channel: 'kiosk', category, station: station.code });
    } else {
      const body = {
        category, description, channel: 'phone',
        contact: { name: `${rng.pick(SURNAMES)}${rng.chance(0.5) ? '先生' : '女士'}`, phone },
        consent: { personal_info: true, phone_call: true },
      };
      const filed = await api.post('/api/v1/reports', await sessions.token(station.staff), body, { idempotent: true });
      await keep(ctx, filed, { channel: 'phone', category, station: station.code });
    }
  }
}

/** A walk-in at a reception slot: a deputy on duty files for the resident they received, and takes it on. */
export async function receiveWalkIns(ctx, station, deputies) {
  const code = ctx.rng.pick(deputies);
  const [category, description] = ctx.rng.pick(WALK_INS);
  const token = await ctx.sessions.token(ctx.deputies.get(code).session);
  const body = {
    category, description, channel: 'reception', station: station.code,
    contact: { phone: residentPhone(ctx.rng) }, consent: { personal_info: true, sms: true },
  };
  const filed = await ctx.api.post('/api/v1/reports', token, body, { idempotent: true });
  const rec = await keep(ctx, filed, { channel: 'reception', category, station: station.code });
  if (rec.status === 'assigned' && rec.deputy === code) {
    await act(ctx, token, rec, { action: 'accept', note: '接待日当场受理' });
    rec.acceptedMoment = ctx.moment;
    ctx.counts.accepted += 1;
  }
}

/** Staff assess what waits in each station's triage queue: assign it to a deputy, or close what is not for one. */
export async function triage(ctx) {
  for (const station of ctx.stations) {
    const token = await ctx.sessions.token(station.staff);
    const queue = await ctx.api.get(`/api/v1/stations/${station.code}/triage?limit=100`, token);
    for (const item of queue.items) {
      const rec = ctx.reports.get(item.id);
      if (!rec) continue;
      if (item.category.code === 'legal_petition' && ctx.rng.chance(0.5)) {
        await act(ctx, token, rec, {
          action: 'close', outcome: 'referred', reason: '属司法程序事项，已告知当事人通过法律援助中心办理',
          explanation: '您反映的事项需通过司法途径解决，区法律援助中心电话已通过短信发给您。',
        });
        ctx.counts.closedByStaff += 1;
        continue;
      }
      const others = station.deputies.filter((d) => d !== rec.returnedBy);
      const deputy = ctx.rng.pick(others.length ? others : station.deputies);
      await act(ctx, token, rec, { action: 'assign', deputy, note: '请按时受理并答复' });
      ctx.counts.assignedByStaff += 1;
    }
  }
}

const WITH_THE_DEPUTY = new Set(['assigned', 'accepted', 'unit_replied']);

/**
 * Each deputy with something to do works through their inbox: takes new reports on (returning one now and
 * then, forwarding some to a handling unit) and answers those taken on at an earlier moment, or whose unit has
 * replied. With `everyone`, every deputy opens their inbox (once a month), not only those the script expects
 * to have work.
 */
export async function deputiesWork(ctx, everyone = false) {
  const { api, rng, sessions, counts } = ctx;
  const busy = new Set([...ctx.reports.values()].filter((r) => WITH_THE_DEPUTY.has(r.status)).map((r) => r.deputy));
  for (const deputy of ctx.deputies.values()) {
    if (!everyone && !busy.has(deputy.code)) continue;
    const token = await sessions.token(deputy.session);
    const inbox = await api.get('/api/v1/me/inbox?limit=100', token);
    for (const item of inbox.items) {
      const rec = ctx.reports.get(item.id);
      if (!rec) continue;
      if (item.status === 'assigned') {
        if (!rec.returnedBy && rng.chance(0.05)) {
          await act(ctx, token, rec, { action: 'return', reason: rng.pick(RETURN_REASONS) });
          rec.returnedBy = deputy.code;
          counts.returned += 1;
          continue;
        }
        await act(ctx, token, rec, { action: 'accept' });
        rec.acceptedMoment = ctx.moment;
        counts.accepted += 1;
        const unit = PROBLEMS[rec.category]?.unit;
        if (unit && ctx.units.includes(unit) && rng.chance(0.35)) {
          await act(ctx, token, rec, { action: 'forward', unit, note: '请核实并处理' });
          rec.unit = unit;
          rec.forwardedMoment = ctx.moment;
          counts.forwarded += 1;
        }
      } else if ((item.status === 'accepted' && rec.acceptedMoment < ctx.moment) || item.status === 'unit_replied') {
        const outcome = rec.reopened || rng.chance(0.8) ? 'resolved' : 'explained';
        await act(ctx, token, rec, { action: 'answer', outcome, text: rng.pick(ANSWERS[outcome]) });
        rec.outcome = outcome;
        rec.answeredAt = ctx.now;
        rec.answeredMoment = ctx.moment;
        counts.answers += 1;
      }
    }
  }
}

/** Handling units' accounts reply to what was forwarded to them at an earlier moment. */
export async function unitsReply(ctx) {
  const waiting = new Set([...ctx.reports.values()]
    .filter((r) => r.status === 'forwarded' && r.forwardedMoment < ctx.moment).map((r) => r.unit));
  for (const unit of waiting) {
    const token = await ctx.sessions.token(`unit:${unit}`);
    const inbox = await ctx.api.get('/api/v1/me/inbox?limit=100', token);
    for (const item of inbox.items) {
      const rec = ctx.reports.get(item.id);
      // The inbox also lists what the unit already replied to and is not closed yet.
      if (!rec || item.status !== 'forwarded' || rec.forwardedMoment >= ctx.moment) continue;
      const after = await ctx.api.post(`/api/v1/me/unit-reports/${item.id}/reply`, token, { text: ctx.rng.pick(UNIT_REPLIES) });
      rec.status = after.status;
      ctx.counts.unitReplies += 1;
    }
  }
}

/**
 * Residents read answers given at an earlier moment and rate them with the tracking code; most rate, the
 * rest never do. Not satisfied reopens the report to its deputy, who answers again.
 */
export async function residentsRate(ctx) {
  const { rng, counts } = ctx;
  for (const rec of ctx.reports.values()) {
    if (rec.status !== 'answered' || rec.answeredMoment >= ctx.moment) continue;
    rec.willRate ??= rng.chance(0.85);
    if (!rec.willRate) continue;
    const verdict = rec.reopened
      ? rng.weighted([[3, 'satisfied'], [1, 'mostly']])
      : rng.weighted([[65, 'satisfied'], [25, 'mostly'], [10, 'not_satisfied']]);
    const body = { action: 'rate', verdict, ...(verdict === 'not_satisfied' ? { comment: '问题还没有解决，希望再跟进。' } : {}) };
    const view = await ctx.api.post(`/api/v1/reports/track/${rec.code}/actions`, undefined, body);
    rec.status = view.status;
    counts.ratings[verdict] = (counts.ratings[verdict] ?? 0) + 1;
    if (view.status !== 'closed') {
      rec.reopened = true;
      rec.acceptedMoment = ctx.moment;
      counts.reopened += 1;
    }
  }
}

/** Staff close answers that waited more than 15 days without a rating (销号 by a supervisor). */
export async function closeUnrated(ctx) {
  for (const rec of ctx.reports.values()) {
    if (rec.status !== 'answered' || rec.willRate !== false || ctx.now - rec.answeredAt < 16 * DAY) continue;
    const station = ctx.stations.find((s) => s.code === rec.station) ?? ctx.stations[0];
    await act(ctx, await ctx.sessions.token(station.staff), rec, {
      action: 'close', outcome: rec.outcome, reason: '答复后超过15天未评价，按规定销号',
      explanation: '您反映的问题已经答复，如仍有意见，欢迎再到联络站反映。',
    });
    ctx.counts.closedByStaff += 1;
  }
}

/** The closed loop's work at one moment: units, deputies, staff and residents each do what is due. */
export async function loopWork(ctx, { everyone = false } = {}) {
  await triage(ctx);
  await unitsReply(ctx);
  await deputiesWork(ctx, everyone);
  // A report returned a moment ago is assessed again at once.
  await triage(ctx);
  await residentsRate(ctx);
  await closeUnrated(ctx);
}
