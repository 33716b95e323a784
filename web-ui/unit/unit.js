// The handling unit's page (承办单位办理页), opened from the link in its notice: `/unit/#{token}`. The token
// stays in the address's fragment (browsers never send it to a server or in a Referer); the page opens the
// report with it (`GET /api/v1/unit-links/{token}`), takes photos and PDFs (`…/attachments`) and the reply
// (`…/reply`, once). Every problem the link's API answers with is explained in words.

import { h, fill } from '/ui/shared/dom.js';
import { request, ApiError } from '/ui/shared/api.js';
import { t, addStrings, onLangChange } from '/ui/shared/i18n.js';
import { languageSwitch, problemNotice, focusOn } from '/ui/shared/ui.js';
import { STRINGS } from './strings.js';
import { intro, deadline, facts, photos, documents } from './view.js';
import { createForms, kindOf, uploadBody } from './forms.js';

addStrings(STRINGS);

const LINK_PROBLEMS = new Set(['unit_link_invalid', 'unit_link_expired', 'unit_link_superseded']);
const main = document.getElementById('main');

let state = fresh();

function fresh() {
  return {
    token: tokenFromAddress(),
    loading: true,
    view: null,
    failure: null, // why the report cannot be shown: an ApiError, or 'no_token'
    files: [],
    uploadBusy: false,
    uploadError: null, // words (a file the server would not take) or an ApiError
    uploaded: 0,
    replyBusy: false,
    replyError: null, // 'empty' or an ApiError
    replied: null, // the text sent on this visit
    notice: null, // an ApiError to show beside the reply's outcome
  };
}

/** The token from `#{token}` (also `#/{token}`). */
function tokenFromAddress() {
  const raw = location.hash.replace(/^#\/?/, '').trim();
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const linkPath = (suffix = '') => `/api/v1/unit-links/${encodeURIComponent(state.token)}${suffix}`;

const forms = createForms({
  onFilesChosen(files) {
    state.files = files;
    state.uploaded = 0;
    const refused = files.find((file) => !kindOf(file));
    state.uploadError = refused ? t('upload_bad_type', { name: refused.name }) : null;
    render(refused ? 'upload-error' : null);
  },
  onUpload: upload,
  onReply: reply,
});

async function load(focus = null) {
  if (!state.token) {
    state.loading = false;
    state.failure = 'no_token';
    render('problem-heading');
    return;
  }
  state.loading = true;
  try {
    state.view = await request(linkPath());
    state.failure = null;
  } catch (err) {
    state.failure = err;
  }
  state.loading = false;
  render(focus);
}

/** A link problem from any call replaces the page with its explanation; other problems stay beside the form. */
function linkFailed(err) {
  if (err instanceof ApiError && LINK_PROBLEMS.has(err.code)) {
    state.failure = err;
    state.view = null;
    render('problem-heading');
    return true;
  }
  return false;
}

async function upload(files) {
  if (state.uploadBusy) return;
  if (!files.length) {
    state.uploadError = t('upload_none_chosen');
    render('upload-error');
    return;
  }
  const refused = files.find((file) => !kindOf(file));
  if (refused) {
    state.uploadError = t('upload_bad_type', { name: refused.name });
    render('upload-error');
    return;
  }
  state.uploadBusy = true;
  state.uploadError = null;
  render();
  try {
    state.view = await request(linkPath('/attachments'), { method: 'POST', form: uploadBody(files), timeoutMs: 120000 });
    state.uploaded = files.length;
    state.files = [];
    forms.reset({ files: true });
    state.uploadBusy = false;
    render('upload-done');
  } catch (err) {
    state.uploadBusy = false;
    if (linkFailed(err)) return;
    state.uploadError = err;
    render('upload-error');
  }
}

async function reply(text) {
  if (state.replyBusy) return;
  if (!text.trim()) {
    state.replyError = 'empty';
    render('reply-text');
    return;
  }
  state.replyBusy = true;
  state.replyError = null;
  render();
  try {
    state.view = await request(linkPath('/reply'), { method: 'POST', json: { text } });
    state.replied = text;
    forms.reset({ text: true });
    state.replyBusy = false;
    render('reply-received');
  } catch (err) {
    state.replyBusy = false;
    if (linkFailed(err)) return;
    if (err instanceof ApiError && err.code === 'invalid_transition') {
      // Someone else moved the report on: show where it stands now, and why the reply did not go.
      state.notice = err;
      await load('reply-error');
      return;
    }
    state.replyError = err;
    render('reply-error');
  }
}

function failurePage() {
  const err = state.failure;
  const retry = err instanceof ApiError && (err.offline || err.status >= 500 || err.status === 429);
  return [
    h('h1', { id: 'problem-heading', tabindex: '-1' }, t('link_problem_title')),
    err === 'no_token'
      ? h('div', { class: 'notice notice-error', id: 'link-problem', role: 'alert' }, h('p', { class: 'notice-text' }, t('no_token')))
      : problemNotice(err, { id: 'link-problem' }),
    h('p', {}, t('link_problem_help')),
    retry ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'retry', onclick: () => load('report-heading') }, t('retry'))) : null,
  ];
}

function reportPage(view) {
  const open = view.status !== 'closed';
  return [
    ...intro(view),
    deadline(view),
    facts(view),
    photos(view),
    documents(view),
    open ? forms.upload(state) : null,
    view.awaiting_reply ? forms.reply(state) : forms.replied(state, view),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', id: 'refresh', onclick: () => { state.uploaded = 0; state.notice = null; load('report-heading'); } }, t('refresh'))),
  ];
}

/** Draws the page for the current state and language, then moves focus to `focusId` when given. */
function render(focusId = null) {
  document.title = `${t('page_title')} · ${t('site_name')}`;
  fill(document.getElementById('bar-title'), `${t('site_name')} · ${t('page_title')}`);
  if (state.loading && !state.view && !state.failure) {
    fill(main, h('p', { class: 'loading', role: 'status' }, t('loading')));
  } else if (state.failure) {
    fill(main, failurePage());
  } else {
    fill(main, reportPage(state.view));
  }
  main.dataset.state = state.failure ? 'problem' : state.view ? (state.view.awaiting_reply ? 'awaiting' : 'done') : 'loading';
  if (focusId) focusOn(focusId);
}

languageSwitch(document.getElementById('lang'));
onLangChange(() => render());
window.addEventListener('hashchange', () => {
  state = fresh();
  forms.reset({ files: true, text: true });
  render();
  load('report-heading');
});
render();
load();
