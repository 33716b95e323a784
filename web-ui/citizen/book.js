// 预约接待 (#/book/{station}): a signed-in citizen picks a coming reception day with places left (capacity, booked
// and bookable from GET /stations/{code}/reception-days), says what they want to talk about (1–200 characters, a
// category if they like) and books it (POST /reception-days/{id}/bookings, with an Idempotency-Key so a retry
// never books twice). A full slot, one already booked or one that closed meanwhile is said in words. Inside
// WeChat the confirmation offers 微信提醒我 (wechat.js) for the reminder. Their bookings, with cancelling, are in 我的.

import { h, fill } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import * as data from './data.js';
import { dayText, joinNames } from './home.js';
import { newKey } from './outbox.js';
import { remindOffer, remindButton } from './wechat.js';

const MAX_TOPIC = 200;

export function bookView(app, params) {
  let disposed = false;
  let days = null;
  let categories = [];
  let problem = null;
  const ui = { day: null, topic: '', category: '', busy: false, error: null, booked: null, key: null };
  const station = params.code || data.chosenStation();

  async function load() {
    problem = null;
    try {
      data.forget(`/api/v1/stations/${encodeURIComponent(station)}/reception-days`);
      const [list, cats] = await Promise.all([data.receptionDays(station), data.categories().catch(() => []), remindOffer()]);
      if (disposed) return;
      // Slots already over are not worth a line; one that is full or has begun shows, disabled, with the reason.
      days = (list.items ?? []).filter((d) => !d.cancelled && new Date(d.ends_at).getTime() > Date.now());
      categories = cats;
    } catch (err) {
      if (disposed) return;
      problem = err;
    }
    render();
  }

  async function book() {
    const topic = ui.topic.trim();
    if (!ui.day) return fail('book_pick_day', 'slots');
    if (!topic) return fail('book_topic_empty', 'topic');
    ui.busy = true;
    ui.error = null;
    render();
    // One key per attempt at this slot and topic: a retry after a lost answer books once.
    ui.key ??= newKey();
    try {
      ui.booked = await app.session.call(`/api/v1/reception-days/${encodeURIComponent(ui.day.id)}/bookings`, {
        method: 'POST', json: { topic, category: ui.category || null }, headers: { 'Idempotency-Key': ui.key },
      });
      data.forget('/api/v1/stations/');
    } catch (err) {
      ui.error = err;
      if (!err.offline) ui.key = null;
      if (err.status === 409) await load();
    }
    ui.busy = false;
    if (disposed) return;
    render();
    app.focusOn(ui.booked ? 'view-heading' : 'book-error');
  }

  function fail(key, focus) {
    ui.error = t(key);
    render();
    app.focusOn(focus === 'slots' ? 'book-error' : focus);
  }

  function slot(day) {
    const capacity = day.capacity ?? null;
    const left = capacity === null ? null : Math.max(0, capacity - (day.booked ?? 0));
    const open = day.bookable !== false && left !== 0;
    return h('li', {}, h('label', { class: 'choice card', 'data-day': day.id, 'data-bookable': String(open) },
      h('input', { type: 'radio', name: 'day', value: day.id, disabled: !open, checked: ui.day?.id === day.id,
        onchange: () => { ui.day = day; ui.key = null; } }),
      h('span', {}, h('strong', {}, dayText(day)), h('span', { class: 'hint block' }, joinNames(day.deputies.map((d) => pick(d.name)))),
        h('span', { class: 'hint block places-left' }, open ? (left === null ? t('book_open') : t('book_left', { n: left })) : t('book_full')))));
  }

  function render() {
    if (disposed) return;
    app.setTitle(t('book_title'));
    const heading = h('h1', { id: 'view-heading', tabindex: '-1' }, ui.booked ? t('book_done_title') : t('book_title'));
    if (!app.session.signedIn) {
      fill(app.main, heading, h('p', {}, t('book_signin')),
        h('button', { type: 'button', class: 'btn primary wide', id: 'book-signin', onclick: () => app.signIn(location.hash) }, t('signin_title')));
      app.main.dataset.state = 'ready';
      return;
    }
    if (ui.booked) {
      fill(app.main, heading,
        h('p', { class: 'notice notice-ok', role: 'status', id: 'book-done' }, t('book_done', { when: ui.booked.reception_day ? dayText(ui.booked.reception_day) : ui.day && dayText(ui.day) })),
        h('p', { class: 'user-text' }, ui.booked.topic),
        h('p', {}, t('book_reminder')),
        remindButton(app, { back: '#/mine', about: 'booking' }),
        h('div', { class: 'actions' }, h('a', { class: 'btn primary', href: '#/mine', id: 'book-mine' }, t('mine_bookings'))));
      app.main.dataset.state = 'ready';
      return;
    }
    if (!days) {
      fill(app.main, heading, problem ? [app.problem(problem, { id: 'book-problem', role: null }),
        h('button', { type: 'button', class: 'btn', id: 'retry', onclick: () => load() }, t('retry'))]
        : h('p', { class: 'loading', role: 'status' }, t('loading')));
      return;
    }
    const topic = h('textarea', { id: 'topic', maxlength: MAX_TOPIC, 'aria-describedby': 'topic-hint', oninput: (e) => { ui.topic = e.target.value; } });
    topic.value = ui.topic;
    const error = ui.error ? (typeof ui.error === 'string'
      ? h('div', { class: 'notice notice-error', role: 'alert', id: 'book-error', tabindex: '-1' }, h('p', { class: 'notice-text' }, ui.error))
      : app.problem(ui.error, { id: 'book-error' })) : null;
    fill(app.main, heading,
      h('p', {}, t('book_intro')),
      days.length ? h('fieldset', {}, h('legend', {}, t('book_pick')), h('ul', { class: 'slots', id: 'slots' }, days.map(slot)))
        : h('p', { class: 'empty' }, t('reception_none')),
      h('label', { for: 'topic' }, t('book_topic')),
      h('p', { class: 'hint', id: 'topic-hint' }, t('book_topic_hint', { max: MAX_TOPIC })),
      topic,
      h('label', { for: 'book-category' }, t('book_category')),
      h('select', { id: 'book-category', class: 'select', onchange: (e) => { ui.category = e.target.value; } },
        h('option', { value: '' }, t('book_category_none')),
        categories.map((c) => h('option', { value: c.code, selected: ui.category === c.code }, pick(c.name)))),
      error,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary wide', id: 'book-submit', disabled: ui.busy, 'aria-busy': ui.busy ? 'true' : null, onclick: book }, t('book_submit'))));
    app.main.dataset.state = 'ready';
  }

  return {
    render,
    async start() {
      if (!station) {
        app.go('#/stations');
        return;
      }
      render();
      if (app.session.signedIn) await load();
    },
    dispose() { disposed = true; },
  };
}
