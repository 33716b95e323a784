// The attract screen of an enrolled kiosk: the station, who is on duty today, the big button, 「为代表评议」 while a
// report-back staff opened here is open (report-back-board.js), the check-in code of an activity under way
// (check-in-board.js), and the station's results in turn (results-board.js). The duty list is the one last
// fetched (shown at once on every return here), fetched again in the background each time.

import { state, newReport } from '../state.js';
import { h } from '../dom.js';
import { t, pick, formatDay } from '../i18n.js';
import { go } from '../router.js';
import { button, actionBar } from '../ui.js';
import { loadDuty } from '../live.js';
import { resultsPanel, loadResults, startTurning, stopTurning } from '../results-board.js';
import { checkInPanel, startCheckIns, stopCheckIns } from '../check-in-board.js';
import { reportBackPanel, startReportBacks, stopReportBacks } from '../report-back-board.js';

export function render() {
  const { station } = state;
  return [
    h('section', { class: 'attract' },
      h('h1', { class: 'station-name screen-title', tabindex: '-1' }, station ? pick(station.name) : t('app_title')),
      station ? h('p', { class: 'address' }, station.address) : null,
      station ? h('p', { class: 'address' }, pick(station.opening_hours)) : null,
      h('div', { class: 'actions centered' },
        button(t('report_button'), () => { newReport(); go('category'); }, 'btn primary huge', { id: 'start-report' })),
      reportBackPanel(),
      checkInPanel(),
      dutyList(state.duty),
      resultsPanel()),
    actionBar(
      button(t('track_button'), () => go('track', { code: '' }), 'btn', { id: 'start-track' }),
      button(t('deputies_button'), () => go('deputies'), 'btn', { id: 'start-deputies' })),
  ];
}

function dutyList(duty) {
  // None could be fetched: the screen works without it.
  if (!duty && state.dutyFailed) return h('div', { id: 'duty', hidden: true });
  const list = h('div', { class: 'duty', id: 'duty' }, h('h2', {}, t('on_duty_today')));
  if (!duty) {
    list.append(h('p', {}, t('loading')));
  } else if (!duty.today.length) {
    list.append(h('p', {}, t('nobody_today')));
    if (duty.next) list.append(h('p', {}, t('next_reception', { when: formatDay(duty.next.date, duty.next.start, duty.next.end) })));
  } else {
    const nowIds = new Set(duty.now.map((slot) => slot.id));
    list.append(h('ul', {}, duty.today.map((slot) => h('li', {},
      `${slot.start}–${slot.end}　`,
      slot.deputies.map((d) => pick(d.name)).join('、'),
      nowIds.has(slot.id) ? h('span', { class: 'now-badge' }, t('on_duty_now')) : null))));
  }
  return list;
}

/** Each time the resident comes back here (not at each drawing, e.g. a language switch): fetch it again. */
export function entered() {
  loadDuty();
  loadResults();
  startTurning();
  startCheckIns();
  startReportBacks();
}

/** Another screen replaces this one. */
export function leave() {
  stopTurning();
  stopCheckIns();
  stopReportBacks();
}

/** A fresh duty list arrived, or none could be fetched (live.js). */
export function dutyChanged() {
  document.getElementById('duty')?.replaceWith(dutyList(state.duty));
}
