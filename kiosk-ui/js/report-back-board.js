// 述职评议 on the kiosk: residents rate a deputy who reports back to them (screens/report-back.js). The attract
// screen asks the server which sessions are open at the kiosk's station (`GET /api/v1/kiosks/me/report-backs`) on
// arriving and about every minute while it shows, and offers 「为代表评议」 for one of them. Staff may also open a
// session on the kiosk at `/kiosk/#/report-back/{id}` (the address the console gives): the kiosk remembers that id
// (not a resident's data) and offers that session first while it is open; once it is closed, cancelled or gone,
// the kiosk forgets it. Offline, what was known stands until its window ends. `?report_backs_every=ms` shortens
// the minute (for the tests). Also the words of the screen.

import { kioskCall } from './api.js';
import { h } from './dom.js';
import { state, params } from './state.js';
import { t, pick, addStrings } from './i18n.js';
import { button } from './ui.js';
import { go } from './router.js';

addStrings({
  zh: {
    rb_panel_title: '述职评议',
    rb_panel_button: '为代表评议',
    rb_panel_text: '{name}代表正在向选民述职，欢迎您为代表的履职评议。',
    rb_title: '为代表评议',
    rb_intro: '请先看看{name}代表这一年的履职成绩单，再点一下您的评议。',
    rb_record: '{name}代表 {year} 年履职成绩单',
    rb_total: '全年合计',
    rb_rule: '项目',
    rb_count: '次数',
    rb_points: '积分',
    rb_points_value: '{sign}{n} 分',
    rb_no_points: '这一年还没有积分。',
    rb_question: '您对{name}代表的履职满意吗？',
    rb_satisfied: '满意',
    rb_mostly: '基本满意',
    rb_not_satisfied: '不满意',
    rb_your_verdict: '您的评议：{v}',
    rb_change: '改一下评议',
    rb_phone_title: '请输入您的手机号码',
    rb_phone_hint: '每个手机号只能评议一次。我们会发一条短信验证码到这个号码，号码不会公开。',
    rb_phone_label: '手机号码',
    rb_phone_bad: '手机号码是 11 位数字，以 1 开头。',
    rb_send_code: '发送验证码',
    rb_sending: '正在发送……',
    rb_code_title: '请输入短信验证码',
    rb_code_sent: '验证码已发到 {phone}，5 分钟内有效。',
    rb_code_label: '短信验证码',
    rb_code_bad: '验证码是短信里的 6 位数字。',
    rb_code_wrong: '验证码不对或已过期。请再核对一下，或重新获取验证码。',
    rb_resend: '重新获取验证码',
    rb_resend_in: '{n} 秒后可以重新获取验证码',
    rb_submit: '提交评议',
    rb_submitting: '正在提交……',
    rb_done: '感谢您的评议！',
    rb_done_count: '目前已有 {n} 人参加评议。结果经人大常委会公布后公示。',
    rb_already: '这个手机号已经评议过了：每个手机号只能评议一次。',
    rb_closed: '这场述职评议已经结束，不能再评议了。',
    rb_not_found: '找不到这场述职评议：它可能还没有开始，或者已经结束。',
    rb_wait: '获取验证码太频繁了，请 {n} 秒后再试。',
    rb_sms_down: '短信暂时发不出去，请稍后再试，或请工作人员帮忙。',
    rb_offline: '网络断开了，没有办成。请稍后再试，或请工作人员帮忙。',
    rb_failed: '没有办成：{why}',
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
  },
  en: {
    rb_panel_title: 'Deputy’s report-back',
    rb_panel_button: 'Rate your deputy',
    rb_panel_text: 'Deputy {name} is reporting back to the voters: you are welcome to rate their work.',
    rb_title: 'Rate your deputy',
    rb_intro: 'Read deputy {name}’s record for the year first, then tap your rating.',
    rb_record: 'Record of deputy {name}, {year}',
    rb_total: 'Total for the year',
    rb_rule: 'Item',
    rb_count: 'Times',
    rb_points: 'Points',
    rb_points_value: '{sign}{n} points',
    rb_no_points: 'No points in this year yet.',
    rb_question: 'Are you satisfied with the work of deputy {name}?',
    rb_satisfied: 'Satisfied',
    rb_mostly: 'Mostly satisfied',
    rb_not_satisfied: 'Not satisfied',
    rb_your_verdict: 'Your rating: {v}',
    rb_change: 'Change my rating',
    rb_phone_title: 'Your mobile number',
    rb_phone_hint: 'Each number may rate once. We text a code to this number; it is never shown.',
    rb_phone_label: 'Mobile number',
    rb_phone_bad: 'A mobile number has 11 digits and starts with 1.',
    rb_send_code: 'Send me a code',
    rb_sending: 'Sending…',
    rb_code_title: 'The code from the text message',
    rb_code_sent: 'A code was sent to {phone}; it works for 5 minutes.',
    rb_code_label: 'Code',
    rb_code_bad: 'The code is the 6 digits in the text message.',
    rb_code_wrong: 'The code is wrong or expired. Check it, or get a new one.',
    rb_resend: 'Get another code',
    rb_resend_in: 'Another code in {n} s',
    rb_submit: 'Send my rating',
    rb_submitting: 'Sending…',
    rb_done: 'Thank you for your rating!',
    rb_done_count: '{n} people have rated so far. The results are shown once the committee publishes them.',
    rb_already: 'This phone number has rated already: each number rates once.',
    rb_closed: 'Voting at this report-back has closed: no more ratings can be given.',
    rb_not_found: 'This report-back cannot be found: voting may not have opened yet, or it has closed.',
    rb_wait: 'Too many codes asked for: try again in {n} s.',
    rb_sms_down: 'Text messages cannot be sent now. Try again later, or ask the staff for help.',
    rb_offline: 'The network is down: that did not go through. Try again later, or ask the staff for help.',
    rb_failed: 'That did not work: {why}',
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
  },
});

const KEY = 'liaison.kiosk.report-back';
const EVERY_MS = Number(params.get('report_backs_every')) || 60000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const board = { session: null, timer: null, loading: false, drawn: '' };

function stored() {
  try {
    const id = localStorage.getItem(KEY);
    return id && UUID.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** Remembers the session staff opened on this kiosk (its id only). */
export function rememberSession(id) {
  try {
    localStorage.setItem(KEY, id);
  } catch {
    // Private mode: offered until the page is reloaded.
  }
  board.session = board.session?.id === id ? board.session : null;
}

function forget() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing kept.
  }
  board.session = null;
}

/** The session an address names (`#/report-back/{id}`), or null. */
export function sessionInAddress(hash = location.hash) {
  const m = /^#\/report-back\/([0-9a-fA-F-]{36})$/.exec(hash);
  return m && UUID.test(m[1]) ? m[1].toLowerCase() : null;
}

/** Points with their sign, in words. */
export function pointsText(n) {
  const value = Number(n) || 0;
  return t('rb_points_value', { sign: value > 0 ? '+' : value < 0 ? '−' : '', n: Math.abs(value) });
}

/** Whether the session as last fetched is open now (its window also checked here, in case the kiosk is offline). */
function openNow(s) {
  const now = Date.now();
  return Boolean(s && s.open && !s.cancelled && new Date(s.opens_at).getTime() <= now && now < new Date(s.closes_at).getTime());
}

/** The attract screen's panel: the deputy reporting back and the big button; hidden when none is open. */
export function reportBackPanel() {
  const s = board.session;
  if (!openNow(s)) return h('section', { id: 'report-back', hidden: true });
  const name = pick(s.deputy_name);
  return h('section', { class: 'check-in report-back-panel', id: 'report-back', 'aria-labelledby': 'report-back-title', 'data-id': s.id },
    h('div', { class: 'report-back-text' },
      h('h2', { id: 'report-back-title' }, t('rb_panel_title')),
      h('p', { class: 'report-back-session' }, s.title),
      h('p', {}, t('rb_panel_text', { name }))),
    button(t('rb_panel_button'), () => go('report-back', { id: s.id }), 'btn primary report-back-go', { id: 'start-report-back' }));
}

function paint() {
  const s = board.session;
  const drawn = openNow(s) ? JSON.stringify([s.id, s.title, s.deputy_name, s.closes_at]) : '';
  if (drawn === board.drawn) return;
  board.drawn = drawn;
  document.getElementById('report-back')?.replaceWith(reportBackPanel());
}

/** Asks which sessions are open at the station: the one staff opened here first, else the first listed. */
async function load() {
  if (board.loading || state.mode !== 'kiosk') return;
  board.loading = true;
  try {
    const answer = await kioskCall('/api/v1/kiosks/me/report-backs');
    const open = (Array.isArray(answer?.items) ? answer.items : []).filter(openNow);
    const id = stored();
    const opened = id && open.find((s) => s.id === id);
    if (id && !opened) forget();
    board.session = opened || open[0] || null;
  } catch {
    // Offline, or the server is restarting: what was known stands until its window ends.
  } finally {
    board.loading = false;
  }
  if (state.view.name === 'attract') paint();
}

/** On arriving at the attract screen: ask now, then about every minute while it shows. */
export function startReportBacks() {
  stopReportBacks();
  board.drawn = openNow(board.session) ? JSON.stringify([board.session.id, board.session.title, board.session.deputy_name, board.session.closes_at]) : '';
  load();
  board.timer = setInterval(() => {
    if (state.view.name !== 'attract') return stopReportBacks();
    return load();
  }, EVERY_MS);
}

export function stopReportBacks() {
  if (board.timer) clearInterval(board.timer);
  board.timer = null;
}
