// The receipt: the tracking code and its QR code (also on the receipt printer), what was reported in short and
// when it is due; or, for a report kept in the outbox, a note that it goes out by itself, which turns into the
// tracking code once it has (sent by this page, another one, or the service worker with the page open). On a
// phone, a refusal of the kept report is said here, and `earlierReports()` lists what became of its reports kept
// earlier (for the form's first screen and the landing page).

import { api } from '../api.js';
import { acknowledge } from '../outbox.js';
import { state, setView, editView } from '../state.js';
import { h } from '../dom.js';
import { t, pick, formatTime, addStrings } from '../i18n.js';
import { render as rerender, resetAll } from '../router.js';
import { refreshPending } from '../live.js';
import { button, title, actionBar } from '../ui.js';

const SUMMARY_CHARS = 40;

addStrings({
  zh: {
    receipt_answer_by: '最迟 {date} 前答复您',
    receipt_saved_track: '请记好这个查询码：网络恢复、反映送到后，在联络站的一体机或手机上都可以用它查询办理进度。',
  },
  en: {
    receipt_answer_by: 'You will have an answer by {date} at the latest',
    receipt_saved_track: 'Keep this code: once the network is back and the report has arrived, you can follow it here or on your phone.',
  },
});

/**
 * What the receipt keeps of the report (the draft is gone by then): its category and the first words of its
 * description, and how many working days an answer normally takes in that category.
 */
export function receiptSummary(draft) {
  return {
    category: draft.category?.name ?? null,
    text: draft.description.replace(/\s+/g, ' ').trim(),
    replyDays: draft.category?.reply_deadline_working_days ?? null,
  };
}

/** "反映的事：环境卫生 · 垃圾没有及时清运，3号楼东侧…" — always put into the page as text. */
function summaryText(summary) {
  if (!summary) return '';
  const chars = [...summary.text];
  const excerpt = chars.length > SUMMARY_CHARS ? `${chars.slice(0, SUMMARY_CHARS).join('')}…` : summary.text;
  return t('receipt_summary', { text: summary.category ? `${pick(summary.category)} · ${excerpt}` : excerpt });
}

/**
 * The dates: when the station must take it up and the latest an answer comes (the server's, once fetched), or,
 * without them, how many working days an answer usually takes.
 */
function dueLines(due, answerBy, summary, ids) {
  let answer = null;
  if (answerBy) answer = h('p', { id: ids.reply, 'data-answer-by': answerBy }, t('receipt_answer_by', { date: formatTime(answerBy) }));
  else if (summary?.replyDays) answer = h('p', { id: ids.reply }, t('receipt_reply_days', { n: summary.replyDays }));
  return [due ? h('p', { id: ids.due, 'data-due': due }, t('receipt_due', { date: formatTime(due) })) : null, answer];
}

export function render() {
  const { created, queuedKey, reservedCode, submittedAt, justSynced, summary, due, answerBy, background, refusal } = state.view;
  const stationName = state.station ? pick(state.station.name) : t('app_title');
  const printSummary = summary ? h('p', { class: 'summary', id: 'print-summary' }, summaryText(summary)) : null;
  let body;
  let printed;
  if (created) {
    const qr = `/api/v1/reports/track/${encodeURIComponent(created.tracking_code)}/qr.svg`;
    const onPhone = state.mode !== 'kiosk';
    body = [
      title(t('receipt_title')),
      justSynced ? h('p', { class: 'ok' }, t('receipt_synced')) : null,
      h('p', {}, t('receipt_code')),
      h('p', { class: 'code', id: 'tracking-code' }, created.tracking_code),
      h('div', { class: 'receipt-row' },
        h('div', { class: 'receipt-text' },
          summary ? h('p', { class: 'summary', id: 'receipt-summary' }, summaryText(summary)) : null,
          dueLines(due, answerBy, summary, { due: 'receipt-due', reply: 'receipt-reply' }),
          h('p', {}, onPhone ? t('receipt_phone_keep') : t('receipt_keep')),
          onPhone ? h('p', {}, h('a', { class: 'btn primary', id: 'track-link', href: `/t/${encodeURIComponent(created.tracking_code)}` }, t('receipt_phone_link'))) : null),
        // A phone is the phone that would scan the QR code, and has no receipt printer: a link instead.
        onPhone ? null : h('img', { class: 'qr', src: qr, alt: t('print_scan'), width: '280', height: '280' })),
    ];
    printed = [
      h('h1', {}, stationName),
      h('p', {}, t('receipt_code')),
      h('p', { class: 'code' }, created.tracking_code),
      h('img', { src: qr, alt: '' }),
      h('p', {}, t('print_scan')),
      printSummary,
      dueLines(due, answerBy, summary, { due: 'print-due', reply: 'print-reply' }),
      h('p', {}, t('print_time', { time: formatTime(submittedAt) })),
      h('div', { class: 'cut' })];
  } else if (refusal) {
    // A phone's kept report the server refused for good: it stays on the phone, with the reason.
    body = [
      h('h1', { class: 'screen-title', id: 'refused-notice', tabindex: '-1' }, t('kept_refused_title')),
      summary ? h('p', { class: 'summary', id: 'receipt-summary' }, summaryText(summary)) : null,
      h('p', { class: 'error', id: 'refused-reason' }, t('kept_refused_why', { why: refusal })),
      h('p', {}, t('kept_refused_hint')),
    ];
    printed = [];
  } else if (reservedCode) {
    // Saved on the kiosk under a code reserved ahead: the real tracking code, which the resident can follow
    // (the tracking page says it has not arrived until the kiosk sends it).
    body = [
      h('h1', { class: 'screen-title saved', id: 'saved-notice', tabindex: '-1' }, t('receipt_saved_title')),
      h('p', { class: 'notice' }, t('receipt_saved')),
      summary ? h('p', { class: 'summary', id: 'receipt-summary' }, summaryText(summary)) : null,
      h('p', {}, t('receipt_code')),
      h('p', { class: 'code', id: 'tracking-code', 'data-reserved': 'true' }, reservedCode),
      h('p', { id: 'saved-track' }, t('receipt_saved_track')),
    ];
    printed = [
      h('h1', {}, stationName),
      h('p', {}, t('receipt_code')),
      h('p', { class: 'code' }, reservedCode),
      h('p', {}, t('receipt_saved_title')),
      h('p', {}, t('receipt_saved_track')),
      printSummary,
      h('p', {}, t('print_time', { time: formatTime(submittedAt) })),
      h('div', { class: 'cut' })];
  } else {
    const ref = queuedKey.slice(0, 8).toUpperCase();
    const onPhone = state.mode !== 'kiosk';
    body = [
      h('h1', { class: 'screen-title saved', id: 'saved-notice', tabindex: '-1' }, t('receipt_saved_title')),
      h('p', { class: 'notice' }, t('receipt_saved')),
      onPhone ? h('p', { id: 'saved-how' }, background ? t('receipt_saved_background') : t('receipt_saved_keep_open')) : null,
      summary ? h('p', { class: 'summary', id: 'receipt-summary' }, summaryText(summary)) : null,
      h('p', {}, t('receipt_saved_ref', { ref: '' })),
      h('p', { class: 'code small-code', id: 'local-ref' }, ref),
    ];
    printed = [
      h('h1', {}, stationName),
      h('p', {}, t('receipt_saved_title')),
      h('p', { class: 'code' }, ref),
      printSummary,
      h('p', {}, t('print_time', { time: formatTime(submittedAt) })),
      h('div', { class: 'cut' })];
  }
  document.getElementById('print-receipt').replaceChildren(...printed.flat().filter(Boolean));
  return [
    h('section', { class: 'receipt', 'data-state': created ? 'sent' : 'saved' }, ...body),
    actionBar(
      state.mode === 'kiosk' ? button(t('print'), () => window.print(), 'btn', { id: 'print' }) : null,
      h('span', { class: 'spacer' }),
      button(t('done'), resetAll, 'btn primary', { id: 'done' })),
  ];
}

/** A receipt with its tracking code: the deadline is fetched (the filing answer has none). */
export function entered() {
  if (state.view.created && !state.view.due) loadDue(state.view);
}

/**
 * The report's deadlines from its tracking view: for a new report, when the station must take it up and the latest
 * the resident has an answer.
 * Without it (no network) the receipt goes without; drawn again when it arrives, unless the resident moved on.
 */
async function loadDue(view) {
  try {
    const tracked = await api.track(view.created.tracking_code);
    if (state.view !== view || !tracked?.due_at) return;
    editView({ due: tracked.due_at, answerBy: tracked.answer_expected_by ?? null });
    rerender();
  } catch {
    // The receipt is complete without it.
  }
}

/**
 * The outbox sent a report (live.js): when it is the one this receipt waits for, show its tracking code (which
 * the outbox then need not keep for the phone's list of earlier reports).
 */
export function reportSent(key, created) {
  if (state.view.queuedKey !== key || state.view.created) return;
  setView('receipt', { created, justSynced: true, submittedAt: created.submitted_at, summary: state.view.summary });
  rerender();
  loadDue(state.view);
  acknowledge(key).catch(() => {}).then(refreshPending);
}

/** The server refused the kept report this receipt waits for: on a phone, say so and why (it stays kept). */
export function reportRefused(key, error) {
  if (state.view.queuedKey !== key || state.view.created || state.mode === 'kiosk') return;
  const { submittedAt, summary } = state.view;
  setView('receipt', { queuedKey: key, refusal: refusalReason(error), submittedAt, summary });
  rerender(true);
}

const refusalReason = (error) => error?.message || error?.code || t('kept_unknown');

/**
 * On a phone: its earlier reports kept in the outbox, each with what became of it, sent (its tracking code and
 * link) or refused (why, and what was written); the resident removes each when done with it. Hidden when none.
 */
export function earlierReports() {
  if (state.mode === 'kiosk' || !state.kept.length) return h('section', { id: 'earlier-reports', hidden: true });
  const remove = (key) => () => acknowledge(key).catch(() => {}).then(refreshPending);
  const items = state.kept.map((r) => {
    const time = formatTime(new Date(r.created_at).toISOString());
    if (r.delivered) {
      const code = r.created?.tracking_code ?? '';
      return h('li', { class: 'earlier', 'data-key': r.key, 'data-state': 'sent' },
        h('p', {}, t('kept_sent', { time })),
        h('p', {}, t('receipt_code'), ' ', h('strong', { class: 'earlier-code' }, code)),
        h('div', { class: 'actions' },
          h('a', { class: 'btn primary', href: `/t/${encodeURIComponent(code)}` }, t('receipt_phone_link')),
          button(t('kept_dismiss'), remove(r.key), 'btn', { 'data-dismiss': r.key })));
    }
    const description = (r.fields || []).find(([name]) => name === 'description')?.[1] ?? '';
    return h('li', { class: 'earlier', 'data-key': r.key, 'data-state': 'refused' },
      h('p', { class: 'error' }, t('kept_refused', { time, why: r.reason || r.error || t('kept_unknown') })),
      description ? h('blockquote', { class: 'earlier-text' }, description) : null,
      h('div', { class: 'actions' }, button(t('kept_remove'), remove(r.key), 'btn', { 'data-dismiss': r.key })));
  });
  return h('section', { id: 'earlier-reports', class: 'notice', 'aria-labelledby': 'earlier-title' },
    h('h2', { id: 'earlier-title' }, t('kept_title')),
    h('ul', { class: 'earlier-list' }, items));
}
