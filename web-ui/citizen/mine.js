// 我的: a signed-in citizen's reports with where each stands (GET /me/reports), their bookings of a reception with a
// way to cancel (GET /me/bookings, DELETE /me/bookings/{id}: shown once the server has them), signing out. Anyone:
// the reports waiting on this phone to be sent, the ones sent from it while no receipt was open (their codes),
// and the ones the server refused (with the reason); a way to sign in; 查进度 with a tracking code.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';
import { dayText } from './home.js';

/** One report as a card linking to its page. */
function reportCard(r) {
  return h('li', {}, h('a', { class: 'card', href: `#/r/${encodeURIComponent(r.tracking_code)}`, 'data-code': r.tracking_code },
    h('span', { class: 'card-top' }, h('span', { class: 'card-category' }, pick(r.category.name)),
      h('span', { class: `status-chip status-${r.status}` }, pick(r.status_label))),
    r.title ? h('span', { class: 'card-title user-text' }, r.title) : null,
    h('span', { class: 'card-meta' }, formatDateTime(r.submitted_at)),
    h('span', { class: 'card-code' }, r.tracking_code)));
}

export function mineView(app) {
  let disposed = false;
  let me = null;
  let reports = null;
  let bookings = null; // null: not offered by the server (yet)
  let phoneReports = [];
  let waiting = 0;
  let problem = null;
  let cancelling = null;
  let confirming = null; // the booking whose cancelling waits for a yes

  async function loadPhone() {
    try {
      const { outboxReady } = await import('./outbox.js');
      const ob = await outboxReady(app);
      const [kept, all] = await Promise.all([ob.outbox.kept(), ob.outbox.all()]);
      phoneReports = kept;
      waiting = all.filter((r) => !r.rejected && !r.delivered && r.kiosk === false).length;
    } catch {
      phoneReports = [];
    }
  }

  async function load() {
    problem = null;
    await loadPhone();
    if (app.session.signedIn) {
      try {
        const [who, list, mineBooked] = await Promise.all([
          app.loadMe(),
          app.session.call('/api/v1/me/reports'),
          app.session.call('/api/v1/me/bookings').catch((err) => (err.status === 404 || err.status === 405 ? null : Promise.reject(err))),
        ]);
        me = who;
        reports = list.items ?? [];
        bookings = mineBooked ? (mineBooked.items ?? []) : null;
      } catch (err) {
        problem = err;
      }
    }
    if (!disposed) render();
  }

  async function cancel(booking) {
    cancelling = booking.id;
    render();
    try {
      await app.session.call(`/api/v1/me/bookings/${encodeURIComponent(booking.id)}`, { method: 'DELETE' });
      app.flash = { kind: 'ok', text: t('booking_cancelled') };
      app.shownFlash = app.flash;
      app.flash = null;
      const { forget } = await import('./data.js');
      forget('/api/v1/stations/');
    } catch (err) {
      problem = err;
    }
    cancelling = null;
    confirming = null;
    if (!disposed) await load();
  }

  function phoneSection() {
    if (!phoneReports.length && !waiting) return null;
    return [
      h('h2', {}, t('mine_phone_title')),
      waiting ? h('p', { class: 'notice notice-warn', id: 'mine-waiting' }, t('mine_waiting', { n: waiting })) : null,
      h('ul', { class: 'cards', id: 'phone-reports' }, phoneReports.map((r) => h('li', {},
        r.delivered
          ? h('a', { class: 'card', href: `#/r/${encodeURIComponent(r.created.tracking_code)}` }, h('span', { class: 'card-category' }, t('mine_sent_from_phone')),
            h('span', { class: 'card-code' }, r.created.tracking_code))
          : h('div', { class: 'card card-refused' }, h('span', { class: 'card-category' }, t('mine_refused')),
            h('span', { class: 'card-meta user-text' }, r.reason || r.error))))),
    ];
  }

  function bookingsSection() {
    if (bookings === null) return null;
    return [
      h('h2', {}, t('mine_bookings')),
      bookings.length ? h('ul', { class: 'cards', id: 'my-bookings' }, bookings.map((b) => h('li', { class: 'card', 'data-booking': b.id, 'data-status': b.status },
        h('span', { class: 'card-top' }, h('span', { class: 'card-category' }, b.reception_day ? dayText(b.reception_day) : formatDateTime(b.starts_at)),
          h('span', { class: 'status-chip' }, t(`booking_${b.status}`))),
        h('span', { class: 'card-title user-text' }, b.topic),
        !b.cancellable ? null : confirming === b.id
          ? h('div', { class: 'confirm', role: 'group', 'aria-label': t('booking_cancel_confirm') },
            h('p', { class: 'label' }, t('booking_cancel_confirm')),
            h('div', { class: 'actions' },
              h('button', { type: 'button', class: 'btn primary', 'data-action': 'confirm-cancel', disabled: cancelling === b.id, onclick: () => cancel(b) }, t('booking_cancel_yes')),
              h('button', { type: 'button', class: 'btn', 'data-action': 'keep-booking', onclick: () => { confirming = null; render(); } }, t('booking_cancel_no'))))
          : h('button', { type: 'button', class: 'btn', 'data-action': 'cancel-booking', onclick: () => { confirming = b.id; render(); } }, t('booking_cancel')))))
        : h('p', { class: 'empty' }, t('mine_no_bookings')),
    ];
  }

  function render() {
    if (disposed) return;
    app.setTitle(t('mine_title'));
    const heading = h('h1', { id: 'view-heading', tabindex: '-1' }, t('mine_title'));
    if (!app.session.signedIn) {
      fill(app.main, heading, app.takeFlash(),
        h('p', {}, t('mine_signed_out')),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'btn primary wide', id: 'mine-signin', onclick: () => app.signIn('#/mine') }, t('signin_title')),
          h('a', { class: 'btn wide', href: '#/track', id: 'mine-track' }, t('entry_track'))),
        phoneSection());
      app.main.dataset.state = 'ready';
      return;
    }
    if (problem && !reports) {
      fill(app.main, heading, app.problem(problem, { id: 'mine-problem', role: null }),
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'retry', onclick: () => load() }, t('retry')),
          h('button', { type: 'button', class: 'btn', id: 'sign-out', onclick: () => app.session.signOut() }, t('sign_out'))));
      return;
    }
    if (!reports) {
      fill(app.main, heading, h('p', { class: 'loading', role: 'status' }, t('loading')));
      return;
    }
    fill(app.main, heading, app.takeFlash(),
      problem ? app.problem(problem, { id: 'mine-problem' }) : null,
      me?.phone ? h('p', { class: 'muted', id: 'my-phone' }, t('mine_phone', { phone: me.phone })) : null,
      h('h2', {}, t('mine_reports')),
      reports.length ? h('ul', { class: 'cards', id: 'my-reports' }, reports.map(reportCard))
        : h('p', { class: 'empty', id: 'no-reports' }, t('mine_no_reports')),
      phoneSection(),
      bookingsSection(),
      h('div', { class: 'actions' },
        h('a', { class: 'btn', href: '#/track' }, t('entry_track')),
        h('button', { type: 'button', class: 'btn', id: 'sign-out', onclick: () => app.session.signOut() }, t('sign_out'))));
    app.main.dataset.state = 'ready';
  }

  return { render, async start() { render(); await load(); }, dispose() { disposed = true; } };
}
