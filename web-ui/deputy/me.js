// The deputy's own page: their portrait as residents see it (set, replaced or removed: /ui/shared/portrait.js),
// the record (`GET /api/v1/me/record`: each rate as numerator / denominator, flagged when the sample is small),
// upcoming reception days at their stations, notices on this phone by Web Push (subscribed through the service
// worker, sw.js, and kept as the deputy's `web_push` target), the order of their notification channels
// (channels.js), signing out.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { problemNotice, notice } from '/ui/shared/ui.js';
import { channelsModel } from './channels.js';
import { identitiesModel } from './identities.js';
import { portraitEditor } from '/ui/shared/portrait.js';

/** The VAPID key (base64url) as the bytes `pushManager.subscribe` wants. */
function keyBytes(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

const pushSupported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

export function meView(app) {
  const me = app.me;
  const channels = channelsModel(app, me);
  const identities = identitiesModel(app);
  const portrait = me.deputy ? portraitEditor({ call: app.session.call, code: me.deputy, redraw: (focusId) => render(focusId) }) : null;
  const state = { record: null, recordError: null, days: null, daysError: null, setup: null, subscribed: false, pushBusy: false, pushNote: null, pushError: null };

  async function loadRecord() {
    try {
      state.record = await app.session.call('/api/v1/me/record');
    } catch (err) {
      state.recordError = err;
    }
    render();
  }

  async function loadDays() {
    try {
      const lists = await Promise.all(me.stations.map((code) => app.session.call(`/api/v1/stations/${encodeURIComponent(code)}/reception-days?days=31`)));
      state.days = lists.flatMap((l) => l.items).filter((d) => d.deputies.some((x) => x.code === me.deputy))
        .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
    } catch (err) {
      state.daysError = err;
    }
    render();
  }

  async function loadPush() {
    try {
      state.setup = await app.session.call('/api/v1/notifications/channels');
    } catch {
      state.setup = { channels: [] };
    }
    if (pushSupported() && state.setup.web_push_public_key) {
      try {
        const registration = await navigator.serviceWorker.getRegistration();
        state.subscribed = Boolean(await registration?.pushManager.getSubscription());
      } catch {
        state.subscribed = false;
      }
    }
    render();
  }

  async function subscribe() {
    state.pushBusy = true;
    state.pushError = null;
    state.pushNote = null;
    render();
    try {
      if ((await Notification.requestPermission()) !== 'granted') {
        state.pushNote = { kind: 'error', text: t('notify_push_denied') };
      } else {
        const registration = await navigator.serviceWorker.ready;
        const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(state.setup.web_push_public_key) });
        await app.session.call(`/api/v1/deputies/${encodeURIComponent(me.deputy)}/notification-targets/web_push`, {
          method: 'PUT', json: { target: JSON.stringify(subscription) },
        });
        state.subscribed = true;
        state.pushNote = { kind: 'ok', text: t('notify_push_done') };
        // Notices go to this phone first from now on.
        await channels.putFirst('web_push');
      }
    } catch (err) {
      state.pushError = err;
    }
    state.pushBusy = false;
    render('push-note');
  }

  async function unsubscribe() {
    try {
      const registration = await navigator.serviceWorker.getRegistration();
      await (await registration?.pushManager.getSubscription())?.unsubscribe();
    } catch {
      // Already gone.
    }
    state.subscribed = false;
    state.pushNote = { kind: 'ok', text: t('notify_push_stopped') };
    render('push-note');
  }

  function rate(label, r, idName) {
    const pct = r.value === null || r.value === undefined ? null : `${Math.round(r.value * 100)}%`;
    return h('div', {}, h('dt', {}, label), h('dd', { id: idName }, pct
      ? t('rate_value', { num: r.numerator, den: r.denominator, pct })
      : t('rate_none', { num: r.numerator, den: r.denominator })));
  }

  function record() {
    const r = state.record;
    if (state.recordError) return problemNotice(state.recordError, { id: 'record-problem', role: null });
    if (!r) return h('p', { class: 'loading' }, t('loading'));
    const f = r.figures;
    return [
      h('p', { class: 'hint' }, t('me_record_period', { from: r.from, to: r.to })),
      h('dl', { class: 'facts', id: 'record' },
        h('div', {}, h('dt', {}, t('rec_received')), h('dd', { id: 'rec-received' }, t('count_value', { n: f.received }))),
        rate(t('rec_on_time'), f.on_time, 'rec-on-time'),
        rate(t('rec_response'), f.response, 'rec-response'),
        rate(t('rec_resolution'), f.resolution, 'rec-resolution'),
        rate(t('rec_satisfaction'), f.satisfaction, 'rec-satisfaction')),
      f.small_sample ? h('p', { class: 'hint', id: 'record-small' }, t('me_record_small')) : null,
    ];
  }

  function days() {
    if (state.daysError) return problemNotice(state.daysError, { id: 'days-problem', role: null });
    if (!state.days) return h('p', { class: 'loading' }, t('loading'));
    if (!state.days.length) return h('p', { id: 'days-none' }, t('me_reception_none'));
    return h('ul', { class: 'plain-list', id: 'days' }, state.days.map((d) => h('li', {},
      t('reception_at', { date: d.date, start: d.start, end: d.end, station: d.station }),
      pick(d.note) ? h('span', { class: 'muted' }, ` · ${pick(d.note)}`) : null)));
  }

  function push() {
    const setup = state.setup;
    if (!setup) return h('p', { class: 'loading' }, t('loading'));
    let body;
    if (!setup.web_push_public_key) body = h('p', { id: 'push-state' }, t('notify_push_unavailable'));
    else if (!pushSupported()) body = h('p', { id: 'push-state' }, t('notify_push_unsupported'));
    else {
      body = [
        state.subscribed ? h('p', { id: 'push-state' }, t('notify_push_active')) : null,
        h('div', { class: 'actions' }, state.subscribed
          ? h('button', { type: 'button', class: 'btn', id: 'push-off', onclick: unsubscribe }, t('notify_push_off'))
          : h('button', { type: 'button', class: 'btn primary', id: 'push-on', 'aria-busy': state.pushBusy ? 'true' : null, onclick: subscribe }, t('notify_push_on'))),
      ];
    }
    return [
      body,
      state.pushNote ? notice(state.pushNote.kind, state.pushNote.text, { id: 'push-note' }) : null,
      state.pushError ? problemNotice(state.pushError, { id: 'push-note' }) : null,
    ];
  }

  // Loads finishing after the deputy moved on to another view must not draw over it.
  let disposed = false;

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(t('me_title'));
    const tie = identities.view();
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('me_title')),
      app.takeFlash(),
      h('section', { class: 'panel', 'aria-labelledby': 'account-title' },
        h('h2', { id: 'account-title' }, t('me_account')),
        h('p', { id: 'me-name' }, me.display_name, ' · ', t('me_deputy', { code: me.deputy }))),
      portrait?.nodes(),
      h('section', { class: 'panel', 'aria-labelledby': 'record-title' }, h('h2', { id: 'record-title' }, t('me_record')), record()),
      h('section', { class: 'panel', 'aria-labelledby': 'days-title' }, h('h2', { id: 'days-title' }, t('me_reception')), days()),
      h('section', { class: 'panel', 'aria-labelledby': 'push-title' }, h('h2', { id: 'push-title' }, t('me_notify')), push()),
      h('section', { class: 'panel', 'aria-labelledby': 'channels-title' }, h('h2', { id: 'channels-title' }, t('me_channels')),
        channels.view(state.setup?.channels, render)),
      tie ? h('section', { class: 'panel', 'aria-labelledby': 'tie-title' }, h('h2', { id: 'tie-title' }, t('tie_title')), tie) : null,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'sign-out', onclick: () => app.session.signOut() }, t('sign_out'))));
    app.main.dataset.state = state.record || state.recordError ? 'ready' : 'loading';
    if (focusId) app.focusOn(focusId);
  }

  return {
    start() {
      render();
      return Promise.all([loadRecord(), loadDays(), loadPush(), channels.load().then(() => render()), identities.load().then(() => render()),
        portrait?.load().then(() => render())]);
    },
    render,
    dispose() {
      disposed = true;
    },
  };
}
