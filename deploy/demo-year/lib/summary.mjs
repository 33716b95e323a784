// The end of the demo year: every deputy's points archive read back through the API, and the summary printed.

/**
 * Each active deputy's archive for the year, as the committee reads it: the total and the kinds of source the
 * points came from. A deputy whose points come from fewer than two kinds stops the run: the year was meant to
 * give everyone attendance, reception duty and reports.
 */
export async function archives(ctx) {
  const token = await ctx.sessions.token('committee');
  const deputies = [];
  for (const code of ctx.deputies.keys()) {
    const archive = await ctx.api.get(`/api/v1/deputies/${code}/archive?year=${ctx.year}`, token);
    const sources = [...new Set(archive.entries.map((e) => e.source))].sort();
    deputies.push({ deputy: code, total: archive.total, sources, rules: Object.keys(archive.by_rule).length });
  }
  const thin = deputies.filter((d) => d.sources.length < 2);
  if (thin.length) {
    throw new Error(`archives with points from fewer than two kinds of source: ${thin.map((d) => `${d.deputy} (${d.sources.join(', ') || 'none'})`).join('; ')}`);
  }
  return deputies;
}

const sum = (object) => Object.values(object).reduce((a, b) => a + b, 0);
const list = (object) => Object.entries(object).map(([k, v]) => `${v} ${k}`).join(', ');

/** The summary as lines of text. */
export function summaryLines(s) {
  const c = s.counts;
  const totals = s.archives.map((a) => a.total);
  const kinds = s.archives.map((a) => a.sources.length);
  const lines = [
    '',
    `Demo year ${s.year} played in ${s.seconds} s (${s.jumps} clock jumps, ${s.calls} requests); the server's clock stands at ${s.serverDay}.`,
    `accounts: ${list(c.accounts)}; kiosks enrolled: ${c.kiosks}; residents signed in by phone code: ${c.citizens}`,
    `reports filed: ${sum(c.reports)} (${list(c.reports)})`,
    `closed loop: ${c.assignedByStaff} assigned by staff, ${c.accepted} accepted, ${c.returned} returned, ${c.forwarded} forwarded, `
      + `${c.unitReplies} unit replies, ${c.answers} answers, ratings ${list(c.ratings) || 'none'}, ${c.reopened} reopened, ${c.closedByStaff} closed by staff`,
    `reception slots: ${c.receptionSlots} (${c.receptionAbsences} deputies marked absent); activities: ${c.activities.planned} planned, ${c.activities.held} held; attendance: ${list(c.attendance)}`,
    `review opinions: ${c.opinions.drafted} drafted and sent, ${c.opinions.replied} replied, ${c.opinions.itemsClosed} problems closed with evidence, ${c.opinions.closed} closed`,
    `suggestions: ${c.suggestions.drafted} drafted, ${c.suggestions.returned} returned for more, ${c.suggestions.submitted} submitted, `
      + `${c.suggestions.answered} answered, ${c.suggestions.rated} rated`,
    `report-backs: ${c.reportBacks.scheduled} scheduled, ${c.votes} votes, ${c.reportBacks.published} published`,
    `points archives ${s.year}: ${s.archives.length} deputies, ${Math.min(...kinds)}–${Math.max(...kinds)} kinds of source each, totals ${Math.min(...totals)}–${Math.max(...totals)}`,
  ];
  if (s.plan.available) {
    lines.push(`annual plan: ${c.planTasks.made} tasks, ${c.planTasks.done} done, ${c.planTasks.dropped} dropped; year-end report: ${s.plan.summary}`);
    if (s.plan.files?.length) lines.push(`year-end workbooks saved: ${s.plan.files.join(', ')}`);
  } else {
    lines.push('annual plan and year-end report: this server has no /api/v1/plan-tasks or /api/v1/year-end endpoints; left out');
  }
  const byRole = (role) => s.usernames.filter((u) => u.role === role).map((u) => u.username);
  const span = (names) => (names.length > 2 ? `${names[0]} … ${names[names.length - 1]}` : names.join(', '));
  const deputies = byRole('deputy').sort();
  lines.push(`sign in with password ${s.password}: ${[...byRole('staff'), ...byRole('station_head'), ...byRole('committee')].join(', ')}, `
    + `${span(deputies)} (${deputies.length} deputies), ${span(byRole('unit').sort())} (units)`);
  return lines;
}
