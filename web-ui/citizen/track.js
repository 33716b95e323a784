// A report's page (#/r/{tracking_code}, GET /reports/track/{code}): where it stands, the answer, its photos and
// public timeline; rating the answer (满意 / 基本满意 / 不满意, with a comment) when the server says it may be rated;
// "was it fixed?" when asked; 补充, adding words or photos to an open report (POST …/supplements); withdrawing it
// after a confirmation; inside WeChat, on a signed-in resident's own open report, 微信提醒我 (wechat.js). Also 查进度
// (#/track): typing a tracking code. Everything the citizen wrote is text.

import { h, fill } from '/ui/shared/dom.js';
import { request } from '/ui/shared/api.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { fileToJpeg } from '/kiosk/js/camera.js';
import { remindOffer, remindButton } from './wechat.js';

const CODE_RE = /^[A-Za-z0-9-]{4,40}$/;
const VERDICTS = ['satisfied', 'mostly', 'not_satisfied'];
const MAX_TEXT = 2000;

/** #/track: a tracking code typed in (or pasted: spaces and lower case are fine). */
export function lookupView(app) {
  let error = null;
  function render() {
    app.setTitle(t('track_title'));
    const input = h('input', { type: 'text', id: 'tracking-input', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: 40,
      'aria-describedby': 'tracking-hint', 'aria-invalid': error ? 'true' : null });
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('track_title')),
      h('form', { id: 'track-form', novalidate: true, onsubmit: (e) => {
        e.preventDefault();
        const code = input.value.trim().toUpperCase().replace(/\s+/g, '');
        if (!CODE_RE.test(code)) {
          error = t('track_code_invalid');
          render();
          app.focusOn('tracking-input');
          return;
        }
        app.go(`#/r/${encodeURIComponent(code)}`);
      } },
      h('label', { for: 'tracking-input' }, t('track_code_label')),
      h('p', { class: 'hint', id: 'tracking-hint' }, t('track_code_hint')),
      input,
      error ? h('p', { class: 'field-error', role: 'alert' }, error) : null,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary wide', id: 'track-submit' }, t('track_submit')))));
    app.main.dataset.state = 'ready';
  }
  return { render, start: render };
}

export function trackedView(app, params) {
  const code = params.code.toUpperCase();
  const path = `/api/v1/reports/track/${encodeURIComponent(code)}`;
  let disposed = false;
  let report = null;
  let problem = null;
  let mine = null; // inside WeChat, signed in: whether the report is among the resident's own
  const ui = { verdict: null, comment: '', busy: null, error: null, done: null, confirmWithdraw: false, addText: '', addPhotos: [], addOpen: false };

  async function load() {
    try {
      report = await request(path);
      problem = null;
      await whose();
    } catch (err) {
      problem = err;
    }
    if (!disposed) render();
  }

  /** Whether 微信提醒我 belongs here: asked once, only inside WeChat for a signed-in resident. */
  async function whose() {
    if (mine !== null || !app.session.signedIn || !(await remindOffer())) return;
    try {
      const own = await app.session.call('/api/v1/me/reports');
      mine = (own.items ?? []).some((r) => r.tracking_code === report.tracking_code);
    } catch {
      mine = false; // Not a citizen, or not now: no button.
    }
  }

  /** Sends one step; `after` is the flash text. */
  async function act(name, work, after) {
    ui.busy = name;
    ui.error = null;
    render();
    try {
      const answer = await work();
      if (answer?.tracking_code) report = answer;
      else await load();
      ui.done = after;
    } catch (err) {
      ui.error = err;
    }
    ui.busy = null;
    if (disposed) return;
    render();
    app.focusOn(ui.error ? 'step-error' : 'step-done');
  }

  const rate = () => act('rate', () => request(`${path}/actions`, { method: 'POST', json: { action: 'rate', verdict: ui.verdict, comment: ui.comment.trim() || null } }), t('rate_done'));
  const followUp = (fixed) => act('follow_up', () => request(`${path}/actions`, { method: 'POST', json: { action: 'follow_up', fixed } }), t('follow_up_done'));
  const withdraw = () => act('withdraw', () => request(`${path}/actions`, { method: 'POST', json: { action: 'withdraw' } }), t('withdraw_done'));

  async function supplement() {
    const text = ui.addText.trim();
    if (!text && !ui.addPhotos.length) {
      ui.error = t('add_empty');
      render();
      return;
    }
    await act('supplement', async () => {
      const form = new FormData();
      if (text) form.append('text', text);
      ui.addPhotos.forEach((p, i) => form.append('photos', p.blob, `photo-${i + 1}.jpg`));
      await request(`${path}/supplements`, { method: 'POST', form, timeoutMs: 60000 });
      ui.addText = '';
      ui.addPhotos.forEach((p) => URL.revokeObjectURL(p.url));
      ui.addPhotos = [];
      ui.addOpen = false;
    }, t('add_done'));
  }

  async function addPhotos(e) {
    const files = [...(e.target.files || [])];
    e.target.value = '';
    for (const file of files) {
      try {
        const blob = await fileToJpeg(file, 1600);
        ui.addPhotos.push({ blob, url: URL.createObjectURL(blob) });
      } catch {
        ui.error = t('not_photos', { names: `“${file.name}”` });
      }
    }
    if (!disposed) render();
  }

  function rateSection() {
    if (!report.may_rate) {
      return report.verdict && report.verdict !== 'no_rating' ? h('p', { class: 'notice notice-ok', id: 'verdict' }, t('your_verdict', { v: t(`verdict_${report.verdict}`) })) : null;
    }
    const comment = h('textarea', { id: 'rate-comment', maxlength: 500, oninput: (e) => { ui.comment = e.target.value; } });
    comment.value = ui.comment;
    return h('section', { class: 'panel', 'aria-labelledby': 'rate-title' },
      h('h2', { id: 'rate-title' }, t('rate_title')),
      h('div', { class: 'chips verdicts', role: 'group', 'aria-labelledby': 'rate-title' }, VERDICTS.map((v) => h('button', {
        type: 'button', class: 'chip verdict', 'data-verdict': v, 'aria-pressed': String(ui.verdict === v), onclick: () => { ui.verdict = v; render(); },
      }, t(`verdict_${v}`)))),
      h('label', { for: 'rate-comment' }, t('rate_comment')),
      comment,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary', id: 'rate-send', disabled: !ui.verdict || ui.busy === 'rate', onclick: rate }, t('rate_send'))));
  }

  function followUpSection() {
    if (!report.follow_up_question) return null;
    return h('section', { class: 'panel', 'aria-labelledby': 'follow-title' },
      h('h2', { id: 'follow-title' }, t('follow_up_title')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn primary', id: 'fixed-yes', disabled: ui.busy === 'follow_up', onclick: () => followUp(true) }, t('follow_up_yes')),
        h('button', { type: 'button', class: 'btn', id: 'fixed-no', disabled: ui.busy === 'follow_up', onclick: () => followUp(false) }, t('follow_up_no'))));
  }

  function addSection() {
    if (report.status === 'closed') return null;
    if (!ui.addOpen) {
      return h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'add-open', 'aria-expanded': 'false', onclick: () => { ui.addOpen = true; render(); app.focusOn('add-text'); } }, t('add_title')));
    }
    const text = h('textarea', { id: 'add-text', maxlength: MAX_TEXT, oninput: (e) => { ui.addText = e.target.value; } });
    text.value = ui.addText;
    return h('section', { class: 'panel', 'aria-labelledby': 'add-heading' },
      h('h2', { id: 'add-heading' }, t('add_title')),
      h('label', { for: 'add-text' }, t('add_text')), text,
      h('div', { class: 'actions' }, h('label', { class: 'btn file-pick', for: 'add-photos' }, t('pick_photos'),
        h('input', { type: 'file', id: 'add-photos', accept: 'image/*', multiple: true, class: 'visually-hidden', onchange: addPhotos }))),
      ui.addPhotos.length ? h('ul', { class: 'photos', id: 'add-form-photos' }, ui.addPhotos.map((p, i) => h('li', {}, h('img', { src: p.url, alt: t('photo_n', { n: i + 1 }) })))) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn primary', id: 'add-send', disabled: ui.busy === 'supplement', onclick: supplement }, t('add_send')),
        h('button', { type: 'button', class: 'btn', id: 'add-close', onclick: () => { ui.addOpen = false; render(); } }, t('cancel'))));
  }

  function withdrawSection() {
    if (['answered', 'closed'].includes(report.status)) return null;
    if (!ui.confirmWithdraw) {
      return h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn danger', id: 'withdraw', onclick: () => { ui.confirmWithdraw = true; render(); app.focusOn('withdraw-confirm'); } }, t('withdraw')));
    }
    return h('div', { class: 'notice notice-warn confirm', id: 'withdraw-confirm', role: 'group', 'aria-label': t('withdraw_confirm') },
      h('p', { class: 'notice-text' }, t('withdraw_confirm')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn danger', id: 'withdraw-yes', disabled: ui.busy === 'withdraw', onclick: () => { ui.confirmWithdraw = false; withdraw(); } }, t('withdraw_yes')),
        h('button', { type: 'button', class: 'btn', id: 'withdraw-no', onclick: () => { ui.confirmWithdraw = false; render(); } }, t('withdraw_no'))));
  }

  function render() {
    if (disposed) return;
    app.setTitle(t('tracked_title', { code }));
    const heading = h('h1', { id: 'view-heading', tabindex: '-1' }, t('tracked_title', { code }));
    if (!report) {
      fill(app.main, heading, problem
        ? [app.problem(problem, { id: 'track-problem', role: null, overrides: { report_not_found: 'track_not_found' } }),
          h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'retry', onclick: () => load() }, t('retry')), h('a', { class: 'btn', href: '#/track' }, t('track_title')))]
        : h('p', { class: 'loading', role: 'status' }, t('loading')));
      return;
    }
    const stepError = ui.error ? (typeof ui.error === 'string'
      ? h('div', { class: 'notice notice-error', role: 'alert', id: 'step-error' }, h('p', { class: 'notice-text' }, ui.error))
      : app.problem(ui.error, { id: 'step-error' })) : null;
    fill(app.main, heading, app.takeFlash(),
      h('p', { class: 'report-top' }, h('span', { class: `status-chip status-${report.status}`, id: 'track-status', 'data-status': report.status }, pick(report.status_label)),
        ' ', h('span', { class: 'muted' }, pick(report.category.name))),
      report.station ? h('p', { class: 'muted' }, pick(report.station.name)) : null,
      ui.done ? h('p', { class: 'notice notice-ok', role: 'status', id: 'step-done', tabindex: '-1' }, ui.done) : null,
      stepError,
      report.answer ? h('section', { class: 'reply', id: 'track-answer', 'aria-labelledby': 'answer-title' },
        h('h2', { id: 'answer-title' }, t('track_answer')), h('p', { class: 'user-text' }, report.answer.text),
        report.answer.answered_at ? h('p', { class: 'muted' }, formatDateTime(report.answer.answered_at)) : null) : null,
      report.answer_expected_by ? h('p', { id: 'answer-by' }, t('answer_by', { when: formatDateTime(report.answer_expected_by) })) : null,
      mine && report.status !== 'closed' ? remindButton(app, { back: `#/r/${encodeURIComponent(code)}` }) : null,
      rateSection(),
      followUpSection(),
      report.photos?.length ? [h('h2', {}, t('track_photos')), h('ul', { class: 'photos', id: 'track-photos' }, report.photos.map((p, i) => h('li', {},
        h('a', { href: p.display_url, target: '_blank', rel: 'noopener' }, h('img', { src: p.thumb_url, alt: t('photo_n', { n: i + 1 }) })))))] : null,
      h('h2', {}, t('track_timeline')),
      h('ol', { class: 'timeline', id: 'timeline' }, report.timeline.map((e) => h('li', { 'data-kind': e.kind },
        h('p', { class: 'timeline-head' }, h('time', { datetime: e.at }, formatDateTime(e.at))),
        h('p', { class: 'user-text' }, pick(e.text)),
        e.words ? h('p', { class: 'user-text supplement-words' }, e.words) : null))),
      addSection(),
      withdrawSection());
    app.main.dataset.state = 'ready';
    app.main.dataset.status = report.status;
  }

  return {
    render,
    async start() { render(); await load(); },
    dispose() { disposed = true; ui.addPhotos.forEach((p) => URL.revokeObjectURL(p.url)); delete app.main.dataset.status; },
  };
}
