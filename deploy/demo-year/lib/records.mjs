// The year's longer stories, each a small state machine that takes its next step at a later moment than its
// last one:
// - review opinions (审议意见): written from an inspection's findings, sent to a department, its reply recorded,
//   then each problem closed with its evidence (销号) until the opinion closes;
// - suggestions (议案建议): a deputy drafts one from reports they handled, staff return it for its measures, the
//   deputy completes it, staff approve it with the whole checklist and submit it to an organ, record the
//   organ's answer some weeks later, and the deputy rates the answer;
// - report-backs (述职评议): staff schedule a deputy's session, residents sign in with a texted code and rate the
//   deputy (one vote per phone), and once voting closed the committee publishes the results.

import { OPINIONS, SUGGESTIONS } from './catalog.mjs';

const DAY = 86400000;

/** The stories of the year, spread over its months (opinions from March, suggestions from April, report-backs in November). */
export function planStories(ctx) {
  const { opts, stations } = ctx;
  ctx.opinions = Array.from({ length: opts.opinions }, (_, k) => ({
    def: OPINIONS[k % OPINIONS.length], station: stations[k % stations.length], month: Math.min(3 + 4 * k, 10), stage: 'planned',
  }));
  ctx.suggestions = Array.from({ length: opts.suggestions }, (_, k) => ({
    def: SUGGESTIONS[k % SUGGESTIONS.length], station: stations[k % stations.length], month: Math.min(4 + 2 * k, 8), stage: 'planned',
  }));
  ctx.reportBacks = Array.from({ length: opts.reportBacks }, (_, k) => {
    const station = stations[k % stations.length];
    return { station, deputy: station.deputies[Math.floor(k / stations.length) % station.deputies.length], month: 11, stage: 'planned' };
  });
}

/** The inspections this month's opinions will be written from: station code → the activity's title. */
export function inspectionsThisMonth(ctx) {
  return new Map(ctx.opinions.filter((o) => o.month === ctx.month && o.stage === 'planned').map((o) => [o.station.code, o.def.activity]));
}

/** An inspection's title → the problems it found. */
export function findingsThisMonth(ctx) {
  return new Map(ctx.opinions.filter((o) => o.month === ctx.month).map((o) => [o.def.activity, o.def.findings]));
}

async function stepOpinion(ctx, o) {
  const { api, sessions, counts } = ctx;
  const staff = await sessions.token(o.station.staff);
  if (o.stage === 'planned') {
    const activity = ctx.activities?.find((a) => a.held && a.title === o.def.activity && a.station === o.station);
    if (!activity) return;
    const drafted = await api.post(`/api/v1/stations/${o.station.code}/opinions`, staff, {
      activity_id: activity.id, unit: o.def.unit, title: o.def.title, items: o.def.findings,
      body: `${o.station.name}组织代表${o.def.activity}，发现以下问题，请认真研究办理，并在规定期限内书面答复。`,
      due_at: new Date(ctx.now.getTime() + 60 * DAY).toISOString(),
    });
    o.id = drafted.id;
    counts.opinions.drafted += 1;
    await api.post(`/api/v1/opinions/${o.id}/send`, staff);
    o.stage = 'sent';
    o.sentAt = ctx.now;
    counts.opinions.sent += 1;
  } else if (o.stage === 'sent' && ctx.now - o.sentAt >= 10 * DAY) {
    await api.post(`/api/v1/opinions/${o.id}/reply`, staff, { text: o.def.reply });
    o.stage = 'answered';
    o.closed = 0;
    o.lastMoment = ctx.moment;
    counts.opinions.replied += 1;
  } else if (o.stage === 'answered' && o.lastMoment < ctx.moment) {
    const after = await api.post(`/api/v1/opinions/${o.id}/items/${o.closed}/close`, staff, { text: o.def.evidence[o.closed] });
    o.closed += 1;
    o.lastMoment = ctx.moment;
    counts.opinions.itemsClosed += 1;
    if (o.closed === o.def.findings.length) {
      if (after.status !== 'closed') throw new Error(`opinion ${o.id} is ${after.status} with every problem closed`);
      o.stage = 'closed';
      counts.opinions.closed += 1;
    }
  }
}

/** The deputy of the station who handled most reports this year, with up to three of them. */
function authorAndReports(ctx, station) {
  const mine = new Map(station.deputies.map((d) => [d, []]));
  for (const rec of ctx.reports.values()) {
    if (rec.returnedBy !== rec.deputy) mine.get(rec.deputy)?.push(rec.code);
  }
  const used = new Set(ctx.suggestions.map((s) => s.deputy).filter(Boolean));
  const [deputy, codes] = [...mine.entries()].filter(([d]) => !used.has(d)).sort((a, b) => b[1].length - a[1].length)[0]
    ?? [...mine.entries()][0];
  return { deputy, reports: codes.slice(0, 3) };
}

async function stepSuggestion(ctx, s) {
  const { api, sessions, counts } = ctx;
  const words = () => ({ title: s.def.title, facts: s.def.facts, cause: s.def.cause, reports: s.reports });
  const path = () => `/api/v1/suggestions/${s.id}/actions`;
  if (s.stage === 'planned') {
    if (ctx.month < s.month) return;
    Object.assign(s, authorAndReports(ctx, s.station));
    const deputy = await sessions.token(ctx.deputies.get(s.deputy).session);
    const drafted = await api.post('/api/v1/me/suggestions', deputy, { ...words(), measures: '', station: s.station.code });
    s.id = drafted.id;
    counts.suggestions.drafted += 1;
    await api.post(path(), deputy, { action: 'for_review' });
    s.stage = 'first_review';
  } else if (s.stage === 'first_review') {
    await api.post(path(), await sessions.token(s.station.staff), {
      action: 'review', checklist: { facts: true, cause: true, measures: false }, approve: false, comment: '情况和原因写得清楚，请补充具体可行的建议措施。',
    });
    counts.suggestions.returned += 1;
    s.stage = 'returned';
  } else if (s.stage === 'returned') {
    const deputy = await sessions.token(ctx.deputies.get(s.deputy).session);
    await api.patch(`/api/v1/suggestions/${s.id}`, deputy, { ...words(), measures: s.def.measures });
    await api.post(path(), deputy, { action: 'for_review' });
    s.stage = 'second_review';
  } else if (s.stage === 'second_review') {
    const staff = await sessions.token(s.station.staff);
    await api.post(path(), staff, {
      action: 'review', checklist: { facts: true, cause: true, measures: true }, approve: true, comment: '情况清楚，原因分析到位，措施可行。',
    });
    await api.post(path(), staff, { action: 'submit', unit: s.def.unit });
    counts.suggestions.submitted += 1;
    s.stage = 'submitted';
    s.submittedAt = ctx.now;
  } else if (s.stage === 'submitted' && ctx.now - s.submittedAt >= 40 * DAY) {
    await api.post(path(), await sessions.token(s.station.staff), { action: 'answer', text: s.def.answer });
    counts.suggestions.answered += 1;
    s.stage = 'answered';
  } else if (s.stage === 'answered') {
    const after = await api.post(path(), await sessions.token(ctx.deputies.get(s.deputy).session), { action: 'rate', verdict: s.def.verdict });
    if (after.status !== 'closed') throw new Error(`suggestion ${s.id} is ${after.status} after the deputy rated it ${s.def.verdict}`);
    counts.suggestions.rated += 1;
    s.stage = 'closed';
  }
}

/** A phone number for a voter: 137 and eight digits, new to this run. */
function voterPhone(ctx) {
  ctx.phones ??= new Set();
  for (;;) {
    const phone = `137${String(ctx.rng.int(0, 99999999)).padStart(8, '0')}`;
    if (!ctx.phones.has(phone)) {
      ctx.phones.add(phone);
      return phone;
    }
  }
}

/** A resident signs in with the code texted to their phone (read from the server's SMS outbox). */
async function residentSignsIn(ctx, phone) {
  if (!ctx.outbox) throw new Error('voters sign in with texted codes: give the server\'s data folder (--data-dir) to read its SMS outbox');
  const mark = ctx.outbox.size();
  await ctx.api.post('/api/v1/auth/phone/code', undefined, { phone });
  const code = await ctx.outbox.codeFor(phone, mark);
  const tokens = await ctx.api.post('/api/v1/auth/phone/verify', undefined, { phone, code });
  if (tokens.role !== 'citizen') throw new Error(`${phone} signed in as ${tokens.role}, not as a resident`);
  ctx.sessions.addTokens(`citizen:${phone}`, 'citizen', tokens);
  ctx.counts.citizens += 1;
  return tokens.access_token;
}

const COMMENTS = ['经常到社区听取意见，办实事。', '反映的问题都有回音。', '希望多来我们小区看看。', ''];

async function stepReportBack(ctx, rb) {
  const { api, rng, sessions, counts } = ctx;
  if (rb.stage === 'planned') {
    if (ctx.month < rb.month) return;
    const name = ctx.deputies.get(rb.deputy).name;
    const made = await api.post(`/api/v1/stations/${rb.station.code}/report-backs`, await sessions.token(rb.station.staff), {
      deputy: rb.deputy, title: `${name}代表${ctx.year}年度向选民述职`, place: `${rb.station.name}会议室`,
      opens_at: new Date(ctx.now.getTime() - 30 * 60000).toISOString(), closes_at: new Date(ctx.now.getTime() + 6 * DAY).toISOString(),
    });
    Object.assign(rb, { id: made.id, closesAt: new Date(made.closes_at), stage: 'open', openedMoment: ctx.moment });
    counts.reportBacks.scheduled += 1;
  } else if (rb.stage === 'open' && rb.openedMoment < ctx.moment && ctx.now < rb.closesAt) {
    for (let i = 0; i < ctx.opts.voters; i++) {
      const token = await residentSignsIn(ctx, voterPhone(ctx));
      const verdict = rng.weighted([[6, 'satisfied'], [3, 'mostly'], [1, 'not_satisfied']]);
      const comment = rng.pick(COMMENTS);
      await api.post(`/api/v1/report-backs/${rb.id}/votes`, token, { verdict, ...(comment ? { comment } : {}) });
      counts.votes += 1;
    }
    rb.stage = 'voted';
  } else if (rb.stage === 'voted' && ctx.now > rb.closesAt) {
    await api.post(`/api/v1/report-backs/${rb.id}/publish`, await sessions.token('committee'));
    counts.reportBacks.published += 1;
    rb.stage = 'published';
  }
}

/** Every story takes the step due at this moment. */
export async function stepStories(ctx) {
  for (const o of ctx.opinions) await stepOpinion(ctx, o);
  for (const s of ctx.suggestions) await stepSuggestion(ctx, s);
  for (const rb of ctx.reportBacks) await stepReportBack(ctx, rb);
}

/** What did not finish by the end of the year (none should). */
export function unfinishedStories(ctx) {
  return [
    ...ctx.opinions.filter((o) => o.stage !== 'closed').map((o) => `opinion "${o.def.title}" is ${o.stage}`),
    ...ctx.suggestions.filter((s) => s.stage !== 'closed').map((s) => `suggestion "${s.def.title}" is ${s.stage}`),
    ...ctx.reportBacks.filter((r) => r.stage !== 'published').map((r) => `${r.deputy}'s report-back is ${r.stage}`),
  ];
}
