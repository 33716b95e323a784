// Where a deputy is reached, on their page in the directory: the channels in the order they are tried
// (`GET`/`PUT /api/v1/deputies/{code}/notification-channels`), moved up or down, added or taken out; where each
// reaches them (`PUT …/notification-targets/{channel}`: a webhook or WeCom robot address, a WeCom userid, a
// mobile number; the targets are never shown back, only whether one is set); and a test message on each
// (`POST …/notification-test`) with each channel's outcome.

import { h } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';
import { field, select } from './directory-fields.js';

const ALL = ['wecom_app', 'wecom_robot', 'web_push', 'webhook', 'sms', 'wechat_subscribe'];
const TARGETED = ['webhook', 'wecom_robot', 'wecom_app', 'sms'];
const NO_TARGET = new Set(['wechat_subscribe']);

export function channelsPanel(ctx, code) {
  const { app } = ctx;
  const path = `/api/v1/deputies/${encodeURIComponent(code)}`;
  const state = { order: null, withTarget: [], tested: null, target: { channel: 'webhook', value: '' }, invalid: false };
  const name = (c) => t(`notify_${c}`);

  async function load() {
    const answer = await app.session.call(`${path}/notification-channels`);
    state.order = answer.channels;
    state.withTarget = answer.with_target;
  }

  const saveOrder = (order, focus) => ctx.step(async () => {
    state.tested = null;
    const answer = await app.session.call(`${path}/notification-channels`, { method: 'PUT', json: { channels: order } });
    state.order = answer.channels;
  }, { done: () => t('channels_saved'), reload: false, focus });

  const moved = (from, to) => {
    const order = [...state.order];
    const [c] = order.splice(from, 1);
    order.splice(to, 0, c);
    return order;
  };

  function setTarget(e) {
    e.preventDefault();
    const { channel, value } = state.target;
    state.invalid = !value.trim();
    if (state.invalid) {
      ctx.clear();
      ctx.render('target-value');
      return undefined;
    }
    return ctx.step(async () => {
      await app.session.call(`${path}/notification-targets/${channel}`, { method: 'PUT', json: { target: value.trim() } });
      state.target.value = '';
      await load();
    }, { done: () => t('target_saved', { channel: name(channel) }), reload: false });
  }

  const test = () => ctx.step(async () => {
    state.tested = (await app.session.call(`${path}/notification-test`, { method: 'POST' })).results;
  }, { reload: false, focus: 'channels-tested' });

  function row(c, i) {
    const where = NO_TARGET.has(c) ? t('target_not_needed') : state.withTarget.includes(c) ? t('target_set') : t('target_missing');
    return h('li', { class: 'channel-row', 'data-channel': c },
      h('span', { class: 'channel-name' }, `${i + 1}. ${name(c)}`),
      h('span', { class: 'muted' }, ` · ${where}`),
      h('span', { class: 'channel-actions' },
        h('button', { type: 'button', class: 'btn small', id: `channel-up-${c}`, disabled: i === 0 || ctx.busy, 'aria-label': t('channel_up_label', { channel: name(c) }), onclick: () => saveOrder(moved(i, i - 1), `channel-up-${c}`) }, t('channel_up')),
        h('button', { type: 'button', class: 'btn small', id: `channel-down-${c}`, disabled: i === state.order.length - 1 || ctx.busy, 'aria-label': t('channel_down_label', { channel: name(c) }), onclick: () => saveOrder(moved(i, i + 1), `channel-down-${c}`) }, t('channel_down')),
        h('button', { type: 'button', class: 'btn small', id: `channel-remove-${c}`, disabled: ctx.busy, 'aria-label': t('channel_remove_label', { channel: name(c) }), onclick: () => saveOrder(state.order.filter((x) => x !== c)) }, t('channel_remove'))));
  }

  function nodes() {
    if (!state.order) return null;
    const addable = ALL.filter((c) => !state.order.includes(c));
    const tested = state.tested;
    return h('section', { class: 'panel', id: 'deputy-channels', 'aria-labelledby': 'channels-title' },
      h('h2', { id: 'channels-title' }, t('channels_title')),
      h('p', { class: 'hint' }, t('channels_hint')),
      state.order.length ? h('ol', { class: 'plain-list', id: 'channel-order' }, state.order.map(row)) : h('p', { class: 'empty', id: 'channel-order-empty' }, t('channels_none')),
      addable.length ? h('div', { class: 'actions tight' }, addable.map((c) => h('button', {
        type: 'button', class: 'btn small', id: `channel-add-${c}`, disabled: ctx.busy, onclick: () => saveOrder([...state.order, c]),
      }, t('channel_add', { channel: name(c) })))) : null,
      h('form', { class: 'inline-fields', id: 'target-form', novalidate: true, onsubmit: setTarget, 'aria-labelledby': 'target-title' },
        h('h3', { id: 'target-title', class: 'form-title' }, t('target_title')),
        select({ id: 'target-channel', label: t('target_channel'), object: state.target, key: 'channel', options: TARGETED.map((c) => [c, name(c)]), onchange: () => ctx.render('target-channel') }),
        field({ id: 'target-value', label: t('target_value'), hint: t(`target_hint_${state.target.channel}`), object: state.target, key: 'value', error: state.invalid ? t('target_need_value') : null, maxlength: '2000', autocomplete: 'off' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn', id: 'target-save', disabled: ctx.busy }, t('target_save')))),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'channels-test', disabled: ctx.busy || !state.withTarget.length, onclick: test }, t('channels_test'))),
      tested ? h('ul', { class: 'plain-list', id: 'channels-tested', tabindex: '-1', 'aria-label': t('channels_tested') },
        tested.length ? tested.map((r) => h('li', { 'data-tested': r.channel, class: r.delivered ? 'ok' : 'bad' },
          r.delivered ? t('channel_test_ok', { channel: name(r.channel) }) : t('channel_test_failed', { channel: name(r.channel), code: r.code ?? '' }),
          r.detail && !r.delivered ? h('span', { class: 'muted user-text' }, ` ${r.detail}`) : null))
          : h('li', {}, t('channels_test_none'))) : null);
  }

  return { load, nodes };
}
