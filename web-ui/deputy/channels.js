// The deputy's notification channels on their own page: the order they are tried in
// (`GET`/`PUT /api/v1/deputies/{code}/notification-channels`), which of them has somewhere to reach the deputy,
// moving one up or down, adding a channel this deployment offers, taking one out, a test message on each
// (`POST /api/v1/deputies/{code}/notification-test`). Subscribing this phone to
// Web Push puts `web_push` first when it is not in the order yet.

import { h } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';
import { problemNotice, notice } from '/ui/shared/ui.js';

export function channelsModel(app, me) {
  const path = `/api/v1/deputies/${encodeURIComponent(me.deputy)}/notification-channels`;
  const state = { order: null, withTarget: [], error: null, busy: false, saved: false, tested: null };

  async function load() {
    try {
      const answer = await app.session.call(path);
      state.order = answer.channels;
      state.withTarget = answer.with_target;
      state.error = null;
    } catch (err) {
      state.error = err;
    }
  }

  async function save(order) {
    state.busy = true;
    state.saved = false;
    try {
      const answer = await app.session.call(path, { method: 'PUT', json: { channels: order } });
      state.order = answer.channels;
      state.error = null;
      state.saved = true;
    } catch (err) {
      state.error = err;
    }
    state.busy = false;
  }

  /** Sends a test message on every channel that has a target; each channel's outcome is shown. */
  async function test() {
    state.busy = true;
    state.tested = null;
    try {
      state.tested = (await app.session.call(`/api/v1/deputies/${encodeURIComponent(me.deputy)}/notification-test`, { method: 'POST', json: {} })).results;
      state.error = null;
    } catch (err) {
      state.error = err;
    }
    state.busy = false;
  }

  /** `channel` at the head of the order unless it is in it already (after this phone subscribed to it). */
  async function putFirst(channel) {
    if (!state.order) await load();
    if (state.order && !state.order.includes(channel)) await save([channel, ...state.order]);
    await load();
  }

  const moved = (from, to) => {
    const order = [...state.order];
    const [channel] = order.splice(from, 1);
    order.splice(to, 0, channel);
    return order;
  };

  /** The panel's contents; `offered`: the channels this deployment sends on; `redraw` after a change. */
  function view(offered, redraw) {
    if (state.error && !state.order) return problemNotice(state.error, { id: 'channels-problem', role: null });
    if (!state.order) return h('p', { class: 'loading' }, t('loading'));
    const act = (order) => async () => { await save(order); redraw('channels-note'); };
    const items = state.order.map((channel, i) => h('li', { class: 'channel-row', 'data-channel': channel },
      h('span', { class: 'channel-name' }, `${i + 1}. ${t(`channel_${channel}`)}`),
      state.withTarget.includes(channel) ? null : h('span', { class: 'muted' }, ` · ${t('channels_no_target')}`),
      h('span', { class: 'channel-actions' },
        h('button', { type: 'button', class: 'btn small', disabled: i === 0 || state.busy, 'data-move': 'up',
          'aria-label': t('channels_up_label', { channel: t(`channel_${channel}`) }), onclick: act(moved(i, i - 1)) }, t('channels_up')),
        h('button', { type: 'button', class: 'btn small', disabled: state.busy, 'data-remove': channel,
          'aria-label': t('channels_remove_label', { channel: t(`channel_${channel}`) }), onclick: act(state.order.filter((c) => c !== channel)) },
        t('channels_remove')))));
    const addable = (offered ?? []).filter((c) => !state.order.includes(c));
    return [
      h('p', { class: 'hint' }, t('notify_channels')),
      state.order.length ? h('ol', { class: 'plain-list', id: 'channel-order' }, items) : h('p', { id: 'channel-order-empty' }, t('channels_none')),
      addable.length ? h('div', { class: 'actions' }, addable.map((c) => h('button', { type: 'button', class: 'btn', 'data-add': c,
        disabled: state.busy, onclick: act([...state.order, c]) }, t('channels_add', { channel: t(`channel_${c}`) })))) : null,
      state.withTarget.length ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'channels-test',
        disabled: state.busy, onclick: async () => { await test(); redraw('channels-tested'); } }, t('channels_test'))) : null,
      state.tested ? h('ul', { class: 'plain-list', id: 'channels-tested', tabindex: '-1' }, state.tested.map((r) => h('li', { 'data-tested': r.channel },
        r.delivered ? t('channels_test_ok', { channel: t(`channel_${r.channel}`) })
          : t('channels_test_failed', { channel: t(`channel_${r.channel}`), code: r.code ?? '' })))) : null,
      state.tested && !state.tested.length ? h('p', {}, t('channels_test_none')) : null,
      state.saved ? notice('ok', t('channels_saved'), { id: 'channels-note' }) : null,
      state.error && state.order ? problemNotice(state.error, { id: 'channels-note' }) : null,
    ];
  }

  return { load, putFirst, view };
}
