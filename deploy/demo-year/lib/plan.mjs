// The committee's annual plan (年度计划) and the year-end report (年终总结): on 2 January the committee sets the
// year's tasks, owned by itself, by each station and by deputies; the owners (or the committee) record each
// task done as the year's record fulfils it, or dropped with a reason; on the last day the year-end report is
// read for the district and for each station, as JSON and, with `--out`, saved as XLSX workbooks.
// These endpoints came later than the rest of the API: a server without them is told apart by its own
// OpenAPI document, and the year is played without a plan.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chinaDay, chinaParts } from './clock.mjs';

const pad = (n) => String(n).padStart(2, '0');

/** Whether the running server has the plan and year-end endpoints. */
export async function planSupported(ctx) {
  const spec = await ctx.api.get('/api/openapi.json');
  return Boolean(spec.paths?.['/api/v1/plan-tasks'] && Object.keys(spec.paths).some((p) => p.startsWith('/api/v1/year-end/')));
}

/** The tasks of the year and what fulfils each: a test on the script's record of the year, and who reports it. */
function tasks(ctx) {
  const y = ctx.year;
  const out = [
    { owner_kind: 'committee', owner: null, title: '制定年度代表联络站工作计划', detail: '明确全年接待、视察、建议和述职安排。',
      due_on: `${y}-01-31`, done: () => true },
    { owner_kind: 'committee', owner: null, title: '组织代表向选民述职评议', detail: '每个联络站至少一名代表述职，结果公示。',
      due_on: `${y}-11-30`, done: () => ctx.reportBacks.length > 0 && ctx.reportBacks.every((r) => r.stage === 'published') },
  ];
  for (const station of ctx.stations) {
    out.push({ owner_kind: 'station', owner: station.code, title: '每月安排代表接待日', detail: '每月两次，代表轮流进站接待选民。',
      due_on: `${y}-12-20`, done: () => ctx.month === 12 && chinaParts(ctx.now).day >= 19 });
    const opinion = ctx.opinions.find((o) => o.station === station);
    if (opinion) {
      out.push({ owner_kind: 'station', owner: station.code, title: '组织专题视察并跟踪审议意见办理', detail: opinion.def.title,
        due_on: `${y}-10-31`, done: () => opinion.stage === 'closed' });
    } else {
      out.push({ owner_kind: 'station', owner: station.code, title: '建设联络站线上议事平台', detail: '为居民提供线上议事渠道。',
        due_on: `${y}-09-30`, dropped: '并入区级统一平台建设，本站不再单独建设。', done: () => ctx.month >= 9 });
    }
  }
  for (const s of ctx.suggestions) {
    out.push({ owner_kind: 'deputy', owner: null, suggestion: s, title: '提出一件高质量的代表建议', detail: s.def.title,
      due_on: `${y}-${pad(Math.min(s.month + 4, 12))}-28`, done: () => s.stage === 'closed' });
  }
  return out;
}

/** The committee sets the year's tasks (a deputy's task is set once the deputy who writes the suggestion is known). */
export async function makeThePlan(ctx) {
  ctx.planTasks = tasks(ctx);
  await createDue(ctx);
}

async function createDue(ctx) {
  const token = await ctx.sessions.token('committee');
  for (const task of ctx.planTasks) {
    if (task.id) continue;
    if (task.suggestion) {
      if (!task.suggestion.deputy) continue;
      task.owner = task.suggestion.deputy;
    }
    const made = await ctx.api.post('/api/v1/plan-tasks', token, {
      year: ctx.year, title: task.title, detail: task.detail, owner_kind: task.owner_kind, owner: task.owner, due_on: task.due_on,
    });
    task.id = made.id;
    ctx.counts.planTasks.made += 1;
  }
}

/** Who records progress on a task: the committee drops it; its owner (a station's head, the deputy) reports it done. */
function reporter(ctx, task) {
  if (task.dropped) return 'committee';
  if (task.owner_kind === 'station') return ctx.stations.find((s) => s.code === task.owner).head;
  if (task.owner_kind === 'deputy') return ctx.deputies.get(task.owner).session;
  return 'committee';
}

/** At each moment: tasks whose owner became known are set, fulfilled ones recorded done, dropped ones dropped. */
export async function planProgress(ctx) {
  await createDue(ctx);
  for (const task of ctx.planTasks) {
    if (!task.id || task.status || !task.done()) continue;
    const status = task.dropped ? 'dropped' : 'done';
    const note = task.dropped ?? `${chinaDay(ctx.now)} 完成：${task.detail}`;
    await ctx.api.post(`/api/v1/plan-tasks/${task.id}/progress`, await ctx.sessions.token(reporter(ctx, task)), { status, note });
    task.status = status;
    ctx.counts.planTasks[status] += 1;
  }
}

/** The year-end report for the district and each station; the workbooks saved under `out` when given. */
export async function yearEnd(ctx, out) {
  const token = await ctx.sessions.token('committee');
  const listed = await ctx.api.get(`/api/v1/plan-tasks?year=${ctx.year}`, token);
  const district = await ctx.api.get(`/api/v1/year-end/${ctx.year}?format=json`, token);
  const stations = {};
  for (const station of ctx.stations) {
    stations[station.code] = await ctx.api.get(`/api/v1/year-end/${ctx.year}?station=${station.code}&format=json`, token);
  }
  const files = [];
  if (out) {
    mkdirSync(out, { recursive: true });
    for (const station of [null, ...ctx.stations.map((s) => s.code)]) {
      const query = station ? `station=${station}&format=xlsx` : 'format=xlsx';
      const { body } = await ctx.api.request('GET', `/api/v1/year-end/${ctx.year}?${query}`, {
        token, raw: true, accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
      if (body.subarray(0, 2).toString('latin1') !== 'PK') throw new Error(`the year-end workbook${station ? ` of ${station}` : ''} is not an XLSX file`);
      const file = join(out, `year-end-${ctx.year}${station ? `-${station}` : ''}.xlsx`);
      writeFileSync(file, body);
      files.push(file);
    }
  }
  return { available: true, tasks: listed.items?.length ?? 0, district, stations, files, summary: `read for the district and ${ctx.stations.length} stations` };
}
