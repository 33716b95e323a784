// A deputy's points archive (积分档案) as the screens show it: the deputy's workbench (their own year, and its
// printable one-page 成绩单) and the citizen app (the record voters read at a report-back, 述职评议) draw it the
// same way. The archive is `{ deputy, name, year, rules_version, total, by_rule: { rule: { count, points } },
// entries: [{ rule, source, source_id, label, at, points }] }`: every rule and source has its name here, in
// Chinese and English; an entry's label (an activity's title, a suggestion's title…) is put on the page as text.

import { h } from './dom.js';
import { addStrings, t, has, formatDateTime } from './i18n.js';

/** The rules, in the order a record lists them (the server's `Rule`). */
export const RULES = [
  'activity_present', 'activity_absent', 'activity_excused', 'reception_day',
  'report_on_time', 'report_late', 'report_satisfied', 'report_mostly', 'report_not_satisfied',
  'suggestion_submitted', 'suggestion_quality_check', 'suggestion_satisfied', 'suggestion_mostly', 'suggestion_not_satisfied',
  'report_back_held',
];

addStrings({
  zh: {
    rule_activity_present: '出席履职活动',
    rule_activity_absent: '缺席履职活动',
    rule_activity_excused: '履职活动请假',
    rule_reception_day: '进站接待选民',
    rule_report_on_time: '按时答复群众反映',
    rule_report_late: '超期答复群众反映',
    rule_report_satisfied: '群众对答复满意',
    rule_report_mostly: '群众对答复基本满意',
    rule_report_not_satisfied: '群众对答复不满意',
    rule_suggestion_submitted: '提出建议',
    rule_suggestion_quality_check: '建议质量把关达标（每项）',
    rule_suggestion_satisfied: '建议办理结果满意',
    rule_suggestion_mostly: '建议办理结果基本满意',
    rule_suggestion_not_satisfied: '建议办理结果不满意',
    rule_report_back_held: '向选民述职',
    source_activity: '履职活动',
    source_reception_day: '接待日',
    source_report: '群众反映',
    source_suggestion: '建议',
    source_report_back: '述职评议',
    points_rule: '项目',
    points_count: '次数',
    points_points: '积分',
    points_total_row: '合计',
    points_value: '{n} 分',
    points_signed: '{sign}{n} 分',
    points_source_of: '{source}：',
    points_by_rule_caption: '{year} 年各项积分',
    points_entries_caption: '每一项积分的来源',
    points_none: '这一年还没有积分。',
  },
  en: {
    rule_activity_present: 'Present at an activity',
    rule_activity_absent: 'Absent from an activity',
    rule_activity_excused: 'Excused from an activity',
    rule_reception_day: 'Reception day at the station',
    rule_report_on_time: 'Report answered on time',
    rule_report_late: 'Report answered late',
    rule_report_satisfied: 'Resident satisfied with an answer',
    rule_report_mostly: 'Resident mostly satisfied with an answer',
    rule_report_not_satisfied: 'Resident not satisfied with an answer',
    rule_suggestion_submitted: 'Suggestion submitted',
    rule_suggestion_quality_check: 'Suggestion quality check met (each)',
    rule_suggestion_satisfied: 'Suggestion answered: satisfied',
    rule_suggestion_mostly: 'Suggestion answered: mostly satisfied',
    rule_suggestion_not_satisfied: 'Suggestion answered: not satisfied',
    rule_report_back_held: 'Reported back to voters',
    source_activity: 'Activity',
    source_reception_day: 'Reception day',
    source_report: 'Resident’s report',
    source_suggestion: 'Suggestion',
    source_report_back: 'Report-back',
    points_rule: 'Item',
    points_count: 'Times',
    points_points: 'Points',
    points_total_row: 'Total',
    points_value: '{n} points',
    points_signed: '{sign}{n} points',
    points_source_of: '{source}: ',
    points_by_rule_caption: 'Points by item, {year}',
    points_entries_caption: 'Where each point comes from',
    points_none: 'No points in this year yet.',
  },
});

/** A rule's name in words (the rule's own name when the screen does not know it). */
export function ruleName(rule) {
  return has(`rule_${rule}`) ? t(`rule_${rule}`) : rule;
}

/** A source's kind in words. */
export function sourceName(source) {
  return has(`source_${source}`) ? t(`source_${source}`) : source;
}

/** Points with their sign: "+3 分", "−2 分", "0 分". */
export function signedPoints(n) {
  const value = Number(n) || 0;
  return t('points_signed', { sign: value > 0 ? '+' : value < 0 ? '−' : '', n: Math.abs(value) });
}

/** The archive's rules that applied, in the record's order (rules the screen does not know last). */
function appliedRules(byRule = {}) {
  const known = RULES.filter((rule) => byRule[rule]);
  const other = Object.keys(byRule).filter((rule) => !RULES.includes(rule)).sort();
  return [...known, ...other];
}

/** The table of totals per rule, with the year's total in its last row. `id` names the table. */
export function ruleTable(archive, { id = 'points-by-rule' } = {}) {
  const rules = appliedRules(archive.by_rule);
  if (!rules.length) return h('p', { class: 'empty', id: `${id}-none` }, t('points_none'));
  return h('table', { class: 'points-table', id },
    h('caption', {}, t('points_by_rule_caption', { year: archive.year })),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('points_rule')),
      h('th', { scope: 'col', class: 'num' }, t('points_count')),
      h('th', { scope: 'col', class: 'num' }, t('points_points')))),
    h('tbody', {}, rules.map((rule) => h('tr', { 'data-rule': rule },
      h('th', { scope: 'row' }, ruleName(rule)),
      h('td', { class: 'num' }, String(archive.by_rule[rule].count)),
      h('td', { class: 'num' }, signedPoints(archive.by_rule[rule].points))))),
    h('tfoot', {}, h('tr', {},
      h('th', { scope: 'row', colspan: '2' }, t('points_total_row')),
      h('td', { class: 'num', 'data-total': String(archive.total) }, signedPoints(archive.total)))));
}

/**
 * Every entry with its source, by date: the rule, the source's kind and label (as text), when, and the points.
 * `link(entry)` may answer an address for the entry's source (the workbench links its reports and suggestions).
 */
export function entryList(archive, { id = 'points-entries', link = () => null } = {}) {
  const entries = archive.entries || [];
  if (!entries.length) return null;
  return h('ol', { class: 'points-entries', id, 'aria-label': t('points_entries_caption') }, entries.map((e) => {
    const href = link(e);
    const label = e.label ? h('span', { class: 'user-text entry-label' }, e.label) : null;
    return h('li', { class: 'points-entry', 'data-rule': e.rule, 'data-source': e.source, 'data-source-id': e.source_id },
      h('span', { class: 'entry-top' },
        h('span', { class: 'entry-rule' }, ruleName(e.rule)),
        h('span', { class: `entry-points${e.points < 0 ? ' minus' : ''}` }, signedPoints(e.points))),
      h('span', { class: 'entry-source' }, t('points_source_of', { source: sourceName(e.source) }), href && label ? h('a', { href }, label) : label),
      h('span', { class: 'entry-when' }, formatDateTime(e.at)));
  }));
}
