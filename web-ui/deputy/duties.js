// Duties (履职): the deputy's activities (`GET /api/v1/me/activities`: invited to, or checked in at), what is
// coming up first, then the past month, each with its attendance in words; and checking in at one. A QR code at
// the activity (printed by the station, or on its kiosk) opens `#/check-in/{id}/{token}`: app.js takes the token
// out of the address before this view starts (it is kept only in memory here), then this view posts it
// (`POST /api/v1/activities/{id}/check-in`) and says, large, that the deputy is checked in (the activity's title
// and time), or what stood in the way, in words: a wrong code, check-in not open yet or closed, a cancelled
// activity.

import { h, fill } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';
import { ApiError } from '/ui/shared/api.js';
import { problemNotice } from '/ui/shared/ui.js';
import { timeSpan } from '/ui/shared/span.js';
import { dutyNav } from './duty-nav.js';

const HOUR = 3600 * 1000;

/** What stood in the way of a check-in, in words (the activity's times tell "not yet" from "too late"). */
function checkInProblem(err, activity) {
  if (!(err instanceof ApiError)) return null;
  switch (err.code) {
    case 'wrong_check_in_code': return t('checkin_wrong_code');
    case 'activity_cancelled': return t('checkin_cancelled');
    case 'activity_not_found': return t('checkin_not_found');
    case 'forbidden': return t('checkin_forbidden');
    case 'check_in_closed': {
      if (!activity) return t('checkin_closed');
      const opens = new Date(activity.starts_at).getTime() - HOUR;
      if (Date.now() < opens) return t('checkin_not_open', { when: timeSpan(new Date(opens).toISOString()) });
      return t('checkin_closed_after');
    }
    default: return null;
  }
}

/** `params.checkIn`: `{ id, token }` of a check-in to make first (the token no longer in the address). */
export function dutiesView(app, { checkIn = null } = {}) {
  const state = { items: null, error: null, checkIn: checkIn ? { ...checkIn, busy: true, result: null, activity: null, error: null } : null };
  let disposed = false;

  async function load() {
    try {
      state.items = (await app.session.call('/api/v1/me/activities')).items;
      state.error = null;
    } catch (err) {
      state.error = err;
    }
    render();
  }

  async function postCheckIn() {
    const c = state.checkIn;
    c.busy = true;
    c.error = null;
    render('checkin-result');
    try {
      c.result = await app.session.call(`/api/v1/activities/${c.id}/check-in`, { method: 'POST', json: { token: c.token } });
      // Once checked in, the token has done its work: nothing keeps it.
      c.token = null;
    } catch (err) {
      c.error = err;
    }
    // The activity's title and time (it concerns the deputy once they are checked in, or if they were invited).
    try {
      c.activity = await app.session.call(`/api/v1/activities/${c.id}`);
    } catch {
      c.activity = c.activity || state.items?.find((a) => a.id === c.id) || null;
    }
    c.busy = false;
    if (disposed) return;
    render('checkin-result');
    await load();
  }

  function checkInPanel() {
    const c = state.checkIn;
    if (!c) return null;
    if (c.busy) return h('section', { class: 'checkin checkin-busy', id: 'checkin-result', tabindex: '-1', 'aria-live': 'polite' }, h('p', { class: 'checkin-big' }, t('checkin_busy')));
    const a = c.activity;
    const about = a ? [
      h('p', { class: 'checkin-activity user-text', id: 'checkin-activity' }, a.title),
      h('p', { class: 'checkin-when', id: 'checkin-when' }, timeSpan(a.starts_at, a.ends_at)),
      a.place ? h('p', { class: 'checkin-place user-text' }, t('duty_place', { place: a.place })) : null,
    ] : null;
    if (c.result) {
      return h('section', { class: 'checkin checkin-ok', id: 'checkin-result', 'data-result': 'ok', tabindex: '-1', role: 'status', 'aria-labelledby': 'checkin-title' },
        h('p', { class: 'checkin-mark', 'aria-hidden': 'true' }, '✓'),
        h('h2', { class: 'checkin-big', id: 'checkin-title' }, t('checkin_ok_title')),
        about,
        h('p', {}, t('checkin_ok_text')));
    }
    const words = checkInProblem(c.error, a);
    const transient = c.error instanceof ApiError && (c.error.offline || c.error.status >= 500 || c.error.status === 429);
    return h('section', { class: 'checkin checkin-problem', id: 'checkin-result', 'data-result': c.error?.code || 'problem', tabindex: '-1', role: 'alert', 'aria-labelledby': 'checkin-title' },
      h('p', { class: 'checkin-mark', 'aria-hidden': 'true' }, '!'),
      h('h2', { class: 'checkin-big', id: 'checkin-title' }, t('checkin_problem_title')),
      about,
      words ? h('p', { class: 'checkin-why', id: 'checkin-why' }, words) : problemNotice(c.error, { id: 'checkin-why', role: null }),
      transient && c.token ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary wide', id: 'checkin-retry', onclick: postCheckIn }, t('checkin_retry'))) : null);
  }

  function card(a) {
    return h('li', { class: 'duty', 'data-id': a.id, 'data-attendance': a.attendance, 'data-status': a.status },
      h('p', { class: 'duty-top' },
        h('span', { class: 'card-category' }, t(`duty_kind_${a.kind}`)),
        h('span', { class: `duty-att duty-att-${a.attendance}` }, t(`duty_att_${a.attendance}`))),
      h('p', { class: 'duty-title user-text' }, a.title),
      h('p', { class: 'duty-meta' }, t('duty_when', { when: timeSpan(a.starts_at, a.ends_at) })),
      a.place ? h('p', { class: 'duty-meta user-text' }, t('duty_place', { place: a.place })) : null,
      h('p', { class: 'duty-meta' },
        h('span', { class: 'status-chip', 'data-status': a.status }, t(`duty_status_${a.status}`)),
        a.invited ? null : [' ', t('duty_not_invited')]));
  }

  function lists() {
    const now = Date.now();
    const upcoming = state.items.filter((a) => new Date(a.ends_at).getTime() >= now);
    const past = state.items.filter((a) => new Date(a.ends_at).getTime() < now).reverse();
    return [
      h('h2', {}, t('duties_upcoming')),
      upcoming.length ? h('ul', { class: 'duties', id: 'duties-upcoming' }, upcoming.map(card)) : h('p', { class: 'empty', id: 'duties-none-upcoming' }, t('duties_none_upcoming')),
      h('h2', {}, t('duties_past')),
      past.length ? h('ul', { class: 'duties', id: 'duties-past' }, past.map(card)) : h('p', { class: 'empty', id: 'duties-none-past' }, t('duties_none_past')),
    ];
  }

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(state.checkIn && !state.checkIn.busy ? t(state.checkIn.result ? 'checkin_ok_title' : 'checkin_problem_title') : t('duties_title'));
    fill(app.main,
      checkInPanel(),
      dutyNav('activities'),
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('duties_title')),
      h('p', { class: 'hint' }, t('duties_intro')),
      app.takeFlash(),
      state.error ? problemNotice(state.error, { id: 'duties-problem' }) : null,
      state.items === null && !state.error ? h('p', { class: 'loading', role: 'status' }, t('loading')) : null,
      state.items ? lists() : null);
    const busy = state.checkIn?.busy;
    app.main.dataset.state = busy ? 'checking-in' : state.error ? 'problem' : state.items ? 'ready' : 'loading';
    if (state.checkIn && !busy) app.main.dataset.checkIn = state.checkIn.result ? 'ok' : 'problem';
    else delete app.main.dataset.checkIn;
    if (focusId) app.focusOn(focusId);
  }

  return {
    start() {
      render(state.checkIn ? 'checkin-result' : null);
      return state.checkIn ? postCheckIn() : load();
    },
    render: () => render(),
    dispose() {
      disposed = true;
      delete app.main.dataset.checkIn;
    },
  };
}
